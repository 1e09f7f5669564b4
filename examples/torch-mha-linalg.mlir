// torch.nn.MultiheadAttention(embed_dim=64, num_heads=4, batch_first=True)
// called as mha(x, x, x, need_weights=False) on x of shape [2, 10, 64], in
// the linalg-on-tensors form torch-mlir produces for it (the parameters are
// arguments, as when torch.export lifts them): PyTorch's
// multi_head_attention_forward with a packed in_proj (view/addmm/view, then
// unflatten/unsqueeze/transpose/squeeze/select to q, k, v), the head split
// as view + transpose(0, 1) + view, scaled_dot_product_attention decomposed
// by torch-mlir (transpose, 4-D matmul as batch_matmul between collapse and
// expand, mul.Scalar, softmax as max.dim/sub/exp/sum/div), the head merge
// as permute + view and the out_proj.
//
// Raise it, compile it and run it (docs/Raising.md):
//   mha-opt examples/torch-mha-linalg.mlir --mha-raise-attention -o mha.mlir
//   mha-run mha.mlir --entry=forward --seed=1
// The whole block becomes one
//   mha.multi_head_attention %x, %x, %x weights(...) biases(...) heads(4)
//     scale(2.500000e-01)
// with the q/k/v weights and biases sliced from the packed in_proj. With
// --mha-raise-attention=raise-projections=false only the attention core
// becomes an mha.attention on [2, 4, 10, 16] and the projections stay.

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#red4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#keep4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, 0)>

