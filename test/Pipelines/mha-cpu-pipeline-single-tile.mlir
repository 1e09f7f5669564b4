// The tile loop of a single iteration (B = 1, one key/value head, one query
// tile: multi-query decoding; a block whose projections are one tile each)
// stays an scf.forall until --mha-vectorize-tiles has vectorized the tiles
// inside it: no tile product is left a linalg.generic with a reduction.
// Folded away by the canonicalizer before it, as it was, the whole tiled form
// stayed scalar code and ran 9x slower (docs/perf/flash-cpu-notes.md).
//
// RUN: mha-opt %s --mha-cpu-pipeline="num-threads=1" -split-input-file -o /dev/null \
// RUN:   -mlir-print-ir-after=mha-vectorize-tiles 2>&1 | FileCheck %s
//
// The same in the LLVM dialect: the products are vector FMAs.
// RUN: mha-opt %s --mha-cpu-pipeline="num-threads=1" -split-input-file | FileCheck %s --check-prefix=LLVM
//
// No diagnostic on the way.
// RUN: mha-opt %s --mha-cpu-pipeline="num-threads=1" -split-input-file -verify-diagnostics -o /dev/null
//
// What the pipeline avoids: a plain canonicalizer between the passes folds
// the single-iteration loop, and the vectorizer then leaves the tile products
// as linalg.generic reductions; the command-line recipe of Passes.td
// (disable-patterns) keeps the loop, as the pipeline does.
// RUN: mha-opt %s --split-input-file --mha-tile-attention -canonicalize --mha-vectorize-tiles \
// RUN:   | FileCheck %s --check-prefix=FOLDED
// RUN: mha-opt %s --split-input-file --mha-tile-attention \
// RUN:   '-canonicalize=disable-patterns="(anonymous namespace)::ForallOpSingleOrZeroIterationDimsFolder"' \
// RUN:   --mha-vectorize-tiles | FileCheck %s --check-prefix=KEPT
//
// And the results match the float64 reference.
// RUN: mha-run %s --entry=mqa_decode --seed=7 --check | FileCheck %s --check-prefix=EXEC
// RUN: mha-run %s --entry=one_head --seed=7 --check | FileCheck %s --check-prefix=EXEC
// RUN: mha-run %s --entry=mqa_decode --seed=8 --check --mattr=-avx512f | FileCheck %s --check-prefix=EXEC
// RUN: mha-run %s --entry=block_one_token --seed=9 --check | FileCheck %s --check-prefix=EXEC
// EXEC: check: result 0: rel_l2={{.*}} PASS
// EXEC-NEXT: check: PASS

// Multi-query decoding: 4 query heads over one key/value head, one row each
// (a tile of 4 columns).
// CHECK-LABEL: IR Dump After MHAVectorizeTiles
// CHECK: func.func @mqa_decode
// CHECK: scf.forall ({{.*}}) in (1, 1, 1)
// CHECK-NOT: "reduction"
// CHECK: vector.fma
// CHECK-NOT: "reduction"
// CHECK: scf.forall.in_parallel
// LLVM-LABEL: llvm.func @mqa_decode
// LLVM: llvm.intr.fma({{.*}}) : (vector<{{[0-9]+}}xf32>
// FOLDED-LABEL: func.func @mqa_decode
// FOLDED-NOT:   scf.forall (
// FOLDED:       linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// KEPT-LABEL:   func.func @mqa_decode
// KEPT:         scf.forall ({{.*}}) in (1, 1, 1)
// KEPT-NOT:     "reduction"
// KEPT:         vector.fma
// KEPT-NOT:     "reduction"
// KEPT:         scf.forall.in_parallel
func.func @mqa_decode(%q: tensor<1x4x1x64xf32>, %k: tensor<1x1x96x64xf32>, %v: tensor<1x1x96x64xf32>) -> tensor<1x4x1x64xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x4x1x64xf32>, tensor<1x1x96x64xf32>, tensor<1x1x96x64xf32> -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}

// -----

// One head, 16 query rows: one query tile.
// CHECK-LABEL: IR Dump After MHAVectorizeTiles
// CHECK: func.func @one_head
// CHECK: scf.forall ({{.*}}) in (1, 1, 1)
// CHECK-NOT: "reduction"
// CHECK: vector.fma
// CHECK-NOT: "reduction"
// CHECK: scf.forall.in_parallel
// LLVM-LABEL: llvm.func @one_head
// LLVM: llvm.intr.fma({{.*}}) : (vector<{{[0-9]+}}xf32>
func.func @one_head(%q: tensor<1x1x16x32xf32>, %k: tensor<1x1x80x32xf32>, %v: tensor<1x1x80x32xf32>) -> tensor<1x1x16x32xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x1x16x32xf32>, tensor<1x1x80x32xf32>, tensor<1x1x80x32xf32> -> tensor<1x1x16x32xf32>
  return %o : tensor<1x1x16x32xf32>
}

// -----

// A block for one token: every projection is one tile of one row (the
// attention, one query row over one key, is left to the unfused lowering:
// unfused-max-scores). The projections' products are vector FMAs.
// CHECK-LABEL: IR Dump After MHAVectorizeTiles
// CHECK: func.func @block_one_token
// CHECK-NOT: "reduction"
// CHECK: scf.forall ({{.*}}) in (1, 1, 1)
// CHECK-NOT: "reduction"
// CHECK: vector.fma
// CHECK-NOT: "reduction"
// CHECK: return
// LLVM-LABEL: llvm.func @block_one_token
// LLVM: llvm.intr.fm{{a|uladd}}({{.*}}) : (vector<{{[0-9]+}}xf32>
func.func @block_one_token(%x: tensor<1x1x64xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x64xf32>, %wv: tensor<64x64xf32>, %wo: tensor<64x64xf32>, %bq: tensor<64xf32>, %bk: tensor<64xf32>, %bv: tensor<64xf32>, %bo: tensor<64xf32>) -> tensor<1x1x64xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>)
         heads(2)
         : tensor<1x1x64xf32>, tensor<1x1x64xf32>, tensor<1x1x64xf32> -> tensor<1x1x64xf32>
  return %y : tensor<1x1x64xf32>
}
