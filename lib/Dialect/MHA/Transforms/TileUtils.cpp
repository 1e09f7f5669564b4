//===- TileUtils.cpp - helpers shared by the tiling passes ---------------===//
#include "mha/Dialect/MHA/Transforms/TileUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMAttrs.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::mha;

Value mha::windowFirstRow(OpBuilder &b, Location loc, Value rows,
                          Value start, int64_t count) {
  Value c = arith::ConstantIndexOp::create(b, loc, count);
  Value fits =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, rows, c);
  Value clamped = arith::MinSIOp::create(
      b, loc, start, arith::SubIOp::create(b, loc, rows, c));
  return arith::SelectOp::create(b, loc, fits, clamped,
                                 arith::ConstantIndexOp::create(b, loc, 0));
}

/// loadRowWindow, or with `dst` copyRowWindow: the window copied into `dst`
/// in each branch.
static RowWindow rowWindow(OpBuilder &b, Location loc, Value src,
                           ArrayRef<Value> lead, Value start, int64_t count,
                           OpFoldResult lastOffset, int64_t lastSize,
                           bool startInRange, Value dst) {
  auto srcType = cast<RankedTensorType>(src.getType());
  int64_t rank = srcType.getRank(), rowDim = rank - 2;
  Type et = srcType.getElementType();
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  // Rows of `src` and the window's clamped start, unless it is known to fit.
  Value n, first = start;
  if (!startInRange) {
    n = tensor::DimOp::create(b, loc, src, rowDim);
    first = windowFirstRow(b, loc, n, start, count);
  }

  SmallVector<int64_t> tileShape;
  SmallVector<OpFoldResult> offsets, sizes;
  for (int64_t d = 0; d < rank; ++d) {
    if (d < static_cast<int64_t>(lead.size())) {
      offsets.push_back(lead[d]);
      sizes.push_back(b.getIndexAttr(1));
      continue;
    }
    int64_t extent = d == rowDim       ? count
                     : d == rank - 1 ? lastSize
                                     : srcType.getDimSize(d);
    tileShape.push_back(extent);
    offsets.push_back(d == rowDim       ? OpFoldResult(first)
                      : d == rank - 1 ? lastOffset
                                      : OpFoldResult(b.getIndexAttr(0)));
    sizes.push_back(b.getIndexAttr(extent));
  }
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  auto tileType = RankedTensorType::get(tileShape, et);
  int64_t tileRowDim = rowDim - static_cast<int64_t>(lead.size());

  // A window known to fit is a plain view: no branch, so that what reads it
  // sees a slice of `src` (the narrow tile products prefetch the next one).
  auto copied = [&](Value tile) {
    return dst ? mha::copyIntoTile(b, loc, tile, dst) : tile;
  };
  if (startInRange)
    return {copied(tensor::ExtractSliceOp::create(b, loc, tileType, src,
                                                  offsets, sizes, strides)
                       .getResult()),
            first};
  Value fits =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, n, idx(count));
  auto ifOp = scf::IfOp::create(b, loc,
                                TypeRange{dst ? dst.getType() : tileType}, fits,
                                /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard g(b);
    // A full window is a view of the operand: no copy.
    b.setInsertionPointToStart(ifOp.thenBlock());
    scf::YieldOp::create(b, loc,
                         copied(tensor::ExtractSliceOp::create(
                                    b, loc, tileType, src, offsets, sizes,
                                    strides)
                                    .getResult()));
    // An operand shorter than one window is zero-padded.
    b.setInsertionPointToStart(ifOp.elseBlock());
    SmallVector<OpFoldResult> shortSizes(sizes);
    SmallVector<int64_t> shortShape(tileShape);
    shortSizes[rowDim] = n;
    shortShape[tileRowDim] = ShapedType::kDynamic;
    Value slice = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get(shortShape, et), src, offsets,
        shortSizes, strides);
    SmallVector<OpFoldResult> low(tileShape.size(), b.getIndexAttr(0));
    SmallVector<OpFoldResult> high(tileShape.size(), b.getIndexAttr(0));
    high[tileRowDim] =
        arith::SubIOp::create(b, loc, idx(count), n).getResult();
    Value zero = arith::ConstantOp::create(b, loc, et, b.getZeroAttr(et));
    scf::YieldOp::create(
        b, loc,
        copied(tensor::PadOp::create(b, loc, tileType, slice, low, high, zero)
                   .getResult()));
  }
  return {ifOp.getResult(0), first};
}

