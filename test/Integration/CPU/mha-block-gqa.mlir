// The multi-head attention block with grouped key/value heads, heads(8, 2):
// causal, and with a mask, an attention bias, a window, a scale and a
// softcap at once. Random weights are uniform in [-1, 1), so the projected
// scores are large; that is fine for the check. Run through the unfused
// path, the default flash tiles and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/causal.mlir --seed=201 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=201 --check | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=201 --check --cpu-pipeline="query-tile=5 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=CAUSAL
// CAUSAL: output: result 0 tensor<2x16x32xf32> shape=2x16x32
// CAUSAL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CAUSAL-NEXT: check: PASS

// RUN: mha-run %t/all.mlir --seed=202 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=ALL
// RUN: mha-run %t/all.mlir --seed=202 --check | FileCheck %s --check-prefix=ALL
// RUN: mha-run %t/all.mlir --seed=202 --check --cpu-pipeline="query-tile=7 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=ALL
// ALL: output: result 0 tensor<1x18x24xf32> shape=1x18x24
// ALL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// ALL-NEXT: check: PASS

//--- causal.mlir
// E = Ev = 4, Eo = 32, bottom_right (L = S = 16).
func.func @gqa_block_causal(%x: tensor<2x16x32xf32>, %wq: tensor<32x32xf32>, %wk: tensor<32x8xf32>,
                            %wv: tensor<32x8xf32>, %wo: tensor<32x32xf32>) -> tensor<2x16x32xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf32>, tensor<32x8xf32>, tensor<32x8xf32>, tensor<32x32xf32>)
         heads(8, 2) causal(bottom_right)
         : tensor<2x16x32xf32>, tensor<2x16x32xf32>, tensor<2x16x32xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

//--- all.mlir
// E = 6, Ev = 3, Eo = 24, with projection biases, a per-head mask, a
// per-head-and-key bias, top_left with window(5, 0), scale and softcap.
func.func @gqa_block_all(%x: tensor<1x18x24xf32>, %wq: tensor<24x48xf32>, %wk: tensor<24x12xf32>,
                         %wv: tensor<24x6xf32>, %wo: tensor<24x24xf32>, %bq: tensor<48xf32>,
                         %bk: tensor<12xf32>, %bv: tensor<6xf32>, %bo: tensor<24xf32>,
                         %m: tensor<1x8x18x18xi1>, %b: tensor<1x8x1x18xf32>) -> tensor<1x18x24xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<24x48xf32>, tensor<24x12xf32>, tensor<24x6xf32>, tensor<24x24xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<48xf32>, tensor<12xf32>, tensor<6xf32>, tensor<24xf32>)
         mask(%m : tensor<1x8x18x18xi1>) bias(%b : tensor<1x8x1x18xf32>)
         heads(8, 2) causal(top_left) window(5, 0) scale(0.2) softcap(3.0)
         : tensor<1x18x24xf32>, tensor<1x18x24xf32>, tensor<1x18x24xf32> -> tensor<1x18x24xf32>
  return %y : tensor<1x18x24xf32>
}
