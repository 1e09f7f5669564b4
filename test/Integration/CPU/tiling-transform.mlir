// mha.attention tiled by upstream's transform dialect through its
// TilingInterface (mha-run --transform), then compiled: the tiles are
// smaller mha.attention ops on slices (mask and bias slices are strided
// buffers, with a dynamic S where a causal band limits the keys), checked
// against the float64 reference of the function as written.

// RUN: rm -rf %t && split-file %s %t

// MHA, full mask, scale and softcap; B, heads and rows tiled.
// RUN: mha-run %t/mha.mlir --transform=%t/tile-1-2-32.mlir --seed=1 --check | FileCheck %s
// RUN: mha-run %t/mha.mlir --transform=%t/tile-1-2-32.mlir --seed=1 --check --cpu-pipeline="flash=false" | FileCheck %s

// GQA 16/4 and a per-key bias: 8 heads (two key/value heads) and 2 heads
// (half of one) per tile.
// RUN: mha-run %t/gqa.mlir --transform=%t/tile-0-8-0.mlir --seed=2 --check | FileCheck %s
// RUN: mha-run %t/gqa.mlir --transform=%t/tile-0-2-16.mlir --seed=2 --check | FileCheck %s

// bottom_right with L > S, a window and a full mask: rows tiled, each tile
// keeps only the keys its rows see (none for the first rows).
// RUN: mha-run %t/band.mlir --transform=%t/tile-0-0-32.mlir --seed=3 --check | FileCheck %s
// RUN: mha-run %t/band.mlir --transform=%t/tile-0-1-7.mlir --seed=3 --check | FileCheck %s
// RUN: mha-run %t/band.mlir --transform=%t/tile-0-0-32.mlir --seed=3 --check --cpu-pipeline="flash=false" | FileCheck %s

// Sequential tile loops (tile_using_for: scf.for) instead of scf.forall.
// RUN: mha-run %t/band.mlir --transform=%t/tile-for.mlir --seed=3 --check | FileCheck %s

// top_left with L <= S and a full bias.
// RUN: mha-run %t/top-left.mlir --transform=%t/tile-0-0-32.mlir --seed=4 --check | FileCheck %s

// A dynamic L (given at run time), causal with a mask, f16.
// RUN: mha-run %t/dynamic.mlir --transform=%t/tile-0-1-7.mlir --seed=5 --check --shape=0=1x2x45x16 --shape=3=1x1x45x60 | FileCheck %s

// Two chained attentions (the first's result is the second's query): the
// second tiled, the first fused into its loop (generateResultTileValue).
// RUN: mha-run %t/chain.mlir --transform=%t/fuse.mlir --seed=6 --check | FileCheck %s
// RUN: mha-run %t/chain.mlir --transform=%t/fuse.mlir --seed=6 --check --cpu-pipeline="num-threads=1" | FileCheck %s

// mha.multi_head_attention tiled over (B, L): self-attention with biases, a
// key padding mask, causal(bottom_right) and softcap, one batch and 8 rows
// per tile (each tile projects the key/value rows its rows see); a GQA
// cross-attention block with causal(top_left), a window and a full bias,
// 5 rows per tile.
// RUN: mha-run %t/block.mlir --transform=%t/tile-block-1-8.mlir --seed=7 --check | FileCheck %s
// RUN: mha-run %t/block.mlir --transform=%t/tile-block-1-8.mlir --seed=7 --check --cpu-pipeline="flash=false" | FileCheck %s
// RUN: mha-run %t/block-gqa.mlir --transform=%t/tile-block-0-5.mlir --seed=8 --check | FileCheck %s

// CHECK: transform: applied @__transform_main
// CHECK: check: result 0: rel_l2={{.*}} PASS
// CHECK-NEXT: check: PASS

// A tile that is no mha.attention is an error, not wrong code.
// RUN: not mha-run %t/gqa.mlir --transform=%t/tile-0-3-0.mlir 2>&1 | FileCheck %s --check-prefix=ERR
// ERR: error: 'mha.attention' op cannot be tiled: a tile of the query heads must be a multiple or a divisor of the group size G = 4
// ERR: mha-run: error: the transform script '{{.*}}tile-0-3-0.mlir' failed (diagnostics above)

