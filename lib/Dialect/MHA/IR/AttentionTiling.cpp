//===- AttentionTiling.cpp - TilingInterface of the mha ops -----*- C++ -*-===//
//
// mha.multi_head_attention (at the end of this file) tiles over (B, L) with
// the same key slicing as mha.attention's L below.
//
// mha.attention's iteration domain is (B, Hq, L): every result row
// [b, h, i, :] depends on its own query row and on all keys and values of
// key/value head h / G. A tile of that domain becomes a smaller
// mha.attention over slices of the operands:
// - B: the same slice of every operand (mask and bias: unless their dim is
//   a broadcast 1);
// - Hq: the query's (and mask's, bias's) heads [h0, h0 + th); the key/value
//   heads those read: all of them (whole tile), the same slice (G = 1),
//   [h0 / G, th / G) when G divides th, the one head h0 / G when th divides
//   G; any other head tile is not an mha.attention and tiling fails;
// - L: the query's rows [l0, l0 + tl). Without a causal band or window the
//   keys stay whole. A causal band is anchored at d(i), which depends on L,
//   so the tile keeps only the keys that its rows may see, [k0, kend) with
//   kend = d(l0 + tl - 1) + 1 (and k0 = d(l0) - left with a window), and
//   becomes causal(bottom_right): its local diagonal d(i') = i' + (kend -
//   k0) - tl is then the original d(l0 + i') - k0. top_left needs L <= S
//   (else kend can exceed S); a window without a causal band has keys right
//   of the diagonal that no slice can keep aligned, so tiling L fails there.
//
//===----------------------------------------------------------------------===//
#include "mha/Dialect/MHA/IR/MHAOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::mha;

namespace {
/// One dimension's slice: [offset, offset + size).
struct DimSlice {
  OpFoldResult offset, size;
};

/// The operand slices of one tile of (B, Hq, L).
struct AttentionTile {
  DimSlice batch, heads, kvHeads, rows, keys;
  CausalMode causal;
};
} // namespace

/// True when [offset, offset + size) is known to be all of dimension `dim`
/// of `v`: size is that static size, or the `tensor.dim` of it (what the
/// iteration domain gives a loop that is not tiled).
static bool coversWhole(DimSlice s, Value v, int64_t dim) {
  if (!isConstantIntValue(s.offset, 0))
    return false;
  int64_t n = cast<RankedTensorType>(v.getType()).getDimSize(dim);
  if (!ShapedType::isDynamic(n))
    return isConstantIntValue(s.size, n);
  auto size = dyn_cast_if_present<Value>(s.size);
  auto dimOp = size ? size.getDefiningOp<tensor::DimOp>() : tensor::DimOp();
  return dimOp && dimOp.getSource() == v &&
         isConstantIntValue(dimOp.getDimension(), dim);
}

/// Where an op's query rows (L) and keys (S) are: the query and key
/// operands, the dimension of each, and the op's window.
struct KeyRange {
  Value query;
  int64_t lDim;
  Value key;
  int64_t sDim;
  DenseI64ArrayAttr window;
};

/// True when a tile of rows `rows` keeps every key: it has all rows, or
/// nothing anchors its keys to them (no causal band, no window).
static bool keepsAllKeys(const KeyRange &r, DimSlice rows, CausalMode causal) {
  return coversWhole(rows, r.query, r.lDim) ||
         (causal == CausalMode::none && !r.window);
}

/// Whether a tile of the query rows `rows` is still one op (`opName`), with
/// the keys it sees sliced; `others` names the loops that can always be
/// tiled. Creates no IR.
static LogicalResult checkKeys(const KeyRange &r, DimSlice rows,
                               CausalMode causal, StringRef opName,
                               StringRef others, std::string &why) {
  if (keepsAllKeys(r, rows, causal))
    return success();
  if (causal == CausalMode::none) {
    why = ("a tile of the query rows (L) of an op with a window and no "
           "causal band is not " +
           opName +
           " (the keys right of its diagonal cannot stay aligned); tile " +
           others + " only, or L with size L")
              .str();
    return failure();
  }
  if (causal == CausalMode::top_left) {
    int64_t staticL =
        cast<RankedTensorType>(r.query.getType()).getDimSize(r.lDim);
    int64_t staticS = cast<RankedTensorType>(r.key.getType()).getDimSize(r.sDim);
    if (ShapedType::isDynamic(staticL) || ShapedType::isDynamic(staticS) ||
        staticL > staticS) {
      why = "a tile of the query rows (L) of a causal(top_left) op needs "
            "static L <= S (its last rows would see keys past S)";
      return failure();
    }
  }
  return success();
}

