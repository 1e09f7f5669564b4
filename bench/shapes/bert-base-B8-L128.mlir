// BERT-base encoder at batch 8: H = 12, L = S = 128, E = 64, f32. (bench/shapes/README.md)
func.func @bert_base_B8_L128(%q: tensor<8x12x128x64xf32>, %k: tensor<8x12x128x64xf32>, %v: tensor<8x12x128x64xf32>) -> tensor<8x12x128x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<8x12x128x64xf32>, tensor<8x12x128x64xf32>, tensor<8x12x128x64xf32> -> tensor<8x12x128x64xf32>
  return %o : tensor<8x12x128x64xf32>
}
