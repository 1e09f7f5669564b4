//===- VectorizeTiles.cpp - register-blocked vector code for attention tiles -===//
//
// Turns the static f32 tile computations of the tiled attention form into
// vector code for CPUs:
// - the two tile products (C += A . B on [M, K] x [K, N]) become register
//   blocks of `rows` x `cols` accumulators updated by broadcast-FMA outer
//   products over k (the BLIS micro-kernel shape), kept in registers across
//   the k loop;
// - every other tile op (softmax steps, rescaling, masking, widening) is
//   split into rows and vectorized along the row by upstream linalg
//   vectorization;
// - exp and tanh on vectors use polynomial approximations instead of libm
//   calls.
//
//===----------------------------------------------------------------------===//

#include "mha/Dialect/MHA/Transforms/Passes.h"
#include "mha/Dialect/MHA/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHAVECTORIZETILES
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;
using namespace mlir::mha;

/// True for a static f32 C(m, n) += A(m, k) * B(k, n) on tensors, where A
/// may also be read transposed (A(k, m)).
bool mha::isStaticTileMatmul(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 3 || !op.hasPureTensorSemantics())
    return false;
  auto iters = op.getIteratorTypesArray();
  if (iters[0] != utils::IteratorType::parallel ||
      iters[1] != utils::IteratorType::parallel ||
      iters[2] != utils::IteratorType::reduction)
    return false;
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps[0] != AffineMap::get(3, 0, {d(0), d(2)}, ctx) &&
      maps[0] != AffineMap::get(3, 0, {d(2), d(0)}, ctx))
    return false;
  if (maps[1] != AffineMap::get(3, 0, {d(2), d(1)}, ctx) ||
      maps[2] != AffineMap::get(3, 0, {d(0), d(1)}, ctx))
    return false;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.get().getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
      return false;
  }
  // Body: yield(add(out, mul(in0, in1))) in either operand order.
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 3)
    return false;
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value acc = body.getArgument(2);
  Value prod = add.getLhs() == acc ? add.getRhs() : add.getLhs();
  if (add.getLhs() != acc && add.getRhs() != acc)
    return false;
  auto mul = prod.getDefiningOp<arith::MulFOp>();
  if (!mul)
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1);
  return (mul.getLhs() == a && mul.getRhs() == b) ||
         (mul.getLhs() == b && mul.getRhs() == a);
}

FailureOr<Value> mha::lowerTileMatmulToRegisterBlocks(
    RewriterBase &rewriter, linalg::GenericOp op, const RegisterBlock &block) {
  if (!isStaticTileMatmul(op))
    return rewriter.notifyMatchFailure(op, "not a static f32 tile matmul");
  Location loc = op.getLoc();
  Value a = op.getDpsInputs()[0], bMat = op.getDpsInputs()[1];
  Value c = op.getDpsInits()[0];
  ArrayRef<int64_t> cShape = cast<RankedTensorType>(c.getType()).getShape();
  bool aTransposed = op.getIndexingMapsArray()[0].getResult(0) ==
                     rewriter.getAffineDimExpr(2);
  int64_t m = cShape[0], n = cShape[1];
  int64_t k = cast<RankedTensorType>(bMat.getType()).getDimSize(0);
  int64_t cols = block.cols;
  while (cols > 1 && n % cols != 0)
    cols /= 2;
  if (cols < 4 || block.rows <= 0)
    return rewriter.notifyMatchFailure(op, "N has no vector-sized divisor");
  int64_t rows = std::min<int64_t>(block.rows, m);

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Type f32 = rewriter.getF32Type();
  auto vecType = VectorType::get({cols}, f32);
  auto cidx = [&](OpBuilder &b, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };

  // A fill of the accumulator becomes the initial register value, and the
  // fill's destination the store target: C is never read.
  Value initValue;
  if (auto fill = c.getDefiningOp<linalg::FillOp>()) {
    initValue = fill.getInputs()[0];
    c = fill.getOutputs()[0];
  }

  // One block of `mr` rows starting at row m0, for all column blocks.
  auto emitRowBlock = [&](OpBuilder &b, Value cIn, Value m0,
                          int64_t mr) -> Value {
    auto nLoop = scf::ForOp::create(
        b, loc, cidx(b, 0), cidx(b, n), cidx(b, cols), ValueRange{cIn},
        [&](OpBuilder &nb, Location l, Value n0, ValueRange nArgs) {
          SmallVector<Value> rowIdx;
          for (int64_t i = 0; i < mr; ++i)
            rowIdx.push_back(
                i == 0 ? m0
                       : arith::AddIOp::create(nb, l, m0, cidx(nb, i))
                             .getResult());
          SmallVector<Value> accs;
          Value padding = arith::ConstantOp::create(nb, l, f32,
                                                    nb.getF32FloatAttr(0));
          for (int64_t i = 0; i < mr; ++i) {
            if (initValue)
              accs.push_back(vector::BroadcastOp::create(nb, l, vecType,
                                                         initValue));
            else
              accs.push_back(vector::TransferReadOp::create(
                  nb, l, vecType, nArgs[0], ValueRange{rowIdx[i], n0},
                  padding, ArrayRef<bool>{true}));
          }
          auto kLoop = scf::ForOp::create(
              nb, l, cidx(nb, 0), cidx(nb, k), cidx(nb, 1), accs,
              [&](OpBuilder &kb, Location kl, Value kv, ValueRange kArgs) {
                Value bVec = vector::TransferReadOp::create(
                    kb, kl, vecType, bMat, ValueRange{kv, n0}, padding,
                    ArrayRef<bool>{true});
                SmallVector<Value> next;
                for (int64_t i = 0; i < mr; ++i) {
                  Value aScalar = tensor::ExtractOp::create(
                      kb, kl, a,
                      aTransposed ? ValueRange{kv, rowIdx[i]}
                                  : ValueRange{rowIdx[i], kv});
                  Value aVec =
                      vector::BroadcastOp::create(kb, kl, vecType, aScalar);
                  next.push_back(
                      vector::FMAOp::create(kb, kl, aVec, bVec, kArgs[i]));
                }
                scf::YieldOp::create(kb, kl, next);
              });
          Value cOut = nArgs[0];
          for (int64_t i = 0; i < mr; ++i)
            cOut = vector::TransferWriteOp::create(
                       nb, l, kLoop.getResult(i), cOut,
                       ValueRange{rowIdx[i], n0}, ArrayRef<bool>{true})
                       .getResult();
          scf::YieldOp::create(nb, l, cOut);
        });
    return nLoop.getResult(0);
  };

  int64_t mainRows = (m / rows) * rows;
  Value result = c;
  if (mainRows > 0) {
    auto mLoop = scf::ForOp::create(
        rewriter, loc, cidx(rewriter, 0), cidx(rewriter, mainRows),
        cidx(rewriter, rows), ValueRange{c},
        [&](OpBuilder &b, Location, Value m0, ValueRange args) {
          scf::YieldOp::create(b, loc, emitRowBlock(b, args[0], m0, rows));
        });
    result = mLoop.getResult(0);
  }
  if (int64_t tail = m - mainRows)
    result = emitRowBlock(rewriter, result, cidx(rewriter, mainRows), tail);
  return result;
}

