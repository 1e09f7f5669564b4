//===- MHAOps.td - operations of the mha dialect ----------*- tablegen -*-===//
#ifndef MHA_DIALECT_MHA_IR_MHAOPS_TD
#define MHA_DIALECT_MHA_IR_MHAOPS_TD

include "mha/Dialect/MHA/IR/MHADialect.td"
include "mha/Dialect/MHA/IR/MHAAttrs.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/TilingInterface.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"

def MHA_Tensor4D : 4DTensorOf<[F32, F16, BF16]>;
def MHA_Tensor3D : 3DTensorOf<[F32, F16, BF16]>;
def MHA_Tensor2D : 2DTensorOf<[F32, F16, BF16]>;
def MHA_Tensor1D : 1DTensorOf<[F32, F16, BF16]>;

//===----------------------------------------------------------------------===//
// mha.attention
//===----------------------------------------------------------------------===//

def MHA_AttentionOp : MHA_Op<"attention", [
    Pure, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface, ["reifyResultShapes"]>,
    DeclareOpInterfaceMethods<TilingInterface, [
      "getLoopIteratorTypes", "getIterationDomain", "getTiledImplementation",
      "getResultTilePosition", "getIterationDomainTileFromResultTile",
      "generateResultTileValue"]>]> {
  let summary = "scaled dot-product attention of projected, head-split tensors";
  let description = [{
    Computes `softmax(scale * query . key^T [softcapped] [+ bias], masked) . value`
    per batch and query head, with grouped-query heads (query head `h` reads
    key/value head `h / (Hq / Hkv)`), an optional i1 mask, an optional additive
    bias, a causal band anchored top-left or bottom-right, a sliding window
    and a tanh softcap. Rows with no allowed entry are zero. f16 and bf16 are
    computed with f32 intermediates and rounded once. docs/Dialect.md gives
    the semantics as formulas; every lowering must meet them.

    Shapes: query [B, Hq, L, E], key [B, Hkv, S, E], value [B, Hkv, S, Ev],
    mask and bias broadcastable to [B, Hq, L, S], result [B, Hq, L, Ev].
    E and Ev must be static; every other dimension may be dynamic.

    TilingInterface: the iteration domain is (B, Hq, L), all parallel, so
    upstream tiling (`transform.structured.tile_using_forall`, `scf`
    tiling and producer fusion) can split the op into smaller
    `mha.attention` ops; docs/Dialect.md says which tiles are expressible.

    ```mlir
    %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x128x256xi1>)
           causal(bottom_right) window(128, 0) scale(0.125)
           : tensor<1x8x128x64xf32>, tensor<1x2x256x64xf32>,
             tensor<1x2x256x64xf32> -> tensor<1x8x128x64xf32>
    ```
  }];

  let arguments = (ins
    MHA_Tensor4D:$query,
    MHA_Tensor4D:$key,
    MHA_Tensor4D:$value,
    Optional<AnyRankedTensor>:$mask,
    Optional<AnyRankedTensor>:$bias,
    DefaultValuedAttr<MHA_CausalModeAttr, "::mlir::mha::CausalMode::none">:$causal,
    OptionalAttr<DenseI64ArrayAttr>:$window,
    OptionalAttr<F32Attr>:$scale,
    OptionalAttr<F32Attr>:$softcap
  );
  let results = (outs MHA_Tensor4D:$result);

  let assemblyFormat = [{
    $query `,` $key `,` $value
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`causal` `(` custom<Causal>($causal)^ `)`)?
    (`window` `(` custom<Window>($window)^ `)`)?
    (`scale` `(` $scale^ `)`)?
    (`softcap` `(` $softcap^ `)`)?
    attr-dict `:` type($query) `,` type($key) `,` type($value) `->` type($result)
  }];

  let builders = [
    OpBuilder<(ins "::mlir::Value":$query, "::mlir::Value":$key,
      "::mlir::Value":$value, CArg<"::mlir::Value", "{}">:$mask,
      CArg<"::mlir::Value", "{}">:$bias)>
  ];

  let extraClassDeclaration = [{
    /// The scale applied to Q.K^T: the attribute, or 1/sqrt(E).
    double getEffectiveScale();
    /// Query heads per key/value head, when both are static (else 0).
    int64_t getStaticGroupSize();
    /// Hkv from 'key', or from 'value' when that of 'key' is dynamic
    /// (dynamic when both are).
    int64_t getStaticKvHeads();
    /// Emits the error of a lowering (`what`) that needs static head counts,
    /// and fails, when Hq or Hkv is dynamic.
    ::llvm::LogicalResult requireStaticHeadCounts(::llvm::StringRef what);
  }];

  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// mha.multi_head_attention
//===----------------------------------------------------------------------===//

