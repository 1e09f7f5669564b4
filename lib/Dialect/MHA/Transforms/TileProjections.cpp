//===- TileProjections.cpp - CPU tiles for the projections of a block ----===//
//
// The projections of a decomposed mha.multi_head_attention are contractions
// C[b, n, m] = init[b, n, m] + sum_k X[b, n, k] * W[k, m] with a static
// weight W. This pass rewrites each into an scf.forall over (b, row tiles,
// column tiles) whose body is one static f32 tile product
// C_t[TM, TN] = init_t + X_t[TM, K] . W_t[K, TN] on views of the operands
// (rows clamped into range like the attention windows, zero-padded only for
// operands shorter than a tile), so that --mha-vectorize-tiles gives it the
// same register-blocked micro-kernel as the attention tiles.
//
//===----------------------------------------------------------------------===//

#include "mha/Dialect/MHA/Transforms/Passes.h"
#include "mha/Dialect/MHA/Transforms/TileUtils.h"
#include "mha/Dialect/MHA/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHATILEPROJECTIONS
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;
using namespace mlir::mha;

/// True for C[b,n,m] += X[b,n,k] * W[k,m] (operands possibly widened to f32
/// in the body) with a static W and an f32 accumulator.
static bool isProjection(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 4 || !op.hasPureTensorSemantics())
    return false;
  auto iters = op.getIteratorTypesArray();
  if (iters[0] != utils::IteratorType::parallel ||
      iters[1] != utils::IteratorType::parallel ||
      iters[2] != utils::IteratorType::parallel ||
      iters[3] != utils::IteratorType::reduction)
    return false;
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineMap> expected = {
      AffineMap::get(4, 0, {d(0), d(1), d(3)}, ctx),
      AffineMap::get(4, 0, {d(3), d(2)}, ctx),
      AffineMap::get(4, 0, {d(0), d(1), d(2)}, ctx)};
  if (op.getIndexingMapsArray() != expected)
    return false;
  auto wType = cast<RankedTensorType>(op.getDpsInputs()[1].getType());
  auto cType = cast<RankedTensorType>(op.getDpsInits()[0].getType());
  if (!wType.hasStaticShape() || !cType.getElementType().isF32())
    return false;
  return isMulAddBody(op.getRegion().front(), /*allowWidening=*/true);
}

