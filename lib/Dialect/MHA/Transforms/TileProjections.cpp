//===- TileProjections.cpp - CPU tiles for the projections of a block ----===//
//
// The projections of a decomposed mha.multi_head_attention are contractions
// C[b, n, m] = init[b, n, m] + sum_k X[b, n, k] * W[k, m] with a static
// weight W. This pass rewrites each into the blocked GEMM form the CPU
// micro-kernel needs (docs/perf/projections.md has the measurements):
//
// 1. W is packed once into Wp[M / TN, K, TN] (widened to f32): each column
//    tile is then one contiguous [K, TN] panel. W's own rows are a power of
//    two apart for the usual widths, so its tiles would thrash L1 sets. It
//    is packed row by row of W, so that W is read sequentially.
// 2. X is packed once (widened to f32), right after its definition, into
//    row tiles [B, ceil(N / TM), TM, K + 16], whose padded row stride keeps
//    the rows the micro-kernel broadcasts from in different L1 sets. The
//    projections of one X (self-attention's Q, K and V) share the copy:
//    before, each (column block, row tile) repacked its rows: at e1024, 12
//    copies of X for Q, K and V and 4 of the attention's result, now one
//    each (docs/perf/projections.md).
// 3. An scf.forall over (b, column blocks, row tiles of TM rows) reads its
//    packed row tile in place and computes every column tile of those rows
//    (an scf.for over M / TN static [TM, K] x [K, TN] tile products) into a
//    row block. A static row count gets balanced row tiles
//    (projectionRowTile); a dynamic one gets two loops: its whole row tiles,
//    computed in place in the result, then its partial last tile, which
//    computes only its valid rows, in sub-tiles of the register block's
//    rows.
// 4. Folds around it, so that no full-size intermediate is materialized:
//    - an init that broadcasts a bias vector becomes a per-tile broadcast
//      (the register kernel starts its accumulators from the bias);
//    - an input that merges heads (collapse_shape of a [0, 2, 1, 3]
//      transpose of [B, H, N, E]) is read head by head into the row tile;
//    - a result rounded to f16/bf16 is rounded per tile;
//    - a result whose only use splits heads (expand_shape then a [0, 2, 1,
//      3] transpose) is written head-major [B, H, N, E] directly, and
//      replaces the transpose.
//
// Row windows are clamped into range (zero-padded only for operands shorter
// than a tile) and only each tile's own rows are written, so the result is
// exact for any L and S. `--mha-vectorize-tiles` then gives the tile
// products the register-blocked FMA micro-kernel and vectorizes the copies.
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

/// Padding, in f32 elements, of the rows of the X row-tile buffer.
static constexpr int64_t kRowPadding = 16;
/// Head merges and splits with more heads than this are not folded (each
/// head is one copy in the IR).
static constexpr int64_t kMaxFoldedHeads = 64;

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

static bool isHeadPermutation(linalg::TransposeOp op) {
  return op.getPermutation() == ArrayRef<int64_t>{0, 2, 1, 3};
}

static bool isHeadReassociation(ArrayRef<ReassociationIndices> r) {
  return r.size() == 3 && r[0] == ReassociationIndices{0} &&
         r[1] == ReassociationIndices{1} && r[2] == ReassociationIndices{2, 3};
}

/// [B, H, N, E] when `x` is collapse_shape(transpose(it, [0, 2, 1, 3])),
/// that is X[b, n, h * E + e] = it[b, h, n, e], with static H and E.
static Value matchHeadMerge(Value x) {
  auto collapse = x.getDefiningOp<tensor::CollapseShapeOp>();
  if (!collapse || !isHeadReassociation(collapse.getReassociationIndices()))
    return {};
  auto transpose = collapse.getSrc().getDefiningOp<linalg::TransposeOp>();
  if (!transpose || !isHeadPermutation(transpose))
    return {};
  Value src = transpose.getInput();
  auto type = cast<RankedTensorType>(src.getType());
  if (type.isDynamicDim(1) || type.isDynamicDim(3) ||
      type.getDimSize(1) > kMaxFoldedHeads)
    return {};
  return src;
}

/// The bias of an init that broadcasts a rank-1 tensor over (b, n), as the
/// decomposition builds it (possibly widening it to f32).
static Value matchBiasBroadcast(Value init) {
  auto gen = init.getDefiningOp<linalg::GenericOp>();
  if (!gen || gen.getNumDpsInputs() != 1 || gen.getNumDpsInits() != 1 ||
      gen.getNumLoops() != 3 || gen.getNumReductionLoops() != 0)
    return {};
  MLIRContext *ctx = gen.getContext();
  SmallVector<AffineMap> expected = {
      AffineMap::get(3, 0, {getAffineDimExpr(2, ctx)}, ctx),
      AffineMap::getMultiDimIdentityMap(3, ctx)};
  if (gen.getIndexingMapsArray() != expected)
    return {};
  Block &body = gen.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  Value v = yield.getOperand(0);
  if (auto ext = v.getDefiningOp<arith::ExtFOp>())
    v = ext.getIn();
  if (v != body.getArgument(0) || body.getOperations().size() > 2)
    return {};
  return gen.getDpsInputs()[0];
}

