// A bias with -inf entries: a -inf allowed score has weight 0, and a row in
// which every allowed score is -inf (a whole -inf bias row, or -inf on every
// key the causal band allows) is exactly zero, never NaN. The biases are .npy
// files written here, so the zero rows are also checked on the saved outputs,
// independently of mha-run's reference; every other row must be finite and
// non-zero. Run through the unfused path, the default flash tiles and small
// odd tiles.

// RUN: rm -rf %t && split-file %s %t

// Full f32 2x4x10x15 bias: about 25% -inf entries, rows (0, 1, 4) and
// (1, 3, 9) all -inf.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(91); b = r.normal(0, 2, (2, 4, 10, 15)).astype(np.float32); b[r.random(b.shape) < 0.25] = -np.inf; b[0, 1, 4] = -np.inf; b[1, 3, 9] = -np.inf; np.save('%t/full.npy', b)"
// RUN: mha-run %t/full.mlir --seed=91 --input=@random --input=@random --input=@random --input=%t/full.npy --output=%t/full.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=FULL
// RUN: mha-run %t/full.mlir --seed=91 --input=@random --input=@random --input=@random --input=%t/full.npy --output=%t/full.1.npy --check | FileCheck %s --check-prefix=FULL
// RUN: mha-run %t/full.mlir --seed=91 --input=@random --input=@random --input=@random --input=%t/full.npy --output=%t/full.2.npy --check --cpu-pipeline="query-tile=3 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=FULL
// RUN: %python -c "import numpy as np; dead = np.isneginf(np.load('%t/full.npy')).all(-1); assert dead.sum() == 2; os = [np.load('%t/full.' + n + '.npy') for n in '012']; assert all(np.isfinite(o).all() and (o[dead] == 0).all() and (np.abs(o[~dead]).max(-1) > 0).all() for o in os), 'all -inf bias rows must be zero'"
// FULL: input: arg 3 tensor<2x4x10x15xf32> shape=2x4x10x15 from {{.*}}full.npy
// FULL: output: result 0 tensor<2x4x10x16xf32> shape=2x4x10x16
// FULL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// FULL-NEXT: check: PASS

// The same bias after a softcap: -inf stays -inf (the cap is applied before
// the bias is added), so the same rows are zero.
// RUN: mha-run %t/softcap.mlir --seed=92 --input=@random --input=@random --input=@random --input=%t/full.npy --output=%t/softcap.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=SOFTCAP
// RUN: mha-run %t/softcap.mlir --seed=92 --input=@random --input=@random --input=@random --input=%t/full.npy --output=%t/softcap.1.npy --check | FileCheck %s --check-prefix=SOFTCAP
// RUN: mha-run %t/softcap.mlir --seed=92 --input=@random --input=@random --input=@random --input=%t/full.npy --output=%t/softcap.2.npy --check --cpu-pipeline="query-tile=6 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=SOFTCAP
// RUN: %python -c "import numpy as np; dead = np.isneginf(np.load('%t/full.npy')).all(-1); os = [np.load('%t/softcap.' + n + '.npy') for n in '012']; assert all(np.isfinite(o).all() and (o[dead] == 0).all() and (np.abs(o[~dead]).max(-1) > 0).all() for o in os), 'all -inf bias rows must be zero'"
// SOFTCAP: output: result 0 tensor<2x4x10x16xf32> shape=2x4x10x16
// SOFTCAP: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// SOFTCAP-NEXT: check: PASS

// Broadcast 1x1x10x15 bias with causal(top_left): row 2 is all -inf; row 0
// is -inf on key 0, row 3 on keys 0..3 (the keys the band allows) and finite
// beyond, so rows 0, 2 and 3 of every batch and head are zero.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(93); b = r.normal(0, 2, (1, 1, 10, 15)).astype(np.float32); b[r.random(b.shape) < 0.2] = -np.inf; b[..., 1] = 0.5; b[0, 0, 0, 0] = -np.inf; b[0, 0, 2] = -np.inf; b[0, 0, 3, :4] = -np.inf; np.save('%t/causal.npy', b)"
// RUN: mha-run %t/causal.mlir --seed=93 --input=@random --input=@random --input=@random --input=%t/causal.npy --output=%t/causal.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=93 --input=@random --input=@random --input=@random --input=%t/causal.npy --output=%t/causal.1.npy --check | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=93 --input=@random --input=@random --input=@random --input=%t/causal.npy --output=%t/causal.2.npy --check --cpu-pipeline="query-tile=2 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=CAUSAL
// RUN: %python -c "import numpy as np; dead = np.isin(np.arange(10), [0, 2, 3]); os = [np.load('%t/causal.' + n + '.npy') for n in '012']; assert all(np.isfinite(o).all() and (o[:, :, dead] == 0).all() and (np.abs(o[:, :, ~dead]).max(-1) > 0).all() for o in os), 'rows 0, 2, 3 must be zero'"
// CAUSAL: output: result 0 tensor<2x4x10x16xf32> shape=2x4x10x16
// CAUSAL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CAUSAL-NEXT: check: PASS

