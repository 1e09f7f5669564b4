// RUN: mha-opt %s -mha-set-omp-schedule -split-input-file | FileCheck %s
// RUN: mha-opt %s -mha-set-omp-schedule="kind=guided chunk=4" -split-input-file | FileCheck %s --check-prefix=GUIDED
// RUN: mha-opt %s -mha-set-omp-schedule="kind=static" -split-input-file | FileCheck %s --check-prefix=STATIC
// Diagnostics: no diagnostic for the loops here (the one that keeps its
// schedule included); out-of-range options are errors at the root operation.
// RUN: mha-opt %s -mha-set-omp-schedule -split-input-file -verify-diagnostics -o /dev/null
// RUN: mha-opt %S/Inputs/mha-set-omp-schedule-options.mlir -mha-set-omp-schedule="kind=auto" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-set-omp-schedule-options.mlir -mha-set-omp-schedule="kind=bogus" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-set-omp-schedule-options.mlir -mha-set-omp-schedule="chunk=0" -verify-diagnostics

// A worksharing loop without a schedule gets dynamic (default), or the kind
// and chunk asked for; static leaves it as it is (OpenMP's default).

// CHECK-LABEL: func.func @no_schedule
// CHECK:         omp.parallel
// CHECK:           %[[C:.+]] = arith.constant 1 : i32
// CHECK:           omp.wsloop schedule(dynamic = %[[C]] : i32)
// GUIDED-LABEL: func.func @no_schedule
// GUIDED:         %[[C:.+]] = arith.constant 4 : i32
// GUIDED:         omp.wsloop schedule(guided = %[[C]] : i32)
// STATIC-LABEL: func.func @no_schedule
// STATIC:         omp.wsloop {
func.func @no_schedule(%m: memref<64xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%n) step (%c1) {
        memref.store %f, %m[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}

// -----

// A loop that already has a schedule keeps it.

// CHECK-LABEL: func.func @has_schedule
// CHECK-NOT:     dynamic
// CHECK:         omp.wsloop schedule(static)
// GUIDED-LABEL: func.func @has_schedule
// GUIDED-NOT:     guided
// GUIDED:         omp.wsloop schedule(static)
func.func @has_schedule(%m: memref<64xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop schedule(static) {
      omp.loop_nest (%i) : index = (%c0) to (%n) step (%c1) {
        memref.store %f, %m[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}
