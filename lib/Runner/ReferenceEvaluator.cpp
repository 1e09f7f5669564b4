//===- ReferenceEvaluator.cpp - run a function's mha ops on the oracle -===//
//
// Interprets the ORIGINAL function (before any lowering) op by op with the
// float64 reference, so --check compares compiled code with the semantics,
// not with another lowering. The same walk derives the real operand sizes,
// which are validated before compiled code runs and give the FLOP count.
//
//===----------------------------------------------------------------------===//
#include "mha/Dialect/MHA/IR/MHAOps.h"
#include "mha/Reference/Reference.h"
#include "mha/Runner/Runner.h"
#include "mha/Support/FloatConversions.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <optional>

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::runner;

namespace ref = mlir::mha::reference;

using Shape = std::vector<int64_t>;
/// Sizes of a value at run time, or null where they are unknown.
using ShapeOf = llvm::function_ref<const Shape *(Value)>;

static std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ", ";
    s += std::to_string(d);
  }
  return s + "]";
}

/// "file:line:col" for file locations, the printed location otherwise.
static std::string formatLoc(Location loc) {
  if (auto fileLoc = dyn_cast<FileLineColLoc>(loc))
    return (fileLoc.getFilename().getValue() + ":" +
            llvm::Twine(fileLoc.getLine()) + ":" +
            llvm::Twine(fileLoc.getColumn()))
        .str();
  std::string text;
  llvm::raw_string_ostream os(text);
  os << loc;
  return text;
}

static std::string describe(Operation *op) {
  return "'" + op->getName().getStringRef().str() + "' at " +
         formatLoc(op->getLoc());
}

static llvm::Error opError(Operation *op, const llvm::Twine &message) {
  return llvm::createStringError(describe(op) + ": " + message);
}

/// Fails when `shape` (a result of `op`) has more elements than an int64
/// counts: only absurd static sizes get there, and the products of the
/// dims below would overflow.
static llvm::Error checkCountable(Operation *op, const Shape &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    if (llvm::MulOverflow(n, d, n))
      return opError(op, "a result of shape " + formatShape(shape) +
                             " has more elements than an int64 can count");
  return llvm::Error::success();
}

static ref::Causal toReference(CausalMode mode) {
  switch (mode) {
  case CausalMode::none:
    return ref::Causal::None;
  case CausalMode::top_left:
    return ref::Causal::TopLeft;
  case CausalMode::bottom_right:
    return ref::Causal::BottomRight;
  }
  return ref::Causal::None;
}

template <typename OpTy> static ref::AttentionAttrs getAttrs(OpTy op) {
  ref::AttentionAttrs attrs;
  attrs.causal = toReference(op.getCausal());
  if (std::optional<ArrayRef<int64_t>> window = op.getWindow())
    if (window->size() == 2)
      attrs.window = std::array<int64_t, 2>{(*window)[0], (*window)[1]};
  if (std::optional<APFloat> scale = op.getScale())
    attrs.scale = scale->convertToDouble();
  if (std::optional<APFloat> softcap = op.getSoftcap())
    attrs.softcap = softcap->convertToDouble();
  return attrs;
}

/// Checks that `shape` (of `name`) broadcasts to [B, Hq, L, S] and returns
/// it as the reference's 4-D shape.
static llvm::Expected<std::array<int64_t, 4>>
getBroadcastShape(Operation *op, StringRef name, const Shape &shape,
                  const std::array<int64_t, 4> &target) {
  static const char *const dimNames[] = {"B", "Hq", "L", "S"};
  if (shape.size() != 4)
    return opError(op, name + " has rank " + llvm::Twine(shape.size()) +
                           ", expected 4");
  for (int d = 0; d < 4; ++d)
    if (shape[d] != 1 && shape[d] != target[d])
      return opError(op, name + " of shape " + formatShape(shape) +
                             " is not broadcastable to [B, Hq, L, S] = " +
                             formatShape(target) + ": dim " + llvm::Twine(d) +
                             " (" + dimNames[d] + ") must be " +
                             llvm::Twine(target[d]) + " or 1");
  return std::array<int64_t, 4>{shape[0], shape[1], shape[2], shape[3]};
}

