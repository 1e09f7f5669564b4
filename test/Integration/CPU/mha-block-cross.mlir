// The multi-head attention block as cross-attention: three different inputs
// with L != S and different widths Eq, Ek, Evi. Random weights are uniform
// in [-1, 1), so the projected scores are large; that is fine for the check.
// Run through the unfused path, the default flash tiles and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/gqa-biases.mlir --seed=191 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=GQA
// RUN: mha-run %t/gqa-biases.mlir --seed=191 --check | FileCheck %s --check-prefix=GQA
// RUN: mha-run %t/gqa-biases.mlir --seed=191 --check --cpu-pipeline="query-tile=2 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=GQA
// GQA: output: result 0 tensor<2x7x9xf32> shape=2x7x9
// GQA: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// GQA-NEXT: check: PASS

// RUN: mha-run %t/causal-mask.mlir --seed=192 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CMASK
// RUN: mha-run %t/causal-mask.mlir --seed=192 --check | FileCheck %s --check-prefix=CMASK
// RUN: mha-run %t/causal-mask.mlir --seed=192 --check --cpu-pipeline="query-tile=3 kv-tile=6 unfused-max-scores=0" | FileCheck %s --check-prefix=CMASK
// CMASK: output: result 0 tensor<2x11x16xf32> shape=2x11x16
// CMASK: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CMASK-NEXT: check: PASS

//--- gqa-biases.mlir
// L = 7, S = 19, Eq = 24, Ek = 16, Evi = 10; heads(4, 2), E = 6, Ev = 5,
// Eo = 9, with the projection biases.
func.func @cross_gqa_biases(%xq: tensor<2x7x24xf32>, %xk: tensor<2x19x16xf32>, %xv: tensor<2x19x10xf32>,
                            %wq: tensor<24x24xf32>, %wk: tensor<16x12xf32>, %wv: tensor<10x10xf32>,
                            %wo: tensor<20x9xf32>, %bq: tensor<24xf32>, %bk: tensor<12xf32>,
                            %bv: tensor<10xf32>, %bo: tensor<9xf32>) -> tensor<2x7x9xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<24x24xf32>, tensor<16x12xf32>, tensor<10x10xf32>, tensor<20x9xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<24xf32>, tensor<12xf32>, tensor<10xf32>, tensor<9xf32>)
         heads(4, 2)
         : tensor<2x7x24xf32>, tensor<2x19x16xf32>, tensor<2x19x10xf32> -> tensor<2x7x9xf32>
  return %y : tensor<2x7x9xf32>
}

//--- causal-mask.mlir
// L = 11, S = 26, Eq = 20, Ek = 12, Evi = 28; heads(2), E = 8, Ev = 4,
// Eo = 16, no projection biases, bottom_right and a key-padding mask.
func.func @cross_causal_mask(%xq: tensor<2x11x20xf32>, %xk: tensor<2x26x12xf32>, %xv: tensor<2x26x28xf32>,
                             %wq: tensor<20x16xf32>, %wk: tensor<12x16xf32>, %wv: tensor<28x8xf32>,
                             %wo: tensor<8x16xf32>, %m: tensor<2x1x1x26xi1>) -> tensor<2x11x16xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<20x16xf32>, tensor<12x16xf32>, tensor<28x8xf32>, tensor<8x16xf32>)
         mask(%m : tensor<2x1x1x26xi1>) heads(2) causal(bottom_right)
         : tensor<2x11x20xf32>, tensor<2x26x12xf32>, tensor<2x26x28xf32> -> tensor<2x11x16xf32>
  return %y : tensor<2x11x16xf32>
}
