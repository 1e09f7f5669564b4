//===- LowerAttentionToLinalg.cpp - mha.attention to unfused linalg -----===//
//
// The reference lowering: every step of docs/Dialect.md becomes one
// linalg.generic on tensors, in f32, over the grouped iteration space
// (b, kvHead, group, i, j) so that grouped-query attention never copies key
// or value per query head.
//
//===----------------------------------------------------------------------===//

#include "mha/Conversion/MHAToLinalg/MHAToLinalg.h"
#include "mha/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHALOWERATTENTIONTOLINALG
#include "mha/Conversion/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;
using namespace mlir::mha;

namespace {

using utils::IteratorType;

/// Builds the unfused form of one mha.attention. All score tensors live in
/// the grouped space [B, Hkv, G, L, S]; the query, mask and bias are viewed
/// in it with expand_shape, key and value are indexed by their own head.
class AttentionLowering {
public:
  AttentionLowering(RewriterBase &rewriter, AttentionOp op)
      : b(rewriter), op(op), loc(op.getLoc()), f32(b.getF32Type()) {}

  FailureOr<Value> run();

private:
  static constexpr unsigned kRank = 5; // (b, kvHead, group, i, j)

  Value cst(double v) {
    return arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(v));
  }
  Value toF32(OpBuilder &nb, Location l, Value v) {
    if (v.getType() == f32)
      return v;
    return arith::ExtFOp::create(nb, l, f32, v);
  }
  AffineExpr dim(unsigned i) { return b.getAffineDimExpr(i); }
  AffineMap map(unsigned numDims, ArrayRef<AffineExpr> results) {
    return AffineMap::get(numDims, 0, results, b.getContext());
  }
  static SmallVector<int64_t> staticShape(ArrayRef<OpFoldResult> sizes) {
    SmallVector<int64_t> shape;
    for (OpFoldResult s : sizes)
      shape.push_back(getConstantIntValue(s).value_or(ShapedType::kDynamic));
    return shape;
  }
  Value emptyF32(ArrayRef<OpFoldResult> sizes) {
    return tensor::EmptyOp::create(b, loc, sizes, f32);
  }
  Value filled(ArrayRef<OpFoldResult> sizes, double v) {
    return linalg::FillOp::create(b, loc, ValueRange{cst(v)},
                                  ValueRange{emptyF32(sizes)})
        .getResult(0);
  }

  /// Views a [B|1, Hq|1, ...] tensor with the head dim split as [Hkv, G],
  /// unless its head dim is 1 (broadcast), in which case it is returned as is.
  Value splitHeads(Value v, bool broadcastHead);
  /// The indexing map of a mask or bias operand in the 5-D score space.
  AffineMap broadcastMap(Value operand, bool headSplit);
  /// Emits a runtime assertion that two sizes agree when the verifier could
  /// not decide it because one of them is dynamic.
  void assertSameSize(OpFoldResult a, OpFoldResult c, const Twine &what);
  /// Asserts that a mask or bias operand's dynamic dims are full size.
  void assertFullSize(Value operand, StringRef name);

  RewriterBase &b;
  AttentionOp op;
  Location loc;
  Type f32;
  OpFoldResult batch, hq, hkv, group, seqL, seqS;
  int64_t e = 0, ev = 0;
};

} // namespace

Value AttentionLowering::splitHeads(Value v, bool broadcastHead) {
  if (broadcastHead)
    return v;
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape(type.getShape());
  int64_t kv = *getConstantIntValue(hkv), g = *getConstantIntValue(group);
  // A dynamic head dim of a mask or bias was asserted to equal Hq; make it
  // static so that the split below has a static group.
  if (ShapedType::isDynamic(shape[1])) {
    shape[1] = kv * g;
    v = tensor::CastOp::create(
        b, loc, RankedTensorType::get(shape, type.getElementType()), v);
  }
  SmallVector<int64_t> newShape = {shape[0], kv, g, shape[2], shape[3]};
  // Reuse the query's sizes for the query itself rather than new tensor.dim.
  auto sizeOf = [&](int64_t i, OpFoldResult known) {
    return v == op.getQuery() ? known : tensor::getMixedSize(b, loc, v, i);
  };
  SmallVector<OpFoldResult> outputShape = {
      sizeOf(0, batch), hkv, group, sizeOf(2, seqL),
      tensor::getMixedSize(b, loc, v, 3)};
  auto resultType = RankedTensorType::get(newShape, type.getElementType());
  return tensor::ExpandShapeOp::create(b, loc, resultType, v,
                                       {{0}, {1, 2}, {3}, {4}}, outputShape);
}

