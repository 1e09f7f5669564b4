// Round trip of every syntax variant of mha.attention and mha.multi_head_attention, in custom and generic form.
// RUN: mha-opt %s | mha-opt | FileCheck %s
// RUN: mha-opt %s --mlir-print-op-generic | mha-opt | FileCheck %s

//===----------------------------------------------------------------------===//
// mha.attention: each optional group alone
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @attention_plain
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x8x16x64xf32>, %[[K:[^:]+]]: tensor<2x8x32x64xf32>, %[[V:[^:]+]]: tensor<2x8x32x64xf32>
// CHECK:         %[[O:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] : tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32> -> tensor<2x8x16x64xf32>
// CHECK-NEXT:    return %[[O]]
func.func @attention_plain(%q: tensor<2x8x16x64xf32>, %k: tensor<2x8x32x64xf32>, %v: tensor<2x8x32x64xf32>) -> tensor<2x8x16x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32> -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// CHECK-LABEL: func.func @attention_mask
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x8x16x64xf32>, %[[K:[^:]+]]: tensor<2x8x32x64xf32>, %[[V:[^:]+]]: tensor<2x8x32x64xf32>, %[[M:[^:]+]]: tensor<2x8x16x32xi1>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<2x8x16x32xi1>) : tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32> -> tensor<2x8x16x64xf32>
func.func @attention_mask(%q: tensor<2x8x16x64xf32>, %k: tensor<2x8x32x64xf32>, %v: tensor<2x8x32x64xf32>, %m: tensor<2x8x16x32xi1>) -> tensor<2x8x16x64xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x8x16x32xi1>) : tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32> -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// CHECK-LABEL: func.func @attention_bias
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x8x16x64xf32>, %[[K:[^:]+]]: tensor<2x8x32x64xf32>, %[[V:[^:]+]]: tensor<2x8x32x64xf32>, %[[B:[^:]+]]: tensor<2x8x16x32xf32>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[V]] bias(%[[B]] : tensor<2x8x16x32xf32>) : tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32> -> tensor<2x8x16x64xf32>
func.func @attention_bias(%q: tensor<2x8x16x64xf32>, %k: tensor<2x8x32x64xf32>, %v: tensor<2x8x32x64xf32>, %b: tensor<2x8x16x32xf32>) -> tensor<2x8x16x64xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<2x8x16x32xf32>) : tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32> -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// `causal(none)` is the default and is not printed.
// CHECK-LABEL: func.func @attention_causal_none
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x16x32xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] : tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x16x32xf32>
func.func @attention_causal_none(%q: tensor<1x4x16x32xf32>) -> tensor<1x4x16x32xf32> {
  %o = mha.attention %q, %q, %q causal(none) : tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x16x32xf32>
  return %o : tensor<1x4x16x32xf32>
}

// CHECK-LABEL: func.func @attention_causal_top_left
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x16x32xf32>, %[[K:[^:]+]]: tensor<1x4x24x32xf32>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[K]] causal(top_left) : tensor<1x4x16x32xf32>, tensor<1x4x24x32xf32>, tensor<1x4x24x32xf32> -> tensor<1x4x16x32xf32>
func.func @attention_causal_top_left(%q: tensor<1x4x16x32xf32>, %k: tensor<1x4x24x32xf32>) -> tensor<1x4x16x32xf32> {
  %o = mha.attention %q, %k, %k causal(top_left) : tensor<1x4x16x32xf32>, tensor<1x4x24x32xf32>, tensor<1x4x24x32xf32> -> tensor<1x4x16x32xf32>
  return %o : tensor<1x4x16x32xf32>
}

// L > S with the diagonal anchored bottom-right.
// CHECK-LABEL: func.func @attention_causal_bottom_right
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x24x32xf32>, %[[K:[^:]+]]: tensor<1x4x16x32xf32>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[K]] causal(bottom_right) : tensor<1x4x24x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x24x32xf32>
func.func @attention_causal_bottom_right(%q: tensor<1x4x24x32xf32>, %k: tensor<1x4x16x32xf32>) -> tensor<1x4x24x32xf32> {
  %o = mha.attention %q, %k, %k causal(bottom_right) : tensor<1x4x24x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x24x32xf32>
  return %o : tensor<1x4x24x32xf32>
}

// A window without causal: a symmetric band.
// CHECK-LABEL: func.func @attention_window
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x16x32xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] window(3, 5) : tensor<1x4x16x32xf32>
func.func @attention_window(%q: tensor<1x4x16x32xf32>) -> tensor<1x4x16x32xf32> {
  %o = mha.attention %q, %q, %q window(3, 5) : tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x16x32xf32>
  return %o : tensor<1x4x16x32xf32>
}

