//===- MHAOps.cpp - verifiers, syntax helpers and folds of mha ops -*- C++ -*-===//
#include "mha/Dialect/MHA/IR/MHAOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mha;

#include "mha/Dialect/MHA/IR/MHAEnums.cpp.inc"

//===----------------------------------------------------------------------===//
// Custom syntax pieces: `causal(bottom_right)` and `window(128, 0)`.
//===----------------------------------------------------------------------===//

static ParseResult parseCausal(OpAsmParser &parser, CausalModeAttr &attr) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<CausalMode> mode = symbolizeCausalMode(keyword);
  if (!mode)
    return parser.emitError(loc, "expected causal mode 'none', 'top_left' or "
                                 "'bottom_right', got '")
           << keyword << "'";
  attr = CausalModeAttr::get(parser.getContext(), *mode);
  return success();
}

static void printCausal(OpAsmPrinter &printer, Operation *,
                        CausalModeAttr attr) {
  printer << stringifyCausalMode(attr.getValue());
}

static ParseResult parseWindow(OpAsmParser &parser, DenseI64ArrayAttr &attr) {
  int64_t left, right;
  if (parser.parseInteger(left) || parser.parseComma() ||
      parser.parseInteger(right))
    return failure();
  attr = DenseI64ArrayAttr::get(parser.getContext(), {left, right});
  return success();
}

static void printWindow(OpAsmPrinter &printer, Operation *,
                        DenseI64ArrayAttr attr) {
  llvm::interleaveComma(attr.asArrayRef(), printer);
}

//===----------------------------------------------------------------------===//
// Shared verification helpers.
//===----------------------------------------------------------------------===//

static std::string formatDim(int64_t d) {
  return ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
}

static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ", ";
    s += formatDim(d);
  }
  return s + "]";
}

/// Two dims conflict only when both are static and differ.
static bool conflicts(int64_t a, int64_t b) {
  return !ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b;
}

/// The first static size among `dims`, or dynamic.
static int64_t firstStatic(ArrayRef<int64_t> dims) {
  for (int64_t d : dims)
    if (!ShapedType::isDynamic(d))
      return d;
  return ShapedType::kDynamic;
}

/// Checks that `value` (named `name`) is broadcastable to `target`: rank 4,
/// each dim equal to the target's or 1. Unknown dims are accepted.
static LogicalResult verifyBroadcastable(Operation *op, StringRef name,
                                         Value value,
                                         ArrayRef<int64_t> target,
                                         ArrayRef<StringRef> dimNames) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() != static_cast<int64_t>(target.size()))
    return op->emitOpError() << "'" << name << "' must have rank "
                             << target.size() << " ([B, Hq, L, S]), got rank "
                             << type.getRank();
  for (auto [i, d] : llvm::enumerate(type.getShape())) {
    if (ShapedType::isDynamic(d) || d == 1)
      continue;
    if (conflicts(d, target[i]))
      return op->emitOpError()
             << "'" << name << "' of shape " << formatShape(type.getShape())
             << " is not broadcastable to [B, Hq, L, S] = "
             << formatShape(target) << ": dim " << i << " (" << dimNames[i]
             << ") is " << d << ", expected " << formatDim(target[i])
             << " or 1";
  }
  return success();
}

static LogicalResult verifyMaskAndBias(Operation *op, Value mask, Value bias,
                                       Type elementType,
                                       ArrayRef<int64_t> target) {
  static const StringRef dimNames[] = {"B", "Hq", "L", "S"};
  if (mask) {
    auto type = cast<RankedTensorType>(mask.getType());
    if (!type.getElementType().isInteger(1))
      return op->emitOpError()
             << "'mask' must have element type i1 (true = may attend), got "
             << type.getElementType();
    if (failed(verifyBroadcastable(op, "mask", mask, target, dimNames)))
      return failure();
  }
  if (bias) {
    auto type = cast<RankedTensorType>(bias.getType());
    Type et = type.getElementType();
    if (et != elementType && !et.isF32()) {
      InFlightDiagnostic diag = op->emitOpError()
                                << "'bias' must have element type f32";
      if (!elementType.isF32())
        diag << " or the query's element type (" << elementType << ")";
      return diag << ", got " << et;
    }
    if (failed(verifyBroadcastable(op, "bias", bias, target, dimNames)))
      return failure();
  }
  return success();
}

