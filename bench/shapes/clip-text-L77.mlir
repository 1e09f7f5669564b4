// CLIP's text encoder shape: H = 8, L = S = 77, E = 64, f32. (bench/shapes/README.md)
func.func @clip_text_L77(%q: tensor<1x8x77x64xf32>, %k: tensor<1x8x77x64xf32>, %v: tensor<1x8x77x64xf32>) -> tensor<1x8x77x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x8x77x64xf32>, tensor<1x8x77x64xf32>, tensor<1x8x77x64xf32> -> tensor<1x8x77x64xf32>
  return %o : tensor<1x8x77x64xf32>
}