// CHECK-LABEL: func.func @attention_window_zero
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x16x32xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] window(0, 0) : tensor<1x4x16x32xf32>
func.func @attention_window_zero(%q: tensor<1x4x16x32xf32>) -> tensor<1x4x16x32xf32> {
  %o = mha.attention %q, %q, %q window(0, 0) : tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x16x32xf32>
  return %o : tensor<1x4x16x32xf32>
}

// CHECK-LABEL: func.func @attention_scale
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x16x32xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] scale(1.250000e-01) : tensor<1x4x16x32xf32>
func.func @attention_scale(%q: tensor<1x4x16x32xf32>) -> tensor<1x4x16x32xf32> {
  %o = mha.attention %q, %q, %q scale(0.125) : tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x16x32xf32>
  return %o : tensor<1x4x16x32xf32>
}

// A negative or zero scale is legal (only non-finite ones are rejected).
// CHECK-LABEL: func.func @attention_scale_negative
// CHECK:         mha.attention %{{.+}} scale(-2.000000e+00) :
func.func @attention_scale_negative(%q: tensor<1x4x16x32xf32>) -> tensor<1x4x16x32xf32> {
  %o = mha.attention %q, %q, %q scale(-2.0) : tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x16x32xf32>
  return %o : tensor<1x4x16x32xf32>
}

// CHECK-LABEL: func.func @attention_softcap
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x16x32xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] softcap(3.000000e+01) : tensor<1x4x16x32xf32>
func.func @attention_softcap(%q: tensor<1x4x16x32xf32>) -> tensor<1x4x16x32xf32> {
  %o = mha.attention %q, %q, %q softcap(30.0) : tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x16x32xf32>
  return %o : tensor<1x4x16x32xf32>
}

// A discardable attribute goes to the attr-dict, after the groups.
// CHECK-LABEL: func.func @attention_attr_dict
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x16x32xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] causal(top_left) {mha.tag = "x"} : tensor<1x4x16x32xf32>
func.func @attention_attr_dict(%q: tensor<1x4x16x32xf32>) -> tensor<1x4x16x32xf32> {
  %o = mha.attention %q, %q, %q causal(top_left) {mha.tag = "x"} : tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x16x32xf32>
  return %o : tensor<1x4x16x32xf32>
}

//===----------------------------------------------------------------------===//
// mha.attention: all groups together, in the canonical order
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @attention_all
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x8x128x64xf32>, %[[K:[^:]+]]: tensor<2x2x256x64xf32>, %[[V:[^:]+]]: tensor<2x2x256x32xf32>, %[[M:[^:]+]]: tensor<1x1x128x256xi1>, %[[B:[^:]+]]: tensor<2x8x1x256xf32>
// CHECK:         %[[O:.+]] = mha.attention %[[Q]], %[[K]], %[[V]]
// CHECK-SAME:      mask(%[[M]] : tensor<1x1x128x256xi1>) bias(%[[B]] : tensor<2x8x1x256xf32>)
// CHECK-SAME:      causal(bottom_right) window(128, 0) scale(1.250000e-01) softcap(3.000000e+01)
// CHECK-SAME:      : tensor<2x8x128x64xf32>, tensor<2x2x256x64xf32>, tensor<2x2x256x32xf32> -> tensor<2x8x128x32xf32>
// CHECK-NEXT:    return %[[O]]
func.func @attention_all(%q: tensor<2x8x128x64xf32>, %k: tensor<2x2x256x64xf32>, %v: tensor<2x2x256x32xf32>,
                         %m: tensor<1x1x128x256xi1>, %b: tensor<2x8x1x256xf32>) -> tensor<2x8x128x32xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x128x256xi1>) bias(%b : tensor<2x8x1x256xf32>)
         causal(bottom_right) window(128, 0) scale(0.125) softcap(30.0)
         : tensor<2x8x128x64xf32>, tensor<2x2x256x64xf32>, tensor<2x2x256x32xf32> -> tensor<2x8x128x32xf32>
  return %o : tensor<2x8x128x32xf32>
}

// Window together with causal(top_left), no mask/bias.
// CHECK-LABEL: func.func @attention_window_causal
// CHECK:         mha.attention %{{.+}} causal(top_left) window(4, 0) scale(1.000000e+00) :
func.func @attention_window_causal(%q: tensor<1x4x16x32xf32>) -> tensor<1x4x16x32xf32> {
  %o = mha.attention %q, %q, %q causal(top_left) window(4, 0) scale(1.0) : tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32>, tensor<1x4x16x32xf32> -> tensor<1x4x16x32xf32>
  return %o : tensor<1x4x16x32xf32>
}

