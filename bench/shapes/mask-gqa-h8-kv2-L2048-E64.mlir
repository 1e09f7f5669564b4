// A full boolean mask [1, 1, L, S] with grouped-query heads: GQA 8/2, L = S = 2048, E = Ev = 64, f32. (bench/shapes/README.md)
func.func @mask_gqa_h8_kv2_L2048_E64(%q: tensor<1x8x2048x64xf32>, %k: tensor<1x2x2048x64xf32>, %v: tensor<1x2x2048x64xf32>, %m: tensor<1x1x2048x2048xi1>) -> tensor<1x8x2048x64xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x2048x2048xi1>) : tensor<1x8x2048x64xf32>, tensor<1x2x2048x64xf32>, tensor<1x2x2048x64xf32> -> tensor<1x8x2048x64xf32>
  return %o : tensor<1x8x2048x64xf32>
}
