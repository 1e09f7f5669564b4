//===- DecomposeMultiHeadAttention.cpp - the block as projections + attention -===//
//
// mha.multi_head_attention becomes: three input projections (linalg.matmul
// on [B*L, E_in] x [E_in, H*E], accumulated in f32 from a broadcast bias),
// a head split (expand_shape + transpose to [B, H, L, E]), one
// mha.attention, the head merge (transpose + collapse_shape) and the output
// projection. f16/bf16 projections are rounded once each, as PyTorch does.
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

  OpFoldResult mul(OpFoldResult x, OpFoldResult y) {
    std::optional<int64_t> cx = getConstantIntValue(x);
    std::optional<int64_t> cy = getConstantIntValue(y);
    if (cx && cy)
      return b.getIndexAttr(*cx * *cy);
    return arith::MulIOp::create(b, loc,
                                 getValueOrCreateConstantIndexOp(b, loc, x),
                                 getValueOrCreateConstantIndexOp(b, loc, y))
        .getResult();
  }

  /// x [B, N, K] or [B*N, K] . w [K, M] (+ bias [M]) -> [B*N, M] in the
  /// element type, accumulated in f32.
  Value project(Value x, Value w, Value bias, OpFoldResult rows) {
    Value x2 = x;
    if (cast<RankedTensorType>(x.getType()).getRank() == 3)
      x2 = tensor::CollapseShapeOp::create(b, loc, x, {{0, 1}, {2}});
    OpFoldResult cols = tensor::getMixedSize(b, loc, w, 1);
    SmallVector<OpFoldResult> sizes = {rows, cols};
    Value accInit = tensor::EmptyOp::create(b, loc, sizes, f32);
    Value acc;
    if (bias) {
      MLIRContext *ctx = b.getContext();
      AffineMap biasMap = AffineMap::get(2, 0, {b.getAffineDimExpr(1)}, ctx);
      AffineMap idMap = AffineMap::getMultiDimIdentityMap(2, ctx);
      acc = linalg::GenericOp::create(
                b, loc, TypeRange{accInit.getType()}, ValueRange{bias},
                ValueRange{accInit}, ArrayRef<AffineMap>{biasMap, idMap},
                ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                              utils::IteratorType::parallel},
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
    Value prod = linalg::MatmulOp::create(b, loc, TypeRange{acc.getType()},
                                          ValueRange{x2, w}, ValueRange{acc})
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

  /// [B*N, H*D] -> [B, H, N, D].
  Value splitHeads(Value v, OpFoldResult batch, OpFoldResult seq, int64_t heads,
                   int64_t headDim) {
    SmallVector<OpFoldResult> expanded = {batch, seq, b.getIndexAttr(heads),
                                          b.getIndexAttr(headDim)};
    auto expandedType = RankedTensorType::get(staticShape(expanded), et);
    Value v4 = tensor::ExpandShapeOp::create(b, loc, expandedType, v,
                                             {{0, 1}, {2, 3}}, expanded);
    SmallVector<OpFoldResult> transposed = {batch, b.getIndexAttr(heads), seq,
                                            b.getIndexAttr(headDim)};
    Value init = tensor::EmptyOp::create(b, loc, transposed, et);
    return linalg::TransposeOp::create(b, loc, v4, init,
                                       ArrayRef<int64_t>{0, 2, 1, 3})
        .getResult()[0];
  }

  /// [B, H, N, D] -> [B*N, H*D].
  Value mergeHeads(Value v, OpFoldResult batch, OpFoldResult seq, int64_t heads,
                   int64_t headDim) {
    SmallVector<OpFoldResult> transposed = {batch, seq, b.getIndexAttr(heads),
                                            b.getIndexAttr(headDim)};
    Value init = tensor::EmptyOp::create(b, loc, transposed, et);
    Value t = linalg::TransposeOp::create(b, loc, v, init,
                                          ArrayRef<int64_t>{0, 2, 1, 3})
                  .getResult()[0];
    return tensor::CollapseShapeOp::create(b, loc, t, {{0, 1}, {2, 3}});
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
  OpFoldResult batch = tensor::getMixedSize(rewriter, loc, xq, 0);
  OpFoldResult seqL = tensor::getMixedSize(rewriter, loc, xq, 1);
  OpFoldResult seqS = tensor::getMixedSize(rewriter, loc, xk, 1);
  OpFoldResult rowsL = bb.mul(batch, seqL);
  OpFoldResult rowsS = bb.mul(batch, seqS);

  Value q = bb.splitHeads(bb.project(xq, op.getWQ(), op.getBQ(), rowsL), batch,
                          seqL, hq, e);
  Value k = bb.splitHeads(bb.project(xk, op.getWK(), op.getBK(), rowsS), batch,
                          seqS, hkv, e);
  Value v = bb.splitHeads(bb.project(xv, op.getWV(), op.getBV(), rowsS), batch,
                          seqS, hkv, ev);

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
  Value out2 = bb.project(merged, op.getWO(), op.getBO(), rowsL);

  OpFoldResult eo = tensor::getMixedSize(rewriter, loc, op.getWO(), 1);
  SmallVector<OpFoldResult> outSizes = {batch, seqL, eo};
  Value out = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get(staticShape(outSizes), et), out2,
      {{0, 1}, {2}}, outSizes);
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
