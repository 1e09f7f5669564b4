// --mha-raise-attention folds f16/bf16 attention computed in f32 into one
// mha.attention of that type: an f32 mha.attention (raised or written)
// whose Q, K and V are exact elementwise extensions of f16 tensors (or all
// of bf16), through reshapes, and whose result, through reshapes, feeds
// only a round-to-nearest-even truncation to that type, is what an f16
// mha.attention computes (docs/Dialect.md, "Precision"). Left alone: mixed
// types, another rounding, a result also used in f32, an operand that is
// not an extension.
// RUN: mha-opt %s -mha-raise-attention -split-input-file | FileCheck %s
// Left-alone cases are left without a diagnostic.
// RUN: mha-opt %s -mha-raise-attention -split-input-file -verify-diagnostics -o /dev/null

// Decomposed attention on [B*H, L, E] f16 arguments extended by generics,
// the result truncated by a generic: raised to f32 (with reshapes to 4-D),
// then folded to f16.

// CHECK-LABEL: func.func @f16_decomposed(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<6x5x16xf16>, %[[K:[^:]+]]: tensor<6x9x16xf16>, %[[V:[^:]+]]: tensor<6x9x8xf16>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1], [2], [3]] output_shape [1, 6, 5, 16] : tensor<6x5x16xf16> into tensor<1x6x5x16xf16>
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[K]] {{.*}} into tensor<1x6x9x16xf16>
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[V]] {{.*}} into tensor<1x6x9x8xf16>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q4]], %[[K4]], %[[V4]] scale(1.000000e+00) : tensor<1x6x5x16xf16>, tensor<1x6x9x16xf16>, tensor<1x6x9x8xf16> -> tensor<1x6x5x8xf16>
// CHECK-NEXT:    %[[O:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2], [3]] : tensor<1x6x5x8xf16> into tensor<6x5x8xf16>
// CHECK-NEXT:    return %[[O]]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @f16_decomposed(%q16: tensor<6x5x16xf16>, %k16: tensor<6x9x16xf16>, %v16: tensor<6x9x8xf16>) -> tensor<6x5x8xf16> {
  %zero = arith.constant 0.0 : f32
  %qe = tensor.empty() : tensor<6x5x16xf32>
  %q = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%q16 : tensor<6x5x16xf16>) outs(%qe : tensor<6x5x16xf32>) {
  ^bb0(%a: f16, %o: f32):
    %x = arith.extf %a : f16 to f32
    linalg.yield %x : f32
  } -> tensor<6x5x16xf32>
  %k = arith.extf %k16 : tensor<6x9x16xf16> to tensor<6x9x16xf32>
  %ve = tensor.empty() : tensor<6x9x8xf32>
  %v = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%v16 : tensor<6x9x8xf16>) outs(%ve : tensor<6x9x8xf32>) {
  ^bb0(%a: f16, %o: f32):
    %x = arith.extf %a : f16 to f32
    linalg.yield %x : f32
  } -> tensor<6x9x8xf32>
  %se = tensor.empty() : tensor<6x5x9xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<6x5x9xf32>) -> tensor<6x5x9xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<6x5x16xf32>, tensor<6x9x16xf32>) outs(%sf : tensor<6x5x9xf32>) -> tensor<6x5x9xf32>
  %p = linalg.softmax dimension(2) ins(%qk : tensor<6x5x9xf32>) outs(%se : tensor<6x5x9xf32>) -> tensor<6x5x9xf32>
  %oe = tensor.empty() : tensor<6x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<6x5x8xf32>) -> tensor<6x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x5x9xf32>, tensor<6x9x8xf32>) outs(%of : tensor<6x5x8xf32>) -> tensor<6x5x8xf32>
  %te = tensor.empty() : tensor<6x5x8xf16>
  %t = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%o : tensor<6x5x8xf32>) outs(%te : tensor<6x5x8xf16>) {
  ^bb0(%a: f32, %x: f16):
    %y = arith.truncf %a : f32 to f16
    linalg.yield %y : f16
  } -> tensor<6x5x8xf16>
  return %t : tensor<6x5x8xf16>
}

// -----

