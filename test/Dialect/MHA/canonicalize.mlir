// Canonicalization of mha ops: a constant all-true mask and a constant all-zero bias are dropped; anything else stays.
// RUN: mha-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @attention_drop_true_mask
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x8x16xf32>
// CHECK-NOT:     arith.constant
// CHECK:         %[[O:.+]] = mha.attention %[[Q]], %[[Q]], %[[Q]] causal(bottom_right) scale(2.500000e-01) : tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32> -> tensor<1x4x8x16xf32>
// CHECK-NEXT:    return %[[O]]
func.func @attention_drop_true_mask(%q: tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32> {
  %m = arith.constant dense<true> : tensor<1x1x8x8xi1>
  %o = mha.attention %q, %q, %q mask(%m : tensor<1x1x8x8xi1>) causal(bottom_right) scale(0.25) : tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32> -> tensor<1x4x8x16xf32>
  return %o : tensor<1x4x8x16xf32>
}

// -----

// An all-true mask written element by element is the same constant.
// CHECK-LABEL: func.func @attention_drop_true_mask_elementwise
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x1x4x16xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] : tensor<1x1x4x16xf32>
func.func @attention_drop_true_mask_elementwise(%q: tensor<1x1x4x16xf32>) -> tensor<1x1x4x16xf32> {
  %m = arith.constant dense<[[[[true, true, true, true]]]]> : tensor<1x1x1x4xi1>
  %o = mha.attention %q, %q, %q mask(%m : tensor<1x1x1x4xi1>) : tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32> -> tensor<1x1x4x16xf32>
  return %o : tensor<1x1x4x16xf32>
}

// -----

// CHECK-LABEL: func.func @attention_drop_zero_bias
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x4x8x16xf32>
// CHECK-NOT:     arith.constant
// CHECK:         %[[O:.+]] = mha.attention %[[Q]], %[[Q]], %[[Q]] softcap(3.000000e+01) : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32> -> tensor<2x4x8x16xf32>
// CHECK-NEXT:    return %[[O]]
func.func @attention_drop_zero_bias(%q: tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32> {
  %b = arith.constant dense<0.0> : tensor<2x4x8x8xf32>
  %o = mha.attention %q, %q, %q bias(%b : tensor<2x4x8x8xf32>) softcap(30.0) : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32> -> tensor<2x4x8x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// -----

// An f32 zero bias on an f16 query, and a -0.0 bias on a bf16 query
// (s + -0.0 == s for every s, so it is a no-op too).
// CHECK-LABEL: func.func @attention_drop_zero_bias_mixed_types
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x2x4x16xf16>, %[[P:[^:]+]]: tensor<1x2x4x16xbf16>
// CHECK-NOT:     arith.constant
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] : tensor<1x2x4x16xf16>
// CHECK:         mha.attention %[[P]], %[[P]], %[[P]] : tensor<1x2x4x16xbf16>
func.func @attention_drop_zero_bias_mixed_types(%q: tensor<1x2x4x16xf16>, %p: tensor<1x2x4x16xbf16>) -> (tensor<1x2x4x16xf16>, tensor<1x2x4x16xbf16>) {
  %b = arith.constant dense<0.0> : tensor<1x1x1x4xf32>
  %c = arith.constant dense<-0.0> : tensor<1x2x4x4xbf16>
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x1x1x4xf32>) : tensor<1x2x4x16xf16>, tensor<1x2x4x16xf16>, tensor<1x2x4x16xf16> -> tensor<1x2x4x16xf16>
  %r = mha.attention %p, %p, %p bias(%c : tensor<1x2x4x4xbf16>) : tensor<1x2x4x16xbf16>, tensor<1x2x4x16xbf16>, tensor<1x2x4x16xbf16> -> tensor<1x2x4x16xbf16>
  return %o, %r : tensor<1x2x4x16xf16>, tensor<1x2x4x16xbf16>
}

// -----

