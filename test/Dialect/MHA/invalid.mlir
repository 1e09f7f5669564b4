// Invalid mha.attention and mha.multi_head_attention: one case per verifier rule, type constraint and parse error.
// RUN: mha-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// mha.attention: ODS type constraints and parse errors
//===----------------------------------------------------------------------===//

func.func @attention_query_rank(%q: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  // expected-error-re @+1 {{'mha.attention' op operand #0 must be {{.*}}tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x4x8xf32>'}}
  %o = mha.attention %q, %q, %q : tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

func.func @attention_result_rank(%q: tensor<1x1x4x8xf32>) -> tensor<1x4x8xf32> {
  // expected-error-re @+1 {{'mha.attention' op result #0 must be {{.*}}tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x4x8xf32>'}}
  %o = mha.attention %q, %q, %q : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

func.func @attention_f64(%q: tensor<1x1x4x8xf64>) -> tensor<1x1x4x8xf64> {
  // expected-error-re @+1 {{'mha.attention' op operand #0 must be {{.*}}tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x1x4x8xf64>'}}
  %o = mha.attention %q, %q, %q : tensor<1x1x4x8xf64>, tensor<1x1x4x8xf64>, tensor<1x1x4x8xf64> -> tensor<1x1x4x8xf64>
  return %o : tensor<1x1x4x8xf64>
}

// -----

func.func @attention_unranked_mask(%q: tensor<1x1x4x8xf32>, %m: tensor<*xi1>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op operand #3 must be ranked tensor of any type values, but got 'tensor<*xi1>'}}
  %o = mha.attention %q, %q, %q mask(%m : tensor<*xi1>) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_scale_f64(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op attribute 'scale' failed to satisfy constraint: 32-bit float attribute}}
  %o = "mha.attention"(%q, %q, %q) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>, scale = 2.0 : f64}> : (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_bad_causal(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{expected causal mode 'none', 'top_left' or 'bottom_right', got 'diagonal'}}
  %o = mha.attention %q, %q, %q causal(diagonal) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_window_one_entry(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{expected ','}}
  %o = mha.attention %q, %q, %q window(4) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

// The scale is an f32 literal: `scale(1)` does not parse, `scale(1.0)` does.
func.func @attention_scale_integer(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
  // expected-note @+1 {{add a trailing dot to make the literal a float}}
  %o = mha.attention %q, %q, %q scale(1) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

//===----------------------------------------------------------------------===//
// mha.attention: verifier rules
//===----------------------------------------------------------------------===//

// -----

func.func @attention_element_types(%q: tensor<1x1x4x8xf32>, %k: tensor<1x1x4x8xf16>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op query, key, value and result must share one element type, got 'f32', 'f16', 'f32' and 'f32'}}
  %o = mha.attention %q, %k, %q : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf16>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_result_element_type(%q: tensor<1x1x4x8xbf16>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op query, key, value and result must share one element type, got 'bf16', 'bf16', 'bf16' and 'f32'}}
  %o = mha.attention %q, %q, %q : tensor<1x1x4x8xbf16>, tensor<1x1x4x8xbf16>, tensor<1x1x4x8xbf16> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_dynamic_e_query(%q: tensor<1x1x4x?xf32>, %k: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op head dimension E (dim 3 of 'query' and 'key') must be static}}
  %o = mha.attention %q, %k, %k : tensor<1x1x4x?xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_dynamic_e_key(%q: tensor<1x1x4x8xf32>, %k: tensor<1x1x4x?xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op head dimension E (dim 3 of 'query' and 'key') must be static}}
  %o = mha.attention %q, %k, %q : tensor<1x1x4x8xf32>, tensor<1x1x4x?xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_dynamic_ev(%q: tensor<1x1x4x8xf32>, %v: tensor<1x1x4x?xf32>) -> tensor<1x1x4x?xf32> {
  // expected-error @+1 {{'mha.attention' op head dimension Ev (dim 3 of 'value') must be static}}
  %o = mha.attention %q, %q, %v : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x?xf32> -> tensor<1x1x4x?xf32>
  return %o : tensor<1x1x4x?xf32>
}

// -----

