// The whole block of a CLIP text encoder layer: embed 512 = 8 heads of 64, B = 1, L = S = 77, biases, f32. (bench/shapes/README.md)
func.func @clip_text_block_L77(%x: tensor<1x77x512xf32>, %wq: tensor<512x512xf32>, %wk: tensor<512x512xf32>, %wv: tensor<512x512xf32>, %wo: tensor<512x512xf32>, %bq: tensor<512xf32>, %bk: tensor<512xf32>, %bv: tensor<512xf32>, %bo: tensor<512xf32>) -> tensor<1x77x512xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<512x512xf32>, tensor<512x512xf32>, tensor<512x512xf32>, tensor<512x512xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>)
         heads(8)
         : tensor<1x77x512xf32>, tensor<1x77x512xf32>, tensor<1x77x512xf32> -> tensor<1x77x512xf32>
  return %y : tensor<1x77x512xf32>
}
