// The whole block of a ViT-L/14 at 224 px layer: embed 1024 = 16 heads of 64, B = 1, L = S = 257, biases, f32. (bench/shapes/README.md)
func.func @vit_l_block_L257(%x: tensor<1x257x1024xf32>, %wq: tensor<1024x1024xf32>, %wk: tensor<1024x1024xf32>, %wv: tensor<1024x1024xf32>, %wo: tensor<1024x1024xf32>, %bq: tensor<1024xf32>, %bk: tensor<1024xf32>, %bv: tensor<1024xf32>, %bo: tensor<1024xf32>) -> tensor<1x257x1024xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<1024x1024xf32>, tensor<1024x1024xf32>, tensor<1024x1024xf32>, tensor<1024x1024xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<1024xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024xf32>)
         heads(16)
         : tensor<1x257x1024xf32>, tensor<1x257x1024xf32>, tensor<1x257x1024xf32> -> tensor<1x257x1024xf32>
  return %y : tensor<1x257x1024xf32>
}
