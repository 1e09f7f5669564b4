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
// The largest partial max (a loop over the shares), then the weights and
// the weighted sums (a second loop), one division.
// CHECK:         scf.for %[[P:.+]] = %c0 to %c4 step %c1
// CHECK:           tensor.extract_slice %[[PARTS]]#0[{{.+}}, %[[P]], 0] [1, 1, 1, 1, 4]
// CHECK:           arith.maxnumf
// CHECK:         scf.for %[[P2:.+]] = %c0 to %c4 step %c1
// CHECK:           tensor.extract_slice %[[PARTS]]#0[{{.+}}, %[[P2]], 0] [1, 1, 1, 1, 4]
// CHECK:           tensor.extract_slice %[[PARTS]]#1[{{.+}}, %[[P2]], 0] [1, 1, 1, 1, 4]
// CHECK:           tensor.extract_slice %[[PARTS]]#2[{{.+}}, %[[P2]], 0, 0] [1, 1, 1, 1, 64, 4]
// CHECK:           scf.yield
// CHECK:         arith.divf
// CHECK-NOT:     arith.divf
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

// A dynamic S: automatically, 16 shares at most, as many as give each
// at least 512 keys (8 steps) of S, chosen at run time; an S of fewer
// than 16 steps (one share) takes the loop without shares. Asked for, 3
// shares whatever S.
// CHECK-LABEL: func.func @dynamic_s(
// CHECK-DAG:     %[[C8:.+]] = arith.constant 8 : index
// CHECK-DAG:     %[[C16:.+]] = arith.constant 16 : index
// CHECK:         %[[S:.+]] = tensor.dim %{{.+}}, %c2 : tensor<1x1x?x64xf32>
// CHECK:         %[[STEPS:.+]] = arith.ceildivui %[[S]], %c64 : index
// CHECK:         %[[TWO:.+]] = arith.cmpi uge, %[[STEPS]], %[[C16]] : index
// CHECK:         scf.if %[[TWO]]
// CHECK:           %[[N:.+]] = arith.divui %{{.+}}, %[[C8]] : index
// CHECK:           %[[N1:.+]] = arith.maxsi %[[N]], %c1 : index
// CHECK:           %[[ACTIVE:.+]] = arith.minsi %[[N1]], %[[C16]] : index
// CHECK:           %[[PARTS:.+]]:3 = scf.forall (%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) in (1, 1, 1, %[[ACTIVE]])
// CHECK-SAME:        -> (tensor<1x1x1x16x4xf32>, tensor<1x1x1x16x4xf32>, tensor<1x1x1x16x64x4xf32>)
// CHECK:             arith.ceildivui %{{.+}}, %[[ACTIVE]] : index
// CHECK:           scf.forall (%{{.+}}, %{{.+}}, %{{.+}}) in (1, 1, 1) shared_outs
// CHECK:             scf.for %{{.+}} = %c0 to %[[ACTIVE]] step %c1
// CHECK:             scf.for %{{.+}} = %c0 to %[[ACTIVE]] step %c1
// CHECK:         } else {
// CHECK:           scf.forall (%{{[^,]+}}, %{{[^,]+}}, %{{[^)]+}}) in (1, 1, 1)
// CHECK-NOT:       scf.forall (
// CHECK:         return
// THREE-LABEL: func.func @dynamic_s(
// THREE-NOT:     scf.if
// THREE:         scf.forall (%{{.+}}) in (%{{.+}}, 1, 1, 3)
// THREE:         scf.forall (%{{.+}}) in (%{{.+}}, 1, 1)
// THREE-NOT:     scf.forall (
// THREE:         return
func.func @dynamic_s(%q: tensor<1x4x1x64xf32>, %k: tensor<1x1x?x64xf32>, %v: tensor<1x1x?x64xf32>) -> tensor<1x4x1x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x4x1x64xf32>, tensor<1x1x?x64xf32>, tensor<1x1x?x64xf32> -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}

// -----