def MHA_MultiHeadAttentionOp : MHA_Op<"multi_head_attention", [
    Pure, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface, ["reifyResultShapes"]>,
    DeclareOpInterfaceMethods<TilingInterface, [
      "getLoopIteratorTypes", "getIterationDomain", "getTiledImplementation",
      "getResultTilePosition", "getIterationDomainTileFromResultTile",
      "generateResultTileValue"]>]> {
  let summary = "the whole multi-head attention block: projections, attention, output projection";
  let description = [{
    The block as the classic formulas give it: for each query head `i`,
    `Q_i = X_q W_i^Q (+ b_q)`, `K_i = X_k W_i^K (+ b_k)`, `V_i = X_v W_i^V (+ b_v)`
    (key/value heads shared by `num_heads / num_kv_heads` query heads),
    `A_i = mha.attention(Q_i, K_i, V_i)`, and
    `Output = concat_i(A_i) W^O (+ b_o)`. Head `h` owns columns
    `[h*E, (h+1)*E)` of a projection. Self-attention passes one value three
    times.

    Shapes: query_input [B, L, Eq], key_input [B, S, Ek], value_input
    [B, S, Evi], w_q [Eq, Hq*E], w_k [Ek, Hkv*E], w_v [Evi, Hkv*Ev],
    w_o [Hq*Ev, Eo], biases b_q [Hq*E], b_k [Hkv*E], b_v [Hkv*Ev], b_o [Eo]
    (all four or none); result [B, L, Eo]. `mask` and `bias` are as for
    `mha.attention`.

    TilingInterface: the iteration domain is (B, L), all parallel; a tile is
    the same block on row slices of the inputs (the key/value rows a causal
    band lets the tile's rows see); docs/Dialect.md says which tiles are
    expressible.

    ```mlir
    %y = mha.multi_head_attention %x, %x, %x
           weights(%wq, %wk, %wv, %wo : tensor<768x768xf32>, tensor<768x768xf32>,
                                        tensor<768x768xf32>, tensor<768x768xf32>)
           heads(12) causal(bottom_right)
           : tensor<1x1024x768xf32>, tensor<1x1024x768xf32>, tensor<1x1024x768xf32>
             -> tensor<1x1024x768xf32>
    ```
  }];

  let arguments = (ins
    MHA_Tensor3D:$query_input,
    MHA_Tensor3D:$key_input,
    MHA_Tensor3D:$value_input,
    MHA_Tensor2D:$w_q,
    MHA_Tensor2D:$w_k,
    MHA_Tensor2D:$w_v,
    MHA_Tensor2D:$w_o,
    Optional<MHA_Tensor1D>:$b_q,
    Optional<MHA_Tensor1D>:$b_k,
    Optional<MHA_Tensor1D>:$b_v,
    Optional<MHA_Tensor1D>:$b_o,
    Optional<AnyRankedTensor>:$mask,
    Optional<AnyRankedTensor>:$bias,
    ConfinedAttr<I64Attr, [IntPositive]>:$num_heads,
    OptionalAttr<ConfinedAttr<I64Attr, [IntPositive]>>:$num_kv_heads,
    DefaultValuedAttr<MHA_CausalModeAttr, "::mlir::mha::CausalMode::none">:$causal,
    OptionalAttr<DenseI64ArrayAttr>:$window,
    OptionalAttr<F32Attr>:$scale,
    OptionalAttr<F32Attr>:$softcap
  );
  let results = (outs MHA_Tensor3D:$result);

  let assemblyFormat = [{
    $query_input `,` $key_input `,` $value_input
    `weights` `(` $w_q `,` $w_k `,` $w_v `,` $w_o `:`
        type($w_q) `,` type($w_k) `,` type($w_v) `,` type($w_o) `)`
    (`biases` `(` $b_q^ `,` $b_k `,` $b_v `,` $b_o `:`
        type($b_q) `,` type($b_k) `,` type($b_v) `,` type($b_o) `)`)?
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    `heads` `(` $num_heads (`,` $num_kv_heads^)? `)`
    (`causal` `(` custom<Causal>($causal)^ `)`)?
    (`window` `(` custom<Window>($window)^ `)`)?
    (`scale` `(` $scale^ `)`)?
    (`softcap` `(` $softcap^ `)`)?
    attr-dict `:` type($query_input) `,` type($key_input) `,` type($value_input)
        `->` type($result)
  }];

  let extraClassDeclaration = [{
    /// Hkv: the attribute, or num_heads.
    int64_t getEffectiveNumKvHeads();
    /// True when the four projection biases are present.
    bool hasProjectionBiases() { return getBQ() != nullptr; }
  }];

  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

#endif // MHA_DIALECT_MHA_IR_MHAOPS_TD
