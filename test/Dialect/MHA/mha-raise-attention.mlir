// Structure of --mha-raise-attention: decomposed attention in linalg and
// TOSA becomes one mha.attention, and (raise-projections, on by default)
// projections + head split/merge around an mha.attention become one
// mha.multi_head_attention; look-alikes and matches whose intermediate
// values have other uses are left alone.
// RUN: mha-opt %s -mha-raise-attention -split-input-file | FileCheck %s
// RUN: mha-opt %s -mha-raise-attention=raise-projections=false -split-input-file | FileCheck %s --check-prefix=NOPROJ
// Diagnostics: look-alikes are left as they are without a diagnostic.
// RUN: mha-opt %s -mha-raise-attention -split-input-file -verify-diagnostics -o /dev/null

// 3-D [B*H, L, E] with linalg.batch_matmul, K^T by linalg.transpose, the
// scores divided by a captured f64 constant, softmax as generics.

// CHECK-LABEL: func.func @bmm_3d(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<6x5x8xf32>, %[[K:[^:]+]]: tensor<6x7x8xf32>, %[[V:[^:]+]]: tensor<6x7x4xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 5, 8]
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[K]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 7, 8]
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[V]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 7, 4]
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q4]], %[[K4]], %[[V4]] scale(1.250000e-01) : tensor<1x6x5x8xf32>, tensor<1x6x7x8xf32>, tensor<1x6x7x4xf32> -> tensor<1x6x5x4xf32>
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2], [3]] : tensor<1x6x5x4xf32> into tensor<6x5x4xf32>
// CHECK-NEXT:    return %[[O]]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @bmm_3d(%q: tensor<6x5x8xf32>, %k: tensor<6x7x8xf32>, %v: tensor<6x7x4xf32>) -> tensor<6x5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %c8 = arith.constant 8.0 : f64
  %e0 = tensor.empty() : tensor<6x8x7xf32>
  %kt = linalg.transpose ins(%k : tensor<6x7x8xf32>) outs(%e0 : tensor<6x8x7xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x5x7xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x5x7xf32>) -> tensor<6x5x7xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x5x8xf32>, tensor<6x8x7xf32>) outs(%f1 : tensor<6x5x7xf32>) -> tensor<6x5x7xf32>
  %ss = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<6x5x7xf32>) outs(%e1 : tensor<6x5x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = arith.truncf %c8 : f64 to f32
    %d = arith.divf %in, %t : f32
    linalg.yield %d : f32
  } -> tensor<6x5x7xf32>
  %e2 = tensor.empty() : tensor<6x5xf32>
  %f2 = linalg.fill ins(%ninf : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %m = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%ss : tensor<6x5x7xf32>) outs(%f2 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.maximumf %in, %out : f32
    linalg.yield %x : f32
  } -> tensor<6x5xf32>
  %sub = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%ss, %m : tensor<6x5x7xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x7xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.subf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<6x5x7xf32>
  %exp = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%sub : tensor<6x5x7xf32>) outs(%e1 : tensor<6x5x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = math.exp %in : f32
    linalg.yield %x : f32
  } -> tensor<6x5x7xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%exp : tensor<6x5x7xf32>) outs(%f3 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.addf %in, %out : f32
    linalg.yield %x : f32
  } -> tensor<6x5xf32>
  %p = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%exp, %sum : tensor<6x5x7xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x7xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.divf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<6x5x7xf32>
  %e3 = tensor.empty() : tensor<6x5x4xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x5x7xf32>, tensor<6x7x4xf32>) outs(%f4 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// 4-D generic contractions, K read through a transposed indexing map, Q
// scaled before the product, linalg.softmax.

// CHECK-LABEL: func.func @generic_4d(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x3x5x8xf32>, %[[K:[^:]+]]: tensor<2x3x7x8xf32>, %[[V:[^:]+]]: tensor<2x3x7x4xf32>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] scale(5.000000e-01) : tensor<2x3x5x8xf32>, tensor<2x3x7x8xf32>, tensor<2x3x7x4xf32> -> tensor<2x3x5x4xf32>
// CHECK-NEXT:    return %[[A]]
#q = affine_map<(b, h, i, j, e) -> (b, h, i, e)>
#k = affine_map<(b, h, i, j, e) -> (b, h, j, e)>
#s = affine_map<(b, h, i, j, e) -> (b, h, i, j)>
#p = affine_map<(b, h, i, c, j) -> (b, h, i, j)>
#v = affine_map<(b, h, i, c, j) -> (b, h, j, c)>
#o = affine_map<(b, h, i, c, j) -> (b, h, i, c)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @generic_4d(%q: tensor<2x3x5x8xf32>, %k: tensor<2x3x7x8xf32>, %v: tensor<2x3x7x4xf32>) -> tensor<2x3x5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %half = arith.constant 0.5 : f32
  %eq = tensor.empty() : tensor<2x3x5x8xf32>
  %qs = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%q : tensor<2x3x5x8xf32>) outs(%eq : tensor<2x3x5x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.mulf %half, %in : f32
    linalg.yield %x : f32
  } -> tensor<2x3x5x8xf32>
  %e1 = tensor.empty() : tensor<2x3x5x7xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %s = linalg.generic {indexing_maps = [#q, #k, #s], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%qs, %k : tensor<2x3x5x8xf32>, tensor<2x3x7x8xf32>) outs(%f1 : tensor<2x3x5x7xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.mulf %a, %b : f32
    %y = arith.addf %acc, %x : f32
    linalg.yield %y : f32
  } -> tensor<2x3x5x7xf32>
  %p = linalg.softmax dimension(3) ins(%s : tensor<2x3x5x7xf32>) outs(%e1 : tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %e2 = tensor.empty() : tensor<2x3x5x4xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x3x5x4xf32>) -> tensor<2x3x5x4xf32>
  %o = linalg.generic {indexing_maps = [#p, #v, #o], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%p, %v : tensor<2x3x5x7xf32>, tensor<2x3x7x4xf32>) outs(%f2 : tensor<2x3x5x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.mulf %a, %b : f32
    %y = arith.addf %acc, %x : f32
    linalg.yield %y : f32
  } -> tensor<2x3x5x4xf32>
  return %o : tensor<2x3x5x4xf32>
}

// -----

// 4-D arguments collapsed to [B*H, ...] for linalg.batch_matmul, K^T by a
// transposing linalg.generic, softmax with a reciprocal and a multiply, the
// result expanded back: the reshapes give the real [B, H].

// CHECK-LABEL: func.func @bmm_from_4d(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x3x5x8xf32>, %[[K:[^:]+]]: tensor<2x3x7x8xf32>, %[[V:[^:]+]]: tensor<2x3x7x4xf32>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] scale(0.353553385) : tensor<2x3x5x8xf32>, tensor<2x3x7x8xf32>, tensor<2x3x7x4xf32> -> tensor<2x3x5x4xf32>
// CHECK-NEXT:    return %[[A]]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#tr3 = affine_map<(d0, d1, d2) -> (d0, d2, d1)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @bmm_from_4d(%q: tensor<2x3x5x8xf32>, %k: tensor<2x3x7x8xf32>, %v: tensor<2x3x7x4xf32>) -> tensor<2x3x5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %lowest = arith.constant -3.40282347E+38 : f32
  %scale = arith.constant 0.353553385 : f32
  %q3 = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<2x3x5x8xf32> into tensor<6x5x8xf32>
  %k3 = tensor.collapse_shape %k [[0, 1], [2], [3]] : tensor<2x3x7x8xf32> into tensor<6x7x8xf32>
  %v3 = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<2x3x7x4xf32> into tensor<6x7x4xf32>
  %e0 = tensor.empty() : tensor<6x8x7xf32>
  %kt = linalg.generic {indexing_maps = [#tr3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%k3 : tensor<6x7x8xf32>) outs(%e0 : tensor<6x8x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<6x8x7xf32>
  %e1 = tensor.empty() : tensor<6x5x7xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x5x7xf32>) -> tensor<6x5x7xf32>
  %s = linalg.batch_matmul ins(%q3, %kt : tensor<6x5x8xf32>, tensor<6x8x7xf32>) outs(%f1 : tensor<6x5x7xf32>) -> tensor<6x5x7xf32>
  %ss = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<6x5x7xf32>) outs(%e1 : tensor<6x5x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.mulf %in, %scale : f32
    linalg.yield %x : f32
  } -> tensor<6x5x7xf32>
  %e2 = tensor.empty() : tensor<6x5xf32>
  %f2 = linalg.fill ins(%lowest : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %m = linalg.reduce ins(%ss : tensor<6x5x7xf32>) outs(%f2 : tensor<6x5xf32>) dimensions = [2]
    (%in: f32, %init: f32) {
      %x = arith.maxnumf %in, %init : f32
      linalg.yield %x : f32
    }
  %exp = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%ss, %m : tensor<6x5x7xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x7xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.subf %in, %in_0 : f32
    %y = math.exp %x : f32
    linalg.yield %y : f32
  } -> tensor<6x5x7xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %sum = linalg.reduce ins(%exp : tensor<6x5x7xf32>) outs(%f3 : tensor<6x5xf32>) dimensions = [2]
    (%in: f32, %init: f32) {
      %x = arith.addf %in, %init : f32
      linalg.yield %x : f32
    }
  %rcp = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%sum : tensor<6x5xf32>) outs(%e2 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.divf %one, %in : f32
    linalg.yield %x : f32
  } -> tensor<6x5xf32>
  %p = linalg.generic {indexing_maps = [#row3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%rcp, %exp : tensor<6x5xf32>, tensor<6x5x7xf32>) outs(%e1 : tensor<6x5x7xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.mulf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<6x5x7xf32>
  %e3 = tensor.empty() : tensor<6x5x4xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  %o = linalg.batch_matmul ins(%p, %v3 : tensor<6x5x7xf32>, tensor<6x7x4xf32>) outs(%f4 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [2, 3, 5, 4] : tensor<6x5x4xf32> into tensor<2x3x5x4xf32>
  return %o4 : tensor<2x3x5x4xf32>
}

// -----

// One head as 2-D linalg.matmul (K^T by linalg.transpose), linalg.softmax.

// CHECK-LABEL: func.func @matmul_2d(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<5x8xf32>, %[[K:[^:]+]]: tensor<7x8xf32>, %[[V:[^:]+]]: tensor<7x4xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 5, 8]
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[K]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 7, 8]
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[V]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 7, 4]
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q4]], %[[K4]], %[[V4]] scale(1.000000e+00) : tensor<1x1x5x8xf32>, tensor<1x1x7x8xf32>, tensor<1x1x7x4xf32> -> tensor<1x1x5x4xf32>
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1, 2], [3]] : tensor<1x1x5x4xf32> into tensor<5x4xf32>
// CHECK-NEXT:    return %[[O]]
func.func @matmul_2d(%q: tensor<5x8xf32>, %k: tensor<7x8xf32>, %v: tensor<7x4xf32>) -> tensor<5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<8x7xf32>
  %kt = linalg.transpose ins(%k : tensor<7x8xf32>) outs(%e0 : tensor<8x7xf32>) permutation = [1, 0]
  %e1 = tensor.empty() : tensor<5x7xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<5x7xf32>) -> tensor<5x7xf32>
  %s = linalg.matmul ins(%q, %kt : tensor<5x8xf32>, tensor<8x7xf32>) outs(%f1 : tensor<5x7xf32>) -> tensor<5x7xf32>
  %p = linalg.softmax dimension(1) ins(%s : tensor<5x7xf32>) outs(%e1 : tensor<5x7xf32>) -> tensor<5x7xf32>
  %e2 = tensor.empty() : tensor<5x4xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<5x4xf32>) -> tensor<5x4xf32>
  %o = linalg.matmul ins(%p, %v : tensor<5x7xf32>, tensor<7x4xf32>) outs(%f2 : tensor<5x4xf32>) -> tensor<5x4xf32>
  return %o : tensor<5x4xf32>
}

// -----

// linalg.matmul with a transposed indexing map for K.

