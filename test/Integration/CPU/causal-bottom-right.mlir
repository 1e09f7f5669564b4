// causal(bottom_right): row i sees keys j <= i + (S - L) (diagonal anchored
// at (L-1, S-1)), with L < S, L = S, L > S (the first L - S rows have no
// allowed key and must be exactly zero, never NaN) and a single query row
// (which sees every key), through the unfused path, the default flash tiles
// and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/short.mlir --seed=31 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=SHORT
// RUN: mha-run %t/short.mlir --seed=31 --check | FileCheck %s --check-prefix=SHORT
// RUN: mha-run %t/short.mlir --seed=31 --check --cpu-pipeline="query-tile=4 kv-tile=6 unfused-max-scores=0" | FileCheck %s --check-prefix=SHORT
// SHORT: output: result 0 tensor<2x4x10x16xf32> shape=2x4x10x16
// SHORT: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// SHORT-NEXT: check: PASS

// RUN: mha-run %t/square.mlir --seed=32 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=SQUARE
// RUN: mha-run %t/square.mlir --seed=32 --check | FileCheck %s --check-prefix=SQUARE
// RUN: mha-run %t/square.mlir --seed=32 --check --cpu-pipeline="query-tile=5 kv-tile=11 unfused-max-scores=0" | FileCheck %s --check-prefix=SQUARE
// SQUARE: output: result 0 tensor<2x3x33x32xf32> shape=2x3x33x32
// SQUARE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// SQUARE-NEXT: check: PASS

// L = 19 > S = 7: rows 0..11 are zero, rows 12..18 are not; checked on the
// saved outputs as well as against the reference.
// RUN: mha-run %t/long.mlir --seed=33 --output=%t/long.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=LONG
// RUN: mha-run %t/long.mlir --seed=33 --output=%t/long.1.npy --check | FileCheck %s --check-prefix=LONG
// RUN: mha-run %t/long.mlir --seed=33 --output=%t/long.2.npy --check --cpu-pipeline="query-tile=5 kv-tile=2 unfused-max-scores=0" | FileCheck %s --check-prefix=LONG
// RUN: %python -c "import numpy as np; os = [np.load('%t/long.' + n + '.npy') for n in '012']; assert all(np.isfinite(o).all() and (o[:, :, :12] == 0).all() and (np.abs(o[:, :, 12:]).max(-1) > 0).all() for o in os), 'bottom_right L > S: rows 0..11 must be zero'"
// LONG: output: result 0 tensor<2x4x19x16xf32> shape=2x4x19x16
// LONG: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// LONG-NEXT: check: PASS

// RUN: mha-run %t/decode.mlir --seed=34 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=DECODE
// RUN: mha-run %t/decode.mlir --seed=34 --check | FileCheck %s --check-prefix=DECODE
// RUN: mha-run %t/decode.mlir --seed=34 --check --cpu-pipeline="query-tile=2 kv-tile=13 unfused-max-scores=0" | FileCheck %s --check-prefix=DECODE
// DECODE: output: result 0 tensor<1x4x1x32xf32> shape=1x4x1x32
// DECODE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DECODE-NEXT: check: PASS

//--- short.mlir
// L = 10 < S = 27: row i sees keys 0..i+17.
func.func @bottom_right_short(%q: tensor<2x4x10x16xf32>, %k: tensor<2x4x27x16xf32>,
                              %v: tensor<2x4x27x16xf32>) -> tensor<2x4x10x16xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x4x10x16xf32>, tensor<2x4x27x16xf32>, tensor<2x4x27x16xf32>
           -> tensor<2x4x10x16xf32>
  return %o : tensor<2x4x10x16xf32>
}

//--- square.mlir
// L = S = 33.
func.func @bottom_right_square(%q: tensor<2x3x33x32xf32>, %k: tensor<2x3x33x32xf32>,
                               %v: tensor<2x3x33x32xf32>) -> tensor<2x3x33x32xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x3x33x32xf32>, tensor<2x3x33x32xf32>, tensor<2x3x33x32xf32>
           -> tensor<2x3x33x32xf32>
  return %o : tensor<2x3x33x32xf32>
}

//--- long.mlir
// L = 19 > S = 7: row i sees keys 0..i-12.
func.func @bottom_right_long(%q: tensor<2x4x19x16xf32>, %k: tensor<2x4x7x16xf32>,
                             %v: tensor<2x4x7x16xf32>) -> tensor<2x4x19x16xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x4x19x16xf32>, tensor<2x4x7x16xf32>, tensor<2x4x7x16xf32>
           -> tensor<2x4x19x16xf32>
  return %o : tensor<2x4x19x16xf32>
}

//--- decode.mlir
// L = 1, S = 70 (more than one default kv tile).
func.func @bottom_right_decode(%q: tensor<1x4x1x32xf32>, %k: tensor<1x4x70x32xf32>,
                               %v: tensor<1x4x70x32xf32>) -> tensor<1x4x1x32xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<1x4x1x32xf32>, tensor<1x4x70x32xf32>, tensor<1x4x70x32xf32>
           -> tensor<1x4x1x32xf32>
  return %o : tensor<1x4x1x32xf32>
}
