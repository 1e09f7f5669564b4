//===- TileAttention.cpp - mha.attention in FlashAttention-2 form -------===//
//
// Rewrites mha.attention into a parallel loop over (batch, key/value head,
// query tile) whose body streams key/value tiles through an online softmax:
// a running row max m, a running sum l and an unnormalized accumulator,
// rescaled by exp(m_old - m_new) and divided by l once at the end. Memory is
// O(tile) per thread instead of O(L*S).
//
// All tile computations are linalg ops on static 2-D f32 tiles: the R = G*TQ
// query rows of the G heads that share a key/value head are one tile, so each
// key/value tile is loaded once for all of them. A last partial tile is a
// window moved back (its repeated keys masked, its repeated query rows
// discarded), zero-padded only when the sequence is shorter than a tile. A
// dynamic L or S takes its whole tiles first, then the rows left in smaller
// remainder tiles: a second query forall, a second key/value loop; a single
// query row left (L = 1: decoding compiled for any L) takes a one-row tile.
//
// Tiles are kept query-row-minor: the scores are S^T [TS, R] = K . Q^T and
// the accumulator is O^T [Ev, R] += V^T . P^T. The online-softmax statistics
// (m, l, alpha) are then vectors along the query rows and every softmax step
// is elementwise across rows of S^T: no horizontal reductions and no
// per-tile transposes. Q is transposed once per query tile, O once at the
// end; a mask or bias that varies along both L and S has its window of each
// step (rows of S in memory) transposed into the layout of S^T.
//
//===----------------------------------------------------------------------===//

#include "mha/Dialect/MHA/Transforms/Passes.h"
#include "mha/Dialect/MHA/Transforms/TileUtils.h"
#include "mha/Dialect/MHA/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHATILEATTENTION
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;
using namespace mlir::mha;

/// log2(e): the online softmax works in powers of two, exp(x) = 2^(x log2 e).
constexpr float kLog2E = 1.44269504088896341f;

/// 2^t for the online softmax, where t = (s - m) log2(e) is <= 0, -inf or
/// NaN:
/// - t is clamped below at -126 and split as t = n + f, n = round(t) and
///   |f| <= 1/2, by adding 1.5 * 2^23 + 127: the sum's low mantissa bits
///   are n + 127, the biased exponent of 2^n, shifted into place (no
///   float-to-int conversion, which would be poison for NaN), and
///   subtracting the constant again gives n exactly;
/// - 2^f is a degree-5 polynomial with 2^0 = 1 exact (fitted to the relative
///   error on [-1/2, 1/2]: at most 1.6e-7, under 1.5 ulp);
/// - the result is flushed to zero for t < -126. 2^-126 is the smallest
///   normal f32; such a term weighs less than 1e-37 against the row
///   maximum's 1, and left alone it would be a subnormal: every FMA of
///   P . V that reads one takes a microcode assist on x86
///   (docs/perf/projections.md measured a block's attention about 2.6x
///   slower from it). -inf gives 0 and NaN stays NaN.
/// 13 vector operations; exp(s - m) by Cody-Waite reduction and the Cephes
/// polynomial (upstream's math.exp) took 18 after the subtraction.
static Value softmaxExp2(OpBuilder &b, Location loc, Value t) {
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  auto c = [&](float v) -> Value {
    return arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(v));
  };
  Value x = arith::MaximumFOp::create(b, loc, t, c(-126.0f));
  Value shifted = arith::AddFOp::create(b, loc, x, c(12583039.0f));
  Value n = arith::SubFOp::create(b, loc, shifted, c(12583039.0f));
  Value f = arith::SubFOp::create(b, loc, x, n);
  Value p = c(1.3265805318951607e-3f);
  for (float coeff : {9.671512991189957e-3f, 5.5507298558950424e-2f,
                      2.4022242426872253e-1f, 6.931470036506653e-1f, 1.0f})
    p = math::FmaOp::create(b, loc, p, f, c(coeff));
  Value scale = arith::BitcastOp::create(
      b, loc, f32,
      arith::ShLIOp::create(
          b, loc, arith::BitcastOp::create(b, loc, i32, shifted),
          arith::ConstantOp::create(b, loc, i32, b.getI32IntegerAttr(23))));
  Value y = arith::MulFOp::create(b, loc, p, scale);
  Value tiny =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, t, c(-126.0f));
  return arith::SelectOp::create(b, loc, tiny, c(0.0f), y);
}

/// -m log2(e), the max to subtract in powers of two, with m taken as 0 where
/// it is -inf (nothing allowed): the scores are then all -inf, and (s - m)
/// log2(e) is -inf (weight 0) rather than -inf - -inf = NaN. The constants
/// -inf, 0 and log2(e) come from outside the body.
static Value negMaxLog2E(OpBuilder &b, Location loc, Value m, Value negInf,
                         Value zero, Value log2e) {
  Value none =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, m, negInf);
  Value safe = arith::SelectOp::create(b, loc, none, zero, m);
  return arith::NegFOp::create(b, loc,
                               arith::MulFOp::create(b, loc, safe, log2e));
}

/// The body of out += a * b.
static void mulAddBody(OpBuilder &b, Location loc, ValueRange a) {
  Value prod = arith::MulFOp::create(b, loc, a[0], a[1]);
  linalg::YieldOp::create(
      b, loc, arith::AddFOp::create(b, loc, a[2], prod).getResult());
}

namespace {

/// The largest static tile (elements) the tiled form builds: 2^31 f32
/// elements are 8 GiB, far beyond any useful tile.
constexpr int64_t kMaxTileElements = int64_t(1) << 31;

/// The automatic key/value split (keyValueSplits = 0): iterations the
/// parallel loop should have at least, and keys each share should have at
/// least, so that the partial results and their combination stay small
/// beside the shares' own work.
constexpr int64_t kParallelTiles = 16;
constexpr int64_t kMinShareKeys = 512;
/// The most shares kv-splits may ask for: the partial results are a static
/// dimension of that size.
constexpr int64_t kMaxKeyValueSplits = 4096;
/// f16/bf16 keys and values are widened to f32 once, before the tile loop,
/// where a static L has at least this many query tiles per key/value head
/// (each of which would otherwise widen every key/value tile it reads; with
/// 2 tiles the extra write and read of the f32 copy cost more than the
/// widenings saved, docs/perf/flash-cpu-notes.md).
constexpr int64_t kWidenOnceQueryTiles = 8;
/// Rows of K or V per iteration of the parallel loop that widens them: the
/// largest divisor of S up to this many (all of S when it has none of at
/// least kWidenRowsMin).
constexpr int64_t kWidenRowsMax = 256;
constexpr int64_t kWidenRowsMin = 32;
/// Rows of K or V per step of the loop that widens them where S is dynamic
/// (widenHeadsAtRunTime): S needs at least this many.
constexpr int64_t kWidenRowsAtRunTime = 64;

using utils::IteratorType;
constexpr IteratorType kPar = IteratorType::parallel;
constexpr IteratorType kRed = IteratorType::reduction;

/// Builds the tiled form of one mha.attention.
class AttentionTiler {
public:
  AttentionTiler(RewriterBase &rewriter, AttentionOp op,
                 const AttentionTileSizes &sizes)
      : b(rewriter), op(op), loc(op.getLoc()), f32(rewriter.getF32Type()),
        tq(sizes.queryTile), ts(sizes.keyValueTile),
        remainderTile(sizes.remainderTile),
        wideTileKeyValueBytes(sizes.wideTileKeyValueBytes),
        keyValueSplits(sizes.keyValueSplits) {}

  FailureOr<Value> run();

private:
  /// Sets tq and ts (query rows per head, key/value rows per step) from the
  /// options and the static sizes of `op` (with `hkv` key/value heads).
  void pickTileSizes(int64_t hkv);
  /// How each query tile's key range is split (flash-decoding): in
  /// `shares` shares (1: none); where S is dynamic and the choice
  /// automatic, `minSteps` > 0: in as many of them as give each at least
  /// that many key/value steps of S (at least one), chosen at run time.
  struct KeyValueSplit {
    int64_t shares = 1;
    int64_t minSteps = 0;
  };
  /// The split (keyValueSplits, or with 0 the automatic choice) for the
  /// parallel loop over `queryTiles` query tiles of each of the `hkv` heads.
  KeyValueSplit pickKeyValueSplits(int64_t hkv, OpFoldResult queryTiles);
  /// Whether f16/bf16 keys and values are widened to f32 once, up front
  /// (widenHeads), rather than tile by tile in every query tile: a static L
  /// of at least kWidenOnceQueryTiles query tiles, and a static S whose f32
  /// keys and values of one head stay in L2 between its query tiles (under
  /// wideTileKeyValueBytes, the size that makes query tiles wide). Decoding
  /// (one query tile) widens each key once either way, and up front would
  /// add a write and a read of the f32 copy; so would a head whose f32 copy
  /// streams from memory for every query tile.
  bool widensKeyValueOnce();
  /// Whether one head's f32 keys and values at `s` rows (S x (E + Ev) x 4
  /// bytes) stay under wideTileKeyValueBytes (any size where it is 0).
  bool wideHeadFits(int64_t s) const;
  /// `src` ([B, Hkv, S, D], f16/bf16, static S) as f32, by an scf.forall
  /// over (b, head, row blocks of S) of static row-block widenings.
  Value widenHeads(Value src);
  /// Whether a dynamic L or S leaves the choice of widensKeyValueOnce to
  /// run time (widensKeyValueAtRunTime): f16/bf16 keys and values, and
  /// whatever is static does not already rule it out.
  bool mayWidenKeyValueAtRunTime();
  /// The run-time form of widensKeyValueOnce for a loop of `queryTiles`
  /// query tiles per key/value head: at least kWidenOnceQueryTiles of them,
  /// S of at least kWidenRowsAtRunTime rows, and one head's f32 keys and
  /// values under wideTileKeyValueBytes.
  Value widensKeyValueAtRunTime(Value queryTiles);
  /// `src` ([B, Hkv, S, D], f16/bf16, S >= kWidenRowsAtRunTime) as f32, by
  /// an scf.forall over (b, head) of loops over static blocks of
  /// kWidenRowsAtRunTime rows, the last one moved back over rows already
  /// widened.
  Value widenHeadsAtRunTime(Value src);

