// ViT-L/14 at 224 px: H = 16, L = S = 257, E = 64, f32. (bench/shapes/README.md)
func.func @vit_l_L257(%q: tensor<1x16x257x64xf32>, %k: tensor<1x16x257x64xf32>, %v: tensor<1x16x257x64xf32>) -> tensor<1x16x257x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x16x257x64xf32>, tensor<1x16x257x64xf32>, tensor<1x16x257x64xf32> -> tensor<1x16x257x64xf32>
  return %o : tensor<1x16x257x64xf32>
}
