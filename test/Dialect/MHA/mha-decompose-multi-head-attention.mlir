// Structure of --mha-decompose-multi-head-attention: projections, head split, one mha.attention, head merge, output projection.
//
// The projections are 4-loop contractions over (b, n, m, k) on the [B, N, E]
// inputs themselves: no matmul, and no reshape ever merges B with L or S
// (which is what lets both be dynamic at once).
// RUN: mha-opt %s -mha-decompose-multi-head-attention -split-input-file | FileCheck %s \
// RUN:   --implicit-check-not=mha.multi_head_attention --implicit-check-not=linalg.matmul \
// RUN:   --implicit-check-not=arith.muli --implicit-check-not="[0, 1]"
// Diagnostics: every verified block decomposes: no diagnostic for any input here.
// RUN: mha-opt %s -mha-decompose-multi-head-attention -split-input-file -verify-diagnostics -o /dev/null

// f32 self-attention with the four projection biases. Each projection
// broadcasts its bias over (b, n) into an f32 [B, N, M] init, contracts
// x [B, N, K] with w [K, M] over k into it, and (f32 needs no rounding)
// splits the heads with expand_shape [[0], [1], [2, 3]] + transpose
// [0, 2, 1, 3]. B = 2, L = S = 16, H = 4, E = 16, Ev = 8, Eo = 48.

// CHECK-DAG:   #[[$BMAP:.+]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG:   #[[$ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$XMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG:   #[[$WMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG:   #[[$CMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @self_attention_biases
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x16x64xf32>, %[[WQ:[^:]+]]: tensor<64x64xf32>, %[[WK:[^:]+]]: tensor<64x64xf32>, %[[WV:[^:]+]]: tensor<64x32xf32>, %[[WO:[^:]+]]: tensor<32x48xf32>
// CHECK-SAME:    %[[BQ:[^:]+]]: tensor<64xf32>, %[[BK:[^:]+]]: tensor<64xf32>, %[[BV:[^:]+]]: tensor<32xf32>, %[[BO:[^:]+]]: tensor<48xf32>
// Q projection.
// CHECK-NEXT:    %[[QI:.+]] = tensor.empty() : tensor<2x16x64xf32>
// CHECK-NEXT:    %[[QB:.+]] = linalg.generic {indexing_maps = [#[[$BMAP]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[BQ]] : tensor<64xf32>) outs(%[[QI]] : tensor<2x16x64xf32>) {
// CHECK-NEXT:    ^bb0(%[[QIN:[^:]+]]: f32, %{{[^:]+}}: f32):
// CHECK-NEXT:      linalg.yield %[[QIN]] : f32
// CHECK-NEXT:    } -> tensor<2x16x64xf32>
// CHECK-NEXT:    %[[QP:.+]] = linalg.generic {indexing_maps = [#[[$XMAP]], #[[$WMAP]], #[[$CMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[WQ]] : tensor<2x16x64xf32>, tensor<64x64xf32>) outs(%[[QB]] : tensor<2x16x64xf32>) {
// CHECK-NEXT:    ^bb0(%[[QX:[^:]+]]: f32, %[[QW:[^:]+]]: f32, %[[QACC:[^:]+]]: f32):
// CHECK-NEXT:      %[[QMUL:.+]] = arith.mulf %[[QX]], %[[QW]] : f32
// CHECK-NEXT:      %[[QSUM:.+]] = arith.addf %[[QACC]], %[[QMUL]] : f32
// CHECK-NEXT:      linalg.yield %[[QSUM]] : f32
// CHECK-NEXT:    } -> tensor<2x16x64xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[QP]] {{\[}}[0], [1], [2, 3]] output_shape [2, 16, 4, 16] : tensor<2x16x64xf32> into tensor<2x16x4x16xf32>
// CHECK-NEXT:    %[[QTI:.+]] = tensor.empty() : tensor<2x4x16x16xf32>
// CHECK-NEXT:    %[[Q:.+]] = linalg.transpose ins(%[[Q4]] : tensor<2x16x4x16xf32>) outs(%[[QTI]] : tensor<2x4x16x16xf32>) permutation = [0, 2, 1, 3]
// K projection.
// CHECK-NEXT:    %[[KI:.+]] = tensor.empty() : tensor<2x16x64xf32>
// CHECK-NEXT:    %[[KB:.+]] = linalg.generic {indexing_maps = [#[[$BMAP]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[BK]] : tensor<64xf32>) outs(%[[KI]] : tensor<2x16x64xf32>) {
// CHECK-NEXT:    ^bb0(%[[KIN:[^:]+]]: f32, %{{[^:]+}}: f32):
// CHECK-NEXT:      linalg.yield %[[KIN]] : f32
// CHECK-NEXT:    } -> tensor<2x16x64xf32>
// CHECK-NEXT:    %[[KP:.+]] = linalg.generic {indexing_maps = [#[[$XMAP]], #[[$WMAP]], #[[$CMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[WK]] : tensor<2x16x64xf32>, tensor<64x64xf32>) outs(%[[KB]] : tensor<2x16x64xf32>) {
// CHECK-NEXT:    ^bb0(%[[KX:[^:]+]]: f32, %[[KW:[^:]+]]: f32, %[[KACC:[^:]+]]: f32):
// CHECK-NEXT:      %[[KMUL:.+]] = arith.mulf %[[KX]], %[[KW]] : f32
// CHECK-NEXT:      %[[KSUM:.+]] = arith.addf %[[KACC]], %[[KMUL]] : f32
// CHECK-NEXT:      linalg.yield %[[KSUM]] : f32
// CHECK-NEXT:    } -> tensor<2x16x64xf32>
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[KP]] {{\[}}[0], [1], [2, 3]] output_shape [2, 16, 4, 16] : tensor<2x16x64xf32> into tensor<2x16x4x16xf32>
// CHECK-NEXT:    %[[KTI:.+]] = tensor.empty() : tensor<2x4x16x16xf32>
// CHECK-NEXT:    %[[K:.+]] = linalg.transpose ins(%[[K4]] : tensor<2x16x4x16xf32>) outs(%[[KTI]] : tensor<2x4x16x16xf32>) permutation = [0, 2, 1, 3]
// V projection.
// CHECK-NEXT:    %[[VI:.+]] = tensor.empty() : tensor<2x16x32xf32>
// CHECK-NEXT:    %[[VB:.+]] = linalg.generic {indexing_maps = [#[[$BMAP]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[BV]] : tensor<32xf32>) outs(%[[VI]] : tensor<2x16x32xf32>) {
// CHECK-NEXT:    ^bb0(%[[VIN:[^:]+]]: f32, %{{[^:]+}}: f32):
// CHECK-NEXT:      linalg.yield %[[VIN]] : f32
// CHECK-NEXT:    } -> tensor<2x16x32xf32>
// CHECK-NEXT:    %[[VP:.+]] = linalg.generic {indexing_maps = [#[[$XMAP]], #[[$WMAP]], #[[$CMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[WV]] : tensor<2x16x64xf32>, tensor<64x32xf32>) outs(%[[VB]] : tensor<2x16x32xf32>) {
// CHECK-NEXT:    ^bb0(%[[VX:[^:]+]]: f32, %[[VW:[^:]+]]: f32, %[[VACC:[^:]+]]: f32):
// CHECK-NEXT:      %[[VMUL:.+]] = arith.mulf %[[VX]], %[[VW]] : f32
// CHECK-NEXT:      %[[VSUM:.+]] = arith.addf %[[VACC]], %[[VMUL]] : f32
// CHECK-NEXT:      linalg.yield %[[VSUM]] : f32
// CHECK-NEXT:    } -> tensor<2x16x32xf32>
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[VP]] {{\[}}[0], [1], [2, 3]] output_shape [2, 16, 4, 8] : tensor<2x16x32xf32> into tensor<2x16x4x8xf32>
// CHECK-NEXT:    %[[VTI:.+]] = tensor.empty() : tensor<2x4x16x8xf32>
// CHECK-NEXT:    %[[V:.+]] = linalg.transpose ins(%[[V4]] : tensor<2x16x4x8xf32>) outs(%[[VTI]] : tensor<2x4x16x8xf32>) permutation = [0, 2, 1, 3]
// One attention on the three transposes, no attribute set.
// CHECK-NEXT:    %[[O:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] : tensor<2x4x16x16xf32>, tensor<2x4x16x16xf32>, tensor<2x4x16x8xf32> -> tensor<2x4x16x8xf32>
// Head merge (transpose + collapse of the head dims only) and the output
// projection, which produces [B, L, Eo] directly.
// CHECK-NEXT:    %[[OTI:.+]] = tensor.empty() : tensor<2x16x4x8xf32>
// CHECK-NEXT:    %[[OT:.+]] = linalg.transpose ins(%[[O]] : tensor<2x4x16x8xf32>) outs(%[[OTI]] : tensor<2x16x4x8xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[O3:.+]] = tensor.collapse_shape %[[OT]] {{\[}}[0], [1], [2, 3]] : tensor<2x16x4x8xf32> into tensor<2x16x32xf32>
// CHECK-NEXT:    %[[YI:.+]] = tensor.empty() : tensor<2x16x48xf32>
// CHECK-NEXT:    %[[YB:.+]] = linalg.generic {indexing_maps = [#[[$BMAP]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[BO]] : tensor<48xf32>) outs(%[[YI]] : tensor<2x16x48xf32>) {
// CHECK-NEXT:    ^bb0(%[[YIN:[^:]+]]: f32, %{{[^:]+}}: f32):
// CHECK-NEXT:      linalg.yield %[[YIN]] : f32
// CHECK-NEXT:    } -> tensor<2x16x48xf32>
// CHECK-NEXT:    %[[Y:.+]] = linalg.generic {indexing_maps = [#[[$XMAP]], #[[$WMAP]], #[[$CMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[O3]], %[[WO]] : tensor<2x16x32xf32>, tensor<32x48xf32>) outs(%[[YB]] : tensor<2x16x48xf32>) {
// CHECK-NEXT:    ^bb0(%[[YX:[^:]+]]: f32, %[[YW:[^:]+]]: f32, %[[YACC:[^:]+]]: f32):
// CHECK-NEXT:      %[[YMUL:.+]] = arith.mulf %[[YX]], %[[YW]] : f32
// CHECK-NEXT:      %[[YSUM:.+]] = arith.addf %[[YACC]], %[[YMUL]] : f32
// CHECK-NEXT:      linalg.yield %[[YSUM]] : f32
// CHECK-NEXT:    } -> tensor<2x16x48xf32>
// CHECK-NEXT:    return %[[Y]] : tensor<2x16x48xf32>
func.func @self_attention_biases(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x64xf32>, %wv: tensor<64x32xf32>, %wo: tensor<32x48xf32>,
                                 %bq: tensor<64xf32>, %bk: tensor<64xf32>, %bv: tensor<32xf32>, %bo: tensor<48xf32>) -> tensor<2x16x48xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x32xf32>, tensor<32x48xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<64xf32>, tensor<64xf32>, tensor<32xf32>, tensor<48xf32>)
         heads(4) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x48xf32>
  return %y : tensor<2x16x48xf32>
}

