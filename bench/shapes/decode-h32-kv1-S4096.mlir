// Multi-query decoding: one query row, Hq = 32 over a single key/value head (Hkv = 1), S = 4096, E = Ev = 128, f32. (bench/shapes/README.md)
func.func @decode_h32_kv1_S4096(%q: tensor<1x32x1x128xf32>, %k: tensor<1x1x4096x128xf32>, %v: tensor<1x1x4096x128xf32>) -> tensor<1x32x1x128xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x32x1x128xf32>, tensor<1x1x4096x128xf32>, tensor<1x1x4096x128xf32> -> tensor<1x32x1x128xf32>
  return %o : tensor<1x32x1x128xf32>
}
