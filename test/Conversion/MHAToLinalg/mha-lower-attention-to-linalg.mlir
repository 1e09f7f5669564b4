// RUN: mha-opt %s -mha-lower-attention-to-linalg -split-input-file | FileCheck %s

// Grouped-query attention: the query is viewed as [B, Hkv, G, L, E]; key and
// value are read through their own head index, never copied per query head.

// CHECK-DAG:   #[[$QMAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d5)>
// CHECK-DAG:   #[[$KMAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d5)>
// CHECK-DAG:   #[[$VMAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d5, d4)>
// CHECK-DAG:   #[[$ROW:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @gqa
// CHECK-SAME:    %[[Q:.+]]: tensor<2x8x16x32xf32>, %[[K:.+]]: tensor<2x2x24x32xf32>, %[[V:.+]]: tensor<2x2x24x16xf32>
// CHECK:         %[[Q5:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0], [1, 2], [3], [4]] output_shape [2, 2, 4, 16, 32]
// CHECK-NOT:     tensor.expand_shape %[[K]]
// CHECK-NOT:     linalg.broadcast
// CHECK:         %[[QK:.+]] = linalg.generic {indexing_maps = [#[[$QMAP]], #[[$KMAP]], {{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME:      ins(%[[Q5]], %[[K]] : tensor<2x2x4x16x32xf32>, tensor<2x2x24x32xf32>)
// CHECK:         %[[S:.+]] = linalg.generic
// CHECK-SAME:      ins(%[[QK]] :
// CHECK:           arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK:         %[[MAX:.+]] = linalg.generic {{.+}} ins(%[[S]] : tensor<2x2x4x16x24xf32>) outs(%{{.+}} : tensor<2x2x4x16xf32>)
// CHECK:           arith.maximumf
// CHECK:         %[[P:.+]] = linalg.generic {{.+}} ins(%[[S]], %[[MAX]] :
// CHECK:           math.exp
// The guard: a row whose max is -inf has no allowed entry and gets zeros.
// CHECK:           %[[EMPTY:.+]] = arith.cmpf oeq, %{{.+}}, %cst{{.*}} : f32
// CHECK:           arith.select %[[EMPTY]]
// CHECK:         %[[SUM:.+]] = linalg.generic {{.+}} ins(%[[P]] :
// CHECK:           arith.addf
// CHECK:         %[[PV:.+]] = linalg.generic {indexing_maps = [#[[$QMAP]], #[[$VMAP]], {{.+}}]
// CHECK-SAME:      ins(%[[P]], %[[V]] : tensor<2x2x4x16x24xf32>, tensor<2x2x24x16xf32>)
// CHECK:         %[[OUT:.+]] = linalg.generic {{.+}} ins(%[[PV]], %[[SUM]] :
// CHECK:           arith.divf
// CHECK:           arith.cmpf oeq
// CHECK:           arith.select
// CHECK:         %[[R:.+]] = tensor.collapse_shape %[[OUT]] {{\[}}[0], [1, 2], [3], [4]] : tensor<2x2x4x16x16xf32> into tensor<2x8x16x16xf32>
// CHECK:         return %[[R]]
func.func @gqa(%q: tensor<2x8x16x32xf32>, %k: tensor<2x2x24x32xf32>, %v: tensor<2x2x24x16xf32>) -> tensor<2x8x16x16xf32> {
  %o = mha.attention %q, %k, %v : tensor<2x8x16x32xf32>, tensor<2x2x24x32xf32>, tensor<2x2x24x16xf32> -> tensor<2x8x16x16xf32>
  return %o : tensor<2x8x16x16xf32>
}

// -----

// The default scale is 1/sqrt(E) = 1/sqrt(64); bottom_right causal shifts the
// diagonal by S - L; masked entries become -inf.

// CHECK-LABEL: func.func @causal_bottom_right
// CHECK-DAG:     %[[SCALE:.+]] = arith.constant 1.250000e-01 : f32
// CHECK-DAG:     %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK-DAG:     %[[OFF:.+]] = arith.subi %c96, %c32 : index
// CHECK:         linalg.generic
// CHECK:           %[[SC:.+]] = arith.mulf %{{.+}}, %[[SCALE]] : f32
// CHECK:           %[[I:.+]] = linalg.index 3 : index
// CHECK:           %[[J:.+]] = linalg.index 4 : index
// CHECK:           %[[D:.+]] = arith.addi %[[I]], %[[OFF]] : index
// CHECK:           %[[OK:.+]] = arith.cmpi sle, %[[J]], %[[D]] : index
// CHECK:           arith.select %[[OK]], %[[SC]], %[[NEGINF]] : f32
func.func @causal_bottom_right(%q: tensor<1x4x32x64xf32>, %k: tensor<1x4x96x64xf32>, %v: tensor<1x4x96x64xf32>) -> tensor<1x4x32x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<1x4x32x64xf32>, tensor<1x4x96x64xf32>, tensor<1x4x96x64xf32> -> tensor<1x4x32x64xf32>
  return %o : tensor<1x4x32x64xf32>
}

// -----

// top_left causal has no offset; the window adds d - left <= j <= d + right.

