// -inf bias entries and rows with no allowed entry, at the extremes (see
// bias-neg-inf.mlir and mask-fully-masked.mlir for the common cases): a
// whole mask of false, a whole bias of -inf, rows that the causal band
// empties (bottom_right with L > S), and -inf everywhere but one key whose
// score is +-1e4. Rows with nothing allowed must be exactly zero, never NaN;
// checked on the unfused path, the default flash tiles and small odd tiles,
// by --check and by numpy on the saved outputs.

// RUN: rm -rf %t && split-file %s %t

// Every entry of the mask false: the whole result is zero.
// RUN: %python -c "import numpy as np; np.save('%t/none.m.npy', np.zeros((2, 1, 11, 13), bool))"
// RUN: mha-run %t/mask.mlir --seed=501 --input=@random,@random,@random,%t/none.m.npy --output=%t/none.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=NONE
// RUN: mha-run %t/mask.mlir --seed=501 --input=@random,@random,@random,%t/none.m.npy --output=%t/none.1.npy --check | FileCheck %s --check-prefix=NONE
// RUN: mha-run %t/mask.mlir --seed=501 --input=@random,@random,@random,%t/none.m.npy --output=%t/none.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=NONE
// RUN: %python -c "import numpy as np; assert all((np.load('%t/none.' + n + '.npy') == 0).all() for n in '012'), 'a fully masked result must be zero'"
// NONE: output: result 0 tensor<2x3x11x16xf32> shape=2x3x11x16
// NONE: check: result 0: rel_l2=0 max_abs=0 tol=1e-05 PASS
// NONE-NEXT: check: PASS

// Every entry of an f16 bias -inf: the whole f16 result is zero.
// RUN: %python -c "import numpy as np; np.save('%t/ninf.b.npy', np.full((1, 3, 11, 13), -np.inf, np.float16))"
// RUN: mha-run %t/bias16.mlir --seed=502 --input=@random,@random,@random,%t/ninf.b.npy --output=%t/ninf.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=NINF
// RUN: mha-run %t/bias16.mlir --seed=502 --input=@random,@random,@random,%t/ninf.b.npy --output=%t/ninf.1.npy --check | FileCheck %s --check-prefix=NINF
// RUN: mha-run %t/bias16.mlir --seed=502 --input=@random,@random,@random,%t/ninf.b.npy --output=%t/ninf.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=NINF
// RUN: %python -c "import numpy as np; assert all((np.load('%t/ninf.' + n + '.npy') == 0).all() for n in '012'), 'an all -inf bias must give zero'"
// NINF: output: result 0 tensor<2x3x11x16xf16> shape=2x3x11x16
// NINF: check: result 0: rel_l2=0 max_abs=0 tol=0.01 PASS
// NINF-NEXT: check: PASS

// causal(bottom_right) with L = 21 > S = 9: d(i) = i - 12, so rows 0..11
// have no allowed key and are zero; rows 12..20 are finite and non-zero.
// RUN: mha-run %t/causal.mlir --seed=503 --output=%t/causal.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=503 --output=%t/causal.1.npy --check | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=503 --output=%t/causal.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=CAUSAL
// RUN: %python -c "import numpy as np; os = [np.load('%t/causal.' + n + '.npy') for n in '012']; assert all((o[:, :, :12] == 0).all() and np.isfinite(o).all() and (np.abs(o[:, :, 12:]).max(-1) > 0).all() for o in os), 'rows 0..11 must be zero, the others finite'"
// CAUSAL: output: result 0 tensor<2x2x21x16xf32> shape=2x2x21x16
// CAUSAL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CAUSAL-NEXT: check: PASS