// CHECK-LABEL: func.func @attention_drop_both
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x8x16xf32>, %[[K:[^:]+]]: tensor<1x2x8x16xf32>
// CHECK-NOT:     arith.constant
// CHECK:         mha.attention %[[Q]], %[[K]], %[[K]] causal(top_left) window(2, 0) : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x4x8x16xf32>
func.func @attention_drop_both(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>) -> tensor<1x4x8x16xf32> {
  %m = arith.constant dense<true> : tensor<1x4x8x8xi1>
  %b = arith.constant dense<0.0> : tensor<1x1x1x1xf32>
  %o = mha.attention %q, %k, %k mask(%m : tensor<1x4x8x8xi1>) bias(%b : tensor<1x1x1x1xf32>) causal(top_left) window(2, 0) : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x4x8x16xf32>
  return %o : tensor<1x4x8x16xf32>
}

// -----

// Dropping the mask leaves a nonzero bias in place, and the reverse.
// CHECK-LABEL: func.func @attention_drop_one_of_two
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x1x4x16xf32>
// CHECK-DAG:     %[[B:.+]] = arith.constant dense<1.000000e+00> : tensor<1x1x4x4xf32>
// CHECK-DAG:     %[[M:.+]] = arith.constant dense<[{{\[\[}}[true, false, true, true]]]]> : tensor<1x1x1x4xi1>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] bias(%[[B]] : tensor<1x1x4x4xf32>) :
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] mask(%[[M]] : tensor<1x1x1x4xi1>) :
func.func @attention_drop_one_of_two(%q: tensor<1x1x4x16xf32>) -> (tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32>) {
  %true = arith.constant dense<true> : tensor<1x1x4x4xi1>
  %zero = arith.constant dense<0.0> : tensor<1x1x4x4xf32>
  %m = arith.constant dense<[[[[true, false, true, true]]]]> : tensor<1x1x1x4xi1>
  %b = arith.constant dense<1.0> : tensor<1x1x4x4xf32>
  %o = mha.attention %q, %q, %q mask(%true : tensor<1x1x4x4xi1>) bias(%b : tensor<1x1x4x4xf32>) : tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32> -> tensor<1x1x4x16xf32>
  %r = mha.attention %q, %q, %q mask(%m : tensor<1x1x1x4xi1>) bias(%zero : tensor<1x1x4x4xf32>) : tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32> -> tensor<1x1x4x16xf32>
  return %o, %r : tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Negative cases: the mask or bias changes the result and must stay.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @attention_keep_partial_mask
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x1x4x16xf32>
// CHECK:         %[[M:.+]] = arith.constant dense<[{{\[\[}}[true, false, true, true]]]]> : tensor<1x1x1x4xi1>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] mask(%[[M]] : tensor<1x1x1x4xi1>) :
func.func @attention_keep_partial_mask(%q: tensor<1x1x4x16xf32>) -> tensor<1x1x4x16xf32> {
  %m = arith.constant dense<[[[[true, false, true, true]]]]> : tensor<1x1x1x4xi1>
  %o = mha.attention %q, %q, %q mask(%m : tensor<1x1x1x4xi1>) : tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32> -> tensor<1x1x4x16xf32>
  return %o : tensor<1x1x4x16xf32>
}

// -----

// An all-false mask makes every row zero; it is not a no-op.
// CHECK-LABEL: func.func @attention_keep_false_mask
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x1x4x16xf32>
// CHECK:         %[[M:.+]] = arith.constant dense<false> : tensor<1x1x4x4xi1>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] mask(%[[M]] : tensor<1x1x4x4xi1>) :
func.func @attention_keep_false_mask(%q: tensor<1x1x4x16xf32>) -> tensor<1x1x4x16xf32> {
  %m = arith.constant dense<false> : tensor<1x1x4x4xi1>
  %o = mha.attention %q, %q, %q mask(%m : tensor<1x1x4x4xi1>) : tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32> -> tensor<1x1x4x16xf32>
  return %o : tensor<1x1x4x16xf32>
}

// -----

// A mask or bias that is not a constant is kept.
// CHECK-LABEL: func.func @attention_keep_arguments
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x1x4x16xf32>, %[[M:[^:]+]]: tensor<1x1x4x4xi1>, %[[B:[^:]+]]: tensor<1x1x4x4xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] mask(%[[M]] : tensor<1x1x4x4xi1>) bias(%[[B]] : tensor<1x1x4x4xf32>) :
func.func @attention_keep_arguments(%q: tensor<1x1x4x16xf32>, %m: tensor<1x1x4x4xi1>, %b: tensor<1x1x4x4xf32>) -> tensor<1x1x4x16xf32> {
  %o = mha.attention %q, %q, %q mask(%m : tensor<1x1x4x4xi1>) bias(%b : tensor<1x1x4x4xf32>) : tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32> -> tensor<1x1x4x16xf32>
  return %o : tensor<1x1x4x16xf32>
}