RowWindow mha::loadRowWindow(OpBuilder &b, Location loc, Value src,
                             ArrayRef<Value> lead, Value start, int64_t count,
                             OpFoldResult lastOffset, int64_t lastSize,
                             bool startInRange) {
  return rowWindow(b, loc, src, lead, start, count, lastOffset, lastSize,
                   startInRange, Value());
}

RowWindow mha::copyRowWindow(OpBuilder &b, Location loc, Value src,
                             ArrayRef<Value> lead, Value start, int64_t count,
                             OpFoldResult lastOffset, int64_t lastSize,
                             Value dst) {
  return rowWindow(b, loc, src, lead, start, count, lastOffset, lastSize,
                   /*startInRange=*/false, dst);
}

Value mha::unlessEmpty(OpBuilder &b, Location loc, Value count, Value init,
                       function_ref<Value()> build) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value any =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, count, zero);
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{init.getType()}, any,
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  scf::YieldOp::create(b, loc, build());
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, loc, init);
  return ifOp.getResult(0);
}

bool mha::isMulAddBody(Block &body, bool allowWidening) {
  if (body.getNumArguments() != 3 ||
      body.getOperations().size() > (allowWidening ? 5u : 3u))
    return false;
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!yield || yield.getNumOperands() != 1)
    return false;
  auto add = yield.getOperand(0).getDefiningOp<arith::AddFOp>();
  Value acc = body.getArgument(2);
  if (!add || (add.getLhs() != acc && add.getRhs() != acc))
    return false;
  auto mul = (add.getLhs() == acc ? add.getRhs() : add.getLhs())
                 .getDefiningOp<arith::MulFOp>();
  if (!mul)
    return false;
  auto strip = [&](Value v) {
    if (allowWidening)
      if (auto ext = v.getDefiningOp<arith::ExtFOp>())
        return ext.getIn();
    return v;
  };
  Value x = strip(mul.getLhs()), y = strip(mul.getRhs());
  Value a = body.getArgument(0), b = body.getArgument(1);
  return (x == a && y == b) || (x == b && y == a);
}

Value mha::copyIntoTile(OpBuilder &b, Location loc, Value src, Value dst) {
  auto srcType = cast<RankedTensorType>(src.getType());
  auto dstType = cast<RankedTensorType>(dst.getType());
  if (srcType.getElementType() == dstType.getElementType())
    return linalg::CopyOp::create(b, loc, src, dst).getResult(0);
  unsigned rank = srcType.getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  Type et = dstType.getElementType();
  bool widen = et.getIntOrFloatBitWidth() >
               srcType.getElementType().getIntOrFloatBitWidth();
  return linalg::GenericOp::create(
             b, loc, TypeRange{dstType}, ValueRange{src}, ValueRange{dst},
             ArrayRef<AffineMap>{id, id},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange a) {
               Value v = widen ? arith::ExtFOp::create(nb, l, et, a[0])
                                     .getResult()
                               : arith::TruncFOp::create(nb, l, et, a[0])
                                     .getResult();
               linalg::YieldOp::create(nb, l, v);
             })
      .getResult(0);
}

Value mha::widenToF32(OpBuilder &b, Location loc, Value tile) {
  auto type = cast<RankedTensorType>(tile.getType());
  Type f32 = b.getF32Type();
  if (type.getElementType() == f32)
    return tile;
  return copyIntoTile(
      b, loc, tile, tensor::EmptyOp::create(b, loc, type.getShape(), f32));
}

void mha::setNoUnrollHint(Operation *loop) {
  MLIRContext *ctx = loop->getContext();
  auto unroll = LLVM::LoopUnrollAttr::get(
      ctx, /*disable=*/BoolAttr::get(ctx, true), /*count=*/{},
      /*runtimeDisable=*/{}, /*full=*/{}, /*followupUnrolled=*/{},
      /*followupRemainder=*/{}, /*followupAll=*/{});
  auto annotation = LLVM::LoopAnnotationAttr::get(
      ctx, /*disableNonforced=*/{}, /*vectorize=*/{}, /*interleave=*/{}, unroll,
      /*unrollAndJam=*/{}, /*licm=*/{}, /*distribute=*/{}, /*pipeline=*/{},
      /*peeled=*/{}, /*unswitch=*/{}, /*mustProgress=*/{},
      /*isVectorized=*/{}, /*startLoc=*/{}, /*endLoc=*/{},
      /*parallelAccesses=*/{});
  loop->setAttr("llvm.loop_annotation", annotation);
}