// CHECK-LABEL: func.func @matmul_transposed_map(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<5x8xf32>, %[[K:[^:]+]]: tensor<7x8xf32>, %[[V:[^:]+]]: tensor<7x4xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 5, 8]
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[K]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 7, 8]
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[V]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 7, 4]
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q4]], %[[K4]], %[[V4]] scale(1.000000e+00)
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]]
// CHECK-NEXT:    return %[[O]]
#lhs = affine_map<(m, n, k) -> (m, k)>
#rhsT = affine_map<(m, n, k) -> (n, k)>
#out = affine_map<(m, n, k) -> (m, n)>
func.func @matmul_transposed_map(%q: tensor<5x8xf32>, %k: tensor<7x8xf32>, %v: tensor<7x4xf32>) -> tensor<5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<5x7xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<5x7xf32>) -> tensor<5x7xf32>
  %s = linalg.matmul indexing_maps = [#lhs, #rhsT, #out] ins(%q, %k : tensor<5x8xf32>, tensor<7x8xf32>) outs(%f1 : tensor<5x7xf32>) -> tensor<5x7xf32>
  %p = linalg.softmax dimension(1) ins(%s : tensor<5x7xf32>) outs(%e1 : tensor<5x7xf32>) -> tensor<5x7xf32>
  %e2 = tensor.empty() : tensor<5x4xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<5x4xf32>) -> tensor<5x4xf32>
  %o = linalg.matmul ins(%p, %v : tensor<5x7xf32>, tensor<7x4xf32>) outs(%f2 : tensor<5x4xf32>) -> tensor<5x4xf32>
  return %o : tensor<5x4xf32>
}

// -----

// A causal mask selected in place in a generic from linalg.index and
// arith.cmpi: j > i is replaced by -inf, so top_left.

// CHECK-LABEL: func.func @causal_select(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<6x5x8xf32>, %[[K:[^:]+]]: tensor<6x5x8xf32>, %[[V:[^:]+]]: tensor<6x5x4xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 5, 8]
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[K]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 5, 8]
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[V]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 5, 4]
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q4]], %[[K4]], %[[V4]] causal(top_left) scale(1.000000e+00) : tensor<1x6x5x8xf32>, tensor<1x6x5x8xf32>, tensor<1x6x5x4xf32> -> tensor<1x6x5x4xf32>
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]]
// CHECK-NEXT:    return %[[O]]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @causal_select(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> tensor<6x5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e0 = tensor.empty() : tensor<6x8x5xf32>
  %kt = linalg.transpose ins(%k : tensor<6x5x8xf32>) outs(%e0 : tensor<6x8x5xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x5x5xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x5x8xf32>, tensor<6x8x5xf32>) outs(%f1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %masked = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<6x5x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %gt = arith.cmpi ugt, %j, %i : index
    %x = arith.select %gt, %ninf, %in : f32
    linalg.yield %x : f32
  } -> tensor<6x5x5xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<6x5x5xf32>) outs(%e1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %e2 = tensor.empty() : tensor<6x5x4xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x5x5xf32>, tensor<6x5x4xf32>) outs(%f2 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// An additive 0/-inf mask built by a generic without inputs, L = 4, S = 6:
// j > i + 2 = i + S - L is masked, so bottom_right; the mask is dropped.

// CHECK-LABEL: func.func @causal_additive_bottom_right(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<6x4x8xf32>, %[[K:[^:]+]]: tensor<6x6x8xf32>, %[[V:[^:]+]]: tensor<6x6x4xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 4, 8]
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[K]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 6, 8]
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[V]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 6, 4]
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q4]], %[[K4]], %[[V4]] causal(bottom_right) scale(1.000000e+00) : tensor<1x6x4x8xf32>, tensor<1x6x6x8xf32>, tensor<1x6x6x4xf32> -> tensor<1x6x4x4xf32>
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]]
// CHECK-NEXT:    return %[[O]]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#ls = affine_map<(d0, d1, d2) -> (d1, d2)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @causal_additive_bottom_right(%q: tensor<6x4x8xf32>, %k: tensor<6x6x8xf32>, %v: tensor<6x6x4xf32>) -> tensor<6x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %c2 = arith.constant 2 : index
  %em = tensor.empty() : tensor<4x6xf32>
  %mask = linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]} outs(%em : tensor<4x6xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %d = arith.addi %i, %c2 : index
    %gt = arith.cmpi sgt, %j, %d : index
    %x = arith.select %gt, %ninf, %zero : f32
    linalg.yield %x : f32
  } -> tensor<4x6xf32>
  %e0 = tensor.empty() : tensor<6x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<6x6x8xf32>) outs(%e0 : tensor<6x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x4x6xf32>) -> tensor<6x4x6xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x4x8xf32>, tensor<6x8x6xf32>) outs(%f1 : tensor<6x4x6xf32>) -> tensor<6x4x6xf32>
  %masked = linalg.generic {indexing_maps = [#id3, #ls, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s, %mask : tensor<6x4x6xf32>, tensor<4x6xf32>) outs(%e1 : tensor<6x4x6xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.addf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<6x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<6x4x6xf32>) outs(%e1 : tensor<6x4x6xf32>) -> tensor<6x4x6xf32>
  %e2 = tensor.empty() : tensor<6x4x4xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x4x4xf32>) -> tensor<6x4x4xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x4x6xf32>, tensor<6x6x4xf32>) outs(%f2 : tensor<6x4x4xf32>) -> tensor<6x4x4xf32>
  return %o : tensor<6x4x4xf32>
}

// -----

// The same additive mask with j > i + 1: neither causal mode, but adding it
// is exactly a bias, so it becomes the bias operand.

// CHECK-LABEL: func.func @additive_mask_other_offset(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<6x4x8xf32>, %[[K:[^:]+]]: tensor<6x6x8xf32>, %[[V:[^:]+]]: tensor<6x6x4xf32>
// CHECK:         %[[MASK:.+]] = linalg.generic
// CHECK:           arith.cmpi sgt
// CHECK:         } -> tensor<4x6xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 4, 8]
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[K]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 6, 8]
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[V]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 6, 4]
// CHECK-NEXT:    %[[B4:.+]] = tensor.expand_shape %[[MASK]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 4, 6]
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q4]], %[[K4]], %[[V4]] bias(%[[B4]] : tensor<1x1x4x6xf32>) scale(1.000000e+00) : tensor<1x6x4x8xf32>, tensor<1x6x6x8xf32>, tensor<1x6x6x4xf32> -> tensor<1x6x4x4xf32>
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]]
// CHECK-NEXT:    return %[[O]]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#ls = affine_map<(d0, d1, d2) -> (d1, d2)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @additive_mask_other_offset(%q: tensor<6x4x8xf32>, %k: tensor<6x6x8xf32>, %v: tensor<6x6x4xf32>) -> tensor<6x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %c1 = arith.constant 1 : index
  %em = tensor.empty() : tensor<4x6xf32>
  %mask = linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]} outs(%em : tensor<4x6xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %d = arith.addi %i, %c1 : index
    %gt = arith.cmpi sgt, %j, %d : index
    %x = arith.select %gt, %ninf, %zero : f32
    linalg.yield %x : f32
  } -> tensor<4x6xf32>
  %e0 = tensor.empty() : tensor<6x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<6x6x8xf32>) outs(%e0 : tensor<6x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x4x6xf32>) -> tensor<6x4x6xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x4x8xf32>, tensor<6x8x6xf32>) outs(%f1 : tensor<6x4x6xf32>) -> tensor<6x4x6xf32>
  %masked = linalg.generic {indexing_maps = [#id3, #ls, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s, %mask : tensor<6x4x6xf32>, tensor<4x6xf32>) outs(%e1 : tensor<6x4x6xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.addf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<6x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<6x4x6xf32>) outs(%e1 : tensor<6x4x6xf32>) -> tensor<6x4x6xf32>
  %e2 = tensor.empty() : tensor<6x4x4xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x4x4xf32>) -> tensor<6x4x4xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x4x6xf32>, tensor<6x6x4xf32>) outs(%f2 : tensor<6x4x4xf32>) -> tensor<6x4x4xf32>
  return %o : tensor<6x4x4xf32>
}

// -----

// The bottom-right mask with -1.0e+04 instead of -inf: not causal, but
// adding it is exactly a bias.

// CHECK-LABEL: func.func @additive_mask_not_inf(
// CHECK:         %[[MASK:.+]] = linalg.generic
// CHECK:         } -> tensor<4x6xf32>
// CHECK:         %[[B4:.+]] = tensor.expand_shape %[[MASK]] {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 4, 6]
// CHECK-NEXT:    %[[A:.+]] = mha.attention %{{.+}}, %{{.+}}, %{{.+}} bias(%[[B4]] : tensor<1x1x4x6xf32>) scale(1.000000e+00) : tensor<
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]]
// CHECK-NEXT:    return %[[O]]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#ls = affine_map<(d0, d1, d2) -> (d1, d2)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @additive_mask_not_inf(%q: tensor<6x4x8xf32>, %k: tensor<6x6x8xf32>, %v: tensor<6x6x4xf32>) -> tensor<6x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant -1.000000e+04 : f32
  %c2 = arith.constant 2 : index
  %em = tensor.empty() : tensor<4x6xf32>
  %mask = linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]} outs(%em : tensor<4x6xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %d = arith.addi %i, %c2 : index
    %gt = arith.cmpi sgt, %j, %d : index
    %x = arith.select %gt, %ninf, %zero : f32
    linalg.yield %x : f32
  } -> tensor<4x6xf32>
  %e0 = tensor.empty() : tensor<6x8x6xf32>
  %kt = linalg.transpose ins(%k : tensor<6x6x8xf32>) outs(%e0 : tensor<6x8x6xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x4x6xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x4x6xf32>) -> tensor<6x4x6xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x4x8xf32>, tensor<6x8x6xf32>) outs(%f1 : tensor<6x4x6xf32>) -> tensor<6x4x6xf32>
  %masked = linalg.generic {indexing_maps = [#id3, #ls, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s, %mask : tensor<6x4x6xf32>, tensor<4x6xf32>) outs(%e1 : tensor<6x4x6xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.addf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<6x4x6xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<6x4x6xf32>) outs(%e1 : tensor<6x4x6xf32>) -> tensor<6x4x6xf32>
  %e2 = tensor.empty() : tensor<6x4x4xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x4x4xf32>) -> tensor<6x4x4xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x4x6xf32>, tensor<6x6x4xf32>) outs(%f2 : tensor<6x4x4xf32>) -> tensor<6x4x4xf32>
  return %o : tensor<6x4x4xf32>
}

// -----

// A bias broadcast over the heads only ([B, 1, L, S] on [B, H, L, S]
// scores), added torch-style (other * alpha with alpha = 1), after the
// scale; E = 16 and the scale is 1/sqrt(16) written as a multiply.