/// The rounding generic when `v`'s only use rounds it to f16/bf16 elementwise.
static linalg::GenericOp matchRounding(Value v) {
  if (!v.hasOneUse())
    return {};
  auto gen = dyn_cast<linalg::GenericOp>(*v.getUsers().begin());
  if (!gen || gen.getNumDpsInputs() != 1 || gen.getNumDpsInits() != 1 ||
      gen.getDpsInputs()[0] != v || gen.getNumReductionLoops() != 0 ||
      !llvm::all_of(gen.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isIdentity(); }))
    return {};
  Block &body = gen.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto trunc = yield.getOperand(0).getDefiningOp<arith::TruncFOp>();
  if (!trunc || trunc.getIn() != body.getArgument(0) ||
      body.getOperations().size() != 2)
    return {};
  return gen;
}

/// The transpose when `v`'s only use is expand_shape to [B, N, H, E] whose
/// only use is a [0, 2, 1, 3] transpose, with static H and E.
static linalg::TransposeOp matchHeadSplit(Value v) {
  if (!v.hasOneUse())
    return {};
  auto expand = dyn_cast<tensor::ExpandShapeOp>(*v.getUsers().begin());
  if (!expand || !isHeadReassociation(expand.getReassociationIndices()) ||
      !expand.getResult().hasOneUse())
    return {};
  auto transpose =
      dyn_cast<linalg::TransposeOp>(*expand.getResult().getUsers().begin());
  if (!transpose || transpose.getInput() != expand.getResult() ||
      !isHeadPermutation(transpose))
    return {};
  RankedTensorType type = expand.getResultType();
  if (type.isDynamicDim(2) || type.isDynamicDim(3) ||
      type.getDimSize(2) > kMaxFoldedHeads)
    return {};
  return transpose;
}

static SmallVector<OpFoldResult> indexAttrs(OpBuilder &b,
                                            ArrayRef<int64_t> values) {
  return llvm::map_to_vector(values, [&](int64_t v) -> OpFoldResult {
    return b.getIndexAttr(v);
  });
}

/// Rows of W per iteration of the parallel loop that packs it.
static constexpr int64_t kPackRowBlock = 64;

/// Wp[j, k, t] = W[k, j * tn + t] in f32: one contiguous [K, tn] panel per
/// column tile. Packed row by row of W, each row scattered into the M / tn
/// panels, so that W is read sequentially: packed panel by panel, every
/// 256-byte read of a column tile was 4 KiB (a row of a 1024-wide W) from
/// the previous one, past the hardware prefetchers, and the packing of the
/// e1024 block's four weights took 6.7% of its time. An scf.forall over
/// blocks of up to kPackRowBlock rows, an scf.for over the rows of a block.
static Value packWeights(OpBuilder &b, Location loc, Value w, int64_t tn) {
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t k = wType.getDimSize(0), m = wType.getDimSize(1), nt = m / tn;
  int64_t kb = std::min(k, kPackRowBlock);
  while (k % kb != 0)
    --kb;
  Type f32 = b.getF32Type();
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Value packed = tensor::EmptyOp::create(b, loc, {nt, k, tn}, f32);
  auto forall = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(k / kb)},
      ValueRange{packed}, std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(forall.getBody()->getTerminator());
  Value block = forall.getBody()->getArgument(0);
  Value dest = forall.getBody()->getArgument(1);
  Value k0 = arith::MulIOp::create(b, loc, block, idx(kb));
  SmallVector<OpFoldResult> blockOffsets = {b.getIndexAttr(0), k0,
                                            b.getIndexAttr(0)};
  SmallVector<OpFoldResult> blockSizes = indexAttrs(b, {nt, kb, tn});
  SmallVector<OpFoldResult> unitStrides = indexAttrs(b, {1, 1, 1});
  Value slot = tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({nt, kb, tn}, f32), dest, blockOffsets,
      blockSizes, unitStrides);
  auto rowLoop = scf::ForOp::create(
      b, loc, idx(0), idx(kb), idx(1), ValueRange{slot},
      [&](OpBuilder &lb, Location l, Value r, ValueRange args) {
        // Row k0 + r of W as [M / tn, tn], into row r of every panel.
        Value row = tensor::ExtractSliceOp::create(
            lb, l, RankedTensorType::get({m}, wType.getElementType()), w,
            ArrayRef<OpFoldResult>{
                arith::AddIOp::create(lb, l, k0, r).getResult(),
                lb.getIndexAttr(0)},
            indexAttrs(lb, {1, m}), indexAttrs(lb, {1, 1}));
        Value tiles = tensor::ExpandShapeOp::create(
            lb, l, RankedTensorType::get({nt, tn}, wType.getElementType()), row,
            ArrayRef<ReassociationIndices>{{0, 1}});
        SmallVector<OpFoldResult> rowOffsets = {lb.getIndexAttr(0), r,
                                                lb.getIndexAttr(0)};
        SmallVector<OpFoldResult> rowSizes = indexAttrs(lb, {nt, 1, tn});
        Value panelRows = tensor::ExtractSliceOp::create(
            lb, l, RankedTensorType::get({nt, tn}, f32), args[0], rowOffsets,
            rowSizes, unitStrides);
        Value copied = copyIntoTile(lb, l, tiles, panelRows);
        scf::YieldOp::create(
            lb, l,
            tensor::InsertSliceOp::create(lb, l, copied, args[0], rowOffsets,
                                          rowSizes, unitStrides)
                .getResult());
      });
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(b, loc, rowLoop.getResult(0), dest,
                                        blockOffsets, blockSizes, unitStrides);
  return forall.getResult(0);
}

