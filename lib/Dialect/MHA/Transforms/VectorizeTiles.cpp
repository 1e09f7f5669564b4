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
#include "mha/Dialect/MHA/Transforms/TileUtils.h"
#include "mha/Dialect/MHA/Transforms/Transforms.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/bit.h"

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
  return isMulAddBody(op.getRegion().front(), /*allowWidening=*/false);
}

/// True for a linalg.generic over a 2-D tile C(m, n) whose one input is a
/// static f32 row vector R(n) (maps (m, n) -> (n) and identity), all
/// parallel: the shape of a row broadcast and of a column scaling.
static bool isRowVectorOverTile(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 2 || op.getNumReductionLoops() != 0 ||
      !op.hasPureTensorSemantics())
    return false;
  MLIRContext *ctx = op.getContext();
  SmallVector<AffineMap> expected = {
      AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx),
      AffineMap::getMultiDimIdentityMap(2, ctx)};
  if (op.getIndexingMapsArray() != expected)
    return false;
  auto type = dyn_cast<RankedTensorType>(op.getDpsInputs()[0].getType());
  return type && type.hasStaticShape() && type.getElementType().isF32();
}

/// True for C(m, n) = R(n): a static f32 row vector broadcast over the rows
/// of a 2-D tile.
static bool isRowBroadcast(linalg::GenericOp op) {
  if (!isRowVectorOverTile(op))
    return false;
  Block &body = op.getRegion().front();
  return body.getOperations().size() == 1 &&
         cast<linalg::YieldOp>(body.getTerminator()).getOperand(0) ==
             body.getArgument(0);
}

/// True for C(m, n) = R(n) * C0(m, n): a static f32 tile scaled column by
/// column (the online softmax's O^T *= alpha before O^T += V^T . P^T).
static bool isColumnScale(linalg::GenericOp op) {
  if (!isRowVectorOverTile(op))
    return false;
  auto initType = dyn_cast<RankedTensorType>(op.getDpsInits()[0].getType());
  if (!initType || !initType.hasStaticShape() ||
      !initType.getElementType().isF32())
    return false;
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 2)
    return false;
  auto mul = dyn_cast<arith::MulFOp>(&body.front());
  if (!mul || cast<linalg::YieldOp>(body.getTerminator()).getOperand(0) !=
                  mul.getResult())
    return false;
  Value x = mul.getLhs(), y = mul.getRhs();
  return (x == body.getArgument(0) && y == body.getArgument(1)) ||
         (x == body.getArgument(1) && y == body.getArgument(0));
}

namespace {
/// Where the accumulator of a tile product starts (one of the first three,
/// or none: from `dest`), and the tensor the result is written into.
struct TileInit {
  Value value, row, scale, dest;
};
} // namespace

/// The powers of two, widest first and at most `width`, that add up to `n`
/// (n = 72, width = 32: 32, 32, 8).
static SmallVector<int64_t> powerOfTwoSplit(int64_t n, int64_t width) {
  SmallVector<int64_t> parts;
  width = static_cast<int64_t>(
      llvm::bit_floor(static_cast<uint64_t>(std::min(width, n))));
  for (; n > 0; width /= 2)
    while (n >= width) {
      parts.push_back(width);
      n -= width;
    }
  return parts;
}

/// Column blocks for the `n` columns a tile product has left after its
/// full-width blocks: the widest power of two up to `width`, while the
/// columns left are at least 8 or a power of two; then one masked block of
/// the next power of two (7 columns: one 8-lane block instead of 4 + 2 + 1,
/// each of which would pass over the whole tile).
static SmallVector<std::pair<int64_t, bool>>
remainderColumnBlocks(int64_t n, int64_t width) {
  SmallVector<std::pair<int64_t, bool>> blocks;
  while (n >= 8 || (n > 0 && llvm::isPowerOf2_64(static_cast<uint64_t>(n)))) {
    int64_t part = static_cast<int64_t>(
        llvm::bit_floor(static_cast<uint64_t>(std::min(n, width))));
    blocks.push_back({part, false});
    n -= part;
  }
  if (n > 0)
    blocks.push_back(
        {static_cast<int64_t>(llvm::bit_ceil(static_cast<uint64_t>(n))), true});
  return blocks;
}

bool mha::isNarrowTile(int64_t n, const RegisterBlock &block) {
  return n <= 4 || (2 * n < block.cols &&
                    !llvm::isPowerOf2_64(static_cast<uint64_t>(n)));
}

/// The key/value tile after `tile` (a static slice, rows along its first
/// kept dimension, of a function argument, whose buffer is the argument's:
/// `bufferization.to_buffer read_only`), its offsets with the row offset
/// moved on by the tile's rows (clamped to the last whole tile, as
/// windowFirstRow clamps), and where its rows and columns are. A narrow
/// tile product takes one or more passes over the tile; without a prefetch
/// the first waits for the tile to come from memory, and the others, on
/// data in L1, leave memory idle. The passes prefetch the next tile into L2,
/// each its share (docs/perf/flash-cpu-notes.md). None for
/// a tile that reaches the product through an scf.if (the last, partial
/// key/value steps of a dynamic S: windows moved back, or padded); the
/// whole steps before them are plain slices and prefetch.
struct NextTile {
  Value buffer;
  SmallVector<Value> offsets;
  unsigned rowDim = 0, colDim = 0;
  int64_t cols = 0, lineElements = 16;
  // Line j of a row is prefetched by the pass for which j % passes == pass.
  int64_t pass = 0, passes = 1;
};
static std::optional<NextTile> nextTileOf(RewriterBase &rewriter, Location loc,
                                          Value tile, int64_t passes) {
  auto slice = tile.getDefiningOp<tensor::ExtractSliceOp>();
  if (!slice ||
      !llvm::all_of(slice.getStaticStrides(), [](int64_t s) { return s == 1; }))
    return std::nullopt;
  auto arg = dyn_cast<BlockArgument>(slice.getSource());
  if (!arg || !isa<func::FuncOp>(arg.getOwner()->getParentOp()))
    return std::nullopt;
  auto srcType = cast<RankedTensorType>(arg.getType());
  llvm::SmallBitVector dropped = slice.getDroppedDims();
  SmallVector<unsigned> kept;
  for (unsigned d = 0; d < srcType.getRank(); ++d)
    if (!dropped.test(d))
      kept.push_back(d);
  if (kept.size() != 2 ||
      ShapedType::isDynamic(slice.getStaticSizes()[kept[0]]) ||
      ShapedType::isDynamic(slice.getStaticSizes()[kept[1]]) ||
      kept[1] != srcType.getRank() - 1)
    return std::nullopt;
  NextTile next;
  next.passes = passes;
  next.rowDim = kept[0];
  next.colDim = kept[1];
  next.cols = slice.getStaticSizes()[kept[1]];
  next.lineElements = std::max<int64_t>(
      1, 512 / static_cast<int64_t>(srcType.getElementTypeBitWidth()));
  int64_t rows = slice.getStaticSizes()[kept[0]];
  // A fully dynamic layout: whatever layout the argument's buffer gets,
  // this is a cast of it, never a copy. One per argument: the K or V of
  // every narrow product of a function shares it.
  auto bufferType = bufferization::getMemRefTypeWithFullyDynamicLayout(srcType);
  for (Operation *user : arg.getUsers())
    if (auto toBuffer = dyn_cast<bufferization::ToBufferOp>(user))
      if (toBuffer.getReadOnly() && toBuffer.getType() == bufferType)
        next.buffer = toBuffer;
  if (!next.buffer) {
    OpBuilder::InsertionGuard g(rewriter);
    rewriter.setInsertionPointToStart(arg.getOwner());
    next.buffer = bufferization::ToBufferOp::create(rewriter, loc, bufferType,
                                                    arg, /*read_only=*/true);
  }
  for (OpFoldResult ofr : slice.getMixedOffsets())
    next.offsets.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, ofr));
  Value dim = tensor::DimOp::create(rewriter, loc, arg, next.rowDim);
  Value after = arith::AddIOp::create(
      rewriter, loc, next.offsets[next.rowDim],
      arith::ConstantIndexOp::create(rewriter, loc, rows));
  next.offsets[next.rowDim] = windowFirstRow(rewriter, loc, dim, after, rows);
  return next;
}

