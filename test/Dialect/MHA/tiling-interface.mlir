// mha.attention's TilingInterface through upstream's tiling transform:
// tiles of (B, Hq, L) become smaller mha.attention ops on slices.
// RUN: mha-opt %s --transform-interpreter --split-input-file -canonicalize \
// RUN:   -verify-diagnostics | FileCheck %s

// MHA: B, heads and rows tiled; keys, values and an unbroadcast mask follow.
// CHECK-LABEL: func.func @mha
// CHECK:       scf.forall (%[[B:.*]], %[[H:.*]], %[[L:.*]]) in (2, 4, 4)
// CHECK-DAG:     %[[H0:.*]] = affine.apply #{{.*}}(%[[H]])
// CHECK-DAG:     %[[L0:.*]] = affine.apply #{{.*}}(%[[L]])
// CHECK-DAG:     %[[TL:.*]] = affine.min #{{.*}}(%[[L]])
// CHECK-DAG:     %[[Q:.*]] = tensor.extract_slice %arg0[%[[B]], %[[H0]], %[[L0]], 0] [1, 2, %[[TL]], 16] [1, 1, 1, 1] : tensor<2x8x100x16xf32> to tensor<1x2x?x16xf32>
// CHECK-DAG:     %[[K:.*]] = tensor.extract_slice %arg1[%[[B]], %[[H0]], 0, 0] [1, 2, 50, 16] [1, 1, 1, 1] : tensor<2x8x50x16xf32> to tensor<1x2x50x16xf32>
// CHECK-DAG:     %[[V:.*]] = tensor.extract_slice %arg2[%[[B]], %[[H0]], 0, 0] [1, 2, 50, 8] [1, 1, 1, 1] : tensor<2x8x50x8xf32> to tensor<1x2x50x8xf32>
// CHECK-DAG:     %[[M:.*]] = tensor.extract_slice %arg3[%[[B]], %[[H0]], %[[L0]], 0] [1, 2, %[[TL]], 50] [1, 1, 1, 1] : tensor<2x8x100x50xi1> to tensor<1x2x?x50xi1>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<1x2x?x50xi1>) scale(5.000000e-01) softcap(3.000000e+01) : tensor<1x2x?x16xf32>, tensor<1x2x50x16xf32>, tensor<1x2x50x8xf32> -> tensor<1x2x?x8xf32>
// CHECK:         tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%[[B]], %[[H0]], %[[L0]], 0] [1, 2, %[[TL]], 8] [1, 1, 1, 1]
func.func @mha(%q: tensor<2x8x100x16xf32>, %k: tensor<2x8x50x16xf32>, %v: tensor<2x8x50x8xf32>, %m: tensor<2x8x100x50xi1>) -> tensor<2x8x100x8xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x8x100x50xi1>) scale(0.5) softcap(30.0)
         : tensor<2x8x100x16xf32>, tensor<2x8x50x16xf32>, tensor<2x8x50x8xf32> -> tensor<2x8x100x8xf32>
  return %o : tensor<2x8x100x8xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [1, 2, 32] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// GQA, G = 4: a tile of 8 query heads reads key/value heads [h0 / 4, 2); a
// broadcast bias (dims of size 1) stays whole along them.
// CHECK:       #[[G8:.*]] = affine_map<(d0) -> (d0 * 8)>
// CHECK:       #[[KV2:.*]] = affine_map<(d0) -> (d0 * 2)>
// CHECK-LABEL: func.func @gqa_multiple
// CHECK:       scf.forall (%[[H:.*]]) in (2)
// CHECK-NOT:     cf.assert
// CHECK-DAG:     %[[H0:.*]] = affine.apply #[[G8]](%[[H]])
// CHECK-DAG:     %[[KH:.*]] = affine.apply #[[KV2]](%[[H]])
// CHECK-DAG:     %[[Q:.*]] = tensor.extract_slice %arg0[0, %[[H0]], 0, 0] [1, 8, 64, 32]
// CHECK-DAG:     %[[K:.*]] = tensor.extract_slice %arg1[0, %[[KH]], 0, 0] [1, 2, 64, 32]
// CHECK:         mha.attention %[[Q]], %[[K]], %{{.*}} bias(%arg3 : tensor<1x1x1x64xf32>) : tensor<1x8x64x32xf32>, tensor<1x2x64x32xf32>, tensor<1x2x64x32xf32> -> tensor<1x8x64x32xf32>
func.func @gqa_multiple(%q: tensor<1x16x64x32xf32>, %k: tensor<1x4x64x32xf32>, %v: tensor<1x4x64x32xf32>, %b: tensor<1x1x1x64xf32>) -> tensor<1x16x64x32xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x1x1x64xf32>)
         : tensor<1x16x64x32xf32>, tensor<1x4x64x32xf32>, tensor<1x4x64x32xf32> -> tensor<1x16x64x32xf32>
  return %o : tensor<1x16x64x32xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 8, 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// GQA, G = 4: a tile of 2 query heads reads the one key/value head h0 / 4.
