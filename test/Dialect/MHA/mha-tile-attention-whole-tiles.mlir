// Where static sizes divide into whole tiles, the tiled form reads every
// query and key/value tile at its own start (no clamp into range) and
// writes all TQ rows of each query tile; a window moves the key/value loop's
// start off the multiples of TS, so its windows keep the clamp.
// RUN: mha-opt %s -mha-tile-attention="query-tile=32 kv-tile=16" -canonicalize -split-input-file | FileCheck %s
// RUN: mha-opt %s -mha-tile-attention="query-tile=32 kv-tile=16" -split-input-file -verify-diagnostics -o /dev/null

// CHECK-LABEL: func.func @whole_tiles(
// CHECK-SAME:      %[[Q:[^:]+]]: tensor<1x2x64x16xf32>, %[[K:[^:]+]]: tensor<1x2x48x16xf32>, %[[V:[^:]+]]: tensor<1x2x48x16xf32>)
// CHECK-NOT:     arith.minsi
// CHECK:         scf.forall (%[[H:.+]], %[[QT:.+]]) in (2, 2)
// CHECK-NEXT:      %[[L0:.+]] = arith.muli %[[QT]], %{{.+}} : index
// CHECK-NEXT:      tensor.extract_slice %{{.+}}[0, %[[H]], 0, %[[L0]], 0] [1, 1, 1, 32, 16]
// CHECK:           scf.for %[[J0:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args
// CHECK-NEXT:        tensor.extract_slice %[[K]][0, %[[H]], %[[J0]], 0] [1, 1, 16, 16]
// CHECK-NEXT:        tensor.extract_slice %[[V]][0, %[[H]], %[[J0]], 0] [1, 1, 16, 16]
// CHECK-NOT:     arith.minsi
// CHECK:           tensor.parallel_insert_slice %{{.+}} into %{{.+}}[0, %[[H]], 0, %[[L0]], 0] [1, 1, 1, 32, 16]
func.func @whole_tiles(%q: tensor<1x2x64x16xf32>, %k: tensor<1x2x48x16xf32>,
                       %v: tensor<1x2x48x16xf32>) -> tensor<1x2x64x16xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x64x16xf32>, tensor<1x2x48x16xf32>, tensor<1x2x48x16xf32>
           -> tensor<1x2x64x16xf32>
  return %o : tensor<1x2x64x16xf32>
}

// -----

// CHECK-LABEL: func.func @window(
// CHECK-SAME:      %[[Q:[^:]+]]: tensor<1x2x64x16xf32>, %[[K:[^:]+]]: tensor<1x2x48x16xf32>, %[[V:[^:]+]]: tensor<1x2x48x16xf32>)
// CHECK:           scf.for %[[J0:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args
// CHECK-NEXT:        %[[KS:.+]] = arith.minsi %[[J0]], %{{.+}} : index
// CHECK-NEXT:        tensor.extract_slice %[[K]][0, %{{.+}}, %[[KS]], 0] [1, 1, 16, 16]
// CHECK-NEXT:        %[[VS:.+]] = arith.minsi %[[J0]], %{{.+}} : index
// CHECK-NEXT:        tensor.extract_slice %[[V]][0, %{{.+}}, %[[VS]], 0] [1, 1, 16, 16]
func.func @window(%q: tensor<1x2x64x16xf32>, %k: tensor<1x2x48x16xf32>,
                  %v: tensor<1x2x48x16xf32>) -> tensor<1x2x64x16xf32> {
  %o = mha.attention %q, %k, %v window(5, 0)
         : tensor<1x2x64x16xf32>, tensor<1x2x48x16xf32>, tensor<1x2x48x16xf32>
           -> tensor<1x2x64x16xf32>
  return %o : tensor<1x2x64x16xf32>
}

// -----

// L = 40 is not whole tiles of 32: the valid rows of a query tile are
// min(32, L - l0), and its window is clamped into range.

// CHECK-LABEL: func.func @partial_tiles(
// CHECK:         scf.forall
// CHECK:           arith.minsi
func.func @partial_tiles(%q: tensor<1x2x40x16xf32>, %k: tensor<1x2x48x16xf32>,
                         %v: tensor<1x2x48x16xf32>) -> tensor<1x2x40x16xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x40x16xf32>, tensor<1x2x48x16xf32>, tensor<1x2x48x16xf32>
           -> tensor<1x2x40x16xf32>
  return %o : tensor<1x2x40x16xf32>
}
