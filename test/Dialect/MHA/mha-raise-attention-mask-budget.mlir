// Mask evaluation is bounded: a mask built by a chain of 40 arith.addf on
// tensors that each read the previous one twice (0/-inf plus itself stays 0/-inf, so the
// mask is causal) would take 2^40 steps to evaluate without memoization;
// both the element-wise evaluator (static sizes) and the symbolic proof
// (dynamic sizes) give up after a step budget, and the added mask is
// raised as the bias it is. Without the budget, mha-opt would not finish.
// RUN: timeout 60 mha-opt %s -mha-raise-attention -split-input-file | FileCheck %s
// Giving up is no error: no diagnostic.
// RUN: timeout 60 mha-opt %s -mha-raise-attention -split-input-file -verify-diagnostics -o /dev/null

// Dynamic sizes: the symbolic proof gives up; raised with the mask as a bias.
func.func @doubling_dynamic(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %se = tensor.empty(%n, %l, %s) : tensor<?x?x?xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<?x?x16xf32>, tensor<?x?x16xf32>) outs(%sf : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %me = tensor.empty(%l, %s) : tensor<?x?xf32>
  %m0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%me : tensor<?x?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c = arith.cmpi sgt, %j, %i : index
    %x = arith.select %c, %ninf, %zero : f32
    linalg.yield %x : f32
  } -> tensor<?x?xf32>
  %m1 = arith.addf %m0, %m0 : tensor<?x?xf32>
  %m2 = arith.addf %m1, %m1 : tensor<?x?xf32>
  %m3 = arith.addf %m2, %m2 : tensor<?x?xf32>
  %m4 = arith.addf %m3, %m3 : tensor<?x?xf32>
  %m5 = arith.addf %m4, %m4 : tensor<?x?xf32>
  %m6 = arith.addf %m5, %m5 : tensor<?x?xf32>
  %m7 = arith.addf %m6, %m6 : tensor<?x?xf32>
  %m8 = arith.addf %m7, %m7 : tensor<?x?xf32>
  %m9 = arith.addf %m8, %m8 : tensor<?x?xf32>
  %m10 = arith.addf %m9, %m9 : tensor<?x?xf32>
  %m11 = arith.addf %m10, %m10 : tensor<?x?xf32>
  %m12 = arith.addf %m11, %m11 : tensor<?x?xf32>
  %m13 = arith.addf %m12, %m12 : tensor<?x?xf32>
  %m14 = arith.addf %m13, %m13 : tensor<?x?xf32>
  %m15 = arith.addf %m14, %m14 : tensor<?x?xf32>
  %m16 = arith.addf %m15, %m15 : tensor<?x?xf32>
  %m17 = arith.addf %m16, %m16 : tensor<?x?xf32>
  %m18 = arith.addf %m17, %m17 : tensor<?x?xf32>
  %m19 = arith.addf %m18, %m18 : tensor<?x?xf32>
  %m20 = arith.addf %m19, %m19 : tensor<?x?xf32>
  %m21 = arith.addf %m20, %m20 : tensor<?x?xf32>
  %m22 = arith.addf %m21, %m21 : tensor<?x?xf32>
  %m23 = arith.addf %m22, %m22 : tensor<?x?xf32>
  %m24 = arith.addf %m23, %m23 : tensor<?x?xf32>
  %m25 = arith.addf %m24, %m24 : tensor<?x?xf32>
  %m26 = arith.addf %m25, %m25 : tensor<?x?xf32>
  %m27 = arith.addf %m26, %m26 : tensor<?x?xf32>
  %m28 = arith.addf %m27, %m27 : tensor<?x?xf32>
  %m29 = arith.addf %m28, %m28 : tensor<?x?xf32>
  %m30 = arith.addf %m29, %m29 : tensor<?x?xf32>
  %m31 = arith.addf %m30, %m30 : tensor<?x?xf32>
  %m32 = arith.addf %m31, %m31 : tensor<?x?xf32>
  %m33 = arith.addf %m32, %m32 : tensor<?x?xf32>
  %m34 = arith.addf %m33, %m33 : tensor<?x?xf32>
  %m35 = arith.addf %m34, %m34 : tensor<?x?xf32>
  %m36 = arith.addf %m35, %m35 : tensor<?x?xf32>
  %m37 = arith.addf %m36, %m36 : tensor<?x?xf32>
  %m38 = arith.addf %m37, %m37 : tensor<?x?xf32>
  %m39 = arith.addf %m38, %m38 : tensor<?x?xf32>
  %m40 = arith.addf %m39, %m39 : tensor<?x?xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m40, %qk : tensor<?x?xf32>, tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) {
  ^bb0(%m: f32, %a: f32, %o: f32):
    %x = arith.addf %m, %a : f32
    linalg.yield %x : f32
  } -> tensor<?x?x?xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<?x?x?xf32>) outs(%se : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %oe = tensor.empty(%n, %l) : tensor<?x?x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<?x?x?xf32>, tensor<?x?x8xf32>) outs(%of : tensor<?x?x8xf32>) -> tensor<?x?x8xf32>
  return %o : tensor<?x?x8xf32>
}

// CHECK-LABEL: func.func @doubling_dynamic(
// CHECK:         mha.attention {{.*}} bias(
// CHECK-NOT:     causal
// CHECK:         return