//===----------------------------------------------------------------------===//
// mha.attention: element types
//===----------------------------------------------------------------------===//

// f16 query with an f32 bias (allowed: the query's type or f32).
// CHECK-LABEL: func.func @attention_f16_bias_f32
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x16x64xf16>, %[[B:[^:]+]]: tensor<1x1x16x16xf32>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] bias(%[[B]] : tensor<1x1x16x16xf32>) causal(top_left) : tensor<1x4x16x64xf16>, tensor<1x4x16x64xf16>, tensor<1x4x16x64xf16> -> tensor<1x4x16x64xf16>
func.func @attention_f16_bias_f32(%q: tensor<1x4x16x64xf16>, %b: tensor<1x1x16x16xf32>) -> tensor<1x4x16x64xf16> {
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x1x16x16xf32>) causal(top_left) : tensor<1x4x16x64xf16>, tensor<1x4x16x64xf16>, tensor<1x4x16x64xf16> -> tensor<1x4x16x64xf16>
  return %o : tensor<1x4x16x64xf16>
}

// CHECK-LABEL: func.func @attention_f16_bias_f16
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x16x64xf16>, %[[B:[^:]+]]: tensor<1x4x16x16xf16>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] bias(%[[B]] : tensor<1x4x16x16xf16>) : tensor<1x4x16x64xf16>, tensor<1x4x16x64xf16>, tensor<1x4x16x64xf16> -> tensor<1x4x16x64xf16>
func.func @attention_f16_bias_f16(%q: tensor<1x4x16x64xf16>, %b: tensor<1x4x16x16xf16>) -> tensor<1x4x16x64xf16> {
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x4x16x16xf16>) : tensor<1x4x16x64xf16>, tensor<1x4x16x64xf16>, tensor<1x4x16x64xf16> -> tensor<1x4x16x64xf16>
  return %o : tensor<1x4x16x64xf16>
}

// CHECK-LABEL: func.func @attention_bf16
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x4x16x64xbf16>, %[[M:[^:]+]]: tensor<1x4x16x16xi1>, %[[B:[^:]+]]: tensor<1x4x16x16xbf16>
// CHECK:         mha.attention %[[Q]], %[[Q]], %[[Q]] mask(%[[M]] : tensor<1x4x16x16xi1>) bias(%[[B]] : tensor<1x4x16x16xbf16>) softcap(5.000000e+01) : tensor<1x4x16x64xbf16>, tensor<1x4x16x64xbf16>, tensor<1x4x16x64xbf16> -> tensor<1x4x16x64xbf16>
func.func @attention_bf16(%q: tensor<1x4x16x64xbf16>, %m: tensor<1x4x16x16xi1>, %b: tensor<1x4x16x16xbf16>) -> tensor<1x4x16x64xbf16> {
  %o = mha.attention %q, %q, %q mask(%m : tensor<1x4x16x16xi1>) bias(%b : tensor<1x4x16x16xbf16>) softcap(50.0) : tensor<1x4x16x64xbf16>, tensor<1x4x16x64xbf16>, tensor<1x4x16x64xbf16> -> tensor<1x4x16x64xbf16>
  return %o : tensor<1x4x16x64xbf16>
}

// CHECK-LABEL: func.func @attention_bf16_bias_f32
// CHECK:         mha.attention %{{.+}} bias(%{{.+}} : tensor<1x1x1x16xf32>) : tensor<1x4x16x64xbf16>
func.func @attention_bf16_bias_f32(%q: tensor<1x4x16x64xbf16>, %b: tensor<1x1x1x16xf32>) -> tensor<1x4x16x64xbf16> {
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x1x1x16xf32>) : tensor<1x4x16x64xbf16>, tensor<1x4x16x64xbf16>, tensor<1x4x16x64xbf16> -> tensor<1x4x16x64xbf16>
  return %o : tensor<1x4x16x64xbf16>
}

//===----------------------------------------------------------------------===//
// mha.attention: grouped heads and head dims
//===----------------------------------------------------------------------===//

// GQA: Hq = 8, Hkv = 2 (G = 4), with E = 64 != Ev = 32.
// CHECK-LABEL: func.func @attention_gqa
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x8x16x64xf32>, %[[K:[^:]+]]: tensor<2x2x32x64xf32>, %[[V:[^:]+]]: tensor<2x2x32x32xf32>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[V]] : tensor<2x8x16x64xf32>, tensor<2x2x32x64xf32>, tensor<2x2x32x32xf32> -> tensor<2x8x16x32xf32>
func.func @attention_gqa(%q: tensor<2x8x16x64xf32>, %k: tensor<2x2x32x64xf32>, %v: tensor<2x2x32x32xf32>) -> tensor<2x8x16x32xf32> {
  %o = mha.attention %q, %k, %v : tensor<2x8x16x64xf32>, tensor<2x2x32x64xf32>, tensor<2x2x32x32xf32> -> tensor<2x8x16x32xf32>
  return %o : tensor<2x8x16x32xf32>
}