/// Prefetches this pass's share of row `row` of the next tile into L2 (a
/// `memref.prefetch` per 64-byte line).
static void prefetchRow(OpBuilder &b, Location loc, const NextTile &next,
                        Value row) {
  SmallVector<Value> idx(next.offsets);
  idx[next.rowDim] = arith::AddIOp::create(b, loc, idx[next.rowDim], row);
  Value col0 = idx[next.colDim];
  for (int64_t c = 0; c < next.cols; c += next.lineElements) {
    if ((c / next.lineElements) % next.passes != next.pass)
      continue;
    idx[next.colDim] =
        c == 0 ? col0
               : arith::AddIOp::create(
                     b, loc, col0, arith::ConstantIndexOp::create(b, loc, c))
                     .getResult();
    memref::PrefetchOp::create(b, loc, next.buffer, idx,
                               /*isWrite=*/b.getBoolAttr(false),
                               /*localityHint=*/b.getI32IntegerAttr(2),
                               /*isDataCache=*/b.getBoolAttr(true));
  }
}

/// C(m, col) (+)= sum_k A(m, k) B(k, col) for the columns `cols` of a
/// narrow tile product (isNarrowTile: G * L of a few query rows), in one
/// pass over A; `bCols` and `cCols` are those columns of B and C, [k] and
/// [m, 1] each. The general register blocks run along C's columns and
/// would be one to four lanes wide; here vectors run along m or k instead,
/// and the columns share the block's `rows` accumulators:
/// - A read transposed (A(m, k) = A'[k][m], the V^T of O^T += V^T . P^T):
///   blocks of `rows` / #cols vectors along m, each vector of a row of A'
///   read once and multiplied by every broadcast B(k, col);
/// - A read as stored (K of S^T = K . Q^T): dot products of `rows` / #cols
///   rows of A with each column of B, in vectors along k (each vector of A
///   read once for all columns), then horizontal sums.
static SmallVector<Value>
lowerTileMatVec(RewriterBase &rewriter, Location loc, Value a, bool aTransposed,
                ArrayRef<Value> bCols, ArrayRef<Value> cCols,
                ArrayRef<int64_t> cols, const TileInit &init,
                const RegisterBlock &block,
                const NextTile *prefetch = nullptr) {
  int64_t nc = static_cast<int64_t>(cols.size());
  auto cType = cast<RankedTensorType>(cCols.front().getType());
  int64_t m = cType.getDimSize(0);
  int64_t k = cast<RankedTensorType>(bCols.front().getType()).getDimSize(0);
  Type f32 = rewriter.getF32Type();
  auto cidx = [&](OpBuilder &b, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Value zero = arith::ConstantOp::create(rewriter, loc, f32,
                                         rewriter.getF32FloatAttr(0));
  // A vector of A as f32: read as stored, widened in registers where A is
  // an f16/bf16 tile (lowerNarrowTileMatmul).
  Type aElement = cast<RankedTensorType>(a.getType()).getElementType();
  Value aZero = aElement == f32
                    ? zero
                    : arith::ConstantOp::create(
                          rewriter, loc, aElement,
                          rewriter.getFloatAttr(aElement, 0.0))
                          .getResult();
  auto readA = [&](OpBuilder &b, Location l, VectorType type,
                   ValueRange indices) -> Value {
    auto stored = VectorType::get(type.getShape(), aElement);
    Value v = vector::TransferReadOp::create(b, l, stored, a, indices, aZero,
                                             ArrayRef<bool>{true});
    return aElement == f32 ? v : arith::ExtFOp::create(b, l, type, v);
  };
  // C's columns as vectors: [m, 1] -> [m].
  SmallVector<ReassociationIndices> both = {{0, 1}};
  SmallVector<Value> results;
  for (Value cCol : cCols)
    results.push_back(
        tensor::CollapseShapeOp::create(rewriter, loc, cCol, both));
  // Where C(i, col) starts, given `old`, C's old value(s) (a vector along
  // m, or a scalar): the fill, the broadcast row's entry `col`, or the old
  // value scaled by the column scale's entry `col`.
  SmallVector<Value> scalarRow(nc), scalarScale(nc);
  for (int64_t j = 0; j < nc; ++j) {
    if (init.row)
      scalarRow[j] = tensor::ExtractOp::create(
          rewriter, loc, init.row, ValueRange{cidx(rewriter, cols[j])});
    if (init.scale)
      scalarScale[j] = tensor::ExtractOp::create(
          rewriter, loc, init.scale, ValueRange{cidx(rewriter, cols[j])});
  }
  auto start = [&](OpBuilder &b, Type type, Value old, int64_t j) -> Value {
    auto splat = [&](Value x) -> Value {
      return isa<VectorType>(type)
                 ? vector::BroadcastOp::create(b, loc, type, x).getResult()
                 : x;
    };
    if (init.value)
      return splat(init.value);
    if (scalarRow[j])
      return splat(scalarRow[j]);
    if (scalarScale[j])
      return arith::MulFOp::create(b, loc, splat(scalarScale[j]), old);
    return old;
  };
  // The register budget of one block (`rows` accumulators) is shared by
  // the columns.
  int64_t perColumn = std::max<int64_t>(1, block.rows / nc);

  if (aTransposed) {
    // Blocks of up to `rows` / nc vectors of `cols` lanes along m, each
    // read once per k for all nc columns.
    int64_t offset = 0;
    SmallVector<int64_t> widths = powerOfTwoSplit(m, block.cols);
    for (size_t first = 0; first < widths.size();) {
      size_t count = 1;
      while (first + count < widths.size() &&
             count < static_cast<size_t>(perColumn))
        ++count;
      SmallVector<VectorType> types;
      SmallVector<int64_t> offsets;
      SmallVector<Value> accs; // [vector i][column j]
      for (size_t i = first; i < first + count; ++i) {
        auto type = VectorType::get({widths[i]}, f32);
        types.push_back(type);
        offsets.push_back(offset);
        for (int64_t j = 0; j < nc; ++j) {
          Value old = vector::TransferReadOp::create(
              rewriter, loc, type, results[j],
              ValueRange{cidx(rewriter, offset)}, zero, ArrayRef<bool>{true});
          accs.push_back(start(rewriter, type, old, j));
        }
        offset += widths[i];
      }
      auto kLoop = scf::ForOp::create(
          rewriter, loc, cidx(rewriter, 0), cidx(rewriter, k),
          cidx(rewriter, 1), accs,
          [&](OpBuilder &kb, Location kl, Value kv, ValueRange kArgs) {
            if (prefetch && first == 0)
              prefetchRow(kb, kl, *prefetch, kv);
            SmallVector<Value> bScalars;
            for (Value b1 : bCols)
              bScalars.push_back(tensor::ExtractOp::create(kb, kl, b1, kv));
            SmallVector<Value> next;
            for (auto [i, type] : llvm::enumerate(types)) {
              Value aVec =
                  readA(kb, kl, type, ValueRange{kv, cidx(kb, offsets[i])});
              for (int64_t j = 0; j < nc; ++j) {
                Value bVec =
                    vector::BroadcastOp::create(kb, kl, type, bScalars[j]);
                next.push_back(vector::FMAOp::create(kb, kl, aVec, bVec,
                                                     kArgs[i * nc + j]));
              }
            }
            scf::YieldOp::create(kb, kl, next);
          });
      for (size_t i = 0; i < count; ++i)
        for (int64_t j = 0; j < nc; ++j)
          results[j] =
              vector::TransferWriteOp::create(
                  rewriter, loc, kLoop.getResult(i * nc + j), results[j],
                  ValueRange{cidx(rewriter, offsets[i])}, ArrayRef<bool>{true})
                  .getResult();
      first += count;
    }
  } else {
    // Rows of A in blocks of `rows` / nc; each row's dot products with the
    // nc columns of B in vectors along k (the powers of two k splits into),
    // each vector of A read once for all columns, summed at the end.
    SmallVector<int64_t> kWidths = powerOfTwoSplit(k, block.cols);
    auto emitRows = [&](OpBuilder &b, ValueRange cIn, Value m0,
                        int64_t mr) -> SmallVector<Value> {
      SmallVector<Value> rowIdx;
      for (int64_t i = 0; i < mr; ++i)
        rowIdx.push_back(
            i == 0 ? m0
                   : arith::AddIOp::create(b, loc, m0, cidx(b, i)).getResult());
      if (prefetch)
        for (int64_t i = 0; i < mr; ++i)
          prefetchRow(b, loc, *prefetch, rowIdx[i]);
      // One loop over the widest k vectors, then one step per narrower one.
      int64_t wide = kWidths.front();
      int64_t wideCount = llvm::count(kWidths, wide);
      // Accumulators [row i][column j].
      auto stepRows = [&](OpBuilder &sb, Location sl, Value kv, VectorType type,
                          ValueRange accsIn) {
        SmallVector<Value> bVecs;
        for (Value b1 : bCols)
          bVecs.push_back(vector::TransferReadOp::create(
              sb, sl, type, b1, kv, zero, ArrayRef<bool>{true}));
        SmallVector<Value> next;
        for (int64_t i = 0; i < mr; ++i) {
          Value aVec = readA(sb, sl, type, ValueRange{rowIdx[i], kv});
          for (int64_t j = 0; j < nc; ++j)
            next.push_back(vector::FMAOp::create(sb, sl, aVec, bVecs[j],
                                                 accsIn[i * nc + j]));
        }
        return next;
      };
      auto wideType = VectorType::get({wide}, f32);
      Value wideZero = arith::ConstantOp::create(
          b, loc, wideType, DenseElementsAttr::get(wideType, 0.0f));
      auto kLoop = scf::ForOp::create(
          b, loc, cidx(b, 0), cidx(b, wide * wideCount), cidx(b, wide),
          SmallVector<Value>(mr * nc, wideZero),
          [&](OpBuilder &kb, Location kl, Value kv, ValueRange kArgs) {
            scf::YieldOp::create(kb, kl, stepRows(kb, kl, kv, wideType, kArgs));
          });
      // Horizontal sums as trees (reassociated): in order, each was a
      // chain of one scalar add per lane.
      auto reassoc = arith::FastMathFlags::reassoc;
      SmallVector<Value> sums;
      for (int64_t ij = 0; ij < mr * nc; ++ij)
        sums.push_back(vector::ReductionOp::create(
            b, loc, vector::CombiningKind::ADD, kLoop.getResult(ij), reassoc));
      int64_t k0 = wide * wideCount;
      for (int64_t w : ArrayRef<int64_t>(kWidths).drop_front(wideCount)) {
        auto type = VectorType::get({w}, f32);
        Value tailZero = arith::ConstantOp::create(
            b, loc, type, DenseElementsAttr::get(type, 0.0f));
        SmallVector<Value> next = stepRows(
            b, loc, cidx(b, k0), type, SmallVector<Value>(mr * nc, tailZero));
        for (int64_t ij = 0; ij < mr * nc; ++ij)
          sums[ij] = arith::AddFOp::create(
              b, loc, sums[ij],
              vector::ReductionOp::create(b, loc, vector::CombiningKind::ADD,
                                          next[ij], reassoc));
        k0 += w;
      }
      SmallVector<Value> cur(cIn);
      for (int64_t i = 0; i < mr; ++i)
        for (int64_t j = 0; j < nc; ++j) {
          Value old = tensor::ExtractOp::create(b, loc, cur[j], rowIdx[i]);
          Value total = arith::AddFOp::create(b, loc, start(b, f32, old, j),
                                              sums[i * nc + j]);
          cur[j] = tensor::InsertOp::create(b, loc, total, cur[j], rowIdx[i]);
        }
      return cur;
    };
    int64_t rows = std::min<int64_t>(perColumn, m);
    int64_t mainRows = (m / rows) * rows;
    auto mLoop = scf::ForOp::create(
        rewriter, loc, cidx(rewriter, 0), cidx(rewriter, mainRows),
        cidx(rewriter, rows), results,
        [&](OpBuilder &mb, Location, Value m0, ValueRange args) {
          scf::YieldOp::create(mb, loc, emitRows(mb, args, m0, rows));
        });
    results.assign(mLoop.getResults().begin(), mLoop.getResults().end());
    if (m > mainRows)
      results =
          emitRows(rewriter, results, cidx(rewriter, mainRows), m - mainRows);
  }
  SmallVector<Value> out;
  for (Value r : results)
    out.push_back(tensor::ExpandShapeOp::create(rewriter, loc, cType, r, both));
  return out;
}

/// A linalg.copy, or an all-parallel generic that yields its one input,
/// possibly widened or rounded (copyIntoTile's forms).
static bool isCopyLike(linalg::LinalgOp op) {
  if (isa<linalg::CopyOp>(op))
    return true;
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1 || generic.getNumReductionLoops() != 0)
    return false;
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  Value value = yield.getOperand(0);
  if (Operation *def = value.getDefiningOp()) {
    if (!isa<arith::ExtFOp, arith::TruncFOp>(def) || body.getOperations().size() != 2)
      return false;
    value = def->getOperand(0);
  }
  return value == body.getArgument(0);
}

