// --mha-decompose-aggregated-ops: linalg.softmax becomes the max, exp(x -
// max), sum and division its AggregatedOpInterface builds, over the
// softmax's dimension (here 2 of 3); other ops are left as they are.
// RUN: mha-opt %s --mha-decompose-aggregated-ops -split-input-file | FileCheck %s
// A softmax on buffers is refused (the decomposition builds tensor ops):
// RUN: mha-opt %S/Inputs/softmax-on-buffers.mlir --mha-decompose-aggregated-ops -verify-diagnostics -o /dev/null

// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax_middle(
// CHECK-NOT:     linalg.softmax
// CHECK:         %[[MAX:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK:           arith.maxnumf
// CHECK:         %[[EXP:.+]] = linalg.generic {{.*}} ins(%{{.+}}, %[[MAX]] :
// CHECK:           arith.subf
// CHECK-NEXT:      math.exp
// CHECK:         %[[SUM:.+]] = linalg.generic {{.*}} ins(%[[EXP]] :
// CHECK:           arith.addf
// CHECK:         %[[P:.+]] = linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] :
// CHECK:           arith.divf
// CHECK:         %[[O:.+]] = linalg.matmul
// CHECK:         return %[[O]]
func.func @softmax_middle(%x: tensor<4x6x5xf32>, %w: tensor<30x3xf32>) -> tensor<4x3xf32> {
  %e = tensor.empty() : tensor<4x6x5xf32>
  %p = linalg.softmax dimension(1) ins(%x : tensor<4x6x5xf32>) outs(%e : tensor<4x6x5xf32>) -> tensor<4x6x5xf32>
  %c = tensor.collapse_shape %p [[0], [1, 2]] : tensor<4x6x5xf32> into tensor<4x30xf32>
  %zero = arith.constant 0.0 : f32
  %eo = tensor.empty() : tensor<4x3xf32>
  %f = linalg.fill ins(%zero : f32) outs(%eo : tensor<4x3xf32>) -> tensor<4x3xf32>
  %o = linalg.matmul ins(%c, %w : tensor<4x30xf32>, tensor<30x3xf32>) outs(%f : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %o : tensor<4x3xf32>
}

// -----

// Nothing aggregated: the function is unchanged.
// CHECK-LABEL: func.func @no_aggregates(
// CHECK-NOT:     linalg.generic
// CHECK:         %[[F:.+]] = linalg.fill
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[F]]
func.func @no_aggregates() -> tensor<2x5xf32> {
  %e = tensor.empty() : tensor<2x5xf32>
  %zero = arith.constant 0.0 : f32
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x5xf32>) -> tensor<2x5xf32>
  return %f : tensor<2x5xf32>
}
