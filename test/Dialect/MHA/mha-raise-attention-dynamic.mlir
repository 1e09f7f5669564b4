// --mha-raise-attention with dynamic sizes: the structure is matched as
// with static ones (reshapes by their reassociation, sizes agreeing where
// static); the mha.attention takes Q's [B, H] when Q is 4-D with a static H,
// else [B*H, 1]; its operands and result are reshaped with sizes read off
// the arguments, and tensor.dim ops on matched values (torch-mlir sizes its
// tensor.empty ops that way) are replaced by the sizes they read. Masks are
// proved causal symbolically (mha-raise-attention-causal-proof.mlir); an
// added mask that is not causal is raised as a bias, a selected one is left
// alone. E and Ev must be static.
// RUN: mha-opt %s -mha-raise-attention -split-input-file | FileCheck %s
// Left-alone cases are left without a diagnostic.
// RUN: mha-opt %s -mha-raise-attention -split-input-file -verify-diagnostics -o /dev/null

// 4-D torch-style SDPA, B, L and S dynamic: 4-D arguments collapsed around
// linalg.batch_matmul (sizes read off the collapsed values), the scores
// expanded back, * 0.25, an [L, S] bias, softmax as generics whose
// tensor.empty ops are sized by tensor.dim of the values they follow.

// CHECK-LABEL: func.func @sdpa_4d(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<?x4x?x16xf32>, %[[K:[^:]+]]: tensor<?x4x?x16xf32>, %[[V:[^:]+]]: tensor<?x4x?x8xf32>, %[[M:[^:]+]]: tensor<?x?xf32>
// CHECK:         %[[ML:.+]] = tensor.dim %[[M]], %c0
// CHECK:         %[[MS:.+]] = tensor.dim %[[M]], %c1
// CHECK:         %[[M4:.+]] = tensor.expand_shape %[[M]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, %[[ML]], %[[MS]]] : tensor<?x?xf32> into tensor<1x1x?x?xf32>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] bias(%[[M4]] : tensor<1x1x?x?xf32>) scale(2.500000e-01) : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x8xf32> -> tensor<?x4x?x8xf32>
// CHECK-NEXT:    return %[[A]]
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#bias = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
func.func @sdpa_4d(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>, %v: tensor<?x4x?x8xf32>, %m: tensor<?x?xf32>) -> tensor<?x4x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %sc = arith.constant 0.25 : f32
  %b = tensor.dim %q, %c0 : tensor<?x4x?x16xf32>
  %l = tensor.dim %q, %c2 : tensor<?x4x?x16xf32>
  %s = tensor.dim %k, %c2 : tensor<?x4x?x16xf32>
  %qc = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<?x4x?x16xf32> into tensor<?x?x16xf32>
  %kc = tensor.collapse_shape %k [[0, 1], [2], [3]] : tensor<?x4x?x16xf32> into tensor<?x?x16xf32>
  %vc = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<?x4x?x8xf32> into tensor<?x?x8xf32>
  %bh = tensor.dim %qc, %c0 : tensor<?x?x16xf32>
  %kte = tensor.empty(%bh, %s) : tensor<?x16x?xf32>
  %kt = linalg.transpose ins(%kc : tensor<?x?x16xf32>) outs(%kte : tensor<?x16x?xf32>) permutation = [0, 2, 1]
  %se = tensor.empty(%bh, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul ins(%qc, %kt : tensor<?x?x16xf32>, tensor<?x16x?xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %s4 = tensor.expand_shape %qk [[0, 1], [2], [3]] output_shape [%b, 4, %l, %s] : tensor<?x?x?xf32> into tensor<?x4x?x?xf32>
  %d0 = tensor.dim %s4, %c0 : tensor<?x4x?x?xf32>
  %c3 = arith.constant 3 : index
  %d2 = tensor.dim %s4, %c2 : tensor<?x4x?x?xf32>
  %d3 = tensor.dim %s4, %c3 : tensor<?x4x?x?xf32>
  %e4 = tensor.empty(%d0, %d2, %d3) : tensor<?x4x?x?xf32>
  %scaled = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s4 : tensor<?x4x?x?xf32>) outs(%e4 : tensor<?x4x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %x = arith.mulf %a, %sc : f32
    linalg.yield %x : f32
  } -> tensor<?x4x?x?xf32>
  %biased = linalg.generic {indexing_maps = [#id4, #bias, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%scaled, %m : tensor<?x4x?x?xf32>, tensor<?x?xf32>) outs(%e4 : tensor<?x4x?x?xf32>) {
  ^bb0(%a: f32, %mm: f32, %o: f32):
    %x = arith.addf %a, %mm : f32
    linalg.yield %x : f32
  } -> tensor<?x4x?x?xf32>
  %q0 = tensor.dim %biased, %c0 : tensor<?x4x?x?xf32>
  %q2 = tensor.dim %biased, %c2 : tensor<?x4x?x?xf32>
  %re = tensor.empty(%q0, %q2) : tensor<?x4x?xf32>
  %mf = linalg.fill ins(%ninf : f32) outs(%re : tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %mx = linalg.generic {indexing_maps = [#id4, #row4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%biased : tensor<?x4x?x?xf32>) outs(%mf : tensor<?x4x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %x = arith.maximumf %a, %o : f32
    linalg.yield %x : f32
  } -> tensor<?x4x?xf32>
  %ex = linalg.generic {indexing_maps = [#id4, #row4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%biased, %mx : tensor<?x4x?x?xf32>, tensor<?x4x?xf32>) outs(%e4 : tensor<?x4x?x?xf32>) {
  ^bb0(%a: f32, %mm: f32, %o: f32):
    %d = arith.subf %a, %mm : f32
    %x = math.exp %d : f32
    linalg.yield %x : f32
  } -> tensor<?x4x?x?xf32>
  %zf = linalg.fill ins(%zero : f32) outs(%re : tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %sm = linalg.generic {indexing_maps = [#id4, #row4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%ex : tensor<?x4x?x?xf32>) outs(%zf : tensor<?x4x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %x = arith.addf %a, %o : f32
    linalg.yield %x : f32
  } -> tensor<?x4x?xf32>
  %p = linalg.generic {indexing_maps = [#id4, #row4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%ex, %sm : tensor<?x4x?x?xf32>, tensor<?x4x?xf32>) outs(%e4 : tensor<?x4x?x?xf32>) {
  ^bb0(%a: f32, %ss: f32, %o: f32):
    %x = arith.divf %a, %ss : f32
    linalg.yield %x : f32
  } -> tensor<?x4x?x?xf32>
  %pc = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<?x4x?x?xf32> into tensor<?x?x?xf32>
  %oe = tensor.empty(%bh, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%pc, %vc : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [%b, 4, %l, 8] : tensor<?x?x8xf32> into tensor<?x4x?x8xf32>
  return %o4 : tensor<?x4x?x8xf32>
}

// -----

// 3-D [B*H, L, E] arguments with every size but E and Ev dynamic:
// linalg.batch_matmul, K^T by linalg.transpose, scores * 0.5,
// linalg.softmax. The mha.attention is [B*H, 1] (its batch rows, one head
// each), with every size read off the arguments.
func.func @bmm_3d(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %half = arith.constant 0.5 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %kte = tensor.empty(%n, %s) : tensor<?x16x?xf32>
  %kt = linalg.transpose ins(%k : tensor<?x?x16xf32>) outs(%kte : tensor<?x16x?xf32>) permutation = [0, 2, 1]
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul ins(%q, %kt : tensor<?x?x16xf32>, tensor<?x16x?xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %sc = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %x = arith.mulf %a, %half : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%sc : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @bmm_3d(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<?x?x16xf32>, %[[K:[^:]+]]: tensor<?x?x16xf32>, %[[V:[^:]+]]: tensor<?x?x8xf32>
// CHECK:         %[[QN:.+]] = tensor.dim %[[Q]], %c0
// CHECK:         %[[QL:.+]] = tensor.dim %[[Q]], %c1
// CHECK:         %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1], [2], [3]] output_shape [%[[QN]], 1, %[[QL]], 16] : tensor<?x?x16xf32> into tensor<?x1x?x16xf32>
// CHECK:         %[[K4:.+]] = tensor.expand_shape %[[K]] {{\[}}[0, 1], [2], [3]]
// CHECK:         %[[V4:.+]] = tensor.expand_shape %[[V]] {{\[}}[0, 1], [2], [3]]
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q4]], %[[K4]], %[[V4]] scale(5.000000e-01) : tensor<?x1x?x16xf32>, tensor<?x1x?x16xf32>, tensor<?x1x?x8xf32> -> tensor<?x1x?x8xf32>
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2], [3]] : tensor<?x1x?x8xf32> into tensor<?x?x8xf32>
// CHECK-NEXT:    return %[[O]]

// -----

// 2-D [L, E] (one head), L and S dynamic: linalg.matmul, K^T by
// linalg.transpose, linalg.softmax. The operands become [1, 1, L, E].
func.func @matmul_2d(%q: tensor<?x16xf32>, %k: tensor<?x16xf32>, %v: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %l = tensor.dim %q, %c0 : tensor<?x16xf32>
  %s = tensor.dim %k, %c0 : tensor<?x16xf32>
  %kte = tensor.empty(%s) : tensor<16x?xf32>
  %kt = linalg.transpose ins(%k : tensor<?x16xf32>) outs(%kte : tensor<16x?xf32>) permutation = [1, 0]
  %se = tensor.empty(%l, %s) : tensor<?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?xf32>) -> tensor<?x?xf32>
  %qk = linalg.matmul ins(%q, %kt : tensor<?x16xf32>, tensor<16x?xf32>) outs(%sf : tensor<?x?xf32>) -> tensor<?x?xf32>
  %p = linalg.softmax dimension(1) ins(%qk : tensor<?x?xf32>) outs(%se : tensor<?x?xf32>) -> tensor<?x?xf32>
  %oe = tensor.empty(%l) : tensor<?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x8xf32>) -> tensor<?x8xf32>
  %o = linalg.matmul ins(%p, %v : tensor<?x?xf32>, tensor<?x8xf32>) outs(%of : tensor<?x8xf32>) -> tensor<?x8xf32>
  return %o : tensor<?x8xf32>
}

// CHECK-LABEL: func.func @matmul_2d(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<?x16xf32>, %[[K:[^:]+]]: tensor<?x16xf32>, %[[V:[^:]+]]: tensor<?x8xf32>
// CHECK:         %[[QL:.+]] = tensor.dim %[[Q]], %c0
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, %[[QL]], 16] : tensor<?x16xf32> into tensor<1x1x?x16xf32>
// CHECK:         %[[A:.+]] = mha.attention %[[Q4]], %{{.+}}, %{{.+}} scale(1.000000e+00) : tensor<1x1x?x16xf32>, tensor<1x1x?x16xf32>, tensor<1x1x?x8xf32> -> tensor<1x1x?x8xf32>
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1, 2], [3]] : tensor<1x1x?x8xf32> into tensor<?x8xf32>
// CHECK-NEXT:    return %[[O]]

// -----

// 4-D arguments collapsed to [B*H, ..] around linalg.batch_matmul, a bias
// per batch row [B*H, L, S] added to the 3-D scores: the bias is split back
// into [B, 4] like the arguments.
func.func @bias_rows_split(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>, %v: tensor<?x4x?x8xf32>, %bias: tensor<?x?x?xf32>) -> tensor<?x4x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f32
  %b = tensor.dim %q, %c0 : tensor<?x4x?x16xf32>
  %qc = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<?x4x?x16xf32> into tensor<?x?x16xf32>
  %kc = tensor.collapse_shape %k [[0, 1], [2], [3]] : tensor<?x4x?x16xf32> into tensor<?x?x16xf32>
  %vc = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<?x4x?x8xf32> into tensor<?x?x8xf32>
  %n = tensor.dim %qc, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %qc, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %kc, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%qc, %kc : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %biased = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk, %bias : tensor<?x?x?xf32>, tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %x: f32, %o: f32):
    %y = arith.addf %a, %x : f32
    linalg.yield %y : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%biased : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %vc : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [%b, 4, %l, 8] : tensor<?x?x8xf32> into tensor<?x4x?x8xf32>
  return %o4 : tensor<?x4x?x8xf32>
}