/// The f16/bf16 tile that `tile` widens to f32, when `tile` is an identity
/// elementwise extf of it (copyIntoTile's widening form) used only once;
/// else null.
static Value widenedTileSource(Value tile) {
  auto widen = tile.getDefiningOp<linalg::GenericOp>();
  if (!widen || !widen->hasOneUse() || !isCopyLike(widen) ||
      !llvm::all_of(widen.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return {};
  Value src = widen.getDpsInputs()[0];
  auto type = dyn_cast<RankedTensorType>(src.getType());
  if (!type || !type.hasStaticShape() ||
      !(type.getElementType().isF16() || type.getElementType().isBF16()) ||
      !cast<RankedTensorType>(tile.getType()).getElementType().isF32())
    return {};
  return src;
}

/// The narrow tile products (isNarrowTile) through lowerTileMatVec: all
/// columns in one pass where they are 1, 2 or 4, else one column per pass
/// (columns are sliced out and inserted back). Where the
/// columns of B are read as vectors along k (S^T = K . Q^T with 2 or more
/// columns), B is first transposed into [n, k], right after its definition
/// (Q^T, once per query tile rather than per key/value step): a column of
/// the [k, n] tile, n floats apart, was gathered element by element for
/// every block of rows of A.
static Value lowerNarrowTileMatmul(RewriterBase &rewriter,
                                   linalg::GenericOp op,
                                   const RegisterBlock &block,
                                   bool aTransposed, const TileInit &init) {
  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Value a = op.getDpsInputs()[0], bMat = op.getDpsInputs()[1];
  auto bType = cast<RankedTensorType>(bMat.getType());
  auto cType = cast<RankedTensorType>(init.dest.getType());
  int64_t n = cType.getDimSize(1);
  // (With one column the slices are the whole tensors and fold away.)
  auto column = [&](Value t, int64_t rows, int64_t col) -> Value {
    return tensor::ExtractSliceOp::create(
        rewriter, loc, RankedTensorType::get({rows, 1}, rewriter.getF32Type()),
        t, ValueRange{}, ValueRange{}, ValueRange{},
        ArrayRef<int64_t>{0, col}, ArrayRef<int64_t>{rows, 1},
        ArrayRef<int64_t>{1, 1});
  };
  int64_t k = bType.getDimSize(0);
  Type f32 = rewriter.getF32Type();
  SmallVector<ReassociationIndices> both = {{0, 1}};
  Value bRows;
  if (!aTransposed && n > 1) {
    OpBuilder::InsertionGuard g(rewriter);
    if (Operation *def = bMat.getDefiningOp())
      rewriter.setInsertionPointAfter(def);
    else
      rewriter.setInsertionPointToStart(cast<BlockArgument>(bMat).getOwner());
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{n, k}, f32);
    bRows = linalg::TransposeOp::create(rewriter, loc, bMat, empty,
                                        ArrayRef<int64_t>{1, 0})
                .getResult()[0];
  }
  // Column `col` of B as a [k] tensor: a row of the transposed B, else a
  // (strided) column of B.
  auto bColumn = [&](int64_t col) -> Value {
    if (bRows) {
      Value row = tensor::ExtractSliceOp::create(
          rewriter, loc, RankedTensorType::get({1, k}, f32), bRows,
          ValueRange{}, ValueRange{}, ValueRange{}, ArrayRef<int64_t>{col, 0},
          ArrayRef<int64_t>{1, k}, ArrayRef<int64_t>{1, 1});
      return tensor::CollapseShapeOp::create(rewriter, loc, row, both);
    }
    return tensor::CollapseShapeOp::create(rewriter, loc, column(bMat, k, col),
                                           both);
  };
  // One, two or four columns take a single pass over A, each vector of A
  // read once for all of them; other widths (3, 5-7, 9-15) a pass per
  // column, which measured faster for them. The passes prefetch the next
  // key/value tile so that memory stays busy while they compute: a single
  // pass all of its lines, three or more passes every n-th line each
  // (docs/perf/flash-cpu-notes.md). There are never two passes: two
  // columns, each prefetching half of every row, measured slower than no
  // prefetch at all.
  int64_t group = llvm::is_contained({1, 2, 4}, n) ? n : 1;
  int64_t passes = n / group;
  // An f16/bf16 key or value tile widened into an f32 tile for this product
  // alone is read as stored instead, and widened vector by vector as the
  // product reads it: the widening copy wrote and read back 32-64 KiB per
  // step, half of a decoding step's time in bf16 (docs/perf/flash-cpu-notes.md).
  if (Value stored = widenedTileSource(a))
    a = stored;
  std::optional<NextTile> next = nextTileOf(rewriter, loc, a, passes);
  Value cur = init.dest;
  int64_t m = cType.getDimSize(0);
  for (int64_t col = 0, pass = 0; col < n; col += group, ++pass) {
    if (next)
      next->pass = pass;
    SmallVector<Value> bCols, cCols;
    SmallVector<int64_t> cols;
    for (int64_t c = col; c < std::min(n, col + group); ++c) {
      bCols.push_back(bColumn(c));
      cCols.push_back(column(cur, m, c));
      cols.push_back(c);
    }
    SmallVector<Value> results =
        lowerTileMatVec(rewriter, loc, a, aTransposed, bCols, cCols, cols, init,
                        block, next ? &*next : nullptr);
    for (auto [c, result] : llvm::zip(cols, results))
      cur = tensor::InsertSliceOp::create(
          rewriter, loc, result, cur, ValueRange{}, ValueRange{}, ValueRange{},
          ArrayRef<int64_t>{0, c}, ArrayRef<int64_t>{m, 1},
          ArrayRef<int64_t>{1, 1});
  }
  return cur;
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
  // Column blocks of the widest power of two up to the requested columns
  // and N; the N % cols columns left take one block each of the powers of
  // two they add up to (N = 72 with 32 columns: 32, 32, then 8), so that a
  // tile whose width is no multiple of the register block still runs at
  // full width but for its last columns.
  int64_t cols = 0;
  if (block.cols > 0 && n > 0)
    cols = static_cast<int64_t>(llvm::bit_floor(
        static_cast<uint64_t>(std::min<int64_t>(block.cols, n))));
  if (block.rows <= 0 || block.cols < 4)
    return rewriter.notifyMatchFailure(op, "no register block");
  if (m <= 0 || k <= 0)
    return rewriter.notifyMatchFailure(op, "empty tile");
  if (n > 3 && cols < 4)
    return rewriter.notifyMatchFailure(op, "N is narrower than a vector");
  int64_t rows = std::min<int64_t>(block.rows, m);

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Type f32 = rewriter.getF32Type();
  auto cidx = [&](OpBuilder &b, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };

  // A fill of the accumulator, or a broadcast of a row vector over its
  // rows, becomes the initial register value, and its destination the store
  // target: C is never read. A column scaling of C0 (used only here) is
  // applied as the registers load C0: one multiply per register instead of
  // a separate pass over the tile.
  Value initValue, initRow, scaleRow;
  Operation *initOp = nullptr;
  if (auto fill = c.getDefiningOp<linalg::FillOp>()) {
    initValue = fill.getInputs()[0];
    c = fill.getOutputs()[0];
    initOp = fill;
  } else if (auto gen = c.getDefiningOp<linalg::GenericOp>();
             gen && isRowBroadcast(gen)) {
    initRow = gen.getDpsInputs()[0];
    c = gen.getDpsInits()[0];
    initOp = gen;
  } else if (gen && isColumnScale(gen) && gen->hasOneUse()) {
    scaleRow = gen.getDpsInputs()[0];
    c = gen.getDpsInits()[0];
    initOp = gen;
  }
  bool hasInit = initOp != nullptr;

  // Narrow tiles (a few query rows in all: decoding, speculative decoding,
  // small groups): column blocks would be vectors of n lanes, where each
  // K element broadcast feeds one short FMA, or split into narrower
  // powers of two (6: 4 + 2, 7: 4 + 2 + 1). There a matrix-vector product
  // per column measured faster (isNarrowTile, docs/perf/flash-cpu-notes.md).
  if (isNarrowTile(n, block))
    return lowerNarrowTileMatmul(rewriter, op, block, aTransposed,
                                 {initValue, initRow, scaleRow, c});

  // Loop order: k panels of `kBlock` (outermost, so that the B panel of a
  // column block, kBlock x cols, stays in L1 while every row block uses it),
  // then column blocks, then row blocks. The first k panel starts from the
  // fill value when C is a fill; later panels continue from C.
  int64_t kBlock = block.kBlock > 0 ? std::min(block.kBlock, k) : k;

  // One register block: rows [m0, m0 + mr), columns [n0, n0 + width), k
  // in [k0, kEnd).
  // `masked`: the block's last lanes lie past N; its reads of them give 0
  // and its writes leave them out (masked loads and stores).
  auto emitBlock = [&](OpBuilder &b, Value cIn, Value m0, Value n0,
                       int64_t width, bool masked, Value k0, Value kEnd,
                       int64_t mr, bool fromInit) -> Value {
    auto vecType = VectorType::get({width}, f32);
    SmallVector<bool, 1> inBounds = {!masked};
    SmallVector<Value> rowIdx;
    for (int64_t i = 0; i < mr; ++i)
      rowIdx.push_back(i == 0 ? m0
                              : arith::AddIOp::create(b, loc, m0, cidx(b, i))
                                    .getResult());
    Value padding =
        arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(0));
    SmallVector<Value> accs;
    Value initVec, scaleVec;
    bool fromScale = fromInit && scaleRow;
    if (fromScale)
      scaleVec = vector::TransferReadOp::create(
          b, loc, vecType, scaleRow, ValueRange{n0}, padding, inBounds);
    else if (fromInit)
      initVec = initValue
                    ? vector::BroadcastOp::create(b, loc, vecType, initValue)
                          .getResult()
                    : vector::TransferReadOp::create(b, loc, vecType, initRow,
                                                     ValueRange{n0}, padding,
                                                     inBounds)
                          .getResult();
    for (int64_t i = 0; i < mr; ++i) {
      if (fromInit && !fromScale) {
        accs.push_back(initVec);
        continue;
      }
      Value old = vector::TransferReadOp::create(
          b, loc, vecType, cIn, ValueRange{rowIdx[i], n0}, padding, inBounds);
      accs.push_back(fromScale
                         ? arith::MulFOp::create(b, loc, scaleVec, old)
                               .getResult()
                         : old);
    }
    auto kLoop = scf::ForOp::create(
        b, loc, k0, kEnd, cidx(b, 1), accs,
        [&](OpBuilder &kb, Location kl, Value kv, ValueRange kArgs) {
          Value bVec = vector::TransferReadOp::create(
              kb, kl, vecType, bMat, ValueRange{kv, n0}, padding, inBounds);
          SmallVector<Value> next;
          for (int64_t i = 0; i < mr; ++i) {
            Value aScalar = tensor::ExtractOp::create(
                kb, kl, a,
                aTransposed ? ValueRange{kv, rowIdx[i]}
                            : ValueRange{rowIdx[i], kv});
            Value aVec = vector::BroadcastOp::create(kb, kl, vecType, aScalar);
            next.push_back(vector::FMAOp::create(kb, kl, aVec, bVec, kArgs[i]));
          }
          scf::YieldOp::create(kb, kl, next);
        });
    Value cOut = cIn;
    for (int64_t i = 0; i < mr; ++i)
      cOut =
          vector::TransferWriteOp::create(b, loc, kLoop.getResult(i), cOut,
                                          ValueRange{rowIdx[i], n0}, inBounds)
              .getResult();
    return cOut;
  };

  int64_t mainRows = (m / rows) * rows, tail = m - mainRows;
  // All row blocks of one column block and one k panel.
  auto emitColumn = [&](OpBuilder &b, Value cIn, Value n0, int64_t width,
                        bool masked, Value k0, Value kEnd,
                        bool fromInit) -> Value {
    Value cur = cIn;
    if (mainRows > 0) {
      auto mLoop = scf::ForOp::create(
          b, loc, cidx(b, 0), cidx(b, mainRows), cidx(b, rows), ValueRange{cur},
          [&](OpBuilder &mb, Location, Value m0, ValueRange args) {
            scf::YieldOp::create(mb, loc,
                                 emitBlock(mb, args[0], m0, n0, width, masked,
                                           k0, kEnd, rows, fromInit));
          });
      cur = mLoop.getResult(0);
    }
    if (tail)
      cur = emitBlock(b, cur, cidx(b, mainRows), n0, width, masked, k0, kEnd,
                      tail, fromInit);
    return cur;
  };
  // One k panel over all column blocks: a loop over the full-width ones,
  // then the narrower blocks of the remaining columns.
  int64_t mainCols = (n / cols) * cols;
  auto emitPanel = [&](OpBuilder &b, Value cIn, Value k0, Value kEnd,
                       bool fromInit) -> Value {
    auto nLoop = scf::ForOp::create(
        b, loc, cidx(b, 0), cidx(b, mainCols), cidx(b, cols), ValueRange{cIn},
        [&](OpBuilder &nb, Location, Value n0, ValueRange args) {
          scf::YieldOp::create(
              nb, loc,
              emitColumn(nb, args[0], n0, cols, false, k0, kEnd, fromInit));
        });
    Value cur = nLoop.getResult(0);
    int64_t n0 = mainCols;
    for (auto [width, masked] : remainderColumnBlocks(n - mainCols, cols)) {
      cur = emitColumn(b, cur, cidx(b, n0), width, masked, k0, kEnd, fromInit);
      n0 += width;
    }
    return cur;
  };

  Value result = emitPanel(rewriter, c, cidx(rewriter, 0),
                           cidx(rewriter, kBlock), hasInit);
  if (kBlock < k) {
    auto kPanels = scf::ForOp::create(
        rewriter, loc, cidx(rewriter, kBlock), cidx(rewriter, k),
        cidx(rewriter, kBlock), ValueRange{result},
        [&](OpBuilder &b, Location, Value k0, ValueRange args) {
          Value kEnd = arith::MinSIOp::create(
              b, loc, arith::AddIOp::create(b, loc, k0, cidx(b, kBlock)),
              cidx(b, k));
          scf::YieldOp::create(b, loc,
                               emitPanel(b, args[0], k0, kEnd, false));
        });
    result = kPanels.getResult(0);
  }
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

/// Tiles `op` by `sizes` (0: untiled) and vectorizes every tile; a tile the
/// vectorizer rejects stays a (correct) linalg op. With `keepOuterLoop`, the
/// outermost tile loop tells LLVM not to unroll it (llvm.loop_annotation,
/// which the scf-to-cf and cf-to-llvm lowerings carry to the back edge).
static LogicalResult tileAndVectorize(RewriterBase &rewriter,
                                      linalg::LinalgOp op,
                                      ArrayRef<OpFoldResult> sizes,
                                      bool keepOuterLoop = false) {
  auto tileable = dyn_cast<TilingInterface>(op.getOperation());
  if (!tileable)
    return failure();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  scf::SCFTilingOptions options;
  options.setTileSizes(sizes);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, tileable, options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  if (keepOuterLoop && !tiled->loops.empty())
    setNoUnrollHint(tiled->loops.front());
  for (Operation *t : tiled->tiledOps) {
    rewriter.setInsertionPoint(t);
    FailureOr<linalg::VectorizationResult> v =
        linalg::vectorize(rewriter, t, {}, {}, /*vectorizeNDExtract=*/true);
    if (succeeded(v))
      rewriter.replaceOp(t, v->replacements);
  }
  return success();
}

/// Vectorizes a static all-parallel linalg op that reads or writes through
/// a transposing map (the scaled Q^T of each query tile, the normalized O of
/// its epilogue) in square blocks: the loops that are the innermost dim of
/// some operand are tiled by `block`, the others by 1, and each block is
/// vectorized. Its transposed transfers become vector.transpose on
/// `block` x `block` vectors, which the LLVM lowering turns into shuffles
/// (16x16 on AVX-512). Fails, changing nothing, when a tiled loop is not a
/// multiple of `block`.
static LogicalResult vectorizeTransposedBlocks(RewriterBase &rewriter,
                                               linalg::LinalgOp op,
                                               int64_t block) {
  if (op.getNumReductionLoops() != 0 || block < 2)
    return failure();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<bool> inner(ranges.size(), false);
  for (AffineMap map : op.getIndexingMapsArray()) {
    if (map.getNumResults() == 0)
      continue;
    if (auto dim = dyn_cast<AffineDimExpr>(map.getResults().back()))
      inner[dim.getPosition()] = true;
  }
  SmallVector<OpFoldResult> sizes;
  int64_t tiledLoops = 0;
  for (auto [range, isInner] : llvm::zip(ranges, inner)) {
    if (ShapedType::isDynamic(range))
      return failure();
    if (isInner && range > 1) {
      if (range % block != 0)
        return failure();
      ++tiledLoops;
    }
    sizes.push_back(rewriter.getIndexAttr(isInner ? block : 1));
  }
  if (tiledLoops != 2)
    return failure();
  return tileAndVectorize(rewriter, op, sizes);
}

/// f32 lanes per vector of a chunked row: 8 zmm or 16 ymm registers.
constexpr int64_t kRowChunk = 128;
/// The widest power of two that divides `n` (> 0), at most kRowChunk.
static int64_t rowChunk(int64_t n) {
  return std::min<int64_t>(
      kRowChunk, static_cast<int64_t>(uint64_t(1) << llvm::countr_zero(
                                          static_cast<uint64_t>(n))));
}
/// Copies of at least this many elements keep their row loop (not unrolled).
constexpr int64_t kRowLoopElements = 2048;

/// Splits a static linalg op along its outermost loop into single steps
/// (rows of a tile, or steps of an outer reduction) and vectorizes each
/// along the inner dimension, in chunks of kRowChunk lanes when an
/// all-parallel op's rows are a longer multiple of it.
static LogicalResult vectorizeByRows(RewriterBase &rewriter,
                                     linalg::LinalgOp op,
                                     int64_t transposeBlock,
                                     bool splitNarrow = false) {
  // Generic ops on tiles of one column (a one-row query tile, G = 1:
  // decoding) first become 1-D ops on the collapsed tiles, so that they
  // vectorize to vector<TSxf32> rather than vector<TSx1xf32>, whose unit
  // dim is dropped again element by element (one extract and one insert
  // per row, each way: thousands of scalar moves per key/value step, mostly
  // compile time) and whose reduction down the column became a chain of TS
  // one-lane steps.
  if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation())) {
    SmallVector<int64_t> ranges = generic.getStaticLoopRanges();
    if (ranges.size() == 2 && ranges[0] > 1 && ranges[1] == 1) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPoint(generic);
      FailureOr<linalg::DropUnitDimsResult> dropped =
          linalg::dropUnitDims(rewriter, generic, {});
      if (succeeded(dropped)) {
        rewriter.replaceOp(generic, dropped->replacements);
        op = cast<linalg::LinalgOp>(dropped->resultOp.getOperation());
      }
    }
  }
  if (hasTransposedAccess(op)) {
    // The register's width, else the widest narrower block that divides
    // the transposed dims (a 72-row query tile: 8 x 8).
    for (int64_t block = transposeBlock; block >= 4; block /= 2)
      if (succeeded(vectorizeTransposedBlocks(rewriter, op, block)))
        return success();
    return failure();
  }
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // A parallel inner dim wider than 8 with no power-of-two divisor of 4 or
  // more (71 query rows: Falcon-7B's 71 heads over one key/value head) is
  // split into its widest multiple of 8 and the rest, and that rest into
  // powers of two (71 = 64 + 4 + 2 + 1), each vectorized on its own:
  // - a whole vector<71xf32> is legalized element by element, and a
  //   loop-carried one (the row max) goes through the stack every step;
  // - LLVM widens a vector<7xf32> to 8 lanes whose last one is undefined:
  //   whatever the register held, often a denormal, on which the exp
  //   polynomial's FMAs then take microcode assists. Falcon-7B decoding
  //   ran 2x slower under mha-run, whose registers held such values, than
  //   the same object code called from C (docs/perf/flash-cpu-notes.md).
  // A tile of 3, 5, 6 or 7 columns (`splitNarrow` false: groups of 3-7
  // decoding) stays one vector: its pieces measured slower (G = 7: 0.166
  // -> 0.191 ms) than the assists its undefined lanes may cost.
  int64_t width = ranges.empty() ? 0 : ranges.back();
  if ((width > 8 || (splitNarrow && width > 2)) &&
      !ShapedType::isDynamic(width) && rowChunk(width) < 4 &&
      !llvm::isPowerOf2_64(static_cast<uint64_t>(width)) &&
      op.getIteratorTypesArray().back() == utils::IteratorType::parallel) {
    auto tileable = dyn_cast<TilingInterface>(op.getOperation());
    if (!tileable)
      return failure();
    int64_t splitPoint = width > 8 ? width / 8 * 8
                                   : static_cast<int64_t>(llvm::bit_floor(
                                         static_cast<uint64_t>(width)));
    auto [head, rest] = linalg::splitOp(rewriter, tileable, ranges.size() - 1,
                                        rewriter.getIndexAttr(splitPoint));
    if (!head || !rest)
      return failure();
    LogicalResult first = vectorizeByRows(
        rewriter, cast<linalg::LinalgOp>(head.getOperation()), transposeBlock,
        /*splitNarrow=*/true);
    LogicalResult second = vectorizeByRows(
        rewriter, cast<linalg::LinalgOp>(rest.getOperation()), transposeBlock,
        /*splitNarrow=*/true);
    return success(succeeded(first) && succeeded(second));
  }
  SmallVector<OpFoldResult> sizes(ranges.size(), rewriter.getIndexAttr(0));
  bool tiled = false;
  // Rows of 2-D ops one at a time; rows of one element (what one-column
  // tiles left 2-D above: fills) in chunks of the widest power of two that
  // divides their count, so that the vectors run down the column.
  if (ranges.size() >= 2 && ranges[0] > 1) {
    int64_t outerStep = 1;
    if (ranges.size() == 2 && ranges[1] == 1 && rowChunk(ranges[0]) >= 4)
      outerStep = rowChunk(ranges[0]);
    sizes[0] = rewriter.getIndexAttr(outerStep);
    tiled = true;
  }
  // The inner dim, where it is parallel, in chunks:
  // - long rows of elementwise ops (the projections' X row copies: K wide)
  //   in chunks of kRowChunk lanes: a whole-row vector<Kxf32> per row makes
  //   LLVM unroll the row loop into one basic block of thousands of
  //   instructions, whose machine scheduling dominated the JIT time;
  // - rows whose width is no power of two (a query tile of 96, 80 or 72
  //   rows, and its 1-D statistics m, l, alpha) in chunks of the widest
  //   power of two that divides them: LLVM legalizes a vector<96xf32> by
  //   widening it, and a loop-carried one (the row max over S^T) then
  //   shuffles through the stack every step.
  int64_t inner = ranges.empty() ? 0 : ranges.back();
  if (inner > 0 &&
      op.getIteratorTypesArray().back() == utils::IteratorType::parallel) {
    int64_t chunk = rowChunk(inner);
    bool longRow = op.getNumReductionLoops() == 0 && inner > kRowChunk &&
                   inner % kRowChunk == 0;
    bool oddWidth = !llvm::isPowerOf2_64(inner) && chunk >= 4;
    if (longRow || oddWidth) {
      sizes.back() = rewriter.getIndexAttr(chunk);
      tiled = true;
    }
  }
  if (tiled) {
    // Copies of large tiles (the projections' X rows, each head of the
    // head merge): the row loop stays a loop. Fully unrolled by LLVM, the 8
    // head copies of a 32-row tile became one block of 2048 vector moves
    // whose machine scheduling cost most of the JIT time, for no speed.
    int64_t elements = 1;
    for (int64_t range : ranges)
      elements = ShapedType::isDynamic(range) ? 0 : elements * range;
    return tileAndVectorize(
        rewriter, op, sizes,
        /*keepOuterLoop=*/isCopyLike(op) && elements >= kRowLoopElements);
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
    Operation *init = op.getDpsInits()[0].getDefiningOp();
    FailureOr<Value> result =
        lowerTileMatmulToRegisterBlocks(rewriter, op, block);
    if (failed(result))
      continue;
    rewriter.replaceOp(op, *result);
    // A fill or broadcast the registers now start from is dead.
    if (init && isa<linalg::LinalgOp>(init) && init->use_empty())
      rewriter.eraseOp(init);
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
  // Transposing copies move square blocks of one vector register's width:
  // 16 f32 lanes with the AVX-512 register block (32 columns), else 8.
  int64_t transposeBlock = block.cols >= 32 ? 16 : 8;
  for (linalg::LinalgOp op : others)
    (void)vectorizeByRows(rewriter, op, transposeBlock);
}

