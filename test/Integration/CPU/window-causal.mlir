// window(left, right) with a causal mode and L != S: the window is anchored
// at the causal diagonal d(i) (i for top_left, i + S - L for bottom_right)
// and `right` has no effect, so a row sees keys [d(i) - left, d(i)]. Run
// through the unfused path, the default flash tiles and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/top-left.mlir --seed=51 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=TL
// RUN: mha-run %t/top-left.mlir --seed=51 --check | FileCheck %s --check-prefix=TL
// RUN: mha-run %t/top-left.mlir --seed=51 --check --cpu-pipeline="query-tile=7 kv-tile=2 unfused-max-scores=0" | FileCheck %s --check-prefix=TL
// TL: output: result 0 tensor<2x4x20x16xf32> shape=2x4x20x16
// TL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// TL-NEXT: check: PASS

// RUN: mha-run %t/bottom-right.mlir --seed=52 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=BR
// RUN: mha-run %t/bottom-right.mlir --seed=52 --check | FileCheck %s --check-prefix=BR
// RUN: mha-run %t/bottom-right.mlir --seed=52 --check --cpu-pipeline="query-tile=5 kv-tile=8 unfused-max-scores=0" | FileCheck %s --check-prefix=BR
// BR: output: result 0 tensor<1x4x12x32xf32> shape=1x4x12x32
// BR: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// BR-NEXT: check: PASS

// L = 30 > S = 18 with bottom_right: rows 0..11 are zero.
// RUN: mha-run %t/bottom-right-long.mlir --seed=53 --output=%t/long.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=BRLONG
// RUN: mha-run %t/bottom-right-long.mlir --seed=53 --output=%t/long.1.npy --check | FileCheck %s --check-prefix=BRLONG
// RUN: mha-run %t/bottom-right-long.mlir --seed=53 --output=%t/long.2.npy --check --cpu-pipeline="query-tile=4 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=BRLONG
// RUN: %python -c "import numpy as np; os = [np.load('%t/long.' + n + '.npy') for n in '012']; assert all(np.isfinite(o).all() and (o[:, :, :12] == 0).all() and (np.abs(o[:, :, 12:]).max(-1) > 0).all() for o in os), 'bottom_right L > S: rows 0..11 must be zero'"
// BRLONG: output: result 0 tensor<2x2x30x16xf32> shape=2x2x30x16
// BRLONG: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// BRLONG-NEXT: check: PASS

// causal(bottom_right) window(0, 2), L = 9, S = 15: `right` is ignored, so
// row i sees key i + 6 alone and result[b, h, i] = value[b, h, i + 6].
// RUN: %python -c "import numpy as np; np.save('%t/v.npy', np.random.default_rng(54).uniform(-1, 1, (2, 3, 15, 8)).astype(np.float32))"
// RUN: mha-run %t/right-ignored.mlir --seed=54 --input=@random,@random,%t/v.npy --output=%t/right.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=RIGHT
// RUN: mha-run %t/right-ignored.mlir --seed=54 --input=@random,@random,%t/v.npy --output=%t/right.1.npy --check | FileCheck %s --check-prefix=RIGHT
// RUN: mha-run %t/right-ignored.mlir --seed=54 --input=@random,@random,%t/v.npy --output=%t/right.2.npy --check --cpu-pipeline="query-tile=2 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=RIGHT
// RUN: %python -c "import numpy as np; v = np.load('%t/v.npy'); [np.testing.assert_allclose(np.load('%t/right.' + n + '.npy'), v[:, :, 6:], rtol=1e-6, atol=0) for n in '012']"
// RIGHT: output: result 0 tensor<2x3x9x8xf32> shape=2x3x9x8
// RIGHT: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// RIGHT-NEXT: check: PASS

//--- top-left.mlir
// L = 20 < S = 31: row i sees keys [i - 3, i].
func.func @top_left_window(%q: tensor<2x4x20x16xf32>, %k: tensor<2x4x31x16xf32>,
                           %v: tensor<2x4x31x16xf32>) -> tensor<2x4x20x16xf32> {
  %o = mha.attention %q, %k, %v causal(top_left) window(3, 0)
         : tensor<2x4x20x16xf32>, tensor<2x4x31x16xf32>, tensor<2x4x31x16xf32>
           -> tensor<2x4x20x16xf32>
  return %o : tensor<2x4x20x16xf32>
}

//--- bottom-right.mlir
// L = 12 < S = 35: row i sees keys [i + 19, i + 23].
func.func @bottom_right_window(%q: tensor<1x4x12x32xf32>, %k: tensor<1x4x35x32xf32>,
                               %v: tensor<1x4x35x32xf32>) -> tensor<1x4x12x32xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) window(4, 0)
         : tensor<1x4x12x32xf32>, tensor<1x4x35x32xf32>, tensor<1x4x35x32xf32>
           -> tensor<1x4x12x32xf32>
  return %o : tensor<1x4x12x32xf32>
}

//--- bottom-right-long.mlir
// L = 30 > S = 18: row i sees keys [i - 14, i - 12].
func.func @bottom_right_window_long(%q: tensor<2x2x30x16xf32>, %k: tensor<2x2x18x16xf32>,
                                    %v: tensor<2x2x18x16xf32>) -> tensor<2x2x30x16xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) window(2, 5)
         : tensor<2x2x30x16xf32>, tensor<2x2x18x16xf32>, tensor<2x2x18x16xf32>
           -> tensor<2x2x30x16xf32>
  return %o : tensor<2x2x30x16xf32>
}

//--- right-ignored.mlir
func.func @bottom_right_window_right_ignored(%q: tensor<2x3x9x16xf32>, %k: tensor<2x3x15x16xf32>,
                                             %v: tensor<2x3x15x8xf32>) -> tensor<2x3x9x8xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) window(0, 2)
         : tensor<2x3x9x16xf32>, tensor<2x3x15x16xf32>, tensor<2x3x15x8xf32>
           -> tensor<2x3x9x8xf32>
  return %o : tensor<2x3x9x8xf32>
}
