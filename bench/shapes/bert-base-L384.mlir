// BERT-base on SQuAD's 384-token windows: H = 12, L = S = 384, E = 64, f32. (bench/shapes/README.md)
func.func @bert_base_L384(%q: tensor<1x12x384x64xf32>, %k: tensor<1x12x384x64xf32>, %v: tensor<1x12x384x64xf32>) -> tensor<1x12x384x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x12x384x64xf32>, tensor<1x12x384x64xf32>, tensor<1x12x384x64xf32> -> tensor<1x12x384x64xf32>
  return %o : tensor<1x12x384x64xf32>
}
