// An explicit scale instead of 1/sqrt(E): small (0.3), large (4.0 with
// E = 64, a peaked softmax that relies on the row-max subtraction), negative,
// and zero (every score 0: the output is the mean of the value rows, checked
// on the saved outputs independently of mha-run's reference). Run through
// the unfused path, the default flash tiles and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/small.mlir --seed=111 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=SMALL
// RUN: mha-run %t/small.mlir --seed=111 --check | FileCheck %s --check-prefix=SMALL
// RUN: mha-run %t/small.mlir --seed=111 --check --cpu-pipeline="query-tile=7 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=SMALL
// SMALL: output: result 0 tensor<2x4x15x32xf32> shape=2x4x15x32
// SMALL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// SMALL-NEXT: check: PASS

// RUN: mha-run %t/large.mlir --seed=112 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=LARGE
// RUN: mha-run %t/large.mlir --seed=112 --check | FileCheck %s --check-prefix=LARGE
// RUN: mha-run %t/large.mlir --seed=112 --check --cpu-pipeline="query-tile=6 kv-tile=13 unfused-max-scores=0" | FileCheck %s --check-prefix=LARGE
// LARGE: output: result 0 tensor<1x4x20x64xf32> shape=1x4x20x64
// LARGE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// LARGE-NEXT: check: PASS

// RUN: mha-run %t/negative.mlir --seed=113 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=NEG
// RUN: mha-run %t/negative.mlir --seed=113 --check | FileCheck %s --check-prefix=NEG
// RUN: mha-run %t/negative.mlir --seed=113 --check --cpu-pipeline="query-tile=2 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=NEG
// NEG: output: result 0 tensor<2x2x11x16xf32> shape=2x2x11x16
// NEG: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// NEG-NEXT: check: PASS

// RUN: %python -c "import numpy as np; np.save('%t/v.npy', np.random.default_rng(114).uniform(-1, 1, (2, 2, 25, 8)).astype(np.float32))"
// RUN: mha-run %t/zero.mlir --seed=114 --input=@random,@random,%t/v.npy --output=%t/zero.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=ZERO
// RUN: mha-run %t/zero.mlir --seed=114 --input=@random,@random,%t/v.npy --output=%t/zero.1.npy --check | FileCheck %s --check-prefix=ZERO
// RUN: mha-run %t/zero.mlir --seed=114 --input=@random,@random,%t/v.npy --output=%t/zero.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=9 unfused-max-scores=0" | FileCheck %s --check-prefix=ZERO
// RUN: %python -c "import numpy as np; m = np.load('%t/v.npy').astype(np.float64).mean(2, keepdims=True); [np.testing.assert_allclose(np.load('%t/zero.' + n + '.npy'), np.broadcast_to(m, (2, 2, 9, 8)), rtol=1e-5, atol=1e-6) for n in '012']"
// ZERO: output: result 0 tensor<2x2x9x8xf32> shape=2x2x9x8
// ZERO: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// ZERO-NEXT: check: PASS

//--- small.mlir
func.func @scale_small(%q: tensor<2x4x15x32xf32>, %k: tensor<2x4x18x32xf32>,
                       %v: tensor<2x4x18x32xf32>) -> tensor<2x4x15x32xf32> {
  %o = mha.attention %q, %k, %v scale(0.3)
         : tensor<2x4x15x32xf32>, tensor<2x4x18x32xf32>, tensor<2x4x18x32xf32>
           -> tensor<2x4x15x32xf32>
  return %o : tensor<2x4x15x32xf32>
}

//--- large.mlir
func.func @scale_large(%q: tensor<1x4x20x64xf32>, %k: tensor<1x4x31x64xf32>,
                       %v: tensor<1x4x31x64xf32>) -> tensor<1x4x20x64xf32> {
  %o = mha.attention %q, %k, %v scale(4.0)
         : tensor<1x4x20x64xf32>, tensor<1x4x31x64xf32>, tensor<1x4x31x64xf32>
           -> tensor<1x4x20x64xf32>
  return %o : tensor<1x4x20x64xf32>
}

//--- negative.mlir
func.func @scale_negative(%q: tensor<2x2x11x16xf32>, %k: tensor<2x2x16x16xf32>,
                          %v: tensor<2x2x16x16xf32>) -> tensor<2x2x11x16xf32> {
  %o = mha.attention %q, %k, %v causal(top_left) scale(-0.5)
         : tensor<2x2x11x16xf32>, tensor<2x2x16x16xf32>, tensor<2x2x16x16xf32>
           -> tensor<2x2x11x16xf32>
  return %o : tensor<2x2x11x16xf32>
}

//--- zero.mlir
func.func @scale_zero(%q: tensor<2x2x9x16xf32>, %k: tensor<2x2x25x16xf32>,
                      %v: tensor<2x2x25x8xf32>) -> tensor<2x2x9x8xf32> {
  %o = mha.attention %q, %k, %v scale(0.0)
         : tensor<2x2x9x16xf32>, tensor<2x2x25x16xf32>, tensor<2x2x25x8xf32>
           -> tensor<2x2x9x8xf32>
  return %o : tensor<2x2x9x8xf32>
}
