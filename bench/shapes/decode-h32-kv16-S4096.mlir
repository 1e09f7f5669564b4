// Decoding: one query row, Hq = 32 over Hkv = 16, S = 4096, E = Ev = 128, f32. (bench/shapes/README.md)
func.func @decode_h32_kv16_S4096(%q: tensor<1x32x1x128xf32>, %k: tensor<1x16x4096x128xf32>, %v: tensor<1x16x4096x128xf32>) -> tensor<1x32x1x128xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x32x1x128xf32>, tensor<1x16x4096x128xf32>, tensor<1x16x4096x128xf32> -> tensor<1x32x1x128xf32>
  return %o : tensor<1x32x1x128xf32>
}
