// (test.use: an op of no registered dialect.)
// RUN: mha-opt %s -mha-hoist-allocs-to-workspace -allow-unregistered-dialect -split-input-file | FileCheck %s
// Diagnostics: the pass has no failure mode: no diagnostic for any input here,
// the functions it leaves alone included.
// RUN: mha-opt %s -mha-hoist-allocs-to-workspace -allow-unregistered-dialect -split-input-file -verify-diagnostics -o /dev/null

// The static top-level buffers of a public function without memref results
// become views of one trailing workspace argument, at 64-byte aligned
// offsets (400 bytes, rounded up to 448, then 4, to 64); the dynamic one, the one in
// a loop and the i1 one stay allocations.

// CHECK-LABEL: func.func @hoisted(
// CHECK-SAME:      %[[OUT:[^:]+]]: memref<10x10xf32>, %[[N:[^:]+]]: index, %[[WS:[^:]+]]: memref<512xi8>)
// CHECK-SAME:      attributes {mha.workspace_bytes = 512 : i64}
// CHECK:         %[[C0:.+]] = arith.constant 0 : index
// CHECK-NEXT:    %[[A:.+]] = memref.view %[[WS]][%[[C0]]][] : memref<512xi8> to memref<10x10xf32>
// CHECK-NEXT:    %[[C448:.+]] = arith.constant 448 : index
// CHECK-NEXT:    %[[B:.+]] = memref.view %[[WS]][%[[C448]]][] : memref<512xi8> to memref<4xi8>
// CHECK:         memref.alloc(%[[N]]) : memref<?xf32>
// CHECK:         memref.alloc() : memref<8xi1>
// CHECK:         scf.for
// CHECK:           memref.alloc() : memref<16xf32>
// CHECK:         memref.copy %[[A]], %[[OUT]]
func.func @hoisted(%out: memref<10x10xf32>, %n: index) {
  %a = memref.alloc() : memref<10x10xf32>
  %b = memref.alloc() : memref<4xi8>
  %d = memref.alloc(%n) : memref<?xf32>
  %m = memref.alloc() : memref<8xi1>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %t = memref.alloc() : memref<16xf32>
    "test.use"(%t) : (memref<16xf32>) -> ()
  }
  "test.use"(%b, %d, %m) : (memref<4xi8>, memref<?xf32>, memref<8xi1>) -> ()
  memref.copy %a, %out : memref<10x10xf32> to memref<10x10xf32>
  return
}

// -----

// Left alone: a function that returns a memref (its buffers may be the
// result), a private one, and one without static top-level allocations.

// CHECK-LABEL: func.func @returns(
// CHECK-SAME:      %{{[^:]+}}: index) -> memref<4xf32> {
// CHECK:         memref.alloc() : memref<4xf32>
// CHECK-NOT:     mha.workspace_bytes
func.func @returns(%n: index) -> memref<4xf32> {
  %a = memref.alloc() : memref<4xf32>
  return %a : memref<4xf32>
}

// CHECK-LABEL: func.func private @private_fn(
// CHECK-SAME:      %{{[^:]+}}: memref<4xf32>) {
// CHECK:         memref.alloc() : memref<4xf32>
func.func private @private_fn(%o: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %a, %o : memref<4xf32> to memref<4xf32>
  return
}

// CHECK-LABEL: func.func @nothing(
// CHECK-SAME:      %{{[^:]+}}: memref<4xf32>) {
// CHECK-NOT:     memref.view
func.func @nothing(%o: memref<4xf32>) {
  return
}