  // Constants and small builders.
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value fconst(OpBuilder &nb, double v) {
    return arith::ConstantOp::create(nb, loc, f32, nb.getF32FloatAttr(v));
  }
  Value minIdx(Value x, Value y) {
    return arith::MinSIOp::create(b, loc, x, y);
  }
  Value maxIdx(Value x, Value y) {
    return arith::MaxSIOp::create(b, loc, x, y);
  }
  Value addIdx(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value subIdx(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mulIdx(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  /// A static row count that whole tiles of `tile` rows cover: a tile that
  /// starts at a multiple of `tile` lies within the rows.
  static bool dividesStatic(int64_t rows, int64_t tile) {
    return !ShapedType::isDynamic(rows) && rows >= tile && rows % tile == 0;
  }
  RankedTensorType tile(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, f32);
  }
  Value filled(ArrayRef<int64_t> shape, double v) {
    Value empty = tensor::EmptyOp::create(b, loc, shape, f32);
    return linalg::FillOp::create(b, loc, ValueRange{fconst(b, v)},
                                  ValueRange{empty})
        .getResult(0);
  }
  AffineMap map(unsigned n, ArrayRef<unsigned> dims) {
    SmallVector<AffineExpr> exprs;
    for (unsigned d : dims)
      exprs.push_back(b.getAffineDimExpr(d));
    return AffineMap::get(n, 0, exprs, b.getContext());
  }
  using BodyFn = function_ref<void(OpBuilder &, Location, ValueRange)>;
  Value generic(Type resultType, ValueRange ins, Value init,
                ArrayRef<AffineMap> maps, ArrayRef<IteratorType> iters,
                BodyFn body) {
    return linalg::GenericOp::create(b, loc, TypeRange{resultType}, ins,
                                     ValueRange{init}, maps, iters, body)
        .getResult(0);
  }

  /// A window of `count` rows of `src` at leading indices `lead`, whole in
  /// its other dims (see loadRowWindow); returns the tile and its first row.
  /// With `startInRange`, the caller knows that the window fits at
  /// `start` (see loadRowWindow).
  std::pair<Value, Value> loadRows(Value src, ArrayRef<Value> lead,
                                   Value start, int64_t count,
                                   bool startInRange) {
    auto type = cast<RankedTensorType>(src.getType());
    RowWindow w = loadRowWindow(b, loc, src, lead, start, count,
                                b.getIndexAttr(0), type.getShape().back(),
                                startInRange);
    return {w.tile, w.firstRow};
  }
  Value widen(Value tile2d) { return widenToF32(b, loc, tile2d); }

  /// The scores after softcap, bias and the allowed-set (-inf elsewhere).
  /// Tile row r is query row `qStart + r % TQ` of head r / TQ in the group;
  /// tile column j is key `kStart + j`; keys before `j0` belong to the
  /// previous step and are excluded.
  /// `windowFits`: the caller knows that the window lies within L x S
  /// (qStart + TQ <= L and kStart + TS <= S), so that a mask or bias that
  /// varies along both can be read as a slice (transposedOperandTile).
  Value postprocessScores(Value s, bool masked, Value bi, Value hi,
                          Value qStart, Value kStart, Value j0,
                          bool windowFits);
  /// Whether a mask or bias is read through transposedOperandTile for a
  /// window of `step` keys that fits: it varies along both L and S (a
  /// gather of scattered elements per vector of query rows otherwise) and
  /// the tile's blocks are whole vectors.
  bool readsTransposedTile(Value operand, int64_t step) const;
  /// The [step, R] f32 tile of `operand` (the mask or the bias, [B', H', L,
  /// S]) at the window (qStart, kStart): element (j, r) is operand[b, head of
  /// row r, qStart + r % TQ, kStart + j], a mask as 1.0 (allowed) or 0.0, a
  /// bias widened to f32. It is read as rows of S (contiguous in memory) and
  /// written transposed, which the vectorizer lowers to square register
  /// transposes.
  Value transposedOperandTile(Value operand, Value bi, Value hi, Value qStart,
                              Value kStart, int64_t step);

  RewriterBase &b;
  AttentionOp op;
  Location loc;
  Type f32;
  int64_t tq, ts;
  /// AttentionTileSizes::remainderTile.
  int64_t remainderTile;
  /// AttentionTileSizes::wideTileKeyValueBytes.
  int64_t wideTileKeyValueBytes;
  /// AttentionTileSizes::keyValueSplits.
  int64_t keyValueSplits;
  int64_t group = 0, rows = 0, e = 0, ev = 0;
  Value seqL, seqS, diagOffset;
};

} // namespace

bool AttentionTiler::readsTransposedTile(Value operand, int64_t step) const {
  if (!operand)
    return false;
  auto type = cast<RankedTensorType>(operand.getType());
  // Vectors of 4 lanes at least on both sides of the transpose.
  return type.getDimSize(2) != 1 && type.getDimSize(3) != 1 && tq % 4 == 0 &&
         step % 4 == 0;
}

Value AttentionTiler::transposedOperandTile(Value operand, Value bi, Value hi,
                                            Value qStart, Value kStart,
                                            int64_t step) {
  auto type = cast<RankedTensorType>(operand.getType());
  Type et = type.getElementType();
  // A static 1 is broadcast; a dynamic dim never is (docs/Dialect.md).
  bool perBatch = type.getDimSize(0) != 1;
  bool perHead = type.getDimSize(1) != 1;
  OpFoldResult zeroIdx = b.getIndexAttr(0), one = b.getIndexAttr(1);
  Value result =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{step, rows}, f32);
  // One 2-D transposing copy per head of the group, [TQ, step] -> [step,
  // TQ] into the head's columns (a unit head dim in a 3-D copy makes the
  // vector cleanup patterns rewrite its transfers without end).
  for (int64_t g = 0; g < group; ++g) {
    Value head = perHead ? addIdx(mulIdx(hi, idx(group)), idx(g)) : idx(0);
    SmallVector<OpFoldResult> offsets = {perBatch ? OpFoldResult(bi) : zeroIdx,
                                         head, qStart, kStart};
    SmallVector<OpFoldResult> sizes = {one, one, b.getIndexAttr(tq),
                                       b.getIndexAttr(step)};
    Value rowsOfS = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get({tq, step}, et), operand, offsets, sizes,
        SmallVector<OpFoldResult>(4, one));
    SmallVector<OpFoldResult> colOffsets = {zeroIdx, b.getIndexAttr(g * tq)};
    SmallVector<OpFoldResult> colSizes = {b.getIndexAttr(step),
                                          b.getIndexAttr(tq)};
    SmallVector<OpFoldResult> colStrides(2, one);
    Value cols = tensor::ExtractSliceOp::create(
        b, loc, tile({step, tq}), result, colOffsets, colSizes, colStrides);
    Value t = generic(tile({step, tq}), rowsOfS, cols,
                      {map(2, {0, 1}), map(2, {1, 0})}, {kPar, kPar},
                      [&](OpBuilder &nb, Location l, ValueRange a) {
                        Value v = a[0];
                        if (v.getType().isInteger(1))
                          v = arith::SelectOp::create(nb, l, v, fconst(nb, 1.0),
                                                      fconst(nb, 0.0));
                        else if (v.getType() != f32)
                          v = arith::ExtFOp::create(nb, l, f32, v);
                        linalg::YieldOp::create(nb, l, v);
                      });
    result = tensor::InsertSliceOp::create(b, loc, t, result, colOffsets,
                                           colSizes, colStrides);
  }
  return result;
}

