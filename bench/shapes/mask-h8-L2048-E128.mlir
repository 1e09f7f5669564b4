// A full boolean mask [1, 1, L, S] (one per sequence, shared by the heads: an arbitrary attention pattern), MHA 8/8, L = S = 2048, E = Ev = 128, f32. (bench/shapes/README.md)
func.func @mask_h8_L2048_E128(%q: tensor<1x8x2048x128xf32>, %k: tensor<1x8x2048x128xf32>, %v: tensor<1x8x2048x128xf32>, %m: tensor<1x1x2048x2048xi1>) -> tensor<1x8x2048x128xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x2048x2048xi1>) : tensor<1x8x2048x128xf32>, tensor<1x8x2048x128xf32>, tensor<1x8x2048x128xf32> -> tensor<1x8x2048x128xf32>
  return %o : tensor<1x8x2048x128xf32>
}
