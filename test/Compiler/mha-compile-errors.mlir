// What mha-compile refuses, with the reason.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: not mha-compile %s -o %t/k.o 2>&1 | FileCheck %s --check-prefix=SCALAR
// RUN: not mha-compile %s -o %t/k.o --functions=integers 2>&1 | FileCheck %s --check-prefix=ELEMENT
// RUN: not mha-compile %s -o %t/k.o --functions=malloc 2>&1 | FileCheck %s --check-prefix=CLASH
// RUN: not mha-compile %s -o %t/k.o --functions=nothere 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not mha-compile %s -o %t/k.o --functions=helper 2>&1 | FileCheck %s --check-prefix=PRIVATE
// RUN: not mha-compile %s -o %t/k.o --functions=ok --target=nosuch-unknown-none 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not mha-compile %s -o %t/k.o --functions=ok --cpu=pentium9000 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: not mha-compile %s -o %t/k.o --functions=ok --target=i686-unknown-linux-gnu 2>&1 | FileCheck %s --check-prefix=POINTER
// RUN: not mha-compile %s -o %t/k.o --functions=ok --cpu-pipeline="no-such-option=1" 2>&1 | FileCheck %s --check-prefix=PIPELINE
// RUN: not mha-compile %s -o %t/k.o --functions=ok --prefix=1 2>&1 | FileCheck %s --check-prefix=PREFIX
// RUN: not mha-compile %t/missing.mlir -o %t/k.o 2>&1 | FileCheck %s --check-prefix=INPUT
// RUN: not mha-compile %s -o %t/k.o --functions=big,big_ws 2>&1 | FileCheck %s --check-prefix=WORKSPACE
// RUN: mha-compile %s -o %t/ok.o --functions=ok
// RUN: test -f %t/ok.o && test -f %t/ok.h

// SCALAR: mha-compile: error: argument 1 of 'scalar' is not a ranked tensor; C entry points take and return ranked tensors of f32, f16, bf16 or i1
// ELEMENT: mha-compile: error: argument 0 of 'integers' has element type other than f32, f16, bf16 or i1
// CLASH: mha-compile: error: function 'malloc': 'malloc' cannot be a C entry point name
// MISSING: mha-compile: error: no public function named 'nothere'
// PRIVATE: mha-compile: error: function 'helper' cannot get a C entry point: it is private or has no body
// TARGET: mha-compile: error: unknown target 'nosuch-unknown-none'
// CPU: mha-compile: error: unknown CPU 'pentium9000'
// POINTER: mha-compile: error: target 'i686-unknown-linux-gnu' has no 64-bit pointers
// PIPELINE: mha-compile: error: invalid --cpu-pipeline options 'no-such-option=1'
// PREFIX: mha-compile: error: function 'ok': '1ok' cannot be a C entry point name
// INPUT: mha-compile: error: {{.*}}missing.mlir
// WORKSPACE: mha-compile: error: the C entry point 'big_ws' clashes with a symbol of the kernels or another entry point

func.func @scalar(%x: tensor<4xf32>, %s: f32) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

func.func @integers(%x: tensor<4xi32>) -> tensor<4xi32> {
  return %x : tensor<4xi32>
}

func.func @malloc(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

func.func @ok(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = func.call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// @big has static results and top-level buffers, so it gets a second entry
// point big_ws, which a function of that name would clash with.
func.func @big(%x: tensor<1x16x32xf32>, %w: tensor<32x32xf32>)
    -> tensor<1x16x32xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%w, %w, %w, %w : tensor<32x32xf32>, tensor<32x32xf32>,
                                  tensor<32x32xf32>, tensor<32x32xf32>)
         heads(4)
         : tensor<1x16x32xf32>, tensor<1x16x32xf32>, tensor<1x16x32xf32>
           -> tensor<1x16x32xf32>
  return %y : tensor<1x16x32xf32>
}

func.func @big_ws(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
