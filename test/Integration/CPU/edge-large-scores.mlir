// Large scores: |s| up to 1e4 in f32 and 6e4 in f16/bf16 must give finite
// results within the usual tolerance, on the unfused path, the default flash
// tiles and small odd tiles. A lowering that does not subtract the row
// maximum overflows exp (NaN) on the positive rows and underflows every
// weight to 0 (0/0) on the negative ones; one that computes f16 scores in
// f16 overflows at 65504. Beyond --check, numpy asserts that every saved
// output is finite.

// RUN: rm -rf %t && split-file %s %t

// Near ties at +-1e4: integer q, k in {24, 25} (rows of q negated at random)
// make every score an exact f32 integer in [-10000, -9216] or [9216, 10000]
// whose top entries differ by 1, so each row mixes several keys and the
// result does not depend on how the scores are rounded.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(201); sg = np.where(r.random((2, 3, 17, 1)) < 0.5, -1, 1); np.save('%t/tie.q.npy', (sg * r.integers(24, 26, (2, 3, 17, 16))).astype(np.float32)); np.save('%t/tie.k.npy', r.integers(24, 26, (2, 3, 23, 16)).astype(np.float32))"
// RUN: mha-run %t/f32.mlir --seed=201 --input=%t/tie.q.npy,%t/tie.k.npy --output=%t/tie.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=F32
// RUN: mha-run %t/f32.mlir --seed=201 --input=%t/tie.q.npy,%t/tie.k.npy --output=%t/tie.1.npy --check | FileCheck %s --check-prefix=F32
// RUN: mha-run %t/f32.mlir --seed=201 --input=%t/tie.q.npy,%t/tie.k.npy --output=%t/tie.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=F32
// RUN: %python -c "import numpy as np; assert all(np.isfinite(np.load('%t/tie.' + n + '.npy')).all() for n in '012'), 'large scores must give finite results'"

// Gaussian q, k scaled so that max |s| = 1e4 (scores not exact in f32).
// RUN: %python -c "import numpy as np; r = np.random.default_rng(202); q = r.normal(0, 1, (2, 3, 17, 16)); k = r.normal(0, 1, (2, 3, 23, 16)); f = np.sqrt(1e4 / np.abs(np.einsum('bhie,bhje->bhij', q, k)).max()); np.save('%t/gauss.q.npy', (q * f).astype(np.float32)); np.save('%t/gauss.k.npy', (k * f).astype(np.float32))"
// RUN: mha-run %t/f32.mlir --seed=202 --input=%t/gauss.q.npy,%t/gauss.k.npy --output=%t/gauss.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=F32
// RUN: mha-run %t/f32.mlir --seed=202 --input=%t/gauss.q.npy,%t/gauss.k.npy --output=%t/gauss.1.npy --check | FileCheck %s --check-prefix=F32
// RUN: mha-run %t/f32.mlir --seed=202 --input=%t/gauss.q.npy,%t/gauss.k.npy --output=%t/gauss.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=F32
// RUN: %python -c "import numpy as np; assert all(np.isfinite(np.load('%t/gauss.' + n + '.npy')).all() for n in '012'), 'large scores must give finite results'"
// F32: output: result 0 tensor<2x3x17x8xf32> shape=2x3x17x8
// F32: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// F32-NEXT: check: PASS

// The same near ties with causal(bottom_right) and a softcap of 30: tanh
// saturates, so the allowed scores of a row are all +-30 (uniform weights).
// RUN: mha-run %t/capped.mlir --seed=203 --input=%t/tie.q.npy,%t/tie.k.npy --output=%t/capped.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CAPPED
// RUN: mha-run %t/capped.mlir --seed=203 --input=%t/tie.q.npy,%t/tie.k.npy --output=%t/capped.1.npy --check | FileCheck %s --check-prefix=CAPPED
// RUN: mha-run %t/capped.mlir --seed=203 --input=%t/tie.q.npy,%t/tie.k.npy --output=%t/capped.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=CAPPED
// RUN: %python -c "import numpy as np; assert all(np.isfinite(np.load('%t/capped.' + n + '.npy')).all() for n in '012'), 'large scores must give finite results'"
// CAPPED: output: result 0 tensor<2x3x17x8xf32> shape=2x3x17x8
// CAPPED: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CAPPED-NEXT: check: PASS

// f16 near ties at +-6e4: q, k in {60, 61} give exact scores in
// [-59536, -57600] or [57600, 59536], just under the f16 maximum 65504.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(204); sg = np.where(r.random((2, 3, 17, 1)) < 0.5, -1, 1); np.save('%t/half.q.npy', (sg * r.integers(60, 62, (2, 3, 17, 16))).astype(np.float16)); np.save('%t/half.k.npy', r.integers(60, 62, (2, 3, 23, 16)).astype(np.float16))"
// RUN: mha-run %t/f16.mlir --seed=204 --input=%t/half.q.npy,%t/half.k.npy --output=%t/half.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=F16
// RUN: mha-run %t/f16.mlir --seed=204 --input=%t/half.q.npy,%t/half.k.npy --output=%t/half.1.npy --check | FileCheck %s --check-prefix=F16
// RUN: mha-run %t/f16.mlir --seed=204 --input=%t/half.q.npy,%t/half.k.npy --output=%t/half.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=F16
// RUN: %python -c "import numpy as np; assert all(np.isfinite(np.load('%t/half.' + n + '.npy')).all() for n in '012'), 'large scores must give finite results'"

