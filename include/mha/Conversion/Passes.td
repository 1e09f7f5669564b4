//===- Passes.td - conversions out of the mha dialect -----*- tablegen -*-===//
#ifndef MHA_CONVERSION_PASSES_TD
#define MHA_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def MHALowerAttentionToGPU : Pass<"mha-lower-attention-to-gpu", "ModuleOp"> {
  let summary = "Lower mha.attention to FlashAttention GPU kernels and their launches";
  let description = [{
    Rewrites every `mha.attention` on static shapes into a `gpu.launch_func`
    of a FlashAttention kernel that the pass writes into the `gpu.module`
    `@mha_kernels` (see docs/GPU.md): one thread block per (batch, query
    head, query tile); key/value tiles staged through workgroup memory
    between `gpu.barrier`s; the online softmax (running max, running sum,
    unnormalized accumulator rescaled by exp(m_old - m_new), one division
    at the end) with warp reductions by `gpu.shuffle`; tiles outside the
    causal or window band skipped by the loop bounds.

    Two kernels: an f32 SIMT kernel for every element type and every
    feature of the op (mask, bias, causal, window, scale, softcap,
    grouped-query heads, E != Ev), and, with `tensor-cores`, an f16/bf16
    kernel on `mma.sync.m16n8k16` (f32 accumulation, operands from shared
    memory by `ldmatrix`) for head dims that are multiples of 16. The
    tensor-core kernel rounds the softmax weights to the element type
    before the second product, as FlashAttention does: within the op's
    contract only up to that rounding.

    The host side works on buffers: operands become `bufferization.to_buffer`
    of the tensors, the result a `gpu.alloc` wrapped in
    `bufferization.to_tensor`. After bufferization the function takes and
    returns device memory. Functions that contain other tensor computations,
    dynamic shapes, or `mha.multi_head_attention` are rejected with a
    diagnostic.
  }];
  let options = [
    Option<"tensorCores", "tensor-cores", "bool", /*default=*/"false",
           "Use the mma.sync kernel for f16/bf16 when the head dims allow it">,
    Option<"queryTile", "query-tile", "int64_t", /*default=*/"0",
           "Query rows per thread block (0: chosen per kernel)">,
    Option<"keyValueTile", "kv-tile", "int64_t", /*default=*/"0",
           "Key/value rows per online-softmax step (0: chosen per kernel)">,
    Option<"numWarps", "num-warps", "int64_t", /*default=*/"4",
           "Warps per thread block">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::NVVM::NVVMDialect",
    "::mlir::nvgpu::NVGPUDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def MHALowerAttentionToLinalg : Pass<"mha-lower-attention-to-linalg"> {
  let summary = "Lower mha.attention to unfused linalg ops on tensors";
  let description = [{
    Rewrites every `mha.attention` into linalg.generic ops on tensors that
    compute the exact semantics of docs/Dialect.md without fusion: the score
    matrix `scale * Q.K^T`, the softcap, the additive bias, the mask and the
    causal and window bands (from `linalg.index`), a safe softmax (row max
    subtracted; rows without an allowed entry give zeros, never NaN), and
    the product with V. f16 and bf16 operands are widened to f32 inside the
    contractions and the result is rounded once.

    Grouped-query attention never copies key or value per query head: the
    query is viewed as [B, Hkv, G, L, E] with `tensor.expand_shape`, and
    both contractions index key and value by the key/value head.

    Dynamic B, L, S and head counts are supported. Sizes that the verifier
    could not compare because they are dynamic are checked at run time with
    `cf.assert` (a dynamic mask or bias dim must be full size: only static
    dims of size 1 broadcast). Run
    `--mha-decompose-multi-head-attention` first: a remaining
    `mha.multi_head_attention` is an error.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // MHA_CONVERSION_PASSES_TD
