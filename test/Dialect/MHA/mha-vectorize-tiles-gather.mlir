// A bias read per element (a dynamic S: remainder keys) is gathered from the
// bias collapsed to 1-D, from flattened base indices, never from the 4-D
// tensor: upstream's vectorizer flattens the indices by the tensor's sizes,
// which a slice of a larger bias (a strided buffer) does not follow. A slice
// is first copied to a fresh row-major tensor, a function argument (row-major
// at the function boundary) is collapsed as it is; both right after the
// tensor's definition, outside the tile loops.
// RUN: mha-opt %s -split-input-file -mha-tile-attention -canonicalize \
// RUN:   -mha-vectorize-tiles | FileCheck %s
// No diagnostic on the way (the pass's option errors are in
// mha-vectorize-tiles.mlir; this rewrite has none of its own):
// RUN: mha-opt %s -split-input-file -mha-tile-attention -canonicalize \
// RUN:   -mha-vectorize-tiles -verify-diagnostics -o /dev/null

// CHECK-LABEL: func.func @bias_slice
// CHECK:       %[[SLICE:.*]] = tensor.extract_slice %arg3[0, 0, 0, 0] [1, 1, 32, %{{.*}}] [1, 1, 1, 1] : tensor<1x1x32x64xf32> to tensor<1x1x32x?xf32>
// CHECK-NEXT:  %[[COPY:.*]] = bufferization.alloc_tensor() copy(%[[SLICE]]) : tensor<1x1x32x?xf32>
// CHECK-NEXT:  %[[FLAT:.*]] = tensor.collapse_shape %[[COPY]] {{\[\[}}0, 1, 2, 3]] : tensor<1x1x32x?xf32> into tensor<?xf32>
// CHECK:       scf.forall
// CHECK-NOT:   vector.gather %[[SLICE]]
// CHECK:       vector.gather %[[FLAT]][%{{.*}}] [%{{.*}}], %{{.*}}, %{{.*}} : tensor<?xf32>
// CHECK-NOT:   vector.gather %[[SLICE]]
func.func @bias_slice(%q: tensor<1x1x32x64xf32>, %k: tensor<1x1x?x64xf32>, %v: tensor<1x1x?x32xf32>, %b: tensor<1x1x32x64xf32>) -> tensor<1x1x32x32xf32> {
  %c2 = arith.constant 2 : index
  %s = tensor.dim %k, %c2 : tensor<1x1x?x64xf32>
  %bs = tensor.extract_slice %b[0, 0, 0, 0] [1, 1, 32, %s] [1, 1, 1, 1] : tensor<1x1x32x64xf32> to tensor<1x1x32x?xf32>
  %o = mha.attention %q, %k, %v bias(%bs : tensor<1x1x32x?xf32>)
         : tensor<1x1x32x64xf32>, tensor<1x1x?x64xf32>, tensor<1x1x?x32xf32> -> tensor<1x1x32x32xf32>
  return %o : tensor<1x1x32x32xf32>
}

// -----

// CHECK-LABEL: func.func @bias_argument
// CHECK:       %[[FLAT:.*]] = tensor.collapse_shape %arg3 {{\[\[}}0, 1, 2, 3]] : tensor<1x1x32x?xf32> into tensor<?xf32>
// CHECK-NOT:   bufferization.alloc_tensor
// CHECK:       vector.gather %[[FLAT]][%{{.*}}] [%{{.*}}], %{{.*}}, %{{.*}} : tensor<?xf32>
func.func @bias_argument(%q: tensor<1x1x32x64xf32>, %k: tensor<1x1x?x64xf32>, %v: tensor<1x1x?x32xf32>, %b: tensor<1x1x32x?xf32>) -> tensor<1x1x32x32xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x1x32x?xf32>)
         : tensor<1x1x32x64xf32>, tensor<1x1x?x64xf32>, tensor<1x1x?x32xf32> -> tensor<1x1x32x32xf32>
  return %o : tensor<1x1x32x32xf32>
}