/// What one projection reads and writes once the folds are applied.
struct ProjectionPlan {
  /// X as [B, N, K] rows, or null when read head by head from `mergedX`.
  Value x;
  /// [B, H, N, E] with X[b, n, h * E + e] = mergedX[b, h, n, e].
  Value mergedX;
  Value w;
  /// The bias the init broadcasts, or null when `init` is read.
  Value bias;
  Value init;
  /// The rounding of the result to f16/bf16, folded into the tiles.
  linalg::GenericOp rounding;
  /// The head split replaced by a head-major result.
  linalg::TransposeOp headSplit;
  /// The element type of the tiled result.
  Type resultType;
};

/// X's rows in f32, packed into row tiles P[b, t, i, 0:K] = X[b, first(t) +
/// i, :] with first(t) the clamped window start of tile t (loadRowWindow),
/// in a [B, ceil(N / TM), TM, K + pad] tensor: the padded row stride keeps
/// the rows the micro-kernel broadcasts from in different L1 sets. Packed
/// by an scf.forall over (b, row tiles), once per X: right after X's
/// definition, and shared through `cache` by every projection of that X.
static Value packRowTiles(OpBuilder &b, Location loc,
                          const ProjectionPlan &plan, int64_t k, int64_t tm,
                          ProjectionPackCache *cache) {
  Value src = plan.mergedX ? plan.mergedX : plan.x;
  if (cache)
    if (Value packed = cache->rowTiles.lookup({src, tm}))
      return packed;
  OpBuilder::InsertionGuard guard(b);
  if (Operation *def = src.getDefiningOp())
    b.setInsertionPointAfter(def);
  else
    b.setInsertionPointToStart(cast<BlockArgument>(src).getOwner());
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Type f32 = b.getF32Type();
  int64_t rowDim = plan.mergedX ? 2 : 1;
  OpFoldResult batch = tensor::getMixedSize(b, loc, src, 0);
  OpFoldResult rows = tensor::getMixedSize(b, loc, src, rowDim);
  OpFoldResult tiles;
  if (std::optional<int64_t> n = getConstantIntValue(rows))
    tiles = b.getIndexAttr(llvm::divideCeil(*n, tm));
  else
    tiles = arith::CeilDivUIOp::create(b, loc, cast<Value>(rows), idx(tm))
                .getResult();
  Value packed = tensor::EmptyOp::create(
      b, loc,
      ArrayRef<OpFoldResult>{batch, tiles, b.getIndexAttr(tm),
                             b.getIndexAttr(k + kRowPadding)},
      f32);
  auto forall = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{batch, tiles}, ValueRange{packed},
      std::nullopt);
  b.setInsertionPoint(forall.getBody()->getTerminator());
  Value bi = forall.getBody()->getArgument(0);
  Value t = forall.getBody()->getArgument(1);
  Value dest = forall.getBody()->getArgument(2);
  Value r0 = arith::MulIOp::create(b, loc, t, idx(tm));
  SmallVector<OpFoldResult> offsets = {bi, t, b.getIndexAttr(0),
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = indexAttrs(b, {1, 1, tm, k});
  SmallVector<OpFoldResult> strides = indexAttrs(b, {1, 1, 1, 1});
  Value tile = tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({tm, k}, f32), dest, offsets, sizes,
      strides);
  if (plan.mergedX) {
    auto mergedType = cast<RankedTensorType>(plan.mergedX.getType());
    int64_t heads = mergedType.getDimSize(1), e = mergedType.getDimSize(3);
    for (int64_t h = 0; h < heads; ++h) {
      SmallVector<OpFoldResult> headOffsets = indexAttrs(b, {0, h * e});
      Value slot = tensor::ExtractSliceOp::create(
          b, loc, RankedTensorType::get({tm, e}, f32), tile, headOffsets,
          indexAttrs(b, {tm, e}), indexAttrs(b, {1, 1}));
      Value copied = copyRowWindow(b, loc, plan.mergedX, {bi, idx(h)}, r0, tm,
                                   b.getIndexAttr(0), e, slot)
                         .tile;
      tile = tensor::InsertSliceOp::create(b, loc, copied, tile, headOffsets,
                                           indexAttrs(b, {tm, e}),
                                           indexAttrs(b, {1, 1}));
    }
  } else {
    tile = copyRowWindow(b, loc, plan.x, {bi}, r0, tm, b.getIndexAttr(0), k,
                         tile)
               .tile;
  }
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(b, loc, tile, dest, offsets, sizes,
                                        strides);
  Value result = forall.getResult(0);
  if (cache)
    cache->rowTiles[{src, tm}] = result;
  return result;
}