// CHECK-LABEL: func.func @bias_rows_split(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<?x4x?x16xf32>, %[[K:[^:]+]]: tensor<?x4x?x16xf32>, %[[V:[^:]+]]: tensor<?x4x?x8xf32>, %[[BIAS:[^:]+]]: tensor<?x?x?xf32>
// CHECK:         %[[B:.+]] = tensor.dim %[[Q]], %c0
// CHECK:         %[[BL:.+]] = tensor.dim %[[BIAS]], %c1
// CHECK:         %[[BS:.+]] = tensor.dim %[[BIAS]], %c2
// CHECK-NEXT:    %[[BIAS4:.+]] = tensor.expand_shape %[[BIAS]] {{\[}}[0, 1], [2], [3]] output_shape [%[[B]], 4, %[[BL]], %[[BS]]] : tensor<?x?x?xf32> into tensor<?x4x?x?xf32>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] bias(%[[BIAS4]] : tensor<?x4x?x?xf32>) scale(1.000000e+00)
// CHECK-NEXT:    return %[[A]]

// -----

// A 0/-inf [L, S] mask built from linalg.index and added, one diagonal
// off causal (j > i + 1 masked): not causal, so it is raised as the bias it
// is (exact), and the generic that builds it stays.
func.func @added_mask(%q: tensor<2x4x?x16xf32>, %k: tensor<2x4x?x16xf32>, %v: tensor<2x4x?x8xf32>) -> tensor<2x4x?x8xf32> {
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %l = tensor.dim %q, %c2 : tensor<2x4x?x16xf32>
  %s = tensor.dim %k, %c2 : tensor<2x4x?x16xf32>
  %me = tensor.empty(%l, %s) : tensor<?x?xf32>
  %mask = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%me : tensor<?x?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c1 = arith.constant 1 : index
    %i1 = arith.addi %i, %c1 : index
    %c = arith.cmpi ugt, %j, %i1 : index
    %x = arith.select %c, %ninf, %zero : f32
    linalg.yield %x : f32
  } -> tensor<?x?xf32>
  %se = tensor.empty(%l, %s) : tensor<2x4x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<2x4x?x?xf32>) -> tensor<2x4x?x?xf32>
  %qk = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<2x4x?x16xf32>, tensor<2x4x?x16xf32>) outs(%sf : tensor<2x4x?x?xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %y = arith.addf %o, %m : f32
    linalg.yield %y : f32
  } -> tensor<2x4x?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%qk, %mask : tensor<2x4x?x?xf32>, tensor<?x?xf32>) outs(%se : tensor<2x4x?x?xf32>) {
  ^bb0(%a: f32, %x: f32, %o: f32):
    %y = arith.addf %a, %x : f32
    linalg.yield %y : f32
  } -> tensor<2x4x?x?xf32>
  %p = linalg.softmax dimension(3) ins(%masked : tensor<2x4x?x?xf32>) outs(%se : tensor<2x4x?x?xf32>) -> tensor<2x4x?x?xf32>
  %oe = tensor.empty(%l) : tensor<2x4x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<2x4x?x8xf32>) -> tensor<2x4x?x8xf32>
  %o = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%p, %v : tensor<2x4x?x?xf32>, tensor<2x4x?x8xf32>) outs(%of : tensor<2x4x?x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %y = arith.addf %o, %m : f32
    linalg.yield %y : f32
  } -> tensor<2x4x?x8xf32>
  return %o : tensor<2x4x?x8xf32>
}

