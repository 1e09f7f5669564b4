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

// Dynamic row counts whose last 32-row tile is partial take it in sub-tiles
// of the register block's rows, each a window moved back within the rows:
// L = 93 (two whole tiles, then 29 rows: four 8-row sub-tiles, the last one
// moved back), L = 13 (one partial tile: two sub-tiles), L = 5 (fewer rows
// than a sub-tile: zero-padded). Also 6-row sub-tiles (AVX2 register rows)
// and 3-row ones.
// RUN: mha-run %t/dynamic.mlir --seed=305 --shape=0=1x93x32 --check | FileCheck %s --check-prefix=DYN93
// RUN: mha-run %t/dynamic.mlir --seed=305 --shape=0=1x93x32 --check --mattr=-avx512f | FileCheck %s --check-prefix=DYN93
// RUN: mha-run %t/dynamic.mlir --seed=305 --shape=0=1x93x32 --check --cpu-pipeline="projection-row-tile=24 register-rows=3 register-cols=8" | FileCheck %s --check-prefix=DYN93
// DYN93: output: result 0 tensor<1x?x32xf32> shape=1x93x32
// DYN93: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYN93-NEXT: check: PASS
// RUN: mha-run %t/dynamic.mlir --seed=306 --shape=0=1x13x32 --check | FileCheck %s --check-prefix=DYN13
// DYN13: output: result 0 tensor<1x?x32xf32> shape=1x13x32
// DYN13: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYN13-NEXT: check: PASS
// RUN: mha-run %t/dynamic.mlir --seed=307 --shape=0=1x5x32 --check | FileCheck %s --check-prefix=DYN5
// DYN5: output: result 0 tensor<1x?x32xf32> shape=1x5x32
// DYN5: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYN5-NEXT: check: PASS

// Dynamic cross-attention without biases (the projections' init is read,
// not broadcast from a bias), batch 2: L = 45 queries over S = 21 keys.
// RUN: mha-run %t/dynamic-cross.mlir --seed=308 --shape=0=2x45x48 --shape=1=2x21x40 --shape=2=2x21x40 --check | FileCheck %s --check-prefix=DYNX
// RUN: mha-run %t/dynamic-cross.mlir --seed=308 --shape=0=2x45x48 --shape=1=2x21x40 --shape=2=2x21x40 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=DYNX
// DYNX: output: result 0 tensor<?x?x24xf32> shape=2x45x24
// DYNX: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYNX-NEXT: check: PASS

// A projection contraction written directly (C = init + X . W with an
// init that is read, not a bias), a dynamic row count, inputs from .npy
// files: --mha-tile-projections takes it (sub-tiles for the last 29 of 93
// rows, each reading its own init rows), checked against numpy in float64.
// RUN: %python -c "import numpy as np; r = np.random.default_rng(7); [np.save('%t/proj.' + n + '.npy', r.uniform(-1, 1, s).astype(np.float32)) for n, s in (('x', (2, 93, 40)), ('w', (40, 48)), ('i', (2, 93, 48)))]"
// RUN: mha-opt %t/projection.mlir --mha-tile-projections="row-step=8" | FileCheck %s --check-prefix=PROJTILE
// PROJTILE: scf.forall
// PROJTILE: scf.if
// PROJTILE: } else {
// PROJTILE: scf.for
// PROJTILE: tensor<8x40xf32>
// RUN: mha-run %t/projection.mlir --input=%t/proj.x.npy,%t/proj.w.npy,%t/proj.i.npy --output=%t/proj.out.npy | FileCheck %s --check-prefix=PROJ
// PROJ: output: result 0 tensor<?x?x48xf32> shape=2x93x48 -> {{.*}}proj.out.npy
// RUN: %python -c "import numpy as np; l = lambda n: np.load('%t/proj.' + n + '.npy').astype(np.float64); want = l('i') + l('x') @ l('w'); got = l('out'); err = np.linalg.norm(got - want) / np.linalg.norm(want); assert err < 1e-6, err"

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

//--- dynamic-cross.mlir
func.func @dynamic_cross(%xq: tensor<?x?x48xf32>, %xk: tensor<?x?x40xf32>, %xv: tensor<?x?x40xf32>,
    %wq: tensor<48x64xf32>, %wk: tensor<40x32xf32>, %wv: tensor<40x32xf32>, %wo: tensor<64x24xf32>) -> tensor<?x?x24xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<48x64xf32>, tensor<40x32xf32>, tensor<40x32xf32>, tensor<64x24xf32>)
         heads(4, 2)
         : tensor<?x?x48xf32>, tensor<?x?x40xf32>, tensor<?x?x40xf32> -> tensor<?x?x24xf32>
  return %y : tensor<?x?x24xf32>
}

//--- projection.mlir
#x = affine_map<(b, n, m, k) -> (b, n, k)>
#w = affine_map<(b, n, m, k) -> (k, m)>
#c = affine_map<(b, n, m, k) -> (b, n, m)>
func.func @projection(%x: tensor<?x?x40xf32>, %w: tensor<40x48xf32>, %init: tensor<?x?x48xf32>) -> tensor<?x?x48xf32> {
  %c = linalg.generic {indexing_maps = [#x, #w, #c], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%x, %w : tensor<?x?x40xf32>, tensor<40x48xf32>) outs(%init : tensor<?x?x48xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x?x48xf32>
  return %c : tensor<?x?x48xf32>
}
