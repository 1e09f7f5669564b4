// A full f32 bias per head [1, 8, L, S] (T5's relative position bias, materialized), MHA 8/8, L = S = 2048, E = Ev = 128. (bench/shapes/README.md)
func.func @bias_h8_L2048_E128(%q: tensor<1x8x2048x128xf32>, %k: tensor<1x8x2048x128xf32>, %v: tensor<1x8x2048x128xf32>, %b: tensor<1x8x2048x2048xf32>) -> tensor<1x8x2048x128xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x8x2048x2048xf32>) : tensor<1x8x2048x128xf32>, tensor<1x8x2048x128xf32>, tensor<1x8x2048x128xf32> -> tensor<1x8x2048x128xf32>
  return %o : tensor<1x8x2048x128xf32>
}