// -inf everywhere but one key per row, whose score is +-1e4 (integer q, k,
// so exact): that key gets weight 1 and the row is exactly its value row,
// also when the score is -1e4; rows 3 and 7 are all -inf and zero.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(504); sg = np.where(r.random((1, 2, 11, 1)) < 0.5, -1, 1); np.save('%t/one.q.npy', (sg * np.full((1, 2, 11, 16), 25)).astype(np.float32)); np.save('%t/one.k.npy', np.full((1, 2, 13, 16), 25, np.float32)); b = np.full((1, 1, 11, 13), -np.inf, np.float32); j = r.integers(0, 13, 11); b[0, 0, np.arange(11), j] = 0; b[0, 0, [3, 7]] = -np.inf; np.save('%t/one.b.npy', b); np.save('%t/one.j.npy', j); np.save('%t/one.v.npy', r.uniform(-1, 1, (1, 2, 13, 16)).astype(np.float32))"
// RUN: mha-run %t/one.mlir --seed=504 --input=%t/one.q.npy,%t/one.k.npy,%t/one.v.npy,%t/one.b.npy --output=%t/one.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=ONE
// RUN: mha-run %t/one.mlir --seed=504 --input=%t/one.q.npy,%t/one.k.npy,%t/one.v.npy,%t/one.b.npy --output=%t/one.1.npy --check | FileCheck %s --check-prefix=ONE
// RUN: mha-run %t/one.mlir --seed=504 --input=%t/one.q.npy,%t/one.k.npy,%t/one.v.npy,%t/one.b.npy --output=%t/one.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=ONE
// RUN: %python -c "import numpy as np; os = [np.load('%t/one.' + n + '.npy') for n in '012']; v = np.load('%t/one.v.npy'); j = np.load('%t/one.j.npy'); dead = np.isin(np.arange(11), [3, 7]); assert all((o[:, :, dead] == 0).all() and np.isfinite(o).all() and np.allclose(o[:, :, ~dead], v[:, :, j[~dead]], rtol=1e-6, atol=0) for o in os), 'rows 3 and 7 must be zero, the others one value row'"
// ONE: output: result 0 tensor<1x2x11x16xf32> shape=1x2x11x16
// ONE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// ONE-NEXT: check: PASS

//--- mask.mlir
func.func @none_allowed(%q: tensor<2x3x11x16xf32>, %k: tensor<2x3x13x16xf32>,
                        %v: tensor<2x3x13x16xf32>, %m: tensor<2x1x11x13xi1>) -> tensor<2x3x11x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x1x11x13xi1>)
         : tensor<2x3x11x16xf32>, tensor<2x3x13x16xf32>, tensor<2x3x13x16xf32>
           -> tensor<2x3x11x16xf32>
  return %o : tensor<2x3x11x16xf32>
}

//--- bias16.mlir
func.func @all_neg_inf(%q: tensor<2x3x11x16xf16>, %k: tensor<2x3x13x16xf16>,
                       %v: tensor<2x3x13x16xf16>, %b: tensor<1x3x11x13xf16>) -> tensor<2x3x11x16xf16> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x3x11x13xf16>)
         : tensor<2x3x11x16xf16>, tensor<2x3x13x16xf16>, tensor<2x3x13x16xf16>
           -> tensor<2x3x11x16xf16>
  return %o : tensor<2x3x11x16xf16>
}

//--- causal.mlir
func.func @empty_band(%q: tensor<2x2x21x16xf32>, %k: tensor<2x2x9x16xf32>,
                      %v: tensor<2x2x9x16xf32>) -> tensor<2x2x21x16xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x2x21x16xf32>, tensor<2x2x9x16xf32>, tensor<2x2x9x16xf32>
           -> tensor<2x2x21x16xf32>
  return %o : tensor<2x2x21x16xf32>
}

//--- one.mlir
func.func @one_key(%q: tensor<1x2x11x16xf32>, %k: tensor<1x2x13x16xf32>,
                   %v: tensor<1x2x13x16xf32>, %b: tensor<1x1x11x13xf32>) -> tensor<1x2x11x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x1x11x13xf32>) scale(1.0)
         : tensor<1x2x11x16xf32>, tensor<1x2x13x16xf32>, tensor<1x2x13x16xf32>
           -> tensor<1x2x11x16xf32>
  return %o : tensor<1x2x11x16xf32>
}