namespace {
/// A vector.multi_reduction of a 1-D vector to a scalar (the row max and
/// row sum of a one-column score tile: decoding) as one vector.reduction,
/// reassociated: a tree of vector steps and a horizontal one. Upstream's
/// lowering lifts it to [1, N] and, with reductions lowered to inner
/// parallel form, reduces it one element at a time.
struct OneDimMultiReductionToReduction
    : OpRewritePattern<vector::MultiDimReductionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::MultiDimReductionOp op,
                                PatternRewriter &rewriter) const override {
    auto srcType = op.getSourceVectorType();
    if (srcType.getRank() != 1 || !op.isReducedDim(0) ||
        isa<VectorType>(op.getDestType()))
      return rewriter.notifyMatchFailure(op, "not a 1-D full reduction");
    rewriter.replaceOpWithNewOp<vector::ReductionOp>(
        op, op.getKind(), op.getSource(), op.getAcc(),
        arith::FastMathFlags::reassoc);
    return success();
  }
};

/// vector.gather from an n-D tensor (n > 1), as upstream's vectorizer emits
/// it for a tensor.extract at computed indices (a mask or bias read per
/// element): its index vector holds offsets into the tensor flattened row by
/// row by its sizes, from base indices of 0. vector.gather defines offsets
/// along the innermost dimension only, and its LLVM lowering adds them to
/// the base address: right for a contiguous buffer, but after bufferization
/// a slice of a larger tensor (a mask of [L, max S] cut to S keys) is a
/// strided buffer, whose rows those offsets miss. The gather reads the
/// tensor collapsed to 1-D instead, from the flattened base indices. A
/// function argument (row-major: the pipeline bufferizes function
/// boundaries with identity layouts) collapses to a view; anything else is
/// first copied into a fresh row-major tensor (bufferization.alloc_tensor),
/// because its buffer may be strided, and even one that collapses has a
/// stride bufferization cannot prove to be 1 with a dynamic innermost size,
/// which the gather's LLVM lowering needs. Copy and collapse go right after
/// the tensor's definition, outside the tile loops: one copy per call.
struct GatherFromFlatTensor : OpRewritePattern<vector::GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::GatherOp op,
                                PatternRewriter &rewriter) const override {
    Value base = op.getBase();
    auto type = dyn_cast<RankedTensorType>(base.getType());
    if (!type || type.getRank() < 2)
      return rewriter.notifyMatchFailure(op, "not an n-D tensor gather");
    Location loc = op.getLoc();
    Value flat;
    {
      OpBuilder::InsertionGuard guard(rewriter);
      if (auto arg = dyn_cast<BlockArgument>(base))
        rewriter.setInsertionPointToStart(arg.getOwner());
      else
        rewriter.setInsertionPointAfter(base.getDefiningOp());
      auto arg = dyn_cast<BlockArgument>(base);
      Value rowMajor = base;
      if (!arg || !isa<func::FuncOp>(arg.getOwner()->getParentOp()))
        rowMajor = bufferization::AllocTensorOp::create(
            rewriter, loc, type, ValueRange{}, /*copy=*/base);
      SmallVector<ReassociationIndices> all = {
          llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()))};
      flat = tensor::CollapseShapeOp::create(rewriter, loc, rowMajor, all);
    }
    // The base indices flattened in row-major order by the tensor's sizes.
    OpFoldResult offset = affine::linearizeIndex(
        rewriter, loc, getAsOpFoldResult(op.getOffsets()),
        tensor::getMixedSizes(rewriter, loc, base));
    auto gather = vector::GatherOp::create(
        rewriter, loc, op.getType(), flat,
        ValueRange{getValueOrCreateConstantIndexOp(rewriter, loc, offset)},
        op.getIndices(), op.getMask(), op.getPassThru());
    if (auto alignment = op.getAlignmentAttr())
      gather.setAlignmentAttr(alignment);
    rewriter.replaceOp(op, gather.getResult());
    return success();
  }
};

