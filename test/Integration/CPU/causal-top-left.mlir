// causal(top_left): row i sees keys j <= i (diagonal anchored at (0, 0)),
// with L < S, L = S, L > S and a single query row (which sees key 0 only),
// through the unfused path, the default flash tiles and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/short.mlir --seed=21 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=SHORT
// RUN: mha-run %t/short.mlir --seed=21 --check | FileCheck %s --check-prefix=SHORT
// RUN: mha-run %t/short.mlir --seed=21 --check --cpu-pipeline="query-tile=3 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=SHORT
// SHORT: output: result 0 tensor<2x4x11x16xf32> shape=2x4x11x16
// SHORT: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// SHORT-NEXT: check: PASS

// RUN: mha-run %t/square.mlir --seed=22 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=SQUARE
// RUN: mha-run %t/square.mlir --seed=22 --check | FileCheck %s --check-prefix=SQUARE
// RUN: mha-run %t/square.mlir --seed=22 --check --cpu-pipeline="query-tile=7 kv-tile=9 unfused-max-scores=0" | FileCheck %s --check-prefix=SQUARE
// SQUARE: output: result 0 tensor<1x4x45x32xf32> shape=1x4x45x32
// SQUARE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// SQUARE-NEXT: check: PASS

// RUN: mha-run %t/long.mlir --seed=23 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=LONG
// RUN: mha-run %t/long.mlir --seed=23 --check | FileCheck %s --check-prefix=LONG
// RUN: mha-run %t/long.mlir --seed=23 --check --cpu-pipeline="query-tile=16 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=LONG
// LONG: output: result 0 tensor<2x2x50x16xf32> shape=2x2x50x16
// LONG: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// LONG-NEXT: check: PASS

// One query row over S = 20 keys sees only key 0, so the output is exactly
// value[:, :, 0, :]; checked on the saved outputs against the value file,
// independently of mha-run's reference.
// RUN: %python -c "import numpy as np; np.save('%t/v.npy', np.random.default_rng(24).uniform(-1, 1, (2, 4, 20, 8)).astype(np.float32))"
// RUN: mha-run %t/decode.mlir --seed=24 --input=@random,@random,%t/v.npy --output=%t/decode.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=DECODE
// RUN: mha-run %t/decode.mlir --seed=24 --input=@random,@random,%t/v.npy --output=%t/decode.1.npy --check | FileCheck %s --check-prefix=DECODE
// RUN: mha-run %t/decode.mlir --seed=24 --input=@random,@random,%t/v.npy --output=%t/decode.2.npy --check --cpu-pipeline="query-tile=1 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=DECODE
// RUN: %python -c "import numpy as np; v = np.load('%t/v.npy'); [np.testing.assert_allclose(np.load('%t/decode.' + n + '.npy'), v[:, :, :1], rtol=1e-6, atol=0) for n in '012']"
// DECODE: output: result 0 tensor<2x4x1x8xf32> shape=2x4x1x8
// DECODE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DECODE-NEXT: check: PASS

//--- short.mlir
// L = 11 < S = 29.
func.func @top_left_short(%q: tensor<2x4x11x16xf32>, %k: tensor<2x4x29x16xf32>,
                          %v: tensor<2x4x29x16xf32>) -> tensor<2x4x11x16xf32> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<2x4x11x16xf32>, tensor<2x4x29x16xf32>, tensor<2x4x29x16xf32>
           -> tensor<2x4x11x16xf32>
  return %o : tensor<2x4x11x16xf32>
}

//--- square.mlir
// L = S = 45.
func.func @top_left_square(%q: tensor<1x4x45x32xf32>, %k: tensor<1x4x45x32xf32>,
                           %v: tensor<1x4x45x32xf32>) -> tensor<1x4x45x32xf32> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<1x4x45x32xf32>, tensor<1x4x45x32xf32>, tensor<1x4x45x32xf32>
           -> tensor<1x4x45x32xf32>
  return %o : tensor<1x4x45x32xf32>
}

//--- long.mlir
// L = 50 > S = 13: rows 13.. see every key.
func.func @top_left_long(%q: tensor<2x2x50x16xf32>, %k: tensor<2x2x13x16xf32>,
                         %v: tensor<2x2x13x16xf32>) -> tensor<2x2x50x16xf32> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<2x2x50x16xf32>, tensor<2x2x13x16xf32>, tensor<2x2x13x16xf32>
           -> tensor<2x2x50x16xf32>
  return %o : tensor<2x2x50x16xf32>
}

//--- decode.mlir
// L = 1, S = 20, E = 16, Ev = 8.
func.func @top_left_decode(%q: tensor<2x4x1x16xf32>, %k: tensor<2x4x20x16xf32>,
                           %v: tensor<2x4x20x8xf32>) -> tensor<2x4x1x8xf32> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<2x4x1x16xf32>, tensor<2x4x20x16xf32>, tensor<2x4x20x8xf32>
           -> tensor<2x4x1x8xf32>
  return %o : tensor<2x4x1x8xf32>
}