/// The keys a tile of the query rows sees (after checkKeys succeeded); the
/// tile's causal mode becomes bottom_right when the keys are sliced.
static DimSlice buildKeys(OpBuilder &b, Location loc, const KeyRange &r,
                          DimSlice rows, CausalMode &causal) {
  OpFoldResult seqS = tensor::getMixedSize(b, loc, r.key, r.sDim);
  if (keepsAllKeys(r, rows, causal))
    return {b.getIndexAttr(0), seqS};
  // d(i) = i + c, c = S - L (bottom_right) or 0 (top_left).
  OpFoldResult seqL = tensor::getMixedSize(b, loc, r.query, r.lDim);
  AffineExpr l0, tl, s, l;
  bindDims(b.getContext(), l0, tl, s, l);
  AffineExpr c = causal == CausalMode::bottom_right
                     ? s - l
                     : b.getAffineConstantExpr(0);
  SmallVector<OpFoldResult> operands = {rows.offset, rows.size, seqS, seqL};
  AffineExpr zero = b.getAffineConstantExpr(0);
  auto maxWithZero = [&](AffineExpr e) {
    return affine::makeComposedFoldedAffineMax(
        b, loc, AffineMap::get(4, 0, {e, zero}, b.getContext()), operands);
  };
  // kend = max(0, d(l0 + tl - 1) + 1): at most S because l0 + tl <= L (and
  // L <= S for top_left); 0 when no row of the tile sees any key.
  OpFoldResult kEnd = maxWithZero(l0 + tl + c);
  OpFoldResult k0 = r.window ? maxWithZero(l0 + c - r.window[0])
                             : OpFoldResult(b.getIndexAttr(0));
  AffineExpr e0, e1;
  bindDims(b.getContext(), e0, e1);
  causal = CausalMode::bottom_right;
  return {k0,
          affine::makeComposedFoldedAffineApply(b, loc, e1 - e0, {k0, kEnd})};
}

/// Works out the slices of the tile (offsets, sizes) of (B, Hq, L), or why
/// that tile is no mha.attention (`why`, for the caller's diagnostic). Every
/// check comes before the first op it creates: a tile that fails leaves no
/// IR behind.
static FailureOr<AttentionTile> planTile(AttentionOp op, OpBuilder &b,
                                         ArrayRef<OpFoldResult> offsets,
                                         ArrayRef<OpFoldResult> sizes,
                                         std::string &why) {
  Location loc = op.getLoc();
  AttentionTile tile;
  tile.batch = {offsets[0], sizes[0]};
  tile.heads = {offsets[1], sizes[1]};
  tile.rows = {offsets[2], sizes[2]};
  tile.causal = op.getCausal();
  Value query = op.getQuery(), key = op.getKey();

  // Which key/value heads the query heads read.
  enum class KvHeads { All, Same, First, Group } kvKind;
  int64_t group = op.getStaticGroupSize();
  std::optional<int64_t> th = getConstantIntValue(tile.heads.size);
  std::optional<int64_t> h0 = getConstantIntValue(tile.heads.offset);
  int64_t align = 1;
  if (coversWhole(tile.heads, query, 1)) {
    kvKind = KvHeads::All;
  } else if (group == 1) {
    kvKind = KvHeads::Same;
  } else if (op.getStaticKvHeads() == 1) {
    kvKind = KvHeads::First;
  } else {
    kvKind = KvHeads::Group;
    if (group == 0) {
      why = "a tile of the query heads needs static Hq and Hkv (the group "
            "size G = Hq / Hkv decides which key/value heads it reads)";
      return failure();
    }
    if (!th || (*th % group != 0 && group % *th != 0)) {
      why = "a tile of the query heads must be a multiple or a divisor of "
            "the group size G = " +
            std::to_string(group) +
            " (so that it reads whole key/value heads), got " +
            (th ? std::to_string(*th) : std::string("a dynamic size"));
      return failure();
    }
    // The tile's first head must start a group (th a multiple of G) or a
    // th-aligned part of one (th divides G).
    align = *th % group == 0 ? group : *th;
    if (h0 && *h0 % align != 0) {
      why = "a tile of the query heads starting at head " +
            std::to_string(*h0) + " would straddle two key/value heads";
      return failure();
    }
  }

  KeyRange keyRange{query, 2, key, 2, op.getWindowAttr()};
  if (failed(checkKeys(keyRange, tile.rows, tile.causal, "an mha.attention",
                       "B and Hq", why)))
    return failure();

  // The checks passed: build the slices.
  OpFoldResult hkv = tensor::getMixedSize(b, loc, key, 1);
  switch (kvKind) {
  case KvHeads::All:
    tile.kvHeads = {b.getIndexAttr(0), hkv};
    break;
  case KvHeads::Same:
    tile.kvHeads = tile.heads;
    break;
  case KvHeads::First:
    tile.kvHeads = {b.getIndexAttr(0), b.getIndexAttr(1)};
    break;
  case KvHeads::Group: {
    // h0 mod align, folded where the tiling loop's offsets make it 0
    // (h0 = iv * th); checked at run time otherwise.
    AffineExpr h;
    bindDims(b.getContext(), h);
    OpFoldResult rem = affine::makeComposedFoldedAffineApply(
        b, loc, h % align, {tile.heads.offset});
    if (!isConstantIntValue(rem, 0)) {
      Value ok = arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::eq,
          getValueOrCreateConstantIndexOp(b, loc, rem),
          arith::ConstantIndexOp::create(b, loc, 0));
      cf::AssertOp::create(b, loc, ok,
                           "mha.attention tile: the first query head of a "
                           "tile must start its key/value head's group");
    }
    tile.kvHeads = {affine::makeComposedFoldedAffineApply(
                        b, loc, h.floorDiv(group), {tile.heads.offset}),
                    b.getIndexAttr(*th % group == 0 ? *th / group : 1)};
    break;
  }
  }

  tile.keys = buildKeys(b, loc, keyRange, tile.rows, tile.causal);
  return tile;
}