// -----

// Without biases every accumulator starts from a linalg.fill of 0.0 : f32;
// an f32 block has no broadcast and no rounding generic at all.

// CHECK-DAG:   #[[$XMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG:   #[[$WMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG:   #[[$CMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @no_biases
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x8x32xf32>, %[[W:[^:]+]]: tensor<32x32xf32>
// CHECK-NEXT:    %[[QI:.+]] = tensor.empty() : tensor<2x8x32xf32>
// CHECK-NEXT:    %[[QZ:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[QF:.+]] = linalg.fill ins(%[[QZ]] : f32) outs(%[[QI]] : tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
// CHECK-NEXT:    %[[QP:.+]] = linalg.generic {indexing_maps = [#[[$XMAP]], #[[$WMAP]], #[[$CMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<2x8x32xf32>, tensor<32x32xf32>) outs(%[[QF]] : tensor<2x8x32xf32>) {
// CHECK-NEXT:    ^bb0(%[[QX:[^:]+]]: f32, %[[QW:[^:]+]]: f32, %[[QACC:[^:]+]]: f32):
// CHECK-NEXT:      %[[QMUL:.+]] = arith.mulf %[[QX]], %[[QW]] : f32
// CHECK-NEXT:      %[[QSUM:.+]] = arith.addf %[[QACC]], %[[QMUL]] : f32
// CHECK-NEXT:      linalg.yield %[[QSUM]] : f32
// CHECK-NEXT:    } -> tensor<2x8x32xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[QP]] {{\[}}[0], [1], [2, 3]] output_shape [2, 8, 4, 8] : tensor<2x8x32xf32> into tensor<2x8x4x8xf32>
// CHECK-NEXT:    %[[QTI:.+]] = tensor.empty() : tensor<2x4x8x8xf32>
// CHECK-NEXT:    %[[Q:.+]] = linalg.transpose ins(%[[Q4]] : tensor<2x8x4x8xf32>) outs(%[[QTI]] : tensor<2x4x8x8xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[KI:.+]] = tensor.empty() : tensor<2x8x32xf32>
// CHECK-NEXT:    %[[KZ:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[KF:.+]] = linalg.fill ins(%[[KZ]] : f32) outs(%[[KI]] : tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
// CHECK-NEXT:    %[[KP:.+]] = linalg.generic {indexing_maps = [#[[$XMAP]], #[[$WMAP]], #[[$CMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<2x8x32xf32>, tensor<32x32xf32>) outs(%[[KF]] : tensor<2x8x32xf32>) {
// CHECK-NEXT:    ^bb0(%[[KX:[^:]+]]: f32, %[[KW:[^:]+]]: f32, %[[KACC:[^:]+]]: f32):
// CHECK-NEXT:      %[[KMUL:.+]] = arith.mulf %[[KX]], %[[KW]] : f32
// CHECK-NEXT:      %[[KSUM:.+]] = arith.addf %[[KACC]], %[[KMUL]] : f32
// CHECK-NEXT:      linalg.yield %[[KSUM]] : f32
// CHECK-NEXT:    } -> tensor<2x8x32xf32>
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[KP]] {{\[}}[0], [1], [2, 3]] output_shape [2, 8, 4, 8] : tensor<2x8x32xf32> into tensor<2x8x4x8xf32>
// CHECK-NEXT:    %[[KTI:.+]] = tensor.empty() : tensor<2x4x8x8xf32>
// CHECK-NEXT:    %[[K:.+]] = linalg.transpose ins(%[[K4]] : tensor<2x8x4x8xf32>) outs(%[[KTI]] : tensor<2x4x8x8xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[VI:.+]] = tensor.empty() : tensor<2x8x32xf32>
// CHECK-NEXT:    %[[VZ:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[VF:.+]] = linalg.fill ins(%[[VZ]] : f32) outs(%[[VI]] : tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
// CHECK-NEXT:    %[[VP:.+]] = linalg.generic {indexing_maps = [#[[$XMAP]], #[[$WMAP]], #[[$CMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<2x8x32xf32>, tensor<32x32xf32>) outs(%[[VF]] : tensor<2x8x32xf32>) {
// CHECK-NEXT:    ^bb0(%[[VX:[^:]+]]: f32, %[[VW:[^:]+]]: f32, %[[VACC:[^:]+]]: f32):
// CHECK-NEXT:      %[[VMUL:.+]] = arith.mulf %[[VX]], %[[VW]] : f32
// CHECK-NEXT:      %[[VSUM:.+]] = arith.addf %[[VACC]], %[[VMUL]] : f32
// CHECK-NEXT:      linalg.yield %[[VSUM]] : f32
// CHECK-NEXT:    } -> tensor<2x8x32xf32>
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[VP]] {{\[}}[0], [1], [2, 3]] output_shape [2, 8, 4, 8] : tensor<2x8x32xf32> into tensor<2x8x4x8xf32>
// CHECK-NEXT:    %[[VTI:.+]] = tensor.empty() : tensor<2x4x8x8xf32>
// CHECK-NEXT:    %[[V:.+]] = linalg.transpose ins(%[[V4]] : tensor<2x8x4x8xf32>) outs(%[[VTI]] : tensor<2x4x8x8xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[O:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] : tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<2x4x8x8xf32>
// CHECK-NEXT:    %[[OTI:.+]] = tensor.empty() : tensor<2x8x4x8xf32>
// CHECK-NEXT:    %[[OT:.+]] = linalg.transpose ins(%[[O]] : tensor<2x4x8x8xf32>) outs(%[[OTI]] : tensor<2x8x4x8xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[O3:.+]] = tensor.collapse_shape %[[OT]] {{\[}}[0], [1], [2, 3]] : tensor<2x8x4x8xf32> into tensor<2x8x32xf32>
// CHECK-NEXT:    %[[YI:.+]] = tensor.empty() : tensor<2x8x32xf32>
// CHECK-NEXT:    %[[YZ:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[YF:.+]] = linalg.fill ins(%[[YZ]] : f32) outs(%[[YI]] : tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
// CHECK-NEXT:    %[[Y:.+]] = linalg.generic {indexing_maps = [#[[$XMAP]], #[[$WMAP]], #[[$CMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[O3]], %[[W]] : tensor<2x8x32xf32>, tensor<32x32xf32>) outs(%[[YF]] : tensor<2x8x32xf32>) {
// CHECK-NEXT:    ^bb0(%[[YX:[^:]+]]: f32, %[[YW:[^:]+]]: f32, %[[YACC:[^:]+]]: f32):
// CHECK-NEXT:      %[[YMUL:.+]] = arith.mulf %[[YX]], %[[YW]] : f32
// CHECK-NEXT:      %[[YSUM:.+]] = arith.addf %[[YACC]], %[[YMUL]] : f32
// CHECK-NEXT:      linalg.yield %[[YSUM]] : f32
// CHECK-NEXT:    } -> tensor<2x8x32xf32>
// CHECK-NEXT:    return %[[Y]] : tensor<2x8x32xf32>
func.func @no_biases(%x: tensor<2x8x32xf32>, %w: tensor<32x32xf32>) -> tensor<2x8x32xf32> {
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) heads(4)
         : tensor<2x8x32xf32>, tensor<2x8x32xf32>, tensor<2x8x32xf32> -> tensor<2x8x32xf32>
  return %y : tensor<2x8x32xf32>
}