func.func @attention_zero_head_dim(%q: tensor<1x1x4x8xf32>, %v: tensor<1x1x4x0xf32>) -> tensor<1x1x4x0xf32> {
  // expected-error @+1 {{'mha.attention' op head dimensions must be > 0, got E = 8 and Ev = 0}}
  %o = mha.attention %q, %q, %v : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x0xf32> -> tensor<1x1x4x0xf32>
  return %o : tensor<1x1x4x0xf32>
}

// -----

func.func @attention_key_head_dim(%q: tensor<1x1x4x8xf32>, %k: tensor<1x1x4x16xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'key' head dimension 16 does not match 'query' head dimension 8}}
  %o = mha.attention %q, %k, %q : tensor<1x1x4x8xf32>, tensor<1x1x4x16xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_batch(%q: tensor<2x1x4x8xf32>, %k: tensor<2x1x4x8xf32>, %v: tensor<3x1x4x8xf32>) -> tensor<2x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op batch size B differs: 'query' 2, 'key' 2, 'value' 3}}
  %o = mha.attention %q, %k, %v : tensor<2x1x4x8xf32>, tensor<2x1x4x8xf32>, tensor<3x1x4x8xf32> -> tensor<2x1x4x8xf32>
  return %o : tensor<2x1x4x8xf32>
}

// -----

func.func @attention_kv_heads(%q: tensor<1x4x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op key/value head count Hkv differs: 'key' 2, 'value' 4}}
  %o = mha.attention %q, %k, %v : tensor<1x4x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x4x4x8xf32> -> tensor<1x4x4x8xf32>
  return %o : tensor<1x4x4x8xf32>
}

// -----

func.func @attention_seq_len(%q: tensor<1x1x4x8xf32>, %k: tensor<1x1x6x8xf32>, %v: tensor<1x1x5x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op sequence length S differs: 'key' 6, 'value' 5}}
  %o = mha.attention %q, %k, %v : tensor<1x1x4x8xf32>, tensor<1x1x6x8xf32>, tensor<1x1x5x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_zero_kv_heads(%q: tensor<1x1x4x8xf32>, %k: tensor<1x0x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op key/value head count Hkv must be > 0}}
  %o = mha.attention %q, %k, %k : tensor<1x1x4x8xf32>, tensor<1x0x4x8xf32>, tensor<1x0x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_gqa_divides(%q: tensor<1x8x4x8xf32>, %k: tensor<1x3x4x8xf32>) -> tensor<1x8x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op query head count Hq = 8 is not a multiple of key/value head count Hkv = 3}}
  %o = mha.attention %q, %k, %k : tensor<1x8x4x8xf32>, tensor<1x3x4x8xf32>, tensor<1x3x4x8xf32> -> tensor<1x8x4x8xf32>
  return %o : tensor<1x8x4x8xf32>
}

// -----

// Hkv taken from 'value' when 'key' has it dynamic.
func.func @attention_gqa_divides_from_value(%q: tensor<1x8x4x8xf32>, %k: tensor<1x?x4x8xf32>, %v: tensor<1x3x4x8xf32>) -> tensor<1x8x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op query head count Hq = 8 is not a multiple of key/value head count Hkv = 3}}
  %o = mha.attention %q, %k, %v : tensor<1x8x4x8xf32>, tensor<1x?x4x8xf32>, tensor<1x3x4x8xf32> -> tensor<1x8x4x8xf32>
  return %o : tensor<1x8x4x8xf32>
}

// -----

func.func @attention_result_ev(%q: tensor<2x4x6x8xf32>, %v: tensor<2x4x6x16xf32>) -> tensor<2x4x6x8xf32> {
  // expected-error @+1 {{'mha.attention' op result shape [2, 4, 6, 8] does not match [B, Hq, L, Ev] = [2, 4, 6, 16]}}
  %o = mha.attention %q, %q, %v : tensor<2x4x6x8xf32>, tensor<2x4x6x8xf32>, tensor<2x4x6x16xf32> -> tensor<2x4x6x8xf32>
  return %o : tensor<2x4x6x8xf32>
}

// -----

func.func @attention_result_l(%q: tensor<?x4x?x8xf32>, %k: tensor<2x4x6x8xf32>) -> tensor<3x4x?x8xf32> {
  // expected-error @+1 {{'mha.attention' op result shape [3, 4, ?, 8] does not match [B, Hq, L, Ev] = [2, 4, ?, 8]}}
  %o = mha.attention %q, %k, %k : tensor<?x4x?x8xf32>, tensor<2x4x6x8xf32>, tensor<2x4x6x8xf32> -> tensor<3x4x?x8xf32>
  return %o : tensor<3x4x?x8xf32>
}