/// The slice of a rank-4 operand over the given per-dimension slices.
static Value sliceOf(OpBuilder &b, Location loc, Value v,
                     ArrayRef<DimSlice> dims) {
  SmallVector<OpFoldResult> offsets, sizes;
  for (const DimSlice &d : dims) {
    offsets.push_back(d.offset);
    sizes.push_back(d.size);
  }
  SmallVector<OpFoldResult> strides(dims.size(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, v, offsets, sizes, strides);
}

/// A mask or bias broadcast over [B, Hq, L, S], sliced by `tile` (one slice
/// per dimension): a static 1 stays whole.
static Value sliceBroadcast(OpBuilder &b, Location loc, Value v,
                            ArrayRef<DimSlice> tile) {
  if (!v)
    return v;
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<DimSlice, 4> dims(tile);
  for (int64_t i = 0; i < 4; ++i)
    if (type.getDimSize(i) == 1)
      dims[i] = {b.getIndexAttr(0), b.getIndexAttr(1)};
  return sliceOf(b, loc, v, dims);
}

//===----------------------------------------------------------------------===//
// TilingInterface of both ops: the domain is the leading `n` dimensions of
// the result (all parallel), and the result's last dimension is whole.
//===----------------------------------------------------------------------===//

/// The extract_slice ops that feed `tiled` (TilingResult::generatedSlices).
static SmallVector<Operation *> slicesFeeding(Operation *tiled) {
  SmallVector<Operation *> slices;
  for (Value operand : tiled->getOperands())
    if (Operation *def = operand.getDefiningOp<tensor::ExtractSliceOp>())
      slices.push_back(def);
  return slices;
}

/// The first `n` dimensions of `source`, from 0, step 1.
static SmallVector<Range> leadingDomain(OpBuilder &b, Location loc,
                                        Value source, int64_t n) {
  SmallVector<Range> domain;
  for (int64_t dim = 0; dim < n; ++dim)
    domain.push_back(Range{b.getIndexAttr(0),
                           tensor::getMixedSize(b, loc, source, dim),
                           b.getIndexAttr(1)});
  return domain;
}

/// The result tile of a domain tile: the same offsets and sizes, and the
/// whole last dimension.
static LogicalResult wholeRowsTile(OpBuilder &b, Location loc, Value result,
                                   unsigned resultNumber,
                                   ArrayRef<OpFoldResult> offsets,
                                   ArrayRef<OpFoldResult> sizes,
                                   SmallVector<OpFoldResult> &resultOffsets,
                                   SmallVector<OpFoldResult> &resultSizes) {
  int64_t n = cast<RankedTensorType>(result.getType()).getRank() - 1;
  if (resultNumber != 0 || static_cast<int64_t>(offsets.size()) != n ||
      static_cast<int64_t>(sizes.size()) != n)
    return failure();
  resultOffsets.assign(offsets.begin(), offsets.end());
  resultOffsets.push_back(b.getIndexAttr(0));
  resultSizes.assign(sizes.begin(), sizes.end());
  resultSizes.push_back(tensor::getMixedSize(b, loc, result, n));
  return success();
}

/// The domain tile of a result tile, which must keep the whole last
/// dimension (every column of a result row needs the whole softmax row,
/// and for the block all heads).
static LogicalResult domainOfWholeRows(Value result, unsigned resultNumber,
                                       ArrayRef<OpFoldResult> offsets,
                                       ArrayRef<OpFoldResult> sizes,
                                       SmallVectorImpl<OpFoldResult> &domOffsets,
                                       SmallVectorImpl<OpFoldResult> &domSizes) {
  auto type = cast<RankedTensorType>(result.getType());
  int64_t n = type.getRank() - 1;
  if (resultNumber != 0 || static_cast<int64_t>(offsets.size()) != n + 1 ||
      static_cast<int64_t>(sizes.size()) != n + 1 ||
      !isConstantIntValue(offsets[n], 0) ||
      !isConstantIntValue(sizes[n], type.getDimSize(n)))
    return failure();
  domOffsets.assign(offsets.begin(), offsets.begin() + n);
  domSizes.assign(sizes.begin(), sizes.begin() + n);
  return success();
}

/// The TilingInterface methods of `OpTy`, whose domain is the first `N`
/// result dimensions; `tile` builds one tile or says why it cannot.
#define MHA_DEFINE_TILING_INTERFACE(OpTy, N, source, tile)                     \
  SmallVector<utils::IteratorType> OpTy::getLoopIteratorTypes() {             \
    return SmallVector<utils::IteratorType>(N, utils::IteratorType::parallel); \
  }                                                                            \
  SmallVector<Range> OpTy::getIterationDomain(OpBuilder &b) {                  \
    return leadingDomain(b, getLoc(), source, N);                              \
  }                                                                            \
  FailureOr<TilingResult> OpTy::getTiledImplementation(                        \
      OpBuilder &b, ArrayRef<OpFoldResult> offsets,                            \
      ArrayRef<OpFoldResult> sizes) {                                          \
    std::string why;                                                           \
    FailureOr<TilingResult> result = tile(*this, b, offsets, sizes, why);      \
    if (failed(result))                                                        \
      return emitOpError() << "cannot be tiled: " << why;                      \
    return result;                                                             \
  }                                                                            \
  LogicalResult OpTy::getResultTilePosition(                                   \
      OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,     \
      ArrayRef<OpFoldResult> sizes, SmallVector<OpFoldResult> &resultOffsets, \
      SmallVector<OpFoldResult> &resultSizes) {                                \
    return wholeRowsTile(b, getLoc(), getResult(), resultNumber, offsets,      \
                         sizes, resultOffsets, resultSizes);                   \
  }                                                                            \
  LogicalResult OpTy::getIterationDomainTileFromResultTile(                    \
      OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,     \
      ArrayRef<OpFoldResult> sizes,                                            \
      SmallVectorImpl<OpFoldResult> &iterDomainOffsets,                        \
      SmallVectorImpl<OpFoldResult> &iterDomainSizes) {                        \
    return domainOfWholeRows(getResult(), resultNumber, offsets, sizes,        \
                             iterDomainOffsets, iterDomainSizes);              \
  }                                                                            \
  /* Fusion drivers probe producers; a tile that is not expressible is a */   \
  /* quiet failure here, not an error. */                                      \
  FailureOr<TilingResult> OpTy::generateResultTileValue(                       \
      OpBuilder &b, unsigned resultNumber, ArrayRef<OpFoldResult> offsets,     \
      ArrayRef<OpFoldResult> sizes) {                                          \
    SmallVector<OpFoldResult> domainOffsets, domainSizes;                      \
    if (failed(getIterationDomainTileFromResultTile(                           \
            b, resultNumber, offsets, sizes, domainOffsets, domainSizes)))     \
      return failure();                                                        \
    std::string why;                                                           \
    return tile(*this, b, domainOffsets, domainSizes, why);                    \
  }

static FailureOr<TilingResult> tileAttention(AttentionOp op, OpBuilder &b,
                                             ArrayRef<OpFoldResult> offsets,
                                             ArrayRef<OpFoldResult> sizes,
                                             std::string &why) {
  if (offsets.size() != 3 || sizes.size() != 3) {
    why = "expected a tile of the 3 loops (B, Hq, L)";
    return failure();
  }
  Location loc = op.getLoc();
  FailureOr<AttentionTile> t = planTile(op, b, offsets, sizes, why);
  if (failed(t))
    return failure();
  auto whole = [&](Value v, int64_t dim) {
    return DimSlice{b.getIndexAttr(0), tensor::getMixedSize(b, loc, v, dim)};
  };
  Value q = sliceOf(b, loc, op.getQuery(),
                    {t->batch, t->heads, t->rows, whole(op.getQuery(), 3)});
  Value k = sliceOf(b, loc, op.getKey(),
                    {t->batch, t->kvHeads, t->keys, whole(op.getKey(), 3)});
  Value v = sliceOf(b, loc, op.getValue(),
                    {t->batch, t->kvHeads, t->keys, whole(op.getValue(), 3)});
  DimSlice maskTile[4] = {t->batch, t->heads, t->rows, t->keys};
  Value mask = sliceBroadcast(b, loc, op.getMask(), maskTile);
  Value bias = sliceBroadcast(b, loc, op.getBias(), maskTile);

  auto qType = cast<RankedTensorType>(q.getType());
  SmallVector<int64_t> shape(qType.getShape());
  shape[3] = op.getResult().getType().getDimSize(3);
  auto resultType = RankedTensorType::get(shape, qType.getElementType());
  auto tiled = AttentionOp::create(
      b, loc, resultType, q, k, v, mask, bias,
      CausalModeAttr::get(b.getContext(), t->causal), op.getWindowAttr(),
      op.getScaleAttr(), op.getSoftcapAttr());
  // The default scale is 1/sqrt(E), and E is not tiled.
  return TilingResult{{tiled}, {tiled.getResult()}, slicesFeeding(tiled)};
}

MHA_DEFINE_TILING_INTERFACE(AttentionOp, 3, getQuery(), tileAttention)


//===----------------------------------------------------------------------===//
// mha.multi_head_attention
//===----------------------------------------------------------------------===//

/// A tile (B, L) of the block: the same block on the query input's rows
/// [l0, l0 + tl) of batches [b0, b0 + tb), the key and value inputs' rows
/// that those rows see (all of them, or the causal slice as for
/// mha.attention), mask and bias sliced alike; the weights and biases of the
/// projections stay whole (every row is projected by all of them).
static FailureOr<TilingResult> tileBlock(MultiHeadAttentionOp op, OpBuilder &b,
                                         ArrayRef<OpFoldResult> offsets,
                                         ArrayRef<OpFoldResult> sizes,
                                         std::string &why) {
  if (offsets.size() != 2 || sizes.size() != 2) {
    why = "expected a tile of the 2 loops (B, L)";
    return failure();
  }
  Location loc = op.getLoc();
  DimSlice batch = {offsets[0], sizes[0]}, rows = {offsets[1], sizes[1]};
  CausalMode causal = op.getCausal();
  KeyRange keyRange{op.getQueryInput(), 1, op.getKeyInput(), 1,
                    op.getWindowAttr()};
  if (failed(checkKeys(keyRange, rows, causal, "an mha.multi_head_attention",
                       "B", why)))
    return failure();
  DimSlice keys = buildKeys(b, loc, keyRange, rows, causal);

  auto whole = [&](Value v, int64_t dim) {
    return DimSlice{b.getIndexAttr(0), tensor::getMixedSize(b, loc, v, dim)};
  };
  auto rowsOf = [&](Value v, DimSlice r) {
    return sliceOf(b, loc, v, {batch, r, whole(v, 2)});
  };
  Value q = rowsOf(op.getQueryInput(), rows);
  Value k = rowsOf(op.getKeyInput(), keys);
  Value v = rowsOf(op.getValueInput(), keys);
  // Mask and bias, broadcast over [B, Hq, L, S]: all Hq heads.
  DimSlice maskTile[4] = {
      batch, {b.getIndexAttr(0), b.getIndexAttr(op.getNumHeads())}, rows, keys};
  Value mask = sliceBroadcast(b, loc, op.getMask(), maskTile);
  Value bias = sliceBroadcast(b, loc, op.getBias(), maskTile);

  auto qType = cast<RankedTensorType>(q.getType());
  auto resultType = RankedTensorType::get(
      {qType.getDimSize(0), qType.getDimSize(1),
       op.getResult().getType().getDimSize(2)},
      op.getResult().getType().getElementType());
  auto tiled = MultiHeadAttentionOp::create(
      b, loc, resultType, q, k, v, op.getWQ(), op.getWK(), op.getWV(),
      op.getWO(), op.getBQ(), op.getBK(), op.getBV(), op.getBO(), mask, bias,
      op.getNumHeadsAttr(), op.getNumKvHeadsAttr(),
      CausalModeAttr::get(b.getContext(), causal), op.getWindowAttr(),
      op.getScaleAttr(), op.getSoftcapAttr());
  return TilingResult{{tiled}, {tiled.getResult()}, slicesFeeding(tiled)};
}

MHA_DEFINE_TILING_INTERFACE(MultiHeadAttentionOp, 2, getQueryInput(),
                            tileBlock)

