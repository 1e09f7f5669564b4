// Found for issue 8 (docs/Guarantees.md): an attention with no query heads
// (Hq = 0, which the verifier accepts) made --mha-tile-attention divide by
// the group size Hq / Hkv = 0 (SIGFPE). The result is empty; the tiled form
// now returns an empty tensor, and every CPU path compiles it.

// RUN: mha-opt %s --mha-tile-attention | FileCheck %s
// RUN: mha-opt %s --mha-cpu-pipeline | FileCheck %s --check-prefix=LLVM
// RUN: mha-opt %s --mha-cpu-pipeline="flash=false" | FileCheck %s --check-prefix=LLVM
// RUN: mha-opt %s --mha-cpu-pipeline="query-tile=5 kv-tile=7 vectorize=false" | FileCheck %s --check-prefix=LLVM

// CHECK-LABEL: func.func @no_query_heads
// CHECK-SAME: (%[[Q:.+]]: tensor<?x0x16x32xf32>
// CHECK: %[[B:.+]] = tensor.dim %[[Q]], %{{.+}} : tensor<?x0x16x32xf32>
// CHECK: %[[E:.+]] = tensor.empty(%[[B]]) : tensor<?x0x16x8xf32>
// CHECK-NOT: mha.attention
// CHECK: return %[[E]]
// LLVM: llvm.func @no_query_heads
func.func @no_query_heads(%q: tensor<?x0x16x32xf32>, %k: tensor<?x2x40x32xf32>, %v: tensor<?x2x40x8xf32>) -> tensor<?x0x16x8xf32> {
  %o = mha.attention %q, %k, %v causal(top_left) : tensor<?x0x16x32xf32>, tensor<?x2x40x32xf32>, tensor<?x2x40x8xf32> -> tensor<?x0x16x8xf32>
  return %o : tensor<?x0x16x8xf32>
}