// -----

// GQA heads(8, 2): the query projection is split into Hq = 8 heads, the key
// and value projections into Hkv = 2; the attention sees Hq and Hkv as given.
// E = 64 / 8 = 8 = 16 / 2, Ev = 8 / 2 = 4, w_o takes Hq * Ev = 32 rows.

// CHECK-LABEL: func.func @gqa
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x16x64xf32>, %[[WQ:[^:]+]]: tensor<64x64xf32>, %[[WK:[^:]+]]: tensor<64x16xf32>, %[[WV:[^:]+]]: tensor<64x8xf32>, %[[WO:[^:]+]]: tensor<32x24xf32>
// CHECK:         %[[QP:.+]] = linalg.generic {{.+}} ins(%[[X]], %[[WQ]] : tensor<2x16x64xf32>, tensor<64x64xf32>) outs(%{{.+}} : tensor<2x16x64xf32>)
// CHECK:         } -> tensor<2x16x64xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[QP]] {{\[}}[0], [1], [2, 3]] output_shape [2, 16, 8, 8] : tensor<2x16x64xf32> into tensor<2x16x8x8xf32>
// CHECK-NEXT:    %[[QTI:.+]] = tensor.empty() : tensor<2x8x16x8xf32>
// CHECK-NEXT:    %[[Q:.+]] = linalg.transpose ins(%[[Q4]] : tensor<2x16x8x8xf32>) outs(%[[QTI]] : tensor<2x8x16x8xf32>) permutation = [0, 2, 1, 3]
// CHECK:         %[[KP:.+]] = linalg.generic {{.+}} ins(%[[X]], %[[WK]] : tensor<2x16x64xf32>, tensor<64x16xf32>) outs(%{{.+}} : tensor<2x16x16xf32>)
// CHECK:         } -> tensor<2x16x16xf32>
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[KP]] {{\[}}[0], [1], [2, 3]] output_shape [2, 16, 2, 8] : tensor<2x16x16xf32> into tensor<2x16x2x8xf32>
// CHECK-NEXT:    %[[KTI:.+]] = tensor.empty() : tensor<2x2x16x8xf32>
// CHECK-NEXT:    %[[K:.+]] = linalg.transpose ins(%[[K4]] : tensor<2x16x2x8xf32>) outs(%[[KTI]] : tensor<2x2x16x8xf32>) permutation = [0, 2, 1, 3]
// CHECK:         %[[VP:.+]] = linalg.generic {{.+}} ins(%[[X]], %[[WV]] : tensor<2x16x64xf32>, tensor<64x8xf32>) outs(%{{.+}} : tensor<2x16x8xf32>)
// CHECK:         } -> tensor<2x16x8xf32>
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[VP]] {{\[}}[0], [1], [2, 3]] output_shape [2, 16, 2, 4] : tensor<2x16x8xf32> into tensor<2x16x2x4xf32>
// CHECK-NEXT:    %[[VTI:.+]] = tensor.empty() : tensor<2x2x16x4xf32>
// CHECK-NEXT:    %[[V:.+]] = linalg.transpose ins(%[[V4]] : tensor<2x16x2x4xf32>) outs(%[[VTI]] : tensor<2x2x16x4xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[O:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] causal(bottom_right) : tensor<2x8x16x8xf32>, tensor<2x2x16x8xf32>, tensor<2x2x16x4xf32> -> tensor<2x8x16x4xf32>
// CHECK-NEXT:    %[[OTI:.+]] = tensor.empty() : tensor<2x16x8x4xf32>
// CHECK-NEXT:    %[[OT:.+]] = linalg.transpose ins(%[[O]] : tensor<2x8x16x4xf32>) outs(%[[OTI]] : tensor<2x16x8x4xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[O3:.+]] = tensor.collapse_shape %[[OT]] {{\[}}[0], [1], [2, 3]] : tensor<2x16x8x4xf32> into tensor<2x16x32xf32>
// CHECK:         %[[Y:.+]] = linalg.generic {{.+}} ins(%[[O3]], %[[WO]] : tensor<2x16x32xf32>, tensor<32x24xf32>) outs(%{{.+}} : tensor<2x16x24xf32>)
// CHECK:         } -> tensor<2x16x24xf32>
// CHECK-NEXT:    return %[[Y]] : tensor<2x16x24xf32>
func.func @gqa(%x: tensor<2x16x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x16xf32>, %wv: tensor<64x8xf32>, %wo: tensor<32x24xf32>) -> tensor<2x16x24xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x16xf32>, tensor<64x8xf32>, tensor<32x24xf32>)
         heads(8, 2) causal(bottom_right) : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x24xf32>
  return %y : tensor<2x16x24xf32>
}

// -----

// Every attention attribute of the block, and the mask and bias operands,
// move to the new mha.attention unchanged.

// CHECK-LABEL: func.func @all_attributes
// CHECK-SAME:    %[[M:[^:]+]]: tensor<1x1x16x16xi1>, %[[B:[^:]+]]: tensor<2x8x16x16xf32>
// CHECK:         %[[Q:.+]] = linalg.transpose
// CHECK:         %[[K:.+]] = linalg.transpose
// CHECK:         %[[V:.+]] = linalg.transpose
// CHECK-NEXT:    mha.attention %[[Q]], %[[K]], %[[V]]
// CHECK-SAME:      mask(%[[M]] : tensor<1x1x16x16xi1>) bias(%[[B]] : tensor<2x8x16x16xf32>)
// CHECK-SAME:      causal(top_left) window(4, 2) scale(5.000000e-01) softcap(3.000000e+01)
// CHECK-SAME:      : tensor<2x8x16x8xf32>, tensor<2x8x16x8xf32>, tensor<2x8x16x8xf32> -> tensor<2x8x16x8xf32>
// CHECK-NOT:     mha.multi_head_attention
func.func @all_attributes(%x: tensor<2x16x64xf32>, %w: tensor<64x64xf32>, %m: tensor<1x1x16x16xi1>, %b: tensor<2x8x16x16xf32>) -> tensor<2x16x64xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>)
         mask(%m : tensor<1x1x16x16xi1>) bias(%b : tensor<2x8x16x16xf32>)
         heads(8) causal(top_left) window(4, 2) scale(0.5) softcap(30.0)
         : tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32> -> tensor<2x16x64xf32>
  return %y : tensor<2x16x64xf32>
}