// MQA: Hkv = 1; Ev > E.
// CHECK-LABEL: func.func @attention_mqa
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x8x16x64xf32>, %[[K:[^:]+]]: tensor<2x1x32x64xf32>, %[[V:[^:]+]]: tensor<2x1x32x128xf32>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[V]] causal(bottom_right) : tensor<2x8x16x64xf32>, tensor<2x1x32x64xf32>, tensor<2x1x32x128xf32> -> tensor<2x8x16x128xf32>
func.func @attention_mqa(%q: tensor<2x8x16x64xf32>, %k: tensor<2x1x32x64xf32>, %v: tensor<2x1x32x128xf32>) -> tensor<2x8x16x128xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<2x8x16x64xf32>, tensor<2x1x32x64xf32>, tensor<2x1x32x128xf32> -> tensor<2x8x16x128xf32>
  return %o : tensor<2x8x16x128xf32>
}

// Decode step: L = 1 against a long key cache.
// CHECK-LABEL: func.func @attention_decode
// CHECK:         mha.attention %{{.+}} causal(bottom_right) window(1024, 0) : tensor<4x32x1x128xbf16>, tensor<4x8x4096x128xbf16>, tensor<4x8x4096x128xbf16> -> tensor<4x32x1x128xbf16>
func.func @attention_decode(%q: tensor<4x32x1x128xbf16>, %k: tensor<4x8x4096x128xbf16>, %v: tensor<4x8x4096x128xbf16>) -> tensor<4x32x1x128xbf16> {
  %o = mha.attention %q, %k, %v causal(bottom_right) window(1024, 0) : tensor<4x32x1x128xbf16>, tensor<4x8x4096x128xbf16>, tensor<4x8x4096x128xbf16> -> tensor<4x32x1x128xbf16>
  return %o : tensor<4x32x1x128xbf16>
}

//===----------------------------------------------------------------------===//
// mha.attention: mask and bias broadcast shapes
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @attention_broadcast
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x8x16x64xf32>, %[[K:[^:]+]]: tensor<2x2x32x64xf32>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[K]] mask(%{{.+}} : tensor<1x1x16x32xi1>) bias(%{{.+}} : tensor<2x1x1x32xf32>) :
// CHECK:         mha.attention %[[Q]], %[[K]], %[[K]] mask(%{{.+}} : tensor<2x1x1x32xi1>) bias(%{{.+}} : tensor<1x8x1x1xf32>) :
// CHECK:         mha.attention %[[Q]], %[[K]], %[[K]] mask(%{{.+}} : tensor<1x1x1x1xi1>) bias(%{{.+}} : tensor<1x1x16x32xf32>) :
// CHECK:         mha.attention %[[Q]], %[[K]], %[[K]] mask(%{{.+}} : tensor<1x8x16x1xi1>) bias(%{{.+}} : tensor<1x1x1x1xf32>) :
func.func @attention_broadcast(%q: tensor<2x8x16x64xf32>, %k: tensor<2x2x32x64xf32>,
                               %m_ls: tensor<1x1x16x32xi1>, %m_bs: tensor<2x1x1x32xi1>, %m_1: tensor<1x1x1x1xi1>, %m_hl: tensor<1x8x16x1xi1>,
                               %b_bs: tensor<2x1x1x32xf32>, %b_h: tensor<1x8x1x1xf32>, %b_ls: tensor<1x1x16x32xf32>, %b_1: tensor<1x1x1x1xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>) {
  %0 = mha.attention %q, %k, %k mask(%m_ls : tensor<1x1x16x32xi1>) bias(%b_bs : tensor<2x1x1x32xf32>) : tensor<2x8x16x64xf32>, tensor<2x2x32x64xf32>, tensor<2x2x32x64xf32> -> tensor<2x8x16x64xf32>
  %1 = mha.attention %q, %k, %k mask(%m_bs : tensor<2x1x1x32xi1>) bias(%b_h : tensor<1x8x1x1xf32>) : tensor<2x8x16x64xf32>, tensor<2x2x32x64xf32>, tensor<2x2x32x64xf32> -> tensor<2x8x16x64xf32>
  %2 = mha.attention %q, %k, %k mask(%m_1 : tensor<1x1x1x1xi1>) bias(%b_ls : tensor<1x1x16x32xf32>) : tensor<2x8x16x64xf32>, tensor<2x2x32x64xf32>, tensor<2x2x32x64xf32> -> tensor<2x8x16x64xf32>
  %3 = mha.attention %q, %k, %k mask(%m_hl : tensor<1x8x16x1xi1>) bias(%b_1 : tensor<1x1x1x1xf32>) : tensor<2x8x16x64xf32>, tensor<2x2x32x64xf32>, tensor<2x2x32x64xf32> -> tensor<2x8x16x64xf32>
  return %0, %1, %2, %3 : tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>
}

