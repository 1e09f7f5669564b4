// Kernels called through their C entry points from Inputs/run-kernels.c and
// checked against naive C loops: dynamic sizes with a dynamic mask, bf16,
// results that alias an argument, a strided copy (memrefCopy), the entry
// point that takes its workspace from the caller, static results
// (out-parameters of the lowered code: computed in the caller's buffer, or
// copied there from a constant or an argument), and the status codes for
// inconsistent sizes.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: mha-compile %s -o %t/kernels.o
// RUN: clang -O1 -I%t %S/Inputs/run-kernels.c %t/kernels.o -o %t/run -lm %mha_omp
// RUN: %t/run | FileCheck %s
//
// Sequential code, which needs no libomp.
// RUN: mha-compile %s -o %t/seq.o --header=%t/kernels.h --cpu-pipeline="num-threads=1"
// RUN: clang -O1 -I%t %S/Inputs/run-kernels.c %t/seq.o -o %t/run-seq -lm
// RUN: %t/run-seq | FileCheck %s
//
// Every mha.attention tiled first by a transform script (one batch, 2 query
// heads, 8 query rows per tile) through its TilingInterface.
// RUN: mha-compile %s -o %t/tiled.o --header=%t/kernels.h --transform=%S/Inputs/tile-attention.mlir
// RUN: clang -O1 -I%t %S/Inputs/run-kernels.c %t/tiled.o -o %t/run-tiled -lm %mha_omp
// RUN: %t/run-tiled | FileCheck %s
//
// Baseline x86-64: bf16 conversions go through the object's own routines.
// RUN: mha-compile %s -o %t/baseline.o --header=%t/kernels.h --cpu=x86-64 -O2
// RUN: clang -O1 -I%t %S/Inputs/run-kernels.c %t/baseline.o -o %t/run-baseline -lm %mha_omp
// RUN: %t/run-baseline | FileCheck %s

// CHECK: masked B=2 L=37 S=100: rel_l2={{.*}} PASS
// CHECK: masked: mismatched mask rows -> 1 PASS
// CHECK: masked: negative size -> 1 PASS
// CHECK: masked: result rows -> 1 PASS
// CHECK: masked B=1 L=8 S=3: rel_l2={{.*}} PASS
// CHECK: bf16: rel_l2={{.*}} PASS
// CHECK: static block: rel_l2={{.*}} PASS
// CHECK: static block workspace: PASS
// CHECK: aliases: PASS
// CHECK: aliases: result size -> 2 PASS
// CHECK: strided: PASS
// CHECK: static results: PASS
// CHECK: ALL PASS

func.func @masked(%q: tensor<?x4x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                  %v: tensor<?x2x?x32xf32>, %mask: tensor<?x1x?x?xi1>)
    -> tensor<?x4x?x32xf32> {
  %o = mha.attention %q, %k, %v mask(%mask : tensor<?x1x?x?xi1>)
         causal(bottom_right)
         : tensor<?x4x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
           -> tensor<?x4x?x32xf32>
  return %o : tensor<?x4x?x32xf32>
}

func.func @attention_bf16(%q: tensor<1x2x16x64xbf16>, %k: tensor<1x2x24x64xbf16>,
                          %v: tensor<1x2x24x64xbf16>) -> tensor<1x2x16x64xbf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x16x64xbf16>, tensor<1x2x24x64xbf16>, tensor<1x2x24x64xbf16>
           -> tensor<1x2x16x64xbf16>
  return %o : tensor<1x2x16x64xbf16>
}

// A static block: its packed weights and projected Q/K/V live in the
// workspace; the attention writes its output straight into the caller's
// buffer.
func.func @block_static(%x: tensor<1x24x32xf32>, %wq: tensor<32x32xf32>,
                        %wk: tensor<32x16xf32>, %wv: tensor<32x16xf32>,
                        %wo: tensor<32x32xf32>) -> tensor<1x24x32xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf32>, tensor<32x16xf32>,
                                      tensor<32x16xf32>, tensor<32x32xf32>)
         heads(4, 2) causal(bottom_right)
         : tensor<1x24x32xf32>, tensor<1x24x32xf32>, tensor<1x24x32xf32>
           -> tensor<1x24x32xf32>
  return %y : tensor<1x24x32xf32>
}

// Both results are the argument itself: copied out, never freed.
func.func @aliases(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %c = tensor.cast %x : tensor<?xf32> to tensor<?xf32>
  return %c, %x : tensor<?xf32>, tensor<?xf32>
}

// A strided window: bufferization copies it with memref.copy, which the
// memref lowering turns into a memrefCopy call.
func.func @strided(%x: tensor<?x6xf32>) -> tensor<2x3xf32> {
  %s = tensor.extract_slice %x[1, 2][2, 3][2, 1]
         : tensor<?x6xf32> to tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}

// Static results: out-parameters of the lowered function. The constant (a
// global) and the argument are copied into the caller's buffers; the sum is
// computed in place.
func.func @static_results(%x: tensor<2x3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %c = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %e = tensor.empty() : tensor<2x3xf32>
  %s = linalg.add ins(%x, %c : tensor<2x3xf32>, tensor<2x3xf32>)
         outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %c, %x, %s : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
