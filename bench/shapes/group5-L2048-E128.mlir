// Hq = 20 over Hkv = 4 (groups of 5), L = S = 2048, E = Ev = 128, f32. (bench/shapes/README.md)
func.func @group5_L2048_E128(%q: tensor<1x20x2048x128xf32>, %k: tensor<1x4x2048x128xf32>, %v: tensor<1x4x2048x128xf32>) -> tensor<1x20x2048x128xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x20x2048x128xf32>, tensor<1x4x2048x128xf32>, tensor<1x4x2048x128xf32>
           -> tensor<1x20x2048x128xf32>
  return %o : tensor<1x20x2048x128xf32>
}
