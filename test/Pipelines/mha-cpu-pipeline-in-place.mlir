// The flash path writes the attention output where it belongs: each query
// tile's normalized rows go straight into the output (no tile buffer and
// copy: empty-tensor elimination before bufferization), and with
// results-to-out-params the output is the caller's buffer (no whole-result
// buffer and copy at the end).
//
// RUN: mha-opt %s --mha-cpu-pipeline -o /dev/null \
// RUN:   -mlir-print-ir-after=one-shot-bufferize 2>&1 | FileCheck %s --check-prefix=TILE
// RUN: mha-opt %s --mha-cpu-pipeline="results-to-out-params=1" -o /dev/null \
// RUN:   -mlir-print-ir-after=mha-results-to-out-params 2>&1 | FileCheck %s --check-prefix=OUT
// RUN: mha-opt %s --mha-cpu-pipeline -o /dev/null \
// RUN:   -mlir-print-ir-after=buffer-loop-hoisting 2>&1 | FileCheck %s --check-prefix=LOOP
// No diagnostic on the way, with either option.
// RUN: mha-opt %s --mha-cpu-pipeline -verify-diagnostics -o /dev/null
// RUN: mha-opt %s --mha-cpu-pipeline="results-to-out-params=1" -verify-diagnostics -o /dev/null

// L = 120 makes two query tiles (64 and 56 rows), whose row counts are computed (min), so the
// tile's transposing copy into the output is a dynamically sized
// linalg.generic.

// TILE-LABEL: func.func @epilogue(
// TILE:         %[[O:.+]] = memref.alloc() {{.*}}: memref<1x2x1x120x16xf32>
// TILE:         scf.forall
// TILE:           memref.subview %[[O]][0, %{{.+}}, 0, %{{.+}}, 0] [1, 1, 1, %{{.+}}, 16]
// TILE-NOT:       memref.alloc
// TILE:           linalg.generic
// TILE-SAME:        outs(%{{.+}} : memref<?x16xf32, strided<[16, 1], offset: ?>>)
// TILE-NEXT:      ^bb0
// TILE-NEXT:        linalg.yield

// The key/value loop allocates nothing and carries no buffer: the score
// tile and the row max are allocated once per query tile (upstream's
// buffer-loop-hoisting), and the running max, sum and accumulator are
// updated in place (m_new is written over m_old after alpha, its last
// reader), so the loop has no iter_args left. The first allocation after
// the loop's start is past 1/l, which follows the loop.
// LOOP-LABEL: func.func @epilogue(
// LOOP:         scf.forall
// (S = 120 takes two key/value tiles of 60 rows.)
// LOOP:           memref.alloc() {{.*}}: memref<60x64xf32>
// LOOP:           scf.for %{{.+}} = %c0 to %c120 step %c60 {
// LOOP-NOT:         memref.alloc
// LOOP:           arith.divf

// OUT-LABEL: func.func @epilogue(
// OUT-SAME:      %[[RESULT:[^:]+]]: memref<1x2x120x16xf32>) attributes {mha.results_as_out_params} {
// OUT:         %[[O:.+]] = memref.expand_shape %[[RESULT]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 1, 120, 16]
// OUT:         scf.forall
// OUT:           memref.subview %[[O]]
// OUT-NOT:       memref.copy {{.*}} to memref<1x?x16xf32
// OUT-NOT:     memref.copy {{.*}}, %[[RESULT]]
// OUT:         return{{$}}
func.func @epilogue(%q: tensor<1x2x120x16xf32>, %k: tensor<1x2x120x16xf32>,
                    %v: tensor<1x2x120x16xf32>) -> tensor<1x2x120x16xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x120x16xf32>, tensor<1x2x120x16xf32>, tensor<1x2x120x16xf32>
           -> tensor<1x2x120x16xf32>
  return %o : tensor<1x2x120x16xf32>
}
