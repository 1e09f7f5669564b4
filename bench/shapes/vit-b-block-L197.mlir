// The whole block of a ViT-B/16 at 224 px layer: embed 768 = 12 heads of 64, B = 1, L = S = 197, biases, f32. (bench/shapes/README.md)
func.func @vit_b_block_L197(%x: tensor<1x197x768xf32>, %wq: tensor<768x768xf32>, %wk: tensor<768x768xf32>, %wv: tensor<768x768xf32>, %wo: tensor<768x768xf32>, %bq: tensor<768xf32>, %bk: tensor<768xf32>, %bv: tensor<768xf32>, %bo: tensor<768xf32>) -> tensor<1x197x768xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<768x768xf32>, tensor<768x768xf32>, tensor<768x768xf32>, tensor<768x768xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<768xf32>, tensor<768xf32>, tensor<768xf32>, tensor<768xf32>)
         heads(12)
         : tensor<1x197x768xf32>, tensor<1x197x768xf32>, tensor<1x197x768xf32> -> tensor<1x197x768xf32>
  return %y : tensor<1x197x768xf32>
}
