// A grouped-query attention block in the style of Llama/Mistral: embedding
// 1024, 16 query heads sharing 4 key/value heads of 64, causal, no biases,
// L = S = 512.
//
//   mha-run examples/gqa-block.mlir --entry=gqa_attention --check --bench=3
func.func @gqa_attention(%x: tensor<1x512x1024xf32>,
                         %wq: tensor<1024x1024xf32>, %wk: tensor<1024x256xf32>,
                         %wv: tensor<1024x256xf32>, %wo: tensor<1024x1024xf32>)
    -> tensor<1x512x1024xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<1024x1024xf32>, tensor<1024x256xf32>,
                                      tensor<1024x256xf32>, tensor<1024x1024xf32>)
         heads(16, 4) causal(bottom_right)
         : tensor<1x512x1024xf32>, tensor<1x512x1024xf32>, tensor<1x512x1024xf32>
           -> tensor<1x512x1024xf32>
  return %y : tensor<1x512x1024xf32>
}