// A dynamic L with 32 query heads over one key/value head (remainder
// tiles of one row, whose count is dynamic): the whole 2-row tiles, then a
// single row left (L odd; above all L = 1, decoding compiled for any L)
// takes one one-row tile whose static count lets the automatic choice
// split its key range into 4 shares; otherwise the one-row remainder tiles
// without shares. With kv-splits=1 (and explicit counts, which the
// remainder tiles take as they are) there is no such branch.
// CHECK-LABEL: func.func @dynamic_l_mqa(
// CHECK:         %[[WHOLE:.+]] = arith.divui %{{.+}}, %c2 : index
// CHECK:         scf.forall (%{{[^,]+}}, %{{[^,]+}}, %{{[^)]+}}) in (1, 1, %[[WHOLE]])
// CHECK:         %[[REST:.+]] = arith.subi %{{.+}}, %{{.+}} : index
// CHECK:         %[[ONE:.+]] = arith.cmpi eq, %[[REST]], %c1 : index
// CHECK:         scf.if %[[ONE]]
// CHECK:           scf.forall ({{.*}}) in (1, 1, 1, 4) shared_outs
// CHECK-SAME:        -> (tensor<1x1x1x4x32xf32>, tensor<1x1x1x4x32xf32>, tensor<1x1x1x4x64x32xf32>)
// CHECK:           scf.forall ({{.*}}) in (1, 1, 1) shared_outs
// CHECK:         } else {
// CHECK:           scf.forall ({{.*}}) in (1, 1, %{{.+}}) shared_outs
// CHECK-SAME:        -> (tensor<1x1x32x?x64xf32>)
// NONE-LABEL: func.func @dynamic_l_mqa(
// NONE-NOT:     arith.cmpi eq
// NONE:         return
// THREE-LABEL: func.func @dynamic_l_mqa(
// THREE-NOT:    arith.cmpi eq
// THREE:        scf.forall ({{.*}}) in (%{{.+}}, 1, %{{.+}}, 3)
// THREE-NOT:    arith.cmpi eq
// THREE:        return
func.func @dynamic_l_mqa(%q: tensor<1x32x?x64xf32>, %k: tensor<1x1x2048x64xf32>, %v: tensor<1x1x2048x64xf32>) -> tensor<1x32x?x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x32x?x64xf32>, tensor<1x1x2048x64xf32>, tensor<1x1x2048x64xf32> -> tensor<1x32x?x64xf32>
  return %o : tensor<1x32x?x64xf32>
}

// -----

// 64 query heads over one: tiles of one row per head and no remainder loop,
// so a dynamic L has a dynamic count of tiles. One tile (L = 1) takes a
// loop of one tile with 4 shares; more take the loop without.
// CHECK-LABEL: func.func @dynamic_l_group64(
// CHECK:         %[[DIM:.+]] = tensor.dim %{{.+}}, %c2{{.*}} : tensor<1x64x?x16xf32>
// CHECK:         %[[ONE:.+]] = arith.cmpi eq, %[[DIM]], %c1 : index
// CHECK:         scf.if %[[ONE]]
// CHECK:           scf.forall ({{.*}}) in (1, 1, 1, 4) shared_outs
// CHECK-SAME:        -> (tensor<1x1x1x4x64xf32>, tensor<1x1x1x4x64xf32>, tensor<1x1x1x4x16x64xf32>)
// CHECK:           scf.forall ({{.*}}) in (1, 1, 1) shared_outs
// CHECK:         } else {
// CHECK:           scf.forall ({{.*}}) in (1, 1, %[[DIM]]) shared_outs
// CHECK-SAME:        -> (tensor<1x1x64x?x16xf32>)
// NONE-LABEL: func.func @dynamic_l_group64(
// NONE-NOT:     arith.cmpi eq
// NONE:         return
func.func @dynamic_l_group64(%q: tensor<1x64x?x16xf32>, %k: tensor<1x1x2048x16xf32>, %v: tensor<1x1x2048x16xf32>) -> tensor<1x64x?x16xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x64x?x16xf32>, tensor<1x1x2048x16xf32>, tensor<1x1x2048x16xf32> -> tensor<1x64x?x16xf32>
  return %o : tensor<1x64x?x16xf32>
}