static LogicalResult verifyCommonAttrs(Operation *op,
                                       std::optional<ArrayRef<int64_t>> window,
                                       std::optional<APFloat> scale,
                                       std::optional<APFloat> softcap) {
  if (window) {
    if (window->size() != 2)
      return op->emitOpError()
             << "'window' must have two entries (left, right), got "
             << window->size();
    if ((*window)[0] < 0 || (*window)[1] < 0)
      return op->emitOpError()
             << "'window' entries must be >= 0, got (" << (*window)[0] << ", "
             << (*window)[1] << ")";
    // Lowerings compute d(i) - left and d(i) + right in 64-bit index
    // arithmetic; 2^62 is wider than any sequence and cannot overflow.
    constexpr int64_t kMaxWindow = int64_t(1) << 62;
    if ((*window)[0] > kMaxWindow || (*window)[1] > kMaxWindow)
      return op->emitOpError()
             << "'window' entries must be <= 2^62 (wider than any sequence; "
                "omit 'window' for no limit), got ("
             << (*window)[0] << ", " << (*window)[1] << ")";
  }
  if (scale && !scale->isFinite())
    return op->emitOpError() << "'scale' must be finite, got "
                             << scale->convertToDouble();
  if (softcap && !(softcap->isFinite() && softcap->convertToDouble() > 0.0))
    return op->emitOpError() << "'softcap' must be finite and > 0, got "
                             << softcap->convertToDouble();
  return success();
}

/// What both ops check alike once their shapes are consistent: the mask
/// and the bias against [B, Hq, L, S] = `target`, then the attributes.
template <typename OpT>
static LogicalResult verifyMaskBiasAndAttrs(OpT op, Type elementType,
                                            ArrayRef<int64_t> target) {
  if (failed(verifyMaskAndBias(op, op.getMask(), op.getBias(), elementType,
                               target)))
    return failure();
  std::optional<ArrayRef<int64_t>> window;
  if (auto w = op.getWindowAttr())
    window = w.asArrayRef();
  return verifyCommonAttrs(op, window, op.getScale(), op.getSoftcap());
}

//===----------------------------------------------------------------------===//
// AttentionOp
//===----------------------------------------------------------------------===//

void AttentionOp::build(OpBuilder &builder, OperationState &state, Value query,
                        Value key, Value value, Value mask, Value bias) {
  auto qType = cast<RankedTensorType>(query.getType());
  auto vType = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(qType.getShape());
  shape[3] = vType.getDimSize(3);
  auto resultType = RankedTensorType::get(shape, qType.getElementType());
  build(builder, state, resultType, query, key, value, mask, bias,
        CausalModeAttr::get(builder.getContext(), CausalMode::none),
        /*window=*/nullptr, /*scale=*/nullptr, /*softcap=*/nullptr);
}

double AttentionOp::getEffectiveScale() {
  if (auto scale = getScaleAttr())
    return scale.getValueAsDouble();
  int64_t e = getQuery().getType().getDimSize(3);
  return 1.0 / std::sqrt(static_cast<double>(e));
}

int64_t AttentionOp::getStaticKvHeads() {
  int64_t hkv = getKey().getType().getDimSize(1);
  return ShapedType::isDynamic(hkv) ? getValue().getType().getDimSize(1) : hkv;
}

int64_t AttentionOp::getStaticGroupSize() {
  int64_t hq = getQuery().getType().getDimSize(1);
  int64_t hkv = getStaticKvHeads();
  if (ShapedType::isDynamic(hq) || ShapedType::isDynamic(hkv) || hkv == 0)
    return 0;
  return hq / hkv;
}

LogicalResult AttentionOp::requireStaticHeadCounts(StringRef what) {
  if (!getQuery().getType().isDynamicDim(1) &&
      !ShapedType::isDynamic(getStaticKvHeads()))
    return success();
  return emitOpError() << "has a dynamic head count (Hq or Hkv), which "
                       << what
                       << " does not support; make dim 1 of 'query' and of "
                          "'key' or 'value' static (B, L and S may stay "
                          "dynamic)";
}

