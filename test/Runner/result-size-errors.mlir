// Found for issue 8 (docs/Guarantees.md): the compiled code allocates its
// results itself and cannot report a failed allocation, so a result too
// large for the machine (here 1e5 x 2^30 f32 elements, from a value head
// dimension of 2^30 over zero keys) made the kernel write through a null
// pointer (SIGSEGV). mha-run now checks the result sizes it derives from the
// arguments before compiling, like it checks random arguments.

// RUN: not mha-run %s --shape=0=1x1x100000x1 2>&1 | FileCheck %s
// CHECK: mha-run: error: result 0 of '@wide_result' of shape 1x1x100000x1073741824 needs more memory than the machine has
// CHECK-NOT: compile:

func.func @wide_result(%q: tensor<1x1x?x1xf32>, %k: tensor<1x1x0x1xf32>, %v: tensor<1x1x0x1073741824xf32>) -> tensor<1x1x?x1073741824xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x1x?x1xf32>, tensor<1x1x0x1xf32>, tensor<1x1x0x1073741824xf32> -> tensor<1x1x?x1073741824xf32>
  return %o : tensor<1x1x?x1073741824xf32>
}
