// What a generated object needs from the outside (llvm-nm -u): libc and
// libm, plus the LLVM OpenMP runtime (__kmpc_*) unless the pipeline is
// sequential. `not grep -v` fails on any other symbol, and prints it.
// memrefCopy (from MLIR's runner utils), the f16/bf16
// conversions and dealloc_helper are defined inside the object.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: mha-compile %s -o %t/threads.o
// RUN: llvm-nm -u --format=just-symbols %t/threads.o > %t/threads.txt
// RUN: FileCheck %s --check-prefix=OMP < %t/threads.txt
// RUN: not grep -v -x -E -f %S/Inputs/libc-libm-symbols.txt -e '__kmpc_[a-z0-9_]+' %t/threads.txt
//
// RUN: mha-compile %s -o %t/sequential.o --cpu-pipeline="num-threads=1"
// RUN: llvm-nm -u --format=just-symbols %t/sequential.o > %t/sequential.txt
// RUN: not grep -v -x -E -f %S/Inputs/libc-libm-symbols.txt %t/sequential.txt
//
// RUN: mha-compile %s -o %t/baseline.o --cpu=x86-64 --cpu-pipeline="num-threads=1"
// RUN: llvm-nm -u --format=just-symbols %t/baseline.o > %t/baseline.txt
// RUN: not grep -v -x -E -f %S/Inputs/libc-libm-symbols.txt %t/baseline.txt
//
// RUN: mha-compile %s -o %t/unfused.o --cpu-pipeline="flash=0 num-threads=1"
// RUN: llvm-nm -u --format=just-symbols %t/unfused.o > %t/unfused.txt
// RUN: not grep -v -x -E -f %S/Inputs/libc-libm-symbols.txt %t/unfused.txt

// OMP: __kmpc_fork_call

// Dynamic shapes (memrefCopy), bf16 and f16 (conversions), a whole block.
func.func @dynamic(%q: tensor<?x4x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                   %v: tensor<?x2x?x32xf32>) -> tensor<?x4x?x32xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) softcap(30.0)
         : tensor<?x4x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
           -> tensor<?x4x?x32xf32>
  return %o : tensor<?x4x?x32xf32>
}

func.func @bf16(%q: tensor<1x4x16x32xbf16>, %k: tensor<1x4x16x32xbf16>,
                %v: tensor<1x4x16x32xbf16>) -> tensor<1x4x16x32xbf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x4x16x32xbf16>, tensor<1x4x16x32xbf16>, tensor<1x4x16x32xbf16>
           -> tensor<1x4x16x32xbf16>
  return %o : tensor<1x4x16x32xbf16>
}

func.func @block(%x: tensor<2x16x64xf16>, %wq: tensor<64x64xf16>, %wk: tensor<64x16xf16>,
                 %wv: tensor<64x16xf16>, %wo: tensor<64x64xf16>) -> tensor<2x16x64xf16> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<64x64xf16>, tensor<64x16xf16>,
                                      tensor<64x16xf16>, tensor<64x64xf16>)
         heads(8, 2) causal(bottom_right)
         : tensor<2x16x64xf16>, tensor<2x16x64xf16>, tensor<2x16x64xf16>
           -> tensor<2x16x64xf16>
  return %y : tensor<2x16x64xf16>
}