// -----

// Without a scale the block's default 1/sqrt(E) is the attention's default:
// no scale attribute is materialized. Window and softcap without causal stay
// alone.

// CHECK-LABEL: func.func @default_scale
// CHECK:         %[[Q:.+]] = linalg.transpose
// CHECK:         %[[K:.+]] = linalg.transpose
// CHECK:         %[[V:.+]] = linalg.transpose
// CHECK-NEXT:    mha.attention %[[Q]], %[[K]], %[[V]] window(3, 0) softcap(2.000000e+01) : tensor<1x4x8x8xf32>
// CHECK-LABEL: func.func @mask_only
// CHECK-SAME:    %[[M:[^:]+]]: tensor<1x4x8x8xi1>
// CHECK:         %[[Q:.+]] = linalg.transpose
// CHECK:         %[[K:.+]] = linalg.transpose
// CHECK:         %[[V:.+]] = linalg.transpose
// CHECK-NEXT:    mha.attention %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<1x4x8x8xi1>) : tensor<1x4x8x8xf32>
func.func @default_scale(%x: tensor<1x8x32xf32>, %w: tensor<32x32xf32>) -> tensor<1x8x32xf32> {
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>)
         heads(4) window(3, 0) softcap(20.0) : tensor<1x8x32xf32>, tensor<1x8x32xf32>, tensor<1x8x32xf32> -> tensor<1x8x32xf32>
  return %y : tensor<1x8x32xf32>
}
func.func @mask_only(%x: tensor<1x8x32xf32>, %w: tensor<32x32xf32>, %m: tensor<1x4x8x8xi1>) -> tensor<1x8x32xf32> {
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>)
         mask(%m : tensor<1x4x8x8xi1>) heads(4) : tensor<1x8x32xf32>, tensor<1x8x32xf32>, tensor<1x8x32xf32> -> tensor<1x8x32xf32>
  return %y : tensor<1x8x32xf32>
}

// -----

// f16: the bias is widened into the f32 accumulator, the contraction widens
// both f16 operands with arith.extf in its body and accumulates in f32, and
// one arith.truncf generic over (b, n, m) rounds each projection (the
// attention runs on f16, the output is f16).

// CHECK-DAG:   #[[$BMAP:.+]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG:   #[[$ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$XMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG:   #[[$WMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG:   #[[$CMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @f16_biases
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x8x32xf16>, %[[WQ:[^:]+]]: tensor<32x32xf16>, %[[WK:[^:]+]]: tensor<32x16xf16>, %[[WV:[^:]+]]: tensor<32x16xf16>, %[[WO:[^:]+]]: tensor<32x32xf16>
// CHECK-SAME:    %[[BQ:[^:]+]]: tensor<32xf16>
// CHECK-NEXT:    %[[QI:.+]] = tensor.empty() : tensor<2x8x32xf32>
// CHECK-NEXT:    %[[QB:.+]] = linalg.generic {indexing_maps = [#[[$BMAP]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[BQ]] : tensor<32xf16>) outs(%[[QI]] : tensor<2x8x32xf32>) {
// CHECK-NEXT:    ^bb0(%[[IN:[^:]+]]: f16, %{{[^:]+}}: f32):
// CHECK-NEXT:      %[[WIDE:.+]] = arith.extf %[[IN]] : f16 to f32
// CHECK-NEXT:      linalg.yield %[[WIDE]] : f32
// CHECK-NEXT:    } -> tensor<2x8x32xf32>
// CHECK-NEXT:    %[[QP:.+]] = linalg.generic {indexing_maps = [#[[$XMAP]], #[[$WMAP]], #[[$CMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[WQ]] : tensor<2x8x32xf16>, tensor<32x32xf16>) outs(%[[QB]] : tensor<2x8x32xf32>) {
// CHECK-NEXT:    ^bb0(%[[QX:[^:]+]]: f16, %[[QW:[^:]+]]: f16, %[[QACC:[^:]+]]: f32):
// CHECK-NEXT:      %[[QXW:.+]] = arith.extf %[[QX]] : f16 to f32
// CHECK-NEXT:      %[[QWW:.+]] = arith.extf %[[QW]] : f16 to f32
// CHECK-NEXT:      %[[QMUL:.+]] = arith.mulf %[[QXW]], %[[QWW]] : f32
// CHECK-NEXT:      %[[QSUM:.+]] = arith.addf %[[QACC]], %[[QMUL]] : f32
// CHECK-NEXT:      linalg.yield %[[QSUM]] : f32
// CHECK-NEXT:    } -> tensor<2x8x32xf32>
// CHECK-NEXT:    %[[QRI:.+]] = tensor.empty() : tensor<2x8x32xf16>
// CHECK-NEXT:    %[[QR:.+]] = linalg.generic {indexing_maps = [#[[$ID3]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[QP]] : tensor<2x8x32xf32>) outs(%[[QRI]] : tensor<2x8x32xf16>) {
// CHECK-NEXT:    ^bb0(%[[ACC:[^:]+]]: f32, %{{[^:]+}}: f16):
// CHECK-NEXT:      %[[NARROW:.+]] = arith.truncf %[[ACC]] : f32 to f16
// CHECK-NEXT:      linalg.yield %[[NARROW]] : f16
// CHECK-NEXT:    } -> tensor<2x8x32xf16>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[QR]] {{\[}}[0], [1], [2, 3]] output_shape [2, 8, 4, 8] : tensor<2x8x32xf16> into tensor<2x8x4x8xf16>
// CHECK-NEXT:    %[[QTI:.+]] = tensor.empty() : tensor<2x4x8x8xf16>
// CHECK-NEXT:    %[[Q:.+]] = linalg.transpose ins(%[[Q4]] : tensor<2x8x4x8xf16>) outs(%[[QTI]] : tensor<2x4x8x8xf16>) permutation = [0, 2, 1, 3]
// CHECK:         %[[KP:.+]] = linalg.generic {{.+}} ins(%[[X]], %[[WK]] : tensor<2x8x32xf16>, tensor<32x16xf16>) outs(%{{.+}} : tensor<2x8x16xf32>)
// CHECK:         } -> tensor<2x8x16xf32>
// CHECK-NEXT:    tensor.empty() : tensor<2x8x16xf16>
// CHECK-NEXT:    %[[KR:.+]] = linalg.generic {{.+}} ins(%[[KP]] : tensor<2x8x16xf32>) outs(%{{.+}} : tensor<2x8x16xf16>)
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      arith.truncf %{{.+}} : f32 to f16
// CHECK:         tensor.expand_shape %[[KR]] {{\[}}[0], [1], [2, 3]] output_shape [2, 8, 2, 8] : tensor<2x8x16xf16> into tensor<2x8x2x8xf16>
// CHECK:         %[[VP:.+]] = linalg.generic {{.+}} ins(%[[X]], %[[WV]] : tensor<2x8x32xf16>, tensor<32x16xf16>) outs(%{{.+}} : tensor<2x8x16xf32>)
// CHECK:         } -> tensor<2x8x16xf32>
// CHECK-NEXT:    tensor.empty() : tensor<2x8x16xf16>
// CHECK-NEXT:    %[[VR:.+]] = linalg.generic {{.+}} ins(%[[VP]] : tensor<2x8x16xf32>) outs(%{{.+}} : tensor<2x8x16xf16>)
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      arith.truncf %{{.+}} : f32 to f16
// CHECK:         tensor.expand_shape %[[VR]] {{\[}}[0], [1], [2, 3]] output_shape [2, 8, 2, 8] : tensor<2x8x16xf16> into tensor<2x8x2x8xf16>
// CHECK:         %[[O:.+]] = mha.attention %[[Q]], %{{.+}}, %{{.+}} : tensor<2x4x8x8xf16>, tensor<2x2x8x8xf16>, tensor<2x2x8x8xf16> -> tensor<2x4x8x8xf16>
// CHECK:         %[[O3:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0], [1], [2, 3]] : tensor<2x8x4x8xf16> into tensor<2x8x32xf16>
// CHECK:         %[[YP:.+]] = linalg.generic {{.+}} ins(%[[O3]], %[[WO]] : tensor<2x8x32xf16>, tensor<32x32xf16>) outs(%{{.+}} : tensor<2x8x32xf32>)
// CHECK:         } -> tensor<2x8x32xf32>
// CHECK-NEXT:    tensor.empty() : tensor<2x8x32xf16>
// CHECK-NEXT:    %[[Y:.+]] = linalg.generic {{.+}} ins(%[[YP]] : tensor<2x8x32xf32>) outs(%{{.+}} : tensor<2x8x32xf16>)
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      arith.truncf %{{.+}} : f32 to f16
// CHECK:         } -> tensor<2x8x32xf16>
// CHECK-NEXT:    return %[[Y]] : tensor<2x8x32xf16>
func.func @f16_biases(%x: tensor<2x8x32xf16>, %wq: tensor<32x32xf16>, %wk: tensor<32x16xf16>, %wv: tensor<32x16xf16>, %wo: tensor<32x32xf16>,
                      %bq: tensor<32xf16>, %bk: tensor<16xf16>, %bv: tensor<16xf16>, %bo: tensor<32xf16>) -> tensor<2x8x32xf16> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf16>, tensor<32x16xf16>, tensor<32x16xf16>, tensor<32x32xf16>)
         biases(%bq, %bk, %bv, %bo : tensor<32xf16>, tensor<16xf16>, tensor<16xf16>, tensor<32xf16>)
         heads(4, 2) : tensor<2x8x32xf16>, tensor<2x8x32xf16>, tensor<2x8x32xf16> -> tensor<2x8x32xf16>
  return %y : tensor<2x8x32xf16>
}