Value AttentionTiler::postprocessScores(Value s, bool masked, Value bi,
                                        Value hi, Value qStart, Value kStart,
                                        Value j0, bool windowFits) {
  std::optional<APFloat> softcap = op.getSoftcap();
  Value mask = op.getMask(), bias = op.getBias();
  CausalMode causal = op.getCausal();
  std::optional<ArrayRef<int64_t>> window;
  if (auto w = op.getWindowAttr())
    window = w.asArrayRef();

  // A mask or bias that varies along both L and S is read per element at
  // (query row, key) otherwise: the lanes of a vector of S^T are query
  // rows, S elements apart in memory, so each vector was a gather of
  // scalar loads (with a full [1, 1, L, S] mask, L = S = 2048 took twice
  // the time of no mask: docs/perf/flash-cpu-notes.md). Where the window
  // fits, its tile is read as rows of S and transposed once per step.
  int64_t step = cast<RankedTensorType>(s.getType()).getDimSize(0);
  bool maskTile = masked && windowFits && readsTransposedTile(mask, step);
  bool biasTile = masked && windowFits && readsTransposedTile(bias, step);
  SmallVector<Value> ins;
  if (maskTile)
    ins.push_back(transposedOperandTile(mask, bi, hi, qStart, kStart, step));
  if (biasTile)
    ins.push_back(transposedOperandTile(bias, bi, hi, qStart, kStart, step));
  SmallVector<AffineMap> maps(ins.size() + 1, map(2, {0, 1}));

  return generic(
      s.getType(), ins, s, maps, {kPar, kPar},
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Value x = a.back();
        if (softcap) {
          // Q was prescaled by scale / softcap.
          x = math::TanhOp::create(nb, l, x);
          x = arith::MulFOp::create(nb, l, x,
                                    fconst(nb, softcap->convertToDouble()));
        }
        if (!masked) {
          linalg::YieldOp::create(nb, l, x);
          return;
        }
        auto cidx = [&](int64_t v) {
          return arith::ConstantIndexOp::create(nb, l, v);
        };
        Value j = linalg::IndexOp::create(nb, l, 0);
        Value r = linalg::IndexOp::create(nb, l, 1);
        // Tile row r is head g = r / tq of the group, query row l0 + r % tq.
        Value g = arith::DivUIOp::create(nb, l, r, cidx(tq));
        Value i = arith::AddIOp::create(
            nb, l, qStart, arith::RemUIOp::create(nb, l, r, cidx(tq)));
        Value jj = arith::AddIOp::create(nb, l, kStart, j);
        Value allowed = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt,
                                              jj, seqS);
        auto conj = [&](Value c) {
          allowed = arith::AndIOp::create(nb, l, allowed, c);
        };
        conj(arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, jj, j0));
        Value d = diagOffset ? arith::AddIOp::create(nb, l, i, diagOffset)
                                   .getResult()
                             : i;
        if (causal != CausalMode::none)
          conj(arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sle, jj, d));
        if (window) {
          Value lo = arith::SubIOp::create(nb, l, d, cidx((*window)[0]));
          Value hiB = arith::AddIOp::create(nb, l, d, cidx((*window)[1]));
          conj(arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, jj, lo));
          conj(
              arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sle, jj, hiB));
        }
        // Mask and bias are read in place from the op's operands; padded
        // rows and columns are clamped in bounds (their scores are dropped).
        auto operandIndices = [&](Value operand) {
          auto type = cast<RankedTensorType>(operand.getType());
          Value head = arith::AddIOp::create(
              nb, l, arith::MulIOp::create(nb, l, hi, cidx(group)), g);
          Value lastL = arith::SubIOp::create(nb, l, seqL, cidx(1));
          Value lastS = arith::SubIOp::create(nb, l, seqS, cidx(1));
          Value full[] = {bi, head,
                          arith::MinSIOp::create(nb, l, i, lastL),
                          arith::MinSIOp::create(nb, l, jj, lastS)};
          SmallVector<Value> indices;
          for (int64_t k = 0; k < 4; ++k)
            indices.push_back(type.getDimSize(k) == 1 ? cidx(0) : full[k]);
          return indices;
        };
        if (maskTile)
          conj(arith::CmpFOp::create(nb, l, arith::CmpFPredicate::ONE, a[0],
                                     fconst(nb, 0.0)));
        else if (mask)
          conj(tensor::ExtractOp::create(nb, l, mask, operandIndices(mask)));
        if (biasTile) {
          x = arith::AddFOp::create(nb, l, x, a[maskTile ? 1 : 0]);
        } else if (bias) {
          Value bv =
              tensor::ExtractOp::create(nb, l, bias, operandIndices(bias));
          if (bv.getType() != f32)
            bv = arith::ExtFOp::create(nb, l, f32, bv);
          x = arith::AddFOp::create(nb, l, x, bv);
        }
        Value negInf = fconst(nb, -std::numeric_limits<double>::infinity());
        linalg::YieldOp::create(
            nb, l, arith::SelectOp::create(nb, l, allowed, x, negInf).getResult());
      });
}

static int64_t ceilDiv(int64_t a, int64_t b) {
  return static_cast<int64_t>(
      llvm::divideCeil(static_cast<uint64_t>(a), static_cast<uint64_t>(b)));
}

/// The size of each of `count` equal tiles that cover `extent`, rounded up
/// to a multiple of `step`.
static int64_t equalTileSize(int64_t extent, int64_t count, int64_t step) {
  return ceilDiv(ceilDiv(extent, count), step) * step;
}

void AttentionTiler::pickTileSizes(int64_t hkv) {
  RankedTensorType qType = op.getQuery().getType();
  auto kType = op.getKey().getType();
  auto vType = op.getValue().getType();
  // query-tile=0: about 64 rows per tile in total, shared by the G heads.
  // Where one key/value head no longer stays in L2 between query tiles
  // (static S x (E + Ev) elements as stored, at least
  // wideTileKeyValueBytes), 128 rows: each key/value tile streamed in then
  // serves twice the query rows (docs/perf/flash-cpu-notes.md).
  bool autoQueryTile = tq == 0;
  int64_t total = 64, step = 1;
  if (autoQueryTile) {
    int64_t s = kType.getDimSize(2), kvBytes = 0;
    if (wideTileKeyValueBytes > 0 && !ShapedType::isDynamic(s) &&
        !llvm::MulOverflow(s,
                           e * (kType.getElementTypeBitWidth() / 8) +
                               ev * (vType.getElementTypeBitWidth() / 8),
                           kvBytes) &&
        kvBytes >= wideTileKeyValueBytes)
      total = 128;
    // R = G * TQ is the multiple of 16 rows nearest the target: the
    // register blocks of both tile products run along the query rows in
    // vectors of 16 (AVX-512: 32 columns, then 16), and a tile of 72 or 120
    // rows leaves narrow remainder blocks. A group too large for that
    // within twice the target takes TQ = target / G.
    step = 16 / std::gcd<int64_t>(group, 16);
    int64_t lo = total / group / step * step, hi = lo + step;
    if (lo > 0 && total - group * lo <= group * hi - total)
      tq = lo;
    else if (group * hi <= 2 * total)
      tq = hi;
    else
      tq = std::max<int64_t>(1, total / group);
  }
  // Short static sequences: shrink the tiles to the (8-aligned) extent
  // instead of computing a mostly padded tile; below 8 query rows
  // (decoding), to exactly L rows per head (G * L of a few rows:
  // matrix-vector products per row, see isNarrowTile).
  auto alignTo8 = [](int64_t n) {
    return n > INT64_MAX - 8 ? n : std::max<int64_t>(8, (n + 7) / 8 * 8);
  };
  int64_t staticL = qType.getDimSize(2), staticS = kType.getDimSize(2);
  if (!ShapedType::isDynamic(staticL))
    tq = std::min(tq, staticL > 0 && staticL < 8 ? staticL : alignTo8(staticL));
  if (!ShapedType::isDynamic(staticS))
    ts = std::min(ts, alignTo8(staticS));
  // A static sequence that is no multiple of its tile, in tiles of equal
  // size: the last tile is a window that overlaps the one before it, whose
  // rows it computes again (queries) or masks (keys). S = 197 in tiles of
  // 64 computes 256 keys per row, in 4 tiles of 50 only 200
  // (docs/perf/flash-cpu-notes.md).
  if (!ShapedType::isDynamic(staticS) && staticS > ts && staticS % ts != 0)
    ts = equalTileSize(staticS, ceilDiv(staticS, ts), 1);
  // Query tiles (query-tile=0, a few tiles per head): the tile count with
  // the fewest rows computed in all, each tile still a whole number of
  // steps and at most twice the target (L = 197: two tiles of 112 rather
  // than four of 64), and at least 16 tiles in the parallel loop (B, the
  // key/value heads and the query tiles; a dynamic B counts as 1) so that
  // the threads still share the work.
  int64_t staticB = qType.getDimSize(0);
  int64_t parallelHeads = hkv * (ShapedType::isDynamic(staticB) ? 1 : staticB);
  if (autoQueryTile && !ShapedType::isDynamic(staticL) && staticL > tq &&
      staticL % tq != 0 && (group * tq) % 16 == 0) {
    int64_t tiles = ceilDiv(staticL, tq);
    if (tiles <= 8) {
      int64_t best = tq, bestRows = tiles * tq;
      for (int64_t n = 1; n <= tiles; ++n) {
        int64_t cand = equalTileSize(staticL, n, step);
        if (group * cand <= 2 * total && n * cand < bestRows &&
            (parallelHeads * n >= 16 || n == tiles)) {
          best = cand;
          bestRows = n * cand;
        }
      }
      tq = best;
    }
  }
}

AttentionTiler::KeyValueSplit
AttentionTiler::pickKeyValueSplits(int64_t hkv, OpFoldResult queryTiles) {
  if (keyValueSplits == 1)
    return {};
  if (keyValueSplits > 1)
    return {keyValueSplits, 0};
  // Automatic: where the parallel loop has fewer than kParallelTiles
  // iterations (B x Hkv x query tiles, static; a dynamic B counts as 1),
  // enough shares to make that many, each at least kMinShareKeys keys
  // (docs/perf/flash-cpu-notes.md): for a static S at most S /
  // kMinShareKeys shares; for a dynamic S the same bound, taken at run
  // time.
  std::optional<int64_t> tiles = getConstantIntValue(queryTiles);
  if (!tiles)
    return {};
  int64_t batch = op.getQuery().getType().getDimSize(0);
  int64_t iterations = 0;
  if (llvm::MulOverflow(ShapedType::isDynamic(batch) ? 1 : batch, hkv,
                        iterations) ||
      llvm::MulOverflow(iterations, *tiles, iterations) || iterations <= 0 ||
      iterations >= kParallelTiles)
    return {};
  int64_t shares = ceilDiv(kParallelTiles, iterations);
  int64_t s = op.getKey().getType().getDimSize(2);
  if (ShapedType::isDynamic(s))
    return {shares, ceilDiv(kMinShareKeys, ts)};
  return {std::max<int64_t>(1, std::min(shares, s / kMinShareKeys)), 0};
}

