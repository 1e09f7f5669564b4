// --mha-add-c-interface marks public func.func with a body, and nothing else, with llvm.emit_c_interface.
// RUN: mha-opt %s -mha-add-c-interface -split-input-file | FileCheck %s
// Diagnostics: the pass has no failure mode: no diagnostic for any input here, the functions it leaves alone included.
// RUN: mha-opt %s -mha-add-c-interface -split-input-file -verify-diagnostics -o /dev/null

// CHECK-LABEL: func.func @public_with_body(
// CHECK-SAME:    %{{[^:]+}}: tensor<4xf32>) -> tensor<4xf32> attributes {llvm.emit_c_interface} {{[{]$}}
func.func @public_with_body(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// CHECK-LABEL: func.func private @private_with_body(
// CHECK-SAME:    %{{[^:]+}}: tensor<4xf32>) -> tensor<4xf32> {{[{]$}}
func.func private @private_with_body(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// A declaration has no body to wrap.
// CHECK-LABEL: func.func private @declaration(
// CHECK-SAME:    tensor<4xf32>) -> tensor<4xf32>{{$}}
func.func private @declaration(tensor<4xf32>) -> tensor<4xf32>

// -----

// Other attributes are kept, and a function that already has the attribute
// keeps exactly one.

// CHECK-LABEL: func.func @keeps_attributes(
// CHECK-SAME:    ) attributes {llvm.emit_c_interface, mha.tag = 1 : i32} {{[{]$}}
func.func @keeps_attributes() attributes {mha.tag = 1 : i32} {
  return
}

// CHECK-LABEL: func.func @already_marked(
// CHECK-SAME:    ) attributes {llvm.emit_c_interface} {{[{]$}}
func.func @already_marked() attributes {llvm.emit_c_interface} {
  return
}

// CHECK-LABEL: func.func private @private_calls_public(
// CHECK-SAME:    ) {{[{]$}}
// CHECK-NEXT:    call @keeps_attributes() : () -> ()
func.func private @private_calls_public() {
  call @keeps_attributes() : () -> ()
  return
}