// f16 query with an f16 2x1x10x15 bias: -inf entries, row (1, *, 6) all -inf;
// rel_l2 < 1e-4 (e-notation), far below the f16 tolerance (see f16.mlir).
// RUN: %python -c "import numpy as np; r = np.random.default_rng(94); b = r.normal(0, 2, (2, 1, 10, 15)).astype(np.float16); b[r.random(b.shape) < 0.3] = -np.inf; b[..., 9] = 1.0; b[1, 0, 6] = -np.inf; np.save('%t/half.npy', b)"
// RUN: mha-run %t/half.mlir --seed=94 --input=@random --input=@random --input=@random --input=%t/half.npy --output=%t/half.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=HALF
// RUN: mha-run %t/half.mlir --seed=94 --input=@random --input=@random --input=@random --input=%t/half.npy --output=%t/half.1.npy --check | FileCheck %s --check-prefix=HALF
// RUN: mha-run %t/half.mlir --seed=94 --input=@random --input=@random --input=@random --input=%t/half.npy --output=%t/half.2.npy --check --cpu-pipeline="query-tile=4 kv-tile=9 unfused-max-scores=0" | FileCheck %s --check-prefix=HALF
// RUN: %python -c "import numpy as np; os = [np.load('%t/half.' + n + '.npy') for n in '012']; keep = np.ones((2, 4, 10), bool); keep[1, :, 6] = False; assert all(np.isfinite(o).all() and (o[1, :, 6] == 0).all() and (np.abs(o[keep]).max(-1) > 0).all() for o in os), 'row (1, *, 6) must be zero'"
// HALF: input: arg 3 tensor<2x1x10x15xf16> shape=2x1x10x15 from {{.*}}half.npy
// HALF: output: result 0 tensor<2x4x10x16xf16> shape=2x4x10x16
// HALF: check: result 0: rel_l2={{(0|[0-9.]+e-[0-9]+)}} max_abs={{.*}} tol=0.01 PASS
// HALF-NEXT: check: PASS

//--- full.mlir
func.func @bias_neg_inf(%q: tensor<2x4x10x16xf32>, %k: tensor<2x4x15x16xf32>,
                        %v: tensor<2x4x15x16xf32>, %b: tensor<2x4x10x15xf32>) -> tensor<2x4x10x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<2x4x10x15xf32>)
         : tensor<2x4x10x16xf32>, tensor<2x4x15x16xf32>, tensor<2x4x15x16xf32>
           -> tensor<2x4x10x16xf32>
  return %o : tensor<2x4x10x16xf32>
}

//--- softcap.mlir
func.func @bias_neg_inf_softcap(%q: tensor<2x4x10x16xf32>, %k: tensor<2x4x15x16xf32>,
                                %v: tensor<2x4x15x16xf32>, %b: tensor<2x4x10x15xf32>) -> tensor<2x4x10x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<2x4x10x15xf32>) scale(2.0) softcap(1.5)
         : tensor<2x4x10x16xf32>, tensor<2x4x15x16xf32>, tensor<2x4x15x16xf32>
           -> tensor<2x4x10x16xf32>
  return %o : tensor<2x4x10x16xf32>
}

//--- causal.mlir
func.func @bias_neg_inf_causal(%q: tensor<2x4x10x16xf32>, %k: tensor<2x4x15x16xf32>,
                               %v: tensor<2x4x15x16xf32>, %b: tensor<1x1x10x15xf32>) -> tensor<2x4x10x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x1x10x15xf32>) causal(top_left)
         : tensor<2x4x10x16xf32>, tensor<2x4x15x16xf32>, tensor<2x4x15x16xf32>
           -> tensor<2x4x10x16xf32>
  return %o : tensor<2x4x10x16xf32>
}

//--- half.mlir
func.func @bias_neg_inf_f16(%q: tensor<2x4x10x16xf16>, %k: tensor<2x4x15x16xf16>,
                            %v: tensor<2x4x15x16xf16>, %b: tensor<2x1x10x15xf16>) -> tensor<2x4x10x16xf16> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<2x1x10x15xf16>)
         : tensor<2x4x10x16xf16>, tensor<2x4x15x16xf16>, tensor<2x4x15x16xf16>
           -> tensor<2x4x10x16xf16>
  return %o : tensor<2x4x10x16xf16>
}