bool AttentionTiler::widensKeyValueOnce() {
  auto kType = op.getKey().getType();
  if (kType.getElementType().isF32())
    return false;
  int64_t l = op.getQuery().getType().getDimSize(2);
  int64_t s = kType.getDimSize(2);
  if (ShapedType::isDynamic(l) || ShapedType::isDynamic(s) || s == 0)
    return false;
  return wideHeadFits(s) && ceilDiv(l, tq) >= kWidenOnceQueryTiles;
}

bool AttentionTiler::wideHeadFits(int64_t s) const {
  int64_t f32Bytes = 0;
  return !llvm::MulOverflow(s, (e + ev) * 4, f32Bytes) &&
         (wideTileKeyValueBytes == 0 || f32Bytes < wideTileKeyValueBytes);
}

Value AttentionTiler::widenHeads(Value src) {
  auto type = cast<RankedTensorType>(src.getType());
  int64_t heads = type.getDimSize(1), s = type.getDimSize(2),
          d = type.getDimSize(3);
  int64_t rowsPer = s;
  if (s > kWidenRowsMax) {
    for (int64_t c = kWidenRowsMax; c >= kWidenRowsMin; --c)
      if (s % c == 0) {
        rowsPer = c;
        break;
      }
  }
  OpFoldResult batch = tensor::getMixedSize(b, loc, src, 0);
  Value dest = tensor::EmptyOp::create(
      b, loc,
      ArrayRef<OpFoldResult>{batch, b.getIndexAttr(heads), b.getIndexAttr(s),
                             b.getIndexAttr(d)},
      f32);
  auto forall = scf::ForallOp::create(
      b, loc,
      ArrayRef<OpFoldResult>{batch, b.getIndexAttr(heads),
                             b.getIndexAttr(s / rowsPer)},
      ValueRange{dest}, std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(forall.getBody()->getTerminator());
  Block *body = forall.getBody();
  Value r0 = mulIdx(body->getArgument(2), idx(rowsPer));
  SmallVector<OpFoldResult> offsets = {body->getArgument(0),
                                       body->getArgument(1), r0,
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes =
      getAsIndexOpFoldResult(b.getContext(), {1, 1, rowsPer, d});
  SmallVector<OpFoldResult> strides =
      getAsIndexOpFoldResult(b.getContext(), {1, 1, 1, 1});
  Value rows = tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({rowsPer, d}, type.getElementType()), src,
      offsets, sizes, strides);
  Value slot = tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({rowsPer, d}, f32), body->getArgument(3),
      offsets, sizes, strides);
  Value wide = copyIntoTile(b, loc, rows, slot);
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(b, loc, wide, body->getArgument(3),
                                        offsets, sizes, strides);
  return forall.getResult(0);
}

bool AttentionTiler::mayWidenKeyValueAtRunTime() {
  auto kType = op.getKey().getType();
  if (kType.getElementType().isF32())
    return false;
  int64_t l = op.getQuery().getType().getDimSize(2);
  int64_t s = kType.getDimSize(2);
  if (!ShapedType::isDynamic(l) && !ShapedType::isDynamic(s))
    return false;
  if (!ShapedType::isDynamic(l) && ceilDiv(l, tq) < kWidenOnceQueryTiles)
    return false;
  // One head's f32 keys and values under wideTileKeyValueBytes, at the
  // static S or at the least S the run-time choice accepts.
  int64_t leastS = ShapedType::isDynamic(s) ? kWidenRowsAtRunTime : s;
  return leastS >= kWidenRowsAtRunTime && wideHeadFits(leastS);
}

Value AttentionTiler::widensKeyValueAtRunTime(Value queryTiles) {
  auto cmp = [&](arith::CmpIPredicate pred, Value x, Value y) -> Value {
    return arith::CmpIOp::create(b, loc, pred, x, y);
  };
  Value cond = cmp(arith::CmpIPredicate::uge, queryTiles,
                   idx(kWidenOnceQueryTiles));
  cond = arith::AndIOp::create(
      b, loc, cond, cmp(arith::CmpIPredicate::uge, seqS,
                        idx(kWidenRowsAtRunTime)));
  // S x (E + Ev) x 4 < wideTileKeyValueBytes, as S < ceil(bytes / row).
  if (wideTileKeyValueBytes > 0) {
    int64_t rowBytes = (e + ev) * 4;
    cond = arith::AndIOp::create(
        b, loc, cond,
        cmp(arith::CmpIPredicate::ult, seqS,
            idx(ceilDiv(wideTileKeyValueBytes, rowBytes))));
  }
  return cond;
}

Value AttentionTiler::widenHeadsAtRunTime(Value src) {
  auto type = cast<RankedTensorType>(src.getType());
  int64_t heads = type.getDimSize(1), d = type.getDimSize(3);
  OpFoldResult batch = tensor::getMixedSize(b, loc, src, 0);
  OpFoldResult seq = tensor::getMixedSize(b, loc, src, 2);
  Value dest = tensor::EmptyOp::create(
      b, loc,
      ArrayRef<OpFoldResult>{batch, b.getIndexAttr(heads), seq,
                             b.getIndexAttr(d)},
      f32);
  auto forall = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{batch, b.getIndexAttr(heads)},
      ValueRange{dest}, std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(forall.getBody()->getTerminator());
  Block *body = forall.getBody();
  Value bi = body->getArgument(0), hi = body->getArgument(1);
  SmallVector<OpFoldResult> ones =
      getAsIndexOpFoldResult(b.getContext(), {1, 1, 1, 1});
  SmallVector<OpFoldResult> headOffsets = {bi, hi, b.getIndexAttr(0),
                                           b.getIndexAttr(0)};
  SmallVector<OpFoldResult> headSizes = {b.getIndexAttr(1), b.getIndexAttr(1),
                                         seq, b.getIndexAttr(d)};
  auto headType = RankedTensorType::get({type.getDimSize(2), d}, f32);
  Value head = tensor::ExtractSliceOp::create(
      b, loc, headType, body->getArgument(2), headOffsets, headSizes, ones);
  // Blocks of R rows from 0 on; the last starts at S - R.
  Value seqLen = getValueOrCreateConstantIndexOp(b, loc, seq);
  Value lastStart = subIdx(seqLen, idx(kWidenRowsAtRunTime));
  Value blocks =
      arith::CeilDivUIOp::create(b, loc, seqLen, idx(kWidenRowsAtRunTime));
  auto loop = scf::ForOp::create(b, loc, idx(0), blocks, idx(1),
                                 ValueRange{head});
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(loop.getBody());
    Value start =
        minIdx(mulIdx(loop.getInductionVar(), idx(kWidenRowsAtRunTime)),
               lastStart);
    Value rows = tensor::ExtractSliceOp::create(
        b, loc,
        RankedTensorType::get({kWidenRowsAtRunTime, d}, type.getElementType()),
        src, ArrayRef<OpFoldResult>{bi, hi, start, b.getIndexAttr(0)},
        getAsIndexOpFoldResult(b.getContext(),
                               {1, 1, kWidenRowsAtRunTime, d}),
        ones);
    SmallVector<OpFoldResult> blockOffsets = {start, b.getIndexAttr(0)};
    SmallVector<OpFoldResult> blockSizes =
        getAsIndexOpFoldResult(b.getContext(), {kWidenRowsAtRunTime, d});
    SmallVector<OpFoldResult> unit =
        getAsIndexOpFoldResult(b.getContext(), {1, 1});
    Value acc = loop.getRegionIterArg(0);
    Value slot = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get({kWidenRowsAtRunTime, d}, f32), acc,
        blockOffsets, blockSizes, unit);
    Value wide = copyIntoTile(b, loc, rows, slot);
    scf::YieldOp::create(
        b, loc,
        tensor::InsertSliceOp::create(b, loc, wide, acc, blockOffsets,
                                      blockSizes, unit)
            .getResult());
  }
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(b, loc, loop.getResult(0),
                                        body->getArgument(2), headOffsets,
                                        headSizes, ones);
  return forall.getResult(0);
}

