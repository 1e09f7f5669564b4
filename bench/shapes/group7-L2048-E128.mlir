// Hq = 28 over Hkv = 4 (groups of 7, as Qwen2-7B), L = S = 2048, E = Ev = 128, f32. (bench/shapes/README.md)
func.func @group7_L2048_E128(%q: tensor<1x28x2048x128xf32>, %k: tensor<1x4x2048x128xf32>, %v: tensor<1x4x2048x128xf32>) -> tensor<1x28x2048x128xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x28x2048x128xf32>, tensor<1x4x2048x128xf32>, tensor<1x4x2048x128xf32>
           -> tensor<1x28x2048x128xf32>
  return %o : tensor<1x28x2048x128xf32>
}