/// Checks that the static dims of `op`'s result type agree with `expected`.
static llvm::Error checkResultType(Operation *op, const Shape &expected) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  for (auto [d, size] : llvm::enumerate(type.getShape()))
    if (!ShapedType::isDynamic(size) && size != expected[d])
      return opError(op, "the operands give a result of shape " +
                             formatShape(expected) +
                             " but the result type is " +
                             llvm::Twine(llvm::formatv("{0}", type).str()));
  return llvm::Error::success();
}

static llvm::Error sizeMismatch(Operation *op, StringRef what, StringRef a,
                                int64_t aSize, StringRef b, int64_t bSize) {
  return opError(op, what + " differs: " + a + " has " + llvm::Twine(aSize) +
                         ", " + b + " has " + llvm::Twine(bSize));
}

/// Sets the reference shapes of `op`'s optional mask and bias (either op
/// kind), which must broadcast to the problem's [B, Hq, L, S].
template <typename OpTy, typename Problem>
static llvm::Error setMaskAndBiasShapes(OpTy op, ShapeOf shapeOf,
                                        Problem &p) {
  std::array<int64_t, 4> target = {p.batch, p.numHeads, p.queryLen, p.keyLen};
  auto set = [&](Value operand, StringRef name,
                 std::array<int64_t, 4> &shape) -> llvm::Error {
    if (!operand)
      return llvm::Error::success();
    auto broadcast = getBroadcastShape(op, name, *shapeOf(operand), target);
    if (!broadcast)
      return broadcast.takeError();
    shape = *broadcast;
    return llvm::Error::success();
  };
  if (llvm::Error err = set(op.getMask(), "mask", p.mask.shape))
    return err;
  return set(op.getBias(), "bias", p.bias.shape);
}

/// Sizes of an mha.attention from its operands' run-time sizes; data
/// pointers are left null.
static llvm::Expected<ref::AttentionProblem> buildProblem(AttentionOp op,
                                                          ShapeOf shapeOf) {
  const Shape &q = *shapeOf(op.getQuery()), &k = *shapeOf(op.getKey()),
              &v = *shapeOf(op.getValue());
  if (k[0] != q[0])
    return sizeMismatch(op, "batch size B", "query", q[0], "key", k[0]);
  if (v[0] != q[0])
    return sizeMismatch(op, "batch size B", "query", q[0], "value", v[0]);
  if (v[1] != k[1])
    return sizeMismatch(op, "key/value head count Hkv", "key", k[1], "value",
                        v[1]);
  if (v[2] != k[2])
    return sizeMismatch(op, "sequence length S", "key", k[2], "value", v[2]);
  if (k[3] != q[3])
    return sizeMismatch(op, "head dimension E", "query", q[3], "key", k[3]);
  if (k[1] <= 0 || q[1] % k[1] != 0)
    return opError(op, "query head count Hq = " + llvm::Twine(q[1]) +
                           " is not a multiple of key/value head count Hkv "
                           "= " +
                           llvm::Twine(k[1]));

  ref::AttentionProblem p;
  p.batch = q[0];
  p.numHeads = q[1];
  p.numKvHeads = k[1];
  p.queryLen = q[2];
  p.keyLen = k[2];
  p.headDim = q[3];
  p.valueHeadDim = v[3];
  p.attrs = getAttrs(op);
  if (llvm::Error err = setMaskAndBiasShapes(op, shapeOf, p))
    return std::move(err);
  if (llvm::Error err = checkResultType(
          op, {p.batch, p.numHeads, p.queryLen, p.valueHeadDim}))
    return std::move(err);
  return p;
}