void AttentionLowering::assertSameSize(OpFoldResult a, OpFoldResult c,
                                       const Twine &what) {
  if (getConstantIntValue(a) && getConstantIntValue(c))
    return; // Static sizes were checked by the verifier.
  Value eq = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                   getValueOrCreateConstantIndexOp(b, loc, a),
                                   getValueOrCreateConstantIndexOp(b, loc, c));
  cf::AssertOp::create(b, loc, eq,
                       ("mha.attention: " + what).str());
}

void AttentionLowering::assertFullSize(Value operand, StringRef name) {
  if (!operand)
    return;
  static const char *dimNames[] = {"B", "Hq", "L", "S"};
  OpFoldResult full[] = {batch, hq, seqL, seqS};
  auto type = cast<RankedTensorType>(operand.getType());
  for (int64_t i = 0; i < 4; ++i)
    if (type.isDynamicDim(i))
      assertSameSize(tensor::getMixedSize(b, loc, operand, i), full[i],
                     Twine(name) + " dim " + Twine(i) + " must equal " +
                         dimNames[i] +
                         " (dynamic dims are never broadcast)");
}

AffineMap AttentionLowering::broadcastMap(Value operand, bool headSplit) {
  auto type = cast<RankedTensorType>(operand.getType());
  ArrayRef<int64_t> s = type.getShape();
  AffineExpr zero = b.getAffineConstantExpr(0);
  // Operand dims: [b, (kv, g) | 1, i, j] in the score space (b,kv,g,i,j).
  // A dim of static size 1 broadcasts; dynamic dims are full size.
  int64_t lDim = headSplit ? 3 : 2, sDim = lDim + 1;
  SmallVector<AffineExpr> results;
  results.push_back(s[0] == 1 ? zero : dim(0));
  if (headSplit) {
    results.push_back(dim(1));
    results.push_back(dim(2));
  } else {
    results.push_back(zero);
  }
  results.push_back(s[lDim] == 1 ? zero : dim(3));
  results.push_back(s[sDim] == 1 ? zero : dim(4));
  return map(kRank, results);
}