int64_t mha::projectionRowTile(int64_t n, const ProjectionTileSizes &sizes) {
  int64_t step = sizes.rowStep, tile = sizes.rows;
  if (step <= 0 || tile <= 0 || tile % step != 0 || n <= 0)
    return tile;
  int64_t blocks = llvm::divideCeil(n, step), target = tile / step;
  int64_t lo = std::max<int64_t>(1, target - 1);
  if (blocks < lo)
    return blocks * step;
  // Tiles wider than `blocks` only compute more rows; the bound on the
  // search keeps absurd row-tile options cheap (such tiles are too large
  // to tile anyway).
  int64_t hi = std::min({2 * target, blocks, lo + 4096});
  int64_t best = target;
  auto cost = [&](int64_t b) { return llvm::divideCeil(blocks, b) * b; };
  for (int64_t b = lo; b <= hi; ++b) {
    int64_t c = cost(b), bestCost = cost(best);
    int64_t distance = std::abs(b - target),
            bestDistance = std::abs(best - target);
    if (c < bestCost ||
        (c == bestCost &&
         (distance < bestDistance || (distance == bestDistance && b > best))))
      best = b;
  }
  return best * step;
}

LogicalResult mha::tileProjection(RewriterBase &rewriter, linalg::GenericOp op,
                                  const ProjectionTileSizes &sizes,
                                  ProjectionPackCache *cache) {
  if (!isProjection(op))
    return rewriter.notifyMatchFailure(op, "not a projection contraction");
  Location loc = op.getLoc();
  ProjectionPlan plan;
  plan.w = op.getDpsInputs()[1];
  plan.init = op.getDpsInits()[0];
  plan.bias = matchBiasBroadcast(plan.init);
  plan.mergedX = matchHeadMerge(op.getDpsInputs()[0]);
  if (!plan.mergedX)
    plan.x = op.getDpsInputs()[0];
  Value result = op.getResult(0);
  plan.rounding = matchRounding(result);
  if (plan.rounding)
    result = plan.rounding.getResult(0);
  plan.headSplit = matchHeadSplit(result);
  plan.resultType = cast<RankedTensorType>(result.getType()).getElementType();

  auto wType = cast<RankedTensorType>(plan.w.getType());
  int64_t k = wType.getDimSize(0), m = wType.getDimSize(1);
  int64_t headDim = 0, heads = 0;
  if (plan.headSplit) {
    auto split =
        cast<RankedTensorType>(plan.headSplit.getInput().getType());
    heads = split.getDimSize(2);
    headDim = split.getDimSize(3);
  }
  int64_t tm = sizes.rows;
  int64_t rowCount = cast<RankedTensorType>(plan.init.getType()).getDimSize(1);
  if (!ShapedType::isDynamic(rowCount))
    tm = projectionRowTile(rowCount, sizes);
  int64_t tn = sizes.cols;
  while (tn > 1 && (m % tn != 0 || (headDim && headDim % tn != 0)))
    tn /= 2;
  if (tm <= 0 || tn < 8)
    return rewriter.notifyMatchFailure(op, "no column tile divides M");
  // The tiles are static [TM, K + pad] and [K, TN] tensors: an absurd K or
  // row tile stays an untiled (still correct) contraction.
  int64_t xElements, wElements;
  if (llvm::MulOverflow(tm, k + kRowPadding, xElements) ||
      llvm::MulOverflow(k, m, wElements) ||
      std::max(xElements, wElements) > (int64_t(1) << 31))
    return rewriter.notifyMatchFailure(op, "tiles would be too large");
  // Column blocks: the columns one row tile sweeps before the next row
  // tile, so that their packed panels (K x CB f32) stay in L2 across the
  // row tiles. CB is the widest multiple of the column tile (of the head
  // dim for a head-major result) that divides M and fits the budget.
  int64_t unit = headDim ? headDim : tn;
  int64_t cb = m;
  while (cb > unit && (m % cb != 0 || k * cb * 4 > sizes.weightBlockBytes))
    cb -= unit;
  int64_t blockHeads = headDim ? cb / headDim : 0;

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  OpBuilder &b = rewriter;
  auto idx = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Type f32 = b.getF32Type();
  Value packedW = packWeights(b, loc, plan.w, tn);
  Value packedX = packRowTiles(b, loc, plan, k, tm, cache);

  Value init = plan.init;
  OpFoldResult batchSize = tensor::getMixedSize(b, loc, init, 0);
  OpFoldResult rowsSize = tensor::getMixedSize(b, loc, init, 1);
  Value batch = getValueOrCreateConstantIndexOp(b, loc, batchSize);
  Value rows = getValueOrCreateConstantIndexOp(b, loc, rowsSize);
  SmallVector<OpFoldResult> outSizes =
      plan.headSplit ? SmallVector<OpFoldResult>{batchSize,
                                                 b.getIndexAttr(heads),
                                                 rowsSize,
                                                 b.getIndexAttr(headDim)}
                     : SmallVector<OpFoldResult>{batchSize, rowsSize,
                                                 b.getIndexAttr(m)};
  Value out = tensor::EmptyOp::create(b, loc, outSizes, plan.resultType);
  std::optional<int64_t> staticRows = getConstantIntValue(rowsSize);
  // The scf.forall over (b, column blocks, `tileCount` row tiles from row
  // tile `firstTile` on (null: 0)), into `outInit`. `exactTiles`: every
  // tile's TM rows are its own (r0 = its first row, rr = TM), so the row
  // block is the tile's slice of the result itself: the tiles are computed
  // in place and nothing is copied back. `partialTiles`: each tile has
  // fewer than TM valid rows (a dynamic row count's last tile).
  auto rowTileLoop = [&](Value outInit, Value tileCount, Value firstTile,
                         bool exactTiles, bool partialTiles) -> Value {
    OpBuilder::InsertionGuard loopGuard(b);
    auto forall = scf::ForallOp::create(
        b, loc,
        ArrayRef<OpFoldResult>{batch, b.getIndexAttr(m / cb), tileCount},
        ValueRange{outInit}, std::nullopt);
    Block *body = forall.getBody();
    b.setInsertionPoint(body->getTerminator());
    Value bi = body->getArgument(0), cbi = body->getArgument(1);
    Value rt = body->getArgument(2);
    if (firstTile)
      rt = arith::AddIOp::create(b, loc, firstTile, rt);
    Value outArg = body->getArgument(3);
    Value g0 = arith::MulIOp::create(b, loc, cbi, idx(cb));
    Value r0 = arith::MulIOp::create(b, loc, rt, idx(tm));
    Value rr = exactTiles ? idx(tm)
                          : arith::MinSIOp::create(
                                b, loc, idx(tm),
                                arith::SubIOp::create(b, loc, rows, r0))
                                .getResult();

    // The row tile of X, packed (once per X) with padded rows.
    Value xTile = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get({tm, k}, f32), packedX,
        SmallVector<OpFoldResult>{bi, rt, b.getIndexAttr(0), b.getIndexAttr(0)},
        indexAttrs(b, {1, 1, tm, k}), indexAttrs(b, {1, 1, 1, 1}));
    Value firstRow = windowFirstRow(b, loc, rows, r0, tm);

    // Every column tile of the column block for those rows, into a row block
    // ([n, CB], or [CB / E, n, E] for a head-major result), and the offsets
    // of its row `row`.
    auto blockShapeOf = [&](int64_t n) {
      return plan.headSplit ? SmallVector<int64_t>{blockHeads, n, headDim}
                            : SmallVector<int64_t>{n, cb};
    };
    auto blockRowOffsets = [&](OpFoldResult row) {
      return plan.headSplit ? SmallVector<OpFoldResult>{b.getIndexAttr(0), row,
                                                        b.getIndexAttr(0)}
                            : SmallVector<OpFoldResult>{row, b.getIndexAttr(0)};
    };
    SmallVector<int64_t> blockShape = blockShapeOf(tm);
    Value h0Exact;
    SmallVector<OpFoldResult> exactOffsets, exactSizes;
    if (exactTiles) {
      if (plan.headSplit) {
        h0Exact = arith::DivUIOp::create(b, loc, g0, idx(headDim));
        exactOffsets = {bi, h0Exact, r0, b.getIndexAttr(0)};
        exactSizes = indexAttrs(b, {1, blockHeads, tm, headDim});
      } else {
        exactOffsets = {bi, r0, g0};
        exactSizes = indexAttrs(b, {1, tm, cb});
      }
    }
    Value rowBlock =
        exactTiles
            ? tensor::ExtractSliceOp::create(
                  b, loc, RankedTensorType::get(blockShape, plan.resultType),
                  outArg, exactOffsets, exactSizes,
                  SmallVector<OpFoldResult>(exactOffsets.size(),
                                            b.getIndexAttr(1)))
                  .getResult()
            : tensor::EmptyOp::create(b, loc, blockShape, plan.resultType)
                  .getResult();
    // Every column tile of the block for `tileRows` rows of X (`xRows`,
    // [tileRows, K] f32), whose init rows start at `initRow`, into `blockInit`
    // ([tileRows, CB], or [CB / E, tileRows, E] for a head-major result).
    auto columnTiles = [&](Value xRows, int64_t tileRows, Value initRow,
                           Value blockInit) -> Value {
      auto colLoop = scf::ForOp::create(
          b, loc, idx(0), idx(cb / tn), idx(1), ValueRange{blockInit},
          [&](OpBuilder &lb, Location l, Value ctLocal, ValueRange args) {
            // Column offset in the block, and column tile and offset in W.
            Value cl = arith::MulIOp::create(lb, l, ctLocal, idx(tn));
            Value c0 = arith::AddIOp::create(lb, l, g0, cl);
            Value ct = arith::DivUIOp::create(lb, l, c0, idx(tn));
            SmallVector<OpFoldResult> slotOffsets, slotSizes, slotStrides;
            if (plan.headSplit) {
              slotOffsets = {
                  arith::DivUIOp::create(lb, l, cl, idx(headDim)).getResult(),
                  lb.getIndexAttr(0),
                  arith::RemUIOp::create(lb, l, cl, idx(headDim)).getResult()};
              slotSizes = indexAttrs(lb, {1, tileRows, tn});
              slotStrides = indexAttrs(lb, {1, 1, 1});
            } else {
              slotOffsets = {lb.getIndexAttr(0), cl};
              slotSizes = indexAttrs(lb, {tileRows, tn});
              slotStrides = indexAttrs(lb, {1, 1});
            }
            auto tileType = RankedTensorType::get({tileRows, tn}, f32);
            auto resultTileType =
                RankedTensorType::get({tileRows, tn}, plan.resultType);
            Value slot = tensor::ExtractSliceOp::create(lb, l, resultTileType,
                                                        args[0], slotOffsets,
                                                        slotSizes, slotStrides);
            // The accumulator tile: the slot itself for f32 results, else an
            // f32 tile rounded into the slot afterwards.
            Value acc = plan.resultType == f32
                            ? slot
                            : tensor::EmptyOp::create(
                                  lb, l, ArrayRef<int64_t>{tileRows, tn}, f32)
                                  .getResult();
            MLIRContext *ctx = lb.getContext();
            auto d = [&](unsigned i) { return lb.getAffineDimExpr(i); };
            auto par = utils::IteratorType::parallel;
            if (plan.bias) {
              auto biasType = cast<RankedTensorType>(plan.bias.getType());
              Value biasTile = tensor::ExtractSliceOp::create(
                  lb, l, RankedTensorType::get({tn}, biasType.getElementType()),
                  plan.bias, ArrayRef<OpFoldResult>{c0}, indexAttrs(lb, {tn}),
                  indexAttrs(lb, {1}));
              biasTile = widenToF32(lb, l, biasTile);
              acc = linalg::GenericOp::create(
                        lb, l, TypeRange{tileType}, ValueRange{biasTile},
                        ValueRange{acc},
                        ArrayRef<AffineMap>{AffineMap::get(2, 0, {d(1)}, ctx),
                                            lb.getMultiDimIdentityMap(2)},
                        ArrayRef<utils::IteratorType>{par, par},
                        [&](OpBuilder &nb, Location nl, ValueRange a) {
                          linalg::YieldOp::create(nb, nl, a[0]);
                        })
                        .getResult(0);
            } else {
              acc = copyRowWindow(lb, l, init, {bi}, initRow, tileRows, c0,
                                  tn, acc)
                        .tile;
            }
            Value panel = tensor::ExtractSliceOp::create(
                lb, l, RankedTensorType::get({k, tn}, f32), packedW,
                ArrayRef<OpFoldResult>{ct, lb.getIndexAttr(0),
                                       lb.getIndexAttr(0)},
                indexAttrs(lb, {1, k, tn}), indexAttrs(lb, {1, 1, 1}));
            Value product =
                linalg::GenericOp::create(
                    lb, l, TypeRange{tileType}, ValueRange{xRows, panel},
                    ValueRange{acc},
                    ArrayRef<AffineMap>{AffineMap::get(3, 0, {d(0), d(2)}, ctx),
                                        AffineMap::get(3, 0, {d(2), d(1)}, ctx),
                                        AffineMap::get(3, 0, {d(0), d(1)},
                                                       ctx)},
                    ArrayRef<utils::IteratorType>{
                        par, par, utils::IteratorType::reduction},
                    [&](OpBuilder &nb, Location nl, ValueRange a) {
                      Value p = arith::MulFOp::create(nb, nl, a[0], a[1]);
                      linalg::YieldOp::create(
                          nb, nl,
                          arith::AddFOp::create(nb, nl, a[2], p).getResult());
                    })
                    .getResult(0);
            if (plan.resultType != f32)
              product = copyIntoTile(lb, l, product, slot);
            scf::YieldOp::create(
                lb, l,
                tensor::InsertSliceOp::create(lb, l, product, args[0],
                                              slotOffsets, slotSizes,
                                              slotStrides)
                    .getResult());
          });
      return colLoop.getResult(0);
    };
    // A dynamic row count's partial last row tile (rr < TM valid rows in its
    // window, a window moved back over rows the tile before it computes)
    // computes its valid rows in sub-tiles of `step` rows (the register
    // block's), each a window moved back within the rows, instead of all TM
    // rows of its window. A static row count has balanced tiles
    // (projectionRowTile) instead.
    int64_t step = sizes.rowStep;
    Value block;
    if (partialTiles && step > 0 && step < tm) {
      OpBuilder::InsertionGuard subGuard(b);
      Value subTiles = arith::CeilDivUIOp::create(b, loc, rr, idx(step));
      auto subLoop = scf::ForOp::create(b, loc, idx(0), subTiles, idx(1),
                                        ValueRange{rowBlock});
      b.setInsertionPointToStart(subLoop.getBody());
      Value si = subLoop.getInductionVar();
      // X rows [start, start + step), rows start - firstRow.. of the window.
      Value start = windowFirstRow(
          b, loc, rows,
          arith::AddIOp::create(b, loc, r0,
                                arith::MulIOp::create(b, loc, si, idx(step))),
          step);
      Value off = arith::SubIOp::create(b, loc, start, firstRow);
      Value xSub = tensor::ExtractSliceOp::create(
          b, loc, RankedTensorType::get({step, k}, f32), xTile,
          ArrayRef<OpFoldResult>{off, b.getIndexAttr(0)},
          indexAttrs(b, {step, k}), indexAttrs(b, {1, 1}));
      SmallVector<int64_t> subShape = blockShapeOf(step);
      Value sub =
          columnTiles(xSub, step, start,
                      tensor::EmptyOp::create(b, loc, subShape,
                                              plan.resultType));
      Value updated = tensor::InsertSliceOp::create(
          b, loc, sub, subLoop.getRegionIterArgs()[0], blockRowOffsets(off),
          indexAttrs(b, subShape),
          SmallVector<OpFoldResult>(subShape.size(), b.getIndexAttr(1)));
      scf::YieldOp::create(b, loc, updated);
      block = subLoop.getResult(0);
    } else {
      block = columnTiles(xTile, tm, r0, rowBlock);
    }
    // Only the tile's own rows [r0, r0 + rr) are written back; a tile in
    // place (exactTiles) is written whole.
    Value valid;
    SmallVector<OpFoldResult> outOffsets, outSizesTile;
    Value rowOff =
        exactTiles ? Value() : arith::SubIOp::create(b, loc, r0, firstRow);
    if (exactTiles) {
      valid = block;
      outOffsets = exactOffsets;
      outSizesTile = exactSizes;
    } else if (plan.headSplit) {
      valid = tensor::ExtractSliceOp::create(
          b, loc,
          RankedTensorType::get({blockHeads, ShapedType::kDynamic, headDim},
                                plan.resultType),
          block, blockRowOffsets(rowOff),
          SmallVector<OpFoldResult>{b.getIndexAttr(blockHeads), rr,
                                    b.getIndexAttr(headDim)},
          indexAttrs(b, {1, 1, 1}));
      Value h0 = arith::DivUIOp::create(b, loc, g0, idx(headDim));
      outOffsets = {bi, h0, r0, b.getIndexAttr(0)};
      outSizesTile = {b.getIndexAttr(1), b.getIndexAttr(blockHeads), rr,
                      b.getIndexAttr(headDim)};
    } else {
      valid = tensor::ExtractSliceOp::create(
          b, loc,
          RankedTensorType::get({ShapedType::kDynamic, cb}, plan.resultType),
          block, blockRowOffsets(rowOff),
          SmallVector<OpFoldResult>{rr, b.getIndexAttr(cb)},
          indexAttrs(b, {1, 1}));
      outOffsets = {bi, r0, g0};
      outSizesTile = {b.getIndexAttr(1), rr, b.getIndexAttr(cb)};
    }
    b.setInsertionPointToStart(forall.getTerminator().getBody());
    tensor::ParallelInsertSliceOp::create(
        b, loc, valid, outArg, outOffsets, outSizesTile,
        SmallVector<OpFoldResult>(outOffsets.size(), b.getIndexAttr(1)));
    return forall.getResult(0);
  };

  // A static row count: one loop over its (balanced) row tiles, in place
  // where they divide the rows. A dynamic one: a loop over its whole row
  // tiles, in place, then one over the partial last tile, if any; each
  // loop is skipped, not entered as an empty parallel region, where it has
  // no tiles.
  Value tiled;
  if (staticRows) {
    tiled = rowTileLoop(out, idx(static_cast<int64_t>(llvm::divideCeil(
                                  static_cast<uint64_t>(*staticRows),
                                  static_cast<uint64_t>(tm)))), Value(),
                        /*exactTiles=*/*staticRows % tm == 0,
                        /*partialTiles=*/false);
  } else {
    Value wholeTiles = arith::DivUIOp::create(b, loc, rows, idx(tm));
    Value whole = unlessEmpty(b, loc, wholeTiles, out, [&] {
      return rowTileLoop(out, wholeTiles, Value(), /*exactTiles=*/true,
                         /*partialTiles=*/false);
    });
    Value partial = arith::SubIOp::create(
        b, loc, arith::CeilDivUIOp::create(b, loc, rows, idx(tm)), wholeTiles);
    tiled = unlessEmpty(b, loc, partial, whole, [&] {
      return rowTileLoop(whole, partial, wholeTiles, /*exactTiles=*/false,
                         /*partialTiles=*/true);
    });
  }

  // Replace the last op of the folded chain, then drop the rest.
  Operation *replaced = plan.headSplit
                            ? plan.headSplit.getOperation()
                            : (plan.rounding ? plan.rounding.getOperation()
                                             : op.getOperation());
  Type replacedType = replaced->getResult(0).getType();
  if (tiled.getType() != replacedType)
    tiled = tensor::CastOp::create(b, loc, replacedType, tiled);
  Operation *expand =
      plan.headSplit ? plan.headSplit.getInput().getDefiningOp() : nullptr;
  rewriter.replaceOp(replaced, tiled);
  if (expand)
    rewriter.eraseOp(expand);
  if (plan.rounding && replaced != plan.rounding.getOperation())
    rewriter.eraseOp(plan.rounding);
  if (replaced != op.getOperation())
    rewriter.eraseOp(op);
  return success();
}