// An f32 mha.attention written by hand, bf16 operands extended and the
// result truncated by arith on tensors: the bf16 op keeps the f32 bias (it
// is added without rounding either way), causal mode and scale.

// CHECK-LABEL: func.func @bf16_arith(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x4x8x16xbf16>, %[[K:[^:]+]]: tensor<2x4x8x16xbf16>, %[[V:[^:]+]]: tensor<2x4x8x16xbf16>, %[[B:[^:]+]]: tensor<1x1x8x8xf32>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] bias(%[[B]] : tensor<1x1x8x8xf32>) causal(top_left) scale(5.000000e-01) : tensor<2x4x8x16xbf16>, tensor<2x4x8x16xbf16>, tensor<2x4x8x16xbf16> -> tensor<2x4x8x16xbf16>
// CHECK-NEXT:    return %[[A]]
func.func @bf16_arith(%q: tensor<2x4x8x16xbf16>, %k: tensor<2x4x8x16xbf16>, %v: tensor<2x4x8x16xbf16>, %b: tensor<1x1x8x8xf32>) -> tensor<2x4x8x16xbf16> {
  %qf = arith.extf %q : tensor<2x4x8x16xbf16> to tensor<2x4x8x16xf32>
  %kf = arith.extf %k : tensor<2x4x8x16xbf16> to tensor<2x4x8x16xf32>
  %vf = arith.extf %v : tensor<2x4x8x16xbf16> to tensor<2x4x8x16xf32>
  %o = mha.attention %qf, %kf, %vf bias(%b : tensor<1x1x8x8xf32>) causal(top_left) scale(0.5) : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32> -> tensor<2x4x8x16xf32>
  %t = arith.truncf %o : tensor<2x4x8x16xf32> to tensor<2x4x8x16xbf16>
  return %t : tensor<2x4x8x16xbf16>
}

// -----

// TOSA casts, and a dynamic L whose size an expand reads off the extended
// query: the f16 expand reads it off the f16 query instead.

// CHECK-LABEL: func.func @tosa_casts_dynamic(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<8x?x16xf16>, %[[K:[^:]+]]: tensor<2x4x9x16xf16>, %[[V:[^:]+]]: tensor<2x4x9x8xf16>
// CHECK-NEXT:    %[[C1:.+]] = arith.constant 1 : index
// CHECK-NEXT:    %[[L:.+]] = tensor.dim %[[Q]], %[[C1]] : tensor<8x?x16xf16>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0, 1], [2], [3]] output_shape [2, 4, %[[L]], 16] : tensor<8x?x16xf16> into tensor<2x4x?x16xf16>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q4]], %[[K]], %[[V]] : tensor<2x4x?x16xf16>, tensor<2x4x9x16xf16>, tensor<2x4x9x8xf16> -> tensor<2x4x?x8xf16>
// CHECK-NEXT:    return %[[A]]
func.func @tosa_casts_dynamic(%q: tensor<8x?x16xf16>, %k: tensor<2x4x9x16xf16>, %v: tensor<2x4x9x8xf16>) -> tensor<2x4x?x8xf16> {
  %c1 = arith.constant 1 : index
  %qf = tosa.cast %q : (tensor<8x?x16xf16>) -> tensor<8x?x16xf32>
  %l = tensor.dim %qf, %c1 : tensor<8x?x16xf32>
  %q4 = tensor.expand_shape %qf [[0, 1], [2], [3]] output_shape [2, 4, %l, 16] : tensor<8x?x16xf32> into tensor<2x4x?x16xf32>
  %kf = tosa.cast %k : (tensor<2x4x9x16xf16>) -> tensor<2x4x9x16xf32>
  %vf = tosa.cast %v : (tensor<2x4x9x8xf16>) -> tensor<2x4x9x8xf32>
  %o = mha.attention %q4, %kf, %vf : tensor<2x4x?x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x8xf32> -> tensor<2x4x?x8xf32>
  %t = tosa.cast %o : (tensor<2x4x?x8xf32>) -> tensor<2x4x?x8xf16>
  return %t : tensor<2x4x?x8xf16>
}

// -----