// -----

// bf16 without biases: the f32 accumulator is filled with 0.0 : f32, the
// contraction widens the bf16 operands, and an f32 attention bias operand
// passes through unchanged.

// CHECK-DAG:   #[[$XMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG:   #[[$WMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG:   #[[$CMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @bf16_f32_attention_bias
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x32xbf16>, %[[W:[^:]+]]: tensor<32x32xbf16>, %[[B:[^:]+]]: tensor<1x1x8x8xf32>
// CHECK-NEXT:    %[[QI:.+]] = tensor.empty() : tensor<1x8x32xf32>
// CHECK-NEXT:    %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[QF:.+]] = linalg.fill ins(%[[Z]] : f32) outs(%[[QI]] : tensor<1x8x32xf32>) -> tensor<1x8x32xf32>
// CHECK-NEXT:    %[[QP:.+]] = linalg.generic {indexing_maps = [#[[$XMAP]], #[[$WMAP]], #[[$CMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<1x8x32xbf16>, tensor<32x32xbf16>) outs(%[[QF]] : tensor<1x8x32xf32>) {
// CHECK-NEXT:    ^bb0(%[[QX:[^:]+]]: bf16, %[[QW:[^:]+]]: bf16, %[[QACC:[^:]+]]: f32):
// CHECK-NEXT:      %[[QXW:.+]] = arith.extf %[[QX]] : bf16 to f32
// CHECK-NEXT:      %[[QWW:.+]] = arith.extf %[[QW]] : bf16 to f32
// CHECK-NEXT:      %[[QMUL:.+]] = arith.mulf %[[QXW]], %[[QWW]] : f32
// CHECK-NEXT:      %[[QSUM:.+]] = arith.addf %[[QACC]], %[[QMUL]] : f32
// CHECK-NEXT:      linalg.yield %[[QSUM]] : f32
// CHECK-NEXT:    } -> tensor<1x8x32xf32>
// CHECK-NEXT:    %[[QRI:.+]] = tensor.empty() : tensor<1x8x32xbf16>
// CHECK-NEXT:    linalg.generic {indexing_maps = [#[[$ID3]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[QP]] : tensor<1x8x32xf32>) outs(%[[QRI]] : tensor<1x8x32xbf16>) {
// CHECK-NEXT:    ^bb0(%[[ACC:[^:]+]]: f32, %{{[^:]+}}: bf16):
// CHECK-NEXT:      %[[NARROW:.+]] = arith.truncf %[[ACC]] : f32 to bf16
// CHECK-NEXT:      linalg.yield %[[NARROW]] : bf16
// CHECK-NEXT:    } -> tensor<1x8x32xbf16>
// CHECK:         mha.attention %{{.+}} bias(%[[B]] : tensor<1x1x8x8xf32>) : tensor<1x4x8x8xbf16>, tensor<1x4x8x8xbf16>, tensor<1x4x8x8xbf16> -> tensor<1x4x8x8xbf16>
// CHECK:         %[[YP:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %[[W]] : tensor<1x8x32xbf16>, tensor<32x32xbf16>) outs(%{{.+}} : tensor<1x8x32xf32>)
// CHECK:         } -> tensor<1x8x32xf32>
// CHECK-NEXT:    tensor.empty() : tensor<1x8x32xbf16>
// CHECK-NEXT:    %[[Y:.+]] = linalg.generic {{.+}} ins(%[[YP]] : tensor<1x8x32xf32>) outs(%{{.+}} : tensor<1x8x32xbf16>)
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      arith.truncf %{{.+}} : f32 to bf16
// CHECK:         return %[[Y]] : tensor<1x8x32xbf16>
func.func @bf16_f32_attention_bias(%x: tensor<1x8x32xbf16>, %w: tensor<32x32xbf16>, %b: tensor<1x1x8x8xf32>) -> tensor<1x8x32xbf16> {
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xbf16>, tensor<32x32xbf16>, tensor<32x32xbf16>, tensor<32x32xbf16>)
         bias(%b : tensor<1x1x8x8xf32>) heads(4) : tensor<1x8x32xbf16>, tensor<1x8x32xbf16>, tensor<1x8x32xbf16> -> tensor<1x8x32xbf16>
  return %y : tensor<1x8x32xbf16>
}

// -----

// Dynamic B, L and S together (this used to crash): the sizes come from
// tensor.dim of the query input (B, L) and the key input (S, which the
// value projection shares), and every tensor.empty and expand_shape takes
// them as separate dims; nothing multiplies them. Cross-attention shapes,
// MQA heads(4, 1).

