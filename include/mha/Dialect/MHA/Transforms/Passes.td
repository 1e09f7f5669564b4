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

def MHATileAttention : Pass<"mha-tile-attention"> {
  let summary = "Rewrite mha.attention into the tiled FlashAttention-2 form";
  let description = [{
    Rewrites every `mha.attention` into the FlashAttention-2 form on tensors:
    an `scf.forall` over (batch, key/value head, query tile) whose body keeps
    a running row max `m`, a running sum `l` and an unnormalized f32
    accumulator over an `scf.for` across key/value tiles, rescales them by
    `exp(m_old - m_new)` at each step and divides by `l` once at the end.

    - Grouped-query attention: one tile holds the `query-tile` rows of each
      of the G query heads that share a key/value head, so every key/value
      tile is loaded, widened and transposed once for all of them.
    - Causal and window bands: the key/value loop starts and stops at the
      band's edges, so tiles wholly outside it are never computed; only
      tiles that cross an edge (or are partial) take the masked path.
      With a mask or bias operand every tile is masked.
    - Partial tiles are zero-padded to the static tile shape: all tile
      computations are linalg ops on static 2-D f32 tiles, ready for
      register blocking and vectorization.
    - Rows without an allowed entry give zeros; NaN inputs propagate.

    Head counts must be static; B, L and S may be dynamic.
  }];
  let options = [
    Option<"queryTile", "query-tile", "int64_t", "64",
           "Query rows per head in one tile">,
    Option<"keyValueTile", "kv-tile", "int64_t", "64",
           "Key/value rows per step of the online softmax">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def MHAVectorizeTiles : Pass<"mha-vectorize-tiles"> {
  let summary = "Vectorize the tile computations of the tiled attention form";
  let description = [{
    Runs after `--mha-tile-attention`, on tensors. Inside its `scf.forall`
    loops:
    - each static f32 tile product `C += A . B` becomes loops over register
      blocks of `register-rows` x `register-cols` accumulators that stay in
      vector registers across the k loop, updated by broadcast-FMA outer
      products (`vector.broadcast` of an A element times a row of B,
      `vector.fma`); an accumulator initialized by `linalg.fill` starts
      from the fill value in registers;
    - every other static linalg op (softmax steps, rescaling, masking,
      widening, transposing) is tiled into rows and vectorized along the row
      with upstream linalg vectorization;
    - `math.exp` and `math.tanh` are replaced by polynomial approximations.
    The defaults fit AVX2 (16 ymm registers: 6 x 2 accumulators); AVX-512
    prefers `register-rows=8 register-cols=32`.
  }];
  let options = [
    Option<"registerRows", "register-rows", "int64_t", "6",
           "Rows of the register block of the tile products">,
    Option<"registerCols", "register-cols", "int64_t", "16",
           "Columns (f32 lanes) of the register block of the tile products">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // MHA_DIALECT_MHA_TRANSFORMS_PASSES_TD
