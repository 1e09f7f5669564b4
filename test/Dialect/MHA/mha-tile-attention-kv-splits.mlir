// --mha-tile-attention kv-splits: shares of each query tile's key range
// (flash-decoding). Each iteration of a parallel loop over (b, key/value
// head, query tile, share) runs the online softmax over its share's whole
// steps into a partial max, sum and unnormalized O^T; a second parallel
// loop over the tiles combines them (m = max m_p, w_p = 2^((m_p - m)
// log2 e), l = sum w_p l_p, O^T = sum w_p O^T_p) and divides by l once.
// The canonicalizer keeps loops of one iteration, as --mha-cpu-pipeline's
// does before --mha-vectorize-tiles.
// RUN: mha-opt %s -mha-tile-attention '-canonicalize=disable-patterns="(anonymous namespace)::ForallOpSingleOrZeroIterationDimsFolder"' \
// RUN:   -split-input-file | FileCheck %s
// RUN: mha-opt %s -mha-tile-attention="kv-splits=1" -split-input-file | FileCheck %s --check-prefix=NONE
// RUN: mha-opt %s -mha-tile-attention="kv-splits=3" -split-input-file | FileCheck %s --check-prefix=THREE
// No diagnostic on the way.
// RUN: mha-opt %s -mha-tile-attention -split-input-file -verify-diagnostics -o /dev/null

// Multi-query decoding: the parallel loop has one iteration (B = Hkv = 1,
// one query tile), S = 2048: 16 would be wanted, 2048 / 512 = 4 shares of
// 512 keys (8 steps of 64) each.
// CHECK-LABEL: func.func @mqa(
// CHECK-DAG:   %[[C512:.+]] = arith.constant 512 : index
// CHECK-DAG:   %[[C2048:.+]] = arith.constant 2048 : index
// CHECK:       %[[PARTS:.+]]:3 = scf.forall (%{{.+}}, %{{.+}}, %{{.+}}, %[[SHARE:.+]]) in (1, 1, 1, 4)
// CHECK-SAME:    -> (tensor<1x1x1x4x4xf32>, tensor<1x1x1x4x4xf32>, tensor<1x1x1x4x64x4xf32>)
// CHECK:         %[[OFF:.+]] = arith.muli %[[SHARE]], %[[C512]] : index
// CHECK:         %[[BEGIN:.+]] = arith.minsi %[[OFF]], %[[C2048]] : index
// CHECK:         %[[LAST:.+]] = arith.addi %[[BEGIN]], %[[C512]] : index
// CHECK:         %[[END:.+]] = arith.minsi %[[LAST]], %[[C2048]] : index
// CHECK:         %[[STEPS:.+]]:3 = scf.for %{{.+}} = %[[BEGIN]] to %[[END]] step %c64
// CHECK:         scf.forall.in_parallel {
// CHECK-NEXT:      tensor.parallel_insert_slice %[[STEPS]]#0 into %{{.+}}[0, 0, 0, %[[SHARE]], 0] [1, 1, 1, 1, 4]
// CHECK-NEXT:      tensor.parallel_insert_slice %[[STEPS]]#1 into %{{.+}}[0, 0, 0, %[[SHARE]], 0] [1, 1, 1, 1, 4]
// CHECK-NEXT:      tensor.parallel_insert_slice %[[STEPS]]#2 into %{{.+}}[0, 0, 0, %[[SHARE]], 0, 0] [1, 1, 1, 1, 64, 4]
// CHECK:       scf.forall (%{{.+}}, %{{.+}}, %{{.+}}) in (1, 1, 1) shared_outs
// CHECK:         tensor.extract_slice %[[PARTS]]#0[{{.+}}] [1, 1, 1, 4, 4]
// CHECK:         tensor.extract_slice %[[PARTS]]#1[{{.+}}] [1, 1, 1, 4, 4]
// CHECK:         tensor.extract_slice %[[PARTS]]#2[{{.+}}] [1, 1, 1, 4, 64, 4]
// The largest partial max, the weights, the weighted sums, one division.
// CHECK:         linalg.generic {{.+}} iterator_types = ["reduction", "parallel"]
// CHECK:           arith.maxnumf
// CHECK:         linalg.generic {{.+}} iterator_types = ["parallel", "parallel"]
// CHECK:         linalg.generic {{.+}} iterator_types = ["reduction", "parallel"]
// CHECK:         linalg.generic {{.+}} iterator_types = ["reduction", "parallel", "parallel"]
// CHECK:           arith.divf
// CHECK-NOT:       arith.divf
// CHECK:         tensor.parallel_insert_slice
// NONE-LABEL: func.func @mqa(
// NONE:         scf.forall (%{{[^,]+}}, %{{[^,]+}}, %{{[^)]+}}) in
// NONE-NOT:     scf.forall (
// NONE:         return
// THREE-LABEL: func.func @mqa(
// THREE:        scf.forall ({{.*}}) in (%{{.+}}, 1, 1, 3)
// THREE:        scf.forall ({{.*}}) in (%{{.+}}, 1, 1)
func.func @mqa(%q: tensor<1x4x1x64xf32>, %k: tensor<1x1x2048x64xf32>, %v: tensor<1x1x2048x64xf32>) -> tensor<1x4x1x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x4x1x64xf32>, tensor<1x1x2048x64xf32>, tensor<1x1x2048x64xf32> -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}

// -----

// 16 key/value heads are 16 iterations already: no shares.
// CHECK-LABEL: func.func @enough_heads(
// CHECK:         scf.forall ({{[^)]+}}) in (1, 16, 1)
// CHECK-NOT:     scf.forall (
// CHECK:         return
func.func @enough_heads(%q: tensor<1x16x1x64xf32>, %k: tensor<1x16x2048x64xf32>, %v: tensor<1x16x2048x64xf32>) -> tensor<1x16x1x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x16x1x64xf32>, tensor<1x16x2048x64xf32>, tensor<1x16x2048x64xf32> -> tensor<1x16x1x64xf32>
  return %o : tensor<1x16x1x64xf32>
}

// -----

// S = 1000: not two shares of 512 keys.
// CHECK-LABEL: func.func @short(
// CHECK:         scf.forall ({{[^)]+}}) in (1, 1, 1)
// CHECK-NOT:     scf.forall (
// CHECK:         return
func.func @short(%q: tensor<1x4x1x64xf32>, %k: tensor<1x1x1000x64xf32>, %v: tensor<1x1x1000x64xf32>) -> tensor<1x4x1x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x4x1x64xf32>, tensor<1x1x1000x64xf32>, tensor<1x1x1000x64xf32> -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}

// -----

// A dynamic S: no shares, even when asked for.
// CHECK-LABEL: func.func @dynamic_s(
// CHECK-NOT:     in (%{{.+}}, 1, %{{.+}}, {{[0-9]+}})
// CHECK:         return
// THREE-LABEL: func.func @dynamic_s(
// THREE-NOT:     in (%{{.+}}, 1, %{{.+}}, 3)
// THREE:         return
func.func @dynamic_s(%q: tensor<1x4x1x64xf32>, %k: tensor<1x1x?x64xf32>, %v: tensor<1x1x?x64xf32>) -> tensor<1x4x1x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x4x1x64xf32>, tensor<1x1x?x64xf32>, tensor<1x1x?x64xf32> -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}