// -----

// CHECK-LABEL: func.func @attention_keep_nonzero_bias
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x1x4x16xf32>
// CHECK:         %[[B:.+]] = arith.constant dense<5.000000e-01> : tensor<1x1x4x4xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] bias(%[[B]] : tensor<1x1x4x4xf32>) :
func.func @attention_keep_nonzero_bias(%q: tensor<1x1x4x16xf32>) -> tensor<1x1x4x16xf32> {
  %b = arith.constant dense<0.5> : tensor<1x1x4x4xf32>
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x1x4x4xf32>) : tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32> -> tensor<1x1x4x16xf32>
  return %o : tensor<1x1x4x16xf32>
}

// -----

// Mostly zero is not all zero.
// CHECK-LABEL: func.func @attention_keep_mixed_bias
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x1x4x16xf16>
// CHECK:         %[[B:.+]] = arith.constant dense<[{{\[\[}}[0.000000e+00, 0.000000e+00, 0.000000e+00, -1.000000e+00]]]]> : tensor<1x1x1x4xf16>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] bias(%[[B]] : tensor<1x1x1x4xf16>) :
func.func @attention_keep_mixed_bias(%q: tensor<1x1x4x16xf16>) -> tensor<1x1x4x16xf16> {
  %b = arith.constant dense<[[[[0.0, 0.0, 0.0, -1.0]]]]> : tensor<1x1x1x4xf16>
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x1x1x4xf16>) : tensor<1x1x4x16xf16>, tensor<1x1x4x16xf16>, tensor<1x1x4x16xf16> -> tensor<1x1x4x16xf16>
  return %o : tensor<1x1x4x16xf16>
}

// -----

// A -inf bias masks every entry (rows become zero); it is not a no-op.
// CHECK-LABEL: func.func @attention_keep_neg_inf_bias
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x1x4x16xf32>
// CHECK:         %[[B:.+]] = arith.constant dense<0xFF800000> : tensor<1x1x1x1xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] bias(%[[B]] : tensor<1x1x1x1xf32>) :
func.func @attention_keep_neg_inf_bias(%q: tensor<1x1x4x16xf32>) -> tensor<1x1x4x16xf32> {
  %b = arith.constant dense<0xFF800000> : tensor<1x1x1x1xf32>
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x1x1x1xf32>) : tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32>, tensor<1x1x4x16xf32> -> tensor<1x1x4x16xf32>
  return %o : tensor<1x1x4x16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// mha.multi_head_attention
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @mha_drop_true_mask
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x8x32xf32>, %[[W:[^:]+]]: tensor<32x32xf32>
// CHECK-NOT:     arith.constant
// CHECK:         %[[Y:.+]] = mha.multi_head_attention %[[X]], %[[X]], %[[X]] weights(%[[W]], %[[W]], %[[W]], %[[W]] : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) heads(4, 4) causal(bottom_right) : tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32> -> tensor<2x8x32xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @mha_drop_true_mask(%x: tensor<2x8x32xf32>, %w: tensor<32x32xf32>) -> tensor<2x8x32xf32> {
  %m = arith.constant dense<true> : tensor<2x4x8x8xi1>
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) mask(%m : tensor<2x4x8x8xi1>) heads(4, 4) causal(bottom_right) : tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32> -> tensor<2x8x32xf32>
  return %y : tensor<2x8x32xf32>
}

