// Llama-3-8B-style causal prefill: Hq = 32, Hkv = 8, L = S = 1024, E = 128, f32. (bench/shapes/README.md)
func.func @llama_prefill_h32_kv8_L1024(%q: tensor<1x32x1024x128xf32>, %k: tensor<1x8x1024x128xf32>, %v: tensor<1x8x1024x128xf32>) -> tensor<1x32x1024x128xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<1x32x1024x128xf32>, tensor<1x8x1024x128xf32>, tensor<1x8x1024x128xf32> -> tensor<1x32x1024x128xf32>
  return %o : tensor<1x32x1024x128xf32>
}
