// window(left, right) without causal: row i sees keys j in [i - left, i + right]
// (clipped to [0, S)), with L < S and L > S, through the unfused path, the
// default flash tiles and small odd tiles. window(0, 0) keeps only the
// diagonal, so its output is exactly a row of `value` (checked on the saved
// outputs, independently of mha-run's reference); rows past the band's reach
// (i - left >= S) are exactly zero.

// RUN: rm -rf %t && split-file %s %t

// window(0, 0), L = 12 < S = 30: result[b, h, i] = value[b, h, i].
// RUN: %python -c "import numpy as np; np.save('%t/v.npy', np.random.default_rng(41).uniform(-1, 1, (2, 2, 30, 8)).astype(np.float32))"
// RUN: mha-run %t/diagonal.mlir --seed=41 --input=@random,@random,%t/v.npy --output=%t/diagonal.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=DIAG
// RUN: mha-run %t/diagonal.mlir --seed=41 --input=@random,@random,%t/v.npy --output=%t/diagonal.1.npy --check | FileCheck %s --check-prefix=DIAG
// RUN: mha-run %t/diagonal.mlir --seed=41 --input=@random,@random,%t/v.npy --output=%t/diagonal.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=DIAG
// RUN: %python -c "import numpy as np; v = np.load('%t/v.npy'); [np.testing.assert_allclose(np.load('%t/diagonal.' + n + '.npy'), v[:, :, :12], rtol=1e-6, atol=0) for n in '012']"
// DIAG: output: result 0 tensor<2x2x12x8xf32> shape=2x2x12x8
// DIAG: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DIAG-NEXT: check: PASS

// RUN: mha-run %t/left2-right1.mlir --seed=42 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=W21
// RUN: mha-run %t/left2-right1.mlir --seed=42 --check | FileCheck %s --check-prefix=W21
// RUN: mha-run %t/left2-right1.mlir --seed=42 --check --cpu-pipeline="query-tile=3 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=W21
// W21: output: result 0 tensor<2x4x17x16xf32> shape=2x4x17x16
// W21: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// W21-NEXT: check: PASS

// window(0, 3), L = 26 > S = 14: rows 14..25 are zero.
// RUN: mha-run %t/left0-right3.mlir --seed=43 --output=%t/right3.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=W03
// RUN: mha-run %t/left0-right3.mlir --seed=43 --output=%t/right3.1.npy --check | FileCheck %s --check-prefix=W03
// RUN: mha-run %t/left0-right3.mlir --seed=43 --output=%t/right3.2.npy --check --cpu-pipeline="query-tile=6 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=W03
// RUN: %python -c "import numpy as np; os = [np.load('%t/right3.' + n + '.npy') for n in '012']; assert all(np.isfinite(o).all() and (o[:, :, 14:] == 0).all() and (np.abs(o[:, :, :14]).max(-1) > 0).all() for o in os), 'window(0, 3) with L > S: rows 14.. must be zero'"
// W03: output: result 0 tensor<1x4x26x16xf32> shape=1x4x26x16
// W03: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// W03-NEXT: check: PASS

// RUN: mha-run %t/left5-right0.mlir --seed=44 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=W50
// RUN: mha-run %t/left5-right0.mlir --seed=44 --check | FileCheck %s --check-prefix=W50
// RUN: mha-run %t/left5-right0.mlir --seed=44 --check --cpu-pipeline="query-tile=8 kv-tile=16 unfused-max-scores=0" | FileCheck %s --check-prefix=W50
// W50: output: result 0 tensor<2x2x40x32xf32> shape=2x2x40x32
// W50: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// W50-NEXT: check: PASS

//--- diagonal.mlir
func.func @window_diagonal(%q: tensor<2x2x12x16xf32>, %k: tensor<2x2x30x16xf32>,
                           %v: tensor<2x2x30x8xf32>) -> tensor<2x2x12x8xf32> {
  %o = mha.attention %q, %k, %v window(0, 0)
         : tensor<2x2x12x16xf32>, tensor<2x2x30x16xf32>, tensor<2x2x30x8xf32>
           -> tensor<2x2x12x8xf32>
  return %o : tensor<2x2x12x8xf32>
}

//--- left2-right1.mlir
// L = 17 < S = 25.
func.func @window_left2_right1(%q: tensor<2x4x17x16xf32>, %k: tensor<2x4x25x16xf32>,
                               %v: tensor<2x4x25x16xf32>) -> tensor<2x4x17x16xf32> {
  %o = mha.attention %q, %k, %v window(2, 1)
         : tensor<2x4x17x16xf32>, tensor<2x4x25x16xf32>, tensor<2x4x25x16xf32>
           -> tensor<2x4x17x16xf32>
  return %o : tensor<2x4x17x16xf32>
}

//--- left0-right3.mlir
func.func @window_left0_right3(%q: tensor<1x4x26x16xf32>, %k: tensor<1x4x14x16xf32>,
                               %v: tensor<1x4x14x16xf32>) -> tensor<1x4x26x16xf32> {
  %o = mha.attention %q, %k, %v window(0, 3)
         : tensor<1x4x26x16xf32>, tensor<1x4x14x16xf32>, tensor<1x4x14x16xf32>
           -> tensor<1x4x26x16xf32>
  return %o : tensor<1x4x26x16xf32>
}

//--- left5-right0.mlir
// L = 40 > S = 33: row i sees keys [i - 5, i]; rows 38 and 39 see none.
func.func @window_left5_right0(%q: tensor<2x2x40x32xf32>, %k: tensor<2x2x33x32xf32>,
                               %v: tensor<2x2x33x32xf32>) -> tensor<2x2x40x32xf32> {
  %o = mha.attention %q, %k, %v window(5, 0)
         : tensor<2x2x40x32xf32>, tensor<2x2x33x32xf32>, tensor<2x2x33x32xf32>
           -> tensor<2x2x40x32xf32>
  return %o : tensor<2x2x40x32xf32>
}
