// --mha-raise-attention with raise-projections, executed: a block taken
// apart by --mha-decompose-multi-head-attention (3-D projection generics
// with the bias in the accumulator, head split and merge around an
// mha.attention) is raised back to one mha.multi_head_attention; the
// decomposed and the raised function run on the same seeded inputs and
// agree to rel L2 < 1e-5, and the raised one (only mha ops) is --check'ed
// against the float64 reference. Grouped-query cross-attention with
// biases, a key-padding mask, causal(bottom_right) and a scale:
// B = 2, L = 9, S = 14, heads(4, 2), E = 6, Ev = 5, E_out = 20.

// RUN: rm -rf %t && split-file %s %t
// RUN: mha-opt %t/block.mlir --mha-decompose-multi-head-attention -o %t/decomposed.mlir
// RUN: FileCheck %s --check-prefix=DECOMPOSED < %t/decomposed.mlir
// RUN: mha-run %t/decomposed.mlir --entry=f --seed=91 --output=%t/a.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-opt %t/decomposed.mlir --mha-raise-attention -o %t/raised.mlir
// RUN: FileCheck %s --check-prefix=RAISED < %t/raised.mlir
// RUN: mha-run %t/raised.mlir --entry=f --seed=91 --check --output=%t/b.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a.npy %t/b.npy | FileCheck %s --check-prefix=SAME
// DECOMPOSED-NOT: mha.multi_head_attention
// DECOMPOSED: mha.attention
// RAN: output: result 0 tensor<2x9x20xf32> shape=2x9x20
// RAISED: func.func @f
// RAISED-NEXT: mha.multi_head_attention %arg0, %arg1, %arg2 weights(%arg3, %arg4, %arg5, %arg6 : {{.+}}) biases(%arg7, %arg8, %arg9, %arg10 : {{.+}}) mask(%arg11 : tensor<2x1x1x14xi1>) heads(4, 2) causal(bottom_right) scale(3.000000e-01)
// RAISED-NEXT: return
// CHECKED: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CHECKED-NEXT: check: PASS
// SAME: compare: shape=2x9x20 rel_l2={{.*}} PASS

//--- block.mlir
func.func @f(%xq: tensor<2x9x16xf32>, %xk: tensor<2x14x12xf32>, %xv: tensor<2x14x10xf32>,
    %wq: tensor<16x24xf32>, %wk: tensor<12x12xf32>, %wv: tensor<10x10xf32>, %wo: tensor<20x20xf32>,
    %bq: tensor<24xf32>, %bk: tensor<12xf32>, %bv: tensor<10xf32>, %bo: tensor<20xf32>,
    %m: tensor<2x1x1x14xi1>) -> tensor<2x9x20xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<16x24xf32>, tensor<12x12xf32>, tensor<10x10xf32>, tensor<20x20xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<24xf32>, tensor<12xf32>, tensor<10xf32>, tensor<20xf32>)
         mask(%m : tensor<2x1x1x14xi1>) heads(4, 2) causal(bottom_right) scale(0.3)
         : tensor<2x9x16xf32>, tensor<2x14x12xf32>, tensor<2x14x10xf32> -> tensor<2x9x20xf32>
  return %y : tensor<2x9x20xf32>
}