// -----

// CHECK-LABEL: func.func @mha_drop_zero_bias
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x8x32xf16>, %[[W:[^:]+]]: tensor<32x32xf16>
// CHECK-NOT:     arith.constant
// CHECK:         mha.multi_head_attention %[[X]], %[[X]], %[[X]] weights(%[[W]], %[[W]], %[[W]], %[[W]] : tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>) heads(4) scale(5.000000e-01) :
func.func @mha_drop_zero_bias(%x: tensor<2x8x32xf16>, %w: tensor<32x32xf16>) -> tensor<2x8x32xf16> {
  %b = arith.constant dense<0.0> : tensor<1x1x8x8xf32>
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>) bias(%b : tensor<1x1x8x8xf32>) heads(4) scale(0.5) : tensor<2x8x32xf16>, tensor<2x8x32xf16>, tensor<2x8x32xf16> -> tensor<2x8x32xf16>
  return %y : tensor<2x8x32xf16>
}

// -----

// Both dropped; the zero projection biases are operands of the projections,
// not of the attention, and are never dropped (they come all four or none).
// CHECK-LABEL: func.func @mha_drop_both_keep_projection_biases
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x8x32xf32>, %[[W:[^:]+]]: tensor<32x32xf32>
// CHECK:         %[[Z:.+]] = arith.constant dense<0.000000e+00> : tensor<32xf32>
// CHECK-NOT:     arith.constant
// CHECK:         mha.multi_head_attention %[[X]], %[[X]], %[[X]] weights(%[[W]], %[[W]], %[[W]], %[[W]] : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>)
// CHECK-SAME:      biases(%[[Z]], %[[Z]], %[[Z]], %[[Z]] : tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) heads(4) :
func.func @mha_drop_both_keep_projection_biases(%x: tensor<2x8x32xf32>, %w: tensor<32x32xf32>) -> tensor<2x8x32xf32> {
  %z = arith.constant dense<0.0> : tensor<32xf32>
  %m = arith.constant dense<true> : tensor<1x1x1x1xi1>
  %b = arith.constant dense<0.0> : tensor<2x4x8x8xf32>
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) biases(%z, %z, %z, %z : tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) mask(%m : tensor<1x1x1x1xi1>) bias(%b : tensor<2x4x8x8xf32>) heads(4) : tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32> -> tensor<2x8x32xf32>
  return %y : tensor<2x8x32xf32>
}

// -----

// CHECK-LABEL: func.func @mha_keep_partial_mask_nonzero_bias
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x2x16xf32>, %[[W:[^:]+]]: tensor<16x16xf32>
// CHECK-DAG:     %[[M:.+]] = arith.constant dense<{{\[\[\[}}[true, false], [true, true]]]]> : tensor<1x1x2x2xi1>
// CHECK-DAG:     %[[B:.+]] = arith.constant dense<-2.000000e+00> : tensor<1x2x1x1xf32>
// CHECK:         mha.multi_head_attention %[[X]], %[[X]], %[[X]] weights(%[[W]], %[[W]], %[[W]], %[[W]] : tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>) mask(%[[M]] : tensor<1x1x2x2xi1>) bias(%[[B]] : tensor<1x2x1x1xf32>) heads(2) :
func.func @mha_keep_partial_mask_nonzero_bias(%x: tensor<1x2x16xf32>, %w: tensor<16x16xf32>) -> tensor<1x2x16xf32> {
  %m = arith.constant dense<[[[[true, false], [true, true]]]]> : tensor<1x1x2x2xi1>
  %b = arith.constant dense<-2.0> : tensor<1x2x1x1xf32>
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>) mask(%m : tensor<1x1x2x2xi1>) bias(%b : tensor<1x2x1x1xf32>) heads(2) : tensor<1x2x16xf32>, tensor<1x2x16xf32>, tensor<1x2x16xf32> -> tensor<1x2x16xf32>
  return %y : tensor<1x2x16xf32>
}