// -----

func.func @attention_mask_element_type(%q: tensor<1x1x4x8xf32>, %m: tensor<1x1x4x4xi8>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'mask' must have element type i1 (true = may attend), got 'i8'}}
  %o = mha.attention %q, %q, %q mask(%m : tensor<1x1x4x4xi8>) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_mask_rank(%q: tensor<1x1x4x8xf32>, %m: tensor<4x4xi1>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'mask' must have rank 4 ([B, Hq, L, S]), got rank 2}}
  %o = mha.attention %q, %q, %q mask(%m : tensor<4x4xi1>) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_mask_broadcast(%q: tensor<1x1x4x8xf32>, %k: tensor<1x1x6x8xf32>, %m: tensor<1x1x4x4xi1>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'mask' of shape [1, 1, 4, 4] is not broadcastable to [B, Hq, L, S] = [1, 1, 4, 6]: dim 3 (S) is 4, expected 6 or 1}}
  %o = mha.attention %q, %k, %k mask(%m : tensor<1x1x4x4xi1>) : tensor<1x1x4x8xf32>, tensor<1x1x6x8xf32>, tensor<1x1x6x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

// The mask is over query heads Hq, not key/value heads Hkv.
func.func @attention_mask_kv_heads(%q: tensor<1x8x4x8xf32>, %k: tensor<1x2x4x8xf32>, %m: tensor<1x2x4x4xi1>) -> tensor<1x8x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'mask' of shape [1, 2, 4, 4] is not broadcastable to [B, Hq, L, S] = [1, 8, 4, 4]: dim 1 (Hq) is 2, expected 8 or 1}}
  %o = mha.attention %q, %k, %k mask(%m : tensor<1x2x4x4xi1>) : tensor<1x8x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32> -> tensor<1x8x4x8xf32>
  return %o : tensor<1x8x4x8xf32>
}

// -----

func.func @attention_bias_element_type(%q: tensor<1x1x4x8xf16>, %b: tensor<1x1x4x4xbf16>) -> tensor<1x1x4x8xf16> {
  // expected-error @+1 {{'mha.attention' op 'bias' must have element type f32 or the query's element type ('f16'), got 'bf16'}}
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x1x4x4xbf16>) : tensor<1x1x4x8xf16>, tensor<1x1x4x8xf16>, tensor<1x1x4x8xf16> -> tensor<1x1x4x8xf16>
  return %o : tensor<1x1x4x8xf16>
}

// -----

func.func @attention_bias_f16_for_f32(%q: tensor<1x1x4x8xf32>, %b: tensor<1x1x4x4xf16>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'bias' must have element type f32, got 'f16'}}
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x1x4x4xf16>) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_bias_rank(%q: tensor<1x1x4x8xf32>, %b: tensor<1x1x1x4x4xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'bias' must have rank 4 ([B, Hq, L, S]), got rank 5}}
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x1x1x4x4xf32>) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_bias_broadcast(%q: tensor<2x1x4x8xf32>, %b: tensor<3x1x4x4xf32>) -> tensor<2x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'bias' of shape [3, 1, 4, 4] is not broadcastable to [B, Hq, L, S] = [2, 1, 4, 4]: dim 0 (B) is 3, expected 2 or 1}}
  %o = mha.attention %q, %q, %q bias(%b : tensor<3x1x4x4xf32>) : tensor<2x1x4x8xf32>, tensor<2x1x4x8xf32>, tensor<2x1x4x8xf32> -> tensor<2x1x4x8xf32>
  return %o : tensor<2x1x4x8xf32>
}

// -----

func.func @attention_bias_broadcast_l(%q: tensor<1x1x4x8xf32>, %b: tensor<1x1x5x1xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'bias' of shape [1, 1, 5, 1] is not broadcastable to [B, Hq, L, S] = [1, 1, 4, 4]: dim 2 (L) is 5, expected 4 or 1}}
  %o = mha.attention %q, %q, %q bias(%b : tensor<1x1x5x1xf32>) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

