// A bias read per element (a dynamic S: remainder keys) is gathered from the
// bias collapsed to 1-D, from flattened base indices, never from the 4-D
// tensor: upstream's vectorizer flattens the indices by the tensor's sizes,
// which a slice of a larger bias (a strided buffer) does not follow. The
// collapse sits right after the slice, outside the tile loops.
// RUN: mha-opt %s -mha-tile-attention -canonicalize -mha-vectorize-tiles \
// RUN:   | FileCheck %s

// CHECK-LABEL: func.func @bias_slice
// CHECK:       %[[SLICE:.*]] = tensor.extract_slice %arg3[0, 0, 0, 0] [1, 1, 32, %{{.*}}] [1, 1, 1, 1] : tensor<1x1x32x64xf32> to tensor<1x1x32x?xf32>
// CHECK-NEXT:  %[[FLAT:.*]] = tensor.collapse_shape %[[SLICE]] {{\[\[}}0, 1, 2, 3]] : tensor<1x1x32x?xf32> into tensor<?xf32>
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