// CHECK:       #[[H2:.*]] = affine_map<(d0) -> (d0 * 2)>
// CHECK:       #[[KV1:.*]] = affine_map<(d0) -> (d0 floordiv 2)>
// CHECK-LABEL: func.func @gqa_divisor
// CHECK:       scf.forall (%[[H:.*]]) in (8)
// CHECK-DAG:     %[[KH:.*]] = affine.apply #[[KV1]](%[[H]])
// CHECK-DAG:     tensor.extract_slice %arg1[0, %[[KH]], 0, 0] [1, 1, 64, 32]
// CHECK:         mha.attention {{.*}} : tensor<1x2x64x32xf32>, tensor<1x1x64x32xf32>, tensor<1x1x64x32xf32> -> tensor<1x2x64x32xf32>
func.func @gqa_divisor(%q: tensor<1x16x64x32xf32>, %k: tensor<1x4x64x32xf32>, %v: tensor<1x4x64x32xf32>) -> tensor<1x16x64x32xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x16x64x32xf32>, tensor<1x4x64x32xf32>, tensor<1x4x64x32xf32> -> tensor<1x16x64x32xf32>
  return %o : tensor<1x16x64x32xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 2, 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// bottom_right with L = 100 > S = 80 and a window: a tile of rows [l0, l0 +
// 32) keeps the keys [max(0, l0 - 20 - 7), max(0, l0 + 32 - 20)) and is
// causal(bottom_right) over them.
// CHECK:       #[[END:.*]] = affine_map<(d0, d1) -> (0, d0 + d1 * 32 - 20)>
// CHECK:       #[[BEGIN:.*]] = affine_map<(d0) -> (0, d0 * 32 - 27)>
// CHECK-LABEL: func.func @band
// CHECK:       scf.forall (%[[L:.*]]) in (4)
// CHECK-DAG:     %[[TL:.*]] = affine.min #{{.*}}(%[[L]])
// CHECK-DAG:     %[[E:.*]] = affine.max #[[END]](%[[TL]], %[[L]])
// CHECK-DAG:     %[[K0:.*]] = affine.max #[[BEGIN]](%[[L]])
// CHECK-DAG:     %[[N:.*]] = affine.apply #{{.*}}(%[[K0]], %[[E]])
// CHECK-DAG:     %[[K:.*]] = tensor.extract_slice %arg1[0, 0, %[[K0]], 0] [1, 2, %[[N]], 16]
// CHECK:         mha.attention %{{.*}}, %[[K]], %{{.*}} causal(bottom_right) window(7, 3) : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32> -> tensor<1x2x?x16xf32>
func.func @band(%q: tensor<1x2x100x16xf32>, %k: tensor<1x2x80x16xf32>, %v: tensor<1x2x80x16xf32>) -> tensor<1x2x100x16xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) window(7, 3)
         : tensor<1x2x100x16xf32>, tensor<1x2x80x16xf32>, tensor<1x2x80x16xf32> -> tensor<1x2x100x16xf32>
  return %o : tensor<1x2x100x16xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 0, 32] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// top_left with L <= S: keys [0, l0 + 32), causal(bottom_right) over them.
