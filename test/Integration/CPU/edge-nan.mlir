// A NaN is never hidden: a NaN in a query row, in a key row or in an
// allowed bias entry makes exactly the rows that can see it NaN (every
// column), and rows that cannot see it (outside the causal band or the
// window, or masked out) stay finite. Checked on the unfused path, the
// default flash tiles and small odd tiles, by --check (NaN must sit where the
// float64 reference has it) and by numpy on the saved outputs.

// RUN: rm -rf %t && split-file %s %t

// GQA (4 query heads over 2 key/value heads), causal(top_left), L = S = 19:
// q[0, 1, 3, 5] is NaN -> row (0, 1, 3); k[1, 1, 11, 0] is NaN -> rows
// i >= 11 of query heads 2 and 3 (key/value head 1) of batch 1. Rows
// 0..10 of those heads do not see key 11 and stay finite.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(301); q = r.uniform(-1, 1, (2, 4, 19, 16)).astype(np.float32); k = r.uniform(-1, 1, (2, 2, 19, 16)).astype(np.float32); q[0, 1, 3, 5] = np.nan; k[1, 1, 11, 0] = np.nan; np.save('%t/causal.q.npy', q); np.save('%t/causal.k.npy', k); e = np.zeros((2, 4, 19), bool); e[0, 1, 3] = True; e[1, 2:, 11:] = True; np.save('%t/causal.expect.npy', e)"
// RUN: mha-run %t/causal.mlir --seed=301 --input=%t/causal.q.npy,%t/causal.k.npy --output=%t/causal.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=301 --input=%t/causal.q.npy,%t/causal.k.npy --output=%t/causal.1.npy --check | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=301 --input=%t/causal.q.npy,%t/causal.k.npy --output=%t/causal.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=CAUSAL
// RUN: %python -c "import numpy as np; e = np.load('%t/causal.expect.npy'); os = [np.load('%t/causal.' + n + '.npy') for n in '012']; assert all(np.isnan(o[e]).all() and np.isfinite(o[~e]).all() for o in os), 'NaN rows must be exactly the rows that see a NaN'"
// CAUSAL: output: result 0 tensor<2x4x19x8xf32> shape=2x4x19x8
// CAUSAL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CAUSAL-NEXT: check: PASS

// window(2, 2), no causal, S = 29 > L = 21: k[0, 0, 15, 3] is NaN -> rows
// 13..17 of batch 0 (every head: multi-query), the rows whose window
// [i - 2, i + 2] contains key 15.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(302); k = r.uniform(-1, 1, (2, 1, 29, 16)).astype(np.float32); k[0, 0, 15, 3] = np.nan; np.save('%t/window.k.npy', k); e = np.zeros((2, 3, 21), bool); e[0, :, 13:18] = True; np.save('%t/window.expect.npy', e)"
// RUN: mha-run %t/window.mlir --seed=302 --input=@random,%t/window.k.npy --output=%t/window.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=WINDOW
// RUN: mha-run %t/window.mlir --seed=302 --input=@random,%t/window.k.npy --output=%t/window.1.npy --check | FileCheck %s --check-prefix=WINDOW
// RUN: mha-run %t/window.mlir --seed=302 --input=@random,%t/window.k.npy --output=%t/window.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=WINDOW
// RUN: %python -c "import numpy as np; e = np.load('%t/window.expect.npy'); os = [np.load('%t/window.' + n + '.npy') for n in '012']; assert all(np.isnan(o[e]).all() and np.isfinite(o[~e]).all() for o in os), 'NaN rows must be exactly the rows whose window holds the NaN key'"
// WINDOW: output: result 0 tensor<2x3x21x16xf32> shape=2x3x21x16
// WINDOW: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// WINDOW-NEXT: check: PASS

// A broadcast 1x1x12x20 bias and mask: bias[.., 6, 2] is NaN and allowed
// -> row 6 of every batch and head; bias[.., 4, 7] is NaN but masked out
// (mask false there) -> row 4 stays finite.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(303); b = r.normal(0, 1, (1, 1, 12, 20)).astype(np.float32); b[0, 0, 6, 2] = np.nan; b[0, 0, 4, 7] = np.nan; m = r.random((1, 1, 12, 20)) < 0.8; m[0, 0, 6, 2] = True; m[0, 0, 4, 7] = False; np.save('%t/bias.b.npy', b); np.save('%t/bias.m.npy', m)"
// RUN: mha-run %t/bias.mlir --seed=303 --input=@random,@random,@random,%t/bias.m.npy,%t/bias.b.npy --output=%t/bias.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=BIAS
// RUN: mha-run %t/bias.mlir --seed=303 --input=@random,@random,@random,%t/bias.m.npy,%t/bias.b.npy --output=%t/bias.1.npy --check | FileCheck %s --check-prefix=BIAS
// RUN: mha-run %t/bias.mlir --seed=303 --input=@random,@random,@random,%t/bias.m.npy,%t/bias.b.npy --output=%t/bias.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=BIAS
// RUN: %python -c "import numpy as np; e = np.arange(12) == 6; os = [np.load('%t/bias.' + n + '.npy') for n in '012']; assert all(np.isnan(o[:, :, e]).all() and np.isfinite(o[:, :, ~e]).all() for o in os), 'only row 6 may be NaN'"
// BIAS: output: result 0 tensor<2x2x12x16xf32> shape=2x2x12x16
// BIAS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// BIAS-NEXT: check: PASS

