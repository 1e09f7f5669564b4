// Blocks whose projections take the tiled GEMM path of
// --mha-tile-projections (every width a multiple of 8): several row tiles
// with a clamped remainder tile, a batch of 2, the bias, head-split,
// head-merge and f16-rounding folds, GQA and cross-attention widths, column
// blocks, and a dynamic L. Each runs through the unfused path, the default flash path and
// small projection tiles (8 rows, 8 columns: many tiles, every fold on
// narrow panels), all checked against the float64 reference.

// RUN: rm -rf %t && split-file %s %t

// Self-attention, biases, causal. With the default options the pipeline's
// row-step (the register rows) balances the projection tiles: L = 45 takes
// two 24-row tiles, the second a window clamped to rows [21, 45); with
// projection-row-tile=8 and 3 register rows the 8-row tiles stay (3 does
// not divide 8), so the last is a window clamped to rows [37, 45).
// RUN: mha-run %t/self.mlir --seed=301 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=SELF
// RUN: mha-run %t/self.mlir --seed=301 --check | FileCheck %s --check-prefix=SELF
// RUN: mha-run %t/self.mlir --seed=301 --check --cpu-pipeline="projection-row-tile=8 projection-col-tile=8 register-rows=3 register-cols=8" | FileCheck %s --check-prefix=SELF
// Column blocks of 4 KiB of packed weights: one head (16 columns) per block.
// RUN: mha-run %t/self.mlir --seed=301 --check --cpu-pipeline="projection-weight-block-kib=4" | FileCheck %s --check-prefix=SELF
// SELF: output: result 0 tensor<2x45x64xf32> shape=2x45x64
// SELF: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// SELF-NEXT: check: PASS

// Cross-attention GQA without biases: different X for Q and K/V, L != S.
// RUN: mha-run %t/cross.mlir --seed=302 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CROSS
// RUN: mha-run %t/cross.mlir --seed=302 --check | FileCheck %s --check-prefix=CROSS
// RUN: mha-run %t/cross.mlir --seed=302 --check --cpu-pipeline="projection-row-tile=8 projection-col-tile=8" | FileCheck %s --check-prefix=CROSS
// RUN: mha-run %t/cross.mlir --seed=302 --check --cpu-pipeline="projection-weight-block-kib=2 projection-col-tile=8" | FileCheck %s --check-prefix=CROSS
// CROSS: output: result 0 tensor<2x37x24xf32> shape=2x37x24
// CROSS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CROSS-NEXT: check: PASS

// f16 with biases: the projections round to f16 inside the tiles.
// RUN: mha-run %t/half.mlir --seed=303 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=HALF
// RUN: mha-run %t/half.mlir --seed=303 --check | FileCheck %s --check-prefix=HALF
// RUN: mha-run %t/half.mlir --seed=303 --check --cpu-pipeline="projection-row-tile=8 projection-col-tile=8" | FileCheck %s --check-prefix=HALF
// HALF: output: result 0 tensor<1x40x32xf16> shape=1x40x32
// HALF: check: result 0: rel_l2={{(0|[0-9.]+e-[0-9]+)}} max_abs={{.*}} tol=0.01 PASS
// HALF-NEXT: check: PASS

// Dynamic L (70: two full 32-row tiles and a clamped one).
// RUN: mha-run %t/dynamic.mlir --seed=304 --shape=0=1x70x32 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=DYN
// RUN: mha-run %t/dynamic.mlir --seed=304 --shape=0=1x70x32 --check | FileCheck %s --check-prefix=DYN
// RUN: mha-run %t/dynamic.mlir --seed=304 --shape=0=1x70x32 --check --cpu-pipeline="projection-row-tile=8 projection-col-tile=8" | FileCheck %s --check-prefix=DYN
// DYN: output: result 0 tensor<1x?x32xf32> shape=1x70x32
// DYN: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYN-NEXT: check: PASS

//--- self.mlir
func.func @self_biases(%x: tensor<2x45x64xf32>,
    %wq: tensor<64x64xf32>, %wk: tensor<64x64xf32>, %wv: tensor<64x64xf32>, %wo: tensor<64x64xf32>,
    %bq: tensor<64xf32>, %bk: tensor<64xf32>, %bv: tensor<64xf32>, %bo: tensor<64xf32>) -> tensor<2x45x64xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>)
         heads(4) causal(bottom_right)
         : tensor<2x45x64xf32>, tensor<2x45x64xf32>, tensor<2x45x64xf32> -> tensor<2x45x64xf32>
  return %y : tensor<2x45x64xf32>
}

//--- cross.mlir
func.func @cross_gqa(%xq: tensor<2x37x48xf32>, %xk: tensor<2x29x40xf32>, %xv: tensor<2x29x40xf32>,
    %wq: tensor<48x64xf32>, %wk: tensor<40x32xf32>, %wv: tensor<40x32xf32>, %wo: tensor<64x24xf32>) -> tensor<2x37x24xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<48x64xf32>, tensor<40x32xf32>, tensor<40x32xf32>, tensor<64x24xf32>)
         heads(4, 2)
         : tensor<2x37x48xf32>, tensor<2x29x40xf32>, tensor<2x29x40xf32> -> tensor<2x37x24xf32>
  return %y : tensor<2x37x24xf32>
}

//--- half.mlir
func.func @half_biases(%x: tensor<1x40x32xf16>,
    %wq: tensor<32x32xf16>, %wk: tensor<32x32xf16>, %wv: tensor<32x32xf16>, %wo: tensor<32x32xf16>,
    %bq: tensor<32xf16>, %bk: tensor<32xf16>, %bv: tensor<32xf16>, %bo: tensor<32xf16>) -> tensor<1x40x32xf16> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>)
         biases(%bq, %bk, %bv, %bo : tensor<32xf16>, tensor<32xf16>, tensor<32xf16>, tensor<32xf16>)
         heads(2)
         : tensor<1x40x32xf16>, tensor<1x40x32xf16>, tensor<1x40x32xf16> -> tensor<1x40x32xf16>
  return %y : tensor<1x40x32xf16>
}

//--- dynamic.mlir
func.func @dynamic_rows(%x: tensor<1x?x32xf32>,
    %wq: tensor<32x32xf32>, %wk: tensor<32x32xf32>, %wv: tensor<32x32xf32>, %wo: tensor<32x32xf32>,
    %bq: tensor<32xf32>, %bk: tensor<32xf32>, %bv: tensor<32xf32>, %bo: tensor<32xf32>) -> tensor<1x?x32xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>)
         heads(4)
         : tensor<1x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32> -> tensor<1x?x32xf32>
  return %y : tensor<1x?x32xf32>
}
