// --mha-lower-attention-to-linalg rejects what its grouped view cannot
// express, at the op, saying what works instead.
// RUN: mha-opt %s -mha-lower-attention-to-linalg -split-input-file -verify-diagnostics

// A dynamic Hq: the split [Hkv, G] of the head dim would need two dynamic
// sizes, which bufferization cannot give a strided layout.
func.func @dynamic_query_heads(%q: tensor<1x?x16x32xf32>, %k: tensor<1x2x16x32xf32>) -> tensor<1x?x16x32xf32> {
  // expected-error @+1 {{'mha.attention' op has a dynamic head count (Hq or Hkv), which the linalg lowering does not support; make dim 1 of 'query' and of 'key' or 'value' static (B, L and S may stay dynamic)}}
  %o = mha.attention %q, %k, %k : tensor<1x?x16x32xf32>, tensor<1x2x16x32xf32>, tensor<1x2x16x32xf32> -> tensor<1x?x16x32xf32>
  return %o : tensor<1x?x16x32xf32>
}

// -----

// Hkv dynamic in both key and value.
func.func @dynamic_kv_heads(%q: tensor<1x4x16x32xf16>, %k: tensor<1x?x16x32xf16>, %v: tensor<1x?x16x8xf16>) -> tensor<1x4x16x8xf16> {
  // expected-error @+1 {{'mha.attention' op has a dynamic head count (Hq or Hkv), which the linalg lowering does not support}}
  %o = mha.attention %q, %k, %v : tensor<1x4x16x32xf16>, tensor<1x?x16x32xf16>, tensor<1x?x16x8xf16> -> tensor<1x4x16x8xf16>
  return %o : tensor<1x4x16x8xf16>
}

// -----

// The whole block must be decomposed first.
func.func @block(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op must be decomposed before lowering to linalg; run --mha-decompose-multi-head-attention first}}
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) heads(8) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}