// f16, the causal case again: the NaN survives the widening to f32 and the
// rounding of the result.
// RUN: %python -c "import numpy as np; [np.save('%t/half.' + n + '.npy', np.load('%t/causal.' + n + '.npy').astype(np.float16)) for n in 'qk']"
// RUN: mha-run %t/half.mlir --seed=304 --input=%t/half.q.npy,%t/half.k.npy --output=%t/half.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=HALF
// RUN: mha-run %t/half.mlir --seed=304 --input=%t/half.q.npy,%t/half.k.npy --output=%t/half.1.npy --check | FileCheck %s --check-prefix=HALF
// RUN: mha-run %t/half.mlir --seed=304 --input=%t/half.q.npy,%t/half.k.npy --output=%t/half.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=HALF
// RUN: %python -c "import numpy as np; e = np.load('%t/causal.expect.npy'); os = [np.load('%t/half.' + n + '.npy') for n in '012']; assert all(np.isnan(o[e]).all() and np.isfinite(o[~e]).all() for o in os), 'NaN rows must be exactly the rows that see a NaN'"
// HALF: output: result 0 tensor<2x4x19x8xf16> shape=2x4x19x8
// HALF: check: result 0: rel_l2={{.*}} tol=0.01 PASS
// HALF-NEXT: check: PASS

// An allowed +inf bias entry makes m = +inf and exp(+inf - +inf) NaN: the
// row is NaN (docs/Dialect.md), not a silently finite value. bias[1, 0, 2, 5]
// = +inf -> row (1, *, 2); a +inf at a masked-out position would not count,
// so the mask here is all true.
// RUN: %python -c "import numpy as np; b = np.random.default_rng(305).normal(0, 1, (2, 1, 12, 20)).astype(np.float32); b[1, 0, 2, 5] = np.inf; np.save('%t/inf.b.npy', b)"
// RUN: mha-run %t/inf.mlir --seed=305 --input=@random,@random,@random,%t/inf.b.npy --output=%t/inf.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=INF
// RUN: mha-run %t/inf.mlir --seed=305 --input=@random,@random,@random,%t/inf.b.npy --output=%t/inf.1.npy --check | FileCheck %s --check-prefix=INF
// RUN: mha-run %t/inf.mlir --seed=305 --input=@random,@random,@random,%t/inf.b.npy --output=%t/inf.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=7" | FileCheck %s --check-prefix=INF
// RUN: %python -c "import numpy as np; e = np.zeros((2, 2, 12), bool); e[1, :, 2] = True; os = [np.load('%t/inf.' + n + '.npy') for n in '012']; assert all(np.isnan(o[e]).all() and np.isfinite(o[~e]).all() for o in os), 'only rows (1, *, 2) may be NaN'"
// INF: output: result 0 tensor<2x2x12x16xf32> shape=2x2x12x16
// INF: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// INF-NEXT: check: PASS

//--- causal.mlir
func.func @nan_causal(%q: tensor<2x4x19x16xf32>, %k: tensor<2x2x19x16xf32>,
                      %v: tensor<2x2x19x8xf32>) -> tensor<2x4x19x8xf32> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<2x4x19x16xf32>, tensor<2x2x19x16xf32>, tensor<2x2x19x8xf32>
           -> tensor<2x4x19x8xf32>
  return %o : tensor<2x4x19x8xf32>
}

//--- window.mlir
func.func @nan_window(%q: tensor<2x3x21x16xf32>, %k: tensor<2x1x29x16xf32>,
                      %v: tensor<2x1x29x16xf32>) -> tensor<2x3x21x16xf32> {
  %o = mha.attention %q, %k, %v window(2, 2)
         : tensor<2x3x21x16xf32>, tensor<2x1x29x16xf32>, tensor<2x1x29x16xf32>
           -> tensor<2x3x21x16xf32>
  return %o : tensor<2x3x21x16xf32>
}

//--- bias.mlir
func.func @nan_bias(%q: tensor<2x2x12x16xf32>, %k: tensor<2x2x20x16xf32>,
                    %v: tensor<2x2x20x16xf32>, %m: tensor<1x1x12x20xi1>,
                    %b: tensor<1x1x12x20xf32>) -> tensor<2x2x12x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x12x20xi1>)
         bias(%b : tensor<1x1x12x20xf32>)
         : tensor<2x2x12x16xf32>, tensor<2x2x20x16xf32>, tensor<2x2x20x16xf32>
           -> tensor<2x2x12x16xf32>
  return %o : tensor<2x2x12x16xf32>
}

//--- half.mlir
func.func @nan_f16(%q: tensor<2x4x19x16xf16>, %k: tensor<2x2x19x16xf16>,
                   %v: tensor<2x2x19x8xf16>) -> tensor<2x4x19x8xf16> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<2x4x19x16xf16>, tensor<2x2x19x16xf16>, tensor<2x2x19x8xf16>
           -> tensor<2x4x19x8xf16>
  return %o : tensor<2x4x19x8xf16>
}

//--- inf.mlir
func.func @pos_inf_bias(%q: tensor<2x2x12x16xf32>, %k: tensor<2x2x20x16xf32>,
                        %v: tensor<2x2x20x16xf32>, %b: tensor<2x1x12x20xf32>) -> tensor<2x2x12x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<2x1x12x20xf32>)
         : tensor<2x2x12x16xf32>, tensor<2x2x20x16xf32>, tensor<2x2x20x16xf32>
           -> tensor<2x2x12x16xf32>
  return %o : tensor<2x2x12x16xf32>
}
