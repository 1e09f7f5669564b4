// Hq = 24 over Hkv = 8 (groups of 3), L = S = 2048, E = Ev = 128, f32. (bench/shapes/README.md)
func.func @group3_L2048_E128(%q: tensor<1x24x2048x128xf32>, %k: tensor<1x8x2048x128xf32>, %v: tensor<1x8x2048x128xf32>) -> tensor<1x24x2048x128xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x24x2048x128xf32>, tensor<1x8x2048x128xf32>, tensor<1x8x2048x128xf32>
           -> tensor<1x24x2048x128xf32>
  return %o : tensor<1x24x2048x128xf32>
}
