//===- DecomposeMultiHeadAttention.cpp - the block as projections + attention -===//
//
// mha.multi_head_attention becomes: three input projections (a contraction
// [B, L, E_in] x [E_in, H*E] accumulated in f32 from a broadcast bias), a
// head split (expand_shape + transpose to [B, H, L, E]), one mha.attention,
// the head merge (transpose + collapse_shape) and the output projection.
// f16/bf16 projections are rounded once each, as PyTorch does.
//
//===----------------------------------------------------------------------===//

#include "mha/Dialect/MHA/Transforms/Passes.h"
#include "mha/Dialect/MHA/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHADECOMPOSEMULTIHEADATTENTION
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;
using namespace mlir::mha;

namespace {

SmallVector<int64_t> staticShape(ArrayRef<OpFoldResult> sizes) {
  SmallVector<int64_t> shape;
  for (OpFoldResult s : sizes)
    shape.push_back(getConstantIntValue(s).value_or(ShapedType::kDynamic));
  return shape;
}

/// Builds the pieces of one decomposition at the rewriter's insertion point.
struct BlockBuilder {
  RewriterBase &b;
  Location loc;
  Type et;
  Type f32;

  /// x [B, N, K] . w [K, M] (+ bias [M]) -> [B, N, M] in the element type,
  /// accumulated in f32 from the broadcast bias (or zero). The contraction is
  /// a linalg.generic over (b, n, m, k) so that no reshape ever merges the
  /// two dynamic dims B and N.
  Value project(Value x, Value w, Value bias, OpFoldResult batch,
                OpFoldResult rows) {
    MLIRContext *ctx = b.getContext();
    auto d = [&](unsigned i) { return b.getAffineDimExpr(i); };
    auto par = utils::IteratorType::parallel;
    OpFoldResult cols = tensor::getMixedSize(b, loc, w, 1);
    SmallVector<OpFoldResult> sizes = {batch, rows, cols};
    Value accInit = tensor::EmptyOp::create(b, loc, sizes, f32);
    Value acc;
    if (bias) {
      AffineMap biasMap = AffineMap::get(3, 0, {d(2)}, ctx);
      AffineMap idMap = AffineMap::getMultiDimIdentityMap(3, ctx);
      acc = linalg::GenericOp::create(
                b, loc, TypeRange{accInit.getType()}, ValueRange{bias},
                ValueRange{accInit}, ArrayRef<AffineMap>{biasMap, idMap},
                ArrayRef<utils::IteratorType>{par, par, par},
                [&](OpBuilder &nb, Location l, ValueRange args) {
                  Value v = args[0];
                  if (v.getType() != f32)
                    v = arith::ExtFOp::create(nb, l, f32, v);
                  linalg::YieldOp::create(nb, l, v);
                })
                .getResult(0);
    } else {
      Value zero = arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(0));
      acc = linalg::FillOp::create(b, loc, ValueRange{zero},
                                   ValueRange{accInit})
                .getResult(0);
    }
    Value prod =
        linalg::GenericOp::create(
            b, loc, TypeRange{acc.getType()}, ValueRange{x, w},
            ValueRange{acc},
            ArrayRef<AffineMap>{AffineMap::get(4, 0, {d(0), d(1), d(3)}, ctx),
                                AffineMap::get(4, 0, {d(3), d(2)}, ctx),
                                AffineMap::get(4, 0, {d(0), d(1), d(2)}, ctx)},
            ArrayRef<utils::IteratorType>{par, par, par,
                                          utils::IteratorType::reduction},
            [&](OpBuilder &nb, Location l, ValueRange args) {
              Value xv = args[0], wv = args[1];
              if (xv.getType() != f32)
                xv = arith::ExtFOp::create(nb, l, f32, xv);
              if (wv.getType() != f32)
                wv = arith::ExtFOp::create(nb, l, f32, wv);
              Value p = arith::MulFOp::create(nb, l, xv, wv);
              linalg::YieldOp::create(
                  nb, l, arith::AddFOp::create(nb, l, args[2], p).getResult());
            })
            .getResult(0);
    return round(prod, sizes);
  }

  /// Rounds an f32 tensor to the element type (a no-op for f32).
  Value round(Value v, ArrayRef<OpFoldResult> sizes) {
    if (et == f32)
      return v;
    Value init = tensor::EmptyOp::create(b, loc, sizes, et);
    auto rank = static_cast<unsigned>(sizes.size());
    AffineMap idMap = AffineMap::getMultiDimIdentityMap(rank, b.getContext());
    return linalg::GenericOp::create(
               b, loc, TypeRange{init.getType()}, ValueRange{v},
               ValueRange{init}, ArrayRef<AffineMap>{idMap, idMap},
               SmallVector<utils::IteratorType>(rank,
                                                utils::IteratorType::parallel),
               [&](OpBuilder &nb, Location l, ValueRange args) {
                 linalg::YieldOp::create(
                     nb, l, arith::TruncFOp::create(nb, l, et, args[0])
                                .getResult());
               })
        .getResult(0);
  }