FailureOr<Value> AttentionTiler::run() {
  RankedTensorType qType = op.getQuery().getType();
  if (failed(op.requireStaticHeadCounts("--mha-tile-attention")))
    return failure();
  if (tq < 0 || ts <= 0)
    return op.emitOpError() << "tile sizes must be > 0 (query tile 0 = auto), "
                               "got query tile "
                            << tq << " and key/value tile " << ts;

  Value query = op.getQuery(), key = op.getKey(), value = op.getValue();
  Type et = qType.getElementType();
  int64_t hq = qType.getDimSize(1);
  int64_t hkv = op.getStaticKvHeads();
  group = hq / hkv;
  e = qType.getDimSize(3);
  ev = op.getValue().getType().getDimSize(3);
  // No query heads (Hq = 0): the result is empty and there is nothing to
  // tile (the group size below would be 0).
  if (group == 0) {
    SmallVector<OpFoldResult> sizes = {
        tensor::getMixedSize(b, loc, op.getQuery(), 0), b.getIndexAttr(0),
        tensor::getMixedSize(b, loc, op.getQuery(), 2), b.getIndexAttr(ev)};
    Value empty = tensor::EmptyOp::create(b, loc, sizes, et);
    if (empty.getType() != op.getType())
      empty = tensor::CastOp::create(b, loc, op.getType(), empty);
    return empty;
  }
  pickTileSizes(hkv);
  // The tiles are static tensors of R = G * TQ rows by E, Ev or TS columns;
  // absurd head counts, head dims or tile options would overflow their
  // sizes (and could never run).
  int64_t widest = std::max({e, ev, ts}), tileElements = 0;
  if (llvm::MulOverflow(group, tq, rows) ||
      llvm::MulOverflow(rows, widest, tileElements) ||
      tileElements > kMaxTileElements)
    return op.emitOpError()
           << "needs tiles of G * TQ = " << group << " * " << tq
           << " rows by up to " << widest << " columns, more than the "
           << kMaxTileElements
           << " elements --mha-tile-attention supports; use smaller "
              "query-tile/kv-tile options or the unfused lowering "
              "(--mha-lower-attention-to-linalg, --mha-cpu-pipeline=\"flash=false\")";

  bool widenedOnce = widensKeyValueOnce();
  if (widenedOnce) {
    key = widenHeads(key);
    value = widenHeads(value);
  }
  bool widenAtRunTime = !widenedOnce && mayWidenKeyValueAtRunTime();

  OpFoldResult batchSize = tensor::getMixedSize(b, loc, query, 0);
  OpFoldResult seqLSize = tensor::getMixedSize(b, loc, query, 2);
  Value batch = getValueOrCreateConstantIndexOp(b, loc, batchSize);
  seqL = getValueOrCreateConstantIndexOp(b, loc, seqLSize);
  seqS = getValueOrCreateConstantIndexOp(b, loc,
                                         tensor::getMixedSize(b, loc, key, 2));
  if (op.getCausal() == CausalMode::bottom_right)
    diagOffset = subIdx(seqS, seqL);

  // The query and the result in the grouped view [B, Hkv, G, L, D].
  auto grouped = [&](Value v, int64_t d) -> Value {
    SmallVector<int64_t> shape = {qType.getDimSize(0), hkv, group,
                                  qType.getDimSize(2), d};
    SmallVector<OpFoldResult> sizes = {batchSize, b.getIndexAttr(hkv),
                                       b.getIndexAttr(group), seqLSize,
                                       b.getIndexAttr(d)};
    return tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get(shape, et), v, {{0}, {1, 2}, {3}, {4}},
        sizes);
  };
  Value q5 = grouped(query, e);
  SmallVector<OpFoldResult> outSizes = {batchSize, b.getIndexAttr(hkv),
                                        b.getIndexAttr(group), seqLSize,
                                        b.getIndexAttr(ev)};
  Value out5Init = tensor::EmptyOp::create(b, loc, outSizes, et);

  double scale = op.getEffectiveScale();
  if (auto softcap = op.getSoftcap())
    scale /= softcap->convertToDouble();
  std::optional<ArrayRef<int64_t>> window;
  if (auto w = op.getWindowAttr())
    window = w.asArrayRef();
  bool alwaysMasked = op.getMask() || op.getBias();
  CausalMode causal = op.getCausal();

  // The parallel loop over (b, key/value head, query tile) for `numTiles`
  // tiles of `tileRows` rows per head from row `firstRow` on (null: 0), into
  // `outInit`; `wholeQueryTiles`: every tile lies within L. Sets tq and
  // rows, which the tiles' shapes and postprocessScores read, to this
  // loop's tiles. With `splits` > 1 (flash-decoding), the loop runs over
  // the shares of each tile's key range too, each into partial results
  // (its running max, sum and unnormalized O^T), and a second parallel
  // loop over the tiles combines them.
  auto queryLoop = [&](int64_t tileRows, Value firstRow, Value numTiles,
                       bool wholeQueryTiles, Value outInit,
                       KeyValueSplit kvSplit) -> Value {
    tq = tileRows;
    rows = group * tq;
    int64_t splits = kvSplit.shares;
    bool split = splits > 1;
    // First row of query tile `qTile` and its valid rows: all of them where
    // whole tiles cover L.
    auto tileRowsAt = [&](Value qTile) -> std::pair<Value, Value> {
      Value l0 = mulIdx(qTile, idx(tq));
      if (firstRow)
        l0 = addIdx(firstRow, l0);
      Value lr = wholeQueryTiles ? idx(tq) : minIdx(idx(tq), subIdx(seqL, l0));
      return {l0, lr};
    };
    // O = (O^T)^T / l (zero where nothing was allowed), rounded once and
    // written straight into the result: the valid rows [qOff, qOff + lr) of
    // each head of the tile. O^T is scaled by 1/l in its own layout (1/l is a
    // row vector of it, one division per query row), so that what goes
    // through the transpose is a plain copy.
    auto writeOutput = [&](scf::ForallOp loopOp, Value outArg, Value bi,
                           Value hi, Value l0, Value lr, Value qOff,
                           Value lFinal, Value accFinal) {
      Value zero = fconst(b, 0.0), oneF = fconst(b, 1.0);
      Value invL = generic(
          tile({rows}), ValueRange{lFinal},
          tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{rows}, f32),
          {map(1, {0}), map(1, {0})}, {kPar},
          [&](OpBuilder &nb, Location l, ValueRange a) {
            Value none = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ,
                                               a[0], zero);
            Value inv = arith::DivFOp::create(nb, l, oneF, a[0]);
            linalg::YieldOp::create(
                nb, l,
                arith::SelectOp::create(nb, l, none, zero, inv).getResult());
          });
      Value scaled = generic(
          tile({ev, rows}), invL, accFinal, {map(2, {1}), map(2, {0, 1})},
          {kPar, kPar}, [&](OpBuilder &nb, Location l, ValueRange a) {
            linalg::YieldOp::create(
                nb, l, arith::MulFOp::create(nb, l, a[1], a[0]).getResult());
          });
      Value acc3 = tensor::ExpandShapeOp::create(b, loc, tile({ev, group, tq}),
                                                 scaled, {{0}, {1, 2}});
      OpFoldResult one = b.getIndexAttr(1), zeroIdx = b.getIndexAttr(0);
      SmallVector<OpFoldResult> outOffsets = {bi, hi, zeroIdx, l0, zeroIdx};
      SmallVector<OpFoldResult> outSizes = {one, one, b.getIndexAttr(group), lr,
                                            b.getIndexAttr(ev)};
      SmallVector<OpFoldResult> outStrides(5, one);
      auto outTileType =
          RankedTensorType::get({group, ShapedType::kDynamic, ev}, et);
      Value outTile = tensor::ExtractSliceOp::create(
          b, loc, outTileType, outArg, outOffsets, outSizes, outStrides);
      // One 2-D transposing copy per head of the group, [Ev, lr] -> [lr, Ev]:
      // square blocks of it become register transposes (a unit head dim in
      // the copy would make the vectorized read a projected permutation,
      // which is lowered element by element).
      auto rowsType = RankedTensorType::get({ShapedType::kDynamic, ev}, et);
      for (int64_t g = 0; g < group; ++g) {
        Value accHead = tensor::ExtractSliceOp::create(
            b, loc, tile({ev, ShapedType::kDynamic}), acc3,
            SmallVector<OpFoldResult>{zeroIdx, b.getIndexAttr(g), qOff},
            SmallVector<OpFoldResult>{b.getIndexAttr(ev), one, lr},
            SmallVector<OpFoldResult>(3, one));
        SmallVector<OpFoldResult> headOffsets = {b.getIndexAttr(g), zeroIdx,
                                                 zeroIdx};
        SmallVector<OpFoldResult> headSizes = {one, lr, b.getIndexAttr(ev)};
        SmallVector<OpFoldResult> headStrides(3, one);
        Value outHead = tensor::ExtractSliceOp::create(
            b, loc, rowsType, outTile, headOffsets, headSizes, headStrides);
        Value rowsOut = generic(rowsType, ValueRange{accHead}, outHead,
                                {map(2, {1, 0}), map(2, {0, 1})}, {kPar, kPar},
                                [&](OpBuilder &nb, Location l, ValueRange a) {
                                  Value r = a[0];
                                  if (et != f32)
                                    r = arith::TruncFOp::create(nb, l, et, r);
                                  linalg::YieldOp::create(nb, l, r);
                                });
        outTile = tensor::InsertSliceOp::create(
            b, loc, rowsOut, outTile, headOffsets, headSizes, headStrides);
      }
      b.setInsertionPointToStart(loopOp.getTerminator().getBody());
      tensor::ParallelInsertSliceOp::create(b, loc, outTile, outArg, outOffsets,
                                            outSizes, outStrides);
    };
    // (Static with shares, for the partial results' shapes.)
    OpFoldResult tiles =
        split ? getAsOpFoldResult(numTiles) : OpFoldResult(numTiles);
    SmallVector<OpFoldResult> ubs = {batch, b.getIndexAttr(hkv), tiles};
    SmallVector<Value> outs = {outInit};
    // The partial results of the shares: [B, Hkv, tiles, shares, R] (max,
    // sum) and [B, Hkv, tiles, shares, Ev, R] (O^T).
    SmallVector<OpFoldResult> partLead = {batchSize, b.getIndexAttr(hkv), tiles,
                                          b.getIndexAttr(splits)};
    // Their window at [b, h, tile, share] (a null `share`: all shares),
    // whole in the `tail` dims.
    auto partWindow = [&](Value bI, Value hI, Value tI, Value share,
                          ArrayRef<int64_t> tail) {
      OpFoldResult one = b.getIndexAttr(1), zeroIdx = b.getIndexAttr(0);
      SmallVector<OpFoldResult> offsets = {
          bI, hI, tI, share ? OpFoldResult(share) : zeroIdx};
      SmallVector<OpFoldResult> sizes = {one, one, one,
                                         share ? one : b.getIndexAttr(splits)};
      for (int64_t d : tail) {
        offsets.push_back(zeroIdx);
        sizes.push_back(b.getIndexAttr(d));
      }
      SmallVector<OpFoldResult> strides(offsets.size(), one);
      return std::make_tuple(offsets, sizes, strides);
    };
    // The shares used: all of them, or with a minimum length, as many as
    // S has for (at least one).
    Value active;
    if (split) {
      active = idx(splits);
      if (kvSplit.minSteps > 0) {
        Value steps = arith::CeilDivUIOp::create(b, loc, seqS, idx(ts));
        active = minIdx(
            active,
            maxIdx(arith::DivUIOp::create(b, loc, steps, idx(kvSplit.minSteps)),
                   idx(1)));
      }
      ubs.push_back(kvSplit.minSteps > 0 ? OpFoldResult(active)
                                         : b.getIndexAttr(splits));
      auto part = [&](ArrayRef<int64_t> tail) -> Value {
        SmallVector<OpFoldResult> sizes(partLead);
        for (int64_t d : tail)
          sizes.push_back(b.getIndexAttr(d));
        return tensor::EmptyOp::create(b, loc, sizes, f32);
      };
      outs = {part({rows}), part({rows}), part({ev, rows})};
    }
    auto forall = scf::ForallOp::create(b, loc, ubs, outs, std::nullopt);
    Block *body = forall.getBody();
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(body->getTerminator());
    Value bi = body->getArgument(0), hi = body->getArgument(1);
    Value qTile = body->getArgument(2);
    Value share = split ? body->getArgument(3) : Value();
    Value l0, lr;
    std::tie(l0, lr) = tileRowsAt(qTile);

    // Q tile: the window of TQ rows of each of the G heads containing the
    // valid rows [l0, l0 + lr) (at offset qOff in it) -> [R, E] -> Q^T [E, R]
    // in f32, prescaled.
    Value qTileE, qStart;
    std::tie(qTileE, qStart) = loadRows(q5, {bi, hi}, l0, tq, wholeQueryTiles);
    Value qOff = subIdx(l0, qStart);
    Value qt;
    {
      Value flat =
          tensor::CollapseShapeOp::create(b, loc, qTileE, {{0, 1}, {2}});
      Value init =
          tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{e, rows}, f32);
      qt = generic(
          tile({e, rows}), flat, init, {map(2, {1, 0}), map(2, {0, 1})},
          {kPar, kPar}, [&](OpBuilder &nb, Location l, ValueRange a) {
            Value v = a[0];
            if (v.getType() != f32)
              v = arith::ExtFOp::create(nb, l, f32, v);
            linalg::YieldOp::create(
                nb, l,
                arith::MulFOp::create(nb, l, v, fconst(nb, scale)).getResult());
          });
    }

    // The key range this tile can attend to; whole tiles outside the causal or
    // window band are never visited.
    Value lastRow = subIdx(addIdx(l0, lr), idx(1));
    Value dFirst = diagOffset ? addIdx(l0, diagOffset) : l0;
    Value dLast = diagOffset ? addIdx(lastRow, diagOffset) : lastRow;
    Value jBegin = idx(0), jEnd = seqS;
    if (causal != CausalMode::none)
      jEnd = minIdx(jEnd, addIdx(dLast, idx(1)));
    if (window) {
      jBegin = maxIdx(jBegin, subIdx(dFirst, idx((*window)[0])));
      jEnd = minIdx(jEnd, addIdx(dLast, idx((*window)[1] + 1)));
    }
    // This iteration's share of the key range: whole TS-row steps from
    // jBegin on, so that no step of one share reaches into the next (only
    // the last share's last step may pass jEnd, as without shares). A
    // share with no keys leaves max -inf, sum 0 and O^T 0.
    if (split) {
      Value span = maxIdx(subIdx(jEnd, jBegin), idx(0));
      Value steps = arith::CeilDivUIOp::create(b, loc, span, idx(ts));
      Value perShare =
          mulIdx(arith::CeilDivUIOp::create(b, loc, steps, active), idx(ts));
      jBegin = minIdx(addIdx(jBegin, mulIdx(share, perShare)), jEnd);
      jEnd = minIdx(addIdx(jBegin, perShare), jEnd);
    }

    // Key/value tiles start at multiples of TS unless a window moves the
    // loop's start.
    bool wholeKeyTiles =
        !window && dividesStatic(op.getKey().getType().getShape()[2], ts);
    Value m0 = filled({rows}, -std::numeric_limits<double>::infinity());
    Value sum0 = filled({rows}, 0.0);
    Value acc0 = filled({ev, rows}, 0.0);
    // One online-softmax step over the key/value tile of `step` rows at j0;
    // `inRange`: the caller knows that the tile lies within S.
    auto softmaxStep = [&](int64_t step, bool inRange, Value j0,
                           ValueRange iterArgs) {
      Value mOld = iterArgs[0], lOld = iterArgs[1], accOld = iterArgs[2];
      bool whole = wholeKeyTiles || inRange;
      Value kTileE, kStart;
      std::tie(kTileE, kStart) = loadRows(key, {bi, hi}, j0, step, whole);
      Value vTileE = loadRows(value, {bi, hi}, j0, step, whole).first;
      Value kt = widen(kTileE), vt = widen(vTileE);

      // S^T = K . Q^T  [TS, R]
      Value s = generic(tile({step, rows}), ValueRange{kt, qt},
                        filled({step, rows}, 0.0),
                        {map(3, {0, 2}), map(3, {2, 1}), map(3, {0, 1})},
                        {kPar, kPar, kRed}, mulAddBody);

      // Only tiles that cross an edge of the allowed set are masked.
      Value jLast = addIdx(j0, idx(step - 1));
      Value inside =
          inRange ? arith::ConstantIntOp::create(b, loc, 1, 1).getResult()
                  : arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle,
                                          addIdx(j0, idx(step)), seqS)
                        .getResult();
      auto both = [&](Value c) {
        inside = arith::AndIOp::create(b, loc, inside, c);
      };
      if (causal != CausalMode::none)
        both(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, jLast,
                                   dFirst));
      if (window) {
        both(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, j0,
                                   subIdx(dLast, idx((*window)[0]))));
        both(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, jLast,
                                   addIdx(dFirst, idx((*window)[1]))));
      }
      // The window lies within L x S: whole tiles, or sequences at least a
      // tile long, where loadRows moves a last partial window back.
      auto atLeast = [](int64_t n, int64_t count) {
        return !ShapedType::isDynamic(n) && n >= count;
      };
      bool windowFits =
          (wholeQueryTiles ||
           atLeast(op.getQuery().getType().getDimSize(2), tq)) &&
          (whole || atLeast(op.getKey().getType().getDimSize(2), step));
      if (alwaysMasked) {
        s = postprocessScores(s, /*masked=*/true, bi, hi, qStart, kStart, j0,
                              windowFits);
      } else {
        auto ifOp = scf::IfOp::create(b, loc, TypeRange{s.getType()}, inside,
                                      /*withElseRegion=*/true);
        {
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(ifOp.thenBlock());
          Value t = op.getSoftcap()
                        ? postprocessScores(s, false, bi, hi, qStart, kStart,
                                            j0, windowFits)
                        : s;
          scf::YieldOp::create(b, loc, t);
          b.setInsertionPointToStart(ifOp.elseBlock());
          scf::YieldOp::create(b, loc,
                               postprocessScores(s, true, bi, hi, qStart,
                                                 kStart, j0, windowFits));
        }
        s = ifOp.getResult(0);
      }

      // rowmax(S), over the rows j of S^T, with arith.maxnumf: three
      // instructions per vector on x86 where arith.maximumf's NaN
      // propagation costs six. A NaN score never becomes the max, but it
      // still makes its row NaN: its weight exp(NaN - m) is NaN, and so
      // are l and the row's output. The row max goes into a tile of its
      // own, and m_old is replaced by m_new = max(m_old, rowmax) only
      // after its last read (alpha below): the running max is then
      // updated in place, not copied into a fresh buffer every step.
      Value negInf = fconst(b, -std::numeric_limits<double>::infinity());
      Value rowMax = generic(
          tile({rows}), s,
          filled({rows}, -std::numeric_limits<double>::infinity()),
          {map(2, {0, 1}), map(2, {1})}, {kRed, kPar},
          [&](OpBuilder &nb, Location l, ValueRange a) {
            linalg::YieldOp::create(
                nb, l, arith::MaxNumFOp::create(nb, l, a[0], a[1]).getResult());
          });
      Value zero = fconst(b, 0.0);
      // -m_new log2(e), the max to subtract in powers of two: m_new taken
      // as 0 for a row whose max is -inf (nothing allowed yet), whose
      // scores are then all -inf, so that (S - m) log2(e) is -inf (weight
      // 0) rather than -inf - -inf = NaN.
      Value log2e = fconst(b, kLog2E);
      Value negMaxLog2 = generic(
          tile({rows}), ValueRange{mOld, rowMax},
          tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{rows}, f32),
          {map(1, {0}), map(1, {0}), map(1, {0})}, {kPar},
          [&](OpBuilder &nb, Location l, ValueRange a) {
            linalg::YieldOp::create(
                nb, l,
                negMaxLog2E(nb, l, arith::MaxNumFOp::create(nb, l, a[0], a[1]),
                            negInf, zero, log2e));
          });
      // P = exp(S - m_new) = 2^(S log2(e) - m_new log2(e)), one FMA.
      Value p = generic(
          tile({step, rows}), negMaxLog2, s, {map(2, {1}), map(2, {0, 1})},
          {kPar, kPar}, [&](OpBuilder &nb, Location l, ValueRange a) {
            linalg::YieldOp::create(
                nb, l,
                softmaxExp2(nb, l,
                            math::FmaOp::create(nb, l, a[1], log2e, a[0])));
          });
      // alpha = exp(m_old - m_new): 0 while m_old is -inf. m_old log2(e)
      // is rounded exactly as the previous step rounded it for its P.
      Value alpha = generic(
          tile({rows}), ValueRange{mOld, negMaxLog2},
          tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{rows}, f32),
          {map(1, {0}), map(1, {0}), map(1, {0})}, {kPar},
          [&](OpBuilder &nb, Location l, ValueRange a) {
            Value old = arith::MulFOp::create(nb, l, a[0], log2e);
            linalg::YieldOp::create(
                nb, l,
                softmaxExp2(nb, l, arith::AddFOp::create(nb, l, old, a[1])));
          });
      // m_new = max(m_old, rowmax), in m_old's place: alpha was its last
      // reader.
      Value mNew = generic(
          tile({rows}), rowMax, mOld, {map(1, {0}), map(1, {0})}, {kPar},
          [&](OpBuilder &nb, Location l, ValueRange a) {
            linalg::YieldOp::create(
                nb, l, arith::MaxNumFOp::create(nb, l, a[1], a[0]).getResult());
          });
      // l_new = alpha * l_old + rowsum(P).
      Value lScaled = generic(
          tile({rows}), alpha, lOld, {map(1, {0}), map(1, {0})}, {kPar},
          [&](OpBuilder &nb, Location l, ValueRange a) {
            linalg::YieldOp::create(
                nb, l, arith::MulFOp::create(nb, l, a[0], a[1]).getResult());
          });
      Value lNew = generic(
          tile({rows}), p, lScaled, {map(2, {0, 1}), map(2, {1})}, {kRed, kPar},
          [&](OpBuilder &nb, Location l, ValueRange a) {
            linalg::YieldOp::create(
                nb, l, arith::AddFOp::create(nb, l, a[0], a[1]).getResult());
          });
      // O^T_new = alpha * O^T_old + V^T . P^T  [Ev, R].
      Value accScaled = generic(
          tile({ev, rows}), alpha, accOld, {map(2, {1}), map(2, {0, 1})},
          {kPar, kPar}, [&](OpBuilder &nb, Location l, ValueRange a) {
            linalg::YieldOp::create(
                nb, l, arith::MulFOp::create(nb, l, a[0], a[1]).getResult());
          });
      Value accNew = generic(tile({ev, rows}), ValueRange{vt, p}, accScaled,
                             {map(3, {2, 0}), map(3, {2, 1}), map(3, {0, 1})},
                             {kPar, kPar, kRed}, mulAddBody);
      return SmallVector<Value>{mNew, lNew, accNew};
    };
    auto stepLoop = [&](Value lb, Value ub, int64_t step, bool inRange,
                        ValueRange init) {
      return scf::ForOp::create(
          b, loc, lb, ub, idx(step), init,
          [&](OpBuilder &, Location, Value j0, ValueRange iterArgs) {
            scf::YieldOp::create(b, loc,
                                 softmaxStep(step, inRange, j0, iterArgs));
          });
    };
    // A dynamic S: whole TS-row tiles, then what is left in tiles of
    // `remainderTile` rows (the last one a window moved back over rows it
    // masks), instead of one TS-row window that computes up to TS - 1 keys
    // again (docs/perf/flash-cpu-notes.md). The whole tiles lie within S:
    // they are views without a bounds check, and only the band's edges
    // mask them. A static S has equal tiles.
    int64_t tr = remainderTile;
    bool remainderLoop =
        tr > 0 && tr < ts &&
        ShapedType::isDynamic(op.getKey().getType().getDimSize(2));
    Value jMainEnd = jEnd;
    if (remainderLoop) {
      Value span = maxIdx(subIdx(jEnd, jBegin), idx(0));
      Value whole = arith::DivUIOp::create(b, loc, span, idx(ts));
      jMainEnd = addIdx(jBegin, mulIdx(whole, idx(ts)));
    }
    scf::ForOp loop = stepLoop(jBegin, jMainEnd, ts, remainderLoop,
                               ValueRange{m0, sum0, acc0});
    if (remainderLoop)
      loop = stepLoop(jMainEnd, jEnd, tr, /*inRange=*/false, loop.getResults());

    Value mFinal = loop.getResult(0), lFinal = loop.getResult(1),
          accFinal = loop.getResult(2);
    if (!split) {
      writeOutput(forall, body->getArgument(3), bi, hi, l0, lr, qOff, lFinal,
                  accFinal);
      return forall.getResult(0);
    }

    // The share's partial results, at [b, h, tile, share].
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(forall.getTerminator().getBody());
      auto insertPart = [&](Value v, Value dest, ArrayRef<int64_t> tail) {
        auto [offsets, sizes, strides] = partWindow(bi, hi, qTile, share, tail);
        tensor::ParallelInsertSliceOp::create(b, loc, v, dest, offsets, sizes,
                                              strides);
      };
      insertPart(mFinal, body->getArgument(4), {rows});
      insertPart(lFinal, body->getArgument(5), {rows});
      insertPart(accFinal, body->getArgument(6), {ev, rows});
    }

    // Combined per tile: m = max_p m_p, w_p = exp(m_p - m) (0 for a share
    // with nothing allowed), l = sum_p w_p l_p, O^T = sum_p w_p O^T_p; then
    // the same division and output as without shares.
    b.setInsertionPointAfter(forall);
    Value mParts = forall.getResult(0), lParts = forall.getResult(1),
          accParts = forall.getResult(2);
    auto combine = scf::ForallOp::create(
        b, loc, SmallVector<OpFoldResult>{batch, b.getIndexAttr(hkv), tiles},
        ValueRange{outInit}, std::nullopt);
    Block *cBody = combine.getBody();
    b.setInsertionPoint(cBody->getTerminator());
    Value cb = cBody->getArgument(0), ch = cBody->getArgument(1);
    Value cTile = cBody->getArgument(2);
    Value cl0, clr;
    std::tie(cl0, clr) = tileRowsAt(cTile);
    // The Q tile's window started where loadRows put it.
    Value cqStart =
        wholeQueryTiles ? cl0 : windowFirstRow(b, loc, seqL, cl0, tq);
    // Share p's partial result, whole in the `tail` dims.
    auto readPart = [&](Value parts, Value p, ArrayRef<int64_t> tail) -> Value {
      auto [offsets, sizes, strides] = partWindow(cb, ch, cTile, p, tail);
      return tensor::ExtractSliceOp::create(b, loc, tile(tail), parts, offsets,
                                            sizes, strides);
    };
    // for p in [0, active): body(p, iterArgs) -> the new iterArgs.
    auto overShares =
        [&](ValueRange init,
            function_ref<SmallVector<Value>(Value, ValueRange)> body) {
          return scf::ForOp::create(
                     b, loc, idx(0), active, idx(1), init,
                     [&](OpBuilder &, Location, Value p, ValueRange iterArgs) {
                       scf::YieldOp::create(b, loc, body(p, iterArgs));
                     })
              .getResults();
        };
    Value negInf = fconst(b, -std::numeric_limits<double>::infinity());
    Value zero = fconst(b, 0.0), log2e = fconst(b, kLog2E);
    AffineMap id1 = map(1, {0}), id2 = map(2, {0, 1}), row2 = map(2, {1});
    Value mMax = overShares(
        filled({rows}, -std::numeric_limits<double>::infinity()),
        [&](Value p, ValueRange it) -> SmallVector<Value> {
          return {generic(
              tile({rows}), readPart(mParts, p, {rows}), it[0], {id1, id1},
              {kPar}, [&](OpBuilder &nb, Location l, ValueRange a) {
                linalg::YieldOp::create(
                    nb, l,
                    arith::MaxNumFOp::create(nb, l, a[0], a[1]).getResult());
              })};
        })[0];
    // -m log2(e), with m taken as 0 where every share's max is -inf.
    Value negMaxLog2 = generic(
        tile({rows}), mMax,
        tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{rows}, f32),
        {id1, id1}, {kPar}, [&](OpBuilder &nb, Location l, ValueRange a) {
          linalg::YieldOp::create(
              nb, l, negMaxLog2E(nb, l, a[0], negInf, zero, log2e));
        });
    // w_p = 2^(m_p log2(e) - m log2(e)), as the steps' alpha is computed;
    // l += w_p l_p and O^T += w_p O^T_p.
    ValueRange sums = overShares(
        {filled({rows}, 0.0), filled({ev, rows}, 0.0)},
        [&](Value p, ValueRange it) -> SmallVector<Value> {
          Value w = generic(
              tile({rows}), ValueRange{readPart(mParts, p, {rows}), negMaxLog2},
              tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{rows}, f32),
              {id1, id1, id1}, {kPar},
              [&](OpBuilder &nb, Location l, ValueRange a) {
                Value mp = arith::MulFOp::create(nb, l, a[0], log2e);
                linalg::YieldOp::create(
                    nb, l,
                    softmaxExp2(nb, l, arith::AddFOp::create(nb, l, mp, a[1])));
              });
          Value l =
              generic(tile({rows}), ValueRange{w, readPart(lParts, p, {rows})},
                      it[0], {id1, id1, id1}, {kPar}, mulAddBody);
          Value acc =
              generic(tile({ev, rows}),
                      ValueRange{w, readPart(accParts, p, {ev, rows})}, it[1],
                      {row2, id2, id2}, {kPar, kPar}, mulAddBody);
          return {l, acc};
        });
    Value lSum = sums[0], accSum = sums[1];
    writeOutput(combine, cBody->getArgument(3), cb, ch, cl0, clr,
                subIdx(cl0, cqStart), lSum, accSum);
    return combine.getResult(0);
  };
  // scf.if (cond) { thenValue() } else { elseValue() }, of out5's type
  // (every query loop's result).
  auto ifElse = [&](Value cond, function_ref<Value()> thenValue,
                    function_ref<Value()> elseValue) -> Value {
    auto ifOp = scf::IfOp::create(b, loc, TypeRange{out5Init.getType()}, cond,
                                  /*withElseRegion=*/true);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    scf::YieldOp::create(b, loc, thenValue());
    b.setInsertionPointToStart(ifOp.elseBlock());
    scf::YieldOp::create(b, loc, elseValue());
    return ifOp.getResult(0);
  };
  // The loop `build` builds over `queryTiles` tiles per key/value head,
  // where a dynamic L or S leaves widensKeyValueOnce to run time: on f32
  // copies of the keys and values made just before it where
  // widensKeyValueAtRunTime holds, on the keys and values as stored (each
  // step widening its own tiles) where not.
  auto widenedAtRunTime = [&](Value queryTiles,
                              function_ref<Value()> build) -> Value {
    if (!widenAtRunTime)
      return build();
    return ifElse(
        widensKeyValueAtRunTime(queryTiles),
        [&] {
          Value storedKey = key, storedValue = value;
          key = widenHeadsAtRunTime(storedKey);
          value = widenHeadsAtRunTime(storedValue);
          Value result = build();
          key = storedKey;
          value = storedValue;
          return result;
        },
        build);
  };
  // queryLoop, where S is long enough for two shares of the split's
  // minimum length: a dynamic S for which the automatic split may give
  // one share only is tested at run time, and a short S takes the loop
  // without shares (no partial results and no combination).
  auto splitQueryLoop = [&](int64_t tileRows, Value firstRow, Value numTiles,
                            bool wholeQueryTiles, Value outInit,
                            KeyValueSplit kvSplit) -> Value {
    if (kvSplit.shares <= 1 || kvSplit.minSteps == 0)
      return queryLoop(tileRows, firstRow, numTiles, wholeQueryTiles, outInit,
                       kvSplit);
    Value steps = arith::CeilDivUIOp::create(b, loc, seqS, idx(ts));
    Value twoShares = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                            steps, idx(2 * kvSplit.minSteps));
    return ifElse(
        twoShares,
        [&] {
          return queryLoop(tileRows, firstRow, numTiles, wholeQueryTiles,
                           outInit, kvSplit);
        },
        [&] {
          return queryLoop(tileRows, firstRow, numTiles, wholeQueryTiles,
                           outInit, KeyValueSplit());
        });
  };

  // A dynamic L: whole TQ-row tiles, then what is left in tiles of about
  // `remainderTile` rows in all (the last one a window moved back over
  // rows it computes again), instead of one more TQ-row window that
  // computes up to TQ - 1 rows again (docs/perf/flash-cpu-notes.md).
  int64_t tqr =
      remainderTile > 0 ? std::max<int64_t>(1, remainderTile / group) : 0;
  // The automatic split of a loop of one tile: for a dynamic L with a
  // dynamic tile count, a single tile or row left is given a loop of its
  // own (below), whose static count lets the automatic choice split its key
  // range into shares (flash-decoding). Explicit splits need no such loop:
  // they split a dynamic count as it is.
  KeyValueSplit singleTileSplit = pickKeyValueSplits(hkv, b.getIndexAttr(1));
  bool singleTileShares = keyValueSplits == 0 && singleTileSplit.shares > 1;
  Value out5;
  if (tqr > 0 && tqr < tq && ShapedType::isDynamic(qType.getDimSize(2))) {
    // Either loop may have no tiles (L < TQ, or L a multiple of TQ): it is
    // then skipped, not entered as an empty parallel region.
    int64_t mainTile = tq;
    Value wholeTiles = arith::DivUIOp::create(b, loc, seqL, idx(mainTile));
    out5 = unlessEmpty(b, loc, wholeTiles, out5Init, [&] {
      return widenedAtRunTime(wholeTiles, [&] {
        return splitQueryLoop(mainTile, Value(), wholeTiles,
                              /*wholeQueryTiles=*/true, out5Init,
                              pickKeyValueSplits(hkv, wholeTiles));
      });
    });
    Value restStart = mulIdx(wholeTiles, idx(mainTile));
    Value restRows = subIdx(seqL, restStart);
    Value restTiles = arith::CeilDivUIOp::create(b, loc, restRows, idx(tqr));
    Value mainOut = out5;
    auto remainderTiles = [&] {
      return unlessEmpty(b, loc, restTiles, mainOut, [&] {
        return splitQueryLoop(tqr, restStart, restTiles,
                              /*wholeQueryTiles=*/false, mainOut,
                              pickKeyValueSplits(hkv, restTiles));
      });
    };
    // A single row left per head, above all L = 1 (decoding compiled for
    // any L): one one-row tile, whose tile products are matrix-vector
    // products as for a static L = 1, instead of a remainder tile that
    // computes tqr - 1 rows again. With one-row remainder tiles (tqr = 1,
    // G >= remainderTile) the branch is built only for its shares.
    if (tqr == 1 && !singleTileShares) {
      out5 = remainderTiles();
    } else {
      Value oneRow = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                           restRows, idx(1));
      out5 = ifElse(
          oneRow,
          [&] {
            return splitQueryLoop(1, restStart, idx(1),
                                  /*wholeQueryTiles=*/true, mainOut,
                                  singleTileSplit);
          },
          remainderTiles);
    }
  } else {
    int64_t staticL = qType.getDimSize(2);
    Value numTiles = arith::CeilDivUIOp::create(b, loc, seqL, idx(tq));
    KeyValueSplit splits = pickKeyValueSplits(
        hkv, ShapedType::isDynamic(staticL)
                 ? OpFoldResult(numTiles)
                 : OpFoldResult(b.getIndexAttr(ceilDiv(staticL, tq))));
    // Shares of a static L: the partial results get a static tile count.
    if (splits.shares > 1 && !ShapedType::isDynamic(staticL))
      numTiles = idx(ceilDiv(staticL, tq));
    bool wholeTiles = dividesStatic(staticL, tq);
    // A dynamic L of a single tile (tiles of one row per head, G >=
    // remainderTile: decoding compiled for any L with many heads per
    // key/value head) takes a loop of one tile, for its shares.
    if (ShapedType::isDynamic(staticL) && singleTileShares) {
      Value oneTile = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                            numTiles, idx(1));
      out5 = ifElse(
          oneTile,
          [&] {
            return splitQueryLoop(tq, Value(), idx(1), wholeTiles, out5Init,
                                  singleTileSplit);
          },
          [&] {
            return widenedAtRunTime(numTiles, [&] {
              return splitQueryLoop(tq, Value(), numTiles, wholeTiles,
                                    out5Init, splits);
            });
          });
    } else {
      out5 = widenedAtRunTime(numTiles, [&] {
        return splitQueryLoop(tq, Value(), numTiles, wholeTiles, out5Init,
                              splits);
      });
    }
  }
  Value out =
      tensor::CollapseShapeOp::create(b, loc, out5, {{0}, {1, 2}, {3}, {4}});
  if (out.getType() != op.getType())
    out = tensor::CastOp::create(b, loc, op.getType(), out);
  return out;
}

