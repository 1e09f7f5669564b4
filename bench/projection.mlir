// One projection of a self-attention block as --mha-decompose-multi-head-attention
// emits it (X [1, 512, 1024] times W [1024, 1024] plus a bias broadcast over the
// rows: the e1024 blocks' projections at L = 512), for timing the projection
// alone: OMP_NUM_THREADS=1 build/bin/mha-run bench/projection.mlir --bench=20
// --cpu-pipeline=num-threads=1 [--mattr=-avx512f]; PyTorch's side is
// bench/projection_torch.py. docs/perf/projections.md quotes both.
#x = affine_map<(b, n, m, k) -> (b, n, k)>
#w = affine_map<(b, n, m, k) -> (k, m)>
#c = affine_map<(b, n, m, k) -> (b, n, m)>
#bi = affine_map<(b, n, m) -> (m)>
#id = affine_map<(b, n, m) -> (b, n, m)>
func.func @proj(%x: tensor<1x512x1024xf32>, %w: tensor<1024x1024xf32>,
                %bias: tensor<1024xf32>) -> tensor<1x512x1024xf32> {
  %e = tensor.empty() : tensor<1x512x1024xf32>
  %init = linalg.generic {indexing_maps = [#bi, #id],
      iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%bias : tensor<1024xf32>) outs(%e : tensor<1x512x1024xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<1x512x1024xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #c],
      iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x512x1024xf32>, tensor<1024x1024xf32>)
      outs(%init : tensor<1x512x1024xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  } -> tensor<1x512x1024xf32>
  return %r : tensor<1x512x1024xf32>
}
