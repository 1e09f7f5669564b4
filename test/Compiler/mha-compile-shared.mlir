// --shared links the kernels into a shared library (with clang and lld)
// that exports only the entry points and records libm and libomp.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: mha-compile %S/../../examples/c-kernel/attention.mlir --shared -o %t/libattention.so --header=%t/attention.h
// RUN: llvm-readelf --dynamic %t/libattention.so | FileCheck %s --check-prefix=DYNAMIC
// RUN: llvm-nm -D --defined-only %t/libattention.so | FileCheck %s --check-prefix=EXPORTS
// RUN: clang -O1 -I%t %S/../../examples/c-kernel/main.c -L%t -lattention -Wl,-rpath,%t -lm -o %t/c-kernel
// RUN: %t/c-kernel | FileCheck %s
//
// Sequential code needs no libomp.
// RUN: mha-compile %S/../../examples/c-kernel/attention.mlir --shared -o %t/libseq.so --header=- --cpu-pipeline="num-threads=1"
// RUN: llvm-readelf --dynamic %t/libseq.so | FileCheck %s --check-prefix=SEQUENTIAL

// DYNAMIC-DAG: Shared library: [libm.so.6]
// DYNAMIC-DAG: Shared library: [libomp.so.5]
// DYNAMIC-DAG: Shared library: [libc.so.6]

// EXPORTS-NOT: _mlir_ciface
// EXPORTS-NOT: __truncsfbf2
// EXPORTS: T gqa_causal_attention
// EXPORTS-NOT: _mlir_ciface

// SEQUENTIAL-NOT: libomp

// CHECK: B=2 L=37 S=100: rel_l2={{.*}} PASS
// CHECK: PASS