/// Sizes of an mha.multi_head_attention from its operands' run-time sizes.
static llvm::Expected<ref::MultiHeadAttentionProblem>
buildProblem(MultiHeadAttentionOp op, ShapeOf shapeOf) {
  const Shape &xq = *shapeOf(op.getQueryInput()),
              &xk = *shapeOf(op.getKeyInput()),
              &xv = *shapeOf(op.getValueInput()), &wq = *shapeOf(op.getWQ()),
              &wk = *shapeOf(op.getWK()), &wv = *shapeOf(op.getWV()),
              &wo = *shapeOf(op.getWO());
  if (xk[0] != xq[0])
    return sizeMismatch(op, "batch size B", "query_input", xq[0], "key_input",
                        xk[0]);
  if (xv[0] != xq[0])
    return sizeMismatch(op, "batch size B", "query_input", xq[0], "value_input",
                        xv[0]);
  if (xv[1] != xk[1])
    return sizeMismatch(op, "sequence length S", "key_input", xk[1],
                        "value_input", xv[1]);
  if (wq[0] != xq[2])
    return sizeMismatch(op, "query width Eq", "query_input", xq[2],
                        "w_q (rows)", wq[0]);
  if (wk[0] != xk[2])
    return sizeMismatch(op, "key width Ek", "key_input", xk[2], "w_k (rows)",
                        wk[0]);
  if (wv[0] != xv[2])
    return sizeMismatch(op, "value width Evi", "value_input", xv[2],
                        "w_v (rows)", wv[0]);

  const int64_t hq = static_cast<int64_t>(op.getNumHeads());
  const int64_t hkv = op.getEffectiveNumKvHeads();
  if (hq <= 0 || hkv <= 0 || hq % hkv != 0 || wq[1] % hq != 0 ||
      wv[1] % hkv != 0)
    return opError(op,
                   "w_q columns (" + llvm::Twine(wq[1]) +
                       ") and w_v columns (" + llvm::Twine(wv[1]) +
                       ") do not split into num_heads = " + llvm::Twine(hq) +
                       " and num_kv_heads = " + llvm::Twine(hkv) + " heads");
  const int64_t e = wq[1] / hq, ev = wv[1] / hkv;
  if (wk[1] != hkv * e)
    return sizeMismatch(op, "key projection width Hkv*E", "w_k (columns)",
                        wk[1], "num_kv_heads * E", hkv * e);
  if (wo[0] != hq * ev)
    return sizeMismatch(op, "merged width Hq*Ev", "w_o (rows)", wo[0],
                        "num_heads * Ev", hq * ev);

  ref::MultiHeadAttentionProblem p;
  p.batch = xq[0];
  p.queryLen = xq[1];
  p.keyLen = xk[1];
  p.queryInputDim = xq[2];
  p.keyInputDim = xk[2];
  p.valueInputDim = xv[2];
  p.numHeads = hq;
  p.numKvHeads = hkv;
  p.headDim = e;
  p.valueHeadDim = ev;
  p.outputDim = wo[1];
  p.attrs = getAttrs(op);

  if (op.hasProjectionBiases()) {
    const std::pair<Value, int64_t> biases[] = {{op.getBQ(), wq[1]},
                                                {op.getBK(), wk[1]},
                                                {op.getBV(), wv[1]},
                                                {op.getBO(), wo[1]}};
    const char *const names[] = {"b_q", "b_k", "b_v", "b_o"};
    for (auto [i, bias] : llvm::enumerate(biases))
      if ((*shapeOf(bias.first))[0] != bias.second)
        return sizeMismatch(op, "projection bias size", names[i],
                            (*shapeOf(bias.first))[0], "its weight's columns",
                            bias.second);
  }
  if (llvm::Error err = setMaskAndBiasShapes(op, shapeOf, p))
    return std::move(err);
  if (llvm::Error err = checkResultType(op, {p.batch, p.queryLen, p.outputDim}))
    return std::move(err);
  return p;
}

/// A dense constant's elements, or failure for unsupported constants.
static FailureOr<ReferenceTensor> evaluateConstant(arith::ConstantOp op) {
  auto type = dyn_cast<RankedTensorType>(op.getType());
  auto attr = dyn_cast<DenseElementsAttr>(op.getValue());
  if (!type || !attr || !type.hasStaticShape())
    return failure();
  FailureOr<ElementKind> kind = getElementKind(type.getElementType());
  if (failed(kind))
    return failure();
  ReferenceTensor t;
  t.kind = *kind;
  t.shape.assign(type.getShape().begin(), type.getShape().end());
  if (*kind == ElementKind::I1) {
    for (bool b : attr.getValues<bool>())
      t.values.push_back(b ? 1.0 : 0.0);
  } else {
    for (APFloat f : attr.getValues<APFloat>())
      t.values.push_back(f.convertToDouble());
  }
  return t;
}

