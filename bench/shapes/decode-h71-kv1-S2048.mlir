// Falcon-7B decoding: one query row, Hq = 71 over a single key/value head (Hkv = 1), S = 2048, E = Ev = 64, f32: tiles of 71 query rows. (bench/shapes/README.md)
func.func @decode_h71_kv1_S2048(%q: tensor<1x71x1x64xf32>, %k: tensor<1x1x2048x64xf32>, %v: tensor<1x1x2048x64xf32>) -> tensor<1x71x1x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x71x1x64xf32>, tensor<1x1x2048x64xf32>, tensor<1x1x2048x64xf32> -> tensor<1x71x1x64xf32>
  return %o : tensor<1x71x1x64xf32>
}