// CHECK-LABEL: func.func @dynamic
// CHECK-SAME:    %[[XQ:[^:]+]]: tensor<?x?x48xf32>, %[[XK:[^:]+]]: tensor<?x?x24xf32>, %[[XV:[^:]+]]: tensor<?x?x12xf32>
// CHECK-SAME:    %[[WQ:[^:]+]]: tensor<48x64xf32>, %[[WK:[^:]+]]: tensor<24x16xf32>, %[[WV:[^:]+]]: tensor<12x8xf32>, %[[WO:[^:]+]]: tensor<32x5xf32>
// CHECK-NEXT:    %[[C0:.+]] = arith.constant 0 : index
// CHECK-NEXT:    %[[B:.+]] = tensor.dim %[[XQ]], %[[C0]] : tensor<?x?x48xf32>
// CHECK-NEXT:    %[[C1:.+]] = arith.constant 1 : index
// CHECK-NEXT:    %[[L:.+]] = tensor.dim %[[XQ]], %[[C1]] : tensor<?x?x48xf32>
// CHECK-NEXT:    %[[C1B:.+]] = arith.constant 1 : index
// CHECK-NEXT:    %[[S:.+]] = tensor.dim %[[XK]], %[[C1B]] : tensor<?x?x24xf32>
// CHECK-NEXT:    %[[QI:.+]] = tensor.empty(%[[B]], %[[L]]) : tensor<?x?x64xf32>
// CHECK-NEXT:    arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[QF:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[QI]] : tensor<?x?x64xf32>) -> tensor<?x?x64xf32>
// CHECK-NEXT:    %[[QP:.+]] = linalg.generic {{.+}} ins(%[[XQ]], %[[WQ]] : tensor<?x?x48xf32>, tensor<48x64xf32>) outs(%[[QF]] : tensor<?x?x64xf32>) {
// CHECK:         } -> tensor<?x?x64xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[QP]] {{\[}}[0], [1], [2, 3]] output_shape [%[[B]], %[[L]], 4, 16] : tensor<?x?x64xf32> into tensor<?x?x4x16xf32>
// CHECK-NEXT:    %[[QTI:.+]] = tensor.empty(%[[B]], %[[L]]) : tensor<?x4x?x16xf32>
// CHECK-NEXT:    %[[Q:.+]] = linalg.transpose ins(%[[Q4]] : tensor<?x?x4x16xf32>) outs(%[[QTI]] : tensor<?x4x?x16xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[KI:.+]] = tensor.empty(%[[B]], %[[S]]) : tensor<?x?x16xf32>
// CHECK-NEXT:    arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[KF:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[KI]] : tensor<?x?x16xf32>) -> tensor<?x?x16xf32>
// CHECK-NEXT:    %[[KP:.+]] = linalg.generic {{.+}} ins(%[[XK]], %[[WK]] : tensor<?x?x24xf32>, tensor<24x16xf32>) outs(%[[KF]] : tensor<?x?x16xf32>) {
// CHECK:         } -> tensor<?x?x16xf32>
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[KP]] {{\[}}[0], [1], [2, 3]] output_shape [%[[B]], %[[S]], 1, 16] : tensor<?x?x16xf32> into tensor<?x?x1x16xf32>
// CHECK-NEXT:    %[[KTI:.+]] = tensor.empty(%[[B]], %[[S]]) : tensor<?x1x?x16xf32>
// CHECK-NEXT:    %[[K:.+]] = linalg.transpose ins(%[[K4]] : tensor<?x?x1x16xf32>) outs(%[[KTI]] : tensor<?x1x?x16xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[VI:.+]] = tensor.empty(%[[B]], %[[S]]) : tensor<?x?x8xf32>
// CHECK-NEXT:    arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[VF:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[VI]] : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
// CHECK-NEXT:    %[[VP:.+]] = linalg.generic {{.+}} ins(%[[XV]], %[[WV]] : tensor<?x?x12xf32>, tensor<12x8xf32>) outs(%[[VF]] : tensor<?x?x8xf32>) {
// CHECK:         } -> tensor<?x?x8xf32>
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[VP]] {{\[}}[0], [1], [2, 3]] output_shape [%[[B]], %[[S]], 1, 8] : tensor<?x?x8xf32> into tensor<?x?x1x8xf32>
// CHECK-NEXT:    %[[VTI:.+]] = tensor.empty(%[[B]], %[[S]]) : tensor<?x1x?x8xf32>
// CHECK-NEXT:    %[[V:.+]] = linalg.transpose ins(%[[V4]] : tensor<?x?x1x8xf32>) outs(%[[VTI]] : tensor<?x1x?x8xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[O:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] causal(bottom_right) : tensor<?x4x?x16xf32>, tensor<?x1x?x16xf32>, tensor<?x1x?x8xf32> -> tensor<?x4x?x8xf32>
// CHECK-NEXT:    %[[OTI:.+]] = tensor.empty(%[[B]], %[[L]]) : tensor<?x?x4x8xf32>
// CHECK-NEXT:    %[[OT:.+]] = linalg.transpose ins(%[[O]] : tensor<?x4x?x8xf32>) outs(%[[OTI]] : tensor<?x?x4x8xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[O3:.+]] = tensor.collapse_shape %[[OT]] {{\[}}[0], [1], [2, 3]] : tensor<?x?x4x8xf32> into tensor<?x?x32xf32>
// CHECK-NEXT:    %[[YI:.+]] = tensor.empty(%[[B]], %[[L]]) : tensor<?x?x5xf32>
// CHECK-NEXT:    arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[YF:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[YI]] : tensor<?x?x5xf32>) -> tensor<?x?x5xf32>
// CHECK-NEXT:    %[[Y:.+]] = linalg.generic {{.+}} ins(%[[O3]], %[[WO]] : tensor<?x?x32xf32>, tensor<32x5xf32>) outs(%[[YF]] : tensor<?x?x5xf32>) {
// CHECK:         } -> tensor<?x?x5xf32>
// CHECK-NEXT:    return %[[Y]] : tensor<?x?x5xf32>
func.func @dynamic(%xq: tensor<?x?x48xf32>, %xk: tensor<?x?x24xf32>, %xv: tensor<?x?x12xf32>,
                   %wq: tensor<48x64xf32>, %wk: tensor<24x16xf32>, %wv: tensor<12x8xf32>, %wo: tensor<32x5xf32>) -> tensor<?x?x5xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<48x64xf32>, tensor<24x16xf32>, tensor<12x8xf32>, tensor<32x5xf32>)
         heads(4, 1) causal(bottom_right) : tensor<?x?x48xf32>, tensor<?x?x24xf32>, tensor<?x?x12xf32> -> tensor<?x?x5xf32>
  return %y : tensor<?x?x5xf32>
}

// -----

// Dynamic B only: one tensor.dim, and every [B, ...] tensor.empty and
// expand_shape takes it.

// CHECK-LABEL: func.func @dynamic_batch
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x8x32xf32>, %[[W:[^:]+]]: tensor<32x32xf32>
// CHECK-NEXT:    %[[C0:.+]] = arith.constant 0 : index
// CHECK-NEXT:    %[[B:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x8x32xf32>
// CHECK-NEXT:    tensor.empty(%[[B]]) : tensor<?x8x32xf32>
// CHECK-NOT:     tensor.dim
// CHECK:         %[[QP:.+]] = linalg.generic {{.+}} ins(%[[X]], %[[W]] : tensor<?x8x32xf32>, tensor<32x32xf32>) outs(%{{.+}} : tensor<?x8x32xf32>)
// CHECK:         } -> tensor<?x8x32xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[QP]] {{\[}}[0], [1], [2, 3]] output_shape [%[[B]], 8, 4, 8] : tensor<?x8x32xf32> into tensor<?x8x4x8xf32>
// CHECK-NEXT:    tensor.empty(%[[B]]) : tensor<?x4x8x8xf32>
// CHECK-NOT:     tensor.dim
// CHECK:         %[[O:.+]] = mha.attention {{.+}} : tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32> -> tensor<?x4x8x8xf32>
// CHECK-NEXT:    tensor.empty(%[[B]]) : tensor<?x8x4x8xf32>
// CHECK-NEXT:    %[[OT:.+]] = linalg.transpose ins(%[[O]]
// CHECK-NEXT:    %[[O3:.+]] = tensor.collapse_shape %[[OT]] {{\[}}[0], [1], [2, 3]] : tensor<?x8x4x8xf32> into tensor<?x8x32xf32>
// CHECK-NEXT:    tensor.empty(%[[B]]) : tensor<?x8x32xf32>
// CHECK:         %[[Y:.+]] = linalg.generic {{.+}} ins(%[[O3]], %[[W]] : tensor<?x8x32xf32>, tensor<32x32xf32>) outs(%{{.+}} : tensor<?x8x32xf32>)
// CHECK:         } -> tensor<?x8x32xf32>
// CHECK-NEXT:    return %[[Y]] : tensor<?x8x32xf32>
func.func @dynamic_batch(%x: tensor<?x8x32xf32>, %w: tensor<32x32xf32>) -> tensor<?x8x32xf32> {
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) heads(4)
         : tensor<?x8x32xf32>, tensor<?x8x32xf32>, tensor<?x8x32xf32> -> tensor<?x8x32xf32>
  return %y : tensor<?x8x32xf32>
}

// -----

// Dynamic L and S with a static B: L from the query input, S from the key
// input; the [B, ...] sizes stay static.