namespace {
struct TileProjectionsPass
    : mha::impl::MHATileProjectionsBase<TileProjectionsPass> {
  using MHATileProjectionsBase::MHATileProjectionsBase;
  void runOnOperation() override {
    // Column tiles narrower than 8 are never used (see tileProjection).
    if (rowTile < 1 || colTile < 8 || weightBlockKiB < 1 ||
        weightBlockKiB > (int64_t(1) << 30) || rowStep < 0) {
      emitError(getOperation()->getLoc())
          << "--mha-tile-projections: row-tile must be >= 1, col-tile >= 8, "
             "weight-block-kib in [1, 2^30] and row-step >= 0; got row-tile="
          << static_cast<int64_t>(rowTile)
          << " col-tile=" << static_cast<int64_t>(colTile)
          << " weight-block-kib=" << static_cast<int64_t>(weightBlockKiB)
          << " row-step=" << static_cast<int64_t>(rowStep);
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    ProjectionPackCache cache;
    SmallVector<linalg::GenericOp> ops;
    getOperation()->walk([&](linalg::GenericOp op) {
      if (isProjection(op))
        ops.push_back(op);
    });
    for (linalg::GenericOp op : ops)
      (void)tileProjection(
          rewriter, op,
          ProjectionTileSizes{rowTile, colTile, weightBlockKiB * 1024, rowStep},
          &cache);
  }
};
} // namespace
