// RUN: mha-opt %s -mha-results-to-out-params -split-input-file | FileCheck %s
// Diagnostics: the pass has no failure mode of its own: no diagnostic for any
// input here, the functions it leaves alone included.
// RUN: mha-opt %s -mha-results-to-out-params -split-input-file -verify-diagnostics -o /dev/null

// A public function's static result allocated in the function: the alloc is
// replaced by a trailing argument and nothing is returned.

// CHECK-LABEL: func.func @in_place(
// CHECK-SAME:      %[[X:.+]]: memref<4x8xf32>, %[[OUT:.+]]: memref<4x8xf32>) attributes {mha.results_as_out_params} {
// CHECK-NOT:     memref.alloc
// CHECK:         linalg.add ins(%[[X]], %[[X]] : memref<4x8xf32>, memref<4x8xf32>) outs(%[[OUT]] : memref<4x8xf32>)
// CHECK-NEXT:    return{{$}}
func.func @in_place(%x: memref<4x8xf32>) -> memref<4x8xf32> {
  %r = memref.alloc() : memref<4x8xf32>
  linalg.add ins(%x, %x : memref<4x8xf32>, memref<4x8xf32>) outs(%r : memref<4x8xf32>)
  return %r : memref<4x8xf32>
}

// -----

// A result that is not the function's own allocation (here the argument) is
// copied into the out-parameter; call sites in the module allocate it.

// CHECK-LABEL: func.func @returns_argument(
// CHECK-SAME:      %[[X:.+]]: memref<3xf32>, %[[OUT:.+]]: memref<3xf32>) attributes {mha.results_as_out_params} {
// CHECK:         memref.copy %[[X]], %[[OUT]]
// CHECK-NEXT:    return{{$}}
// CHECK-LABEL: func.func @caller(
// CHECK-SAME:      %[[Y:.+]]: memref<3xf32>, %[[COUT:.+]]: memref<3xf32>) attributes {mha.results_as_out_params} {
// CHECK:         %[[TMP:.+]] = memref.alloc() : memref<3xf32>
// CHECK:         call @returns_argument(%[[Y]], %[[TMP]])
// CHECK:         memref.copy %[[TMP]], %[[COUT]]
func.func @returns_argument(%x: memref<3xf32>) -> memref<3xf32> {
  return %x : memref<3xf32>
}
func.func @caller(%y: memref<3xf32>) -> memref<3xf32> {
  %r = call @returns_argument(%y) : (memref<3xf32>) -> memref<3xf32>
  return %r : memref<3xf32>
}

// -----

// A dynamically shaped result: the caller cannot size it before the call, so
// the function keeps returning it.

// CHECK-LABEL: func.func @dynamic(
// CHECK-SAME:      %{{.+}}: memref<?xf32>) -> memref<?xf32> {
// CHECK-NOT:     mha.results_as_out_params
// CHECK:         return %{{.+}} : memref<?xf32>
func.func @dynamic(%x: memref<?xf32>) -> memref<?xf32> {
  return %x : memref<?xf32>
}