// Only the generic form can give a window of the wrong length.
func.func @attention_window_count(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'window' must have two entries (left, right), got 3}}
  %o = "mha.attention"(%q, %q, %q) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>, window = array<i64: 1, 2, 3>}> : (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_window_negative(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'window' entries must be >= 0, got (-1, 0)}}
  %o = mha.attention %q, %q, %q window(-1, 0) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_window_negative_right(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'window' entries must be >= 0, got (4, -2)}}
  %o = mha.attention %q, %q, %q causal(bottom_right) window(4, -2) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_scale_inf(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'scale' must be finite, got INF}}
  %o = mha.attention %q, %q, %q scale(0x7F800000) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_scale_nan(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'scale' must be finite, got nan}}
  %o = mha.attention %q, %q, %q scale(0x7FC00000) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_softcap_zero(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'softcap' must be finite and > 0, got 0.000000e+00}}
  %o = mha.attention %q, %q, %q softcap(0.0) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_softcap_negative(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'softcap' must be finite and > 0, got -3.000000e+01}}
  %o = mha.attention %q, %q, %q softcap(-30.0) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

func.func @attention_softcap_inf(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'softcap' must be finite and > 0, got INF}}
  %o = mha.attention %q, %q, %q softcap(0x7F800000) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

//===----------------------------------------------------------------------===//
// mha.multi_head_attention: ODS type constraints and parse errors
//===----------------------------------------------------------------------===//

// -----

func.func @mha_query_input_rank(%x: tensor<16x64xf32>, %w: tensor<64x64xf32>) -> tensor<16x64xf32> {
  // expected-error-re @+1 {{'mha.multi_head_attention' op operand #0 must be {{.*}}tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<16x64xf32>'}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) : tensor<16x64xf32>, tensor<16x64xf32>, tensor<16x64xf32> -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

// -----

func.func @mha_weight_rank(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %wo: tensor<1x64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error-re @+1 {{'mha.multi_head_attention' op operand #6 must be {{.*}}tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x64x64xf32>'}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %wo : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<1x64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_bias_rank(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %b: tensor<64xf32>, %b2: tensor<1x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error-re @+1 {{'mha.multi_head_attention' op operand #7 must be {{.*}}tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x64xf32>'}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) biases(%b2, %b, %b, %b : tensor<1x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_num_heads_zero(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(0) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_num_kv_heads_zero(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op attribute 'num_kv_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8, 0) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_bad_causal(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{expected causal mode 'none', 'top_left' or 'bottom_right', got 'bottom_left'}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) causal(bottom_left) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_missing_heads(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{expected 'heads'}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

//===----------------------------------------------------------------------===//
// mha.multi_head_attention: verifier rules
//===----------------------------------------------------------------------===//

// -----

func.func @mha_weight_element_type(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %wq: tensor<64x64xf16>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'w_q' must have the element type of 'query_input' ('f32'), got 'f16'}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %w, %w, %w : tensor<64x64xf16>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_key_input_element_type(%x: tensor<2x16x64xf16>, %xk: tensor<2x16x64xbf16>, %w: tensor<64x64xf16>) -> tensor<2x16x64xf16> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'key_input' must have the element type of 'query_input' ('f16'), got 'bf16'}}
  %y = mha.multi_head_attention %x, %xk, %x weights(%w, %w, %w, %w : tensor<64x64xf16>, tensor<64x64xf16>, tensor<64x64xf16>, tensor<64x64xf16>) heads(8) : tensor<2x16x64xf16>, tensor<2x16x64xbf16>, tensor<2x16x64xf16> -> tensor<2x16x64xf16>
  return %y : tensor<2x16x64xf16>
}

// -----

func.func @mha_proj_bias_element_type(%x: tensor<2x16x64xf16>, %w: tensor<64x64xf16>, %b: tensor<64xf16>, %bo: tensor<64xf32>) -> tensor<2x16x64xf16> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'b_o' must have the element type of 'query_input' ('f16'), got 'f32'}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf16>, tensor<64x64xf16>, tensor<64x64xf16>, tensor<64x64xf16>) biases(%b, %b, %b, %bo : tensor<64xf16>, tensor<64xf16>, tensor<64xf16>, tensor<64xf32>) heads(8) : tensor<2x16x64xf16>, tensor<2x16x64xf16>, tensor<2x16x64xf16> -> tensor<2x16x64xf16>
  return %y : tensor<2x16x64xf16>
}

// -----