// CHECK-LABEL: func.func @causal_top_left_window
// CHECK-NOT:     arith.subi
// CHECK:         linalg.generic
// CHECK:           %[[I:.+]] = linalg.index 3 : index
// CHECK:           %[[J:.+]] = linalg.index 4 : index
// CHECK:           %[[C:.+]] = arith.cmpi sle, %[[J]], %[[I]] : index
// CHECK:           %[[LO:.+]] = arith.subi %[[I]], %c8 : index
// CHECK:           %[[HI:.+]] = arith.addi %[[I]], %c0 : index
// CHECK:           %[[W0:.+]] = arith.cmpi sge, %[[J]], %[[LO]] : index
// CHECK:           %[[A0:.+]] = arith.andi %[[C]], %[[W0]] : i1
// CHECK:           %[[W1:.+]] = arith.cmpi sle, %[[J]], %[[HI]] : index
// CHECK:           %[[A1:.+]] = arith.andi %[[A0]], %[[W1]] : i1
// CHECK:           arith.select %[[A1]]
func.func @causal_top_left_window(%q: tensor<1x4x32x64xf32>, %k: tensor<1x4x32x64xf32>, %v: tensor<1x4x32x64xf32>) -> tensor<1x4x32x64xf32> {
  %o = mha.attention %q, %k, %v causal(top_left) window(8, 0) : tensor<1x4x32x64xf32>, tensor<1x4x32x64xf32>, tensor<1x4x32x64xf32> -> tensor<1x4x32x64xf32>
  return %o : tensor<1x4x32x64xf32>
}

// -----

// Softcap, then the bias, then the mask; a head-broadcast mask keeps its 4-D
// form and is indexed with constant zeros, a per-head bias is split like the
// query. f16 operands are widened in the contractions and the result is
// rounded once.

// CHECK-DAG:   #[[$MASK:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (0, 0, d3, d4)>
// CHECK-DAG:   #[[$BIAS:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @softcap_bias_mask_f16
// CHECK-SAME:    %[[M:[a-z0-9]+]]: tensor<1x1x16x16xi1>, %[[B:[a-z0-9]+]]: tensor<2x4x16x16xf16>
// CHECK:         %[[B5:.+]] = tensor.expand_shape %[[B]] {{\[}}[0], [1, 2], [3], [4]] output_shape [2, 2, 2, 16, 16]
// CHECK:         linalg.generic
// CHECK:           arith.extf %{{.+}} : f16 to f32
// CHECK:           arith.extf %{{.+}} : f16 to f32
// CHECK:         linalg.generic {indexing_maps = [{{.+}}, #[[$MASK]], #[[$BIAS]], {{.+}}]
// CHECK-SAME:      ins(%{{.+}}, %[[M]], %[[B5]] :
// CHECK:         ^bb0(%[[QK:.+]]: f32, %[[MV:.+]]: i1, %[[BV:.+]]: f16, %{{.+}}: f32):
// CHECK:           %[[X:.+]] = arith.mulf %[[QK]], %{{.+}} : f32
// CHECK:           %[[Y:.+]] = arith.mulf %[[X]], %{{.+}} : f32
// CHECK:           %[[T:.+]] = math.tanh %[[Y]] : f32
// CHECK:           %[[CAP:.+]] = arith.mulf %[[T]], %{{.+}} : f32
// CHECK:           %[[BF:.+]] = arith.extf %[[BV]] : f16 to f32
// CHECK:           %[[SB:.+]] = arith.addf %[[CAP]], %[[BF]] : f32
// CHECK:           arith.select %[[MV]], %[[SB]], %{{.+}} : f32
// CHECK:         arith.truncf %{{.+}} : f32 to f16
// CHECK:         tensor.collapse_shape {{.+}} into tensor<2x4x16x8xf16>
func.func @softcap_bias_mask_f16(%q: tensor<2x4x16x32xf16>, %k: tensor<2x2x16x32xf16>, %v: tensor<2x2x16x8xf16>, %m: tensor<1x1x16x16xi1>, %b: tensor<2x4x16x16xf16>) -> tensor<2x4x16x8xf16> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x16x16xi1>) bias(%b : tensor<2x4x16x16xf16>) softcap(5.0) : tensor<2x4x16x32xf16>, tensor<2x2x16x32xf16>, tensor<2x2x16x8xf16> -> tensor<2x4x16x8xf16>
  return %o : tensor<2x4x16x8xf16>
}

// -----

// Dynamic B, L and S: sizes come from tensor.dim; dynamic sizes the verifier
// could not compare are asserted at run time.

// CHECK-LABEL: func.func @dynamic
// CHECK-SAME:    %[[Q:[a-z0-9]+]]: tensor<?x8x?x64xf32>, %[[K:[a-z0-9]+]]: tensor<?x2x?x64xf32>, %[[V:[a-z0-9]+]]: tensor<?x2x?x64xf32>
// CHECK-DAG:     %[[B:.+]] = tensor.dim %[[Q]], %c0
// CHECK-DAG:     %[[L:.+]] = tensor.dim %[[Q]], %c2
// CHECK-DAG:     %[[S:.+]] = tensor.dim %[[K]], %c2
// CHECK:         cf.assert %{{.+}}, "mha.attention: key batch size must equal the query's"
// CHECK:         cf.assert %{{.+}}, "mha.attention: value batch size must equal the query's"
// CHECK:         cf.assert %{{.+}}, "mha.attention: value sequence length must equal the key's"
// CHECK:         tensor.expand_shape %[[Q]] {{\[}}[0], [1, 2], [3], [4]] output_shape [%[[B]], 2, 4, %[[L]], 64] : tensor<?x8x?x64xf32> into tensor<?x2x4x?x64xf32>
// CHECK:         tensor.empty(%[[B]], %[[L]], %[[S]]) : tensor<?x2x4x?x?xf32>
// CHECK:         tensor.collapse_shape {{.+}} : tensor<?x2x4x?x64xf32> into tensor<?x8x?x64xf32>
func.func @dynamic(%q: tensor<?x8x?x64xf32>, %k: tensor<?x2x?x64xf32>, %v: tensor<?x2x?x64xf32>) -> tensor<?x8x?x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<?x8x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32> -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}
