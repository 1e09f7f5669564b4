// --mha-raise-attention with a mask selected in place from an i1 tensor
// (a key padding mask, torch's where/masked_fill): the score where the
// tensor is true, -inf elsewhere, becomes the `mask` operand, reshaped to
// rank 4 like a bias; -inf where the tensor is true (masked_fill) negates
// it first (a linalg.generic of arith.xori). Static and dynamic sizes;
// linalg generics, arith on tensors, tosa.select.
// RUN: mha-opt %s -mha-raise-attention -split-input-file | FileCheck %s
// Left-alone cases are left without a diagnostic.
// RUN: mha-opt %s -mha-raise-attention -split-input-file -verify-diagnostics -o /dev/null

// A key padding mask [N, 1, S] (true: the key is there), static sizes,
// torch.where(mask, scores, -inf).
func.func @key_padding(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x1x9xi1>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<4x1x9xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %x = arith.select %mm, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @key_padding(
// CHECK-SAME:    %[[M:[^:]+]]: tensor<4x1x9xi1>
// CHECK:         %[[M4:.+]] = tensor.expand_shape %[[M]] {{\[}}[0, 1], [2], [3]] output_shape [1, 4, 1, 9] : tensor<4x1x9xi1> into tensor<1x4x1x9xi1>
// CHECK:         mha.attention {{.*}} mask(%[[M4]] : tensor<1x4x1x9xi1>) scale(1.000000e+00) : tensor<1x4x5x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// masked_fill(mask, -inf): -inf where the tensor is true, so the op's
// mask is its negation, computed by a generic before the op.
func.func @masked_fill(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<5x9xi1>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<5x9xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %x = arith.select %mm, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @masked_fill(
// CHECK-SAME:    %[[M:[^:]+]]: tensor<5x9xi1>
// CHECK:         %[[NOT:.+]] = linalg.generic
// CHECK:           arith.xori
// CHECK:         %[[M4:.+]] = tensor.expand_shape %[[NOT]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 5, 9] : tensor<5x9xi1> into tensor<1x1x5x9xi1>
// CHECK:         mha.attention {{.*}} mask(%[[M4]] : tensor<1x1x5x9xi1>) scale(1.000000e+00)
// CHECK:         return

// -----

// Every size but E dynamic, an [L, S] mask.
func.func @dynamic_mask(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>, %m: tensor<?x?xi1>) -> tensor<?x?x8xf32> {
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
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<?x?xi1>, tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %x = arith.select %mm, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @dynamic_mask(
// CHECK-SAME:    %[[M:[^:]+]]: tensor<?x?xi1>
// CHECK:         %[[M4:.+]] = tensor.expand_shape %[[M]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, %{{.+}}, %{{.+}}] : tensor<?x?xi1> into tensor<1x1x?x?xi1>
// CHECK:         mha.attention {{.*}} mask(%[[M4]] : tensor<1x1x?x?xi1>) scale(1.000000e+00) : tensor<?x1x?x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// A padding mask and, after it, a causal mask built from linalg.index:
// both, the mask as the operand and the causal band as the attribute.
func.func @mask_and_causal(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>, %m: tensor<?x1x?xi1>) -> tensor<?x?x8xf32> {
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
  %padded = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<?x1x?xi1>, tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %x = arith.select %mm, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%padded : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c = arith.cmpi sgt, %j, %i : index
    %x = arith.select %c, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @mask_and_causal(
// CHECK:         mha.attention {{.*}} mask(%{{.+}} : tensor<?x1x1x?xi1>) causal(top_left) scale(1.000000e+00) : tensor<?x1x?x16xf32>
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// An added bias, then an in-place mask on arith ops on tensors (static).
func.func @mask_and_bias(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x5x9xi1>, %bias: tensor<4x5x9xf32>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %ninfs = arith.constant dense<0xFF800000> : tensor<4x5x9xf32>
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %b = arith.addf %qk, %bias : tensor<4x5x9xf32>
  %masked = arith.select %m, %b, %ninfs : tensor<4x5x9xi1>, tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @mask_and_bias(
// CHECK-SAME:    %[[M:[^:]+]]: tensor<4x5x9xi1>, %[[BIAS:[^:]+]]: tensor<4x5x9xf32>
// CHECK:         mha.attention {{.*}} mask(%{{.+}} : tensor<1x4x5x9xi1>) bias(%{{.+}} : tensor<1x4x5x9xf32>) scale(1.000000e+00)
// CHECK-NOT:     linalg.
// CHECK:         return

// -----

// -1e4 in place of -inf: the masked scores still count in the softmax;
// not a mask, and a select is no bias; left alone.
func.func @fill_not_inf(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x1x9xi1>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %big = arith.constant -1.0e+04 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<4x1x9xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %x = arith.select %mm, %a, %big : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @fill_not_inf(
// CHECK-NOT:     mha.attention
// CHECK:         arith.select
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// A mask read transposed ([S, L] at (j, i)): the op's mask is read in
// order; left alone.
func.func @transposed_mask(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<9x5xi1>) -> tensor<4x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<4x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<4x5x16xf32>, tensor<4x9x16xf32>) outs(%sf : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m, %qk : tensor<9x5xi1>, tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) {
  ^bb0(%mm: i1, %a: f32, %o: f32):
    %x = arith.select %mm, %a, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<4x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<4x5x9xf32>) outs(%se : tensor<4x5x9xf32>) -> tensor<4x5x9xf32>
  %oe = tensor.empty() : tensor<4x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<4x5x9xf32>, tensor<4x9x8xf32>) outs(%of : tensor<4x5x8xf32>) -> tensor<4x5x8xf32>
  return %o : tensor<4x5x8xf32>
}

// CHECK-LABEL: func.func @transposed_mask(
// CHECK-NOT:     mha.attention
// CHECK:         arith.select
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// TorchToTosa's where(mask, scores, -inf): tosa.select broadcasting a
// [1, 1, 1, S] key padding mask and a -inf constant.
func.func @tosa_where(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x8xf32>, %m: tensor<1x1x1x5xi1>) -> tensor<1x2x3x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %ninf = "tosa.const"() <{values = dense<0xFF800000> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %kt = tosa.transpose %k {perms = array<i32: 0, 1, 3, 2>} : (tensor<1x2x5x4xf32>) -> tensor<1x2x4x5xf32>
  %s3 = tosa.const_shape {values = dense<[2, 3, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %q3 = tosa.reshape %q, %s3 : (tensor<1x2x3x4xf32>, !tosa.shape<3>) -> tensor<2x3x4xf32>
  %sk = tosa.const_shape {values = dense<[2, 4, 5]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %k3 = tosa.reshape %kt, %sk : (tensor<1x2x4x5xf32>, !tosa.shape<3>) -> tensor<2x4x5xf32>
  %qk = tosa.matmul %q3, %k3, %zp, %zp : (tensor<2x3x4xf32>, tensor<2x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x5xf32>
  %s4 = tosa.const_shape {values = dense<[1, 2, 3, 5]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sc = tosa.reshape %qk, %s4 : (tensor<2x3x5xf32>, !tosa.shape<4>) -> tensor<1x2x3x5xf32>
  %sel = tosa.select %m, %sc, %ninf : (tensor<1x1x1x5xi1>, tensor<1x2x3x5xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x3x5xf32>
  %mx = tosa.reduce_max %sel {axis = 3 : i32} : (tensor<1x2x3x5xf32>) -> tensor<1x2x3x1xf32>
  %d = tosa.sub %sel, %mx : (tensor<1x2x3x5xf32>, tensor<1x2x3x1xf32>) -> tensor<1x2x3x5xf32>
  %e = tosa.exp %d : (tensor<1x2x3x5xf32>) -> tensor<1x2x3x5xf32>
  %sm = tosa.reduce_sum %e {axis = 3 : i32} : (tensor<1x2x3x5xf32>) -> tensor<1x2x3x1xf32>
  %r = tosa.reciprocal %sm : (tensor<1x2x3x1xf32>) -> tensor<1x2x3x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<1x2x3x5xf32>, tensor<1x2x3x1xf32>, tensor<1xi8>) -> tensor<1x2x3x5xf32>
  %sp = tosa.const_shape {values = dense<[2, 3, 5]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %p3 = tosa.reshape %p, %sp : (tensor<1x2x3x5xf32>, !tosa.shape<3>) -> tensor<2x3x5xf32>
  %sv = tosa.const_shape {values = dense<[2, 5, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %v3 = tosa.reshape %v, %sv : (tensor<1x2x5x8xf32>, !tosa.shape<3>) -> tensor<2x5x8xf32>
  %o3 = tosa.matmul %p3, %v3, %zp, %zp : (tensor<2x3x5xf32>, tensor<2x5x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x8xf32>
  %so = tosa.const_shape {values = dense<[1, 2, 3, 8]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %o = tosa.reshape %o3, %so : (tensor<2x3x8xf32>, !tosa.shape<4>) -> tensor<1x2x3x8xf32>
  return %o : tensor<1x2x3x8xf32>
}

// CHECK-LABEL: func.func @tosa_where(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x2x3x4xf32>, %[[K:[^:]+]]: tensor<1x2x5x4xf32>, %[[V:[^:]+]]: tensor<1x2x5x8xf32>, %[[M:[^:]+]]: tensor<1x1x1x5xi1>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<1x1x1x5xi1>) scale(1.000000e+00)
// CHECK-NOT:     tosa.
// CHECK:         return

// -----

// masked_fill(mask, -inf) in TOSA: tosa.select with -inf where the mask
// is true; the op's mask is its negation.
func.func @tosa_masked_fill(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x5x4xf32>, %v: tensor<1x2x5x8xf32>, %m: tensor<1x1x1x5xi1>) -> tensor<1x2x3x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %ninf = "tosa.const"() <{values = dense<0xFF800000> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %kt = tosa.transpose %k {perms = array<i32: 0, 1, 3, 2>} : (tensor<1x2x5x4xf32>) -> tensor<1x2x4x5xf32>
  %s3 = tosa.const_shape {values = dense<[2, 3, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %q3 = tosa.reshape %q, %s3 : (tensor<1x2x3x4xf32>, !tosa.shape<3>) -> tensor<2x3x4xf32>
  %sk = tosa.const_shape {values = dense<[2, 4, 5]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %k3 = tosa.reshape %kt, %sk : (tensor<1x2x4x5xf32>, !tosa.shape<3>) -> tensor<2x4x5xf32>
  %qk = tosa.matmul %q3, %k3, %zp, %zp : (tensor<2x3x4xf32>, tensor<2x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x5xf32>
  %s4 = tosa.const_shape {values = dense<[1, 2, 3, 5]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sc = tosa.reshape %qk, %s4 : (tensor<2x3x5xf32>, !tosa.shape<4>) -> tensor<1x2x3x5xf32>
  %sel = tosa.select %m, %ninf, %sc : (tensor<1x1x1x5xi1>, tensor<1x1x1x1xf32>, tensor<1x2x3x5xf32>) -> tensor<1x2x3x5xf32>
  %mx = tosa.reduce_max %sel {axis = 3 : i32} : (tensor<1x2x3x5xf32>) -> tensor<1x2x3x1xf32>
  %d = tosa.sub %sel, %mx : (tensor<1x2x3x5xf32>, tensor<1x2x3x1xf32>) -> tensor<1x2x3x5xf32>
  %e = tosa.exp %d : (tensor<1x2x3x5xf32>) -> tensor<1x2x3x5xf32>
  %sm = tosa.reduce_sum %e {axis = 3 : i32} : (tensor<1x2x3x5xf32>) -> tensor<1x2x3x1xf32>
  %r = tosa.reciprocal %sm : (tensor<1x2x3x1xf32>) -> tensor<1x2x3x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<1x2x3x5xf32>, tensor<1x2x3x1xf32>, tensor<1xi8>) -> tensor<1x2x3x5xf32>
  %sp = tosa.const_shape {values = dense<[2, 3, 5]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %p3 = tosa.reshape %p, %sp : (tensor<1x2x3x5xf32>, !tosa.shape<3>) -> tensor<2x3x5xf32>
  %sv = tosa.const_shape {values = dense<[2, 5, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %v3 = tosa.reshape %v, %sv : (tensor<1x2x5x8xf32>, !tosa.shape<3>) -> tensor<2x5x8xf32>
  %o3 = tosa.matmul %p3, %v3, %zp, %zp : (tensor<2x3x5xf32>, tensor<2x5x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x8xf32>
  %so = tosa.const_shape {values = dense<[1, 2, 3, 8]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %o = tosa.reshape %o3, %so : (tensor<2x3x8xf32>, !tosa.shape<4>) -> tensor<1x2x3x8xf32>
  return %o : tensor<1x2x3x8xf32>
}

// CHECK-LABEL: func.func @tosa_masked_fill(
// CHECK:         %[[NOT:.+]] = linalg.generic
// CHECK:           arith.xori
// CHECK:         mha.attention {{.*}} mask(%[[NOT]] : tensor<1x1x1x5xi1>) scale(1.000000e+00)
// CHECK-NOT:     tosa.
// CHECK:         return