//===----------------------------------------------------------------------===//
// mha.attention: dynamic dims (accepted: the rules cannot be decided)
//===----------------------------------------------------------------------===//

// Everything but E and Ev dynamic.
// CHECK-LABEL: func.func @attention_dynamic
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<?x?x?x64xf32>, %[[K:[^:]+]]: tensor<?x?x?x64xf32>, %[[V:[^:]+]]: tensor<?x?x?x32xf32>, %[[M:[^:]+]]: tensor<?x?x?x?xi1>, %[[B:[^:]+]]: tensor<?x1x?x?xf32>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<?x?x?x?xi1>) bias(%[[B]] : tensor<?x1x?x?xf32>) causal(bottom_right) window(16, 16) : tensor<?x?x?x64xf32>, tensor<?x?x?x64xf32>, tensor<?x?x?x32xf32> -> tensor<?x?x?x32xf32>
func.func @attention_dynamic(%q: tensor<?x?x?x64xf32>, %k: tensor<?x?x?x64xf32>, %v: tensor<?x?x?x32xf32>, %m: tensor<?x?x?x?xi1>, %b: tensor<?x1x?x?xf32>) -> tensor<?x?x?x32xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<?x?x?x?xi1>) bias(%b : tensor<?x1x?x?xf32>) causal(bottom_right) window(16, 16) : tensor<?x?x?x64xf32>, tensor<?x?x?x64xf32>, tensor<?x?x?x32xf32> -> tensor<?x?x?x32xf32>
  return %o : tensor<?x?x?x32xf32>
}

// Static result dims over dynamic operand dims; Hq = 7 over a dynamic Hkv
// (divisibility undecidable); a static mask S over a dynamic key S.
// CHECK-LABEL: func.func @attention_dynamic_mixed
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<?x7x?x16xf16>, %[[K:[^:]+]]: tensor<3x?x?x16xf16>, %[[V:[^:]+]]: tensor<?x?x100x8xf16>, %[[M:[^:]+]]: tensor<3x7x1x100xi1>
// CHECK:         mha.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<3x7x1x100xi1>) : tensor<?x7x?x16xf16>, tensor<3x?x?x16xf16>, tensor<?x?x100x8xf16> -> tensor<3x7x5x8xf16>
func.func @attention_dynamic_mixed(%q: tensor<?x7x?x16xf16>, %k: tensor<3x?x?x16xf16>, %v: tensor<?x?x100x8xf16>, %m: tensor<3x7x1x100xi1>) -> tensor<3x7x5x8xf16> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<3x7x1x100xi1>) : tensor<?x7x?x16xf16>, tensor<3x?x?x16xf16>, tensor<?x?x100x8xf16> -> tensor<3x7x5x8xf16>
  return %o : tensor<3x7x5x8xf16>
}

// Dynamic Hq over a static Hkv = 3, and a dynamic result.
// CHECK-LABEL: func.func @attention_dynamic_heads
// CHECK:         mha.attention %{{.+}} : tensor<1x?x4x16xf32>, tensor<1x3x4x16xf32>, tensor<1x3x4x16xf32> -> tensor<?x?x?x16xf32>
func.func @attention_dynamic_heads(%q: tensor<1x?x4x16xf32>, %k: tensor<1x3x4x16xf32>) -> tensor<?x?x?x16xf32> {
  %o = mha.attention %q, %k, %k : tensor<1x?x4x16xf32>, tensor<1x3x4x16xf32>, tensor<1x3x4x16xf32> -> tensor<?x?x?x16xf32>
  return %o : tensor<?x?x?x16xf32>
}

//===----------------------------------------------------------------------===//
// mha.multi_head_attention
//===----------------------------------------------------------------------===//