// Left alone: Q f16 but K and V bf16.
// CHECK-LABEL: func.func @mixed_types(
// CHECK:         mha.attention {{.*}} -> tensor<1x2x4x8xf32>
func.func @mixed_types(%q: tensor<1x2x4x8xf16>, %k: tensor<1x2x4x8xbf16>, %v: tensor<1x2x4x8xbf16>) -> tensor<1x2x4x8xbf16> {
  %qf = arith.extf %q : tensor<1x2x4x8xf16> to tensor<1x2x4x8xf32>
  %kf = arith.extf %k : tensor<1x2x4x8xbf16> to tensor<1x2x4x8xf32>
  %vf = arith.extf %v : tensor<1x2x4x8xbf16> to tensor<1x2x4x8xf32>
  %o = mha.attention %qf, %kf, %vf : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32> -> tensor<1x2x4x8xf32>
  %t = arith.truncf %o : tensor<1x2x4x8xf32> to tensor<1x2x4x8xbf16>
  return %t : tensor<1x2x4x8xbf16>
}

// -----

// Left alone: the truncation rounds toward zero.
// CHECK-LABEL: func.func @other_rounding(
// CHECK:         mha.attention {{.*}} -> tensor<1x2x4x8xf32>
// CHECK:         arith.truncf {{.*}} toward_zero
func.func @other_rounding(%q: tensor<1x2x4x8xf16>, %k: tensor<1x2x4x8xf16>, %v: tensor<1x2x4x8xf16>) -> tensor<1x2x4x8xf16> {
  %qf = arith.extf %q : tensor<1x2x4x8xf16> to tensor<1x2x4x8xf32>
  %kf = arith.extf %k : tensor<1x2x4x8xf16> to tensor<1x2x4x8xf32>
  %vf = arith.extf %v : tensor<1x2x4x8xf16> to tensor<1x2x4x8xf32>
  %o = mha.attention %qf, %kf, %vf : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32> -> tensor<1x2x4x8xf32>
  %t = arith.truncf %o toward_zero : tensor<1x2x4x8xf32> to tensor<1x2x4x8xf16>
  return %t : tensor<1x2x4x8xf16>
}

// -----

// Left alone: the f32 result is also returned.
// CHECK-LABEL: func.func @f32_result_used(
// CHECK:         mha.attention {{.*}} -> tensor<1x2x4x8xf32>
func.func @f32_result_used(%q: tensor<1x2x4x8xf16>, %k: tensor<1x2x4x8xf16>, %v: tensor<1x2x4x8xf16>) -> (tensor<1x2x4x8xf16>, tensor<1x2x4x8xf32>) {
  %qf = arith.extf %q : tensor<1x2x4x8xf16> to tensor<1x2x4x8xf32>
  %kf = arith.extf %k : tensor<1x2x4x8xf16> to tensor<1x2x4x8xf32>
  %vf = arith.extf %v : tensor<1x2x4x8xf16> to tensor<1x2x4x8xf32>
  %o = mha.attention %qf, %kf, %vf : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32> -> tensor<1x2x4x8xf32>
  %t = arith.truncf %o : tensor<1x2x4x8xf32> to tensor<1x2x4x8xf16>
  return %t, %o : tensor<1x2x4x8xf16>, tensor<1x2x4x8xf32>
}

// -----

// Left alone: V is an f32 argument, not an extension.
// CHECK-LABEL: func.func @value_in_f32(
// CHECK:         mha.attention {{.*}} -> tensor<1x2x4x8xf32>
func.func @value_in_f32(%q: tensor<1x2x4x8xf16>, %k: tensor<1x2x4x8xf16>, %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf16> {
  %qf = arith.extf %q : tensor<1x2x4x8xf16> to tensor<1x2x4x8xf32>
  %kf = arith.extf %k : tensor<1x2x4x8xf16> to tensor<1x2x4x8xf32>
  %o = mha.attention %qf, %kf, %v : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32> -> tensor<1x2x4x8xf32>
  %t = arith.truncf %o : tensor<1x2x4x8xf32> to tensor<1x2x4x8xf16>
  return %t : tensor<1x2x4x8xf16>
}
