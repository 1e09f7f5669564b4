// No causal mask (causal(none), the default): every query row attends to
// every key, with L < S, L = S and L > S, through the unfused linalg path,
// the default 64x64 flash tiles and small odd flash tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/short.mlir --seed=11 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=SHORT
// RUN: mha-run %t/short.mlir --seed=11 --check | FileCheck %s --check-prefix=SHORT
// RUN: mha-run %t/short.mlir --seed=11 --check --cpu-pipeline="query-tile=5 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=SHORT
// SHORT: output: result 0 tensor<2x4x9x16xf32> shape=2x4x9x16
// SHORT: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// SHORT-NEXT: check: PASS

// RUN: mha-run %t/square.mlir --seed=12 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=SQUARE
// RUN: mha-run %t/square.mlir --seed=12 --check | FileCheck %s --check-prefix=SQUARE
// RUN: mha-run %t/square.mlir --seed=12 --check --cpu-pipeline="query-tile=8 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=SQUARE
// SQUARE: output: result 0 tensor<1x3x37x32xf32> shape=1x3x37x32
// SQUARE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// SQUARE-NEXT: check: PASS

// RUN: mha-run %t/long.mlir --seed=13 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=LONG
// RUN: mha-run %t/long.mlir --seed=13 --check | FileCheck %s --check-prefix=LONG
// RUN: mha-run %t/long.mlir --seed=13 --check --cpu-pipeline="query-tile=16 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=LONG
// LONG: output: result 0 tensor<2x2x41x16xf32> shape=2x2x41x16
// LONG: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// LONG-NEXT: check: PASS

//--- short.mlir
// L = 9 < S = 23.
func.func @none_short(%q: tensor<2x4x9x16xf32>, %k: tensor<2x4x23x16xf32>,
                      %v: tensor<2x4x23x16xf32>) -> tensor<2x4x9x16xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<2x4x9x16xf32>, tensor<2x4x23x16xf32>, tensor<2x4x23x16xf32>
           -> tensor<2x4x9x16xf32>
  return %o : tensor<2x4x9x16xf32>
}

//--- square.mlir
// L = S = 37; `causal(none)` written out is the default.
func.func @none_square(%q: tensor<1x3x37x32xf32>, %k: tensor<1x3x37x32xf32>,
                       %v: tensor<1x3x37x32xf32>) -> tensor<1x3x37x32xf32> {
  %o = mha.attention %q, %k, %v causal(none)
         : tensor<1x3x37x32xf32>, tensor<1x3x37x32xf32>, tensor<1x3x37x32xf32>
           -> tensor<1x3x37x32xf32>
  return %o : tensor<1x3x37x32xf32>
}

//--- long.mlir
// L = 41 > S = 6.
func.func @none_long(%q: tensor<2x2x41x16xf32>, %k: tensor<2x2x6x16xf32>,
                     %v: tensor<2x2x6x16xf32>) -> tensor<2x2x41x16xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<2x2x41x16xf32>, tensor<2x2x6x16xf32>, tensor<2x2x6x16xf32>
           -> tensor<2x2x41x16xf32>
  return %o : tensor<2x2x41x16xf32>
}