// Tile sizes of all 0 crash upstream MLIR 22's tile_using_forall: refused.
// RUN: not mha-run %t/mha.mlir --transform=%t/tile-0-0-0.mlir 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: error: 'transform.structured.tile_using_forall' op has only tile sizes of 0 (no loop to create), which upstream MLIR 22 crashes on
// ZERO: mha-run: error: the transform script '{{.*}}tile-0-0-0.mlir' failed (diagnostics above)

// A script without @__transform_main, and one that does not parse.
// RUN: not mha-run %t/mha.mlir --transform=%t/no-entry.mlir 2>&1 | FileCheck %s --check-prefix=NOENTRY
// NOENTRY: error: could not find a nested named sequence with name: __transform_main
// NOENTRY: mha-run: error: the transform script '{{.*}}no-entry.mlir' failed (diagnostics above)
// RUN: not mha-run %t/mha.mlir --transform=%t/mha.mlir 2>&1 | FileCheck %s --check-prefix=NOSEQ
// NOSEQ: error: could not find a nested named sequence with name: __transform_main
// NOSEQ: mha-run: error: the transform script '{{.*}}mha.mlir' failed (diagnostics above)
// RUN: not mha-run %t/mha.mlir --transform=%t/garbage.mlir 2>&1 | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: garbage.mlir:1:1: error:
// GARBAGE: mha-run: error: cannot parse the transform script '{{.*}}garbage.mlir' (diagnostics above)

// RUN: not mha-run %t/mha.mlir --transform=%t/missing.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: mha-run: error: cannot open the transform script '{{.*}}missing.mlir': no such file

//--- mha.mlir
func.func @mha(%q: tensor<2x8x100x16xf32>, %k: tensor<2x8x50x16xf32>, %v: tensor<2x8x50x8xf32>, %m: tensor<2x8x100x50xi1>) -> tensor<2x8x100x8xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x8x100x50xi1>) scale(0.5) softcap(3.0)
         : tensor<2x8x100x16xf32>, tensor<2x8x50x16xf32>, tensor<2x8x50x8xf32> -> tensor<2x8x100x8xf32>
  return %o : tensor<2x8x100x8xf32>
}

//--- gqa.mlir
func.func @gqa(%q: tensor<1x16x40x32xf32>, %k: tensor<1x4x70x32xf32>, %v: tensor<1x4x70x32xf32>, %b: tensor<1x1x1x70xf32>) -> tensor<1x16x40x32xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x1x1x70xf32>)
         : tensor<1x16x40x32xf32>, tensor<1x4x70x32xf32>, tensor<1x4x70x32xf32> -> tensor<1x16x40x32xf32>
  return %o : tensor<1x16x40x32xf32>
}

//--- band.mlir
func.func @band(%q: tensor<1x2x100x16xf32>, %k: tensor<1x2x80x16xf32>, %v: tensor<1x2x80x16xf32>, %m: tensor<1x1x100x80xi1>) -> tensor<1x2x100x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x100x80xi1>) causal(bottom_right) window(7, 3)
         : tensor<1x2x100x16xf32>, tensor<1x2x80x16xf32>, tensor<1x2x80x16xf32> -> tensor<1x2x100x16xf32>
  return %o : tensor<1x2x100x16xf32>
}

//--- top-left.mlir
func.func @top_left(%q: tensor<1x2x64x16xf32>, %k: tensor<1x2x80x16xf32>, %v: tensor<1x2x80x16xf32>, %b: tensor<1x2x64x80xf32>) -> tensor<1x2x64x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x2x64x80xf32>) causal(top_left)
         : tensor<1x2x64x16xf32>, tensor<1x2x80x16xf32>, tensor<1x2x80x16xf32> -> tensor<1x2x64x16xf32>
  return %o : tensor<1x2x64x16xf32>
}

