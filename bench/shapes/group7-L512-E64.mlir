// Hq = 28 over Hkv = 4 (groups of 7, as Qwen2-7B), L = S = 512, E = Ev = 64, f32. (bench/shapes/README.md)
func.func @group7_L512_E64(%q: tensor<1x28x512x64xf32>, %k: tensor<1x4x512x64xf32>, %v: tensor<1x4x512x64xf32>) -> tensor<1x28x512x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x28x512x64xf32>, tensor<1x4x512x64xf32>, tensor<1x4x512x64xf32>
           -> tensor<1x28x512x64xf32>
  return %o : tensor<1x28x512x64xf32>
}