// CHECK-LABEL: func.func @added_mask(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x4x?x16xf32>, %[[K:[^:]+]]: tensor<2x4x?x16xf32>, %[[V:[^:]+]]: tensor<2x4x?x8xf32>
// CHECK:         %[[MASK:.+]] = linalg.generic
// CHECK:         %[[M4:.+]] = tensor.expand_shape %[[MASK]] {{\[}}[0, 1, 2], [3]]
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] bias(%[[M4]] : tensor<1x1x?x?xf32>) scale(1.000000e+00)
// CHECK-NOT:     causal
// CHECK-NEXT:    return %[[A]]

// -----

// E dynamic: mha.attention needs a static head dimension; left alone.
func.func @dynamic_head_dim(%q: tensor<?x?x?xf32>, %k: tensor<?x?x?xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x?xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x?xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x?xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x?xf32>, tensor<?x?x?xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @dynamic_head_dim
// CHECK-NOT:     mha.attention
// CHECK:         linalg.softmax
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// A causal mask selected in place, j > i (unsigned, between indices that
// cannot be negative) masked: proved top_left for every size.
func.func @selected_mask(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
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
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %c = arith.cmpi ugt, %j, %i : index
    %x = arith.select %c, %ninf, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @selected_mask
// CHECK:         mha.attention {{.*}} causal(top_left) scale(1.000000e+00) : tensor<?x1x?x16xf32>
// CHECK-NOT:     arith.select
// CHECK:         return

// -----

// The scores' size read by a tensor.dim with a computed index: which size
// it reads is not known, so nothing can stand for it; left alone.
func.func @dim_unknown_index(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>, %i: index) -> (tensor<?x?x8xf32>, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %d = tensor.dim %qk, %i : tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o, %d : tensor<?x?x8xf32>, index
}
// CHECK-LABEL: func.func @dim_unknown_index
// CHECK-NOT:     mha.attention
// CHECK:         tensor.dim %{{.+}}, %arg3
// CHECK-NOT:     mha.attention
// CHECK:         return

// -----

// A size of the scores that outlives the match (returned): it is read off
// the arguments instead, S from K; the [B*H] of the collapsed 4-D query is
// the product B * 4.
func.func @dim_kept(%q: tensor<?x4x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> (tensor<?x?x8xf32>, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f32
  %qc = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<?x4x?x16xf32> into tensor<?x?x16xf32>
  %n = tensor.dim %qc, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %qc, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%qc, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %ds = tensor.dim %qk, %c2 : tensor<?x?x?xf32>
  %dn = tensor.dim %qk, %c0 : tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%qk : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o, %ds, %dn : tensor<?x?x8xf32>, index, index
}

// CHECK-LABEL: func.func @dim_kept(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<?x4x?x16xf32>, %[[K:[^:]+]]: tensor<?x?x16xf32>
// CHECK-DAG:     %[[S:.+]] = tensor.dim %[[K]], %c1
// CHECK-DAG:     %[[B:.+]] = tensor.dim %[[Q]], %c0
// CHECK-DAG:     %[[N:.+]] = arith.muli %[[B]], %c4
// CHECK:         mha.attention
// CHECK:         return %{{.+}}, %[[S]], %[[N]] : tensor<?x?x8xf32>, index, index

// -----

// Static arguments and result, dynamic intermediates (the scores are
// expanded to [?, 4, ?, ?] for the softmax): the static rewrite, whose
// [B, H] comes only from static shapes, [1, 8] here.
func.func @static_ends(%q: tensor<8x5x16xf32>, %k: tensor<8x9x16xf32>, %v: tensor<8x9x8xf32>) -> tensor<8x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %q, %c0 : tensor<8x5x16xf32>
  %l = tensor.dim %q, %c1 : tensor<8x5x16xf32>
  %s = tensor.dim %k, %c1 : tensor<8x9x16xf32>
  %b = arith.divui %n, %c2 : index
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<8x5x16xf32>, tensor<8x9x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %s4 = tensor.expand_shape %qk [[0, 1], [2], [3]] output_shape [%b, 4, %l, %s] : tensor<?x?x?xf32> into tensor<?x4x?x?xf32>
  %e4 = tensor.empty(%b, %l, %s) : tensor<?x4x?x?xf32>
  %p4 = linalg.softmax dimension(3) ins(%s4 : tensor<?x4x?x?xf32>) outs(%e4 : tensor<?x4x?x?xf32>) -> tensor<?x4x?x?xf32>
  %p = tensor.collapse_shape %p4 [[0, 1], [2], [3]] : tensor<?x4x?x?xf32> into tensor<?x?x?xf32>
  %oe = tensor.empty() : tensor<8x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<8x5x8xf32>) -> tensor<8x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<8x9x8xf32>) outs(%of : tensor<8x5x8xf32>) -> tensor<8x5x8xf32>
  return %o : tensor<8x5x8xf32>
}

// CHECK-LABEL: func.func @static_ends(
// CHECK:         %[[Q4:.+]] = tensor.expand_shape %{{.+}} {{\[}}[0, 1], [2], [3]] output_shape [1, 8, 5, 16]
// CHECK:         %[[A:.+]] = mha.attention %[[Q4]], %{{.+}}, %{{.+}} scale(1.000000e+00) : tensor<1x8x5x16xf32>, tensor<1x8x9x16xf32>, tensor<1x8x9x8xf32> -> tensor<1x8x5x8xf32>
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2], [3]] : tensor<1x8x5x8xf32> into tensor<8x5x8xf32>
// CHECK-NEXT:    return %[[O]]