FailureOr<Value> mha::tileProjection(RewriterBase &rewriter,
                                     linalg::GenericOp op,
                                     const ProjectionTileSizes &sizes) {
  if (!isProjection(op))
    return rewriter.notifyMatchFailure(op, "not a projection contraction");
  Location loc = op.getLoc();
  Value x = op.getDpsInputs()[0], w = op.getDpsInputs()[1];
  Value init = op.getDpsInits()[0];
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t k = wType.getDimSize(0), m = wType.getDimSize(1);
  int64_t tm = sizes.rows;
  int64_t tn = sizes.cols;
  while (tn > 1 && m % tn != 0)
    tn /= 2;
  if (tm <= 0 || tn < 8)
    return rewriter.notifyMatchFailure(op, "no column tile divides M");
  // The tiles are static [TM, K] and [K, TN] tensors: an absurd K or row
  // tile stays an untiled (still correct) contraction.
  int64_t xElements, wElements;
  if (llvm::MulOverflow(tm, k, xElements) ||
      llvm::MulOverflow(k, tn, wElements) ||
      std::max(xElements, wElements) > (int64_t(1) << 31))
    return rewriter.notifyMatchFailure(op, "tiles would be too large");

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  OpBuilder &b = rewriter;
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Type f32 = b.getF32Type();
  Value batch = tensor::DimOp::create(b, loc, init, 0);
  Value rows = tensor::DimOp::create(b, loc, init, 1);
  SmallVector<OpFoldResult> outSizes = {tensor::getMixedSize(b, loc, init, 0),
                                        tensor::getMixedSize(b, loc, init, 1),
                                        b.getIndexAttr(m)};
  Value out = tensor::EmptyOp::create(b, loc, outSizes, f32);
  Value rowTiles = arith::CeilDivUIOp::create(b, loc, rows, idx(tm));
  SmallVector<OpFoldResult> ubs = {batch, rowTiles, b.getIndexAttr(m / tn)};
  auto forall =
      scf::ForallOp::create(b, loc, ubs, ValueRange{out}, std::nullopt);
  Block *body = forall.getBody();
  b.setInsertionPoint(body->getTerminator());
  Value bi = body->getArgument(0), rt = body->getArgument(1);
  Value ct = body->getArgument(2), outArg = body->getArgument(3);
  Value r0 = arith::MulIOp::create(b, loc, rt, idx(tm));
  Value rr = arith::MinSIOp::create(b, loc, idx(tm),
                                    arith::SubIOp::create(b, loc, rows, r0));
  Value c0 = arith::MulIOp::create(b, loc, ct, idx(tn));

  RowWindow xw = loadRowWindow(b, loc, x, {bi}, r0, tm, b.getIndexAttr(0), k);
  RowWindow cw = loadRowWindow(b, loc, init, {bi}, r0, tm, c0, tn);
  Value wTile = tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({k, tn}, wType.getElementType()), w,
      SmallVector<OpFoldResult>{b.getIndexAttr(0), c0},
      SmallVector<OpFoldResult>{b.getIndexAttr(k), b.getIndexAttr(tn)},
      SmallVector<OpFoldResult>(2, b.getIndexAttr(1)));
  Value xf = widenToF32(b, loc, xw.tile);
  Value wf = widenToF32(b, loc, wTile);

  MLIRContext *ctx = b.getContext();
  auto d = [&](unsigned i) { return b.getAffineDimExpr(i); };
  Value product =
      linalg::GenericOp::create(
          b, loc, TypeRange{cw.tile.getType()}, ValueRange{xf, wf},
          ValueRange{cw.tile},
          ArrayRef<AffineMap>{AffineMap::get(3, 0, {d(0), d(2)}, ctx),
                              AffineMap::get(3, 0, {d(2), d(1)}, ctx),
                              AffineMap::get(3, 0, {d(0), d(1)}, ctx)},
          ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                        utils::IteratorType::parallel,
                                        utils::IteratorType::reduction},
          [&](OpBuilder &nb, Location l, ValueRange a) {
            Value p = arith::MulFOp::create(nb, l, a[0], a[1]);
            linalg::YieldOp::create(
                nb, l, arith::AddFOp::create(nb, l, a[2], p).getResult());
          })
          .getResult(0);

  // Only the tile's own rows [r0, r0 + rr) are written back.
  Value rowOff = arith::SubIOp::create(b, loc, r0, xw.firstRow);
  auto validType = RankedTensorType::get({ShapedType::kDynamic, tn}, f32);
  Value valid = tensor::ExtractSliceOp::create(
      b, loc, validType, product,
      SmallVector<OpFoldResult>{rowOff, b.getIndexAttr(0)},
      SmallVector<OpFoldResult>{rr, b.getIndexAttr(tn)},
      SmallVector<OpFoldResult>(2, b.getIndexAttr(1)));
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(
      b, loc, valid, outArg, SmallVector<OpFoldResult>{bi, r0, c0},
      SmallVector<OpFoldResult>{b.getIndexAttr(1), rr, b.getIndexAttr(tn)},
      SmallVector<OpFoldResult>(3, b.getIndexAttr(1)));

  b.setInsertionPointAfter(forall);
  Value result = forall.getResult(0);
  if (result.getType() != op.getResult(0).getType())
    result = tensor::CastOp::create(b, loc, op.getResult(0).getType(), result);
  return result;
}

namespace {
struct TileProjectionsPass
    : mha::impl::MHATileProjectionsBase<TileProjectionsPass> {
  using MHATileProjectionsBase::MHATileProjectionsBase;
  void runOnOperation() override {
    // Column tiles narrower than 8 are never used (see tileProjection).
    if (rowTile < 1 || colTile < 8) {
      emitError(getOperation()->getLoc())
          << "--mha-tile-projections: row-tile must be >= 1 and col-tile >= "
             "8; got row-tile="
          << static_cast<int64_t>(rowTile)
          << " col-tile=" << static_cast<int64_t>(colTile);
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::GenericOp> ops;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (isProjection(op))
        ops.push_back(op);
    });
    for (linalg::GenericOp op : ops) {
      FailureOr<Value> result =
          tileProjection(rewriter, op, ProjectionTileSizes{rowTile, colTile});
      if (succeeded(result))
        rewriter.replaceOp(op, *result);
    }
  }
};
} // namespace