func.func @forward(%arg0: tensor<2x10x64xf32>, %arg1: tensor<192x64xf32>, %arg2: tensor<192xf32>, %arg3: tensor<64x64xf32>, %arg4: tensor<64xf32>) -> tensor<2x10x64xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 1.000000e+00 : f64
  %cst_1 = arith.constant 2.500000e-01 : f64
  %cst_2 = arith.constant 0xFF800000 : f32
  %c0_i64 = arith.constant 0 : i64
  // query.transpose(1, 0)
  %0 = tensor.empty() : tensor<10x2x64xf32>
  %transposed = linalg.transpose ins(%arg0 : tensor<2x10x64xf32>) outs(%0 : tensor<10x2x64xf32>) permutation = [1, 0, 2]
  // in_proj: linear(q, in_proj_weight, in_proj_bias) as view + addmm + view
  %collapsed = tensor.collapse_shape %transposed [[0, 1], [2]] : tensor<10x2x64xf32> into tensor<20x64xf32>
  %1 = tensor.empty() : tensor<64x192xf32>
  %transposed_3 = linalg.transpose ins(%arg1 : tensor<192x64xf32>) outs(%1 : tensor<64x192xf32>) permutation = [1, 0]
  %2 = tensor.empty() : tensor<20x192xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<20x192xf32>) -> tensor<20x192xf32>
  %4 = linalg.matmul ins(%collapsed, %transposed_3 : tensor<20x64xf32>, tensor<64x192xf32>) outs(%3 : tensor<20x192xf32>) -> tensor<20x192xf32>
  %5 = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%4, %arg2 : tensor<20x192xf32>, tensor<192xf32>) outs(%2 : tensor<20x192xf32>) {
  ^bb0(%in: f32, %in_30: f32, %out: f32):
    %60 = arith.truncf %cst_0 : f64 to f32
    %61 = arith.mulf %in_30, %60 : f32
    %62 = arith.addf %in, %61 : f32
    linalg.yield %62 : f32
  } -> tensor<20x192xf32>
  %expanded = tensor.expand_shape %5 [[0, 1], [2]] output_shape [10, 2, 192] : tensor<20x192xf32> into tensor<10x2x192xf32>
  // unflatten(-1, (3, 64)).unsqueeze(0).transpose(0, -2).squeeze(-2)
  %expanded_4 = tensor.expand_shape %expanded [[0, 1], [2], [3, 4]] output_shape [1, 10, 2, 3, 64] : tensor<10x2x192xf32> into tensor<1x10x2x3x64xf32>
  %6 = tensor.empty() : tensor<3x10x2x1x64xf32>
  %transposed_5 = linalg.transpose ins(%expanded_4 : tensor<1x10x2x3x64xf32>) outs(%6 : tensor<3x10x2x1x64xf32>) permutation = [3, 1, 2, 0, 4]
  %collapsed_6 = tensor.collapse_shape %transposed_5 [[0], [1], [2], [3, 4]] : tensor<3x10x2x1x64xf32> into tensor<3x10x2x64xf32>
  // q, k, v = proj[0], proj[1], proj[2]
  %extracted_slice = tensor.extract_slice %collapsed_6[0, 0, 0, 0] [1, 10, 2, 64] [1, 1, 1, 1] : tensor<3x10x2x64xf32> to tensor<10x2x64xf32>
  %extracted_slice_7 = tensor.extract_slice %collapsed_6[1, 0, 0, 0] [1, 10, 2, 64] [1, 1, 1, 1] : tensor<3x10x2x64xf32> to tensor<10x2x64xf32>
  %extracted_slice_8 = tensor.extract_slice %collapsed_6[2, 0, 0, 0] [1, 10, 2, 64] [1, 1, 1, 1] : tensor<3x10x2x64xf32> to tensor<10x2x64xf32>
  // q.view(10, 8, 16).transpose(0, 1), likewise k and v
  %expanded_9 = tensor.expand_shape %extracted_slice [[0], [1], [2, 3]] output_shape [10, 2, 4, 16] : tensor<10x2x64xf32> into tensor<10x2x4x16xf32>
  %collapsed_10 = tensor.collapse_shape %expanded_9 [[0], [1, 2], [3]] : tensor<10x2x4x16xf32> into tensor<10x8x16xf32>
  %7 = tensor.empty() : tensor<8x10x16xf32>
  %transposed_11 = linalg.transpose ins(%collapsed_10 : tensor<10x8x16xf32>) outs(%7 : tensor<8x10x16xf32>) permutation = [1, 0, 2]
  %expanded_12 = tensor.expand_shape %extracted_slice_7 [[0], [1], [2, 3]] output_shape [10, 2, 4, 16] : tensor<10x2x64xf32> into tensor<10x2x4x16xf32>
  %collapsed_13 = tensor.collapse_shape %expanded_12 [[0], [1, 2], [3]] : tensor<10x2x4x16xf32> into tensor<10x8x16xf32>
  %transposed_14 = linalg.transpose ins(%collapsed_13 : tensor<10x8x16xf32>) outs(%7 : tensor<8x10x16xf32>) permutation = [1, 0, 2]
  %expanded_15 = tensor.expand_shape %extracted_slice_8 [[0], [1], [2, 3]] output_shape [10, 2, 4, 16] : tensor<10x2x64xf32> into tensor<10x2x4x16xf32>
  %collapsed_16 = tensor.collapse_shape %expanded_15 [[0], [1, 2], [3]] : tensor<10x2x4x16xf32> into tensor<10x8x16xf32>
  %transposed_17 = linalg.transpose ins(%collapsed_16 : tensor<10x8x16xf32>) outs(%7 : tensor<8x10x16xf32>) permutation = [1, 0, 2]
  // q.view(2, 4, 10, 16), likewise k and v
  %expanded_18 = tensor.expand_shape %transposed_11 [[0, 1], [2], [3]] output_shape [2, 4, 10, 16] : tensor<8x10x16xf32> into tensor<2x4x10x16xf32>
  %expanded_19 = tensor.expand_shape %transposed_14 [[0, 1], [2], [3]] output_shape [2, 4, 10, 16] : tensor<8x10x16xf32> into tensor<2x4x10x16xf32>
  %expanded_20 = tensor.expand_shape %transposed_17 [[0, 1], [2], [3]] output_shape [2, 4, 10, 16] : tensor<8x10x16xf32> into tensor<2x4x10x16xf32>
  // scaled_dot_product_attention: matmul(q, k.transpose(-2, -1))
  %8 = tensor.empty() : tensor<2x4x16x10xf32>
  %transposed_21 = linalg.transpose ins(%expanded_19 : tensor<2x4x10x16xf32>) outs(%8 : tensor<2x4x16x10xf32>) permutation = [0, 1, 3, 2]
  %collapsed_22 = tensor.collapse_shape %expanded_18 [[0, 1], [2], [3]] : tensor<2x4x10x16xf32> into tensor<8x10x16xf32>
  %collapsed_23 = tensor.collapse_shape %transposed_21 [[0, 1], [2], [3]] : tensor<2x4x16x10xf32> into tensor<8x16x10xf32>
  %9 = tensor.empty() : tensor<8x10x10xf32>
  %10 = linalg.fill ins(%cst : f32) outs(%9 : tensor<8x10x10xf32>) -> tensor<8x10x10xf32>
  %11 = linalg.batch_matmul ins(%collapsed_22, %collapsed_23 : tensor<8x10x16xf32>, tensor<8x16x10xf32>) outs(%10 : tensor<8x10x10xf32>) -> tensor<8x10x10xf32>
  %expanded_24 = tensor.expand_shape %11 [[0, 1], [2], [3]] output_shape [2, 4, 10, 10] : tensor<8x10x10xf32> into tensor<2x4x10x10xf32>
  // mul.Scalar(scores, 1/sqrt(16))
  %12 = tensor.empty() : tensor<2x4x10x10xf32>
  %13 = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_24 : tensor<2x4x10x10xf32>) outs(%12 : tensor<2x4x10x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    %60 = arith.truncf %cst_1 : f64 to f32
    %61 = arith.mulf %in, %60 : f32
    linalg.yield %61 : f32
  } -> tensor<2x4x10x10xf32>
  // softmax(-1): max.dim(keepdim=True)
  %14 = tensor.empty() : tensor<2x4x10xf32>
  %15 = linalg.fill ins(%cst_2 : f32) outs(%14 : tensor<2x4x10xf32>) -> tensor<2x4x10xf32>
  %16 = tensor.empty() : tensor<2x4x10xi64>
  %17 = linalg.fill ins(%c0_i64 : i64) outs(%16 : tensor<2x4x10xi64>) -> tensor<2x4x10xi64>
  %18:2 = linalg.generic {indexing_maps = [#id4, #red4, #red4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%13 : tensor<2x4x10x10xf32>) outs(%15, %17 : tensor<2x4x10xf32>, tensor<2x4x10xi64>) {
  ^bb0(%in: f32, %out: f32, %out_30: i64):
    %60 = linalg.index 3 : index
    %61 = arith.index_cast %60 : index to i64
    %62 = arith.maximumf %in, %out : f32
    %63 = arith.cmpf ogt, %in, %out : f32
    %64 = arith.select %63, %61, %out_30 : i64
    linalg.yield %62, %64 : f32, i64
  } -> (tensor<2x4x10xf32>, tensor<2x4x10xi64>)
  %expanded_25 = tensor.expand_shape %18#0 [[0], [1], [2, 3]] output_shape [2, 4, 10, 1] : tensor<2x4x10xf32> into tensor<2x4x10x1xf32>
  // sub.Tensor(scores, max, alpha=1)
  %19 = linalg.generic {indexing_maps = [#id4, #keep4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%13, %expanded_25 : tensor<2x4x10x10xf32>, tensor<2x4x10x1xf32>) outs(%12 : tensor<2x4x10x10xf32>) {
  ^bb0(%in: f32, %in_30: f32, %out: f32):
    %60 = arith.truncf %cst_0 : f64 to f32
    %61 = arith.mulf %in_30, %60 : f32
    %62 = arith.subf %in, %61 : f32
    linalg.yield %62 : f32
  } -> tensor<2x4x10x10xf32>
  // exp
  %20 = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%19 : tensor<2x4x10x10xf32>) outs(%12 : tensor<2x4x10x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    %60 = math.exp %in : f32
    linalg.yield %60 : f32
  } -> tensor<2x4x10x10xf32>
  // sum.dim_IntList(keepdim=True)
  %21 = tensor.empty() : tensor<2x4x10x1xf32>
  %22 = linalg.fill ins(%cst : f32) outs(%21 : tensor<2x4x10x1xf32>) -> tensor<2x4x10x1xf32>
  %23 = linalg.generic {indexing_maps = [#id4, #keep4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%20 : tensor<2x4x10x10xf32>) outs(%22 : tensor<2x4x10x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %60 = arith.addf %in, %out : f32
    linalg.yield %60 : f32
  } -> tensor<2x4x10x1xf32>
  // div.Tensor
  %24 = linalg.generic {indexing_maps = [#id4, #keep4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%20, %23 : tensor<2x4x10x10xf32>, tensor<2x4x10x1xf32>) outs(%12 : tensor<2x4x10x10xf32>) {
  ^bb0(%in: f32, %in_30: f32, %out: f32):
    %60 = arith.divf %in, %in_30 : f32
    linalg.yield %60 : f32
  } -> tensor<2x4x10x10xf32>
  // matmul(attn, v)
  %collapsed_26 = tensor.collapse_shape %24 [[0, 1], [2], [3]] : tensor<2x4x10x10xf32> into tensor<8x10x10xf32>
  %collapsed_27 = tensor.collapse_shape %expanded_20 [[0, 1], [2], [3]] : tensor<2x4x10x16xf32> into tensor<8x10x16xf32>
  %25 = tensor.empty() : tensor<8x10x16xf32>
  %26 = linalg.fill ins(%cst : f32) outs(%25 : tensor<8x10x16xf32>) -> tensor<8x10x16xf32>
  %27 = linalg.batch_matmul ins(%collapsed_26, %collapsed_27 : tensor<8x10x10xf32>, tensor<8x10x16xf32>) outs(%26 : tensor<8x10x16xf32>) -> tensor<8x10x16xf32>
  %expanded_28 = tensor.expand_shape %27 [[0, 1], [2], [3]] output_shape [2, 4, 10, 16] : tensor<8x10x16xf32> into tensor<2x4x10x16xf32>
  // attn_output.permute(2, 0, 1, 3).contiguous().view(20, 64)
  %28 = tensor.empty() : tensor<10x2x4x16xf32>
  %transposed_29 = linalg.transpose ins(%expanded_28 : tensor<2x4x10x16xf32>) outs(%28 : tensor<10x2x4x16xf32>) permutation = [2, 0, 1, 3]
  %collapsed_30 = tensor.collapse_shape %transposed_29 [[0, 1], [2, 3]] : tensor<10x2x4x16xf32> into tensor<20x64xf32>
  // out_proj: linear(attn_output, out_proj.weight, out_proj.bias)
  %29 = tensor.empty() : tensor<64x64xf32>
  %transposed_31 = linalg.transpose ins(%arg3 : tensor<64x64xf32>) outs(%29 : tensor<64x64xf32>) permutation = [1, 0]
  %30 = tensor.empty() : tensor<20x64xf32>
  %31 = linalg.fill ins(%cst : f32) outs(%30 : tensor<20x64xf32>) -> tensor<20x64xf32>
  %32 = linalg.matmul ins(%collapsed_30, %transposed_31 : tensor<20x64xf32>, tensor<64x64xf32>) outs(%31 : tensor<20x64xf32>) -> tensor<20x64xf32>
  %33 = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%32, %arg4 : tensor<20x64xf32>, tensor<64xf32>) outs(%30 : tensor<20x64xf32>) {
  ^bb0(%in: f32, %in_30: f32, %out: f32):
    %60 = arith.truncf %cst_0 : f64 to f32
    %61 = arith.mulf %in_30, %60 : f32
    %62 = arith.addf %in, %61 : f32
    linalg.yield %62 : f32
  } -> tensor<20x64xf32>
  // view(10, 2, 64), then transpose(1, 0) back to batch_first
  %expanded_32 = tensor.expand_shape %33 [[0, 1], [2]] output_shape [10, 2, 64] : tensor<20x64xf32> into tensor<10x2x64xf32>
  %34 = tensor.empty() : tensor<2x10x64xf32>
  %transposed_33 = linalg.transpose ins(%expanded_32 : tensor<10x2x64xf32>) outs(%34 : tensor<2x10x64xf32>) permutation = [1, 0, 2]
  return %transposed_33 : tensor<2x10x64xf32>
}
