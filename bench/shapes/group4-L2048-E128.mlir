// Hq = 32 over Hkv = 8 (groups of 4), L = S = 2048, E = Ev = 128, f32: the control of the group shapes. (bench/shapes/README.md)
func.func @group4_L2048_E128(%q: tensor<1x32x2048x128xf32>, %k: tensor<1x8x2048x128xf32>, %v: tensor<1x8x2048x128xf32>) -> tensor<1x32x2048x128xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x32x2048x128xf32>, tensor<1x8x2048x128xf32>, tensor<1x8x2048x128xf32>
           -> tensor<1x32x2048x128xf32>
  return %o : tensor<1x32x2048x128xf32>
}
