// The f16/bf16 conversions of generated kernels, exhaustively: every f16
// and bf16 value, and the rounding of every midpoint between neighbours
// (Inputs/float-conversions.c). On baseline x86-64 these conversions call
// __truncsfhf2, __extendhfsf2 and __truncsfbf2, which the object defines
// itself (libgcc 12 lacks the bf16 one); x86-64-v3 converts f16 with F16C,
// and a host with AVX512-BF16 converts bf16 with vcvtneps2bf16, which
// flushes subnormal inputs to zero.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: mha-compile %s -o %t/baseline.o --header=%t/kernels.h --cpu=x86-64
// RUN: llvm-nm %t/baseline.o | FileCheck %s --check-prefix=SYMBOLS
// RUN: clang -O1 -I%t %S/Inputs/float-conversions.c %t/baseline.o -o %t/baseline -lm
// RUN: %t/baseline | FileCheck %s
// RUN: mha-compile %s -o %t/v3.o --header=%t/kernels.h --cpu=x86-64-v3
// RUN: clang -O1 -I%t %S/Inputs/float-conversions.c %t/v3.o -o %t/v3 -lm
// RUN: %t/v3 | FileCheck %s
// RUN: mha-compile %s -o %t/host.o --header=%t/kernels.h
// RUN: clang -O1 -I%t %S/Inputs/float-conversions.c %t/host.o -o %t/host -lm
// RUN: %t/host --bf16-subnormals-may-flush | FileCheck %s

// Defined (weak, hidden), never undefined.
// SYMBOLS-DAG: W __extendhfsf2
// SYMBOLS-DAG: W __truncsfbf2
// SYMBOLS-DAG: W __truncsfhf2
// SYMBOLS-NOT: U __{{.*}}

// CHECK: from_f16: 65536 values PASS
// CHECK: to_f16: PASS
// CHECK: from_bf16: 65536 values PASS
// CHECK: to_bf16: PASS

#id = affine_map<(d0) -> (d0)>

func.func @to_f16(%x: tensor<?xf32>) -> tensor<?xf16> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %init = tensor.empty(%n) : tensor<?xf16>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
         ins(%x : tensor<?xf32>) outs(%init : tensor<?xf16>) {
  ^bb0(%a: f32, %b: f16):
    %t = arith.truncf %a : f32 to f16
    linalg.yield %t : f16
  } -> tensor<?xf16>
  return %r : tensor<?xf16>
}

func.func @from_f16(%x: tensor<?xf16>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf16>
  %init = tensor.empty(%n) : tensor<?xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
         ins(%x : tensor<?xf16>) outs(%init : tensor<?xf32>) {
  ^bb0(%a: f16, %b: f32):
    %t = arith.extf %a : f16 to f32
    linalg.yield %t : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

func.func @to_bf16(%x: tensor<?xf32>) -> tensor<?xbf16> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %init = tensor.empty(%n) : tensor<?xbf16>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
         ins(%x : tensor<?xf32>) outs(%init : tensor<?xbf16>) {
  ^bb0(%a: f32, %b: bf16):
    %t = arith.truncf %a : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<?xbf16>
  return %r : tensor<?xbf16>
}

func.func @from_bf16(%x: tensor<?xbf16>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xbf16>
  %init = tensor.empty(%n) : tensor<?xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
         ins(%x : tensor<?xbf16>) outs(%init : tensor<?xf32>) {
  ^bb0(%a: bf16, %b: f32):
    %t = arith.extf %a : bf16 to f32
    linalg.yield %t : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}
