// Hq = 12 over Hkv = 2 (groups of 6), L = S = 2048, E = Ev = 128, f32. (bench/shapes/README.md)
func.func @group6_L2048_E128(%q: tensor<1x12x2048x128xf32>, %k: tensor<1x2x2048x128xf32>, %v: tensor<1x2x2048x128xf32>) -> tensor<1x12x2048x128xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x12x2048x128xf32>, tensor<1x2x2048x128xf32>, tensor<1x2x2048x128xf32>
           -> tensor<1x12x2048x128xf32>
  return %o : tensor<1x12x2048x128xf32>
}