LogicalResult AttentionOp::verify() {
  RankedTensorType qType = getQuery().getType();
  RankedTensorType kType = getKey().getType();
  RankedTensorType vType = getValue().getType();
  RankedTensorType rType = getResult().getType();
  Type et = qType.getElementType();
  if (kType.getElementType() != et || vType.getElementType() != et ||
      rType.getElementType() != et)
    return emitOpError() << "query, key, value and result must share one "
                            "element type, got "
                         << et << ", " << kType.getElementType() << ", "
                         << vType.getElementType() << " and "
                         << rType.getElementType();

  int64_t e = qType.getDimSize(3), ev = vType.getDimSize(3);
  if (ShapedType::isDynamic(e) || ShapedType::isDynamic(kType.getDimSize(3)))
    return emitOpError() << "head dimension E (dim 3 of 'query' and 'key') "
                            "must be static";
  if (ShapedType::isDynamic(ev))
    return emitOpError() << "head dimension Ev (dim 3 of 'value') must be "
                            "static";
  if (e == 0 || ev == 0)
    return emitOpError() << "head dimensions must be > 0, got E = " << e
                         << " and Ev = " << ev;
  if (kType.getDimSize(3) != e)
    return emitOpError() << "'key' head dimension " << kType.getDimSize(3)
                         << " does not match 'query' head dimension " << e;

  ArrayRef<int64_t> q = qType.getShape(), k = kType.getShape(),
                    v = vType.getShape(), r = rType.getShape();
  if (conflicts(q[0], k[0]) || conflicts(q[0], v[0]) || conflicts(k[0], v[0]))
    return emitOpError() << "batch size B differs: 'query' " << formatDim(q[0])
                         << ", 'key' " << formatDim(k[0]) << ", 'value' "
                         << formatDim(v[0]);
  if (conflicts(k[1], v[1]))
    return emitOpError() << "key/value head count Hkv differs: 'key' "
                         << formatDim(k[1]) << ", 'value' " << formatDim(v[1]);
  if (conflicts(k[2], v[2]))
    return emitOpError() << "sequence length S differs: 'key' "
                         << formatDim(k[2]) << ", 'value' " << formatDim(v[2]);
  int64_t hq = q[1], hkv = ShapedType::isDynamic(k[1]) ? v[1] : k[1];
  if (hkv == 0 && !ShapedType::isDynamic(hkv))
    return emitOpError() << "key/value head count Hkv must be > 0";
  if (!ShapedType::isDynamic(hq) && !ShapedType::isDynamic(hkv) &&
      hq % hkv != 0)
    return emitOpError() << "query head count Hq = " << hq
                         << " is not a multiple of key/value head count Hkv = "
                         << hkv;

  SmallVector<int64_t> expected = {firstStatic({q[0], k[0], v[0]}),
                                   q[1], q[2], ev};
  for (int i = 0; i < 4; ++i)
    if (conflicts(r[i], expected[i]))
      return emitOpError() << "result shape " << formatShape(r)
                           << " does not match [B, Hq, L, Ev] = "
                           << formatShape(expected);

  int64_t s = ShapedType::isDynamic(k[2]) ? v[2] : k[2];
  SmallVector<int64_t> target = {expected[0], q[1], q[2], s};
  return verifyMaskBiasAndAttrs(*this, et, target);
}

LogicalResult AttentionOp::reifyResultShapes(
    OpBuilder &builder, ReifiedRankedShapedTypeDims &reifiedReturnShapes) {
  Location loc = getLoc();
  SmallVector<OpFoldResult> dims;
  for (int i = 0; i < 3; ++i)
    dims.push_back(tensor::getMixedSize(builder, loc, getQuery(), i));
  dims.push_back(tensor::getMixedSize(builder, loc, getValue(), 3));
  reifiedReturnShapes.push_back(dims);
  return success();
}

//===----------------------------------------------------------------------===//
// Canonicalization shared by both ops: drop no-op masks and biases.
//===----------------------------------------------------------------------===//

static bool isAllTrueMask(Value mask) {
  DenseElementsAttr attr;
  if (!mask || !matchPattern(mask, m_Constant(&attr)))
    return false;
  return attr.isSplat() && attr.getSplatValue<bool>();
}

