// torch.nn.MultiheadAttention(embed_dim=64, num_heads=4, batch_first=True)
// on x of shape [2, 10, 64], self-attention without masks, in the
// linalg-on-tensors form torch-mlir produces (the same IR as
// examples/torch-mha-linalg.mlir, which explains each op). By default the
// whole block becomes one mha.multi_head_attention whose q/k/v weights and
// biases are column slices of the packed (transposed) in_proj; with
// raise-projections=false only the attention core, from the head split to
// the product with V, becomes an mha.attention on [2, 4, 10, 16].
// RUN: mha-opt %s -mha-raise-attention | FileCheck %s
// RUN: mha-opt %s -mha-raise-attention | FileCheck %s --check-prefix=GONE
// RUN: mha-opt %s -mha-raise-attention=raise-projections=false | FileCheck %s --check-prefix=CORE
// RUN: mha-opt %s -mha-raise-attention=raise-projections=false | FileCheck %s --check-prefix=GONE

// CHECK-LABEL: func.func @forward(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x10x64xf32>, %[[WIN:[^:]+]]: tensor<192x64xf32>, %[[BIN:[^:]+]]: tensor<192xf32>, %[[WOUT:[^:]+]]: tensor<64x64xf32>, %[[BOUT:[^:]+]]: tensor<64xf32>
// CHECK:         %[[WINT:.+]] = linalg.transpose ins(%[[WIN]] : tensor<192x64xf32>) outs(%{{.+}} : tensor<64x192xf32>) permutation = [1, 0]
// CHECK:         %[[WOUTT:.+]] = linalg.transpose ins(%[[WOUT]] : tensor<64x64xf32>) outs(%{{.+}} : tensor<64x64xf32>) permutation = [1, 0]
// CHECK-NEXT:    %[[WQ:.+]] = tensor.extract_slice %[[WINT]][0, 0] [64, 64] [1, 1] : tensor<64x192xf32> to tensor<64x64xf32>
// CHECK-NEXT:    %[[WK:.+]] = tensor.extract_slice %[[WINT]][0, 64] [64, 64] [1, 1] : tensor<64x192xf32> to tensor<64x64xf32>
// CHECK-NEXT:    %[[WV:.+]] = tensor.extract_slice %[[WINT]][0, 128] [64, 64] [1, 1] : tensor<64x192xf32> to tensor<64x64xf32>
// CHECK-NEXT:    %[[BQ:.+]] = tensor.extract_slice %[[BIN]][0] [64] [1] : tensor<192xf32> to tensor<64xf32>
// CHECK-NEXT:    %[[BK:.+]] = tensor.extract_slice %[[BIN]][64] [64] [1] : tensor<192xf32> to tensor<64xf32>
// CHECK-NEXT:    %[[BV:.+]] = tensor.extract_slice %[[BIN]][128] [64] [1] : tensor<192xf32> to tensor<64xf32>
// CHECK-NEXT:    %[[Y:.+]] = mha.multi_head_attention %[[X]], %[[X]], %[[X]] weights(%[[WQ]], %[[WK]], %[[WV]], %[[WOUTT]] : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) biases(%[[BQ]], %[[BK]], %[[BV]], %[[BOUT]] : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) heads(4) scale(2.500000e-01) : tensor<2x10x64xf32>, tensor<2x10x64xf32>, tensor<2x10x64xf32> -> tensor<2x10x64xf32>
// CHECK-NEXT:    return %[[Y]] : tensor<2x10x64xf32>

// CORE-LABEL: func.func @forward(
// In-projection and head split are kept.
// CORE:         linalg.matmul
// CORE:         %[[QH:.+]] = linalg.transpose ins(%{{.+}} : tensor<10x8x16xf32>) outs(%{{.+}} : tensor<8x10x16xf32>) permutation = [1, 0, 2]
// CORE:         %[[KH:.+]] = linalg.transpose ins(%{{.+}} : tensor<10x8x16xf32>) outs(%{{.+}} : tensor<8x10x16xf32>) permutation = [1, 0, 2]
// CORE:         %[[VH:.+]] = linalg.transpose ins(%{{.+}} : tensor<10x8x16xf32>) outs(%{{.+}} : tensor<8x10x16xf32>) permutation = [1, 0, 2]
// CORE-NEXT:    %[[Q:.+]] = tensor.expand_shape %[[QH]] {{\[}}[0, 1], [2], [3]] output_shape [2, 4, 10, 16]
// CORE-NEXT:    %[[K:.+]] = tensor.expand_shape %[[KH]] {{\[}}[0, 1], [2], [3]] output_shape [2, 4, 10, 16]
// CORE-NEXT:    %[[V:.+]] = tensor.expand_shape %[[VH]] {{\[}}[0, 1], [2], [3]] output_shape [2, 4, 10, 16]
// CORE-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] scale(2.500000e-01) : tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32> -> tensor<2x4x10x16xf32>
// The head merge reads the attention directly; the out_proj stays.
// CORE-NEXT:    tensor.empty() : tensor<10x2x4x16xf32>
// CORE-NEXT:    linalg.transpose ins(%[[A]] : tensor<2x4x10x16xf32>) outs(%{{.+}} : tensor<10x2x4x16xf32>) permutation = [2, 0, 1, 3]
// CORE:         linalg.matmul
// CORE:         return

// No product, softmax step or reduction of the attention is left anywhere.
// GONE-NOT:      linalg.batch_matmul
// GONE-NOT:      math.exp
// GONE-NOT:      arith.maximumf
// GONE-NOT:      arith.divf

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