/// The largest constant the reference expands (as doubles): 2^28 elements,
/// 2 GiB. A splat of a huge type is a few bytes of IR but would not fit.
static constexpr int64_t kMaxConstantElements = int64_t(1) << 28;

static bool isSupportedConstant(arith::ConstantOp op) {
  auto type = dyn_cast<RankedTensorType>(op.getType());
  if (!type || !type.hasStaticShape())
    return false;
  int64_t n = 1;
  for (int64_t d : type.getShape())
    if (llvm::MulOverflow(n, d, n) || n > kMaxConstantElements)
      return false;
  return isa<DenseElementsAttr>(op.getValue()) &&
         succeeded(getElementKind(type.getElementType()));
}

//===----------------------------------------------------------------------===//
// Sizes and reshapes: the data movement a raised function keeps around its
// mha ops (tensor.expand_shape, tensor.collapse_shape, tensor.cast, and the
// index values tensor.dim and arith.constant give their sizes). A reshape
// keeps the row-major order, so the reference moves no data: it derives the
// result's sizes and checks them against the types.
//===----------------------------------------------------------------------===//

/// Index values at run time, or nullopt where they are unknown.
using IndexOf = llvm::function_ref<std::optional<int64_t>(Value)>;

static std::optional<int64_t>
lookupIndex(const llvm::DenseMap<Value, int64_t> &indices, Value v) {
  auto it = indices.find(v);
  if (it == indices.end())
    return std::nullopt;
  return it->second;
}

static bool isIndexOp(Operation &op) {
  if (auto constant = dyn_cast<arith::ConstantOp>(op))
    return constant.getType().isIndex();
  return isa<tensor::DimOp>(op);
}

static bool isReshapeOp(Operation &op) {
  return isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tensor::CastOp>(
             op) &&
         isa<RankedTensorType>(op.getOperand(0).getType()) &&
         isa<RankedTensorType>(op.getResult(0).getType());
}

static llvm::Expected<int64_t> evaluateIndex(Operation &op, ShapeOf shapeOf,
                                             IndexOf indexOf) {
  if (auto constant = dyn_cast<arith::ConstantOp>(op))
    return cast<IntegerAttr>(constant.getValue()).getInt();
  auto dim = cast<tensor::DimOp>(op);
  const Shape *shape = shapeOf(dim.getSource());
  std::optional<int64_t> index = indexOf(dim.getIndex());
  if (!shape || !index)
    return llvm::createStringError("reference: unknown operand of " +
                                   describe(&op));
  if (*index < 0 || *index >= static_cast<int64_t>(shape->size()))
    return llvm::createStringError("reference: " + describe(&op) +
                                   " reads dimension " + llvm::Twine(*index) +
                                   " of a rank-" + llvm::Twine(shape->size()) +
                                   " tensor");
  return (*shape)[*index];
}

/// The sizes of a reshape's result, from its operand's sizes `src`
/// (nullopt where an output size of a tensor.expand_shape is not known); an
/// error where they contradict the result type or the element count.
static llvm::Expected<std::optional<Shape>>
reshapeResultShape(Operation &op, const Shape &src, IndexOf indexOf) {
  auto type = cast<RankedTensorType>(op.getResult(0).getType());
  auto mismatch = [&](const Shape &shape) {
    std::string typeText;
    llvm::raw_string_ostream os(typeText);
    os << type;
    return llvm::createStringError(
        "reference: " + describe(&op) + " gets sizes " + formatShape(src) +
        (shape.empty() ? std::string() : " and gives " + formatShape(shape)) +
        ", which do not fit its result type " + typeText);
  };
  Shape shape;
  if (isa<tensor::CastOp>(op)) {
    shape = src;
  } else if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op)) {
    for (const ReassociationIndices &group :
         collapse.getReassociationIndices()) {
      int64_t n = 1;
      for (int64_t d : group)
        if (d >= static_cast<int64_t>(src.size()) ||
            llvm::MulOverflow(n, src[d], n))
          return mismatch(shape);
      shape.push_back(n);
    }
  } else {
    auto expand = cast<tensor::ExpandShapeOp>(op);
    for (OpFoldResult size : expand.getMixedOutputShape()) {
      std::optional<int64_t> n = getConstantIntValue(size);
      if (!n)
        n = indexOf(cast<Value>(size));
      if (!n)
        return std::nullopt;
      shape.push_back(*n);
    }
    SmallVector<ReassociationIndices> groups = expand.getReassociationIndices();
    if (groups.size() != src.size())
      return mismatch(shape);
    for (auto [group, n] : llvm::zip_equal(groups, src)) {
      int64_t product = 1;
      for (int64_t d : group)
        if (shape[d] < 0 || llvm::MulOverflow(product, shape[d], product))
          return mismatch(shape);
      if (product != n)
        return llvm::createStringError("reference: " + describe(&op) +
                                       " gets sizes " + formatShape(src) +
                                       " and gives " + formatShape(shape) +
                                       ", which do not multiply to them");
    }
  }
  if (shape.size() != static_cast<size_t>(type.getRank()))
    return mismatch(shape);
  for (auto [n, t] : llvm::zip_equal(shape, type.getShape()))
    if (!ShapedType::isDynamic(t) && n != t)
      return mismatch(shape);
  return shape;
}

