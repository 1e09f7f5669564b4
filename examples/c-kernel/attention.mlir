// The kernel examples/c-kernel/main.c calls: grouped-query attention, 8 query
// heads over 2 key/value heads of 64, bottom-right causal, with the batch
// and both sequence lengths chosen by the caller at run time.
//
//   mha-compile attention.mlir -o attention.o    # writes attention.h too
func.func @gqa_causal_attention(%q: tensor<?x8x?x64xf32>,
                                %k: tensor<?x2x?x64xf32>,
                                %v: tensor<?x2x?x64xf32>)
    -> tensor<?x8x?x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<?x8x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32>
           -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}