// Self-attention without biases; num_kv_heads defaults to num_heads and is
// not printed.
// CHECK-LABEL: func.func @mha_self
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x1024x768xf32>, %[[W:[^:]+]]: tensor<768x768xf32>
// CHECK:         %[[Y:.+]] = mha.multi_head_attention %[[X]], %[[X]], %[[X]] weights(%[[W]], %[[W]], %[[W]], %[[W]] : tensor<768x768xf32>, tensor<768x768xf32>, tensor<768x768xf32>, tensor<768x768xf32>) heads(12) : tensor<1x1024x768xf32>, tensor<1x1024x768xf32>, tensor<1x1024x768xf32> -> tensor<1x1024x768xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @mha_self(%x: tensor<1x1024x768xf32>, %w: tensor<768x768xf32>) -> tensor<1x1024x768xf32> {
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<768x768xf32>, tensor<768x768xf32>, tensor<768x768xf32>, tensor<768x768xf32>) heads(12) : tensor<1x1024x768xf32>, tensor<1x1024x768xf32>, tensor<1x1024x768xf32> -> tensor<1x1024x768xf32>
  return %y : tensor<1x1024x768xf32>
}

// heads(12, 12) keeps the explicit num_kv_heads.
// CHECK-LABEL: func.func @mha_self_explicit_kv
// CHECK:         mha.multi_head_attention %{{.+}} heads(12, 12) causal(top_left) :
func.func @mha_self_explicit_kv(%x: tensor<1x16x768xf32>, %w: tensor<768x768xf32>) -> tensor<1x16x768xf32> {
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<768x768xf32>, tensor<768x768xf32>, tensor<768x768xf32>, tensor<768x768xf32>) heads(12, 12) causal(top_left) : tensor<1x16x768xf32>, tensor<1x16x768xf32>, tensor<1x16x768xf32> -> tensor<1x16x768xf32>
  return %y : tensor<1x16x768xf32>
}

// With the four projection biases.
// CHECK-LABEL: func.func @mha_biases
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x16x64xf32>, %[[WQ:[^:]+]]: tensor<64x64xf32>, %[[WK:[^:]+]]: tensor<64x64xf32>, %[[WV:[^:]+]]: tensor<64x64xf32>, %[[WO:[^:]+]]: tensor<64x64xf32>, %[[BQ:[^:]+]]: tensor<64xf32>, %[[BK:[^:]+]]: tensor<64xf32>, %[[BV:[^:]+]]: tensor<64xf32>, %[[BO:[^:]+]]: tensor<64xf32>
// CHECK:         mha.multi_head_attention %[[X]], %[[X]], %[[X]]
// CHECK-SAME:      weights(%[[WQ]], %[[WK]], %[[WV]], %[[WO]] : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>)
// CHECK-SAME:      biases(%[[BQ]], %[[BK]], %[[BV]], %[[BO]] : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>)
// CHECK-SAME:      heads(4) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
func.func @mha_biases(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x64xf32>, %wv: tensor<64x64xf32>, %wo: tensor<64x64xf32>,
                      %bq: tensor<64xf32>, %bk: tensor<64xf32>, %bv: tensor<64xf32>, %bo: tensor<64xf32>) -> tensor<2x16x64xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>)
         heads(4) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// GQA: heads(8, 2), E = 8, Ev = 4, Eo = 32, f16, with biases.
// CHECK-LABEL: func.func @mha_gqa
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x16x64xf16>
// CHECK:         mha.multi_head_attention %[[X]], %[[X]], %[[X]]
// CHECK-SAME:      weights(%{{.+}} : tensor<64x64xf16>, tensor<64x16xf16>, tensor<64x8xf16>, tensor<32x32xf16>)
// CHECK-SAME:      biases(%{{.+}} : tensor<64xf16>, tensor<16xf16>, tensor<8xf16>, tensor<32xf16>)
// CHECK-SAME:      heads(8, 2) causal(bottom_right) : tensor<2x16x64xf16>, tensor<2x16x64xf16>, tensor<2x16x64xf16> -> tensor<2x16x32xf16>
func.func @mha_gqa(%x: tensor<2x16x64xf16>, %wq: tensor<64x64xf16>, %wk: tensor<64x16xf16>, %wv: tensor<64x8xf16>, %wo: tensor<32x32xf16>,
                   %bq: tensor<64xf16>, %bk: tensor<16xf16>, %bv: tensor<8xf16>, %bo: tensor<32xf16>) -> tensor<2x16x32xf16> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<64x64xf16>, tensor<64x16xf16>, tensor<64x8xf16>, tensor<32x32xf16>)
         biases(%bq, %bk, %bv, %bo : tensor<64xf16>, tensor<16xf16>, tensor<8xf16>, tensor<32xf16>)
         heads(8, 2) causal(bottom_right) : tensor<2x16x64xf16>, tensor<2x16x64xf16>, tensor<2x16x64xf16> -> tensor<2x16x32xf16>
  return %y : tensor<2x16x32xf16>
}

