//===- MHAToGPU.h - mha.attention to FlashAttention GPU kernels -*- C++ -*-===//
#ifndef MHA_CONVERSION_MHATOGPU_MHATOGPU_H
#define MHA_CONVERSION_MHATOGPU_MHATOGPU_H

#include "mha/Dialect/MHA/IR/MHAOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/PatternMatch.h"

#include <string>

namespace mlir {
namespace mha {

/// How to build the kernel of one mha.attention.
struct AttentionGpuOptions {
  /// f16/bf16 with head dims that are multiples of 16: the mma.sync kernel.
  /// Everything else (and this false): the f32 SIMT kernel.
  bool tensorCores = false;
  /// Query rows per thread block; 0 picks one for the kernel (SIMT: 8 per
  /// warp, fewer if workgroup memory runs out; mma.sync: 16 per warp).
  int64_t queryTile = 0;
  /// Key/value rows per online-softmax step; 0 picks one (SIMT: 64 or 32;
  /// mma.sync: 64, or 32 when E + Ev > 256).
  int64_t keyValueTile = 0;
  /// Warps per thread block.
  int64_t numWarps = 4;
};

/// What was built for one mha.attention (also written onto the kernel as
/// the `mha.kernel_config` attribute, for tests and tools).
struct AttentionGpuKernel {
  gpu::GPUFuncOp func;
  /// "simt" or "mma".
  std::string kind;
  int64_t queryTile = 0, keyValueTile = 0, numWarps = 0;
  /// Launch geometry and the dynamic workgroup memory in bytes (0 when the
  /// kernel's workgroup memory is static).
  int64_t gridX = 0, gridY = 0, gridZ = 0, blockX = 0;
  int64_t staticSharedBytes = 0, dynamicSharedBytes = 0;
};

/// Checks that `op` has what the GPU kernels need (static shapes, sizes
/// that fit); emits an error on `op` and fails otherwise.
LogicalResult checkAttentionForGpu(AttentionOp op,
                                   const AttentionGpuOptions &options);

/// Builds the kernel of `op` as a gpu.func named `name` at the end of
/// `kernels`. The kernel takes, as memrefs of the operands' static types,
/// query, key, value, then mask and bias if present, then the result.
FailureOr<AttentionGpuKernel>
buildAttentionKernel(OpBuilder &builder, AttentionOp op,
                     gpu::GPUModuleOp kernels, StringRef name,
                     const AttentionGpuOptions &options);

/// Replaces `op` by a launch of its kernel (built into `kernels` under a
/// unique name) on buffers of its operands and a gpu.alloc'ed result.
FailureOr<AttentionGpuKernel>
lowerAttentionToGpu(RewriterBase &rewriter, AttentionOp op,
                    gpu::GPUModuleOp kernels,
                    const AttentionGpuOptions &options);

} // namespace mha
} // namespace mlir

#endif // MHA_CONVERSION_MHATOGPU_MHATOGPU_H
