// --mha-raise-attention with a padding mask and a causal or window band in
// one condition (HF-style `causal & padding`, then where/masked_fill): the
// symbolic proof reads the i1 tensor it cannot see through as an opaque
// condition, conjoined with the band's inequalities; the band becomes the
// attribute and the tensor the `mask` operand (negated where the select
// keeps the score where the condition is false). A disjunction of band and
// tensor, two different tensors, a tensor computed from the scores, or one
// read at a shifted index is left alone.
// RUN: mha-opt %s -mha-raise-attention -split-input-file | FileCheck %s
// Left-alone cases are left without a diagnostic.
// RUN: mha-opt %s -mha-raise-attention -split-input-file -verify-diagnostics -o /dev/null

// Static sizes: j <= i and the padding mask in one generic (torch.where).
func.func @causal_and_padding(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x1x9xi1>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<4x1x9xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c = arith.cmpi sle, %j, %i : index
    %both = arith.andi %c, %mm : i1
    %x = arith.select %both, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @causal_and_padding(
// CHECK-SAME:    %[[M:[^:]+]]: tensor<4x1x9xi1>
// CHECK:         %[[M4:.+]] = tensor.expand_shape %[[M]] {{\[}}[0, 1], [2], [3]] output_shape [1, 4, 1, 9] : tensor<4x1x9xi1> into tensor<1x4x1x9xi1>
// CHECK:         mha.attention {{.*}} mask(%[[M4]] : tensor<1x4x1x9xi1>) causal(top_left) scale(1.000000e+00) : tensor<1x4x5x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// Dynamic sizes: masked_fill(!(j <= i + S - L && pad), -inf), the
// negation an xori with true: bottom_right and the mask as it is.
func.func @dynamic_masked_fill(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>, %m: tensor<?x1x?xi1>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<?x1x?xi1>, tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %t = arith.constant true
    %d = arith.subi %s, %l : index
    %id = arith.addi %i, %d : index
    %c = arith.cmpi sle, %j, %id : index
    %both = arith.andi %mm, %c : i1
    %not = arith.xori %both, %t : i1
    %x = arith.select %not, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @dynamic_masked_fill(
// CHECK-SAME:    %[[M:[^:]+]]: tensor<?x1x?xi1>
// CHECK-NOT:     arith.xori
// CHECK:         %[[C:.+]] = tensor.collapse_shape %[[M]] {{\[}}[0], [1, 2]] : tensor<?x1x?xi1> into tensor<?x?xi1>
// CHECK:         %[[M4:.+]] = tensor.expand_shape %[[C]] {{\[}}[0], [1, 2, 3]]
// CHECK:         mha.attention {{.*}} mask(%[[M4]] : tensor<?x1x1x?xi1>) causal(bottom_right) scale(1.000000e+00) : tensor<?x1x?x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// torch's key_padding_mask (true: padding) with a causal sliding window
// of 3 keys: -inf where pad || j > i || j < i - 2; the op's mask is the
// negated tensor.
func.func @window_and_key_padding(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x1x9xi1>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<4x1x9xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c2 = arith.constant 2 : index
    %future = arith.cmpi sgt, %j, %i : index
    %lo = arith.subi %i, %c2 : index
    %old = arith.cmpi slt, %j, %lo : index
    %out = arith.ori %future, %old : i1
    %bad = arith.ori %out, %mm : i1
    %x = arith.select %bad, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @window_and_key_padding(
// CHECK-SAME:    %[[M:[^:]+]]: tensor<4x1x9xi1>
// CHECK:         %[[NOT:.+]] = linalg.generic
// CHECK:           arith.xori
// CHECK:         %[[M4:.+]] = tensor.expand_shape %[[NOT]]
// CHECK:         mha.attention {{.*}} mask(%[[M4]] : tensor<1x4x1x9xi1>) causal(top_left) window(2, 0) scale(1.000000e+00)
// CHECK-NOT:     linalg.generic
// CHECK:         return

// -----

// Left alone: a float attention_mask [N, S] (1: the key is there, 0:
// padding) compared with 0 inside the generic that selects. Only i1 tensors
// are opaque conditions, and a float read inside the body is not one (the
// next case compares it first).
func.func @integer_attention_mask(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x9xf32>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<4x9xf32>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: f32, %a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %present = arith.cmpf one, %mm, %zero : f32
    %c = arith.cmpi sle, %j, %i : index
    %both = arith.andi %c, %present : i1
    %x = arith.select %both, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @integer_attention_mask(
// CHECK-NOT:     mha.attention
// CHECK:         linalg.softmax
// CHECK-NOT:     mha.attention

// -----

// The same attention_mask compared with 0 by a generic of its own
// (an i1 [N, S] tensor), then and-ed with the causal comparison: the
// compared tensor is the mask.
func.func @compared_attention_mask(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %am: tensor<4x9xf32>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %me = tensor.empty() : tensor<4x9xi1>
  %m = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%am : tensor<4x9xf32>) outs(%me : tensor<4x9xi1>) {
  ^bb0(%x: f32, %o: i1):
    %ne = arith.cmpf one, %x, %zero : f32
    linalg.yield %ne : i1
  } -> tensor<4x9xi1>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<4x9xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c = arith.cmpi sle, %j, %i : index
    %both = arith.andi %c, %mm : i1
    %x = arith.select %both, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @compared_attention_mask(
// CHECK:         %[[M:.+]] = linalg.generic
// CHECK:           arith.cmpf one
// CHECK:         %[[M4:.+]] = tensor.expand_shape %[[M]] {{\[}}[0, 1], [2, 3]] output_shape [1, 4, 1, 9] : tensor<4x9xi1> into tensor<1x4x1x9xi1>
// CHECK:         mha.attention {{.*}} mask(%[[M4]] : tensor<1x4x1x9xi1>) causal(top_left) scale(1.000000e+00)
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// Dynamic sizes: torch.tril(torch.ones(L, S)) == 0 as its own generics
// (a float select tree compared with a constant) or-ed with torch's
// key_padding_mask (true: padding) in masked_fill's condition.
func.func @tril_ones_and_key_padding(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>, %m: tensor<?x1x?xi1>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %one = arith.constant 1.0 : f32
  %le = tensor.empty(%l, %s) : tensor<?x?xf32>
  %ones = linalg.fill ins(%one : f32) outs(%le : tensor<?x?xf32>) -> tensor<?x?xf32>
  %tril = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%ones : tensor<?x?xf32>) outs(%le : tensor<?x?xf32>) {
  ^bb0(%x: f32, %o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %keep = arith.cmpi sle, %j, %i : index
    %t = arith.select %keep, %x, %zero : f32
    linalg.yield %t : f32
  } -> tensor<?x?xf32>
  %be = tensor.empty(%l, %s) : tensor<?x?xi1>
  %masked_ls = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%tril : tensor<?x?xf32>) outs(%be : tensor<?x?xi1>) {
  ^bb0(%x: f32, %o: i1):
    %eq = arith.cmpf oeq, %x, %zero : f32
    linalg.yield %eq : i1
  } -> tensor<?x?xi1>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%masked_ls, %m, %qk : tensor<?x?xi1>, tensor<?x1x?xi1>, tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%future: i1, %mm: i1, %a: f32, %o: f32):
    %bad = arith.ori %future, %mm : i1
    %x = arith.select %bad, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @tril_ones_and_key_padding(
// CHECK-SAME:    %[[M:[^:]+]]: tensor<?x1x?xi1>
// CHECK:         %[[NOT:.+]] = linalg.generic
// CHECK-SAME:      ins(%[[M]] : tensor<?x1x?xi1>)
// CHECK:           arith.xori
// CHECK:         mha.attention {{.*}} mask(%{{.+}} : tensor<?x1x1x?xi1>) causal(top_left) scale(1.000000e+00)
// CHECK-NOT:     linalg.generic
// CHECK:         return

// -----

// Left alone: j <= i or the tensor (a disjunction).
func.func @causal_or_padding(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x1x9xi1>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<4x1x9xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c = arith.cmpi sle, %j, %i : index
    %either = arith.ori %c, %mm : i1
    %x = arith.select %either, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @causal_or_padding(
// CHECK-NOT:     mha.attention
// CHECK:         linalg.softmax
// CHECK-NOT:     mha.attention

// -----

// Left alone: two different i1 tensors and the causal comparison.
func.func @two_tensors(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x1x9xi1>, %m2: tensor<4x1x9xi1>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %m2, %qk : tensor<4x1x9xi1>, tensor<4x1x9xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %mm2: i1, %a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c = arith.cmpi sle, %j, %i : index
    %both = arith.andi %mm, %mm2 : i1
    %all = arith.andi %c, %both : i1
    %x = arith.select %all, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @two_tensors(
// CHECK-NOT:     mha.attention
// CHECK:         linalg.softmax
// CHECK-NOT:     mha.attention

// -----

// Left alone: the tensor read one key further on (at j + 1).
func.func @shifted_padding(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x1x10xi1>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, 0, d2 + 1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<4x1x10xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c = arith.cmpi sle, %j, %i : index
    %both = arith.andi %c, %mm : i1
    %x = arith.select %both, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @shifted_padding(
// CHECK-NOT:     mha.attention
// CHECK:         linalg.softmax
// CHECK-NOT:     mha.attention

// -----

// Left alone: an i1 tensor computed from the scores themselves.
func.func @mask_from_scores(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %pe = tensor.empty() : tensor<4x5x9xi1>
  %pos = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<4x5x9xf32>) outs(%pe : tensor<4x5x9xi1>) {
  ^bb0(%a: f32, %o: i1):
    %gt = arith.cmpf ogt, %a, %zero : f32
    linalg.yield %gt : i1
  } -> tensor<4x5x9xi1>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%pos, %qk : tensor<4x5x9xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c = arith.cmpi sle, %j, %i : index
    %both = arith.andi %c, %mm : i1
    %x = arith.select %both, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @mask_from_scores(
// CHECK-NOT:     mha.attention
// CHECK:         linalg.softmax
// CHECK-NOT:     mha.attention