FailureOr<Value> AttentionLowering::run() {
  Value query = op.getQuery(), key = op.getKey(), value = op.getValue();
  RankedTensorType qType = op.getQuery().getType();
  // The grouped view [B, Hkv, G, L, E] needs static head counts: a split of
  // one dim into two dynamic ones cannot be bufferized to strided memrefs.
  if (failed(op.requireStaticHeadCounts("the linalg lowering")))
    return failure();
  Type elementType = qType.getElementType();
  e = qType.getDimSize(3);
  ev = op.getValue().getType().getDimSize(3);

  batch = tensor::getMixedSize(b, loc, query, 0);
  hq = tensor::getMixedSize(b, loc, query, 1);
  seqL = tensor::getMixedSize(b, loc, query, 2);
  hkv = tensor::getMixedSize(b, loc, key, 1);
  seqS = tensor::getMixedSize(b, loc, key, 2);
  // Sizes the verifier could not compare because they are dynamic.
  assertSameSize(batch, tensor::getMixedSize(b, loc, key, 0),
                 "key batch size must equal the query's");
  assertSameSize(batch, tensor::getMixedSize(b, loc, value, 0),
                 "value batch size must equal the query's");
  assertSameSize(hkv, tensor::getMixedSize(b, loc, value, 1),
                 "value head count must equal the key's");
  assertSameSize(seqS, tensor::getMixedSize(b, loc, value, 2),
                 "value sequence length must equal the key's");
  assertFullSize(op.getMask(), "mask");
  assertFullSize(op.getBias(), "bias");

  if (!getConstantIntValue(hkv))
    hkv = tensor::getMixedSize(b, loc, value, 1);
  group = b.getIndexAttr(*getConstantIntValue(hq) / *getConstantIntValue(hkv));

  // A mask or bias head dim of static size 1 is broadcast over all heads;
  // any other size is split like the query's.
  auto headIsBroadcast = [](Value v) {
    return cast<RankedTensorType>(v.getType()).getDimSize(1) == 1;
  };
  Value q5 = splitHeads(query, /*broadcastHead=*/false);
  Value mask = op.getMask(), bias = op.getBias();
  bool maskSplit = mask && !headIsBroadcast(mask);
  bool biasSplit = bias && !headIsBroadcast(bias);
  if (mask)
    mask = splitHeads(mask, !maskSplit);
  if (bias)
    bias = splitHeads(bias, !biasSplit);

  SmallVector<OpFoldResult> scoreSizes = {batch, hkv, group, seqL, seqS};
  SmallVector<OpFoldResult> rowSizes = {batch, hkv, group, seqL};
  SmallVector<OpFoldResult> outSizes = {batch, hkv, group, seqL,
                                        b.getIndexAttr(ev)};

  // 1. qk[b,k,g,i,j] = sum_e q[b,k,g,i,e] * key[b,k,j,e], in f32.
  auto par = IteratorType::parallel, red = IteratorType::reduction;
  Value qk;
  {
    // (b, k, g, i, j, e)
    AffineMap qMap = map(6, {dim(0), dim(1), dim(2), dim(3), dim(5)});
    AffineMap kMap = map(6, {dim(0), dim(1), dim(4), dim(5)});
    AffineMap oMap = map(6, {dim(0), dim(1), dim(2), dim(3), dim(4)});
    Value init = filled(scoreSizes, 0.0);
    qk = linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()},
             ValueRange{q5, key}, ValueRange{init},
             ArrayRef<AffineMap>{qMap, kMap, oMap},
             ArrayRef<IteratorType>{par, par, par, par, par, red},
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value prod = arith::MulFOp::create(nb, l, toF32(nb, l, args[0]),
                                                  toF32(nb, l, args[1]));
               Value sum = arith::AddFOp::create(nb, l, args[2], prod);
               linalg::YieldOp::create(nb, l, sum);
             })
             .getResult(0);
  }
  // 2. s = scale * qk, softcapped, biased; -inf where not allowed.
  Value scores;
  {
    SmallVector<Value> inputs = {qk};
    AffineMap id5 = b.getMultiDimIdentityMap(kRank);
    SmallVector<AffineMap> maps = {id5};
    if (mask) {
      inputs.push_back(mask);
      maps.push_back(broadcastMap(mask, maskSplit));
    }
    if (bias) {
      inputs.push_back(bias);
      maps.push_back(broadcastMap(bias, biasSplit));
    }
    maps.push_back(id5);
    Value init = emptyF32(scoreSizes);

    double scale = op.getEffectiveScale();
    std::optional<APFloat> softcap = op.getSoftcap();
    CausalMode causal = op.getCausal();
    std::optional<ArrayRef<int64_t>> window;
    if (auto w = op.getWindowAttr())
      window = w.asArrayRef();
    bool needDiagonal = causal != CausalMode::none || window.has_value();
    // d(i) = i + (S - L) for bottom_right, else i.
    Value offset;
    if (needDiagonal && causal == CausalMode::bottom_right) {
      Value sVal = getValueOrCreateConstantIndexOp(b, loc, seqS);
      Value lVal = getValueOrCreateConstantIndexOp(b, loc, seqL);
      offset = arith::SubIOp::create(b, loc, sVal, lVal);
    }
    Value scaleV = cst(scale);
    Value negInf = cst(-std::numeric_limits<double>::infinity());
    Value capV, invCapV;
    if (softcap) {
      capV = cst(softcap->convertToDouble());
      invCapV = cst(1.0 / softcap->convertToDouble());
    }

    scores =
        linalg::GenericOp::create(
            b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
            SmallVector<IteratorType>(kRank, par),
            [&](OpBuilder &nb, Location l, ValueRange args) {
              unsigned next = 1;
              Value s = arith::MulFOp::create(nb, l, args[0], scaleV);
              if (softcap) {
                Value t = arith::MulFOp::create(nb, l, s, invCapV);
                t = math::TanhOp::create(nb, l, t);
                s = arith::MulFOp::create(nb, l, t, capV);
              }
              Value allowed;
              auto conj = [&](Value c) {
                allowed =
                    allowed ? arith::AndIOp::create(nb, l, allowed, c) : c;
              };
              if (mask)
                conj(args[next++]);
              if (bias)
                s = arith::AddFOp::create(nb, l, s,
                                          toF32(nb, l, args[next++]));
              if (needDiagonal) {
                Value i = linalg::IndexOp::create(nb, l, 3);
                Value j = linalg::IndexOp::create(nb, l, 4);
                Value d = offset ? arith::AddIOp::create(nb, l, i, offset)
                                       .getResult()
                                 : i;
                if (causal != CausalMode::none)
                  conj(arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sle,
                                             j, d));
                if (window) {
                  Value left = arith::ConstantIndexOp::create(nb, l,
                                                              (*window)[0]);
                  Value right = arith::ConstantIndexOp::create(nb, l,
                                                               (*window)[1]);
                  Value lo = arith::SubIOp::create(nb, l, d, left);
                  Value hi = arith::AddIOp::create(nb, l, d, right);
                  conj(arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge,
                                             j, lo));
                  conj(arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sle,
                                             j, hi));
                }
              }
              if (allowed)
                s = arith::SelectOp::create(nb, l, allowed, s, negInf);
              linalg::YieldOp::create(nb, l, s);
            })
            .getResult(0);
  }

  AffineMap id5 = b.getMultiDimIdentityMap(kRank);
  AffineMap rowMap = map(kRank, {dim(0), dim(1), dim(2), dim(3)});
  SmallVector<IteratorType> rowIters = {par, par, par, par, red};

  // 3. m = max_j s (NaN-propagating), -inf for rows without allowed entry.
  Value rowMax =
      linalg::GenericOp::create(
          b, loc, TypeRange{RankedTensorType::get(staticShape(rowSizes), f32)}, ValueRange{scores},
          ValueRange{filled(rowSizes, -std::numeric_limits<double>::infinity())},
          ArrayRef<AffineMap>{id5, rowMap}, rowIters,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            linalg::YieldOp::create(
                nb, l,
                arith::MaximumFOp::create(nb, l, args[0], args[1]).getResult());
          })
          .getResult(0);

  // 4. p = exp(s - m); the guard m == -inf zeroes rows whose allowed scores
  //    are all -inf (exp(-inf - -inf) would be NaN).
  Value probs;
  {
    Value init = emptyF32(scoreSizes);
    Value negInf = cst(-std::numeric_limits<double>::infinity());
    Value zero = cst(0.0);
    probs = linalg::GenericOp::create(
                b, loc, TypeRange{init.getType()}, ValueRange{scores, rowMax},
                ValueRange{init}, ArrayRef<AffineMap>{id5, rowMap, id5},
                SmallVector<IteratorType>(kRank, par),
                [&](OpBuilder &nb, Location l, ValueRange args) {
                  Value diff = arith::SubFOp::create(nb, l, args[0], args[1]);
                  Value ex = math::ExpOp::create(nb, l, diff);
                  Value empty = arith::CmpFOp::create(
                      nb, l, arith::CmpFPredicate::OEQ, args[1], negInf);
                  linalg::YieldOp::create(
                      nb, l,
                      arith::SelectOp::create(nb, l, empty, zero, ex)
                          .getResult());
                })
                .getResult(0);
  }

  // 5. l = sum_j p.
  Value rowSum =
      linalg::GenericOp::create(
          b, loc, TypeRange{RankedTensorType::get(staticShape(rowSizes), f32)}, ValueRange{probs},
          ValueRange{filled(rowSizes, 0.0)}, ArrayRef<AffineMap>{id5, rowMap},
          rowIters,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            linalg::YieldOp::create(
                nb, l, arith::AddFOp::create(nb, l, args[0], args[1])
                           .getResult());
          })
          .getResult(0);

  // 6. acc[b,k,g,i,d] = sum_j p[b,k,g,i,j] * v[b,k,j,d].
  Value acc;
  {
    // (b, k, g, i, d, j)
    AffineMap pMap = map(6, {dim(0), dim(1), dim(2), dim(3), dim(5)});
    AffineMap vMap = map(6, {dim(0), dim(1), dim(5), dim(4)});
    AffineMap oMap = map(6, {dim(0), dim(1), dim(2), dim(3), dim(4)});
    Value init = filled(outSizes, 0.0);
    acc = linalg::GenericOp::create(
              b, loc, TypeRange{init.getType()}, ValueRange{probs, value},
              ValueRange{init}, ArrayRef<AffineMap>{pMap, vMap, oMap},
              ArrayRef<IteratorType>{par, par, par, par, par, red},
              [&](OpBuilder &nb, Location l, ValueRange args) {
                Value prod = arith::MulFOp::create(nb, l, args[0],
                                                   toF32(nb, l, args[1]));
                linalg::YieldOp::create(
                    nb, l,
                    arith::AddFOp::create(nb, l, args[2], prod).getResult());
              })
              .getResult(0);
  }

  // 7. out = acc / l, zero where l == 0 (no allowed entry); one rounding.
  Value out5;
  {
    auto outType = RankedTensorType::get(
        cast<RankedTensorType>(acc.getType()).getShape(), elementType);
    Value init = tensor::EmptyOp::create(b, loc, outSizes, elementType);
    Value zero = cst(0.0);
    out5 = linalg::GenericOp::create(
               b, loc, TypeRange{outType}, ValueRange{acc, rowSum},
               ValueRange{init}, ArrayRef<AffineMap>{id5, rowMap, id5},
               SmallVector<IteratorType>(kRank, par),
               [&](OpBuilder &nb, Location l, ValueRange args) {
                 Value div = arith::DivFOp::create(nb, l, args[0], args[1]);
                 Value empty = arith::CmpFOp::create(
                     nb, l, arith::CmpFPredicate::OEQ, args[1], zero);
                 Value r = arith::SelectOp::create(nb, l, empty, zero, div);
                 if (elementType != f32)
                   r = arith::TruncFOp::create(nb, l, elementType, r);
                 linalg::YieldOp::create(nb, l, r);
               })
               .getResult(0);
  }

  Value out = tensor::CollapseShapeOp::create(b, loc, out5,
                                              {{0}, {1, 2}, {3}, {4}});
  if (out.getType() != op.getType())
    out = tensor::CastOp::create(b, loc, op.getType(), out);
  return out;
}