// CHECK-LABEL: func.func @dynamic_lengths
// CHECK-SAME:    %[[XQ:[^:]+]]: tensor<2x?x32xf32>, %[[XKV:[^:]+]]: tensor<2x?x32xf32>, %[[W:[^:]+]]: tensor<32x32xf32>
// CHECK-NEXT:    %[[C1:.+]] = arith.constant 1 : index
// CHECK-NEXT:    %[[L:.+]] = tensor.dim %[[XQ]], %[[C1]] : tensor<2x?x32xf32>
// CHECK-NEXT:    %[[C1B:.+]] = arith.constant 1 : index
// CHECK-NEXT:    %[[S:.+]] = tensor.dim %[[XKV]], %[[C1B]] : tensor<2x?x32xf32>
// CHECK-NEXT:    tensor.empty(%[[L]]) : tensor<2x?x32xf32>
// CHECK:         %[[QP:.+]] = linalg.generic {{.+}} ins(%[[XQ]], %[[W]] : tensor<2x?x32xf32>, tensor<32x32xf32>) outs(%{{.+}} : tensor<2x?x32xf32>)
// CHECK:         tensor.expand_shape %[[QP]] {{\[}}[0], [1], [2, 3]] output_shape [2, %[[L]], 4, 8] : tensor<2x?x32xf32> into tensor<2x?x4x8xf32>
// CHECK-NEXT:    tensor.empty(%[[L]]) : tensor<2x4x?x8xf32>
// CHECK:         tensor.empty(%[[S]]) : tensor<2x?x32xf32>
// CHECK:         %[[KP:.+]] = linalg.generic {{.+}} ins(%[[XKV]], %[[W]] : tensor<2x?x32xf32>, tensor<32x32xf32>) outs(%{{.+}} : tensor<2x?x32xf32>)
// CHECK:         tensor.expand_shape %[[KP]] {{\[}}[0], [1], [2, 3]] output_shape [2, %[[S]], 4, 8] : tensor<2x?x32xf32> into tensor<2x?x4x8xf32>
// CHECK-NEXT:    tensor.empty(%[[S]]) : tensor<2x4x?x8xf32>
// CHECK:         tensor.empty(%[[S]]) : tensor<2x?x32xf32>
// CHECK:         %[[VP:.+]] = linalg.generic {{.+}} ins(%[[XKV]], %[[W]] : tensor<2x?x32xf32>, tensor<32x32xf32>) outs(%{{.+}} : tensor<2x?x32xf32>)
// CHECK:         tensor.expand_shape %[[VP]] {{\[}}[0], [1], [2, 3]] output_shape [2, %[[S]], 4, 8] : tensor<2x?x32xf32> into tensor<2x?x4x8xf32>
// CHECK:         mha.attention {{.+}} : tensor<2x4x?x8xf32>, tensor<2x4x?x8xf32>, tensor<2x4x?x8xf32> -> tensor<2x4x?x8xf32>
// CHECK-NEXT:    tensor.empty(%[[L]]) : tensor<2x?x4x8xf32>
// CHECK:         tensor.collapse_shape %{{.+}} {{\[}}[0], [1], [2, 3]] : tensor<2x?x4x8xf32> into tensor<2x?x32xf32>
// CHECK-NEXT:    tensor.empty(%[[L]]) : tensor<2x?x32xf32>
// CHECK:         %[[Y:.+]] = linalg.generic {{.+}} outs(%{{.+}} : tensor<2x?x32xf32>)
// CHECK:         } -> tensor<2x?x32xf32>
// CHECK-NEXT:    return %[[Y]] : tensor<2x?x32xf32>
func.func @dynamic_lengths(%xq: tensor<2x?x32xf32>, %xkv: tensor<2x?x32xf32>, %w: tensor<32x32xf32>) -> tensor<2x?x32xf32> {
  %y = mha.multi_head_attention %xq, %xkv, %xkv weights(%w, %w, %w, %w : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) heads(4)
         : tensor<2x?x32xf32>, tensor<2x?x32xf32>, tensor<2x?x32xf32> -> tensor<2x?x32xf32>
  return %y : tensor<2x?x32xf32>
}

// -----

// B, L and S each come from whichever input has them static: B = 3 from the
// key input, L = 10 from the query, S = 20 from the value input. No
// tensor.dim is needed, the contractions take the dynamic inputs as they
// are, and the static result is cast to the op's type.

// CHECK-LABEL: func.func @sizes_from_static_inputs
// CHECK-SAME:    %[[XQ:[^:]+]]: tensor<?x10x48xf32>, %[[XK:[^:]+]]: tensor<3x?x24xf32>, %[[XV:[^:]+]]: tensor<?x20x12xf32>
// CHECK-SAME:    %[[WQ:[^:]+]]: tensor<48x64xf32>, %[[WK:[^:]+]]: tensor<24x64xf32>, %[[WV:[^:]+]]: tensor<12x32xf32>, %[[WO:[^:]+]]: tensor<32x5xf32>
// CHECK-NOT:     tensor.dim
// CHECK:         %[[QP:.+]] = linalg.generic {{.+}} ins(%[[XQ]], %[[WQ]] : tensor<?x10x48xf32>, tensor<48x64xf32>) outs(%{{.+}} : tensor<3x10x64xf32>)
// CHECK:         tensor.expand_shape %[[QP]] {{\[}}[0], [1], [2, 3]] output_shape [3, 10, 4, 16] : tensor<3x10x64xf32> into tensor<3x10x4x16xf32>
// CHECK:         %[[KP:.+]] = linalg.generic {{.+}} ins(%[[XK]], %[[WK]] : tensor<3x?x24xf32>, tensor<24x64xf32>) outs(%{{.+}} : tensor<3x20x64xf32>)
// CHECK:         tensor.expand_shape %[[KP]] {{\[}}[0], [1], [2, 3]] output_shape [3, 20, 4, 16] : tensor<3x20x64xf32> into tensor<3x20x4x16xf32>
// CHECK:         %[[VP:.+]] = linalg.generic {{.+}} ins(%[[XV]], %[[WV]] : tensor<?x20x12xf32>, tensor<12x32xf32>) outs(%{{.+}} : tensor<3x20x32xf32>)
// CHECK:         tensor.expand_shape %[[VP]] {{\[}}[0], [1], [2, 3]] output_shape [3, 20, 4, 8] : tensor<3x20x32xf32> into tensor<3x20x4x8xf32>
// CHECK:         mha.attention {{.+}} : tensor<3x4x10x16xf32>, tensor<3x4x20x16xf32>, tensor<3x4x20x8xf32> -> tensor<3x4x10x8xf32>
// CHECK:         %[[Y:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %[[WO]] : tensor<3x10x32xf32>, tensor<32x5xf32>) outs(%{{.+}} : tensor<3x10x5xf32>)
// CHECK:         } -> tensor<3x10x5xf32>
// CHECK-NEXT:    %[[R:.+]] = tensor.cast %[[Y]] : tensor<3x10x5xf32> to tensor<?x10x5xf32>
// CHECK-NEXT:    return %[[R]] : tensor<?x10x5xf32>
func.func @sizes_from_static_inputs(%xq: tensor<?x10x48xf32>, %xk: tensor<3x?x24xf32>, %xv: tensor<?x20x12xf32>,
                                    %wq: tensor<48x64xf32>, %wk: tensor<24x64xf32>, %wv: tensor<12x32xf32>, %wo: tensor<32x5xf32>) -> tensor<?x10x5xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<48x64xf32>, tensor<24x64xf32>, tensor<12x32xf32>, tensor<32x5xf32>)
         heads(4) : tensor<?x10x48xf32>, tensor<3x?x24xf32>, tensor<?x20x12xf32> -> tensor<?x10x5xf32>
  return %y : tensor<?x10x5xf32>
}

// -----

// A static result over dynamic inputs: the decomposition is computed on the
// dynamic shapes and cast to the op's result type at the end.

