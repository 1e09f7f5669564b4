// RUN: mha-opt %s -mha-tile-projections="row-tile=16 col-tile=32" -split-input-file | FileCheck %s

// A projection C[b,n,m] += X[b,n,k] * W[k,m] becomes a forall over (B, row
// tiles, column tiles) of static f32 tile products on views of X, W and the
// init; only each tile's own rows are written back.

// CHECK-LABEL: func.func @projection
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x40x32xf32>, %[[W:[^:]+]]: tensor<32x64xf32>, %[[I:[^:]+]]: tensor<2x40x64xf32>
// CHECK:         %[[OUT:.+]] = tensor.empty() : tensor<2x40x64xf32>
// CHECK:         %[[NT:.+]] = arith.ceildivui %{{.+}}, %c16
// CHECK:         scf.forall (%[[B:.+]], %[[RT:.+]], %[[CT:.+]]) in (%{{.+}}, %[[NT]], 2) shared_outs(%[[O:.+]] = %[[OUT]])
// CHECK:           tensor.extract_slice %[[X]][%[[B]], %{{.+}}, 0] [1, 16, 32] [1, 1, 1] : tensor<2x40x32xf32> to tensor<16x32xf32>
// CHECK:           tensor.pad
// CHECK:           tensor.extract_slice %[[I]][%[[B]], %{{.+}}, %{{.+}}] [1, 16, 32] [1, 1, 1] : tensor<2x40x64xf32> to tensor<16x32xf32>
// CHECK:           %[[WT:.+]] = tensor.extract_slice %[[W]][0, %{{.+}}] [32, 32] [1, 1] : tensor<32x64xf32> to tensor<32x32xf32>
// CHECK:           %[[P:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.+}}, %[[WT]] : tensor<16x32xf32>, tensor<32x32xf32>) outs(%{{.+}} : tensor<16x32xf32>)
// CHECK:           %[[V:.+]] = tensor.extract_slice %[[P]][%{{.+}}, 0] [%{{.+}}, 32] [1, 1] : tensor<16x32xf32> to tensor<?x32xf32>
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %[[V]] into %[[O]][%[[B]], %{{.+}}, %{{.+}}] [1, %{{.+}}, 32] [1, 1, 1]
func.func @projection(%x: tensor<2x40x32xf32>, %w: tensor<32x64xf32>, %init: tensor<2x40x64xf32>) -> tensor<2x40x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<2x40x32xf32>, tensor<32x64xf32>) outs(%init : tensor<2x40x64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x40x64xf32>
  return %r : tensor<2x40x64xf32>
}

// -----

// Not a projection: a dynamic weight, and a body that is not a mul-add, stay
// as they are.

// CHECK-LABEL: func.func @dynamic_weight
// CHECK-NOT:     scf.forall
// CHECK:         linalg.generic
func.func @dynamic_weight(%x: tensor<2x40x32xf32>, %w: tensor<32x?xf32>, %init: tensor<2x40x?xf32>) -> tensor<2x40x?xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<2x40x32xf32>, tensor<32x?xf32>) outs(%init : tensor<2x40x?xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x40x?xf32>
  return %r : tensor<2x40x?xf32>
}

// CHECK-LABEL: func.func @max_not_add
// CHECK-NOT:     scf.forall
// CHECK:         arith.maximumf
func.func @max_not_add(%x: tensor<2x40x32xf32>, %w: tensor<32x64xf32>, %init: tensor<2x40x64xf32>) -> tensor<2x40x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<2x40x32xf32>, tensor<32x64xf32>) outs(%init : tensor<2x40x64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.maximumf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x40x64xf32>
  return %r : tensor<2x40x64xf32>
}
