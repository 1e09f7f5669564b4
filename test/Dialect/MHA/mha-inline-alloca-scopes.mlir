// RUN: mha-opt %s -mha-inline-alloca-scopes -split-input-file | FileCheck %s
// Diagnostics: the pass has no failure mode: no diagnostic for any input here, the scopes it keeps included.
// RUN: mha-opt %s -mha-inline-alloca-scopes -split-input-file -verify-diagnostics -o /dev/null

// A scope without stack allocations is inlined (results forwarded); one that
// allocates on the stack is kept.

// CHECK-LABEL: func.func @no_alloca
// CHECK-NOT:     memref.alloca_scope
// CHECK:         %[[V:.+]] = arith.addi %arg0, %arg0 : index
// CHECK:         return %[[V]]
func.func @no_alloca(%a: index) -> index {
  %r = memref.alloca_scope -> (index) {
    %v = arith.addi %a, %a : index
    memref.alloca_scope.return %v : index
  }
  return %r : index
}

// CHECK-LABEL: func.func @with_alloca
// CHECK:         memref.alloca_scope
// CHECK:           memref.alloca
func.func @with_alloca(%a: f32) {
  memref.alloca_scope {
    %m = memref.alloca() : memref<4xf32>
    %c0 = arith.constant 0 : index
    memref.store %a, %m[%c0] : memref<4xf32>
  }
  return
}