/// Bounds of the register-block options: far beyond any CPU's register file.
constexpr int64_t kMaxRegisterRows = 64;
constexpr int64_t kMaxRegisterCols = 1024;

struct VectorizeTilesPass
    : mha::impl::MHAVectorizeTilesBase<VectorizeTilesPass> {
  using MHAVectorizeTilesBase::MHAVectorizeTilesBase;
  void runOnOperation() override {
    // The register block is unrolled into the IR: out-of-range options would
    // produce nothing useful, or IR too large to compile.
    if (registerRows < 1 || registerRows > kMaxRegisterRows ||
        registerCols < 4 || registerCols > kMaxRegisterCols || kBlock < 0) {
      emitError(getOperation()->getLoc())
          << "--mha-vectorize-tiles: register-rows must be in [1, "
          << kMaxRegisterRows << "], register-cols in [4, " << kMaxRegisterCols
          << "] and k-block >= 0 (0: one panel); got register-rows="
          << static_cast<int64_t>(registerRows)
          << " register-cols=" << static_cast<int64_t>(registerCols)
          << " k-block=" << static_cast<int64_t>(kBlock);
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    vectorizeAttentionTiles(
        rewriter, getOperation(),
        RegisterBlock{registerRows, registerCols, kBlock});

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
    patterns.add<OneDimMultiReductionToReduction>(&getContext(),
                                                  /*benefit=*/2);
    patterns.add<GatherFromFlatTensor>(&getContext());
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerParallel);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorShapeCastLoweringPatterns(patterns);
    populateMathPolynomialApproximationPatterns(
        patterns, [](StringRef name) { return name == "exp" || name == "tanh" || name == "math.exp" || name == "math.tanh"; });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      emitError(getOperation()->getLoc())
          << "--mha-vectorize-tiles: the vector cleanup patterns did not "
             "converge";
      return signalPassFailure();
    }
  }
};
} // namespace