FailureOr<Value> mha::tileAttention(RewriterBase &rewriter, AttentionOp op,
                                    const AttentionTileSizes &sizes) {
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  return AttentionTiler(rewriter, op, sizes).run();
}

/// True when L and S are static and the score matrix has at most `maxScores`
/// entries: below that the unfused lowering measured faster than one tile.
static bool isTinyAttention(AttentionOp op, int64_t maxScores) {
  RankedTensorType q = op.getQuery().getType(), k = op.getKey().getType();
  if (q.isDynamicDim(2) || k.isDynamicDim(2))
    return false;
  int64_t scores;
  return !llvm::MulOverflow(q.getDimSize(2), k.getDimSize(2), scores) &&
         scores <= maxScores;
}

namespace {
struct TileAttentionPass
    : mha::impl::MHATileAttentionBase<TileAttentionPass> {
  using MHATileAttentionBase::MHATileAttentionBase;
  void runOnOperation() override {
    if (queryTile < 0 || keyValueTile < 1 || wideTileKiB < 0 ||
        wideTileKiB > (int64_t(1) << 40) || remainderTile < 0 ||
        keyValueSplits < 0 || keyValueSplits > kMaxKeyValueSplits) {
      emitError(getOperation()->getLoc())
          << "--mha-tile-attention: query-tile must be >= 0 (0 picks about 64 "
             "rows per tile) and kv-tile >= 1, wide-tile-kv-kib in [0, "
             "2^40], remainder-tile >= 0 and kv-splits in [0, "
          << kMaxKeyValueSplits << "] (0: automatic); got query-tile="
          << static_cast<int64_t>(queryTile)
          << " kv-tile=" << static_cast<int64_t>(keyValueTile)
          << " wide-tile-kv-kib=" << static_cast<int64_t>(wideTileKiB)
          << " remainder-tile=" << static_cast<int64_t>(remainderTile)
          << " kv-splits=" << static_cast<int64_t>(keyValueSplits);
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    SmallVector<AttentionOp> ops;
    getOperation()->walk([&](AttentionOp op) { ops.push_back(op); });
    AttentionTileSizes sizes{queryTile,        keyValueTile,
                             unfusedMaxScores, wideTileKiB * 1024,
                             remainderTile,    keyValueSplits};
    for (AttentionOp op : ops) {
      if (isTinyAttention(op, sizes.unfusedMaxScores))
        continue;
      FailureOr<Value> result = tileAttention(rewriter, op, sizes);
      if (failed(result))
        return signalPassFailure();
      rewriter.replaceOp(op, *result);
    }
  }
};
} // namespace
