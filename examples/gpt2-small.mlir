// GPT-2 small self-attention block: embedding 768, 12 heads of 64, causal,
// L = S = 1024, projection biases (GPT-2's c_attn and c_proj have them).
//
//   mha-run examples/gpt2-small.mlir --entry=gpt2_attention --check --bench=3
func.func @gpt2_attention(%x: tensor<1x1024x768xf32>,
                          %wq: tensor<768x768xf32>, %wk: tensor<768x768xf32>,
                          %wv: tensor<768x768xf32>, %wo: tensor<768x768xf32>,
                          %bq: tensor<768xf32>, %bk: tensor<768xf32>,
                          %bv: tensor<768xf32>, %bo: tensor<768xf32>)
    -> tensor<1x1024x768xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<768x768xf32>, tensor<768x768xf32>,
                                      tensor<768x768xf32>, tensor<768x768xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<768xf32>, tensor<768xf32>,
                                     tensor<768xf32>, tensor<768xf32>)
         heads(12) causal(bottom_right)
         : tensor<1x1024x768xf32>, tensor<1x1024x768xf32>, tensor<1x1024x768xf32>
           -> tensor<1x1024x768xf32>
  return %y : tensor<1x1024x768xf32>
}