FailureOr<Value> mha::lowerAttentionToLinalg(RewriterBase &rewriter,
                                             AttentionOp op) {
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  return AttentionLowering(rewriter, op).run();
}

namespace {
struct LowerAttentionPattern : OpRewritePattern<AttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AttentionOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<Value> result = lowerAttentionToLinalg(rewriter, op);
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, *result);
    return success();
  }
};

struct LowerAttentionToLinalgPass
    : mha::impl::MHALowerAttentionToLinalgBase<LowerAttentionToLinalgPass> {
  using MHALowerAttentionToLinalgBase::MHALowerAttentionToLinalgBase;
  void runOnOperation() override {
    Operation *root = getOperation();
    WalkResult blocked = root->walk([&](MultiHeadAttentionOp op) {
      op.emitOpError("must be decomposed before lowering to linalg; run "
                     "--mha-decompose-multi-head-attention first");
      return WalkResult::interrupt();
    });
    if (blocked.wasInterrupted())
      return signalPassFailure();

    IRRewriter rewriter(&getContext());
    SmallVector<AttentionOp> ops;
    root->walk([&](AttentionOp op) { ops.push_back(op); });
    for (AttentionOp op : ops) {
      FailureOr<Value> result = lowerAttentionToLinalg(rewriter, op);
      if (failed(result))
        return signalPassFailure();
      rewriter.replaceOp(op, *result);
    }
  }
};
} // namespace

void mha::populateLowerAttentionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerAttentionPattern>(patterns.getContext());
}
