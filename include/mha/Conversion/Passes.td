//===- Passes.td - conversions out of the mha dialect -----*- tablegen -*-===//
#ifndef MHA_CONVERSION_PASSES_TD
#define MHA_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

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
