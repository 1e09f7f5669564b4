// RUN: mha-opt %s -mha-lower-bool-vector-accesses -split-input-file | FileCheck %s
// Diagnostics: none for the inputs here; accesses of i1 memory the pass
// cannot lower as bytes are errors.
// RUN: mha-opt %s -mha-lower-bool-vector-accesses -split-input-file -verify-diagnostics -o /dev/null
// RUN: mha-opt %S/Inputs/mha-lower-bool-vector-accesses-invalid.mlir -mha-lower-bool-vector-accesses -split-input-file -verify-diagnostics -o /dev/null
// What it is for, executed: vector<16xi1> read from a memref whose bytes 3
// and 9 hold true, by a vector.load and by a transfer_read. Lowered by
// upstream alone, `load <16 x i1>` reads the first two bytes as 16 packed
// bits (all false here); with the pass, lanes 3 and 9 are true.
// RUN: mha-opt %S/Inputs/bool-vector-load.mlir -mha-lower-bool-vector-accesses \
// RUN:   -convert-vector-to-scf -convert-scf-to-cf -convert-vector-to-llvm \
// RUN:   -finalize-memref-to-llvm -convert-arith-to-llvm -convert-func-to-llvm \
// RUN:   -convert-cf-to-llvm -reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_c_runner_utils | FileCheck %s --check-prefix=EXEC
// EXEC-COUNT-2: ( 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 )

// A vector.load of i1: one byte per element, compared with zero.

// CHECK-LABEL: func.func @load(
// CHECK-SAME:    %[[M:[^:]+]]: memref<4x32xi1>, %[[I:[^:]+]]: index, %[[J:[^:]+]]: index
// CHECK:         %[[DESC:.+]] = builtin.unrealized_conversion_cast %[[M]] : memref<4x32xi1> to !llvm.struct
// CHECK:         %[[PTR:.+]] = llvm.getelementptr %{{.+}}[%{{.+}}] : (!llvm.ptr, i64) -> !llvm.ptr, i1
// CHECK:         %[[BYTES:.+]] = llvm.load %[[PTR]] {alignment = 1 : i64} : !llvm.ptr -> vector<16xi8>
// CHECK:         %[[ZERO:.+]] = llvm.mlir.zero : vector<16xi8>
// CHECK:         %[[BITS:.+]] = llvm.icmp "ne" %[[BYTES]], %[[ZERO]] : vector<16xi8>
// CHECK:         return %[[BITS]] : vector<16xi1>
func.func @load(%m: memref<4x32xi1>, %i: index, %j: index) -> vector<16xi1> {
  %v = vector.load %m[%i, %j] : memref<4x32xi1>, vector<16xi1>
  return %v : vector<16xi1>
}

// -----

// An in-bounds, unmasked 1-D transfer_read becomes such a load; a store
// writes the vector zero-extended to bytes.

// CHECK-LABEL: func.func @transfer_and_store(
// CHECK:         %[[BYTES:.+]] = llvm.load %{{.+}} {alignment = 1 : i64} : !llvm.ptr -> vector<8xi8>
// CHECK:         %[[BITS:.+]] = llvm.icmp "ne" %[[BYTES]], %{{.+}} : vector<8xi8>
// CHECK:         %[[WIDE:.+]] = llvm.zext %[[BITS]] : vector<8xi1> to vector<8xi8>
// CHECK:         llvm.store %[[WIDE]], %{{.+}} {alignment = 1 : i64} : vector<8xi8>, !llvm.ptr
// CHECK-NOT:     vector.transfer_read
// CHECK-NOT:     vector.store
func.func @transfer_and_store(%m: memref<?xi1>, %out: memref<8xi1>, %i: index) {
  %f = arith.constant false
  %c0 = arith.constant 0 : index
  %v = vector.transfer_read %m[%i], %f {in_bounds = [true]} : memref<?xi1>, vector<8xi1>
  vector.store %v, %out[%c0] : memref<8xi1>, vector<8xi1>
  return
}

// -----

// Other element types, gathers of i1 and loads of i1 vectors from tensors
// are left alone.

// CHECK-LABEL: func.func @untouched(
// CHECK:         vector.load %{{.+}} : memref<16xf32>, vector<16xf32>
// CHECK:         vector.gather %{{.+}} : memref<64xi1>, vector<16xindex>, vector<16xi1>, vector<16xi1> into vector<16xi1>
// CHECK:         vector.transfer_read %{{.+}} : tensor<16xi1>, vector<16xi1>
// CHECK-NOT:     llvm.
func.func @untouched(%f: memref<16xf32>, %m: memref<64xi1>, %t: tensor<16xi1>, %idx: vector<16xindex>, %mask: vector<16xi1>) -> (vector<16xf32>, vector<16xi1>, vector<16xi1>) {
  %c0 = arith.constant 0 : index
  %false = arith.constant false
  %pass = arith.constant dense<false> : vector<16xi1>
  %a = vector.load %f[%c0] : memref<16xf32>, vector<16xf32>
  %g = vector.gather %m[%c0] [%idx], %mask, %pass : memref<64xi1>, vector<16xindex>, vector<16xi1>, vector<16xi1> into vector<16xi1>
  %r = vector.transfer_read %t[%c0], %false {in_bounds = [true]} : tensor<16xi1>, vector<16xi1>
  return %a, %g, %r : vector<16xf32>, vector<16xi1>, vector<16xi1>
}

// -----

// One lane is one byte's low bit in LLVM too: left to upstream, even where
// a transfer may be out of bounds.

// CHECK-LABEL: func.func @one_lane(
// CHECK:         vector.transfer_read %{{.+}} : memref<?xi1>, vector<i1>
// CHECK:         vector.load %{{.+}} : memref<?xi1>, vector<1xi1>
// CHECK-NOT:     llvm.
func.func @one_lane(%m: memref<?xi1>, %i: index) -> (vector<i1>, vector<1xi1>) {
  %f = arith.constant false
  %a = vector.transfer_read %m[%i], %f : memref<?xi1>, vector<i1>
  %b = vector.load %m[%i] : memref<?xi1>, vector<1xi1>
  return %a, %b : vector<i1>, vector<1xi1>
}