  /// [B, N, H*D] -> [B, H, N, D].
  Value splitHeads(Value v, OpFoldResult batch, OpFoldResult seq, int64_t heads,
                   int64_t headDim) {
    SmallVector<OpFoldResult> expanded = {batch, seq, b.getIndexAttr(heads),
                                          b.getIndexAttr(headDim)};
    auto expandedType = RankedTensorType::get(staticShape(expanded), et);
    Value v4 = tensor::ExpandShapeOp::create(b, loc, expandedType, v,
                                             {{0}, {1}, {2, 3}}, expanded);
    SmallVector<OpFoldResult> transposed = {batch, b.getIndexAttr(heads), seq,
                                            b.getIndexAttr(headDim)};
    Value init = tensor::EmptyOp::create(b, loc, transposed, et);
    return linalg::TransposeOp::create(b, loc, v4, init,
                                       ArrayRef<int64_t>{0, 2, 1, 3})
        .getResult()[0];
  }

  /// [B, H, N, D] -> [B, N, H*D].
  Value mergeHeads(Value v, OpFoldResult batch, OpFoldResult seq, int64_t heads,
                   int64_t headDim) {
    SmallVector<OpFoldResult> transposed = {batch, seq, b.getIndexAttr(heads),
                                            b.getIndexAttr(headDim)};
    Value init = tensor::EmptyOp::create(b, loc, transposed, et);
    Value t = linalg::TransposeOp::create(b, loc, v, init,
                                          ArrayRef<int64_t>{0, 2, 1, 3})
                  .getResult()[0];
    return tensor::CollapseShapeOp::create(b, loc, t, {{0}, {1}, {2, 3}});
  }
};

} // namespace

FailureOr<Value> mha::decomposeMultiHeadAttention(RewriterBase &rewriter,
                                                  MultiHeadAttentionOp op) {
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  Type et = op.getQueryInput().getType().getElementType();
  BlockBuilder bb{rewriter, loc, et, rewriter.getF32Type()};

  int64_t hq = op.getNumHeads();
  int64_t hkv = op.getEffectiveNumKvHeads();
  int64_t e = op.getWQ().getType().getDimSize(1) / hq;
  int64_t ev = op.getWV().getType().getDimSize(1) / hkv;

  Value xq = op.getQueryInput(), xk = op.getKeyInput(), xv = op.getValueInput();
  // Sizes from whichever input knows them statically (the verifier checked
  // that the static ones agree).
  auto sizeOf = [&](ArrayRef<Value> inputs, int64_t dim) -> OpFoldResult {
    for (Value input : inputs)
      if (!cast<RankedTensorType>(input.getType()).isDynamicDim(dim))
        return tensor::getMixedSize(rewriter, loc, input, dim);
    return tensor::getMixedSize(rewriter, loc, inputs.front(), dim);
  };
  OpFoldResult batch = sizeOf({xq, xk, xv}, 0);
  OpFoldResult seqL = sizeOf({xq}, 1);
  OpFoldResult seqS = sizeOf({xk, xv}, 1);

  Value q = bb.splitHeads(bb.project(xq, op.getWQ(), op.getBQ(), batch, seqL),
                          batch, seqL, hq, e);
  Value k = bb.splitHeads(bb.project(xk, op.getWK(), op.getBK(), batch, seqS),
                          batch, seqS, hkv, e);
  Value v = bb.splitHeads(bb.project(xv, op.getWV(), op.getBV(), batch, seqS),
                          batch, seqS, hkv, ev);

  auto attention = AttentionOp::create(rewriter, loc, q, k, v, op.getMask(),
                                       op.getBias());
  attention.setCausalAttr(op.getCausalAttr());
  if (auto window = op.getWindowAttr())
    attention.setWindowAttr(window);
  // The block's default scale is the attention's default (1/sqrt(E)).
  if (auto scale = op.getScaleAttr())
    attention.setScaleAttr(scale);
  if (auto softcap = op.getSoftcapAttr())
    attention.setSoftcapAttr(softcap);

  Value merged = bb.mergeHeads(attention.getResult(), batch, seqL, hq, ev);
  Value out = bb.project(merged, op.getWO(), op.getBO(), batch, seqL);
  if (out.getType() != op.getType())
    out = tensor::CastOp::create(rewriter, loc, op.getType(), out);
  return out;
}

namespace {
struct DecomposeMultiHeadAttentionPattern
    : OpRewritePattern<MultiHeadAttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MultiHeadAttentionOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<Value> result = decomposeMultiHeadAttention(rewriter, op);
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, *result);
    return success();
  }
};

struct DecomposeMultiHeadAttentionPass
    : mha::impl::MHADecomposeMultiHeadAttentionBase<
          DecomposeMultiHeadAttentionPass> {
  using MHADecomposeMultiHeadAttentionBase::MHADecomposeMultiHeadAttentionBase;
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<MultiHeadAttentionOp> ops;
    getOperation()->walk([&](MultiHeadAttentionOp op) { ops.push_back(op); });
    for (MultiHeadAttentionOp op : ops) {
      FailureOr<Value> result = decomposeMultiHeadAttention(rewriter, op);
      if (failed(result))
        return signalPassFailure();
      rewriter.replaceOp(op, *result);
    }
  }
};
} // namespace

void mha::populateDecomposeMultiHeadAttentionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<DecomposeMultiHeadAttentionPattern>(patterns.getContext());
}