// -----

// Static sizes: the element-wise evaluator gives up, and so does the
// symbolic proof; raised with the mask as a bias.
func.func @doubling_static(%q: tensor<2x5x16xf32>, %k: tensor<2x7x16xf32>, %v: tensor<2x7x8xf32>) -> tensor<2x5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %se = tensor.empty() : tensor<2x5x7xf32>
  %sf = linalg.fill ins(%zero : f32) outs(%se : tensor<2x5x7xf32>) -> tensor<2x5x7xf32>
  %qk = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q, %k : tensor<2x5x16xf32>, tensor<2x7x16xf32>) outs(%sf : tensor<2x5x7xf32>) -> tensor<2x5x7xf32>
  %me = tensor.empty() : tensor<5x7xf32>
  %m0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%me : tensor<5x7xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c = arith.cmpi sgt, %j, %i : index
    %x = arith.select %c, %ninf, %zero : f32
    linalg.yield %x : f32
  } -> tensor<5x7xf32>
  %m1 = arith.addf %m0, %m0 : tensor<5x7xf32>
  %m2 = arith.addf %m1, %m1 : tensor<5x7xf32>
  %m3 = arith.addf %m2, %m2 : tensor<5x7xf32>
  %m4 = arith.addf %m3, %m3 : tensor<5x7xf32>
  %m5 = arith.addf %m4, %m4 : tensor<5x7xf32>
  %m6 = arith.addf %m5, %m5 : tensor<5x7xf32>
  %m7 = arith.addf %m6, %m6 : tensor<5x7xf32>
  %m8 = arith.addf %m7, %m7 : tensor<5x7xf32>
  %m9 = arith.addf %m8, %m8 : tensor<5x7xf32>
  %m10 = arith.addf %m9, %m9 : tensor<5x7xf32>
  %m11 = arith.addf %m10, %m10 : tensor<5x7xf32>
  %m12 = arith.addf %m11, %m11 : tensor<5x7xf32>
  %m13 = arith.addf %m12, %m12 : tensor<5x7xf32>
  %m14 = arith.addf %m13, %m13 : tensor<5x7xf32>
  %m15 = arith.addf %m14, %m14 : tensor<5x7xf32>
  %m16 = arith.addf %m15, %m15 : tensor<5x7xf32>
  %m17 = arith.addf %m16, %m16 : tensor<5x7xf32>
  %m18 = arith.addf %m17, %m17 : tensor<5x7xf32>
  %m19 = arith.addf %m18, %m18 : tensor<5x7xf32>
  %m20 = arith.addf %m19, %m19 : tensor<5x7xf32>
  %m21 = arith.addf %m20, %m20 : tensor<5x7xf32>
  %m22 = arith.addf %m21, %m21 : tensor<5x7xf32>
  %m23 = arith.addf %m22, %m22 : tensor<5x7xf32>
  %m24 = arith.addf %m23, %m23 : tensor<5x7xf32>
  %m25 = arith.addf %m24, %m24 : tensor<5x7xf32>
  %m26 = arith.addf %m25, %m25 : tensor<5x7xf32>
  %m27 = arith.addf %m26, %m26 : tensor<5x7xf32>
  %m28 = arith.addf %m27, %m27 : tensor<5x7xf32>
  %m29 = arith.addf %m28, %m28 : tensor<5x7xf32>
  %m30 = arith.addf %m29, %m29 : tensor<5x7xf32>
  %m31 = arith.addf %m30, %m30 : tensor<5x7xf32>
  %m32 = arith.addf %m31, %m31 : tensor<5x7xf32>
  %m33 = arith.addf %m32, %m32 : tensor<5x7xf32>
  %m34 = arith.addf %m33, %m33 : tensor<5x7xf32>
  %m35 = arith.addf %m34, %m34 : tensor<5x7xf32>
  %m36 = arith.addf %m35, %m35 : tensor<5x7xf32>
  %m37 = arith.addf %m36, %m36 : tensor<5x7xf32>
  %m38 = arith.addf %m37, %m37 : tensor<5x7xf32>
  %m39 = arith.addf %m38, %m38 : tensor<5x7xf32>
  %m40 = arith.addf %m39, %m39 : tensor<5x7xf32>
  %masked = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%m40, %qk : tensor<5x7xf32>, tensor<2x5x7xf32>) outs(%se : tensor<2x5x7xf32>) {
  ^bb0(%m: f32, %a: f32, %o: f32):
    %x = arith.addf %m, %a : f32
    linalg.yield %x : f32
  } -> tensor<2x5x7xf32>
  %p = linalg.softmax dimension(2) ins(%masked : tensor<2x5x7xf32>) outs(%se : tensor<2x5x7xf32>) -> tensor<2x5x7xf32>
  %oe = tensor.empty() : tensor<2x5x8xf32>
  %of = linalg.fill ins(%zero : f32) outs(%oe : tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x5x7xf32>, tensor<2x7x8xf32>) outs(%of : tensor<2x5x8xf32>) -> tensor<2x5x8xf32>
  return %o : tensor<2x5x8xf32>
}

// CHECK-LABEL: func.func @doubling_static(
// CHECK:         mha.attention {{.*}} bias(
// CHECK-NOT:     causal
// CHECK:         return