// CHECK-LABEL: func.func @dynamic_inputs_static_result
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x?x16xf32>, %[[W:[^:]+]]: tensor<16x16xf32>
// CHECK:         %[[O3:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0], [1], [2, 3]] : tensor<?x?x2x8xf32> into tensor<?x?x16xf32>
// CHECK:         %[[Y:.+]] = linalg.generic {{.+}} ins(%[[O3]], %[[W]] : tensor<?x?x16xf32>, tensor<16x16xf32>) outs(%{{.+}} : tensor<?x?x16xf32>)
// CHECK:         } -> tensor<?x?x16xf32>
// CHECK-NEXT:    %[[R:.+]] = tensor.cast %[[Y]] : tensor<?x?x16xf32> to tensor<4x9x16xf32>
// CHECK-NEXT:    return %[[R]] : tensor<4x9x16xf32>
func.func @dynamic_inputs_static_result(%x: tensor<?x?x16xf32>, %w: tensor<16x16xf32>) -> tensor<4x9x16xf32> {
  %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>) heads(2)
         : tensor<?x?x16xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32> -> tensor<4x9x16xf32>
  return %y : tensor<4x9x16xf32>
}

// -----

// Cross-attention: three different inputs with Eq = 48, Ek = 24, Evi = 12,
// L = 10 != S = 20; queries are projected over [B, L] rows, keys and values
// over [B, S] rows. H = 4, E = 16, Ev = 8, Eo = 5.

// CHECK-LABEL: func.func @cross_attention
// CHECK-SAME:    %[[XQ:[^:]+]]: tensor<3x10x48xf32>, %[[XK:[^:]+]]: tensor<3x20x24xf32>, %[[XV:[^:]+]]: tensor<3x20x12xf32>
// CHECK-SAME:    %[[WQ:[^:]+]]: tensor<48x64xf32>, %[[WK:[^:]+]]: tensor<24x64xf32>, %[[WV:[^:]+]]: tensor<12x32xf32>, %[[WO:[^:]+]]: tensor<32x5xf32>
// CHECK-NEXT:    tensor.empty() : tensor<3x10x64xf32>
// CHECK:         %[[QP:.+]] = linalg.generic {{.+}} ins(%[[XQ]], %[[WQ]] : tensor<3x10x48xf32>, tensor<48x64xf32>) outs(%{{.+}} : tensor<3x10x64xf32>)
// CHECK:         } -> tensor<3x10x64xf32>
// CHECK-NEXT:    %[[Q4:.+]] = tensor.expand_shape %[[QP]] {{\[}}[0], [1], [2, 3]] output_shape [3, 10, 4, 16] : tensor<3x10x64xf32> into tensor<3x10x4x16xf32>
// CHECK-NEXT:    tensor.empty() : tensor<3x4x10x16xf32>
// CHECK-NEXT:    %[[Q:.+]] = linalg.transpose ins(%[[Q4]] : tensor<3x10x4x16xf32>) outs(%{{.+}} : tensor<3x4x10x16xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    tensor.empty() : tensor<3x20x64xf32>
// CHECK:         %[[KP:.+]] = linalg.generic {{.+}} ins(%[[XK]], %[[WK]] : tensor<3x20x24xf32>, tensor<24x64xf32>) outs(%{{.+}} : tensor<3x20x64xf32>)
// CHECK:         } -> tensor<3x20x64xf32>
// CHECK-NEXT:    %[[K4:.+]] = tensor.expand_shape %[[KP]] {{\[}}[0], [1], [2, 3]] output_shape [3, 20, 4, 16] : tensor<3x20x64xf32> into tensor<3x20x4x16xf32>
// CHECK-NEXT:    tensor.empty() : tensor<3x4x20x16xf32>
// CHECK-NEXT:    %[[K:.+]] = linalg.transpose ins(%[[K4]] : tensor<3x20x4x16xf32>) outs(%{{.+}} : tensor<3x4x20x16xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    tensor.empty() : tensor<3x20x32xf32>
// CHECK:         %[[VP:.+]] = linalg.generic {{.+}} ins(%[[XV]], %[[WV]] : tensor<3x20x12xf32>, tensor<12x32xf32>) outs(%{{.+}} : tensor<3x20x32xf32>)
// CHECK:         } -> tensor<3x20x32xf32>
// CHECK-NEXT:    %[[V4:.+]] = tensor.expand_shape %[[VP]] {{\[}}[0], [1], [2, 3]] output_shape [3, 20, 4, 8] : tensor<3x20x32xf32> into tensor<3x20x4x8xf32>
// CHECK-NEXT:    tensor.empty() : tensor<3x4x20x8xf32>
// CHECK-NEXT:    %[[V:.+]] = linalg.transpose ins(%[[V4]] : tensor<3x20x4x8xf32>) outs(%{{.+}} : tensor<3x4x20x8xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[O:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] : tensor<3x4x10x16xf32>, tensor<3x4x20x16xf32>, tensor<3x4x20x8xf32> -> tensor<3x4x10x8xf32>
// CHECK-NEXT:    tensor.empty() : tensor<3x10x4x8xf32>
// CHECK-NEXT:    %[[OT:.+]] = linalg.transpose ins(%[[O]] : tensor<3x4x10x8xf32>) outs(%{{.+}} : tensor<3x10x4x8xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT:    %[[O3:.+]] = tensor.collapse_shape %[[OT]] {{\[}}[0], [1], [2, 3]] : tensor<3x10x4x8xf32> into tensor<3x10x32xf32>
// CHECK-NEXT:    tensor.empty() : tensor<3x10x5xf32>
// CHECK:         %[[Y:.+]] = linalg.generic {{.+}} ins(%[[O3]], %[[WO]] : tensor<3x10x32xf32>, tensor<32x5xf32>) outs(%{{.+}} : tensor<3x10x5xf32>)
// CHECK:         } -> tensor<3x10x5xf32>
// CHECK-NEXT:    return %[[Y]] : tensor<3x10x5xf32>
func.func @cross_attention(%xq: tensor<3x10x48xf32>, %xk: tensor<3x20x24xf32>, %xv: tensor<3x20x12xf32>,
                           %wq: tensor<48x64xf32>, %wk: tensor<24x64xf32>, %wv: tensor<12x32xf32>, %wo: tensor<32x5xf32>) -> tensor<3x10x5xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<48x64xf32>, tensor<24x64xf32>, tensor<12x32xf32>, tensor<32x5xf32>)
         heads(4) : tensor<3x10x48xf32>, tensor<3x20x24xf32>, tensor<3x20x12xf32> -> tensor<3x10x5xf32>
  return %y : tensor<3x10x5xf32>
}

// -----

// Every block in the function is rewritten, also inside regions.

// CHECK-LABEL: func.func @two_blocks_nested
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x8x16xf32>, %[[W:[^:]+]]: tensor<16x16xf32>
// CHECK:         %[[R:.+]] = scf.if
// CHECK-COUNT-3:   linalg.generic {{.+}} ins(%[[X]], %[[W]] : tensor<1x8x16xf32>, tensor<16x16xf32>)
// CHECK:           mha.attention
// CHECK:           %[[Y:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %[[W]] : tensor<1x8x16xf32>, tensor<16x16xf32>)
// CHECK:           scf.yield %[[Y]] : tensor<1x8x16xf32>
// CHECK-NEXT:    } else {
// CHECK-NEXT:      scf.yield %[[X]] : tensor<1x8x16xf32>
// CHECK-NEXT:    }
// CHECK-COUNT-3: linalg.generic {{.+}} ins(%[[R]], %[[W]] : tensor<1x8x16xf32>, tensor<16x16xf32>)
// CHECK:         mha.attention
// CHECK:         %[[Z:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %[[W]] : tensor<1x8x16xf32>, tensor<16x16xf32>)
// CHECK:         return %[[Z]] : tensor<1x8x16xf32>
func.func @two_blocks_nested(%x: tensor<1x8x16xf32>, %w: tensor<16x16xf32>, %c: i1) -> tensor<1x8x16xf32> {
  %r = scf.if %c -> tensor<1x8x16xf32> {
    %y = mha.multi_head_attention %x, %x, %x weights(%w, %w, %w, %w : tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>) heads(2)
           : tensor<1x8x16xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32> -> tensor<1x8x16xf32>
    scf.yield %y : tensor<1x8x16xf32>
  } else {
    scf.yield %x : tensor<1x8x16xf32>
  }
  %z = mha.multi_head_attention %r, %r, %r weights(%w, %w, %w, %w : tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>) heads(2)
         : tensor<1x8x16xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32> -> tensor<1x8x16xf32>
  return %z : tensor<1x8x16xf32>
}