func.func @mha_result_element_type(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xbf16> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'result' must have the element type of 'query_input' ('f32'), got 'bf16'}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xbf16>
  return %y : tensor<2x16x64xbf16>
}

// -----

// Only the generic form can give some but not all projection biases.
func.func @mha_partial_biases(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %b: tensor<64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op projection biases b_q, b_k, b_v, b_o must be given all four or none, got 1}}
  %y = "mha.multi_head_attention"(%x, %x, %x, %w, %w, %w, %w, %b) <{num_heads = 8 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0>}> : (tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_heads_divide(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op num_heads = 8 is not a multiple of num_kv_heads = 3}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8, 3) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_kv_heads_exceed(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op num_heads = 2 is not a multiple of num_kv_heads = 8}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(2, 8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_batch(%x: tensor<2x16x64xf32>, %xk: tensor<3x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op batch size B differs: 'query_input' 2, 'key_input' 3, 'value_input' 3}}
  %y = mha.multi_head_attention %x, %xk, %xk weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<3x16x64xf32>, tensor<3x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_seq_len(%x: tensor<2x16x64xf32>, %xv: tensor<2x17x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op sequence length S differs: 'key_input' 16, 'value_input' 17}}
  %y = mha.multi_head_attention %x, %x, %xv weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x17x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_wq_rows(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %wq: tensor<32x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'w_q' has 32 rows but 'query_input' has width 64}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %w, %w, %w : tensor<32x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_wk_rows(%x: tensor<2x16x64xf32>, %xk: tensor<2x16x48xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'w_k' has 64 rows but 'key_input' has width 48}}
  %y = mha.multi_head_attention %x, %xk, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x48xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_wv_rows(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %wv: tensor<32x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'w_v' has 32 rows but 'value_input' has width 64}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %wv, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<32x64xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_dynamic_head_columns(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %wk: tensor<64x?xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op the columns of 'w_q', 'w_k' and 'w_v' must be static (they fix the head dimensions E and Ev)}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %wk, %w, %w : tensor<64x64xf32>, tensor<64x?xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_wq_columns(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %wq: tensor<64x60xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'w_q' has 60 columns, not a multiple of num_heads = 8}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %w, %w, %w : tensor<64x60xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_wk_columns(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %wk: tensor<64x24xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'w_k' has 24 columns, expected num_kv_heads * E = 2 * 8 = 16}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %wk, %w, %w : tensor<64x64xf32>, tensor<64x24xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_wv_columns(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x17xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'w_v' has 17 columns, not a multiple of num_kv_heads = 2}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %wk, %wv, %w : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x17xf32>, tensor<64x64xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_zero_head_dim(%x: tensor<2x16x64xf32>, %w0: tensor<64x0xf32>, %wo: tensor<0x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op head dimensions must be > 0, got E = 0 and Ev = 0}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w0, %w0, %w0, %wo : tensor<64x0xf32>, tensor<64x0xf32>, tensor<64x0xf32>, tensor<0x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_wo_rows(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %wv: tensor<64x32xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'w_o' has 64 rows, expected num_heads * Ev = 8 * 4 = 32}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %wv, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x32xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

func.func @mha_b_q_size(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>, %bq: tensor<63xf32>, %bk: tensor<16xf32>, %bv: tensor<16xf32>, %bo: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'b_q' has 63 elements, expected 64}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) biases(%bq, %bk, %bv, %bo : tensor<63xf32>, tensor<16xf32>, tensor<16xf32>, tensor<32xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_b_k_size(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>, %bq: tensor<64xf32>, %bk: tensor<15xf32>, %bv: tensor<16xf32>, %bo: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'b_k' has 15 elements, expected 16}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) biases(%bq, %bk, %bv, %bo : tensor<64xf32>, tensor<15xf32>, tensor<16xf32>, tensor<32xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_b_v_size(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>, %bq: tensor<64xf32>, %bk: tensor<16xf32>, %bv: tensor<17xf32>, %bo: tensor<32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'b_v' has 17 elements, expected 16}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) biases(%bq, %bk, %bv, %bo : tensor<64xf32>, tensor<16xf32>, tensor<17xf32>, tensor<32xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_b_o_size(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>, %bq: tensor<64xf32>, %bk: tensor<16xf32>, %bv: tensor<16xf32>, %bo: tensor<31xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'b_o' has 31 elements, expected 32}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) biases(%bq, %bk, %bv, %bo : tensor<64xf32>, tensor<16xf32>, tensor<16xf32>, tensor<31xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_result_eo(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>) -> tensor<2x16x31xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op result shape [2, 16, 31] does not match [B, L, Eo] = [2, 16, 32]}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x31xf32>
  return %y : tensor<2x16x31xf32>
}