// MQA cross-attention: three different inputs, L = 10 != S = 20,
// Eq = 48, Ek = 24, Evi = 12, heads(4, 1), E = 16, Ev = 8.
// CHECK-LABEL: func.func @mha_cross_mqa
// CHECK-SAME:    %[[XQ:[^:]+]]: tensor<3x10x48xf32>, %[[XK:[^:]+]]: tensor<3x20x24xf32>, %[[XV:[^:]+]]: tensor<3x20x12xf32>
// CHECK:         mha.multi_head_attention %[[XQ]], %[[XK]], %[[XV]]
// CHECK-SAME:      weights(%{{.+}} : tensor<48x64xf32>, tensor<24x16xf32>, tensor<12x8xf32>, tensor<32x5xf32>)
// CHECK-SAME:      heads(4, 1) : tensor<3x10x48xf32>, tensor<3x20x24xf32>, tensor<3x20x12xf32> -> tensor<3x10x5xf32>
func.func @mha_cross_mqa(%xq: tensor<3x10x48xf32>, %xk: tensor<3x20x24xf32>, %xv: tensor<3x20x12xf32>,
                         %wq: tensor<48x64xf32>, %wk: tensor<24x16xf32>, %wv: tensor<12x8xf32>, %wo: tensor<32x5xf32>) -> tensor<3x10x5xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<48x64xf32>, tensor<24x16xf32>, tensor<12x8xf32>, tensor<32x5xf32>)
         heads(4, 1) : tensor<3x10x48xf32>, tensor<3x20x24xf32>, tensor<3x20x12xf32> -> tensor<3x10x5xf32>
  return %y : tensor<3x10x5xf32>
}

// Every optional group at once, bf16 with an f32 bias.
// CHECK-LABEL: func.func @mha_all
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x16x64xbf16>
// CHECK-SAME:    %[[M:[^:]+]]: tensor<1x1x16x16xi1>, %[[B:[^:]+]]: tensor<1x8x16x16xf32>
// CHECK:         %[[Y:.+]] = mha.multi_head_attention %[[X]], %[[X]], %[[X]]
// CHECK-SAME:      weights(%{{.+}} : tensor<64x64xbf16>, tensor<64x16xbf16>, tensor<64x16xbf16>, tensor<64x32xbf16>)
// CHECK-SAME:      biases(%{{.+}} : tensor<64xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<32xbf16>)
// CHECK-SAME:      mask(%[[M]] : tensor<1x1x16x16xi1>) bias(%[[B]] : tensor<1x8x16x16xf32>)
// CHECK-SAME:      heads(8, 2) causal(bottom_right) window(4, 0) scale(5.000000e-01) softcap(5.000000e+01) {mha.tag = 1 : i32}
// CHECK-SAME:      : tensor<2x16x64xbf16>, tensor<2x16x64xbf16>, tensor<2x16x64xbf16> -> tensor<2x16x32xbf16>
// CHECK-NEXT:    return %[[Y]]
func.func @mha_all(%x: tensor<2x16x64xbf16>, %wq: tensor<64x64xbf16>, %wk: tensor<64x16xbf16>, %wv: tensor<64x16xbf16>, %wo: tensor<64x32xbf16>,
                   %bq: tensor<64xbf16>, %bk: tensor<16xbf16>, %bv: tensor<16xbf16>, %bo: tensor<32xbf16>,
                   %m: tensor<1x1x16x16xi1>, %b: tensor<1x8x16x16xf32>) -> tensor<2x16x32xbf16> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<64x64xbf16>, tensor<64x16xbf16>, tensor<64x16xbf16>, tensor<64x32xbf16>)
         biases(%bq, %bk, %bv, %bo : tensor<64xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<32xbf16>)
         mask(%m : tensor<1x1x16x16xi1>) bias(%b : tensor<1x8x16x16xf32>)
         heads(8, 2) causal(bottom_right) window(4, 0) scale(0.5) softcap(50.0) {mha.tag = 1 : i32}
         : tensor<2x16x64xbf16>, tensor<2x16x64xbf16>, tensor<2x16x64xbf16> -> tensor<2x16x32xbf16>
  return %y : tensor<2x16x32xbf16>
}