// CHECK-LABEL: func.func @bias_heads_broadcast(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x3x5x16xf32>, %[[K:[^:]+]]: tensor<2x3x7x16xf32>, %[[V:[^:]+]]: tensor<2x3x7x4xf32>, %[[B:[^:]+]]: tensor<2x1x5x7xf32>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] bias(%[[B]] : tensor<2x1x5x7xf32>) scale(2.500000e-01) : tensor<2x3x5x16xf32>, tensor<2x3x7x16xf32>, tensor<2x3x7x4xf32> -> tensor<2x3x5x4xf32>
// CHECK-NEXT:    return %[[A]]
#q = affine_map<(b, h, i, j, e) -> (b, h, i, e)>
#k = affine_map<(b, h, i, j, e) -> (b, h, j, e)>
#s = affine_map<(b, h, i, j, e) -> (b, h, i, j)>
#p = affine_map<(b, h, i, c, j) -> (b, h, i, j)>
#v = affine_map<(b, h, i, c, j) -> (b, h, j, c)>
#o = affine_map<(b, h, i, c, j) -> (b, h, i, c)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#b4 = affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>
func.func @bias_heads_broadcast(%q: tensor<2x3x5x16xf32>, %k: tensor<2x3x7x16xf32>, %v: tensor<2x3x7x4xf32>, %bias: tensor<2x1x5x7xf32>) -> tensor<2x3x5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %alpha = arith.constant 1.0 : f64
  %c = arith.constant 0.25 : f32
  %e1 = tensor.empty() : tensor<2x3x5x7xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %s = linalg.generic {indexing_maps = [#q, #k, #s], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<2x3x5x16xf32>, tensor<2x3x7x16xf32>) outs(%f1 : tensor<2x3x5x7xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.mulf %a, %b : f32
    %y = arith.addf %acc, %x : f32
    linalg.yield %y : f32
  } -> tensor<2x3x5x7xf32>
  %ss = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s : tensor<2x3x5x7xf32>) outs(%e1 : tensor<2x3x5x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.mulf %in, %c : f32
    linalg.yield %x : f32
  } -> tensor<2x3x5x7xf32>
  %sb = linalg.generic {indexing_maps = [#id4, #b4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%ss, %bias : tensor<2x3x5x7xf32>, tensor<2x1x5x7xf32>) outs(%e1 : tensor<2x3x5x7xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %t = arith.truncf %alpha : f64 to f32
    %m = arith.mulf %in_0, %t : f32
    %x = arith.addf %in, %m : f32
    linalg.yield %x : f32
  } -> tensor<2x3x5x7xf32>
  %p = linalg.softmax dimension(3) ins(%sb : tensor<2x3x5x7xf32>) outs(%e1 : tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %e2 = tensor.empty() : tensor<2x3x5x4xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x3x5x4xf32>) -> tensor<2x3x5x4xf32>
  %o = linalg.generic {indexing_maps = [#p, #v, #o], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%p, %v : tensor<2x3x5x7xf32>, tensor<2x3x7x4xf32>) outs(%f2 : tensor<2x3x5x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.mulf %a, %b : f32
    %y = arith.addf %acc, %x : f32
    linalg.yield %y : f32
  } -> tensor<2x3x5x4xf32>
  return %o : tensor<2x3x5x4xf32>
}

// -----

// TOSA, 3-D: tosa.transpose of K, the scores scaled by a reshaped constant,
// softmax as reduce_max/sub/exp/reduce_sum/reciprocal/mul.

// CHECK-LABEL: func.func @tosa_3d(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<6x5x8xf32>, %[[K:[^:]+]]: tensor<6x7x8xf32>, %[[V:[^:]+]]: tensor<6x7x4xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 5, 8]
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[K]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 7, 8]
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[V]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 7, 4]
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q4]], %[[K4]], %[[V4]] scale(0.353553385) : tensor<1x6x5x8xf32>, tensor<1x6x7x8xf32>, tensor<1x6x7x4xf32> -> tensor<1x6x5x4xf32>
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2], [3]] : tensor<1x6x5x4xf32> into tensor<6x5x4xf32>
// CHECK-NEXT:    return %[[O]]
func.func @tosa_3d(%q: tensor<6x5x8xf32>, %k: tensor<6x7x8xf32>, %v: tensor<6x7x4xf32>) -> tensor<6x5x4xf32> {
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x7x8xf32>) -> tensor<6x8x7xf32>
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x7xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x7xf32>
  %c = "tosa.const"() <{values = dense<0.353553385> : tensor<f32>}> : () -> tensor<f32>
  %shape = tosa.const_shape {values = dense<1> : tensor<3xindex>} : () -> !tosa.shape<3>
  %c3 = tosa.reshape %c, %shape : (tensor<f32>, !tosa.shape<3>) -> tensor<1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %ss = tosa.mul %s, %c3, %shift : (tensor<6x5x7xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x7xf32>
  %m = tosa.reduce_max %ss {axis = 2 : i32} : (tensor<6x5x7xf32>) -> tensor<6x5x1xf32>
  %d = tosa.sub %ss, %m : (tensor<6x5x7xf32>, tensor<6x5x1xf32>) -> tensor<6x5x7xf32>
  %e = tosa.exp %d : (tensor<6x5x7xf32>) -> tensor<6x5x7xf32>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<6x5x7xf32>) -> tensor<6x5x1xf32>
  %r = tosa.reciprocal %sum : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x5x7xf32>, tensor<6x5x1xf32>, tensor<1xi8>) -> tensor<6x5x7xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x7xf32>, tensor<6x7x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// TOSA with one key (S = 1): the row max and sum have the scores' own
// shape [.., L, 1], so TOSA's broadcasting reads them through the identity,
// not through a broadcast of the unit dimension.

