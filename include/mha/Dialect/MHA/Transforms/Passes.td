//===- Passes.td - transformations of the mha dialect -----*- tablegen -*-===//
#ifndef MHA_DIALECT_MHA_TRANSFORMS_PASSES_TD
#define MHA_DIALECT_MHA_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def MHAAddCInterface : Pass<"mha-add-c-interface", "ModuleOp"> {
  let summary = "Give every public function a C-callable interface";
  let description = [{
    Sets the `llvm.emit_c_interface` unit attribute on every public
    `func.func` with a body, so that `--convert-func-to-llvm` emits a
    `_mlir_ciface_<name>` wrapper taking memref descriptors by pointer. This
    is the entry point `mha-run` and C callers use.
  }];
}

def MHADecomposeMultiHeadAttention
    : Pass<"mha-decompose-multi-head-attention"> {
  let summary = "Rewrite mha.multi_head_attention into projections around one "
                "mha.attention";
  let description = [{
    Rewrites every `mha.multi_head_attention` into linalg matmuls for the four
    projections (with broadcast bias adds when the op has biases), a
    `tensor.expand_shape` and a `linalg.transpose` that split the projected
    features into heads and move them before the sequence, one
    `mha.attention` that carries the mask, bias, causal, window, scale and
    softcap of the block, and the inverse transpose and collapse that merge
    the heads before the output projection.

    Matmuls accumulate in the element type of the block; f16 and bf16 blocks
    are therefore rounded after each projection, as PyTorch does.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // MHA_DIALECT_MHA_TRANSFORMS_PASSES_TD