/// True when some operand is read or written through a transposing map; such
/// ops (once per query tile) stay scalar loops, since their vectorized form
/// assembles vectors element by element through memory.
static bool hasTransposedAccess(linalg::LinalgOp op) {
  for (AffineMap map : op.getIndexingMapsArray()) {
    unsigned last = 0;
    bool first = true;
    for (AffineExpr expr : map.getResults()) {
      auto dim = dyn_cast<AffineDimExpr>(expr);
      if (!dim)
        continue;
      if (!first && dim.getPosition() < last)
        return true;
      last = dim.getPosition();
      first = false;
    }
  }
  return false;
}

/// Splits a static linalg op along its outermost loop into single steps
/// (rows of a tile, or steps of an outer reduction) and vectorizes each
/// along the inner dimension.
static LogicalResult vectorizeByRows(RewriterBase &rewriter,
                                     linalg::LinalgOp op) {
  if (hasTransposedAccess(op))
    return failure();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.size() >= 2 && ranges[0] > 1) {
    scf::SCFTilingOptions options;
    SmallVector<OpFoldResult> sizes(ranges.size(), rewriter.getIndexAttr(0));
    sizes[0] = rewriter.getIndexAttr(1);
    options.setTileSizes(sizes);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    if (failed(tiled))
      return failure();
    rewriter.replaceOp(op, tiled->replacements);
    for (Operation *t : tiled->tiledOps) {
      rewriter.setInsertionPoint(t);
      FailureOr<linalg::VectorizationResult> v = linalg::vectorize(
          rewriter, t, {}, {}, /*vectorizeNDExtract=*/true);
      if (succeeded(v))
        rewriter.replaceOp(t, v->replacements);
    }
    return success();
  }
  FailureOr<linalg::VectorizationResult> v =
      linalg::vectorize(rewriter, op, {}, {}, /*vectorizeNDExtract=*/true);
  if (failed(v))
    return failure();
  rewriter.replaceOp(op, v->replacements);
  return success();
}

void mha::vectorizeAttentionTiles(RewriterBase &rewriter, Operation *root,
                                  const RegisterBlock &block) {
  // Tile products first: they would otherwise match generic vectorization.
  SmallVector<linalg::GenericOp> matmuls;
  root->walk([&](linalg::GenericOp op) {
    if (op->getParentOfType<scf::ForallOp>() && isStaticTileMatmul(op))
      matmuls.push_back(op);
  });
  for (linalg::GenericOp op : matmuls) {
    FailureOr<Value> result =
        lowerTileMatmulToRegisterBlocks(rewriter, op, block);
    if (succeeded(result))
      rewriter.replaceOp(op, *result);
  }

  // Everything else inside the parallel tile loops: static tile ops.
  SmallVector<linalg::LinalgOp> others;
  root->walk([&](linalg::LinalgOp op) {
    if (!op->getParentOfType<scf::ForallOp>() || !op.hasPureTensorSemantics())
      return;
    for (Value v : op->getOperands())
      if (auto t = dyn_cast<RankedTensorType>(v.getType()))
        if (!t.hasStaticShape())
          return;
    others.push_back(op);
  });
  for (linalg::LinalgOp op : others)
    (void)vectorizeByRows(rewriter, op);
}

namespace {
struct VectorizeTilesPass
    : mha::impl::MHAVectorizeTilesBase<VectorizeTilesPass> {
  using MHAVectorizeTilesBase::MHAVectorizeTilesBase;
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    vectorizeAttentionTiles(rewriter, getOperation(),
                            RegisterBlock{registerRows, registerCols});

    // Clean up the vector IR and replace libm calls by polynomials.
    RewritePatternSet patterns(&getContext());
    vector::TransferReadOp::getCanonicalizationPatterns(patterns,
                                                        &getContext());
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns,
                                                         &getContext());
    // Row vectors are vector<1xN>: drop the unit dim so that everything is
    // 1-D, and lower row reductions to vector.reduction.
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateDropUnitDimWithShapeCastPatterns(patterns);
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerParallel);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorShapeCastLoweringPatterns(patterns);
    populateMathPolynomialApproximationPatterns(
        patterns, [](StringRef name) { return name == "exp" || name == "tanh" || name == "math.exp" || name == "math.tanh"; });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
