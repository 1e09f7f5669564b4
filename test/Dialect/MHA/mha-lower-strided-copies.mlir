// RUN: mha-opt %s -mha-lower-strided-copies -split-input-file | FileCheck %s
// Diagnostics: the pass has no failure mode: no diagnostic for any input here, the contiguous copies it keeps included.
// RUN: mha-opt %s -mha-lower-strided-copies -split-input-file -verify-diagnostics -o /dev/null

// A copy between buffers with unit-strided rows of a static width becomes
// loops over the rows moving one row as a vector, the outermost loop marked
// "do not unroll" for LLVM; one whose rows are dynamic, strided or too wide
// becomes linalg.copy; a copy between static identity-layout buffers stays a
// memref.copy (a memcpy).

// CHECK-DAG:   #[[UNROLL:.+]] = #llvm.loop_unroll<disable = true>
// CHECK-DAG:   #[[NOUNROLL:.+]] = #llvm.loop_annotation<unroll = #[[UNROLL]]>
// CHECK-LABEL: func.func @rows
// CHECK-SAME:      (%[[A:.+]]: memref<?x64xf32, strided<[128, 1], offset: ?>>, %[[B:.+]]: memref<?x64xf32>)
// CHECK-NOT:     memref.copy
// CHECK-DAG:     %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.+]] = arith.constant 1 : index
// CHECK:         %[[N:.+]] = memref.dim %[[A]], %[[C0]]
// CHECK:         scf.for %[[I:.+]] = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK:           %[[ROW:.+]] = vector.transfer_read %[[A]][%[[I]], %[[C0]]], %{{.+}} {in_bounds = [true]} : memref<?x64xf32, strided<[128, 1], offset: ?>>, vector<64xf32>
// CHECK:           vector.transfer_write %[[ROW]], %[[B]][%[[I]], %[[C0]]] {in_bounds = [true]} : vector<64xf32>, memref<?x64xf32>
// CHECK:         } {llvm.loop_annotation = #[[NOUNROLL]]}
func.func @rows(%a: memref<?x64xf32, strided<[128, 1], offset: ?>>, %b: memref<?x64xf32>) {
  memref.copy %a, %b : memref<?x64xf32, strided<[128, 1], offset: ?>> to memref<?x64xf32>
  return
}

// Rank 3: two loops, the hint on the outer one only.
// CHECK-LABEL: func.func @heads
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             vector.transfer_read {{.+}} vector<128xf32>
// CHECK:             vector.transfer_write
// CHECK:           }{{$}}
// CHECK:         } {llvm.loop_annotation = #[[NOUNROLL]]}
func.func @heads(%a: memref<2x?x128xf32, strided<[4096, 128, 1], offset: ?>>,
                 %b: memref<2x?x128xf32, strided<[65536, 128, 1], offset: ?>>) {
  memref.copy %a, %b : memref<2x?x128xf32, strided<[4096, 128, 1], offset: ?>>
      to memref<2x?x128xf32, strided<[65536, 128, 1], offset: ?>>
  return
}

// CHECK-LABEL: func.func @dynamic_rows
// CHECK-NOT:     scf.for
// CHECK:         linalg.copy ins(%arg0 : memref<4x?xf32, strided<[128, 1], offset: ?>>) outs(%arg1 : memref<4x?xf32>)
func.func @dynamic_rows(%a: memref<4x?xf32, strided<[128, 1], offset: ?>>, %b: memref<4x?xf32>) {
  memref.copy %a, %b : memref<4x?xf32, strided<[128, 1], offset: ?>> to memref<4x?xf32>
  return
}

// CHECK-LABEL: func.func @column
// CHECK:         linalg.copy ins(%arg0 : memref<8x1xf32, strided<[16, 2]>>) outs(%arg1 : memref<8x1xf32>)
func.func @column(%a: memref<8x1xf32, strided<[16, 2]>>, %b: memref<8x1xf32>) {
  memref.copy %a, %b : memref<8x1xf32, strided<[16, 2]>> to memref<8x1xf32>
  return
}

// CHECK-LABEL: func.func @rank1
// CHECK:         linalg.copy ins(%arg0 : memref<?xf32, strided<[2], offset: ?>>) outs(%arg1 : memref<?xf32>)
func.func @rank1(%a: memref<?xf32, strided<[2], offset: ?>>, %b: memref<?xf32>) {
  memref.copy %a, %b : memref<?xf32, strided<[2], offset: ?>> to memref<?xf32>
  return
}

// CHECK-LABEL: func.func @contiguous
// CHECK-NOT:     linalg.copy
// CHECK:         memref.copy %arg0, %arg1 : memref<4x64xf32> to memref<4x64xf32>
func.func @contiguous(%a: memref<4x64xf32>, %b: memref<4x64xf32>) {
  memref.copy %a, %b : memref<4x64xf32> to memref<4x64xf32>
  return
}