// CHECK-LABEL: func.func @tosa_one_key(
// CHECK:         mha.attention %{{.+}}, %{{.+}}, %{{.+}} scale(0.353553385) : tensor<1x6x5x8xf32>, tensor<1x6x1x8xf32>, tensor<1x6x1x4xf32> -> tensor<1x6x5x4xf32>
// CHECK-NOT:     tosa.
// CHECK:         return
func.func @tosa_one_key(%q: tensor<6x5x8xf32>, %k: tensor<6x1x8xf32>, %v: tensor<6x1x4xf32>) -> tensor<6x5x4xf32> {
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x1x8xf32>) -> tensor<6x8x1xf32>
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x1xf32>
  %c = "tosa.const"() <{values = dense<0.353553385> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %ss = tosa.mul %s, %c, %shift : (tensor<6x5x1xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x1xf32>
  %m = tosa.reduce_max %ss {axis = 2 : i32} : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %d = tosa.sub %ss, %m : (tensor<6x5x1xf32>, tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %e = tosa.exp %d : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %r = tosa.reciprocal %sum : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x5x1xf32>, tensor<6x5x1xf32>, tensor<1xi8>) -> tensor<6x5x1xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x1xf32>, tensor<6x1x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// TOSA, 4-D with reshapes around each tosa.matmul and an added
// [1, 1, L, S] bias.

// CHECK-LABEL: func.func @tosa_4d_bias(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x3x5x8xf32>, %[[K:[^:]+]]: tensor<2x3x7x8xf32>, %[[V:[^:]+]]: tensor<2x3x7x4xf32>, %[[B:[^:]+]]: tensor<1x1x5x7xf32>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] bias(%[[B]] : tensor<1x1x5x7xf32>) scale(5.000000e-01) : tensor<2x3x5x8xf32>, tensor<2x3x7x8xf32>, tensor<2x3x7x4xf32> -> tensor<2x3x5x4xf32>
// CHECK-NEXT:    return %[[A]]
func.func @tosa_4d_bias(%q: tensor<2x3x5x8xf32>, %k: tensor<2x3x7x8xf32>, %v: tensor<2x3x7x4xf32>, %bias: tensor<1x1x5x7xf32>) -> tensor<2x3x5x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 1, 3, 2>} : (tensor<2x3x7x8xf32>) -> tensor<2x3x8x7xf32>
  %sq = tosa.const_shape {values = dense<[6, 5, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %q3 = tosa.reshape %q, %sq : (tensor<2x3x5x8xf32>, !tosa.shape<3>) -> tensor<6x5x8xf32>
  %sk = tosa.const_shape {values = dense<[6, 8, 7]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %k3 = tosa.reshape %kt, %sk : (tensor<2x3x8x7xf32>, !tosa.shape<3>) -> tensor<6x8x7xf32>
  %s3 = tosa.matmul %q3, %k3, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x7xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x7xf32>
  %ss4 = tosa.const_shape {values = dense<[2, 3, 5, 7]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.reshape %s3, %ss4 : (tensor<6x5x7xf32>, !tosa.shape<4>) -> tensor<2x3x5x7xf32>
  %c = "tosa.const"() <{values = dense<0.5> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %ss = tosa.mul %s, %c, %shift : (tensor<2x3x5x7xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<2x3x5x7xf32>
  %sb = tosa.add %ss, %bias : (tensor<2x3x5x7xf32>, tensor<1x1x5x7xf32>) -> tensor<2x3x5x7xf32>
  %m = tosa.reduce_max %sb {axis = 3 : i32} : (tensor<2x3x5x7xf32>) -> tensor<2x3x5x1xf32>
  %d = tosa.sub %sb, %m : (tensor<2x3x5x7xf32>, tensor<2x3x5x1xf32>) -> tensor<2x3x5x7xf32>
  %e = tosa.exp %d : (tensor<2x3x5x7xf32>) -> tensor<2x3x5x7xf32>
  %sum = tosa.reduce_sum %e {axis = 3 : i32} : (tensor<2x3x5x7xf32>) -> tensor<2x3x5x1xf32>
  %r = tosa.reciprocal %sum : (tensor<2x3x5x1xf32>) -> tensor<2x3x5x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<2x3x5x7xf32>, tensor<2x3x5x1xf32>, tensor<1xi8>) -> tensor<2x3x5x7xf32>
  %sp = tosa.const_shape {values = dense<[6, 5, 7]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %p3 = tosa.reshape %p, %sp : (tensor<2x3x5x7xf32>, !tosa.shape<3>) -> tensor<6x5x7xf32>
  %sv = tosa.const_shape {values = dense<[6, 7, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %v3 = tosa.reshape %v, %sv : (tensor<2x3x7x4xf32>, !tosa.shape<3>) -> tensor<6x7x4xf32>
  %o3 = tosa.matmul %p3, %v3, %zp, %zp : (tensor<6x5x7xf32>, tensor<6x7x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  %so = tosa.const_shape {values = dense<[2, 3, 5, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %o = tosa.reshape %o3, %so : (tensor<6x5x4xf32>, !tosa.shape<4>) -> tensor<2x3x5x4xf32>
  return %o : tensor<2x3x5x4xf32>
}

// -----

// TOSA, a causal mask selected in place: tosa.select of a constant lower
// triangle between the scores and -inf, L = S = 4.

// CHECK-LABEL: func.func @tosa_causal_select(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x2x4x8xf32>, %[[K:[^:]+]]: tensor<1x2x4x8xf32>, %[[V:[^:]+]]: tensor<1x2x4x8xf32>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] causal(top_left) scale(1.000000e+00) : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32> -> tensor<1x2x4x8xf32>
// CHECK-NEXT:    return %[[A]]
func.func @tosa_causal_select(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 1, 3, 2>} : (tensor<1x2x4x8xf32>) -> tensor<1x2x8x4xf32>
  %s3q = tosa.const_shape {values = dense<[2, 4, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %q3 = tosa.reshape %q, %s3q : (tensor<1x2x4x8xf32>, !tosa.shape<3>) -> tensor<2x4x8xf32>
  %s3k = tosa.const_shape {values = dense<[2, 8, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %k3 = tosa.reshape %kt, %s3k : (tensor<1x2x8x4xf32>, !tosa.shape<3>) -> tensor<2x8x4xf32>
  %s3 = tosa.matmul %q3, %k3, %zp, %zp : (tensor<2x4x8xf32>, tensor<2x8x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x4x4xf32>
  %s4s = tosa.const_shape {values = dense<[1, 2, 4, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.reshape %s3, %s4s : (tensor<2x4x4xf32>, !tosa.shape<4>) -> tensor<1x2x4x4xf32>
  %tril = "tosa.const"() <{values = dense<[[[[true, false, false, false], [true, true, false, false], [true, true, true, false], [true, true, true, true]]]]> : tensor<1x1x4x4xi1>}> : () -> tensor<1x1x4x4xi1>
  %ninf = "tosa.const"() <{values = dense<0xFF800000> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %masked = tosa.select %tril, %s, %ninf : (tensor<1x1x4x4xi1>, tensor<1x2x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %m = tosa.reduce_max %masked {axis = 3 : i32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x1xf32>
  %d = tosa.sub %masked, %m : (tensor<1x2x4x4xf32>, tensor<1x2x4x1xf32>) -> tensor<1x2x4x4xf32>
  %e = tosa.exp %d : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %sum = tosa.reduce_sum %e {axis = 3 : i32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x1xf32>
  %r = tosa.reciprocal %sum : (tensor<1x2x4x1xf32>) -> tensor<1x2x4x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<1x2x4x4xf32>, tensor<1x2x4x1xf32>, tensor<1xi8>) -> tensor<1x2x4x4xf32>
  %sp = tosa.const_shape {values = dense<[2, 4, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %p3 = tosa.reshape %p, %sp : (tensor<1x2x4x4xf32>, !tosa.shape<3>) -> tensor<2x4x4xf32>
  %v3 = tosa.reshape %v, %s3q : (tensor<1x2x4x8xf32>, !tosa.shape<3>) -> tensor<2x4x8xf32>
  %o3 = tosa.matmul %p3, %v3, %zp, %zp : (tensor<2x4x4xf32>, tensor<2x4x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x4x8xf32>
  %so = tosa.const_shape {values = dense<[1, 2, 4, 8]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %o = tosa.reshape %o3, %so : (tensor<2x4x8xf32>, !tosa.shape<4>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// The softmax runs over the queries (axis 1), not the keys.
// CHECK-LABEL: func.func @softmax_wrong_axis
// CHECK-NOT: mha.attention
// CHECK: tosa.reduce_max %{{.*}} {axis = 1 : i32}
// CHECK: tosa.reduce_sum %{{.*}} {axis = 1 : i32}
// CHECK: tosa.matmul
// CHECK-NOT: mha.attention
// CHECK: return
func.func @softmax_wrong_axis(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> tensor<6x5x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x5x8xf32>) -> tensor<6x8x5xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x5xf32>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %ss = tosa.mul %s, %c, %shift : (tensor<6x5x5xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %m = tosa.reduce_max %ss {axis = 1 : i32} : (tensor<6x5x5xf32>) -> tensor<6x1x5xf32>
  %d = tosa.sub %ss, %m : (tensor<6x5x5xf32>, tensor<6x1x5xf32>) -> tensor<6x5x5xf32>
  %e = tosa.exp %d : (tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %sum = tosa.reduce_sum %e {axis = 1 : i32} : (tensor<6x5x5xf32>) -> tensor<6x1x5xf32>
  %r = tosa.reciprocal %sum : (tensor<6x1x5xf32>) -> tensor<6x1x5xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x5x5xf32>, tensor<6x1x5xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x5xf32>, tensor<6x5x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// The probabilities are scaled after the softmax.
// CHECK-LABEL: func.func @scale_after_softmax
// CHECK-NOT: mha.attention
// CHECK: tosa.reciprocal
// CHECK: tosa.mul
// CHECK: tosa.mul
// CHECK: tosa.matmul
// CHECK-NOT: mha.attention
// CHECK: return
func.func @scale_after_softmax(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> tensor<6x5x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x5x8xf32>) -> tensor<6x8x5xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x5xf32>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %ss = tosa.mul %s, %c, %shift : (tensor<6x5x5xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %m = tosa.reduce_max %ss {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %d = tosa.sub %ss, %m : (tensor<6x5x5xf32>, tensor<6x5x1xf32>) -> tensor<6x5x5xf32>
  %e = tosa.exp %d : (tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %r = tosa.reciprocal %sum : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %p0 = tosa.mul %e, %r, %shift : (tensor<6x5x5xf32>, tensor<6x5x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %half = "tosa.const"() <{values = dense<0.5> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %p = tosa.mul %p0, %half, %shift : (tensor<6x5x5xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x5xf32>, tensor<6x5x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// The max subtracted is that of another tensor.
// CHECK-LABEL: func.func @max_of_other_tensor
// CHECK-NOT: mha.attention
// CHECK: tosa.reduce_max %{{.*}}
// CHECK: tosa.sub
// CHECK: tosa.matmul
// CHECK-NOT: mha.attention
// CHECK: return
func.func @max_of_other_tensor(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>, %other: tensor<6x5x5xf32>) -> tensor<6x5x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x5x8xf32>) -> tensor<6x8x5xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x5xf32>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %ss = tosa.mul %s, %c, %shift : (tensor<6x5x5xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %m = tosa.reduce_max %other {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %d = tosa.sub %ss, %m : (tensor<6x5x5xf32>, tensor<6x5x1xf32>) -> tensor<6x5x5xf32>
  %e = tosa.exp %d : (tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %r = tosa.reciprocal %sum : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x5x5xf32>, tensor<6x5x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x5xf32>, tensor<6x5x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// The max is computed but not subtracted: exp(x) / sum(exp(x)).
// CHECK-LABEL: func.func @max_not_subtracted
// CHECK-NOT: mha.attention
// CHECK: tosa.exp
// CHECK: tosa.reduce_sum
// CHECK: tosa.matmul
// CHECK-NOT: mha.attention
// CHECK: return
func.func @max_not_subtracted(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> tensor<6x5x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x5x8xf32>) -> tensor<6x8x5xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x5xf32>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %ss = tosa.mul %s, %c, %shift : (tensor<6x5x5xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %m = tosa.reduce_max %ss {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %e = tosa.exp %ss : (tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %r = tosa.reciprocal %sum : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x5x5xf32>, tensor<6x5x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x5xf32>, tensor<6x5x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// The sum runs over the queries (axis 1).
// CHECK-LABEL: func.func @sum_wrong_axis
// CHECK-NOT: mha.attention
// CHECK: tosa.reduce_sum %{{.*}} {axis = 1 : i32}
// CHECK: tosa.matmul
// CHECK-NOT: mha.attention
// CHECK: return
func.func @sum_wrong_axis(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> tensor<6x5x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x5x8xf32>) -> tensor<6x8x5xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x5xf32>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %ss = tosa.mul %s, %c, %shift : (tensor<6x5x5xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %m = tosa.reduce_max %ss {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %d = tosa.sub %ss, %m : (tensor<6x5x5xf32>, tensor<6x5x1xf32>) -> tensor<6x5x5xf32>
  %e = tosa.exp %d : (tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %sum = tosa.reduce_sum %e {axis = 1 : i32} : (tensor<6x5x5xf32>) -> tensor<6x1x5xf32>
  %r = tosa.reciprocal %sum : (tensor<6x1x5xf32>) -> tensor<6x1x5xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x5x5xf32>, tensor<6x1x5xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x5xf32>, tensor<6x5x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// K is transposed over its batch dimensions too (perms 1, 0, 3, 2).
// CHECK-LABEL: func.func @transpose_wrong_dims
// CHECK-NOT: mha.attention
// CHECK: tosa.transpose %{{.*}} {perms = array<i32: 1, 0, 3, 2>}
// CHECK: tosa.matmul
// CHECK-NOT: mha.attention
// CHECK: return
func.func @transpose_wrong_dims(%q: tensor<6x5x8xf32>, %k: tensor<2x3x5x8xf32>, %v: tensor<6x5x4xf32>) -> tensor<6x5x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %k4 = tosa.transpose %k {perms = array<i32: 1, 0, 3, 2>} : (tensor<2x3x5x8xf32>) -> tensor<3x2x8x5xf32>
  %sk = tosa.const_shape {values = dense<[6, 8, 5]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %kt = tosa.reshape %k4, %sk : (tensor<3x2x8x5xf32>, !tosa.shape<3>) -> tensor<6x8x5xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x5xf32>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %ss = tosa.mul %s, %c, %shift : (tensor<6x5x5xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %m = tosa.reduce_max %ss {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %d = tosa.sub %ss, %m : (tensor<6x5x5xf32>, tensor<6x5x1xf32>) -> tensor<6x5x5xf32>
  %e = tosa.exp %d : (tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %r = tosa.reciprocal %sum : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x5x5xf32>, tensor<6x5x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x5xf32>, tensor<6x5x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// The scaled scores are also returned.
// CHECK-LABEL: func.func @scores_used_twice
// CHECK-NOT: mha.attention
// CHECK: tosa.reduce_max
// CHECK: tosa.matmul
// CHECK-NOT: mha.attention
// CHECK: return
func.func @scores_used_twice(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> (tensor<6x5x4xf32>, tensor<6x5x5xf32>) {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x5x8xf32>) -> tensor<6x8x5xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x5xf32>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %ss = tosa.mul %s, %c, %shift : (tensor<6x5x5xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %m = tosa.reduce_max %ss {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %d = tosa.sub %ss, %m : (tensor<6x5x5xf32>, tensor<6x5x1xf32>) -> tensor<6x5x5xf32>
  %e = tosa.exp %d : (tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %r = tosa.reciprocal %sum : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x5x5xf32>, tensor<6x5x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x5xf32>, tensor<6x5x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o, %ss : tensor<6x5x4xf32>, tensor<6x5x5xf32>
}

// -----

// exp(x - max) is also returned.
// CHECK-LABEL: func.func @exp_used_twice
// CHECK-NOT: mha.attention
// CHECK: tosa.exp
// CHECK: tosa.matmul
// CHECK-NOT: mha.attention
// CHECK: return
func.func @exp_used_twice(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> (tensor<6x5x4xf32>, tensor<6x5x5xf32>) {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x5x8xf32>) -> tensor<6x8x5xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x5xf32>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %ss = tosa.mul %s, %c, %shift : (tensor<6x5x5xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %m = tosa.reduce_max %ss {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %d = tosa.sub %ss, %m : (tensor<6x5x5xf32>, tensor<6x5x1xf32>) -> tensor<6x5x5xf32>
  %e = tosa.exp %d : (tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %r = tosa.reciprocal %sum : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x5x5xf32>, tensor<6x5x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x5xf32>, tensor<6x5x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o, %e : tensor<6x5x4xf32>, tensor<6x5x5xf32>
}

// -----

// The transposed key is also returned.
// CHECK-LABEL: func.func @key_transpose_used_twice
// CHECK-NOT: mha.attention
// CHECK: tosa.transpose
// CHECK: tosa.matmul
// CHECK-NOT: mha.attention
// CHECK: return
func.func @key_transpose_used_twice(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> (tensor<6x5x4xf32>, tensor<6x8x5xf32>) {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x5x8xf32>) -> tensor<6x8x5xf32>
  %s = tosa.matmul %q, %kt, %zp, %zp : (tensor<6x5x8xf32>, tensor<6x8x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x5xf32>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %ss = tosa.mul %s, %c, %shift : (tensor<6x5x5xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %m = tosa.reduce_max %ss {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %d = tosa.sub %ss, %m : (tensor<6x5x5xf32>, tensor<6x5x1xf32>) -> tensor<6x5x5xf32>
  %e = tosa.exp %d : (tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<6x5x5xf32>) -> tensor<6x5x1xf32>
  %r = tosa.reciprocal %sum : (tensor<6x5x1xf32>) -> tensor<6x5x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x5x5xf32>, tensor<6x5x1xf32>, tensor<1xi8>) -> tensor<6x5x5xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x5x5xf32>, tensor<6x5x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x5x4xf32>
  return %o, %kt : tensor<6x5x4xf32>, tensor<6x8x5xf32>
}

// -----

// A causal select of -1.0e+04 in place of the scores is not a causal mask
// (and, replacing rather than adding, not a bias either).
// CHECK-LABEL: func.func @select_not_inf
// CHECK-NOT: mha.attention
// CHECK: arith.select
// CHECK: linalg.batch_matmul
// CHECK-NOT: mha.attention
// CHECK: return
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @select_not_inf(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> tensor<6x5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %fill = arith.constant -1.0e+04 : f32
  %init = arith.constant 0xFF800000 : f32
  %c1 = arith.constant 1 : index
  %e0 = tensor.empty() : tensor<6x8x5xf32>
  %kt = linalg.transpose ins(%k : tensor<6x5x8xf32>) outs(%e0 : tensor<6x8x5xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x5x5xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x5x8xf32>, tensor<6x8x5xf32>) outs(%f1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %x = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<6x5x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %gt = arith.cmpi ugt, %j, %i : index
    %y = arith.select %gt, %fill, %in : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %e2 = tensor.empty() : tensor<6x5xf32>
  %f2 = linalg.fill ins(%init : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %m = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : tensor<6x5x5xf32>) outs(%f2 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.maximumf %in, %out : f32
    linalg.yield %y : f32
  } -> tensor<6x5xf32>
  %exp = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %m : tensor<6x5x5xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.subf %in, %in_0 : f32
    %z = math.exp %y : f32
    linalg.yield %z : f32
  } -> tensor<6x5x5xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%exp : tensor<6x5x5xf32>) outs(%f3 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.addf %in, %out : f32
    linalg.yield %y : f32
  } -> tensor<6x5xf32>
  %p = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%exp, %sum : tensor<6x5x5xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.divf %in, %in_0 : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %e3 = tensor.empty() : tensor<6x5x4xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x5x5xf32>, tensor<6x5x4xf32>) outs(%f4 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// A select of -inf in place for j > i + 1: neither top_left nor
// bottom_right (L = S).
// CHECK-LABEL: func.func @select_wrong_offset
// CHECK-NOT: mha.attention
// CHECK: arith.cmpi ugt
// CHECK: linalg.batch_matmul
// CHECK-NOT: mha.attention
// CHECK: return
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @select_wrong_offset(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> tensor<6x5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %fill = arith.constant 0xFF800000 : f32
  %init = arith.constant 0xFF800000 : f32
  %c1 = arith.constant 1 : index
  %e0 = tensor.empty() : tensor<6x8x5xf32>
  %kt = linalg.transpose ins(%k : tensor<6x5x8xf32>) outs(%e0 : tensor<6x8x5xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x5x5xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x5x8xf32>, tensor<6x8x5xf32>) outs(%f1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %x = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<6x5x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %i1 = arith.addi %i, %c1 : index
    %gt = arith.cmpi ugt, %j, %i1 : index
    %y = arith.select %gt, %fill, %in : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %e2 = tensor.empty() : tensor<6x5xf32>
  %f2 = linalg.fill ins(%init : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %m = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : tensor<6x5x5xf32>) outs(%f2 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.maximumf %in, %out : f32
    linalg.yield %y : f32
  } -> tensor<6x5xf32>
  %exp = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %m : tensor<6x5x5xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.subf %in, %in_0 : f32
    %z = math.exp %y : f32
    linalg.yield %z : f32
  } -> tensor<6x5x5xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%exp : tensor<6x5x5xf32>) outs(%f3 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.addf %in, %out : f32
    linalg.yield %y : f32
  } -> tensor<6x5xf32>
  %p = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%exp, %sum : tensor<6x5x5xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.divf %in, %in_0 : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %e3 = tensor.empty() : tensor<6x5x4xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x5x5xf32>, tensor<6x5x4xf32>) outs(%f4 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// The bias is added before a scale, which would scale it too.
// CHECK-LABEL: func.func @bias_before_scale
// CHECK-NOT: mha.attention
// CHECK: arith.addf
// CHECK: arith.mulf
// CHECK: linalg.batch_matmul
// CHECK-NOT: mha.attention
// CHECK: return
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @bias_before_scale(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>, %b: tensor<6x5x5xf32>) -> tensor<6x5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %fill = arith.constant 0.5 : f32
  %init = arith.constant 0xFF800000 : f32
  %c1 = arith.constant 1 : index
  %e0 = tensor.empty() : tensor<6x8x5xf32>
  %kt = linalg.transpose ins(%k : tensor<6x5x8xf32>) outs(%e0 : tensor<6x8x5xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x5x5xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x5x8xf32>, tensor<6x8x5xf32>) outs(%f1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %sb = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s, %b : tensor<6x5x5xf32>, tensor<6x5x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.addf %in, %in_0 : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %x = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%sb : tensor<6x5x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.mulf %in, %fill : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %e2 = tensor.empty() : tensor<6x5xf32>
  %f2 = linalg.fill ins(%init : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %m = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : tensor<6x5x5xf32>) outs(%f2 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.maximumf %in, %out : f32
    linalg.yield %y : f32
  } -> tensor<6x5xf32>
  %exp = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %m : tensor<6x5x5xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.subf %in, %in_0 : f32
    %z = math.exp %y : f32
    linalg.yield %z : f32
  } -> tensor<6x5x5xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%exp : tensor<6x5x5xf32>) outs(%f3 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.addf %in, %out : f32
    linalg.yield %y : f32
  } -> tensor<6x5xf32>
  %p = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%exp, %sum : tensor<6x5x5xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.divf %in, %in_0 : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %e3 = tensor.empty() : tensor<6x5x4xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x5x5xf32>, tensor<6x5x4xf32>) outs(%f4 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// The running max starts at 0.0, not at -inf.
// CHECK-LABEL: func.func @max_starts_at_zero
// CHECK-NOT: mha.attention
// CHECK: arith.maximumf
// CHECK: linalg.batch_matmul
// CHECK-NOT: mha.attention
// CHECK: return
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @max_starts_at_zero(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> tensor<6x5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %fill = arith.constant 0xFF800000 : f32
  %init = arith.constant 0.0 : f32
  %c1 = arith.constant 1 : index
  %e0 = tensor.empty() : tensor<6x8x5xf32>
  %kt = linalg.transpose ins(%k : tensor<6x5x8xf32>) outs(%e0 : tensor<6x8x5xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x5x5xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x5x8xf32>, tensor<6x8x5xf32>) outs(%f1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %x = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<6x5x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %gt = arith.cmpi ugt, %j, %i : index
    %y = arith.select %gt, %fill, %in : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %e2 = tensor.empty() : tensor<6x5xf32>
  %f2 = linalg.fill ins(%init : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %m = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : tensor<6x5x5xf32>) outs(%f2 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.maximumf %in, %out : f32
    linalg.yield %y : f32
  } -> tensor<6x5xf32>
  %exp = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %m : tensor<6x5x5xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.subf %in, %in_0 : f32
    %z = math.exp %y : f32
    linalg.yield %z : f32
  } -> tensor<6x5x5xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%exp : tensor<6x5x5xf32>) outs(%f3 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.addf %in, %out : f32
    linalg.yield %y : f32
  } -> tensor<6x5xf32>
  %p = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%exp, %sum : tensor<6x5x5xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.divf %in, %in_0 : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %e3 = tensor.empty() : tensor<6x5x4xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x5x5xf32>, tensor<6x5x4xf32>) outs(%f4 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// The same select of -inf for j > i is raised (top_left).
// CHECK-LABEL: func.func @select_top_left_positive
// CHECK: mha.attention %{{.*}} causal(top_left)
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @select_top_left_positive(%q: tensor<6x5x8xf32>, %k: tensor<6x5x8xf32>, %v: tensor<6x5x4xf32>) -> tensor<6x5x4xf32> {
  %zero = arith.constant 0.0 : f32
  %fill = arith.constant 0xFF800000 : f32
  %init = arith.constant 0xFF800000 : f32
  %c1 = arith.constant 1 : index
  %e0 = tensor.empty() : tensor<6x8x5xf32>
  %kt = linalg.transpose ins(%k : tensor<6x5x8xf32>) outs(%e0 : tensor<6x8x5xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x5x5xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x5x8xf32>, tensor<6x8x5xf32>) outs(%f1 : tensor<6x5x5xf32>) -> tensor<6x5x5xf32>
  %x = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<6x5x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %gt = arith.cmpi ugt, %j, %i : index
    %y = arith.select %gt, %fill, %in : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %e2 = tensor.empty() : tensor<6x5xf32>
  %f2 = linalg.fill ins(%init : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %m = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : tensor<6x5x5xf32>) outs(%f2 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.maximumf %in, %out : f32
    linalg.yield %y : f32
  } -> tensor<6x5xf32>
  %exp = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %m : tensor<6x5x5xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.subf %in, %in_0 : f32
    %z = math.exp %y : f32
    linalg.yield %z : f32
  } -> tensor<6x5x5xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x5xf32>) -> tensor<6x5xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%exp : tensor<6x5x5xf32>) outs(%f3 : tensor<6x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.addf %in, %out : f32
    linalg.yield %y : f32
  } -> tensor<6x5xf32>
  %p = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%exp, %sum : tensor<6x5x5xf32>, tensor<6x5xf32>) outs(%e1 : tensor<6x5x5xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %y = arith.divf %in, %in_0 : f32
    linalg.yield %y : f32
  } -> tensor<6x5x5xf32>
  %e3 = tensor.empty() : tensor<6x5x4xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x5x5xf32>, tensor<6x5x4xf32>) outs(%f4 : tensor<6x5x4xf32>) -> tensor<6x5x4xf32>
  return %o : tensor<6x5x4xf32>
}

// -----

// Raise-projections: what --mha-decompose-multi-head-attention makes of a
// grouped-query cross-attention block with biases, a mask, causal and scale
// (3-D contraction generics whose accumulators start at the broadcast bias,
// expand_shape + transpose head splits, the attention, the merge and the
// output projection) becomes the block again.

// CHECK-LABEL: func.func @decomposed_block(
// CHECK-SAME:    %[[XQ:[^:]+]]: tensor<2x9x16xf32>, %[[XK:[^:]+]]: tensor<2x14x12xf32>, %[[XV:[^:]+]]: tensor<2x14x10xf32>, %[[WQ:[^:]+]]: tensor<16x24xf32>, %[[WK:[^:]+]]: tensor<12x12xf32>, %[[WV:[^:]+]]: tensor<10x10xf32>, %[[WO:[^:]+]]: tensor<20x20xf32>, %[[BQ:[^:]+]]: tensor<24xf32>, %[[BK:[^:]+]]: tensor<12xf32>, %[[BV:[^:]+]]: tensor<10xf32>, %[[BO:[^:]+]]: tensor<20xf32>, %[[M:[^:]+]]: tensor<2x1x1x14xi1>
// CHECK-NEXT:    %[[Y:.+]] = mha.multi_head_attention %[[XQ]], %[[XK]], %[[XV]] weights(%[[WQ]], %[[WK]], %[[WV]], %[[WO]] : tensor<16x24xf32>, tensor<12x12xf32>, tensor<10x10xf32>, tensor<20x20xf32>) biases(%[[BQ]], %[[BK]], %[[BV]], %[[BO]] : tensor<24xf32>, tensor<12xf32>, tensor<10xf32>, tensor<20xf32>) mask(%[[M]] : tensor<2x1x1x14xi1>) heads(4, 2) causal(bottom_right) scale(3.000000e-01) : tensor<2x9x16xf32>, tensor<2x14x12xf32>, tensor<2x14x10xf32> -> tensor<2x9x20xf32>
// CHECK-NEXT:    return %[[Y]]
// NOPROJ-LABEL: func.func @decomposed_block(
// NOPROJ-NOT:     mha.multi_head_attention
// NOPROJ:         mha.attention %{{.+}}, %{{.+}}, %{{.+}} mask(%{{.+}} : tensor<2x1x1x14xi1>) causal(bottom_right) scale(3.000000e-01)
// NOPROJ:         linalg.generic
#row = affine_map<(d0, d1, d2) -> (d2)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#x = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#w = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
#out3 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @decomposed_block(%arg0: tensor<2x9x16xf32>, %arg1: tensor<2x14x12xf32>, %arg2: tensor<2x14x10xf32>, %arg3: tensor<16x24xf32>, %arg4: tensor<12x12xf32>, %arg5: tensor<10x10xf32>, %arg6: tensor<20x20xf32>, %arg7: tensor<24xf32>, %arg8: tensor<12xf32>, %arg9: tensor<10xf32>, %arg10: tensor<20xf32>, %arg11: tensor<2x1x1x14xi1>) -> tensor<2x9x20xf32> {
  %0 = tensor.empty() : tensor<2x9x24xf32>
  %1 = linalg.generic {indexing_maps = [#row, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg7 : tensor<24xf32>) outs(%0 : tensor<2x9x24xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x9x24xf32>
  %2 = linalg.generic {indexing_maps = [#x, #w, #out3], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg3 : tensor<2x9x16xf32>, tensor<16x24xf32>) outs(%1 : tensor<2x9x24xf32>) {
  ^bb0(%in: f32, %in_5: f32, %out: f32):
    %17 = arith.mulf %in, %in_5 : f32
    %18 = arith.addf %out, %17 : f32
    linalg.yield %18 : f32
  } -> tensor<2x9x24xf32>
  %expanded = tensor.expand_shape %2 [[0], [1], [2, 3]] output_shape [2, 9, 4, 6] : tensor<2x9x24xf32> into tensor<2x9x4x6xf32>
  %3 = tensor.empty() : tensor<2x4x9x6xf32>
  %transposed = linalg.transpose ins(%expanded : tensor<2x9x4x6xf32>) outs(%3 : tensor<2x4x9x6xf32>) permutation = [0, 2, 1, 3] 
  %4 = tensor.empty() : tensor<2x14x12xf32>
  %5 = linalg.generic {indexing_maps = [#row, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg8 : tensor<12xf32>) outs(%4 : tensor<2x14x12xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x14x12xf32>
  %6 = linalg.generic {indexing_maps = [#x, #w, #out3], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg1, %arg4 : tensor<2x14x12xf32>, tensor<12x12xf32>) outs(%5 : tensor<2x14x12xf32>) {
  ^bb0(%in: f32, %in_5: f32, %out: f32):
    %17 = arith.mulf %in, %in_5 : f32
    %18 = arith.addf %out, %17 : f32
    linalg.yield %18 : f32
  } -> tensor<2x14x12xf32>
  %expanded_0 = tensor.expand_shape %6 [[0], [1], [2, 3]] output_shape [2, 14, 2, 6] : tensor<2x14x12xf32> into tensor<2x14x2x6xf32>
  %7 = tensor.empty() : tensor<2x2x14x6xf32>
  %transposed_1 = linalg.transpose ins(%expanded_0 : tensor<2x14x2x6xf32>) outs(%7 : tensor<2x2x14x6xf32>) permutation = [0, 2, 1, 3] 
  %8 = tensor.empty() : tensor<2x14x10xf32>
  %9 = linalg.generic {indexing_maps = [#row, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg9 : tensor<10xf32>) outs(%8 : tensor<2x14x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x14x10xf32>
  %10 = linalg.generic {indexing_maps = [#x, #w, #out3], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg2, %arg5 : tensor<2x14x10xf32>, tensor<10x10xf32>) outs(%9 : tensor<2x14x10xf32>) {
  ^bb0(%in: f32, %in_5: f32, %out: f32):
    %17 = arith.mulf %in, %in_5 : f32
    %18 = arith.addf %out, %17 : f32
    linalg.yield %18 : f32
  } -> tensor<2x14x10xf32>
  %expanded_2 = tensor.expand_shape %10 [[0], [1], [2, 3]] output_shape [2, 14, 2, 5] : tensor<2x14x10xf32> into tensor<2x14x2x5xf32>
  %11 = tensor.empty() : tensor<2x2x14x5xf32>
  %transposed_3 = linalg.transpose ins(%expanded_2 : tensor<2x14x2x5xf32>) outs(%11 : tensor<2x2x14x5xf32>) permutation = [0, 2, 1, 3] 
  %12 = mha.attention %transposed, %transposed_1, %transposed_3 mask(%arg11 : tensor<2x1x1x14xi1>) causal(bottom_right) scale(3.000000e-01) : tensor<2x4x9x6xf32>, tensor<2x2x14x6xf32>, tensor<2x2x14x5xf32> -> tensor<2x4x9x5xf32>
  %13 = tensor.empty() : tensor<2x9x4x5xf32>
  %transposed_4 = linalg.transpose ins(%12 : tensor<2x4x9x5xf32>) outs(%13 : tensor<2x9x4x5xf32>) permutation = [0, 2, 1, 3] 
  %collapsed = tensor.collapse_shape %transposed_4 [[0], [1], [2, 3]] : tensor<2x9x4x5xf32> into tensor<2x9x20xf32>
  %14 = tensor.empty() : tensor<2x9x20xf32>
  %15 = linalg.generic {indexing_maps = [#row, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg10 : tensor<20xf32>) outs(%14 : tensor<2x9x20xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x9x20xf32>
  %16 = linalg.generic {indexing_maps = [#x, #w, #out3], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%collapsed, %arg6 : tensor<2x9x20xf32>, tensor<20x20xf32>) outs(%15 : tensor<2x9x20xf32>) {
  ^bb0(%in: f32, %in_5: f32, %out: f32):
    %17 = arith.mulf %in, %in_5 : f32
    %18 = arith.addf %out, %17 : f32
    linalg.yield %18 : f32
  } -> tensor<2x9x20xf32>
  return %16 : tensor<2x9x20xf32>
}


// -----

// Raise-projections: x collapsed to rows, linalg.matmul with the bias added
// afterwards (K has none, so it gets a zero bias), [B, L, H, E] head splits,
// merged back and projected without a bias.

// CHECK-LABEL: func.func @matmul_projections(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x5x12xf32>, %[[WQ:[^:]+]]: tensor<12x8xf32>, %[[WK:[^:]+]]: tensor<12x8xf32>, %[[WV:[^:]+]]: tensor<12x8xf32>, %[[WO:[^:]+]]: tensor<8x12xf32>, %[[BQ:[^:]+]]: tensor<8xf32>, %[[BV:[^:]+]]: tensor<8xf32>
// CHECK-DAG:     %[[BK:.+]] = arith.constant dense<0.000000e+00> : tensor<8xf32>
// CHECK-DAG:     %[[BO:.+]] = arith.constant dense<0.000000e+00> : tensor<12xf32>
// CHECK:         %[[Y:.+]] = mha.multi_head_attention %[[X]], %[[X]], %[[X]] weights(%[[WQ]], %[[WK]], %[[WV]], %[[WO]] : tensor<12x8xf32>, tensor<12x8xf32>, tensor<12x8xf32>, tensor<8x12xf32>) biases(%[[BQ]], %[[BK]], %[[BV]], %[[BO]] : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<12xf32>) heads(2) : tensor<2x5x12xf32>, tensor<2x5x12xf32>, tensor<2x5x12xf32> -> tensor<2x5x12xf32>
// CHECK-NEXT:    return %[[Y]]
// CHECK-NOT:     linalg.
// NOPROJ-LABEL: func.func @matmul_projections(
// NOPROJ-NOT:     mha.multi_head_attention
// NOPROJ:         linalg.matmul
// NOPROJ:         mha.attention
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @matmul_projections(%x: tensor<2x5x12xf32>, %wq: tensor<12x8xf32>, %wk: tensor<12x8xf32>, %wv: tensor<12x8xf32>, %wo: tensor<8x12xf32>, %bq: tensor<8xf32>, %bv: tensor<8xf32>) -> tensor<2x5x12xf32> {
  %zero = arith.constant 0.0 : f32
  %q2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %qe = tensor.empty() : tensor<10x8xf32>
  %qf = linalg.fill ins(%zero : f32) outs(%qe : tensor<10x8xf32>) -> tensor<10x8xf32>
  %qm = linalg.matmul ins(%q2, %wq : tensor<10x12xf32>, tensor<12x8xf32>) outs(%qf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %qb = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%qm, %bq : tensor<10x8xf32>, tensor<8xf32>) outs(%qe : tensor<10x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %s = arith.addf %in, %in_0 : f32
    linalg.yield %s : f32
  } -> tensor<10x8xf32>
  %q4 = tensor.expand_shape %qb [[0, 1], [2, 3]] output_shape [2, 5, 2, 4] : tensor<10x8xf32> into tensor<2x5x2x4xf32>
  %qt = tensor.empty() : tensor<2x2x5x4xf32>
  %q = linalg.transpose ins(%q4 : tensor<2x5x2x4xf32>) outs(%qt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %k2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %ke = tensor.empty() : tensor<10x8xf32>
  %kf = linalg.fill ins(%zero : f32) outs(%ke : tensor<10x8xf32>) -> tensor<10x8xf32>
  %km = linalg.matmul ins(%k2, %wk : tensor<10x12xf32>, tensor<12x8xf32>) outs(%kf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %k4 = tensor.expand_shape %km [[0, 1], [2, 3]] output_shape [2, 5, 2, 4] : tensor<10x8xf32> into tensor<2x5x2x4xf32>
  %kt = tensor.empty() : tensor<2x2x5x4xf32>
  %k = linalg.transpose ins(%k4 : tensor<2x5x2x4xf32>) outs(%kt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %v2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %ve = tensor.empty() : tensor<10x8xf32>
  %vf = linalg.fill ins(%zero : f32) outs(%ve : tensor<10x8xf32>) -> tensor<10x8xf32>
  %vm = linalg.matmul ins(%v2, %wv : tensor<10x12xf32>, tensor<12x8xf32>) outs(%vf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %vb = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%vm, %bv : tensor<10x8xf32>, tensor<8xf32>) outs(%ve : tensor<10x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %s = arith.addf %in, %in_0 : f32
    linalg.yield %s : f32
  } -> tensor<10x8xf32>
  %v4 = tensor.expand_shape %vb [[0, 1], [2, 3]] output_shape [2, 5, 2, 4] : tensor<10x8xf32> into tensor<2x5x2x4xf32>
  %vt = tensor.empty() : tensor<2x2x5x4xf32>
  %v = linalg.transpose ins(%v4 : tensor<2x5x2x4xf32>) outs(%vt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %a = mha.attention %q, %k, %v : tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32> -> tensor<2x2x5x4xf32>
  %at = tensor.empty() : tensor<2x5x2x4xf32>
  %a4 = linalg.transpose ins(%a : tensor<2x2x5x4xf32>) outs(%at : tensor<2x5x2x4xf32>) permutation = [0, 2, 1, 3]
  %a2 = tensor.collapse_shape %a4 [[0, 1], [2, 3]] : tensor<2x5x2x4xf32> into tensor<10x8xf32>
  %oe = tensor.empty() : tensor<10x12xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<10x12xf32>) -> tensor<10x12xf32>
  %om = linalg.matmul ins(%a2, %wo : tensor<10x8xf32>, tensor<8x12xf32>) outs(%of : tensor<10x12xf32>) -> tensor<10x12xf32>
  %y = tensor.expand_shape %om [[0, 1], [2]] output_shape [2, 5, 12] : tensor<10x12xf32> into tensor<2x5x12xf32>
  return %y : tensor<2x5x12xf32>
}


// -----

// Raise-projections: the Q columns are split E-major ([B, L, E, H], then
// transposed), which is not the block's head layout: only the attention
// stays raised.

// CHECK-LABEL: func.func @projection_wrong_head_layout
// CHECK-NOT:     mha.multi_head_attention
// CHECK:         permutation = [0, 3, 1, 2]
// CHECK:         mha.attention
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @projection_wrong_head_layout(%x: tensor<2x5x12xf32>, %wq: tensor<12x8xf32>, %wk: tensor<12x8xf32>, %wv: tensor<12x8xf32>, %wo: tensor<8x12xf32>, %bq: tensor<8xf32>, %bv: tensor<8xf32>) -> tensor<2x5x12xf32> {
  %zero = arith.constant 0.0 : f32
  %q2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %qe = tensor.empty() : tensor<10x8xf32>
  %qf = linalg.fill ins(%zero : f32) outs(%qe : tensor<10x8xf32>) -> tensor<10x8xf32>
  %qm = linalg.matmul ins(%q2, %wq : tensor<10x12xf32>, tensor<12x8xf32>) outs(%qf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %qb = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%qm, %bq : tensor<10x8xf32>, tensor<8xf32>) outs(%qe : tensor<10x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %s = arith.addf %in, %in_0 : f32
    linalg.yield %s : f32
  } -> tensor<10x8xf32>
  %q4 = tensor.expand_shape %qb [[0, 1], [2, 3]] output_shape [2, 5, 4, 2] : tensor<10x8xf32> into tensor<2x5x4x2xf32>
  %qt = tensor.empty() : tensor<2x2x5x4xf32>
  %q = linalg.transpose ins(%q4 : tensor<2x5x4x2xf32>) outs(%qt : tensor<2x2x5x4xf32>) permutation = [0, 3, 1, 2]
  %k2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %ke = tensor.empty() : tensor<10x8xf32>
  %kf = linalg.fill ins(%zero : f32) outs(%ke : tensor<10x8xf32>) -> tensor<10x8xf32>
  %km = linalg.matmul ins(%k2, %wk : tensor<10x12xf32>, tensor<12x8xf32>) outs(%kf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %k4 = tensor.expand_shape %km [[0, 1], [2, 3]] output_shape [2, 5, 2, 4] : tensor<10x8xf32> into tensor<2x5x2x4xf32>
  %kt = tensor.empty() : tensor<2x2x5x4xf32>
  %k = linalg.transpose ins(%k4 : tensor<2x5x2x4xf32>) outs(%kt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %v2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %ve = tensor.empty() : tensor<10x8xf32>
  %vf = linalg.fill ins(%zero : f32) outs(%ve : tensor<10x8xf32>) -> tensor<10x8xf32>
  %vm = linalg.matmul ins(%v2, %wv : tensor<10x12xf32>, tensor<12x8xf32>) outs(%vf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %vb = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%vm, %bv : tensor<10x8xf32>, tensor<8xf32>) outs(%ve : tensor<10x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %s = arith.addf %in, %in_0 : f32
    linalg.yield %s : f32
  } -> tensor<10x8xf32>
  %v4 = tensor.expand_shape %vb [[0, 1], [2, 3]] output_shape [2, 5, 2, 4] : tensor<10x8xf32> into tensor<2x5x2x4xf32>
  %vt = tensor.empty() : tensor<2x2x5x4xf32>
  %v = linalg.transpose ins(%v4 : tensor<2x5x2x4xf32>) outs(%vt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %a = mha.attention %q, %k, %v : tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32> -> tensor<2x2x5x4xf32>
  %at = tensor.empty() : tensor<2x5x2x4xf32>
  %a4 = linalg.transpose ins(%a : tensor<2x2x5x4xf32>) outs(%at : tensor<2x5x2x4xf32>) permutation = [0, 2, 1, 3]
  %a2 = tensor.collapse_shape %a4 [[0, 1], [2, 3]] : tensor<2x5x2x4xf32> into tensor<10x8xf32>
  %oe = tensor.empty() : tensor<10x12xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<10x12xf32>) -> tensor<10x12xf32>
  %om = linalg.matmul ins(%a2, %wo : tensor<10x8xf32>, tensor<8x12xf32>) outs(%of : tensor<10x12xf32>) -> tensor<10x12xf32>
  %y = tensor.expand_shape %om [[0, 1], [2]] output_shape [2, 5, 12] : tensor<10x12xf32> into tensor<2x5x12xf32>
  return %y : tensor<2x5x12xf32>
}


// -----

// Raise-projections: the K projection is also returned.

// CHECK-LABEL: func.func @projection_used_twice
// CHECK-NOT:     mha.multi_head_attention
// CHECK:         mha.attention
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @projection_used_twice(%x: tensor<2x5x12xf32>, %wq: tensor<12x8xf32>, %wk: tensor<12x8xf32>, %wv: tensor<12x8xf32>, %wo: tensor<8x12xf32>, %bq: tensor<8xf32>, %bv: tensor<8xf32>) -> (tensor<2x5x12xf32>, tensor<10x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %q2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %qe = tensor.empty() : tensor<10x8xf32>
  %qf = linalg.fill ins(%zero : f32) outs(%qe : tensor<10x8xf32>) -> tensor<10x8xf32>
  %qm = linalg.matmul ins(%q2, %wq : tensor<10x12xf32>, tensor<12x8xf32>) outs(%qf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %qb = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%qm, %bq : tensor<10x8xf32>, tensor<8xf32>) outs(%qe : tensor<10x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %s = arith.addf %in, %in_0 : f32
    linalg.yield %s : f32
  } -> tensor<10x8xf32>
  %q4 = tensor.expand_shape %qb [[0, 1], [2, 3]] output_shape [2, 5, 2, 4] : tensor<10x8xf32> into tensor<2x5x2x4xf32>
  %qt = tensor.empty() : tensor<2x2x5x4xf32>
  %q = linalg.transpose ins(%q4 : tensor<2x5x2x4xf32>) outs(%qt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %k2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %ke = tensor.empty() : tensor<10x8xf32>
  %kf = linalg.fill ins(%zero : f32) outs(%ke : tensor<10x8xf32>) -> tensor<10x8xf32>
  %km = linalg.matmul ins(%k2, %wk : tensor<10x12xf32>, tensor<12x8xf32>) outs(%kf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %k4 = tensor.expand_shape %km [[0, 1], [2, 3]] output_shape [2, 5, 2, 4] : tensor<10x8xf32> into tensor<2x5x2x4xf32>
  %kt = tensor.empty() : tensor<2x2x5x4xf32>
  %k = linalg.transpose ins(%k4 : tensor<2x5x2x4xf32>) outs(%kt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %v2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %ve = tensor.empty() : tensor<10x8xf32>
  %vf = linalg.fill ins(%zero : f32) outs(%ve : tensor<10x8xf32>) -> tensor<10x8xf32>
  %vm = linalg.matmul ins(%v2, %wv : tensor<10x12xf32>, tensor<12x8xf32>) outs(%vf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %vb = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%vm, %bv : tensor<10x8xf32>, tensor<8xf32>) outs(%ve : tensor<10x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %s = arith.addf %in, %in_0 : f32
    linalg.yield %s : f32
  } -> tensor<10x8xf32>
  %v4 = tensor.expand_shape %vb [[0, 1], [2, 3]] output_shape [2, 5, 2, 4] : tensor<10x8xf32> into tensor<2x5x2x4xf32>
  %vt = tensor.empty() : tensor<2x2x5x4xf32>
  %v = linalg.transpose ins(%v4 : tensor<2x5x2x4xf32>) outs(%vt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %a = mha.attention %q, %k, %v : tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32> -> tensor<2x2x5x4xf32>
  %at = tensor.empty() : tensor<2x5x2x4xf32>
  %a4 = linalg.transpose ins(%a : tensor<2x2x5x4xf32>) outs(%at : tensor<2x5x2x4xf32>) permutation = [0, 2, 1, 3]
  %a2 = tensor.collapse_shape %a4 [[0, 1], [2, 3]] : tensor<2x5x2x4xf32> into tensor<10x8xf32>
  %oe = tensor.empty() : tensor<10x12xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<10x12xf32>) -> tensor<10x12xf32>
  %om = linalg.matmul ins(%a2, %wo : tensor<10x8xf32>, tensor<8x12xf32>) outs(%of : tensor<10x12xf32>) -> tensor<10x12xf32>
  %y = tensor.expand_shape %om [[0, 1], [2]] output_shape [2, 5, 12] : tensor<10x12xf32> into tensor<2x5x12xf32>
  return %y, %km : tensor<2x5x12xf32>, tensor<10x8xf32>
}


// -----

// Raise-projections from TOSA, as TorchToTosa emits linear: x reshaped to
// [1, B*L, Ein] and W to [1, Ein, M] around tosa.matmul, the product
// reshaped back, a [1, .., 1, M] bias added by tosa.add (V after the
// reshape to [B, L, M]; the output projection's bias on [B*L, Eout], before
// the final reshape); heads split and merged by tosa.reshape and
// tosa.transpose. The weights and biases are read back as [Ein, M] and [M].

// CHECK-LABEL: func.func @tosa_projections(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x5x12xf32>, %[[WQ:[^:]+]]: tensor<12x8xf32>, %[[WK:[^:]+]]: tensor<12x8xf32>, %[[WV:[^:]+]]: tensor<12x8xf32>, %[[WO:[^:]+]]: tensor<8x12xf32>, %[[BV:[^:]+]]: tensor<8xf32>, %[[BO:[^:]+]]: tensor<12xf32>
// CHECK-NEXT:    %[[ZQ:.+]] = arith.constant dense<0.000000e+00> : tensor<8xf32>
// CHECK-NEXT:    %[[ZK:.+]] = arith.constant dense<0.000000e+00> : tensor<8xf32>
// CHECK-NEXT:    %[[Y:.+]] = mha.multi_head_attention %[[X]], %[[X]], %[[X]] weights(%[[WQ]], %[[WK]], %[[WV]], %[[WO]] : tensor<12x8xf32>, tensor<12x8xf32>, tensor<12x8xf32>, tensor<8x12xf32>) biases(%[[ZQ]], %[[ZK]], %[[BV]], %[[BO]] : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<12xf32>) heads(2) causal(top_left) : tensor<2x5x12xf32>, tensor<2x5x12xf32>, tensor<2x5x12xf32> -> tensor<2x5x12xf32>
// CHECK-NEXT:    return %[[Y]]
// CHECK-NOT:     tosa.
// NOPROJ-LABEL: func.func @tosa_projections(
// NOPROJ-NOT:     mha.multi_head_attention
// NOPROJ-COUNT-4: tosa.matmul
func.func @tosa_projections(%x: tensor<2x5x12xf32>, %wq: tensor<12x8xf32>, %wk: tensor<12x8xf32>, %wv: tensor<12x8xf32>, %wo: tensor<8x12xf32>, %bv: tensor<8xf32>, %bo: tensor<12xf32>) -> tensor<2x5x12xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s0 = tosa.const_shape {values = dense<[1, 10, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %x, %s0 : (tensor<2x5x12xf32>, !tosa.shape<3>) -> tensor<1x10x12xf32>
  %s1 = tosa.const_shape {values = dense<[1, 12, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %wq3 = tosa.reshape %wq, %s1 : (tensor<12x8xf32>, !tosa.shape<3>) -> tensor<1x12x8xf32>
  %qm = tosa.matmul %x3, %wq3, %zp, %zp : (tensor<1x10x12xf32>, tensor<1x12x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x8xf32>
  %s2 = tosa.const_shape {values = dense<[2, 5, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %qp = tosa.reshape %qm, %s2 : (tensor<1x10x8xf32>, !tosa.shape<3>) -> tensor<2x5x8xf32>
  %s3 = tosa.const_shape {values = dense<[2, 5, 2, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %qs = tosa.reshape %qp, %s3 : (tensor<2x5x8xf32>, !tosa.shape<4>) -> tensor<2x5x2x4xf32>
  %q = tosa.transpose %qs {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x5x2x4xf32>) -> tensor<2x2x5x4xf32>
  %wk3 = tosa.reshape %wk, %s1 : (tensor<12x8xf32>, !tosa.shape<3>) -> tensor<1x12x8xf32>
  %km = tosa.matmul %x3, %wk3, %zp, %zp : (tensor<1x10x12xf32>, tensor<1x12x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x8xf32>
  %kp = tosa.reshape %km, %s2 : (tensor<1x10x8xf32>, !tosa.shape<3>) -> tensor<2x5x8xf32>
  %ks = tosa.reshape %kp, %s3 : (tensor<2x5x8xf32>, !tosa.shape<4>) -> tensor<2x5x2x4xf32>
  %k = tosa.transpose %ks {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x5x2x4xf32>) -> tensor<2x2x5x4xf32>
  %wv3 = tosa.reshape %wv, %s1 : (tensor<12x8xf32>, !tosa.shape<3>) -> tensor<1x12x8xf32>
  %vm = tosa.matmul %x3, %wv3, %zp, %zp : (tensor<1x10x12xf32>, tensor<1x12x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x8xf32>
  %vp = tosa.reshape %vm, %s2 : (tensor<1x10x8xf32>, !tosa.shape<3>) -> tensor<2x5x8xf32>
  %s4 = tosa.const_shape {values = dense<[1, 1, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %bv3 = tosa.reshape %bv, %s4 : (tensor<8xf32>, !tosa.shape<3>) -> tensor<1x1x8xf32>
  %vb = tosa.add %vp, %bv3 : (tensor<2x5x8xf32>, tensor<1x1x8xf32>) -> tensor<2x5x8xf32>
  %vs = tosa.reshape %vb, %s3 : (tensor<2x5x8xf32>, !tosa.shape<4>) -> tensor<2x5x2x4xf32>
  %v = tosa.transpose %vs {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x5x2x4xf32>) -> tensor<2x2x5x4xf32>
  %a = mha.attention %q, %k, %v causal(top_left) : tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32> -> tensor<2x2x5x4xf32>
  %at = tosa.transpose %a {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x2x5x4xf32>) -> tensor<2x5x2x4xf32>
  %s5 = tosa.const_shape {values = dense<[1, 10, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %a3 = tosa.reshape %at, %s5 : (tensor<2x5x2x4xf32>, !tosa.shape<3>) -> tensor<1x10x8xf32>
  %s6 = tosa.const_shape {values = dense<[1, 8, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %wo3 = tosa.reshape %wo, %s6 : (tensor<8x12xf32>, !tosa.shape<3>) -> tensor<1x8x12xf32>
  %om = tosa.matmul %a3, %wo3, %zp, %zp : (tensor<1x10x8xf32>, tensor<1x8x12xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x12xf32>
  %s7 = tosa.const_shape {values = dense<[10, 12]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %o2 = tosa.reshape %om, %s7 : (tensor<1x10x12xf32>, !tosa.shape<2>) -> tensor<10x12xf32>
  %s8 = tosa.const_shape {values = dense<[1, 12]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %bo2 = tosa.reshape %bo, %s8 : (tensor<12xf32>, !tosa.shape<2>) -> tensor<1x12xf32>
  %ob = tosa.add %o2, %bo2 : (tensor<10x12xf32>, tensor<1x12xf32>) -> tensor<10x12xf32>
  %s9 = tosa.const_shape {values = dense<[2, 5, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %y = tosa.reshape %ob, %s9 : (tensor<10x12xf32>, !tosa.shape<3>) -> tensor<2x5x12xf32>
  return %y : tensor<2x5x12xf32>
}

// -----

// Raise-projections from TOSA: the bias added to the Q projection is
// [1, L, M], different for every row, not a per-column bias: left alone.

// CHECK-LABEL: func.func @tosa_projection_bias_per_row
// CHECK-NOT:     mha.multi_head_attention
// CHECK:         tosa.add %{{.+}}, %{{.+}} : (tensor<1x5x8xf32>, tensor<2x5x8xf32>)
// CHECK:         mha.attention
func.func @tosa_projection_bias_per_row(%x: tensor<2x5x12xf32>, %wq: tensor<12x8xf32>, %wk: tensor<12x8xf32>, %wv: tensor<12x8xf32>, %wo: tensor<8x12xf32>, %bv: tensor<8xf32>, %bo: tensor<12xf32>, %bq: tensor<1x5x8xf32>) -> tensor<2x5x12xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s0 = tosa.const_shape {values = dense<[1, 10, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %x, %s0 : (tensor<2x5x12xf32>, !tosa.shape<3>) -> tensor<1x10x12xf32>
  %s1 = tosa.const_shape {values = dense<[1, 12, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %wq3 = tosa.reshape %wq, %s1 : (tensor<12x8xf32>, !tosa.shape<3>) -> tensor<1x12x8xf32>
  %qm = tosa.matmul %x3, %wq3, %zp, %zp : (tensor<1x10x12xf32>, tensor<1x12x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x8xf32>
  %s2 = tosa.const_shape {values = dense<[2, 5, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %qp = tosa.reshape %qm, %s2 : (tensor<1x10x8xf32>, !tosa.shape<3>) -> tensor<2x5x8xf32>
  %qb = tosa.add %bq, %qp : (tensor<1x5x8xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  %s3 = tosa.const_shape {values = dense<[2, 5, 2, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %qs = tosa.reshape %qb, %s3 : (tensor<2x5x8xf32>, !tosa.shape<4>) -> tensor<2x5x2x4xf32>
  %q = tosa.transpose %qs {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x5x2x4xf32>) -> tensor<2x2x5x4xf32>
  %wk3 = tosa.reshape %wk, %s1 : (tensor<12x8xf32>, !tosa.shape<3>) -> tensor<1x12x8xf32>
  %km = tosa.matmul %x3, %wk3, %zp, %zp : (tensor<1x10x12xf32>, tensor<1x12x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x8xf32>
  %kp = tosa.reshape %km, %s2 : (tensor<1x10x8xf32>, !tosa.shape<3>) -> tensor<2x5x8xf32>
  %ks = tosa.reshape %kp, %s3 : (tensor<2x5x8xf32>, !tosa.shape<4>) -> tensor<2x5x2x4xf32>
  %k = tosa.transpose %ks {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x5x2x4xf32>) -> tensor<2x2x5x4xf32>
  %wv3 = tosa.reshape %wv, %s1 : (tensor<12x8xf32>, !tosa.shape<3>) -> tensor<1x12x8xf32>
  %vm = tosa.matmul %x3, %wv3, %zp, %zp : (tensor<1x10x12xf32>, tensor<1x12x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x8xf32>
  %vp = tosa.reshape %vm, %s2 : (tensor<1x10x8xf32>, !tosa.shape<3>) -> tensor<2x5x8xf32>
  %s4 = tosa.const_shape {values = dense<[1, 1, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %bv3 = tosa.reshape %bv, %s4 : (tensor<8xf32>, !tosa.shape<3>) -> tensor<1x1x8xf32>
  %vb = tosa.add %vp, %bv3 : (tensor<2x5x8xf32>, tensor<1x1x8xf32>) -> tensor<2x5x8xf32>
  %vs = tosa.reshape %vb, %s3 : (tensor<2x5x8xf32>, !tosa.shape<4>) -> tensor<2x5x2x4xf32>
  %v = tosa.transpose %vs {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x5x2x4xf32>) -> tensor<2x2x5x4xf32>
  %a = mha.attention %q, %k, %v causal(top_left) : tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32> -> tensor<2x2x5x4xf32>
  %at = tosa.transpose %a {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x2x5x4xf32>) -> tensor<2x5x2x4xf32>
  %s5 = tosa.const_shape {values = dense<[1, 10, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %a3 = tosa.reshape %at, %s5 : (tensor<2x5x2x4xf32>, !tosa.shape<3>) -> tensor<1x10x8xf32>
  %s6 = tosa.const_shape {values = dense<[1, 8, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %wo3 = tosa.reshape %wo, %s6 : (tensor<8x12xf32>, !tosa.shape<3>) -> tensor<1x8x12xf32>
  %om = tosa.matmul %a3, %wo3, %zp, %zp : (tensor<1x10x8xf32>, tensor<1x8x12xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x12xf32>
  %s7 = tosa.const_shape {values = dense<[10, 12]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %o2 = tosa.reshape %om, %s7 : (tensor<1x10x12xf32>, !tosa.shape<2>) -> tensor<10x12xf32>
  %s8 = tosa.const_shape {values = dense<[1, 12]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %bo2 = tosa.reshape %bo, %s8 : (tensor<12xf32>, !tosa.shape<2>) -> tensor<1x12xf32>
  %ob = tosa.add %o2, %bo2 : (tensor<10x12xf32>, tensor<1x12xf32>) -> tensor<10x12xf32>
  %s9 = tosa.const_shape {values = dense<[2, 5, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %y = tosa.reshape %ob, %s9 : (tensor<10x12xf32>, !tosa.shape<3>) -> tensor<2x5x12xf32>
  return %y : tensor<2x5x12xf32>
}

// -----

// Raise-projections from TOSA: the Q projection multiplies [B, L, Ein] by
// the weight tiled to [B, Ein, M] (a batch of 2, not 1): left alone.

// CHECK-LABEL: func.func @tosa_projection_batched
// CHECK-NOT:     mha.multi_head_attention
// CHECK:         tosa.tile
// CHECK:         mha.attention
func.func @tosa_projection_batched(%x: tensor<2x5x12xf32>, %wq: tensor<12x8xf32>, %wk: tensor<12x8xf32>, %wv: tensor<12x8xf32>, %wo: tensor<8x12xf32>, %bv: tensor<8xf32>, %bo: tensor<12xf32>) -> tensor<2x5x12xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s0 = tosa.const_shape {values = dense<[1, 10, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %x, %s0 : (tensor<2x5x12xf32>, !tosa.shape<3>) -> tensor<1x10x12xf32>
  %s1 = tosa.const_shape {values = dense<[1, 12, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %wq3 = tosa.reshape %wq, %s1 : (tensor<12x8xf32>, !tosa.shape<3>) -> tensor<1x12x8xf32>
  %tm = tosa.const_shape {values = dense<[2, 1, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %wqt = tosa.tile %wq3, %tm : (tensor<1x12x8xf32>, !tosa.shape<3>) -> tensor<2x12x8xf32>
  %qp = tosa.matmul %x, %wqt, %zp, %zp : (tensor<2x5x12xf32>, tensor<2x12x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x5x8xf32>
  %s2 = tosa.const_shape {values = dense<[2, 5, 2, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %qs = tosa.reshape %qp, %s2 : (tensor<2x5x8xf32>, !tosa.shape<4>) -> tensor<2x5x2x4xf32>
  %q = tosa.transpose %qs {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x5x2x4xf32>) -> tensor<2x2x5x4xf32>
  %wk3 = tosa.reshape %wk, %s1 : (tensor<12x8xf32>, !tosa.shape<3>) -> tensor<1x12x8xf32>
  %km = tosa.matmul %x3, %wk3, %zp, %zp : (tensor<1x10x12xf32>, tensor<1x12x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x8xf32>
  %s3 = tosa.const_shape {values = dense<[2, 5, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %kp = tosa.reshape %km, %s3 : (tensor<1x10x8xf32>, !tosa.shape<3>) -> tensor<2x5x8xf32>
  %ks = tosa.reshape %kp, %s2 : (tensor<2x5x8xf32>, !tosa.shape<4>) -> tensor<2x5x2x4xf32>
  %k = tosa.transpose %ks {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x5x2x4xf32>) -> tensor<2x2x5x4xf32>
  %wv3 = tosa.reshape %wv, %s1 : (tensor<12x8xf32>, !tosa.shape<3>) -> tensor<1x12x8xf32>
  %vm = tosa.matmul %x3, %wv3, %zp, %zp : (tensor<1x10x12xf32>, tensor<1x12x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x8xf32>
  %vp = tosa.reshape %vm, %s3 : (tensor<1x10x8xf32>, !tosa.shape<3>) -> tensor<2x5x8xf32>
  %s4 = tosa.const_shape {values = dense<[1, 1, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %bv3 = tosa.reshape %bv, %s4 : (tensor<8xf32>, !tosa.shape<3>) -> tensor<1x1x8xf32>
  %vb = tosa.add %vp, %bv3 : (tensor<2x5x8xf32>, tensor<1x1x8xf32>) -> tensor<2x5x8xf32>
  %vs = tosa.reshape %vb, %s2 : (tensor<2x5x8xf32>, !tosa.shape<4>) -> tensor<2x5x2x4xf32>
  %v = tosa.transpose %vs {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x5x2x4xf32>) -> tensor<2x2x5x4xf32>
  %a = mha.attention %q, %k, %v causal(top_left) : tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32> -> tensor<2x2x5x4xf32>
  %at = tosa.transpose %a {perms = array<i32: 0, 2, 1, 3>} : (tensor<2x2x5x4xf32>) -> tensor<2x5x2x4xf32>
  %s5 = tosa.const_shape {values = dense<[1, 10, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %a3 = tosa.reshape %at, %s5 : (tensor<2x5x2x4xf32>, !tosa.shape<3>) -> tensor<1x10x8xf32>
  %s6 = tosa.const_shape {values = dense<[1, 8, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %wo3 = tosa.reshape %wo, %s6 : (tensor<8x12xf32>, !tosa.shape<3>) -> tensor<1x8x12xf32>
  %om = tosa.matmul %a3, %wo3, %zp, %zp : (tensor<1x10x8xf32>, tensor<1x8x12xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x12xf32>
  %s7 = tosa.const_shape {values = dense<[10, 12]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %o2 = tosa.reshape %om, %s7 : (tensor<1x10x12xf32>, !tosa.shape<2>) -> tensor<10x12xf32>
  %s8 = tosa.const_shape {values = dense<[1, 12]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %bo2 = tosa.reshape %bo, %s8 : (tensor<12xf32>, !tosa.shape<2>) -> tensor<1x12xf32>
  %ob = tosa.add %o2, %bo2 : (tensor<10x12xf32>, tensor<1x12xf32>) -> tensor<10x12xf32>
  %s9 = tosa.const_shape {values = dense<[2, 5, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %y = tosa.reshape %ob, %s9 : (tensor<10x12xf32>, !tosa.shape<3>) -> tensor<2x5x12xf32>
  return %y : tensor<2x5x12xf32>
}

// -----

// Raise-projections: the Q head split goes through a flat tensor (collapse
// to [80], expand to [B, L, H, E]); element tracing follows it like any
// other reshape.

// CHECK-LABEL: func.func @projections_through_flat_reshape(
// CHECK:         mha.multi_head_attention
// CHECK-NOT:     linalg.
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @projections_through_flat_reshape(%x: tensor<2x5x12xf32>, %wq: tensor<12x8xf32>, %wk: tensor<12x8xf32>, %wv: tensor<12x8xf32>, %wo: tensor<8x12xf32>, %bq: tensor<8xf32>, %bv: tensor<8xf32>) -> tensor<2x5x12xf32> {
  %zero = arith.constant 0.0 : f32
  %q2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %qe = tensor.empty() : tensor<10x8xf32>
  %qf = linalg.fill ins(%zero : f32) outs(%qe : tensor<10x8xf32>) -> tensor<10x8xf32>
  %qm = linalg.matmul ins(%q2, %wq : tensor<10x12xf32>, tensor<12x8xf32>) outs(%qf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %qb = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%qm, %bq : tensor<10x8xf32>, tensor<8xf32>) outs(%qe : tensor<10x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %s = arith.addf %in, %in_0 : f32
    linalg.yield %s : f32
  } -> tensor<10x8xf32>
  %qflat = tensor.collapse_shape %qb [[0, 1]] : tensor<10x8xf32> into tensor<80xf32>
  %q4 = tensor.expand_shape %qflat [[0, 1, 2, 3]] output_shape [2, 5, 2, 4] : tensor<80xf32> into tensor<2x5x2x4xf32>
  %qt = tensor.empty() : tensor<2x2x5x4xf32>
  %q = linalg.transpose ins(%q4 : tensor<2x5x2x4xf32>) outs(%qt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %k2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %ke = tensor.empty() : tensor<10x8xf32>
  %kf = linalg.fill ins(%zero : f32) outs(%ke : tensor<10x8xf32>) -> tensor<10x8xf32>
  %km = linalg.matmul ins(%k2, %wk : tensor<10x12xf32>, tensor<12x8xf32>) outs(%kf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %k4 = tensor.expand_shape %km [[0, 1], [2, 3]] output_shape [2, 5, 2, 4] : tensor<10x8xf32> into tensor<2x5x2x4xf32>
  %kt = tensor.empty() : tensor<2x2x5x4xf32>
  %k = linalg.transpose ins(%k4 : tensor<2x5x2x4xf32>) outs(%kt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %v2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x5x12xf32> into tensor<10x12xf32>
  %ve = tensor.empty() : tensor<10x8xf32>
  %vf = linalg.fill ins(%zero : f32) outs(%ve : tensor<10x8xf32>) -> tensor<10x8xf32>
  %vm = linalg.matmul ins(%v2, %wv : tensor<10x12xf32>, tensor<12x8xf32>) outs(%vf : tensor<10x8xf32>) -> tensor<10x8xf32>
  %vb = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%vm, %bv : tensor<10x8xf32>, tensor<8xf32>) outs(%ve : tensor<10x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %s = arith.addf %in, %in_0 : f32
    linalg.yield %s : f32
  } -> tensor<10x8xf32>
  %v4 = tensor.expand_shape %vb [[0, 1], [2, 3]] output_shape [2, 5, 2, 4] : tensor<10x8xf32> into tensor<2x5x2x4xf32>
  %vt = tensor.empty() : tensor<2x2x5x4xf32>
  %v = linalg.transpose ins(%v4 : tensor<2x5x2x4xf32>) outs(%vt : tensor<2x2x5x4xf32>) permutation = [0, 2, 1, 3]
  %a = mha.attention %q, %k, %v : tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32>, tensor<2x2x5x4xf32> -> tensor<2x2x5x4xf32>
  %at = tensor.empty() : tensor<2x5x2x4xf32>
  %a4 = linalg.transpose ins(%a : tensor<2x2x5x4xf32>) outs(%at : tensor<2x5x2x4xf32>) permutation = [0, 2, 1, 3]
  %a2 = tensor.collapse_shape %a4 [[0, 1], [2, 3]] : tensor<2x5x2x4xf32> into tensor<10x8xf32>
  %oe = tensor.empty() : tensor<10x12xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<10x12xf32>) -> tensor<10x12xf32>
  %om = linalg.matmul ins(%a2, %wo : tensor<10x8xf32>, tensor<8x12xf32>) outs(%of : tensor<10x12xf32>) -> tensor<10x12xf32>
  %y = tensor.expand_shape %om [[0, 1], [2]] output_shape [2, 5, 12] : tensor<10x12xf32> into tensor<2x5x12xf32>
  return %y : tensor<2x5x12xf32>
}
