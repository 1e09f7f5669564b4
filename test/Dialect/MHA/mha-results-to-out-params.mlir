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

// -----

// A result that is a reshape of the function's own allocation: the
// allocation becomes the reshape undone on the out-parameter, so the result
// is computed in place and no copy is left.

// CHECK-LABEL: func.func @reshaped(
// CHECK-SAME:      %[[X:.+]]: memref<2x8xf32>, %[[OUT:.+]]: memref<2x2x4xf32>) attributes {mha.results_as_out_params} {
// CHECK-NOT:     memref.alloc
// CHECK:         %[[FLAT:.+]] = memref.collapse_shape %[[OUT]] {{\[}}[0], [1, 2]] : memref<2x2x4xf32> into memref<2x8xf32>
// CHECK:         linalg.add ins(%[[X]], %[[X]] : memref<2x8xf32>, memref<2x8xf32>) outs(%[[FLAT]] : memref<2x8xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         return{{$}}
func.func @reshaped(%x: memref<2x8xf32>) -> memref<2x2x4xf32> {
  %r = memref.alloc() : memref<2x8xf32>
  linalg.add ins(%x, %x : memref<2x8xf32>, memref<2x8xf32>) outs(%r : memref<2x8xf32>)
  %e = memref.expand_shape %r [[0], [1, 2]] output_shape [2, 2, 4] : memref<2x8xf32> into memref<2x2x4xf32>
  return %e : memref<2x2x4xf32>
}

// -----

// Two reshapes in a row (the attention's head-group view, collapsed back).

// CHECK-LABEL: func.func @reshaped_twice(
// CHECK-SAME:      %[[OUT:.+]]: memref<8xf32>) attributes {mha.results_as_out_params} {
// CHECK-NOT:     memref.alloc
// CHECK:         %[[E:.+]] = memref.expand_shape %[[OUT]] {{\[}}[0, 1]] output_shape [2, 4] : memref<8xf32> into memref<2x4xf32>
// CHECK:         %[[E2:.+]] = memref.expand_shape %[[E]] {{\[}}[0, 1], [2]] output_shape [2, 1, 4] : memref<2x4xf32> into memref<2x1x4xf32>
// CHECK:         linalg.fill ins(%{{.+}} : f32) outs(%[[E2]] : memref<2x1x4xf32>)
// CHECK-NOT:     memref.copy
func.func @reshaped_twice() -> memref<8xf32> {
  %c = arith.constant 1.0 : f32
  %r = memref.alloc() : memref<2x1x4xf32>
  linalg.fill ins(%c : f32) outs(%r : memref<2x1x4xf32>)
  %a = memref.collapse_shape %r [[0, 1], [2]] : memref<2x1x4xf32> into memref<2x4xf32>
  %b = memref.collapse_shape %a [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  return %b : memref<8xf32>
}

// -----

// The allocation is written after the reshape was taken from it, before the
// return: the result includes that write, so it lands in the out-parameter.

// CHECK-LABEL: func.func @written_after(
// CHECK-SAME:      %[[X:.+]]: memref<2x4xf32>, %[[I:.+]]: index, %[[F:.+]]: f32, %[[OUT:.+]]: memref<8xf32>)
// CHECK-NOT:     memref.alloc
// CHECK:         %[[R:.+]] = memref.expand_shape %[[OUT]]
// CHECK:         memref.copy %[[X]], %[[R]]
// CHECK:         memref.store %[[F]], %[[R]][%[[I]], %[[I]]]
// CHECK-NEXT:    return{{$}}
func.func @written_after(%x: memref<2x4xf32>, %i: index, %f: f32) -> memref<8xf32> {
  %r = memref.alloc() : memref<2x4xf32>
  memref.copy %x, %r : memref<2x4xf32> to memref<2x4xf32>
  %c = memref.collapse_shape %r [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  memref.store %f, %r[%i, %i] : memref<2x4xf32>
  return %c : memref<8xf32>
}

// -----

// A reshape of an argument, not of the function's own allocation: copied.

// CHECK-LABEL: func.func @reshaped_argument(
// CHECK-SAME:      %[[X:.+]]: memref<2x4xf32>, %[[OUT:.+]]: memref<8xf32>)
// CHECK:         %[[C:.+]] = memref.collapse_shape %[[X]]
// CHECK:         memref.copy %[[C]], %[[OUT]]
func.func @reshaped_argument(%x: memref<2x4xf32>) -> memref<8xf32> {
  %c = memref.collapse_shape %x [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  return %c : memref<8xf32>
}
