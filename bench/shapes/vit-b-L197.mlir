// ViT-B/16 at 224 px: H = 12, L = S = 197, E = 64, f32. (bench/shapes/README.md)
func.func @vit_b_L197(%q: tensor<1x12x197x64xf32>, %k: tensor<1x12x197x64xf32>, %v: tensor<1x12x197x64xf32>) -> tensor<1x12x197x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x12x197x64xf32>, tensor<1x12x197x64xf32>, tensor<1x12x197x64xf32> -> tensor<1x12x197x64xf32>
  return %o : tensor<1x12x197x64xf32>
}
