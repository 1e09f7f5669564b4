// A self-attention block for one token: embed 512 = 8 heads of 64, B = 1, L = S = 1, biases, f32 (every projection one tile of one row). (bench/shapes/README.md)
func.func @block_e512_h8_L1(%x: tensor<1x1x512xf32>, %wq: tensor<512x512xf32>, %wk: tensor<512x512xf32>, %wv: tensor<512x512xf32>, %wo: tensor<512x512xf32>, %bq: tensor<512xf32>, %bk: tensor<512xf32>, %bv: tensor<512xf32>, %bo: tensor<512xf32>) -> tensor<1x1x512xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<512x512xf32>, tensor<512x512xf32>, tensor<512x512xf32>, tensor<512x512xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<512xf32>, tensor<512xf32>, tensor<512xf32>, tensor<512xf32>)
         heads(8)
         : tensor<1x1x512xf32>, tensor<1x1x512xf32>, tensor<1x1x512xf32> -> tensor<1x1x512xf32>
  return %y : tensor<1x1x512xf32>
}