// CHECK-LABEL: func.func @top_left
// CHECK:       scf.forall (%[[L:.*]]) in (2)
// CHECK:         mha.attention {{.*}} causal(bottom_right) : tensor<1x2x32x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32> -> tensor<1x2x32x16xf32>
func.func @top_left(%q: tensor<1x2x64x16xf32>, %k: tensor<1x2x80x16xf32>, %v: tensor<1x2x80x16xf32>) -> tensor<1x2x64x16xf32> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<1x2x64x16xf32>, tensor<1x2x80x16xf32>, tensor<1x2x80x16xf32> -> tensor<1x2x64x16xf32>
  return %o : tensor<1x2x64x16xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 0, 32] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// A band with L untiled stays as it is.
// CHECK-LABEL: func.func @band_heads_only
// CHECK:         mha.attention {{.*}} causal(top_left) window(4, 0) : tensor<1x1x64x16xf32>, tensor<1x1x48x16xf32>, tensor<1x1x48x16xf32> -> tensor<1x1x64x16xf32>
func.func @band_heads_only(%q: tensor<1x2x64x16xf32>, %k: tensor<1x2x48x16xf32>, %v: tensor<1x2x48x16xf32>) -> tensor<1x2x64x16xf32> {
  %o = mha.attention %q, %k, %v causal(top_left) window(4, 0)
         : tensor<1x2x64x16xf32>, tensor<1x2x48x16xf32>, tensor<1x2x48x16xf32> -> tensor<1x2x64x16xf32>
  return %o : tensor<1x2x64x16xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 1, 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// Not expressible: 3 query heads of groups of 2. Our error, then upstream's
// own errors and note ("faild to tile operation" in LLVM 22).
func.func @gqa_straddle(%q: tensor<1x6x8x16xf32>, %k: tensor<1x3x8x16xf32>, %v: tensor<1x3x8x16xf32>) -> tensor<1x6x8x16xf32> {
  // expected-error @below {{'mha.attention' op cannot be tiled: a tile of the query heads must be a multiple or a divisor of the group size G = 2 (so that it reads whole key/value heads), got 3}}
  // expected-error @below {{to tile operation}}
  // expected-error @below {{failed to generate tiling loops}}
  // expected-note @below {{when applied to this op}}
  %o = mha.attention %q, %k, %v
         : tensor<1x6x8x16xf32>, tensor<1x3x8x16xf32>, tensor<1x3x8x16xf32> -> tensor<1x6x8x16xf32>
  return %o : tensor<1x6x8x16xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{failed to apply}}
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 3, 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// Not expressible: rows of an op with a window and no causal band.
func.func @window_rows(%q: tensor<1x1x64x16xf32>, %k: tensor<1x1x64x16xf32>, %v: tensor<1x1x64x16xf32>) -> tensor<1x1x64x16xf32> {
  // expected-error @below {{'mha.attention' op cannot be tiled: a tile of the query rows (L) of an op with a window and no causal band is not an mha.attention}}
  // expected-error @below {{to tile operation}}
  // expected-error @below {{failed to generate tiling loops}}
  // expected-note @below {{when applied to this op}}
  %o = mha.attention %q, %k, %v window(4, 4)
         : tensor<1x1x64x16xf32>, tensor<1x1x64x16xf32>, tensor<1x1x64x16xf32> -> tensor<1x1x64x16xf32>
  return %o : tensor<1x1x64x16xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{failed to apply}}
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 0, 16] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// Not expressible: rows of a causal(top_left) op with L > S.
func.func @top_left_long(%q: tensor<1x1x64x16xf32>, %k: tensor<1x1x48x16xf32>, %v: tensor<1x1x48x16xf32>) -> tensor<1x1x64x16xf32> {
  // expected-error @below {{'mha.attention' op cannot be tiled: a tile of the query rows (L) of a causal(top_left) op needs static L <= S}}
  // expected-error @below {{to tile operation}}
  // expected-error @below {{failed to generate tiling loops}}
  // expected-note @below {{when applied to this op}}
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<1x1x64x16xf32>, tensor<1x1x48x16xf32>, tensor<1x1x48x16xf32> -> tensor<1x1x64x16xf32>
  return %o : tensor<1x1x64x16xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{failed to apply}}
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 0, 16] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// Producer fusion (generateResultTileValue): the first attention, whose
// result is the second's query, is computed inside the second's tile loop,
// for the tile's heads and rows only.
// CHECK-LABEL: func.func @fused_producer
// CHECK:       scf.forall (%[[H:.*]], %[[L:.*]]) in (2, 4)
// CHECK:         %[[Q:.*]] = tensor.extract_slice %arg0[0, %{{.*}}, %{{.*}}, 0] [1, 2, 16, 16]
// CHECK:         %[[A:.*]] = mha.attention %[[Q]], %{{.*}}, %{{.*}} : tensor<1x2x16x16xf32>, tensor<1x2x48x16xf32>, tensor<1x2x48x16xf32> -> tensor<1x2x16x16xf32>
// CHECK:         mha.attention %[[A]], %{{.*}}, %{{.*}} causal(bottom_right) : tensor<1x2x16x16xf32>, tensor<1x1x?x16xf32>, tensor<1x1x?x8xf32> -> tensor<1x2x16x8xf32>
// CHECK-NOT:   mha.attention
// CHECK:       return
func.func @fused_producer(%q: tensor<1x4x64x16xf32>, %k: tensor<1x4x48x16xf32>, %v: tensor<1x4x48x16xf32>, %k2: tensor<1x2x40x16xf32>, %v2: tensor<1x2x40x8xf32>) -> tensor<1x4x64x8xf32> {
  %a = mha.attention %q, %k, %v : tensor<1x4x64x16xf32>, tensor<1x4x48x16xf32>, tensor<1x4x48x16xf32> -> tensor<1x4x64x16xf32>
  %o = mha.attention %a, %k2, %v2 causal(bottom_right) : tensor<1x4x64x16xf32>, tensor<1x2x40x16xf32>, tensor<1x2x40x8xf32> -> tensor<1x4x64x8xf32>
  return %o : tensor<1x4x64x8xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %ops = transform.structured.match ops{["mha.attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %first, %second = transform.split_handle %ops : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %t, %loop = transform.structured.tile_using_forall %second tile_sizes [1, 2, 16] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %f, %l2 = transform.structured.fuse_into_containing_op %first into %loop : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// mha.multi_head_attention's domain is (B, L). Self-attention with a key
// padding mask, no causal band: each tile projects its query rows and all
// keys and values of its batch (the one input, sliced twice); the weights
// and biases stay whole; a mask dim of size 1 stays whole.
// CHECK-LABEL: func.func @block
// CHECK:       scf.forall (%[[B:.*]], %[[L:.*]]) in (2, 3)
// CHECK-DAG:     %[[L0:.*]] = affine.apply #{{.*}}(%[[L]])
// CHECK-DAG:     %[[TL:.*]] = affine.min #{{.*}}(%[[L]])
// CHECK-DAG:     %[[Q:.*]] = tensor.extract_slice %arg0[%[[B]], %[[L0]], 0] [1, %[[TL]], 32] [1, 1, 1] : tensor<2x10x32xf32> to tensor<1x?x32xf32>
// CHECK-DAG:     %[[K:.*]] = tensor.extract_slice %arg0[%[[B]], 0, 0] [1, 10, 32] [1, 1, 1] : tensor<2x10x32xf32> to tensor<1x10x32xf32>
// CHECK-DAG:     %[[V:.*]] = tensor.extract_slice %arg0[%[[B]], 0, 0] [1, 10, 32] [1, 1, 1] : tensor<2x10x32xf32> to tensor<1x10x32xf32>
// CHECK-DAG:     %[[M:.*]] = tensor.extract_slice %arg6[%[[B]], 0, 0, 0] [1, 1, 1, 10] [1, 1, 1, 1] : tensor<2x1x1x10xi1> to tensor<1x1x1x10xi1>
// CHECK:         %[[Y:.*]] = mha.multi_head_attention %[[Q]], %[[K]], %[[V]] weights(%arg1, %arg2, %arg3, %arg4 : {{.*}}) biases(%arg5, %arg5, %arg5, %arg5 : {{.*}}) mask(%[[M]] : tensor<1x1x1x10xi1>) heads(4) : tensor<1x?x32xf32>, tensor<1x10x32xf32>, tensor<1x10x32xf32> -> tensor<1x?x32xf32>
// CHECK:         tensor.parallel_insert_slice %[[Y]] into %{{.*}}[%[[B]], %[[L0]], 0] [1, %[[TL]], 32] [1, 1, 1]
func.func @block(%x: tensor<2x10x32xf32>, %wq: tensor<32x32xf32>, %wk: tensor<32x32xf32>, %wv: tensor<32x32xf32>, %wo: tensor<32x32xf32>, %b: tensor<32xf32>, %m: tensor<2x1x1x10xi1>) -> tensor<2x10x32xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>)
         biases(%b, %b, %b, %b : tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>)
         mask(%m : tensor<2x1x1x10xi1>) heads(4)
         : tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32> -> tensor<2x10x32xf32>
  return %y : tensor<2x10x32xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.multi_head_attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [1, 4] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// A causal block (bottom_right, L = 8, S = 12) tiled over L by 4: each tile
// projects only the key and value rows its query rows may see, [0, l0 + 8),
// and stays causal(bottom_right) over them.
// CHECK:       #[[KEND:.*]] = affine_map<(d0) -> (0, d0 * 4 + 8)>
// CHECK-LABEL: func.func @block_causal
// CHECK:       scf.forall (%[[L:.*]]) in (2)
// CHECK-DAG:     %[[N:.*]] = affine.max #[[KEND]](%[[L]])
// CHECK-DAG:     %[[K:.*]] = tensor.extract_slice %arg1[0, 0, 0] [1, %[[N]], 24] [1, 1, 1] : tensor<1x12x24xf32> to tensor<1x?x24xf32>
// CHECK-DAG:     %[[V:.*]] = tensor.extract_slice %arg2[0, 0, 0] [1, %[[N]], 16] [1, 1, 1] : tensor<1x12x16xf32> to tensor<1x?x16xf32>
// CHECK:         mha.multi_head_attention %{{.*}}, %[[K]], %[[V]] weights({{.*}}) heads(4, 2) causal(bottom_right) scale(2.500000e-01) : tensor<1x4x32xf32>, tensor<1x?x24xf32>, tensor<1x?x16xf32> -> tensor<1x4x20xf32>
func.func @block_causal(%xq: tensor<1x8x32xf32>, %xk: tensor<1x12x24xf32>, %xv: tensor<1x12x16xf32>, %wq: tensor<32x32xf32>, %wk: tensor<24x16xf32>, %wv: tensor<16x16xf32>, %wo: tensor<32x20xf32>) -> tensor<1x8x20xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf32>, tensor<24x16xf32>, tensor<16x16xf32>, tensor<32x20xf32>)
         heads(4, 2) causal(bottom_right) scale(0.25)
         : tensor<1x8x32xf32>, tensor<1x12x24xf32>, tensor<1x12x16xf32> -> tensor<1x8x20xf32>
  return %y : tensor<1x8x20xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.multi_head_attention"]} in %root : (!transform.any_op) -> !transform.any_op
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 4] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// A block with a window and no causal band: an L tile is not a block.
func.func @block_window(%x: tensor<1x16x8xf32>, %w: tensor<8x8xf32>) -> tensor<1x16x8xf32> {
  // expected-error @below {{'mha.multi_head_attention' op cannot be tiled: a tile of the query rows (L) of an op with a window and no causal band is not an mha.multi_head_attention}}
  // expected-error @below {{to tile operation}}
  // expected-error @below {{failed to generate tiling loops}}
  // expected-note @below {{when applied to this op}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>)
         heads(2) window(2, 2)
         : tensor<1x16x8xf32>, tensor<1x16x8xf32>, tensor<1x16x8xf32> -> tensor<1x16x8xf32>
  return %y : tensor<1x16x8xf32>
}
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["mha.multi_head_attention"]} in %root : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{failed to apply}}
    %t, %l = transform.structured.tile_using_forall %a tile_sizes [0, 8] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