//--- dynamic.mlir
func.func @dynamic(%q: tensor<1x2x?x16xf16>, %k: tensor<1x2x60x16xf16>, %v: tensor<1x2x60x16xf16>, %m: tensor<1x1x?x60xi1>) -> tensor<1x2x?x16xf16> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x?x60xi1>) causal(bottom_right)
         : tensor<1x2x?x16xf16>, tensor<1x2x60x16xf16>, tensor<1x2x60x16xf16> -> tensor<1x2x?x16xf16>
  return %o : tensor<1x2x?x16xf16>
}

//--- block.mlir
func.func @block(%x: tensor<2x37x32xf32>, %wq: tensor<32x32xf32>, %wk: tensor<32x32xf32>, %wv: tensor<32x32xf32>, %wo: tensor<32x24xf32>, %bq: tensor<32xf32>, %bk: tensor<32xf32>, %bv: tensor<32xf32>, %bo: tensor<24xf32>, %m: tensor<2x1x1x37xi1>) -> tensor<2x37x24xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x24xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<24xf32>)
         mask(%m : tensor<2x1x1x37xi1>) heads(4) causal(bottom_right) softcap(20.0)
         : tensor<2x37x32xf32>, tensor<2x37x32xf32>, tensor<2x37x32xf32> -> tensor<2x37x24xf32>
  return %y : tensor<2x37x24xf32>
}

//--- block-gqa.mlir
func.func @block_gqa(%xq: tensor<1x24x16xf32>, %xk: tensor<1x40x12xf32>, %xv: tensor<1x40x20xf32>, %wq: tensor<16x32xf32>, %wk: tensor<12x16xf32>, %wv: tensor<20x8xf32>, %wo: tensor<16x16xf32>, %b: tensor<1x1x24x40xf32>) -> tensor<1x24x16xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<16x32xf32>, tensor<12x16xf32>, tensor<20x8xf32>, tensor<16x16xf32>)
         bias(%b : tensor<1x1x24x40xf32>) heads(4, 2) causal(top_left) window(6, 0)
         : tensor<1x24x16xf32>, tensor<1x40x12xf32>, tensor<1x40x20xf32> -> tensor<1x24x16xf32>
  return %y : tensor<1x24x16xf32>
}

//--- tile-block-1-8.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.multi_head_attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [1, 8] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- tile-block-0-5.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.multi_head_attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 5] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- tile-1-2-32.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [1, 2, 32] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- tile-0-8-0.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 8, 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- tile-0-2-16.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 2, 16] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- tile-0-0-32.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 0, 32] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- tile-0-1-7.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 1, 7] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- tile-0-3-0.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 3, 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- chain.mlir
func.func @chain(%q: tensor<1x4x64x16xf32>, %k: tensor<1x4x48x16xf32>, %v: tensor<1x4x48x16xf32>, %k2: tensor<1x2x40x16xf32>, %v2: tensor<1x2x40x8xf32>) -> tensor<1x4x64x8xf32> {
  %a = mha.attention %q, %k, %v : tensor<1x4x64x16xf32>, tensor<1x4x48x16xf32>, tensor<1x4x48x16xf32> -> tensor<1x4x64x16xf32>
  %o = mha.attention %a, %k2, %v2 causal(bottom_right) : tensor<1x4x64x16xf32>, tensor<1x2x40x16xf32>, tensor<1x2x40x8xf32> -> tensor<1x4x64x8xf32>
  return %o : tensor<1x4x64x8xf32>
}

//--- fuse.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %ops = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %first, %second = transform.split_handle %ops : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %t, %loop = transform.structured.tile_using_forall %second tile_sizes [1, 2, 16] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %f, %l2 = transform.structured.fuse_into_containing_op %first into %loop : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- tile-for.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l:2 = transform.structured.tile_using_for %a tile_sizes [0, 1, 24] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- tile-0-0-0.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 0, 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

//--- no-entry.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @other(%root: !transform.any_op {transform.readonly}) {
    transform.yield
  }
}

//--- garbage.mlir
this is not a transform script