// f16 Gaussian q, k scaled so that max |s| = 6e4.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(205); q = r.normal(0, 1, (2, 3, 17, 16)); k = r.normal(0, 1, (2, 3, 23, 16)); f = np.sqrt(6e4 / np.abs(np.einsum('bhie,bhje->bhij', q, k)).max()); np.save('%t/hgauss.q.npy', (q * f).astype(np.float16)); np.save('%t/hgauss.k.npy', (k * f).astype(np.float16))"
// RUN: mha-run %t/f16.mlir --seed=205 --input=%t/hgauss.q.npy,%t/hgauss.k.npy --output=%t/hgauss.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=F16
// RUN: mha-run %t/f16.mlir --seed=205 --input=%t/hgauss.q.npy,%t/hgauss.k.npy --output=%t/hgauss.1.npy --check | FileCheck %s --check-prefix=F16
// RUN: mha-run %t/f16.mlir --seed=205 --input=%t/hgauss.q.npy,%t/hgauss.k.npy --output=%t/hgauss.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=F16
// RUN: %python -c "import numpy as np; assert all(np.isfinite(np.load('%t/hgauss.' + n + '.npy')).all() for n in '012'), 'large scores must give finite results'"
// F16: output: result 0 tensor<2x3x17x8xf16> shape=2x3x17x8
// F16: check: result 0: rel_l2={{.*}} tol=0.01 PASS
// F16-NEXT: check: PASS

// bf16 with the f16 near ties (60 and 61 are exact in bf16 too); mha-run
// reads bf16 arguments from float32 files.
// RUN: %python -c "import numpy as np; np.save('%t/bf.q.npy', np.load('%t/half.q.npy').astype(np.float32)); np.save('%t/bf.k.npy', np.load('%t/half.k.npy').astype(np.float32))"
// RUN: mha-run %t/bf16.mlir --seed=206 --input=%t/bf.q.npy,%t/bf.k.npy --output=%t/bf.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=BF16
// RUN: mha-run %t/bf16.mlir --seed=206 --input=%t/bf.q.npy,%t/bf.k.npy --output=%t/bf.1.npy --check | FileCheck %s --check-prefix=BF16
// RUN: mha-run %t/bf16.mlir --seed=206 --input=%t/bf.q.npy,%t/bf.k.npy --output=%t/bf.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=BF16
// RUN: %python -c "import numpy as np; assert all(np.isfinite(np.load('%t/bf.' + n + '.npy')).all() for n in '012'), 'large scores must give finite results'"
// BF16: output: result 0 tensor<2x3x17x8xbf16> shape=2x3x17x8
// BF16: check: result 0: rel_l2={{.*}} tol=0.01 PASS
// BF16-NEXT: check: PASS

//--- f32.mlir
func.func @large_f32(%q: tensor<2x3x17x16xf32>, %k: tensor<2x3x23x16xf32>,
                     %v: tensor<2x3x23x8xf32>) -> tensor<2x3x17x8xf32> {
  %o = mha.attention %q, %k, %v scale(1.0)
         : tensor<2x3x17x16xf32>, tensor<2x3x23x16xf32>, tensor<2x3x23x8xf32>
           -> tensor<2x3x17x8xf32>
  return %o : tensor<2x3x17x8xf32>
}

//--- capped.mlir
func.func @large_capped(%q: tensor<2x3x17x16xf32>, %k: tensor<2x3x23x16xf32>,
                        %v: tensor<2x3x23x8xf32>) -> tensor<2x3x17x8xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) scale(1.0) softcap(30.0)
         : tensor<2x3x17x16xf32>, tensor<2x3x23x16xf32>, tensor<2x3x23x8xf32>
           -> tensor<2x3x17x8xf32>
  return %o : tensor<2x3x17x8xf32>
}

//--- f16.mlir
func.func @large_f16(%q: tensor<2x3x17x16xf16>, %k: tensor<2x3x23x16xf16>,
                     %v: tensor<2x3x23x8xf16>) -> tensor<2x3x17x8xf16> {
  %o = mha.attention %q, %k, %v scale(1.0)
         : tensor<2x3x17x16xf16>, tensor<2x3x23x16xf16>, tensor<2x3x23x8xf16>
           -> tensor<2x3x17x8xf16>
  return %o : tensor<2x3x17x8xf16>
}

//--- bf16.mlir
func.func @large_bf16(%q: tensor<2x3x17x16xbf16>, %k: tensor<2x3x23x16xbf16>,
                      %v: tensor<2x3x23x8xbf16>) -> tensor<2x3x17x8xbf16> {
  %o = mha.attention %q, %k, %v scale(1.0)
         : tensor<2x3x17x16xbf16>, tensor<2x3x23x16xbf16>, tensor<2x3x23x8xbf16>
           -> tensor<2x3x17x8xbf16>
  return %o : tensor<2x3x17x8xbf16>
}