llvm::Error runner::checkReferenceSupports(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return llvm::createStringError(
        "the reference evaluates single-block functions only; '@" +
        func.getName() + "' has " +
        llvm::Twine(func.getBody().getBlocks().size()) + " blocks");
  for (Operation &op : func.getBody().front()) {
    if (isa<AttentionOp, MultiHeadAttentionOp, func::ReturnOp>(op) ||
        isIndexOp(op) || isReshapeOp(op))
      continue;
    if (auto constant = dyn_cast<arith::ConstantOp>(op))
      if (isSupportedConstant(constant))
        continue;
    return llvm::createStringError("reference cannot evaluate '" +
                                   op.getName().getStringRef() + "' at " +
                                   formatLoc(op.getLoc()));
  }
  return llvm::Error::success();
}

static double roundF16(double x) { return roundToKind(ElementKind::F16, x); }
static double roundBF16(double x) { return roundToKind(ElementKind::BF16, x); }

llvm::Expected<std::vector<ReferenceTensor>>
runner::evaluateReference(func::FuncOp func, ArrayRef<HostTensor> args) {
  if (llvm::Error err = checkReferenceSupports(func))
    return std::move(err);
  Block &body = func.getBody().front();
  if (args.size() != body.getNumArguments())
    return llvm::createStringError(
        "reference: expected " + llvm::Twine(body.getNumArguments()) +
        " arguments, got " + llvm::Twine(args.size()));

  llvm::DenseMap<Value, ReferenceTensor> values;
  for (auto [arg, host] : llvm::zip_equal(body.getArguments(), args)) {
    ReferenceTensor t;
    t.kind = host.kind;
    t.shape = host.shape;
    t.values = host.toDoubles();
    values[arg] = std::move(t);
  }
  auto shapeOf = [&](Value v) -> const Shape * {
    auto it = values.find(v);
    return it == values.end() ? nullptr : &it->second.shape;
  };
  // The reference reads null as "operand absent" or "missing buffer"; an
  // empty tensor (a zero size, which is valid) gets a non-null pointer to no
  // elements.
  static double noElements[1];
  auto dataOf = [&](Value v) -> const double * {
    if (!v)
      return nullptr;
    std::vector<double> &data = values[v].values;
    return data.empty() ? noElements : data.data();
  };
  auto outputOf = [&](ReferenceTensor &out) {
    return out.values.empty() ? noElements : out.values.data();
  };
  // The reference takes an i1 mask as bytes.
  auto maskBytes = [&](Value mask) {
    std::vector<uint8_t> bytes;
    if (mask)
      for (double x : values[mask].values)
        bytes.push_back(x != 0.0);
    return bytes;
  };
  auto resultKind = [](Operation *op) {
    return *getElementKind(
        cast<RankedTensorType>(op->getResult(0).getType()).getElementType());
  };
  llvm::DenseMap<Value, int64_t> indices;
  auto indexOf = [&](Value v) { return lookupIndex(indices, v); };

  for (Operation &op : body) {
    if (isIndexOp(op)) {
      llvm::Expected<int64_t> index = evaluateIndex(op, shapeOf, indexOf);
      if (!index)
        return index.takeError();
      indices[op.getResult(0)] = *index;
      continue;
    }
    if (isReshapeOp(op)) {
      const Shape *src = shapeOf(op.getOperand(0));
      if (!src)
        return llvm::createStringError("reference: unknown operand of " +
                                       describe(&op));
      llvm::Expected<std::optional<Shape>> shape =
          reshapeResultShape(op, *src, indexOf);
      if (!shape)
        return shape.takeError();
      if (!*shape)
        return llvm::createStringError(
            "reference: an output size of " + describe(&op) +
            " comes from an op it does not evaluate");
      ReferenceTensor t = values[op.getOperand(0)];
      t.shape = std::move(**shape);
      values[op.getResult(0)] = std::move(t);
      continue;
    }
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      values[constant.getResult()] = *evaluateConstant(constant);
      continue;
    }
    if (auto attention = dyn_cast<AttentionOp>(op)) {
      llvm::Expected<ref::AttentionProblem> problem =
          buildProblem(attention, shapeOf);
      if (!problem)
        return problem.takeError();
      problem->query = dataOf(attention.getQuery());
      problem->key = dataOf(attention.getKey());
      problem->value = dataOf(attention.getValue());
      std::vector<uint8_t> mask = maskBytes(attention.getMask());
      problem->mask.data = attention.getMask() ? mask.data() : nullptr;
      problem->bias.data = dataOf(attention.getBias());
      ReferenceTensor out;
      out.kind = resultKind(attention);
      out.shape = {problem->batch, problem->numHeads, problem->queryLen,
                   problem->valueHeadDim};
      if (llvm::Error err = checkCountable(attention, out.shape))
        return std::move(err);
      out.values.resize(problem->batch * problem->numHeads * problem->queryLen *
                        problem->valueHeadDim);
      std::string err = ref::attention(*problem, outputOf(out));
      if (!err.empty())
        return opError(attention, err);
      for (double &x : out.values)
        x = roundToKind(out.kind, x);
      values[attention.getResult()] = std::move(out);
      continue;
    }
    if (auto mha = dyn_cast<MultiHeadAttentionOp>(op)) {
      llvm::Expected<ref::MultiHeadAttentionProblem> problem =
          buildProblem(mha, shapeOf);
      if (!problem)
        return problem.takeError();
      problem->queryInput = dataOf(mha.getQueryInput());
      problem->keyInput = dataOf(mha.getKeyInput());
      problem->valueInput = dataOf(mha.getValueInput());
      problem->wQ = dataOf(mha.getWQ());
      problem->wK = dataOf(mha.getWK());
      problem->wV = dataOf(mha.getWV());
      problem->wO = dataOf(mha.getWO());
      problem->bQ = dataOf(mha.getBQ());
      problem->bK = dataOf(mha.getBK());
      problem->bV = dataOf(mha.getBV());
      problem->bO = dataOf(mha.getBO());
      std::vector<uint8_t> mask = maskBytes(mha.getMask());
      problem->mask.data = mha.getMask() ? mask.data() : nullptr;
      problem->bias.data = dataOf(mha.getBias());
      ReferenceTensor out;
      out.kind = resultKind(mha);
      // Compiled f16/bf16 code stores the projections and the merged heads
      // in the element type; the reference rounds at the same points.
      if (out.kind == ElementKind::F16)
        problem->roundIntermediate = roundF16;
      else if (out.kind == ElementKind::BF16)
        problem->roundIntermediate = roundBF16;
      out.shape = {problem->batch, problem->queryLen, problem->outputDim};
      if (llvm::Error err = checkCountable(mha, out.shape))
        return std::move(err);
      out.values.resize(problem->batch * problem->queryLen *
                        problem->outputDim);
      std::string err = ref::multiHeadAttention(*problem, outputOf(out));
      if (!err.empty())
        return opError(mha, err);
      for (double &x : out.values)
        x = roundToKind(out.kind, x);
      values[mha.getResult()] = std::move(out);
      continue;
    }
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      std::vector<ReferenceTensor> results;
      for (Value v : ret.getOperands())
        results.push_back(values[v]);
      return results;
    }
  }
  return llvm::createStringError("reference: '@" + func.getName() +
                                 "' has no func.return");
}