// Each remaining optional group alone on the block.
// CHECK-LABEL: func.func @mha_groups
// CHECK:         mha.multi_head_attention %{{.+}} mask(%{{.+}} : tensor<2x4x8x8xi1>) heads(4) :
// CHECK:         mha.multi_head_attention %{{.+}} bias(%{{.+}} : tensor<2x4x8x8xf16>) heads(4) :
// CHECK:         mha.multi_head_attention %{{.+}} heads(4) :
// CHECK:         mha.multi_head_attention %{{.+}} heads(4) causal(top_left) :
// CHECK:         mha.multi_head_attention %{{.+}} heads(4) window(2, 1) :
// CHECK:         mha.multi_head_attention %{{.+}} heads(4) scale(2.500000e-01) :
// CHECK:         mha.multi_head_attention %{{.+}} heads(4) softcap(2.000000e+01) :
func.func @mha_groups(%x: tensor<2x8x32xf16>, %w: tensor<32x32xf16>, %m: tensor<2x4x8x8xi1>, %b: tensor<2x4x8x8xf16>) {
  %0 = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>) mask(%m : tensor<2x4x8x8xi1>) heads(4) : tensor<2x8x32xf16>, tensor<2x8x32xf16>, tensor<2x8x32xf16> -> tensor<2x8x32xf16>
  %1 = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>) bias(%b : tensor<2x4x8x8xf16>) heads(4) : tensor<2x8x32xf16>, tensor<2x8x32xf16>, tensor<2x8x32xf16> -> tensor<2x8x32xf16>
  %2 = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>) heads(4) causal(none) : tensor<2x8x32xf16>, tensor<2x8x32xf16>, tensor<2x8x32xf16> -> tensor<2x8x32xf16>
  %3 = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>) heads(4) causal(top_left) : tensor<2x8x32xf16>, tensor<2x8x32xf16>, tensor<2x8x32xf16> -> tensor<2x8x32xf16>
  %4 = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>) heads(4) window(2, 1) : tensor<2x8x32xf16>, tensor<2x8x32xf16>, tensor<2x8x32xf16> -> tensor<2x8x32xf16>
  %5 = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>) heads(4) scale(0.25) : tensor<2x8x32xf16>, tensor<2x8x32xf16>, tensor<2x8x32xf16> -> tensor<2x8x32xf16>
  %6 = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>, tensor<32x32xf16>) heads(4) softcap(20.0) : tensor<2x8x32xf16>, tensor<2x8x32xf16>, tensor<2x8x32xf16> -> tensor<2x8x32xf16>
  return
}

// Dynamic B, L, S, input widths, w_o rows/columns and biases: accepted;
// only the w_q/w_k/w_v columns (which fix E and Ev) must be static.
// CHECK-LABEL: func.func @mha_dynamic
// CHECK-SAME:    %[[XQ:[^:]+]]: tensor<?x?x?xf32>, %[[XK:[^:]+]]: tensor<?x?x?xf32>, %[[XV:[^:]+]]: tensor<?x?x?xf32>
// CHECK:         mha.multi_head_attention %[[XQ]], %[[XK]], %[[XV]]
// CHECK-SAME:      weights(%{{.+}} : tensor<?x64xf32>, tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x?xf32>)
// CHECK-SAME:      biases(%{{.+}} : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>)
// CHECK-SAME:      mask(%{{.+}} : tensor<?x?x?x?xi1>) heads(4, 2) causal(bottom_right)
// CHECK-SAME:      : tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32> -> tensor<?x?x?xf32>
func.func @mha_dynamic(%xq: tensor<?x?x?xf32>, %xk: tensor<?x?x?xf32>, %xv: tensor<?x?x?xf32>,
                       %wq: tensor<?x64xf32>, %wk: tensor<?x32xf32>, %wv: tensor<?x32xf32>, %wo: tensor<?x?xf32>,
                       %bq: tensor<?xf32>, %bk: tensor<?xf32>, %bv: tensor<?xf32>, %bo: tensor<?xf32>, %m: tensor<?x?x?x?xi1>) -> tensor<?x?x?xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<?x64xf32>, tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x?xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>)
         mask(%m : tensor<?x?x?x?xi1>) heads(4, 2) causal(bottom_right)
         : tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32> -> tensor<?x?x?xf32>
  return %y : tensor<?x?x?xf32>
}

// Static result over dynamic inputs.
// CHECK-LABEL: func.func @mha_dynamic_static_result
// CHECK:         mha.multi_head_attention %{{.+}} heads(2) : tensor<?x?x16xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32> -> tensor<4x9x16xf32>
func.func @mha_dynamic_static_result(%x: tensor<?x?x16xf32>, %w: tensor<16x16xf32>) -> tensor<4x9x16xf32> {
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>) heads(2) : tensor<?x?x16xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32> -> tensor<4x9x16xf32>
  return %y : tensor<4x9x16xf32>
}