// -----

func.func @mha_result_l(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>) -> tensor<2x15x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op result shape [2, 15, 32] does not match [B, L, Eo] = [2, 16, 32]}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x15x32xf32>
  return %y : tensor<2x15x32xf32>
}

// -----

func.func @mha_mask_element_type(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>, %m: tensor<2x8x16x16xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'mask' must have element type i1 (true = may attend), got 'f32'}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) mask(%m : tensor<2x8x16x16xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_mask_rank(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>, %m: tensor<16x16xi1>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'mask' must have rank 4 ([B, Hq, L, S]), got rank 2}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) mask(%m : tensor<16x16xi1>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----
// The mask is over the num_heads query heads, not the num_kv_heads.
func.func @mha_mask_broadcast(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>, %m: tensor<1x2x16x16xi1>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'mask' of shape [1, 2, 16, 16] is not broadcastable to [B, Hq, L, S] = [2, 8, 16, 16]: dim 1 (Hq) is 2, expected 8 or 1}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) mask(%m : tensor<1x2x16x16xi1>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_bias_element_type(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>, %bb: tensor<2x8x16x16xbf16>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'bias' must have element type f32, got 'bf16'}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) bias(%bb : tensor<2x8x16x16xbf16>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_bias_rank(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>, %bb: tensor<8x16x16xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'bias' must have rank 4 ([B, Hq, L, S]), got rank 3}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) bias(%bb : tensor<8x16x16xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_bias_broadcast(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>, %bb: tensor<2x8x16x15xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'bias' of shape [2, 8, 16, 15] is not broadcastable to [B, Hq, L, S] = [2, 8, 16, 16]: dim 3 (S) is 15, expected 16 or 1}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) bias(%bb : tensor<2x8x16x15xf32>) heads(8, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_window_negative(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'window' entries must be >= 0, got (-1, 2)}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) heads(8, 2) causal(top_left) window(-1, 2) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_scale_inf(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'scale' must be finite, got -INF}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) heads(8, 2) scale(0xFF800000) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

func.func @mha_softcap_negative_zero(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x16xf32>, %wo: tensor<64x32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'softcap' must be finite and > 0, got -0.000000e+00}}
  %y = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<64x32xf32>) heads(8, 2) softcap(-0.0) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x32xf32>
  return %y : tensor<2x16x32xf32>
}

// -----

// Only the generic form can give a window of the wrong length.
func.func @mha_window_count(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op 'window' must have two entries (left, right), got 1}}
  %y = "mha.multi_head_attention"(%x, %x, %x, %w, %w, %w, %w) <{num_heads = 8 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0>, window = array<i64: 4>}> : (tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

// Found by review for issue 8 (docs/Guarantees.md): d(i) + right must not
// overflow 64-bit index arithmetic in the lowerings.
func.func @attention_window_huge(%q: tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{'mha.attention' op 'window' entries must be <= 2^62 (wider than any sequence; omit 'window' for no limit), got (0, 9223372036854775807)}}
  %o = mha.attention %q, %q, %q window(0, 9223372036854775807) : tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32> -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}

// -----

// num_heads * Ev overflows int64: a diagnostic, not signed overflow.
func.func @mha_concat_width_overflow(%x: tensor<1x4x8xf32>, %wq: tensor<8x8xf32>, %wk: tensor<8x2xf32>, %wv: tensor<8x4611686018427387904xf32>, %wo: tensor<?x8xf32>) -> tensor<1x4x8xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op num_heads * Ev = 4 * 4611686018427387904 overflows int64}}
  %o = mha.multi_head_attention %x, %x, %x weights(%wq, %wk, %wv, %wo : tensor<8x8xf32>, tensor<8x2xf32>, tensor<8x4611686018427387904xf32>, tensor<?x8xf32>) heads(4, 1) : tensor<1x4x8xf32>, tensor<1x4x8xf32>, tensor<1x4x8xf32> -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}
