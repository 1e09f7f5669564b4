// The attention core alone on projected, head-split tensors: 8 query heads
// over 2 key/value heads, a key/value cache longer than the query block,
// bottom-right causal (the query block is the last L positions).
//
//   mha-run examples/attention.mlir --entry=attention --check --bench=5
func.func @attention(%q: tensor<1x8x256x64xf32>, %k: tensor<1x2x1024x64xf32>,
                     %v: tensor<1x2x1024x64xf32>) -> tensor<1x8x256x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<1x8x256x64xf32>, tensor<1x2x1024x64xf32>, tensor<1x2x1024x64xf32>
           -> tensor<1x8x256x64xf32>
  return %o : tensor<1x8x256x64xf32>
}
