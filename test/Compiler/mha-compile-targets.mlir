// Targets other than the host: a CPU for the host's architecture, and a
// cross-compiled object for another architecture.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: mha-compile %s -o %t/v3.s --emit=asm --target=x86_64-unknown-linux-gnu --cpu=x86-64-v3
// RUN: FileCheck %s --check-prefix=AVX2 --implicit-check-not=%%zmm < %t/v3.s
// RUN: FileCheck %s --check-prefix=V3HEADER < %t/v3.h
// RUN: mha-compile %s -o %t/arm.o --target=aarch64-unknown-linux-gnu --cpu=neoverse-v2
// RUN: llvm-readobj --file-headers %t/arm.o | FileCheck %s --check-prefix=ARM
// RUN: llvm-nm %t/arm.o | FileCheck %s --check-prefix=ARMSYMBOLS
// RUN: mha-compile %s -o %t/k.ll --emit=llvm
// RUN: FileCheck %s --check-prefix=IR < %t/k.ll

// AVX2: vfmadd{{[0-9]+}}ps {{.*}}%ymm
// AVX2: {{^}}attention:

// V3HEADER: for x86_64-unknown-linux-gnu (cpu x86-64-v3)

// ARM: Machine: EM_AARCH64
// ARMSYMBOLS: T attention
// ARMSYMBOLS-NOT: __truncsfbf2

// The entry point: size checks, descriptors on the stack, the call, the
// copy of the (dynamically shaped) result into the caller's buffer and the
// free, all inlined.
// IR-LABEL: define{{.*}} i32 @attention(ptr noundef %q, i64 %q_dim2, ptr noundef %k, ptr noundef %v, ptr noundef {{.*}}%result, i64 %result_dim2)
// IR: call {{.*(@__mha_copy_strided\(.*%result|@llvm.memcpy.*\(ptr .*%result)}}
// IR: call void @free
// IR-NOT: define{{.*}}@_mlir_ciface

func.func @attention(%q: tensor<1x4x?x64xf32>, %k: tensor<1x4x128x64xf32>,
                     %v: tensor<1x4x128x64xf32>) -> tensor<1x4x?x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<1x4x?x64xf32>, tensor<1x4x128x64xf32>, tensor<1x4x128x64xf32>
           -> tensor<1x4x?x64xf32>
  return %o : tensor<1x4x?x64xf32>
}
