// RUN: mha-opt %s -mha-lower-strided-copies -split-input-file | FileCheck %s
// Diagnostics: the pass has no failure mode: no diagnostic for any input here, the contiguous copies it keeps included.
// RUN: mha-opt %s -mha-lower-strided-copies -split-input-file -verify-diagnostics -o /dev/null

// A copy from a strided or dynamic buffer becomes linalg.copy; a copy
// between static identity-layout buffers stays a memref.copy (a memcpy).

// CHECK-LABEL: func.func @strided
// CHECK-NOT:     memref.copy
// CHECK:         linalg.copy ins(%arg0 : memref<?x64xf32, strided<[128, 1], offset: ?>>) outs(%arg1 : memref<?x64xf32>)
func.func @strided(%a: memref<?x64xf32, strided<[128, 1], offset: ?>>, %b: memref<?x64xf32>) {
  memref.copy %a, %b : memref<?x64xf32, strided<[128, 1], offset: ?>> to memref<?x64xf32>
  return
}

// CHECK-LABEL: func.func @contiguous
// CHECK-NOT:     linalg.copy
// CHECK:         memref.copy %arg0, %arg1 : memref<4x64xf32> to memref<4x64xf32>
func.func @contiguous(%a: memref<4x64xf32>, %b: memref<4x64xf32>) {
  memref.copy %a, %b : memref<4x64xf32> to memref<4x64xf32>
  return
}
