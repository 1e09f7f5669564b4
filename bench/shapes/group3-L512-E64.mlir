// Hq = 24 over Hkv = 8 (groups of 3), L = S = 512, E = Ev = 64, f32. (bench/shapes/README.md)
func.func @group3_L512_E64(%q: tensor<1x24x512x64xf32>, %k: tensor<1x8x512x64xf32>, %v: tensor<1x8x512x64xf32>) -> tensor<1x24x512x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x24x512x64xf32>, tensor<1x8x512x64xf32>, tensor<1x8x512x64xf32>
           -> tensor<1x24x512x64xf32>
  return %o : tensor<1x24x512x64xf32>
}