static bool isAllZeroBias(Value bias) {
  DenseElementsAttr attr;
  if (!bias || !matchPattern(bias, m_Constant(&attr)))
    return false;
  auto fp = dyn_cast<DenseFPElementsAttr>(attr);
  return fp && fp.isSplat() && fp.getSplatValue<APFloat>().isZero();
}

namespace {
template <typename OpTy>
struct DropTrivialMaskAndBias : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    bool dropMask = isAllTrueMask(op.getMask());
    bool dropBias = isAllZeroBias(op.getBias());
    if (!dropMask && !dropBias)
      return failure();
    rewriter.modifyOpInPlace(op, [&] {
      if (dropMask)
        op.getMaskMutable().clear();
      if (dropBias)
        op.getBiasMutable().clear();
    });
    return success();
  }
};
} // namespace

void AttentionOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<DropTrivialMaskAndBias<AttentionOp>>(context);
}

//===----------------------------------------------------------------------===//
// MultiHeadAttentionOp
//===----------------------------------------------------------------------===//

int64_t MultiHeadAttentionOp::getEffectiveNumKvHeads() {
  if (auto kv = getNumKvHeads())
    return *kv;
  return getNumHeads();
}

LogicalResult MultiHeadAttentionOp::verify() {
  Type et = getQueryInput().getType().getElementType();
  auto checkType = [&](Value v, StringRef name) -> LogicalResult {
    if (!v)
      return success();
    Type t = cast<RankedTensorType>(v.getType()).getElementType();
    if (t != et)
      return emitOpError() << "'" << name
                           << "' must have the element type of "
                              "'query_input' ("
                           << et << "), got " << t;
    return success();
  };
  if (failed(checkType(getKeyInput(), "key_input")) ||
      failed(checkType(getValueInput(), "value_input")) ||
      failed(checkType(getWQ(), "w_q")) || failed(checkType(getWK(), "w_k")) ||
      failed(checkType(getWV(), "w_v")) || failed(checkType(getWO(), "w_o")) ||
      failed(checkType(getBQ(), "b_q")) || failed(checkType(getBK(), "b_k")) ||
      failed(checkType(getBV(), "b_v")) || failed(checkType(getBO(), "b_o")) ||
      failed(checkType(getResult(), "result")))
    return failure();

  int presentBiases = (getBQ() ? 1 : 0) + (getBK() ? 1 : 0) +
                      (getBV() ? 1 : 0) + (getBO() ? 1 : 0);
  if (presentBiases != 0 && presentBiases != 4)
    return emitOpError() << "projection biases b_q, b_k, b_v, b_o must be "
                            "given all four or none, got "
                         << presentBiases;

  int64_t hq = getNumHeads();
  int64_t hkv = getEffectiveNumKvHeads();
  if (hq % hkv != 0)
    return emitOpError() << "num_heads = " << hq
                         << " is not a multiple of num_kv_heads = " << hkv;

  ArrayRef<int64_t> xq = getQueryInput().getType().getShape();
  ArrayRef<int64_t> xk = getKeyInput().getType().getShape();
  ArrayRef<int64_t> xv = getValueInput().getType().getShape();
  ArrayRef<int64_t> wq = getWQ().getType().getShape();
  ArrayRef<int64_t> wk = getWK().getType().getShape();
  ArrayRef<int64_t> wv = getWV().getType().getShape();
  ArrayRef<int64_t> wo = getWO().getType().getShape();
  ArrayRef<int64_t> r = getResult().getType().getShape();

  if (conflicts(xq[0], xk[0]) || conflicts(xq[0], xv[0]) ||
      conflicts(xk[0], xv[0]))
    return emitOpError() << "batch size B differs: 'query_input' "
                         << formatDim(xq[0]) << ", 'key_input' "
                         << formatDim(xk[0]) << ", 'value_input' "
                         << formatDim(xv[0]);
  if (conflicts(xk[1], xv[1]))
    return emitOpError() << "sequence length S differs: 'key_input' "
                         << formatDim(xk[1]) << ", 'value_input' "
                         << formatDim(xv[1]);

  auto checkInputWidth = [&](ArrayRef<int64_t> x, StringRef xName,
                             ArrayRef<int64_t> w,
                             StringRef wName) -> LogicalResult {
    if (conflicts(x[2], w[0]))
      return emitOpError() << "'" << wName << "' has " << w[0]
                           << " rows but '" << xName << "' has width " << x[2];
    return success();
  };
  if (failed(checkInputWidth(xq, "query_input", wq, "w_q")) ||
      failed(checkInputWidth(xk, "key_input", wk, "w_k")) ||
      failed(checkInputWidth(xv, "value_input", wv, "w_v")))
    return failure();

  if (ShapedType::isDynamic(wq[1]) || ShapedType::isDynamic(wk[1]) ||
      ShapedType::isDynamic(wv[1]))
    return emitOpError() << "the columns of 'w_q', 'w_k' and 'w_v' must be "
                            "static (they fix the head dimensions E and Ev)";
  if (wq[1] % hq != 0)
    return emitOpError() << "'w_q' has " << wq[1]
                         << " columns, not a multiple of num_heads = " << hq;
  int64_t e = wq[1] / hq;
  if (wk[1] != hkv * e)
    return emitOpError() << "'w_k' has " << wk[1]
                         << " columns, expected num_kv_heads * E = " << hkv
                         << " * " << e << " = " << hkv * e;
  if (wv[1] % hkv != 0)
    return emitOpError() << "'w_v' has " << wv[1]
                         << " columns, not a multiple of num_kv_heads = "
                         << hkv;
  int64_t ev = wv[1] / hkv;
  if (e == 0 || ev == 0)
    return emitOpError() << "head dimensions must be > 0, got E = " << e
                         << " and Ev = " << ev;
  // hkv * e <= hq * e = cols(w_q) above cannot overflow, but hq * ev can.
  int64_t concatWidth;
  if (llvm::MulOverflow(hq, ev, concatWidth))
    return emitOpError() << "num_heads * Ev = " << hq << " * " << ev
                         << " overflows int64";
  if (conflicts(wo[0], concatWidth))
    return emitOpError() << "'w_o' has " << wo[0]
                         << " rows, expected num_heads * Ev = " << hq << " * "
                         << ev << " = " << concatWidth;

  if (getBQ()) {
    auto checkBias = [&](Value b, StringRef name,
                         int64_t expected) -> LogicalResult {
      int64_t n = cast<RankedTensorType>(b.getType()).getDimSize(0);
      if (conflicts(n, expected))
        return emitOpError() << "'" << name << "' has " << n
                             << " elements, expected " << formatDim(expected);
      return success();
    };
    if (failed(checkBias(getBQ(), "b_q", wq[1])) ||
        failed(checkBias(getBK(), "b_k", wk[1])) ||
        failed(checkBias(getBV(), "b_v", wv[1])) ||
        failed(checkBias(getBO(), "b_o", wo[1])))
      return failure();
  }

  int64_t b = firstStatic({xq[0], xk[0], xv[0]});
  SmallVector<int64_t> expected = {b, xq[1], wo[1]};
  for (int i = 0; i < 3; ++i)
    if (conflicts(r[i], expected[i]))
      return emitOpError() << "result shape " << formatShape(r)
                           << " does not match [B, L, Eo] = "
                           << formatShape(expected);

  int64_t s = ShapedType::isDynamic(xk[1]) ? xv[1] : xk[1];
  SmallVector<int64_t> target = {b, hq, xq[1], s};
  return verifyMaskBiasAndAttrs(*this, et, target);
}

LogicalResult MultiHeadAttentionOp::reifyResultShapes(
    OpBuilder &builder, ReifiedRankedShapedTypeDims &reifiedReturnShapes) {
  Location loc = getLoc();
  reifiedReturnShapes.push_back(
      {tensor::getMixedSize(builder, loc, getQueryInput(), 0),
       tensor::getMixedSize(builder, loc, getQueryInput(), 1),
       tensor::getMixedSize(builder, loc, getWO(), 1)});
  return success();
}

void MultiHeadAttentionOp::getCanonicalizationPatterns(
    RewritePatternSet &results, MLIRContext *context) {
  results.add<DropTrivialMaskAndBias<MultiHeadAttentionOp>>(context);
}

#define GET_OP_CLASSES
#include "mha/Dialect/MHA/IR/MHAOps.cpp.inc"
