// RUN: mha-opt %s --mha-gpu-pipeline="cuda-path=%cuda_path" \
// RUN: | mlir-runner --entry-point-result=void \
// RUN:     --shared-libs=%mha_cuda_runtime,%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// The JIT path: the pipeline's module (host code + gpu.binary) run by
// mlir-runner against libmha_cuda_runtime. With Q = 0 every allowed key has
// the same weight, so causal row i is the mean of V rows 0..i; V[j][c] =
// j + 10 c gives i / 2 + 10 c exactly.

// CHECK: sizes = [1, 1, 4, 4] strides = [16, 16, 4, 1] data =
// CHECK-NEXT: {{\[\[\[\[}}0, 10, 20, 30],
// CHECK-NEXT:    [0.5, 10.5, 20.5, 30.5],
// CHECK-NEXT:    [1, 11, 21, 31],
// CHECK-NEXT:    [1.5, 11.5, 21.5, 31.5]]]]

func.func @attn(%q: tensor<1x1x4x4xf32>, %k: tensor<1x1x4x4xf32>,
                %v: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
           -> tensor<1x1x4x4xf32>
  return %o : tensor<1x1x4x4xf32>
}

func.func private @printMemrefF32(memref<*xf32>)

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %ten = arith.constant 10.0 : f32
  %hq = memref.alloc() : memref<1x1x4x4xf32>
  %hk = memref.alloc() : memref<1x1x4x4xf32>
  %hv = memref.alloc() : memref<1x1x4x4xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %c = %c0 to %c4 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %ci = arith.index_cast %c : index to i32
      %if = arith.sitofp %ii : i32 to f32
      %cf = arith.sitofp %ci : i32 to f32
      %v0 = arith.mulf %cf, %ten : f32
      %v = arith.addf %if, %v0 : f32
      memref.store %zero, %hq[%c0, %c0, %i, %c] : memref<1x1x4x4xf32>
      memref.store %one, %hk[%c0, %c0, %i, %c] : memref<1x1x4x4xf32>
      memref.store %v, %hv[%c0, %c0, %i, %c] : memref<1x1x4x4xf32>
    }
  }
  %dq = gpu.alloc () : memref<1x1x4x4xf32>
  %dk = gpu.alloc () : memref<1x1x4x4xf32>
  %dv = gpu.alloc () : memref<1x1x4x4xf32>
  gpu.memcpy %dq, %hq : memref<1x1x4x4xf32>, memref<1x1x4x4xf32>
  gpu.memcpy %dk, %hk : memref<1x1x4x4xf32>, memref<1x1x4x4xf32>
  gpu.memcpy %dv, %hv : memref<1x1x4x4xf32>, memref<1x1x4x4xf32>
  %tq = bufferization.to_tensor %dq restrict : memref<1x1x4x4xf32> to tensor<1x1x4x4xf32>
  %tk = bufferization.to_tensor %dk restrict : memref<1x1x4x4xf32> to tensor<1x1x4x4xf32>
  %tv = bufferization.to_tensor %dv restrict : memref<1x1x4x4xf32> to tensor<1x1x4x4xf32>
  %r = call @attn(%tq, %tk, %tv)
         : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  %dr = bufferization.to_buffer %r read_only : tensor<1x1x4x4xf32> to memref<1x1x4x4xf32>
  %hr = memref.alloc() : memref<1x1x4x4xf32>
  gpu.memcpy %hr, %dr : memref<1x1x4x4xf32>, memref<1x1x4x4xf32>
  %u = memref.cast %hr : memref<1x1x4x4xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  gpu.dealloc %dq : memref<1x1x4x4xf32>
  gpu.dealloc %dk : memref<1x1x4x4xf32>
  gpu.dealloc %dv : memref<1x1x4x4xf32>
  gpu.dealloc %dr : memref<1x1x4x4xf32>
  memref.dealloc %hq : memref<1x1x4x4xf32>
  memref.dealloc %hk : memref<1x1x4x4xf32>
  memref.dealloc %hv : memref<1x1x4x4xf32>
  memref.dealloc %hr : memref<1x1x4x4xf32>
  return
}