llvm::Expected<ShapeAnalysis> runner::analyzeShapes(func::FuncOp func,
                                                    ArrayRef<Shape> argShapes) {
  ShapeAnalysis analysis;
  if (!func.getBody().hasOneBlock()) {
    analysis.flops = -1.0;
    return analysis;
  }
  Block &body = func.getBody().front();
  llvm::DenseMap<Value, Shape> shapes;
  for (auto [arg, shape] : llvm::zip_equal(body.getArguments(), argShapes))
    shapes[arg] = shape;
  auto shapeOf = [&](Value v) -> const Shape * {
    auto it = shapes.find(v);
    return it == shapes.end() ? nullptr : &it->second;
  };
  auto allKnown = [&](Operation &op) {
    return llvm::all_of(op.getOperands(),
                        [&](Value v) { return shapeOf(v) != nullptr; });
  };
  llvm::DenseMap<Value, int64_t> indices;
  auto indexOf = [&](Value v) { return lookupIndex(indices, v); };

  for (Operation &op : body) {
    // Sizes and reshapes move no data and cost no FLOPs; a reshape whose
    // sizes contradict its type is an error before compiled code runs.
    if (isIndexOp(op)) {
      if (llvm::Expected<int64_t> index = evaluateIndex(op, shapeOf, indexOf))
        indices[op.getResult(0)] = *index;
      else
        llvm::consumeError(index.takeError());
      continue;
    }
    if (isReshapeOp(op)) {
      const Shape *src = shapeOf(op.getOperand(0));
      if (!src)
        continue;
      llvm::Expected<std::optional<Shape>> shape =
          reshapeResultShape(op, *src, indexOf);
      if (!shape)
        return shape.takeError();
      if (*shape)
        shapes[op.getResult(0)] = std::move(**shape);
      continue;
    }
    if (auto attention = dyn_cast<AttentionOp>(op)) {
      if (!allKnown(op)) {
        analysis.flops = -1.0;
        continue;
      }
      llvm::Expected<ref::AttentionProblem> p =
          buildProblem(attention, shapeOf);
      if (!p)
        return p.takeError();
      Shape result = {p->batch, p->numHeads, p->queryLen, p->valueHeadDim};
      if (llvm::Error err = checkCountable(attention, result))
        return std::move(err);
      if (analysis.flops >= 0.0)
        analysis.flops +=
            ref::attentionFlops(p->batch, p->numHeads, p->queryLen, p->keyLen,
                                p->headDim, p->valueHeadDim, p->attrs.causal);
      shapes[attention.getResult()] = result;
      continue;
    }
    if (auto mha = dyn_cast<MultiHeadAttentionOp>(op)) {
      if (!allKnown(op)) {
        analysis.flops = -1.0;
        continue;
      }
      llvm::Expected<ref::MultiHeadAttentionProblem> p =
          buildProblem(mha, shapeOf);
      if (!p)
        return p.takeError();
      Shape result = {p->batch, p->queryLen, p->outputDim};
      if (llvm::Error err = checkCountable(mha, result))
        return std::move(err);
      if (analysis.flops >= 0.0)
        analysis.flops +=
            ref::projectionFlops(*p) +
            ref::attentionFlops(p->batch, p->numHeads, p->queryLen, p->keyLen,
                                p->headDim, p->valueHeadDim, p->attrs.causal);
      shapes[mha.getResult()] = result;
      continue;
    }
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands()) {
        const Shape *shape = shapeOf(v);
        analysis.resultShapes.push_back(shape ? *shape : Shape());
      }
      continue;
    }
    // Other ops: their FLOPs are unknown, their statically shaped results
    // are still known.
    if (!isa<arith::ConstantOp>(op))
      analysis.flops = -1.0;
    for (Value result : op.getResults())
      if (auto type = dyn_cast<RankedTensorType>(result.getType()))
        if (type.hasStaticShape())
          shapes[result] =
              Shape(type.getShape().begin(), type.getShape().end());
  }
  return analysis;
}
