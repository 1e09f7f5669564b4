// Query/key head dimension E different from the value head dimension Ev
// (the result has Ev columns; the default scale is 1/sqrt(E)): Ev < E,
// Ev > E, and odd widths with GQA and a causal mode. Run through the unfused
// path, the default flash tiles and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/narrow-value.mlir --seed=141 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=NARROW
// RUN: mha-run %t/narrow-value.mlir --seed=141 --check | FileCheck %s --check-prefix=NARROW
// RUN: mha-run %t/narrow-value.mlir --seed=141 --check --cpu-pipeline="query-tile=5 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=NARROW
// NARROW: output: result 0 tensor<2x4x13x16xf32> shape=2x4x13x16
// NARROW: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// NARROW-NEXT: check: PASS

// RUN: mha-run %t/wide-value.mlir --seed=142 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=WIDE
// RUN: mha-run %t/wide-value.mlir --seed=142 --check | FileCheck %s --check-prefix=WIDE
// RUN: mha-run %t/wide-value.mlir --seed=142 --check --cpu-pipeline="query-tile=4 kv-tile=11 unfused-max-scores=0" | FileCheck %s --check-prefix=WIDE
// WIDE: output: result 0 tensor<2x2x17x48xf32> shape=2x2x17x48
// WIDE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// WIDE-NEXT: check: PASS

// RUN: mha-run %t/odd.mlir --seed=143 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=ODD
// RUN: mha-run %t/odd.mlir --seed=143 --check | FileCheck %s --check-prefix=ODD
// RUN: mha-run %t/odd.mlir --seed=143 --check --cpu-pipeline="query-tile=3 kv-tile=2 unfused-max-scores=0" | FileCheck %s --check-prefix=ODD
// ODD: output: result 0 tensor<1x6x9x5xf32> shape=1x6x9x5
// ODD: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// ODD-NEXT: check: PASS

//--- narrow-value.mlir
// E = 32, Ev = 16.
func.func @value_narrower(%q: tensor<2x4x13x32xf32>, %k: tensor<2x4x19x32xf32>,
                          %v: tensor<2x4x19x16xf32>) -> tensor<2x4x13x16xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<2x4x13x32xf32>, tensor<2x4x19x32xf32>, tensor<2x4x19x16xf32>
           -> tensor<2x4x13x16xf32>
  return %o : tensor<2x4x13x16xf32>
}

//--- wide-value.mlir
// E = 16, Ev = 48.
func.func @value_wider(%q: tensor<2x2x17x16xf32>, %k: tensor<2x2x22x16xf32>,
                       %v: tensor<2x2x22x48xf32>) -> tensor<2x2x17x48xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<2x2x17x16xf32>, tensor<2x2x22x16xf32>, tensor<2x2x22x48xf32>
           -> tensor<2x2x17x48xf32>
  return %o : tensor<2x2x17x48xf32>
}

//--- odd.mlir
// E = 7, Ev = 5, 6 query heads over 3 key/value heads, bottom_right.
func.func @odd_head_dims(%q: tensor<1x6x9x7xf32>, %k: tensor<1x3x14x7xf32>,
                         %v: tensor<1x3x14x5xf32>) -> tensor<1x6x9x5xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<1x6x9x7xf32>, tensor<1x3x14x7xf32>, tensor<1x3x14x5xf32>
           -> tensor<1x6x9x5xf32>
  return %o : tensor<1x6x9x5xf32>
}
