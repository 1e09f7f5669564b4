//===- RaiseAttention.cpp - decomposed attention back to mha.attention ----===//
//
// Frontends hand us attention already taken apart: Q.K^T as a matmul, a
// constant scale, an optional additive mask, softmax as max/sub/exp/sum/div
// and the product with V, in linalg on tensors or in TOSA. This file finds
// that dataflow, proves that it computes exactly what one mha.attention
// computes (up to f32 rounding), and replaces it.
//
// The matcher walks backwards from the product with V. Reshapes that keep the
// last two dimensions only regroup the batch dimensions ([B*H] <-> [B, H]);
// they preserve the row-major batch index (static shapes prove it by their
// sizes, dynamic ones by the reassociation), so every value of the match is
// seen as [NB, rows, cols] whatever its rank. Masks are not matched
// structurally: a small pointwise evaluator runs the ops that build them
// (linalg.index/arith.cmpi/select bodies, TOSA constant chains, ...) on
// every element of a static shape, which is what checks the exact diagonal
// offset; dynamic sizes (and masks too large to enumerate) are proved once
// for every size on a symbolic index (CausalMaskProof.cpp). With dynamic
// sizes, the rewrite reads every size it needs off the
// match's inputs, and tensor.dim ops on matched values are replaced by the
// sizes they read.
//
//===----------------------------------------------------------------------===//

#include "mha/Dialect/MHA/Transforms/CausalMaskProof.h"
#include "mha/Dialect/MHA/Transforms/Passes.h"
#include "mha/Dialect/MHA/Transforms/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/Support/MathExtras.h"

#include <cfloat>
#include <cmath>
#include <limits>

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHARAISEATTENTION
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;
using namespace mlir::mha;

namespace {

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

/// The type of `v` when it is an f32 tensor of rank >= 2; its sizes may be
/// dynamic.
RankedTensorType getF32Matrix(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || !type.getElementType().isF32() || type.getRank() < 2)
    return {};
  return type;
}

/// The type of `v` when it is a statically shaped f32 tensor of rank >= 2.
RankedTensorType getStaticF32Matrix(Value v) {
  RankedTensorType type = getF32Matrix(v);
  return type && type.hasStaticShape() ? type : RankedTensorType();
}

/// False when two sizes are both static and differ.
bool compatibleSize(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

/// True when two batch shapes of values that are known to hold the same
/// number of batch rows are equal: the same rank, the same nonzero size at
/// every position where both are static, and at most one position where
/// either is dynamic (equal products then force that one to agree too).
bool sameBatchShape(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  if (a.size() != b.size())
    return false;
  int dynamic = 0;
  for (auto [x, y] : llvm::zip_equal(a, b)) {
    if (ShapedType::isDynamic(x) || ShapedType::isDynamic(y)) {
      ++dynamic;
      continue;
    }
    if (x != y || x == 0)
      return false;
  }
  return dynamic <= 1;
}

int64_t product(ArrayRef<int64_t> sizes) {
  int64_t p = 1;
  for (int64_t s : sizes)
    p *= s;
  return p;
}

/// The batch dimensions of a [batch..., rows, cols] shape.
ArrayRef<int64_t> batchDims(ArrayRef<int64_t> shape) {
  return shape.drop_back(2);
}

/// The source of a reshape (tensor.expand_shape, tensor.collapse_shape,
/// tosa.reshape) between static shapes of rank >= 2.
Value getStaticReshapeSource(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def ||
      !isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tosa::ReshapeOp>(
          def))
    return {};
  Value src = def->getOperand(0);
  auto srcType = dyn_cast<RankedTensorType>(src.getType());
  auto dstType = dyn_cast<RankedTensorType>(v.getType());
  if (!srcType || !dstType || !srcType.hasStaticShape() ||
      !dstType.hasStaticShape() || srcType.getRank() < 2 ||
      dstType.getRank() < 2)
    return {};
  return src;
}

/// True when `reassociation` (the groups of the higher-rank side, of type
/// `high`, per dimension of the lower-rank side) keeps the last two
/// dimensions: the last group is the last dimension alone, and the group of
/// the second-to-last ends with it and holds otherwise only static 1s.
bool keepsLastTwo(ArrayRef<ReassociationIndices> reassociation,
                  RankedTensorType high) {
  int64_t rank = high.getRank();
  if (reassociation.size() < 2 ||
      reassociation.back() != ReassociationIndices{rank - 1})
    return false;
  const ReassociationIndices &rows = reassociation.end()[-2];
  if (rows.back() != rank - 2)
    return false;
  return llvm::all_of(ArrayRef<int64_t>(rows).drop_back(),
                      [&](int64_t d) { return high.getDimSize(d) == 1; });
}

/// The source of a reshape that keeps the last two dimensions, i.e. one
/// that only regroups the batch dimensions, row-major. Static shapes prove
/// it by their sizes; with dynamic sizes, a tensor.expand_shape or
/// tensor.collapse_shape proves it by its reassociation.
Value getBatchReshapeSource(Value v) {
  if (Value src = getStaticReshapeSource(v)) {
    if (cast<RankedTensorType>(src.getType()).getShape().take_back(2) !=
        cast<RankedTensorType>(v.getType()).getShape().take_back(2))
      return {};
    return src;
  }
  auto type = getF32Matrix(v);
  if (!type)
    return {};
  if (auto expand = v.getDefiningOp<tensor::ExpandShapeOp>()) {
    if (getF32Matrix(expand.getSrc()) &&
        keepsLastTwo(expand.getReassociationIndices(), type))
      return expand.getSrc();
  } else if (auto collapse = v.getDefiningOp<tensor::CollapseShapeOp>()) {
    auto srcType = getF32Matrix(collapse.getSrc());
    if (srcType && keepsLastTwo(collapse.getReassociationIndices(), srcType))
      return collapse.getSrc();
  }
  return {};
}

/// True when every use of `v` but one is a tensor.dim (a frontend reading
/// a dynamic size off it).
bool hasOneNonDimUse(Value v) {
  return llvm::count_if(v.getUsers(), [](Operation *user) {
           return !isa<tensor::DimOp>(user);
         }) == 1;
}

/// Row-major linear index of `idx` in `shape`.
int64_t linearize(ArrayRef<int64_t> idx, ArrayRef<int64_t> shape) {
  int64_t linear = 0;
  for (auto [i, s] : llvm::zip_equal(idx, shape))
    linear = linear * s + i;
  return linear;
}

SmallVector<int64_t> delinearize(int64_t linear, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> idx(shape.size());
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    idx[d] = linear % shape[d];
    linear /= shape[d];
  }
  return idx;
}

/// Advances `idx` over `shape` in row-major order; false after the last.
bool nextIndex(MutableArrayRef<int64_t> idx, ArrayRef<int64_t> shape) {
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    if (++idx[d] < shape[d])
      return true;
    idx[d] = 0;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Pointwise evaluation of constant-built tensors
//===----------------------------------------------------------------------===//

/// One element: a float, an integer (sign-extended from its width), or the
/// "hole", the unknown tensor a mask is applied to, plus an additive offset.
/// `deps` has bit d set when the element may depend on dimension d of the
/// index the evaluation started from.
struct Elem {
  enum Kind { Float, Int, Hole } kind = Float;
  double f = 0.0; // the float, or the hole's offset
  int64_t i = 0;
  uint64_t deps = 0;

  static Elem makeFloat(double f) { return {Float, f, 0}; }
  static Elem makeInt(int64_t i) { return {Int, 0.0, i}; }
  static Elem makeHole(double offset) { return {Hole, offset, 0}; }
};

double roundToType(Type type, double x) {
  if (type.isF64())
    return x;
  if (type.isF32())
    return static_cast<double>(static_cast<float>(x));
  if (auto ft = dyn_cast<FloatType>(type)) {
    APFloat a(x);
    bool losesInfo = false;
    a.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &losesInfo);
    return a.convertToDouble();
  }
  return x;
}

unsigned intWidth(Type type) {
  if (type.isIndex())
    return 64;
  return type.getIntOrFloatBitWidth();
}

int64_t signExtend(int64_t v, unsigned width) {
  return width >= 64 ? v : llvm::SignExtend64(static_cast<uint64_t>(v), width);
}

uint64_t zeroExtend(int64_t v, unsigned width) {
  uint64_t u = static_cast<uint64_t>(v);
  return width >= 64 ? u : (u & ((uint64_t{1} << width) - 1));
}

/// Evaluates single elements of tensors built from constants by elementwise
/// linalg ops (with linalg.index), TOSA elementwise ops, fills and reshapes.
/// A tensor equal to `hole` evaluates to a hole; ops may pass it through a
/// select or add a constant to it, anything else fails. The hole may only be
/// read at the index the evaluation started from.
class PointEvaluator {
public:
  explicit PointEvaluator(Value hole = {}) : hole(hole) {}

  FailureOr<Elem> at(Value tensor, ArrayRef<int64_t> idx) {
    rootIdx.assign(idx.begin(), idx.end());
    budget = kBudget;
    SmallVector<uint64_t> deps;
    for (size_t d = 0; d < idx.size(); ++d)
      deps.push_back(d < 64 ? uint64_t{1} << d : ~uint64_t{0});
    return tensorAt(tensor, idx, deps);
  }

  FailureOr<Elem> scalar(Value s) { return scalarIn(s, nullptr); }

private:
  struct Body {
    linalg::LinalgOp op;
    SmallVector<int64_t> loops;
    SmallVector<uint64_t> loopDeps;
  };

  struct DepthGuard {
    unsigned &depth;
    explicit DepthGuard(unsigned &d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
  };

  /// The element of `t` at `idx`, whose components depend on the root
  /// dimensions `deps`.
  FailureOr<Elem> tensorAt(Value t, ArrayRef<int64_t> idx,
                           ArrayRef<uint64_t> deps);
  FailureOr<Elem> scalarIn(Value s, const Body *body);
  FailureOr<Elem> apply(Operation *op, ArrayRef<Elem> args, Type resultType);
  /// apply(), with the result depending on whatever any argument does.
  FailureOr<Elem> applyWithDeps(Operation *op, ArrayRef<Elem> args,
                                Type resultType) {
    FailureOr<Elem> e = apply(op, args, resultType);
    if (succeeded(e))
      for (const Elem &arg : args)
        e->deps |= arg.deps;
    return e;
  }

  Value hole;
  SmallVector<int64_t> rootIdx;
  unsigned depth = 0;
  /// Steps left for one element, and for all elements together: values read
  /// twice are evaluated twice (no memo), so a chain of ops that each read
  /// the previous one twice would take exponential time without a bound.
  static constexpr unsigned kBudget = 20000;
  unsigned budget = kBudget;
  uint64_t totalBudget = uint64_t{1} << 28;
};

/// The dependencies of all components of an index into `shape` that can
/// vary (dimensions of size 1 read 0).
uint64_t mergeDeps(ArrayRef<uint64_t> deps, ArrayRef<int64_t> shape) {
  uint64_t all = 0;
  for (auto [d, s] : llvm::zip_equal(deps, shape))
    if (s != 1)
      all |= d;
  return all;
}

FailureOr<Elem> PointEvaluator::tensorAt(Value t, ArrayRef<int64_t> idx,
                                         ArrayRef<uint64_t> deps) {
  DepthGuard guard(depth);
  if (depth > 64 || budget == 0 || totalBudget == 0)
    return failure();
  --budget;
  --totalBudget;
  if (hole && t == hole) {
    if (ArrayRef<int64_t>(rootIdx) != idx)
      return failure();
    return Elem::makeHole(0.0);
  }
  auto type = dyn_cast<RankedTensorType>(t.getType());
  if (!type || !type.hasStaticShape() ||
      static_cast<int64_t>(idx.size()) != type.getRank())
    return failure();
  Type elemType = type.getElementType();

  DenseElementsAttr dense;
  if (matchPattern(t, m_Constant(&dense))) {
    int64_t linear = dense.isSplat() ? 0 : linearize(idx, type.getShape());
    Elem e;
    if (isa<FloatType>(elemType))
      e = Elem::makeFloat(
          (*(dense.value_begin<APFloat>() + linear)).convertToDouble());
    else if (elemType.isIntOrIndex())
      e = Elem::makeInt(
          (*(dense.value_begin<APInt>() + linear)).getSExtValue());
    else
      return failure();
    e.deps = dense.isSplat() ? 0 : mergeDeps(deps, type.getShape());
    return e;
  }

  Operation *def = t.getDefiningOp();
  if (!def)
    return failure();

  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tosa::ReshapeOp>(
          def)) {
    auto srcType = dyn_cast<RankedTensorType>(def->getOperand(0).getType());
    if (!srcType || !srcType.hasStaticShape())
      return failure();
    SmallVector<uint64_t> srcDeps(srcType.getRank(),
                                  mergeDeps(deps, type.getShape()));
    return tensorAt(
        def->getOperand(0),
        delinearize(linearize(idx, type.getShape()), srcType.getShape()),
        srcDeps);
  }

  if (auto transpose = dyn_cast<tosa::TransposeOp>(def)) {
    SmallVector<int64_t> src(idx.size());
    SmallVector<uint64_t> srcDeps(idx.size());
    for (auto [d, p] : llvm::enumerate(transpose.getPerms())) {
      src[p] = idx[d];
      srcDeps[p] = deps[d];
    }
    return tensorAt(transpose.getInput1(), src, srcDeps);
  }

  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(def)) {
    if (!linalgOp.hasPureTensorSemantics() ||
        linalgOp.getNumLoops() != linalgOp.getNumParallelLoops())
      return failure();
    unsigned resultNo = cast<OpResult>(t).getResultNumber();
    OpOperand *init = linalgOp.getDpsInitOperand(resultNo);
    AffineMap outMap = linalgOp.getMatchingIndexingMap(init);
    if (!outMap.isPermutation())
      return failure();
    Body body{linalgOp, SmallVector<int64_t>(linalgOp.getNumLoops(), 0),
              SmallVector<uint64_t>(linalgOp.getNumLoops(), 0)};
    for (auto [k, expr] : llvm::enumerate(outMap.getResults())) {
      unsigned pos = cast<AffineDimExpr>(expr).getPosition();
      body.loops[pos] = idx[k];
      body.loopDeps[pos] = deps[k];
    }
    Value yielded = linalgOp.getBlock()->getTerminator()->getOperand(resultNo);
    return scalarIn(yielded, &body);
  }

  // TOSA elementwise ops broadcast dimensions of size 1; arith and math ops
  // on tensors do not broadcast.
  bool isTosa = isa<tosa::AddOp, tosa::SubOp, tosa::MulOp, tosa::SelectOp,
                    tosa::LogicalNotOp, tosa::LogicalAndOp, tosa::LogicalOrOp,
                    tosa::GreaterOp, tosa::GreaterEqualOp, tosa::EqualOp,
                    tosa::CastOp, tosa::ReciprocalOp>(def);
  bool isArith = def->getNumResults() == 1 && def->getNumRegions() == 0 &&
                 def->hasTrait<OpTrait::Elementwise>() &&
                 isa<arith::ArithDialect, math::MathDialect>(def->getDialect());
  if (!isTosa && !isArith)
    return failure();
  SmallVector<Elem> args;
  unsigned numArgs = def->getNumOperands();
  if (isa<tosa::MulOp>(def))
    numArgs = 2; // the shift operand
  for (unsigned n = 0; n < numArgs; ++n) {
    Value operand = def->getOperand(n);
    auto operandType = dyn_cast<RankedTensorType>(operand.getType());
    if (!operandType || operandType.getRank() != type.getRank())
      return failure();
    SmallVector<int64_t> operandIdx(idx);
    SmallVector<uint64_t> operandDeps(deps);
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (operandType.getDimSize(d) == 1) {
        operandIdx[d] = 0;
        operandDeps[d] = 0;
      }
    }
    FailureOr<Elem> e = tensorAt(operand, operandIdx, operandDeps);
    if (failed(e))
      return failure();
    args.push_back(*e);
  }
  return applyWithDeps(def, args, elemType);
}

FailureOr<Elem> PointEvaluator::scalarIn(Value s, const Body *body) {
  DepthGuard guard(depth);
  if (depth > 64 || budget == 0 || totalBudget == 0)
    return failure();
  --budget;
  --totalBudget;
  if (auto arg = dyn_cast<BlockArgument>(s)) {
    if (!body)
      return failure();
    linalg::LinalgOp op = body->op;
    if (arg.getOwner() != op.getBlock())
      return failure();
    OpOperand *operand = op.getMatchingOpOperand(arg);
    Value v = operand->get();
    if (!isa<ShapedType>(v.getType()))
      return scalarIn(v, nullptr);
    AffineMap map = op.getMatchingIndexingMap(operand);
    SmallVector<uint64_t> deps;
    for (AffineExpr e : map.getResults()) {
      if (auto dim = dyn_cast<AffineDimExpr>(e))
        deps.push_back(body->loopDeps[dim.getPosition()]);
      else if (isa<AffineConstantExpr>(e))
        deps.push_back(0);
      else
        return failure();
    }
    return tensorAt(v, map.compose(body->loops), deps);
  }
  Operation *def = s.getDefiningOp();
  if (!def)
    return failure();
  if (auto constant = dyn_cast<arith::ConstantOp>(def)) {
    if (auto f = dyn_cast<FloatAttr>(constant.getValue()))
      return Elem::makeFloat(f.getValueAsDouble());
    if (auto i = dyn_cast<IntegerAttr>(constant.getValue()))
      return Elem::makeInt(
          signExtend(i.getValue().getSExtValue(), intWidth(i.getType())));
    return failure();
  }
  if (auto index = dyn_cast<linalg::IndexOp>(def)) {
    if (!body || index.getDim() >= body->loops.size())
      return failure();
    Elem e = Elem::makeInt(body->loops[index.getDim()]);
    e.deps = body->loopDeps[index.getDim()];
    return e;
  }
  if (def->getNumResults() != 1 || def->getNumRegions() != 0 ||
      !isa<arith::ArithDialect, math::MathDialect>(def->getDialect()))
    return failure();
  SmallVector<Elem> args;
  for (Value operand : def->getOperands()) {
    FailureOr<Elem> e = scalarIn(operand, body);
    if (failed(e))
      return failure();
    args.push_back(*e);
  }
  return applyWithDeps(def, args, s.getType());
}

bool compareFloats(arith::CmpFPredicate p, double a, double b) {
  bool unordered = std::isnan(a) || std::isnan(b);
  using P = arith::CmpFPredicate;
  switch (p) {
  case P::AlwaysFalse:
    return false;
  case P::AlwaysTrue:
    return true;
  case P::OEQ:
    return !unordered && a == b;
  case P::OGT:
    return !unordered && a > b;
  case P::OGE:
    return !unordered && a >= b;
  case P::OLT:
    return !unordered && a < b;
  case P::OLE:
    return !unordered && a <= b;
  case P::ONE:
    return !unordered && a != b;
  case P::ORD:
    return !unordered;
  case P::UEQ:
    return unordered || a == b;
  case P::UGT:
    return unordered || a > b;
  case P::UGE:
    return unordered || a >= b;
  case P::ULT:
    return unordered || a < b;
  case P::ULE:
    return unordered || a <= b;
  case P::UNE:
    return unordered || a != b;
  case P::UNO:
    return unordered;
  }
  return false;
}

bool compareInts(arith::CmpIPredicate p, int64_t a, int64_t b, unsigned width) {
  uint64_t ua = zeroExtend(a, width), ub = zeroExtend(b, width);
  using P = arith::CmpIPredicate;
  switch (p) {
  case P::eq:
    return a == b;
  case P::ne:
    return a != b;
  case P::slt:
    return a < b;
  case P::sle:
    return a <= b;
  case P::sgt:
    return a > b;
  case P::sge:
    return a >= b;
  case P::ult:
    return ua < ub;
  case P::ule:
    return ua <= ub;
  case P::ugt:
    return ua > ub;
  case P::uge:
    return ua >= ub;
  }
  return false;
}

FailureOr<Elem> PointEvaluator::apply(Operation *op, ArrayRef<Elem> args,
                                      Type resultType) {
  Type elemType = getElementTypeOrSelf(resultType);
  auto isF = [&](unsigned n) {
    return n < args.size() && args[n].kind == Elem::Float;
  };
  auto isI = [&](unsigned n) {
    return n < args.size() && args[n].kind == Elem::Int;
  };
  auto isHole = [&](unsigned n) {
    return n < args.size() && args[n].kind == Elem::Hole;
  };
  auto makeF = [&](double x) {
    return Elem::makeFloat(roundToType(elemType, x));
  };
  auto makeI = [&](int64_t x) {
    return Elem::makeInt(signExtend(x, intWidth(elemType)));
  };
  auto makeBool = [](bool b) { return Elem::makeInt(b ? -1 : 0); };

  // Selects pass any element through, the hole included.
  if (isa<arith::SelectOp, tosa::SelectOp>(op)) {
    if (!isI(0))
      return failure();
    return args[0].i != 0 ? args[1] : args[2];
  }
  // A constant added to (or subtracted from) the hole moves its offset;
  // multiplying it by exactly 1 keeps it.
  if (isa<arith::AddFOp, tosa::AddOp>(op) && elemType.isF32()) {
    if (isHole(0) && isF(1))
      return Elem::makeHole(args[0].f + args[1].f);
    if (isF(0) && isHole(1))
      return Elem::makeHole(args[0].f + args[1].f);
  }
  if (isa<arith::SubFOp, tosa::SubOp>(op) && isHole(0) && isF(1) &&
      elemType.isF32())
    return Elem::makeHole(args[0].f - args[1].f);
  if (isa<arith::MulFOp, tosa::MulOp>(op)) {
    if (isHole(0) && isF(1) && args[1].f == 1.0)
      return args[0];
    if (isF(0) && args[0].f == 1.0 && isHole(1))
      return args[1];
  }
  for (const Elem &e : args)
    if (e.kind == Elem::Hole)
      return failure();

  if (isa<FloatType>(elemType)) {
    if (args.size() == 2 && isF(0) && isF(1)) {
      double a = args[0].f, b = args[1].f;
      if (isa<arith::AddFOp, tosa::AddOp>(op))
        return makeF(a + b);
      if (isa<arith::SubFOp, tosa::SubOp>(op))
        return makeF(a - b);
      if (isa<arith::MulFOp, tosa::MulOp>(op))
        return makeF(a * b);
      if (isa<arith::DivFOp>(op))
        return makeF(a / b);
      if (isa<arith::MaximumFOp>(op))
        return makeF(std::isnan(a) || std::isnan(b) ? NAN : std::fmax(a, b));
      if (isa<arith::MinimumFOp>(op))
        return makeF(std::isnan(a) || std::isnan(b) ? NAN : std::fmin(a, b));
      if (isa<arith::MaxNumFOp>(op))
        return makeF(std::fmax(a, b));
      if (isa<arith::MinNumFOp>(op))
        return makeF(std::fmin(a, b));
    }
    if (args.size() == 1 && isF(0)) {
      double a = args[0].f;
      if (isa<arith::NegFOp>(op))
        return makeF(-a);
      if (isa<arith::ExtFOp, arith::TruncFOp, tosa::CastOp>(op))
        return makeF(a);
      if (isa<math::SqrtOp>(op))
        return makeF(std::sqrt(a));
      if (isa<math::RsqrtOp>(op))
        return makeF(1.0 / std::sqrt(a));
      if (isa<tosa::ReciprocalOp>(op))
        return makeF(1.0 / a);
    }
    if (args.size() == 1 && isI(0)) {
      unsigned w = intWidth(getElementTypeOrSelf(op->getOperand(0).getType()));
      if (isa<arith::SIToFPOp>(op))
        return makeF(static_cast<double>(args[0].i));
      if (isa<arith::UIToFPOp>(op))
        return makeF(static_cast<double>(zeroExtend(args[0].i, w)));
      if (auto cast = dyn_cast<tosa::CastOp>(op))
        return makeF(w == 1 ? static_cast<double>(args[0].i != 0)
                            : static_cast<double>(args[0].i));
    }
    return failure();
  }

  if (!elemType.isIntOrIndex())
    return failure();
  if (auto cmp = dyn_cast<arith::CmpFOp>(op)) {
    if (!isF(0) || !isF(1))
      return failure();
    return makeBool(compareFloats(cmp.getPredicate(), args[0].f, args[1].f));
  }
  if (isa<tosa::GreaterOp, tosa::GreaterEqualOp, tosa::EqualOp>(op)) {
    if (isF(0) && isF(1)) {
      double a = args[0].f, b = args[1].f;
      if (isa<tosa::GreaterOp>(op))
        return makeBool(a > b);
      if (isa<tosa::GreaterEqualOp>(op))
        return makeBool(a >= b);
      return makeBool(a == b);
    }
    if (isI(0) && isI(1)) {
      int64_t a = args[0].i, b = args[1].i;
      if (isa<tosa::GreaterOp>(op))
        return makeBool(a > b);
      if (isa<tosa::GreaterEqualOp>(op))
        return makeBool(a >= b);
      return makeBool(a == b);
    }
    return failure();
  }
  for (unsigned n = 0; n < args.size(); ++n)
    if (!isI(n))
      return failure();
  if (auto cmp = dyn_cast<arith::CmpIOp>(op)) {
    unsigned w = intWidth(getElementTypeOrSelf(cmp.getLhs().getType()));
    return makeBool(compareInts(cmp.getPredicate(), args[0].i, args[1].i, w));
  }
  if (args.size() == 2) {
    int64_t a = args[0].i, b = args[1].i;
    if (isa<arith::AddIOp>(op))
      return makeI(a + b);
    if (isa<arith::SubIOp>(op))
      return makeI(a - b);
    if (isa<arith::MulIOp>(op))
      return makeI(a * b);
    if (isa<arith::AndIOp, tosa::LogicalAndOp>(op))
      return makeI(a & b);
    if (isa<arith::OrIOp, tosa::LogicalOrOp>(op))
      return makeI(a | b);
    if (isa<arith::XOrIOp>(op))
      return makeI(a ^ b);
    if (isa<tosa::AddOp>(op))
      return makeI(a + b);
    if (isa<tosa::SubOp>(op))
      return makeI(a - b);
    return failure();
  }
  if (args.size() == 1) {
    unsigned w = intWidth(getElementTypeOrSelf(op->getOperand(0).getType()));
    if (isa<tosa::LogicalNotOp>(op))
      return makeI(~args[0].i);
    if (isa<arith::ExtSIOp, arith::TruncIOp, arith::IndexCastOp>(op))
      return makeI(args[0].i);
    if (isa<arith::ExtUIOp, arith::IndexCastUIOp>(op))
      return makeI(static_cast<int64_t>(zeroExtend(args[0].i, w)));
    if (isa<tosa::CastOp>(op))
      return makeI(intWidth(elemType) == 1 ? (args[0].i != 0 ? -1 : 0)
                                           : args[0].i);
  }
  return failure();
}

/// The value of a constant scalar, or of a tensor whose every element is the
/// same constant (splat constants, fills, and reshapes of them).
std::optional<double> getConstantFloat(Value v) {
  if (!isa<ShapedType>(v.getType())) {
    FailureOr<Elem> e = PointEvaluator().scalar(v);
    if (failed(e) || e->kind != Elem::Float)
      return std::nullopt;
    return e->f;
  }
  while (Operation *def = v.getDefiningOp()) {
    if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tosa::ReshapeOp>(
            def))
      break;
    v = def->getOperand(0);
  }
  DenseElementsAttr dense;
  if (matchPattern(v, m_Constant(&dense))) {
    if (!dense.isSplat() || !isa<FloatType>(dense.getElementType()))
      return std::nullopt;
    return dense.getSplatValue<APFloat>().convertToDouble();
  }
  if (auto fill = v.getDefiningOp<linalg::FillOp>())
    return getConstantFloat(fill.getInputs()[0]);
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Structural recognizers
//===----------------------------------------------------------------------===//

/// One operand of an elementwise op: a tensor read through `map` (from the
/// op's iteration space, which is its result's index space), or a constant.
struct EwOperand {
  Value tensor;
  AffineMap map;
  std::optional<double> constant;
};

enum class EwKind { Add, Sub, Mul, Div, Exp, ExpSub, Recip, Select };

struct Elementwise {
  EwKind kind;
  SmallVector<EwOperand, 2> operands;
  Operation *op;
};

/// The map through which a TOSA elementwise operand of `operandType` is read
/// by a result of `resultType` (dimensions of size 1 broadcast).
AffineMap getTosaBroadcastMap(RankedTensorType operandType,
                              RankedTensorType resultType) {
  MLIRContext *ctx = resultType.getContext();
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < resultType.getRank(); ++d) {
    if (operandType.getDimSize(d) == 1 && resultType.getDimSize(d) != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(d, ctx));
  }
  return AffineMap::get(resultType.getRank(), 0, exprs, ctx);
}

/// `v` without a multiplication by exactly 1 (torch's `alpha` of add/sub).
Value stripMultiplyByOne(Value v, linalg::LinalgOp body) {
  auto mul = v.getDefiningOp<arith::MulFOp>();
  if (!mul || (body && mul->getBlock() != body.getBlock()))
    return v;
  for (unsigned n = 0; n < 2; ++n) {
    std::optional<double> c = getConstantFloat(mul->getOperand(1 - n));
    if (c && *c == 1.0)
      return mul->getOperand(n);
  }
  return v;
}

std::optional<EwOperand> classifyBodyValue(Value x, linalg::LinalgOp op) {
  if (auto arg = dyn_cast<BlockArgument>(x)) {
    if (arg.getOwner() != op.getBlock())
      return std::nullopt;
    OpOperand *operand = op.getMatchingOpOperand(arg);
    if (op.isDpsInit(operand))
      return std::nullopt;
    Value t = operand->get();
    if (std::optional<double> c = getConstantFloat(t))
      return EwOperand{{}, {}, c};
    if (!isa<RankedTensorType>(t.getType()))
      return std::nullopt;
    return EwOperand{t, op.getMatchingIndexingMap(operand), std::nullopt};
  }
  if (std::optional<double> c = getConstantFloat(x))
    return EwOperand{{}, {}, c};
  return std::nullopt;
}

std::optional<Elementwise> matchElementwise(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def || def->getNumResults() != 1)
    return std::nullopt;
  auto resultType = dyn_cast<RankedTensorType>(v.getType());
  if (!resultType || !resultType.getElementType().isF32())
    return std::nullopt;
  MLIRContext *ctx = v.getContext();

  if (auto op = dyn_cast<linalg::LinalgOp>(def)) {
    if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
        op.getNumLoops() != op.getNumParallelLoops() ||
        !op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity() ||
        !op.getRegionOutputArgs()[0].use_empty())
      return std::nullopt;
    Value y = op.getBlock()->getTerminator()->getOperand(0);
    Operation *yDef = y.getDefiningOp();
    if (!yDef || yDef->getBlock() != op.getBlock())
      return std::nullopt;
    auto two = [&](EwKind kind, Value a,
                   Value b) -> std::optional<Elementwise> {
      std::optional<EwOperand> ca = classifyBodyValue(a, op);
      std::optional<EwOperand> cb = classifyBodyValue(b, op);
      if (!ca || !cb)
        return std::nullopt;
      return Elementwise{kind, {*ca, *cb}, def};
    };
    if (auto mul = dyn_cast<arith::MulFOp>(yDef))
      return two(EwKind::Mul, mul.getLhs(), mul.getRhs());
    if (auto select = dyn_cast<arith::SelectOp>(yDef)) {
      // The condition: an i1 tensor read through a map.
      std::optional<EwOperand> c = classifyBodyValue(select.getCondition(), op);
      std::optional<Elementwise> e =
          two(EwKind::Select, select.getTrueValue(), select.getFalseValue());
      if (!c || !c->tensor || !e)
        return std::nullopt;
      e->operands.insert(e->operands.begin(), *c);
      return e;
    }
    if (auto div = dyn_cast<arith::DivFOp>(yDef)) {
      std::optional<double> one = getConstantFloat(div.getLhs());
      if (one && *one == 1.0) {
        std::optional<EwOperand> c = classifyBodyValue(div.getRhs(), op);
        if (c && !c->constant)
          return Elementwise{EwKind::Recip, {*c}, def};
      }
      return two(EwKind::Div, div.getLhs(), div.getRhs());
    }
    if (auto add = dyn_cast<arith::AddFOp>(yDef))
      return two(EwKind::Add, stripMultiplyByOne(add.getLhs(), op),
                 stripMultiplyByOne(add.getRhs(), op));
    if (auto sub = dyn_cast<arith::SubFOp>(yDef))
      return two(EwKind::Sub, sub.getLhs(),
                 stripMultiplyByOne(sub.getRhs(), op));
    if (auto exp = dyn_cast<math::ExpOp>(yDef)) {
      if (auto sub = exp.getOperand().getDefiningOp<arith::SubFOp>()) {
        if (sub->getBlock() == op.getBlock()) {
          std::optional<Elementwise> e =
              two(EwKind::ExpSub, sub.getLhs(),
                  stripMultiplyByOne(sub.getRhs(), op));
          if (e)
            e->op = def;
          return e;
        }
      }
      std::optional<EwOperand> c = classifyBodyValue(exp.getOperand(), op);
      if (!c || c->constant)
        return std::nullopt;
      return Elementwise{EwKind::Exp, {*c}, def};
    }
    return std::nullopt;
  }

  // TOSA broadcasts a dimension of size 1; with a dynamic size, whether it
  // does is only known at run time, so TOSA operands must be static.
  auto tosaOperand = [&](Value operand) -> std::optional<EwOperand> {
    if (std::optional<double> c = getConstantFloat(operand))
      return EwOperand{{}, {}, c};
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (!type || type.getRank() != resultType.getRank() ||
        !type.hasStaticShape() || !resultType.hasStaticShape())
      return std::nullopt;
    return EwOperand{operand, getTosaBroadcastMap(type, resultType),
                     std::nullopt};
  };
  auto tosaTwo = [&](EwKind kind, Value a,
                     Value b) -> std::optional<Elementwise> {
    std::optional<EwOperand> ca = tosaOperand(a), cb = tosaOperand(b);
    if (!ca || !cb)
      return std::nullopt;
    return Elementwise{kind, {*ca, *cb}, def};
  };
  if (auto mul = dyn_cast<tosa::MulOp>(def))
    return tosaTwo(EwKind::Mul, mul.getInput1(), mul.getInput2());
  if (auto add = dyn_cast<tosa::AddOp>(def))
    return tosaTwo(EwKind::Add, add.getInput1(), add.getInput2());
  if (auto sub = dyn_cast<tosa::SubOp>(def))
    return tosaTwo(EwKind::Sub, sub.getInput1(), sub.getInput2());
  if (auto select = dyn_cast<tosa::SelectOp>(def)) {
    // TorchToTosa's masked_fill / where: an i1 condition, broadcast.
    std::optional<EwOperand> c = tosaOperand(select.getInput1());
    std::optional<EwOperand> a = tosaOperand(select.getInput2());
    std::optional<EwOperand> b = tosaOperand(select.getInput3());
    if (!c || !c->tensor || !a || !b)
      return std::nullopt;
    return Elementwise{EwKind::Select, {*c, *a, *b}, def};
  }
  if (isa<tosa::ExpOp, tosa::ReciprocalOp>(def)) {
    std::optional<EwOperand> c = tosaOperand(def->getOperand(0));
    if (!c || c->constant)
      return std::nullopt;
    return Elementwise{
        isa<tosa::ExpOp>(def) ? EwKind::Exp : EwKind::Recip, {*c}, def};
  }

  // arith and math on tensors: same shapes, identity maps.
  auto identity = AffineMap::getMultiDimIdentityMap(resultType.getRank(), ctx);
  auto plain = [&](Value operand) -> std::optional<EwOperand> {
    if (std::optional<double> c = getConstantFloat(operand))
      return EwOperand{{}, {}, c};
    return EwOperand{operand, identity, std::nullopt};
  };
  auto plainTwo = [&](EwKind kind) -> std::optional<Elementwise> {
    std::optional<EwOperand> a = plain(def->getOperand(0));
    std::optional<EwOperand> b = plain(def->getOperand(1));
    return Elementwise{kind, {*a, *b}, def};
  };
  if (isa<arith::MulFOp>(def))
    return plainTwo(EwKind::Mul);
  if (isa<arith::DivFOp>(def))
    return plainTwo(EwKind::Div);
  if (isa<arith::AddFOp>(def))
    return plainTwo(EwKind::Add);
  if (isa<arith::SubFOp>(def))
    return plainTwo(EwKind::Sub);
  if (isa<math::ExpOp>(def))
    return Elementwise{EwKind::Exp, {*plain(def->getOperand(0))}, def};
  if (auto select = dyn_cast<arith::SelectOp>(def)) {
    if (!isa<RankedTensorType>(select.getCondition().getType()))
      return std::nullopt;
    return Elementwise{EwKind::Select,
                       {*plain(select.getCondition()),
                        *plain(select.getTrueValue()),
                        *plain(select.getFalseValue())},
                       def};
  }
  return std::nullopt;
}

/// True when `operand` reads, with an identity map, a tensor of `type`.
bool isIdentityRead(const EwOperand &operand, RankedTensorType type) {
  return operand.tensor && operand.tensor.getType() == type &&
         operand.map.isIdentity();
}

/// A multiplication or division of the tensor `source` by a constant:
/// `source * factor`.
struct ScaleOp {
  Value source;
  double factor;
  Operation *op;
};

std::optional<ScaleOp> matchScale(Value v) {
  std::optional<Elementwise> ew = matchElementwise(v);
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!ew || !type)
    return std::nullopt;
  if (ew->kind == EwKind::Mul) {
    for (unsigned n = 0; n < 2; ++n) {
      const EwOperand &t = ew->operands[n], &c = ew->operands[1 - n];
      if (c.constant && isIdentityRead(t, type))
        return ScaleOp{t.tensor, *c.constant, ew->op};
    }
  }
  if (ew->kind == EwKind::Div && ew->operands[1].constant &&
      isIdentityRead(ew->operands[0], type))
    return ScaleOp{ew->operands[0].tensor, 1.0 / *ew->operands[1].constant,
                   ew->op};
  return std::nullopt;
}

/// A batched product `result[b.., m, n] = sum_k lhs[b.., m, k] * rhs`, with
/// rhs read as [b.., k, n] or, when `rhsTransposed`, as [b.., n, k]; the
/// accumulator starts at zero.
struct Contraction {
  Value lhs, rhs;
  bool rhsTransposed;
  /// The accumulator's initial value (linalg only).
  Value init = {};
};

/// With `anyInit`, the accumulator may start from any tensor (a projection
/// whose bias is broadcast into it).
std::optional<Contraction> matchContraction(Operation *op,
                                            bool anyInit = false) {
  if (op->getNumResults() != 1 || !getF32Matrix(op->getResult(0)))
    return std::nullopt;
  if (auto matmul = dyn_cast<tosa::MatMulOp>(op)) {
    FailureOr<int64_t> aZp = matmul.getAZeroPoint();
    FailureOr<int64_t> bZp = matmul.getBZeroPoint();
    if (failed(aZp) || failed(bZp) || *aZp != 0 || *bZp != 0)
      return std::nullopt;
    return Contraction{matmul.getA(), matmul.getB(), false};
  }
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      linalgOp.getNumDpsInputs() != 2 || linalgOp.getNumDpsInits() != 1 ||
      !linalgOp.hasOnlyProjectedPermutations() ||
      !linalg::isaContractionOpInterface(linalgOp))
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(linalgOp);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1)
    return std::nullopt;
  Value init = linalgOp.getDpsInitOperand(0)->get();
  std::optional<double> start = getConstantFloat(init);
  if (!anyInit && (!start || *start != 0.0))
    return std::nullopt;
  Value lhs = linalgOp.getDpsInputOperand(0)->get();
  Value rhs = linalgOp.getDpsInputOperand(1)->get();
  if (!getF32Matrix(lhs) || !getF32Matrix(rhs))
    return std::nullopt;

  SmallVector<AffineMap> maps = linalgOp.getIndexingMapsArray();
  auto positions = [](AffineMap map) {
    SmallVector<unsigned> pos;
    for (AffineExpr e : map.getResults())
      pos.push_back(cast<AffineDimExpr>(e).getPosition());
    return pos;
  };
  SmallVector<unsigned> out = positions(maps[2]);
  if (out.size() != dims->batch.size() + 2)
    return std::nullopt;
  SmallVector<unsigned> batch(out.begin(), out.end() - 2);
  unsigned m = dims->m[0], n = dims->n[0], k = dims->k[0];
  if (out[out.size() - 2] != m || out.back() != n)
    return std::nullopt;
  auto with = [&](unsigned a, unsigned b) {
    SmallVector<unsigned> r(batch);
    r.push_back(a);
    r.push_back(b);
    return r;
  };
  if (positions(maps[0]) != with(m, k))
    return std::nullopt;
  SmallVector<unsigned> rhsPos = positions(maps[1]);
  if (rhsPos == with(k, n))
    return Contraction{lhs, rhs, false, init};
  if (rhsPos == with(n, k))
    return Contraction{lhs, rhs, true, init};
  return std::nullopt;
}

/// The source of a transpose that swaps exactly the last two dimensions.
Value getLastTwoTransposeSource(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  Operation *def = v.getDefiningOp();
  if (!type || !def || type.getRank() < 2)
    return {};
  int64_t rank = type.getRank();
  SmallVector<int64_t> swap = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(swap[rank - 1], swap[rank - 2]);
  if (auto transpose = dyn_cast<tosa::TransposeOp>(def)) {
    SmallVector<int64_t> perms(transpose.getPerms().begin(),
                               transpose.getPerms().end());
    return perms == swap ? transpose.getInput1() : Value();
  }
  auto op = dyn_cast<linalg::LinalgOp>(def);
  if (!op || !op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumDpsInits() != 1 || op.getNumLoops() != op.getNumParallelLoops())
    return {};
  Value yielded = op.getBlock()->getTerminator()->getOperand(0);
  if (yielded != op.getRegionInputArgs()[0])
    return {};
  AffineMap in = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!in.isPermutation() || !out.isPermutation())
    return {};
  // result[x] = input[in(out^-1(x))].
  AffineMap resultToInput = in.compose(inversePermutation(out));
  if (resultToInput != AffineMap::getPermutationMap(swap, v.getContext()))
    return {};
  return op.getDpsInputOperand(0)->get();
}

enum class ReductionKind { Max, Sum };

/// When `row` holds, for every row of a rank-`rank` tensor X (every index
/// but the last), the max or the sum of X over its last dimension, returns
/// X. `row` has rank `rank - 1`, or rank `rank` with a trailing 1.
Value matchRowReduction(Value row, ReductionKind kind, int64_t rank,
                        llvm::SetVector<Operation *> &ops) {
  auto rowType = dyn_cast<RankedTensorType>(row.getType());
  Operation *def = row.getDefiningOp();
  if (!rowType || !def)
    return {};
  // A reshape to the same static shape changes nothing.
  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tosa::ReshapeOp>(
          def) &&
      rowType.hasStaticShape() && def->getOperand(0).getType() == rowType &&
      hasOneNonDimUse(row)) {
    Value x = matchRowReduction(def->getOperand(0), kind, rank, ops);
    if (x)
      ops.insert(def);
    return x;
  }
  // keepdim as a reshape that appends the unit dimension: static shapes
  // prove it by their sizes, a tensor.expand_shape also by its reassociation
  // (each dimension kept, the last one grouped with the new 1).
  if (isa<tensor::ExpandShapeOp, tosa::ReshapeOp>(def) &&
      rowType.getRank() == rank && rowType.getShape().back() == 1) {
    auto srcType = dyn_cast<RankedTensorType>(def->getOperand(0).getType());
    bool appendsOne = false;
    if (srcType && srcType.getRank() == rank - 1) {
      if (srcType.hasStaticShape() && rowType.hasStaticShape()) {
        appendsOne = srcType.getShape() == rowType.getShape().drop_back();
      } else if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def)) {
        SmallVector<ReassociationIndices> groups =
            expand.getReassociationIndices();
        appendsOne = groups.back() == ReassociationIndices{rank - 2, rank - 1};
        for (int64_t d = 0; d + 1 < static_cast<int64_t>(groups.size()); ++d)
          appendsOne &= groups[d] == ReassociationIndices{d};
      }
    }
    if (appendsOne) {
      Value x = matchRowReduction(def->getOperand(0), kind, rank, ops);
      if (x)
        ops.insert(def);
      return x;
    }
    return {};
  }
  Value input;
  int64_t axis = -1;
  if (auto max = dyn_cast<tosa::ReduceMaxOp>(def)) {
    if (kind == ReductionKind::Max) {
      input = max.getInput();
      axis = max.getAxis();
    }
  } else if (auto sum = dyn_cast<tosa::ReduceSumOp>(def)) {
    if (kind == ReductionKind::Sum) {
      input = sum.getInput();
      axis = sum.getAxis();
    }
  }
  if (input) {
    auto inType = dyn_cast<RankedTensorType>(input.getType());
    if (!inType || inType.getRank() != rank || axis != rank - 1)
      return {};
    ops.insert(def);
    return input;
  }

  // A reduction linalg op; other results (torch's max.dim also computes the
  // argmax) must be unused.
  auto op = dyn_cast<linalg::LinalgOp>(def);
  if (!op || !op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumLoops() != rank || op.getNumReductionLoops() != 1 ||
      op.getIteratorTypesArray().back() != utils::IteratorType::reduction)
    return {};
  unsigned resultNo = cast<OpResult>(row).getResultNumber();
  for (OpResult other : def->getResults())
    if (other.getResultNumber() != resultNo && !other.use_empty())
      return {};
  input = op.getDpsInputOperand(0)->get();
  auto inType = dyn_cast<RankedTensorType>(input.getType());
  if (!inType || inType.getRank() != rank ||
      !op.getMatchingIndexingMap(op.getDpsInputOperand(0)).isIdentity())
    return {};
  MLIRContext *ctx = row.getContext();
  SmallVector<AffineExpr> reduced;
  for (int64_t d = 0; d < rank - 1; ++d)
    reduced.push_back(getAffineDimExpr(d, ctx));
  AffineMap dropLast = AffineMap::get(rank, 0, reduced, ctx);
  reduced.push_back(getAffineConstantExpr(0, ctx));
  AffineMap keepLast = AffineMap::get(rank, 0, reduced, ctx);
  OpOperand *init = op.getDpsInitOperand(resultNo);
  AffineMap outMap = op.getMatchingIndexingMap(init);
  if (outMap != dropLast && outMap != keepLast)
    return {};
  // The body combines the element with the accumulator and nothing else.
  Value yielded = op.getBlock()->getTerminator()->getOperand(resultNo);
  Operation *combine = yielded.getDefiningOp();
  if (!combine || combine->getNumOperands() != 2)
    return {};
  Value in = op.getRegionInputArgs()[0];
  Value acc = op.getRegionOutputArgs()[resultNo];
  if (!((combine->getOperand(0) == in && combine->getOperand(1) == acc) ||
        (combine->getOperand(0) == acc && combine->getOperand(1) == in)))
    return {};
  std::optional<double> start = getConstantFloat(init->get());
  if (!start)
    return {};
  if (kind == ReductionKind::Max) {
    // Any start at or below the lowest finite float is neutral; so is NaN
    // for maxnumf (upstream's decomposition of linalg.softmax uses it).
    bool lowest = *start <= -static_cast<double>(FLT_MAX);
    if (!(isa<arith::MaximumFOp>(combine) && lowest) &&
        !(isa<arith::MaxNumFOp>(combine) && (lowest || std::isnan(*start))))
      return {};
  } else {
    if (!isa<arith::AddFOp>(combine) || *start != 0.0)
      return {};
  }
  ops.insert(def);
  return input;
}

/// The tensor broadcast along the last dimension by `operand` of a rank
/// `rank` op: [b.., i] read at [b.., i, j], or [b.., i, 0] of a tensor with a
/// trailing 1 (also [b.., i, j] when that 1 is the op's own last extent).
Value getRowBroadcastSource(const EwOperand &operand, int64_t rank) {
  if (!operand.tensor)
    return {};
  auto type = dyn_cast<RankedTensorType>(operand.tensor.getType());
  if (!type)
    return {};
  MLIRContext *ctx = operand.tensor.getContext();
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank - 1; ++d)
    exprs.push_back(getAffineDimExpr(d, ctx));
  if (type.getRank() == rank - 1 &&
      operand.map == AffineMap::get(rank, 0, exprs, ctx))
    return operand.tensor;
  if (type.getRank() != rank || type.getShape().back() != 1)
    return {};
  exprs.push_back(getAffineConstantExpr(0, ctx));
  if (operand.map == AffineMap::get(rank, 0, exprs, ctx))
    return operand.tensor;
  // Read through the identity, the unit dimension is the iteration's own
  // (S = 1: TOSA broadcasting then has nothing to broadcast), so the one
  // column read is the row's value all the same.
  exprs.back() = getAffineDimExpr(rank - 1, ctx);
  if (operand.map == AffineMap::get(rank, 0, exprs, ctx))
    return operand.tensor;
  return {};
}

/// `v` without a single-use multiplication by exactly 1.
Value skipMultiplyByOne(Value v, llvm::SetVector<Operation *> &ops) {
  std::optional<ScaleOp> scale = matchScale(v);
  if (scale && scale->factor == 1.0 && hasOneNonDimUse(v)) {
    ops.insert(scale->op);
    return scale->source;
  }
  return v;
}

/// When `p` is the softmax of X over its last dimension, returns X: either
/// linalg.softmax, or exp(X - max(X)) divided by (or multiplied by the
/// reciprocal of) its sum over the same rows.
Value matchSoftmax(Value p, llvm::SetVector<Operation *> &ops) {
  auto type = getF32Matrix(p);
  if (!type)
    return {};
  int64_t rank = type.getRank();
  if (auto softmax = p.getDefiningOp<linalg::SoftmaxOp>()) {
    if (static_cast<int64_t>(softmax.getDimension()) != rank - 1 ||
        softmax.getInput().getType() != type)
      return {};
    ops.insert(softmax);
    return softmax.getInput();
  }

  std::optional<Elementwise> norm = matchElementwise(p);
  if (!norm)
    return {};
  Value e, denominator;
  if (norm->kind == EwKind::Div && isIdentityRead(norm->operands[0], type)) {
    e = norm->operands[0].tensor;
    denominator = getRowBroadcastSource(norm->operands[1], rank);
  } else if (norm->kind == EwKind::Mul) {
    for (unsigned n = 0; n < 2 && !denominator; ++n) {
      if (!isIdentityRead(norm->operands[n], type))
        continue;
      Value r = getRowBroadcastSource(norm->operands[1 - n], rank);
      if (!r)
        continue;
      std::optional<Elementwise> recip = matchElementwise(r);
      if (!recip || recip->kind != EwKind::Recip ||
          !isIdentityRead(recip->operands[0],
                          cast<RankedTensorType>(r.getType())))
        continue;
      e = norm->operands[n].tensor;
      denominator = recip->operands[0].tensor;
      ops.insert(recip->op);
    }
  }
  if (!e || !denominator)
    return {};
  ops.insert(norm->op);
  if (matchRowReduction(denominator, ReductionKind::Sum, rank, ops) != e)
    return {};

  std::optional<Elementwise> exp = matchElementwise(e);
  if (!exp)
    return {};
  ops.insert(exp->op);
  EwOperand x, rowMax;
  if (exp->kind == EwKind::Exp && isIdentityRead(exp->operands[0], type)) {
    std::optional<Elementwise> sub = matchElementwise(exp->operands[0].tensor);
    if (!sub || sub->kind != EwKind::Sub)
      return {};
    ops.insert(sub->op);
    x = sub->operands[0];
    rowMax = sub->operands[1];
  } else if (exp->kind == EwKind::ExpSub) {
    x = exp->operands[0];
    rowMax = exp->operands[1];
  } else {
    return {};
  }
  if (!isIdentityRead(x, type))
    return {};
  Value m = getRowBroadcastSource(rowMax, rank);
  if (!m)
    return {};
  m = skipMultiplyByOne(m, ops);
  if (matchRowReduction(m, ReductionKind::Max, rank, ops) != x.tensor)
    return {};
  return x.tensor;
}

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

/// Evaluates `result` (of the op applied to `scores`) at every index: each
/// element must be the score itself (allowed) or -inf, as the score plus
/// -inf or in place of it (not allowed). Succeeds when the allowed set is
/// `j <= i` (top_left), `j <= i + S - L` (bottom_right) or everything.
std::optional<MaskKind> evaluateCausalMask(Value result, Value scores) {
  auto type = dyn_cast<RankedTensorType>(result.getType());
  if (!type || !type.hasStaticShape() || scores.getType() != type)
    return std::nullopt;
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rank = type.getRank();
  int64_t l = shape[rank - 2], s = shape[rank - 1];
  // About 2 s per 2^20 elements of a TOSA mask chain: bound the work.
  constexpr int64_t kMaxEvaluations = int64_t{1} << 22;
  if (l * s > kMaxEvaluations)
    return std::nullopt;
  // Every element is evaluated, each batch of rows in turn; once the
  // elements of the first batch are known not to depend on the batch
  // indices (masks broadcast over them), that batch stands for all.
  uint64_t batchMask = 0;
  for (int64_t d = 0; d < rank - 2 && d < 64; ++d)
    batchMask |= uint64_t{1} << d;
  if (rank - 2 > 64)
    batchMask = ~uint64_t{0};
  bool topLeft = true, bottomRight = true, anyMasked = false;
  uint64_t deps = 0;
  PointEvaluator evaluator(scores);
  SmallVector<int64_t> idx(rank, 0);
  int64_t evaluated = 0;
  do {
    if (idx[rank - 2] == 0 && idx[rank - 1] == 0 && evaluated > 0 &&
        !(deps & batchMask))
      break;
    if (++evaluated > kMaxEvaluations)
      return std::nullopt;
    FailureOr<Elem> e = evaluator.at(result, idx);
    if (failed(e) || e->kind == Elem::Int)
      return std::nullopt;
    deps |= e->deps;
    bool allowed;
    if (e->kind == Elem::Hole && e->f == 0.0)
      allowed = true;
    else if (std::isinf(e->f) && e->f < 0)
      allowed = false;
    else
      return std::nullopt;
    anyMasked |= !allowed;
    int64_t i = idx[rank - 2], j = idx[rank - 1];
    topLeft &= allowed == (j <= i);
    bottomRight &= allowed == (j <= i + s - l);
    if (!topLeft && !bottomRight && anyMasked)
      return std::nullopt;
  } while (nextIndex(idx, shape));
  if (!anyMasked)
    return MaskKind::Identity;
  if (topLeft)
    return MaskKind::TopLeft;
  if (bottomRight)
    return MaskKind::BottomRight;
  return std::nullopt;
}

/// The band a mask op applies to the scores: a causal mask proved by
/// evaluating every element of a static shape, else a causal or window
/// band proved symbolically (dynamic sizes, masks too large to enumerate,
/// sliding windows).
std::optional<MaskBand> findMaskBand(Value result, Value scores) {
  if (std::optional<MaskKind> kind = evaluateCausalMask(result, scores))
    return MaskBand{*kind, std::nullopt, std::nullopt};
  return proveMaskBand(result, scores);
}

//===----------------------------------------------------------------------===//
// The match
//===----------------------------------------------------------------------===//

/// A bias added to scores of shape `scoreShape` (or, in a MaskUse, an i1
/// mask selecting them), as a tensor whose shape is `shape` (the score
/// rank, 1 where it broadcasts) once reshaped. The reshaping helpers below
/// (getBiasShape, getBiasLanding, biasToRank4Dynamic) serve both.
struct BiasUse {
  Value value;
  SmallVector<int64_t> shape;
  SmallVector<int64_t> scoreShape;
  /// Per dimension of `value`, the score dimension it is read at (-1: at 0).
  SmallVector<int64_t> placement;
};

/// An i1 tensor selecting the scores (allowed where true, or where false
/// when `negated`), read like a bias.
struct MaskUse {
  BiasUse use;
  bool negated = false;
};

struct AttentionMatch {
  Operation *root = nullptr;
  llvm::SetVector<Operation *> ops;
  Value query, key, value;
  double scale = 1.0;
  CausalMode causal = CausalMode::none;
  /// window(left, right) of a sliding-window mask.
  std::optional<std::pair<int64_t, int64_t>> window;
  /// An i1 tensor that selects the scores in place (the `mask` operand).
  std::optional<MaskUse> mask;
  std::optional<BiasUse> bias;
  /// [B, H] of the rank-4 intermediate values met on the way.
  SmallVector<std::pair<int64_t, int64_t>> batchShapes;
  /// tensor.dim ops outside the match on its intermediate values.
  llvm::SetVector<tensor::DimOp> dims;

  void noteBatchShape(Value v) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (type && type.getRank() == 4 && !type.isDynamicDim(0) &&
        !type.isDynamicDim(1))
      batchShapes.push_back({type.getDimSize(0), type.getDimSize(1)});
  }

  /// [B, H] for the mha.attention: that of a rank-4 input (which then needs
  /// no reshape), else of a rank-4 intermediate, else [1, nb].
  std::pair<int64_t, int64_t> preferredBatchShape(int64_t nb) const {
    for (Value v : {query, key, value}) {
      auto type = cast<RankedTensorType>(v.getType());
      if (type.getRank() == 4)
        return {type.getDimSize(0), type.getDimSize(1)};
    }
    if (!batchShapes.empty())
      return batchShapes.front();
    return {1, nb};
  }
};

/// Follows size `dim` of `v` back through the ops of a match (`matched`)
/// to a size that outlives it: a static size, the size operand of a
/// tensor.empty, an output size of a tensor.expand_shape, or a tensor.dim of
/// a value the match does not produce (the init of a destination-style op
/// stands for its result). With a null builder, only says whether it can.
FailureOr<OpFoldResult>
resolveSize(OpBuilder *b, Location loc, Value v, int64_t dim,
            const llvm::SetVector<Operation *> &matched) {
  Builder attrs(v.getContext());
  // Each step moves to an operand's producer, so the walk ends; the bound
  // only guards against a malformed chain.
  for (int step = 0; step < 256; ++step) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || dim < 0 || dim >= type.getRank())
      return failure();
    if (!type.isDynamicDim(dim))
      return OpFoldResult(attrs.getIndexAttr(type.getDimSize(dim)));
    Operation *def = v.getDefiningOp();
    if (auto empty = dyn_cast_or_null<tensor::EmptyOp>(def))
      return OpFoldResult(empty.getDynamicSize(dim));
    if (auto dps = dyn_cast_or_null<DestinationStyleOpInterface>(def)) {
      if (!dps.hasPureTensorSemantics())
        return failure();
      v = dps.getTiedOpOperand(cast<OpResult>(v))->get();
      continue;
    }
    if (auto expand = dyn_cast_or_null<tensor::ExpandShapeOp>(def)) {
      OpFoldResult size = expand.getMixedOutputShape()[dim];
      auto sizeValue = dyn_cast<Value>(size);
      auto sizeDim = sizeValue ? sizeValue.getDefiningOp<tensor::DimOp>()
                               : tensor::DimOp();
      if (!sizeDim || !sizeDim.getConstantIndex())
        return size;
      v = sizeDim.getSource();
      dim = *sizeDim.getConstantIndex();
      continue;
    }
    if (auto collapse = dyn_cast_or_null<tensor::CollapseShapeOp>(def)) {
      // The product of the group's sizes.
      int64_t product = 1;
      Value dynamic;
      SmallVector<ReassociationIndices> groups =
          collapse.getReassociationIndices();
      for (int64_t d : groups[dim]) {
        FailureOr<OpFoldResult> size =
            resolveSize(b, loc, collapse.getSrc(), d, matched);
        if (failed(size))
          return failure();
        if (std::optional<int64_t> n = getConstantIntValue(*size)) {
          product *= *n;
          continue;
        }
        if (!b)
          continue;
        Value x = cast<Value>(*size);
        dynamic = dynamic ? arith::MulIOp::create(*b, loc, dynamic, x) : x;
      }
      if (!b || !dynamic)
        return OpFoldResult(attrs.getIndexAttr(product));
      if (product != 1)
        dynamic = arith::MulIOp::create(
            *b, loc, dynamic, arith::ConstantIndexOp::create(*b, loc, product));
      return OpFoldResult(dynamic);
    }
    if (def && matched.contains(def))
      return failure();
    if (!b)
      return OpFoldResult(v);
    return OpFoldResult(tensor::DimOp::create(*b, loc, v, dim).getResult());
  }
  return failure();
}

/// Walks up single-use batch reshapes (and, with `allowScale`, constant
/// scales, folded into the match's scale) from an input of a product. Uses
/// by tensor.dim do not count: matchAttention resolves them.
Value peelInput(Value v, AttentionMatch &m, bool allowScale) {
  while (hasOneNonDimUse(v)) {
    if (Value src = getBatchReshapeSource(v)) {
      m.ops.insert(v.getDefiningOp());
      v = src;
      continue;
    }
    std::optional<ScaleOp> scale = allowScale ? matchScale(v) : std::nullopt;
    if (scale) {
      m.ops.insert(scale->op);
      m.scale *= scale->factor;
      v = scale->source;
      continue;
    }
    break;
  }
  return v;
}

/// The bias shape at the score rank for a tensor of `biasType` read through
/// `map` by scores of `scoreType`, when the map keeps the bias dimensions in
/// order (a broadcast, no transpose).
/// A dynamic size of the bias read through a loop dimension equals that
/// loop's extent (the generic is undefined otherwise), so it takes the
/// score's size there; `placement` gets, per bias dimension, the score
/// dimension it is read at (-1: read at 0).
std::optional<SmallVector<int64_t>>
getBiasShape(RankedTensorType biasType, AffineMap map,
             RankedTensorType scoreType, SmallVector<int64_t> &placement) {
  if (map.getNumResults() != biasType.getRank())
    return std::nullopt;
  SmallVector<int64_t> shape(scoreType.getRank(), 1);
  placement.assign(biasType.getRank(), -1);
  int64_t last = -1;
  for (auto [t, expr] : llvm::enumerate(map.getResults())) {
    if (auto c = dyn_cast<AffineConstantExpr>(expr)) {
      if (c.getValue() != 0 || biasType.getDimSize(t) != 1)
        return std::nullopt;
      continue;
    }
    auto dim = dyn_cast<AffineDimExpr>(expr);
    if (!dim || static_cast<int64_t>(dim.getPosition()) <= last)
      return std::nullopt;
    last = dim.getPosition();
    int64_t size = biasType.getDimSize(t);
    int64_t scoreSize = scoreType.getDimSize(last);
    if (ShapedType::isDynamic(size))
      size = scoreSize;
    else if (size != 1 && !compatibleSize(size, scoreSize))
      return std::nullopt;
    shape[last] = size;
    placement[t] = last;
  }
  return shape;
}

/// `value` (a bias, or an i1 mask) read through `map` by scores of type
/// `scoreType`, where getBiasShape accepts the read.
std::optional<BiasUse> makeBiasUse(Value value, AffineMap map,
                                   RankedTensorType scoreType) {
  SmallVector<int64_t> placement;
  std::optional<SmallVector<int64_t>> shape = getBiasShape(
      cast<RankedTensorType>(value.getType()), map, scoreType, placement);
  if (!shape)
    return std::nullopt;
  return BiasUse{value, *shape, llvm::to_vector(scoreType.getShape()),
                 placement};
}

LogicalResult walkScores(Value x, AttentionMatch &m, double laterScale);

/// Q.K^T: the product, the key's transpose, scales on either input.
LogicalResult matchScoreProduct(Operation *op, const Contraction &c,
                                AttentionMatch &m) {
  m.ops.insert(op);
  m.query = peelInput(c.lhs, m, /*allowScale=*/true);
  Value key = peelInput(c.rhs, m, /*allowScale=*/true);
  if (!c.rhsTransposed) {
    if (!hasOneNonDimUse(key))
      return failure();
    Value src = getLastTwoTransposeSource(key);
    if (!src)
      return failure();
    m.ops.insert(key.getDefiningOp());
    key = peelInput(src, m, /*allowScale=*/true);
  }
  m.key = key;
  return success();
}

/// Matches the scores X that enter the softmax, back to Q.K^T. `laterScale`
/// is the product of the scales applied between X and the softmax.
LogicalResult walkScores(Value x, AttentionMatch &m, double laterScale) {
  Operation *def = x.getDefiningOp();
  auto type = getF32Matrix(x);
  if (!def || !type)
    return failure();
  m.noteBatchShape(x);

  if (Value src = getBatchReshapeSource(x)) {
    m.ops.insert(def);
    return walkScores(src, m, laterScale);
  }
  if (std::optional<Contraction> c = matchContraction(def))
    return matchScoreProduct(def, *c, m);
  if (std::optional<ScaleOp> scale = matchScale(x)) {
    m.ops.insert(def);
    m.scale *= scale->factor;
    return walkScores(scale->source, m, laterScale * scale->factor);
  }

  // A causal mask, additive or in place, on one operand of the scores'
  // type. A -inf stays -inf only under positive scales.
  for (Value operand : def->getOperands()) {
    if (operand.getType() != type || m.causal != CausalMode::none || m.window ||
        !(laterScale > 0))
      continue;
    std::optional<MaskBand> band = findMaskBand(x, operand);
    if (!band)
      continue;
    AttentionMatch attempt = m;
    attempt.ops.insert(def);
    // An i1 tensor in the same condition (a padding mask and-ed with the
    // band) becomes the `mask` operand.
    if (band->mask) {
      if (m.mask)
        continue;
      SmallVector<AffineExpr> reads;
      for (int64_t d : band->mask->dims)
        reads.push_back(d < 0 ? getAffineConstantExpr(0, def->getContext())
                              : getAffineDimExpr(d, def->getContext()));
      AffineMap map =
          AffineMap::get(type.getRank(), 0, reads, def->getContext());
      std::optional<BiasUse> use = makeBiasUse(band->mask->tensor, map, type);
      if (!use)
        continue;
      attempt.mask = MaskUse{*use, band->mask->negated};
    }
    if (band->causal == MaskKind::TopLeft)
      attempt.causal = CausalMode::top_left;
    else if (band->causal == MaskKind::BottomRight)
      attempt.causal = CausalMode::bottom_right;
    attempt.window = band->window;
    if (succeeded(walkScores(operand, attempt, laterScale))) {
      m = std::move(attempt);
      return success();
    }
  }

  std::optional<Elementwise> ew = matchElementwise(x);
  if (!ew)
    return failure();

  // A mask selected in place from an i1 tensor (a key padding mask,
  // torch's where or masked_fill): the score where the tensor allows it,
  // -inf elsewhere (or the other way round: the tensor is negated). It
  // becomes the `mask` operand, reshaped to rank 4 like a bias.
  if (ew->kind == EwKind::Select && !m.mask && laterScale > 0) {
    const EwOperand &cond = ew->operands[0];
    auto condType = cond.tensor
                        ? dyn_cast<RankedTensorType>(cond.tensor.getType())
                        : RankedTensorType();
    for (unsigned n = 1; n < 3; ++n) {
      const EwOperand &scores = ew->operands[n], &other = ew->operands[3 - n];
      if (!condType || !condType.getElementType().isInteger(1) ||
          !isIdentityRead(scores, type) || !other.constant ||
          !std::isinf(*other.constant) || *other.constant > 0)
        continue;
      std::optional<BiasUse> use = makeBiasUse(cond.tensor, cond.map, type);
      if (!use)
        continue;
      AttentionMatch attempt = m;
      attempt.ops.insert(def);
      attempt.mask = MaskUse{*use, /*negated=*/n == 2};
      if (succeeded(walkScores(scores.tensor, attempt, laterScale))) {
        m = std::move(attempt);
        return success();
      }
    }
  }

  // An additive bias, unless a scale follows it (it would scale the bias).
  if (ew->kind != EwKind::Add || m.bias || laterScale != 1.0)
    return failure();
  for (unsigned n = 0; n < 2; ++n) {
    const EwOperand &scores = ew->operands[n], &bias = ew->operands[1 - n];
    if (!isIdentityRead(scores, type) || !bias.tensor ||
        !cast<RankedTensorType>(bias.tensor.getType()).getElementType().isF32())
      continue;
    std::optional<BiasUse> use = makeBiasUse(bias.tensor, bias.map, type);
    if (!use)
      continue;
    AttentionMatch attempt = m;
    attempt.ops.insert(def);
    attempt.bias = *use;
    if (succeeded(walkScores(scores.tensor, attempt, laterScale))) {
      m = std::move(attempt);
      return success();
    }
  }
  return failure();
}

FailureOr<AttentionMatch> matchAttention(Operation *root) {
  std::optional<Contraction> pv = matchContraction(root);
  if (!pv || pv->rhsTransposed)
    return failure();
  AttentionMatch m;
  m.root = root;
  m.ops.insert(root);
  m.noteBatchShape(root->getResult(0));

  Value p = pv->lhs;
  while (Value src = getBatchReshapeSource(p)) {
    m.ops.insert(p.getDefiningOp());
    p = src;
  }
  Value x = matchSoftmax(p, m.ops);
  if (!x || failed(walkScores(x, m, 1.0)))
    return failure();
  m.value = peelInput(pv->rhs, m, /*allowScale=*/false);
  if (!std::isfinite(static_cast<float>(m.scale)))
    return failure();

  // Shapes: Q [.., L, E], K [.., S, E], V [.., S, Ev], scores [.., L, S],
  // result [.., L, Ev], with the same number of batch rows everywhere. The
  // products and the reshapes between them guarantee that at run time;
  // static sizes must agree here. E and Ev must be static (mha.attention
  // requires it).
  auto qType = getF32Matrix(m.query);
  auto kType = getF32Matrix(m.key);
  auto vType = getF32Matrix(m.value);
  auto sType = getF32Matrix(x);
  auto oType = getF32Matrix(root->getResult(0));
  if (!qType || !kType || !vType || !sType || !oType)
    return failure();
  ArrayRef<int64_t> q = qType.getShape(), k = kType.getShape(),
                    v = vType.getShape(), s = sType.getShape(),
                    o = oType.getShape();
  int64_t l = q.end()[-2], e = q.back(), len = k.end()[-2];
  if (ShapedType::isDynamic(e) || ShapedType::isDynamic(k.back()) ||
      ShapedType::isDynamic(v.back()))
    return failure();
  if (!compatibleSize(k.back(), e) || !compatibleSize(v.end()[-2], len) ||
      !compatibleSize(s.end()[-2], l) || !compatibleSize(s.back(), len) ||
      !compatibleSize(k.end()[-2], s.back()) ||
      !compatibleSize(o.end()[-2], l) || !compatibleSize(o.back(), v.back()))
    return failure();
  auto staticRows = [](RankedTensorType t) {
    return !ShapedType::isDynamicShape(batchDims(t.getShape()));
  };
  if (llvm::all_of(
          ArrayRef<RankedTensorType>{qType, kType, vType, sType, oType},
          staticRows)) {
    int64_t nb = product(batchDims(q));
    if (product(batchDims(k)) != nb || product(batchDims(v)) != nb ||
        product(batchDims(s)) != nb || product(batchDims(o)) != nb)
      return failure();
  }

  // Every intermediate value feeds only the match, but for tensor.dim ops
  // (a frontend reading a dynamic size off it) whose size outlives the
  // match; all of it in one block.
  for (Operation *op : m.ops) {
    if (op->getBlock() != root->getBlock())
      return failure();
    if (op == root)
      continue;
    for (Operation *user : op->getUsers()) {
      if (m.ops.contains(user))
        continue;
      auto dim = dyn_cast<tensor::DimOp>(user);
      if (!dim || !dim.getConstantIndex() ||
          failed(resolveSize(nullptr, dim.getLoc(), dim.getSource(),
                             *dim.getConstantIndex(), m.ops)))
        return failure();
      m.dims.insert(dim);
    }
  }
  return m;
}

/// Replaces the tensor.dim ops on values of the match by the sizes they
/// read, taken from values that outlive the match.
void resolveMatchedDims(RewriterBase &rewriter, const AttentionMatch &m) {
  for (tensor::DimOp dim : m.dims) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPoint(dim);
    FailureOr<OpFoldResult> size =
        resolveSize(&rewriter, dim.getLoc(), dim.getSource(),
                    *dim.getConstantIndex(), m.ops);
    // matchAttention checked that every size resolves; were one not to, the
    // op it reads would stay (used), which is still correct.
    if (failed(size))
      continue;
    rewriter.replaceOp(
        dim, getValueOrCreateConstantIndexOp(rewriter, dim.getLoc(), *size));
  }
}

//===----------------------------------------------------------------------===//
// Rewriting
//===----------------------------------------------------------------------===//

/// Reshapes a static tensor to `shape` (same number of elements) with one
/// collapse or expand where a reassociation exists, else through 1-D.
Value reshapeTo(RewriterBase &rewriter, Location loc, Value v,
                ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getShape() == shape)
    return v;
  // Undo a reshape instead of stacking another one on it.
  if (Operation *def = v.getDefiningOp()) {
    if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tosa::ReshapeOp>(
            def) &&
        cast<RankedTensorType>(def->getOperand(0).getType()).getShape() ==
            shape)
      return def->getOperand(0);
  }
  auto target = RankedTensorType::get(shape, type.getElementType());
  if (type.getRank() > target.getRank()) {
    if (auto re = getReassociationIndicesForReshape(type, target))
      return tensor::CollapseShapeOp::create(rewriter, loc, target, v, *re);
  } else if (type.getRank() < target.getRank()) {
    if (auto re = getReassociationIndicesForReshape(target, type))
      return tensor::ExpandShapeOp::create(rewriter, loc, target, v, *re);
  }
  if (type.getRank() == 0)
    return tensor::ExpandShapeOp::create(rewriter, loc, target, v,
                                         ArrayRef<ReassociationIndices>{});
  Value flat = v;
  if (type.getRank() > 1) {
    ReassociationIndices all =
        llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
    flat = tensor::CollapseShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({product(type.getShape())},
                              type.getElementType()),
        v, ArrayRef<ReassociationIndices>{all});
  }
  ReassociationIndices all =
      llvm::to_vector(llvm::seq<int64_t>(0, target.getRank()));
  return tensor::ExpandShapeOp::create(rewriter, loc, target, flat,
                                       ArrayRef<ReassociationIndices>{all});
}

/// [batch.., X, Y] -> [b, h, X, Y] (the same row-major batch index).
Value toRank4(RewriterBase &rewriter, Location loc, Value v, int64_t b,
              int64_t h) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
  return reshapeTo(rewriter, loc, v, {b, h, shape.end()[-2], shape.back()});
}

//===----------------------------------------------------------------------===//
// Projections around an mha.attention
//===----------------------------------------------------------------------===//

/// The constant start of a `tosa.slice` (its sizes are the result's shape).
std::optional<SmallVector<int64_t>> getTosaSliceStart(tosa::SliceOp slice) {
  auto start = slice.getStart().getDefiningOp<tosa::ConstShapeOp>();
  if (!start)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (const APInt &v : start.getValues().getValues<APInt>())
    values.push_back(v.getSExtValue());
  if (values.size() != static_cast<size_t>(slice.getType().getRank()))
    return std::nullopt;
  return values;
}

/// True for a statically shaped f32 tensor of rank >= 1 (a data-movement
/// chain may pass through a flat tensor).
bool isStaticF32Tensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && type.hasStaticShape() && type.getElementType().isF32() &&
         type.getRank() >= 1;
}

/// The operand of a pure data-movement op (reshape, transpose, slice) that
/// defines `v`, when all shapes are static.
Value getDataMovementSource(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def || def->getNumResults() != 1 || !isStaticF32Tensor(v))
    return {};
  Value src;
  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tosa::ReshapeOp,
          linalg::TransposeOp, tosa::TransposeOp, tensor::ExtractSliceOp>(
          def)) {
    src = def->getOperand(0);
  } else if (auto slice = dyn_cast<tosa::SliceOp>(def)) {
    if (!getTosaSliceStart(slice))
      return {};
    src = slice.getInput1();
  } else if (auto op = dyn_cast<linalg::LinalgOp>(def)) {
    // A generic that copies its input through permuted maps.
    if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
        op.getNumDpsInits() != 1 ||
        op.getNumLoops() != op.getNumParallelLoops() ||
        op.getBlock()->getTerminator()->getOperand(0) !=
            op.getRegionInputArgs()[0] ||
        !op.getMatchingIndexingMap(op.getDpsInputOperand(0)).isPermutation() ||
        !op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isPermutation())
      return {};
    src = op.getDpsInputOperand(0)->get();
  }
  if (!src || !isStaticF32Tensor(src))
    return {};
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(def))
    if (ShapedType::isDynamicShape(slice.getStaticOffsets()) ||
        ShapedType::isDynamicShape(slice.getStaticSizes()) ||
        ShapedType::isDynamicShape(slice.getStaticStrides()))
      return {};
  return src;
}

/// Maps `idx`, an index of `v`, to the index that the data-movement op
/// defining `v` reads from its source.
SmallVector<int64_t> mapIndexToSource(Value v, ArrayRef<int64_t> idx) {
  Operation *def = v.getDefiningOp();
  Value src = def->getOperand(0);
  auto srcShape = cast<RankedTensorType>(src.getType()).getShape();
  auto shape = cast<RankedTensorType>(v.getType()).getShape();
  SmallVector<int64_t> out(srcShape.size(), 0);
  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tosa::ReshapeOp>(def))
    return delinearize(linearize(idx, shape), srcShape);
  if (auto transpose = dyn_cast<linalg::TransposeOp>(def)) {
    for (auto [i, p] : llvm::enumerate(transpose.getPermutation()))
      out[p] = idx[i];
    return out;
  }
  if (auto transpose = dyn_cast<tosa::TransposeOp>(def)) {
    for (auto [i, p] : llvm::enumerate(transpose.getPerms()))
      out[p] = idx[i];
    return out;
  }
  if (auto slice = dyn_cast<tosa::SliceOp>(def)) {
    for (auto [d, start] : llvm::enumerate(*getTosaSliceStart(slice)))
      out[d] = start + idx[d];
    return out;
  }
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(def)) {
    llvm::SmallBitVector dropped = slice.getDroppedDims();
    unsigned next = 0;
    for (unsigned d = 0; d < srcShape.size(); ++d)
      out[d] = slice.getStaticOffsets()[d] +
               slice.getStaticStrides()[d] * (dropped[d] ? 0 : idx[next++]);
    return out;
  }
  auto op = cast<linalg::LinalgOp>(def);
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  SmallVector<int64_t> loops(op.getNumLoops(), 0);
  for (auto [k, expr] : llvm::enumerate(outMap.getResults()))
    loops[cast<AffineDimExpr>(expr).getPosition()] = idx[k];
  return op.getMatchingIndexingMap(op.getDpsInputOperand(0)).compose(loops);
}

/// `v` and the values it is copied from by data-movement ops, nearest first.
SmallVector<Value> getDataMovementChain(Value v) {
  SmallVector<Value> chain = {v};
  while (Value src = getDataMovementSource(chain.back()))
    chain.push_back(src);
  return chain;
}

/// Maps an index of chain[0] to the index it copies from chain[depth].
SmallVector<int64_t> traceIndex(ArrayRef<Value> chain, size_t depth,
                                SmallVector<int64_t> idx) {
  for (size_t n = 0; n < depth; ++n)
    idx = mapIndexToSource(chain[n], idx);
  return idx;
}

/// `input [rows.., Ein] . weight [Ein, M] (+ bias [M])` on static f32
/// tensors (rows: one or two dimensions): a linalg product whose
/// accumulator starts at zero or at the bias broadcast over the rows, or a
/// zero-started product plus the broadcast bias.
struct Projection {
  Value input, weight, bias;
  SmallVector<Operation *> ops;
};

/// The map reading only the last of `rank` dimensions.
AffineMap getLastDimMap(int64_t rank, MLIRContext *ctx) {
  return AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
}

/// The [M] tensor that a generic copies into every row of its [rows.., M]
/// result.
Value getRowBroadcastBias(Value v) {
  auto op = v.getDefiningOp<linalg::LinalgOp>();
  if (!op || !op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumDpsInits() != 1 ||
      op.getNumLoops() != op.getNumParallelLoops() ||
      op.getBlock()->getTerminator()->getOperand(0) !=
          op.getRegionInputArgs()[0] ||
      !op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity() ||
      op.getMatchingIndexingMap(op.getDpsInputOperand(0)) !=
          getLastDimMap(op.getNumLoops(), v.getContext()))
    return {};
  return op.getDpsInputOperand(0)->get();
}

/// A linalg product `out[rows.., n] = sum_k lhs[rows.., k] * rhs[k, n]`
/// (no batch dimension), or a `tosa.matmul` of [1, rows, k] by [1, k, n]:
/// returns lhs, rhs and the accumulator's start (null: zero).
std::optional<Contraction> matchProjectionProduct(Operation *op) {
  if (auto matmul = dyn_cast<tosa::MatMulOp>(op)) {
    std::optional<Contraction> c = matchContraction(op);
    if (!c || cast<RankedTensorType>(c->lhs.getType()).getDimSize(0) != 1 ||
        cast<RankedTensorType>(c->rhs.getType()).getDimSize(0) != 1)
      return std::nullopt;
    return c;
  }
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      linalgOp.getNumDpsInputs() != 2 || linalgOp.getNumDpsInits() != 1 ||
      !linalgOp.hasOnlyProjectedPermutations() ||
      !linalg::isaContractionOpInterface(linalgOp))
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(linalgOp);
  if (failed(dims) || !dims->batch.empty() || dims->m.empty() ||
      dims->m.size() > 2 || dims->n.size() != 1 || dims->k.size() != 1)
    return std::nullopt;
  auto positions = [](AffineMap map) {
    SmallVector<unsigned> pos;
    for (AffineExpr e : map.getResults())
      pos.push_back(cast<AffineDimExpr>(e).getPosition());
    return pos;
  };
  SmallVector<AffineMap> maps = linalgOp.getIndexingMapsArray();
  SmallVector<unsigned> out = positions(maps[2]);
  SmallVector<unsigned> lhs(out.begin(), out.end() - 1);
  unsigned n = dims->n[0], k = dims->k[0];
  lhs.push_back(k);
  if (out.back() != n || positions(maps[0]) != lhs ||
      positions(maps[1]) != SmallVector<unsigned>{k, n})
    return std::nullopt;
  Value a = linalgOp.getDpsInputOperand(0)->get();
  Value w = linalgOp.getDpsInputOperand(1)->get();
  if (!getStaticF32Matrix(op->getResult(0)) || !getStaticF32Matrix(a) ||
      !getStaticF32Matrix(w))
    return std::nullopt;
  return Contraction{a, w, false, linalgOp.getDpsInitOperand(0)->get()};
}

/// The source of a reshape that keeps the last dimension (so row-major rows
/// stay rows, in order), when `v` is its source's only use.
Value getRowReshapeSource(Value v) {
  Value src = getStaticReshapeSource(v);
  if (!src || !src.hasOneUse() ||
      cast<RankedTensorType>(src.getType()).getShape().back() !=
          cast<RankedTensorType>(v.getType()).getShape().back())
    return {};
  return src;
}

/// True when `operand` reads only the last dimension of the iteration space
/// of a result of `type`, from a tensor [M] or [1, .., 1, M] (TOSA's
/// broadcast).
bool readsLastDimOnly(const EwOperand &operand, RankedTensorType type) {
  if (!operand.tensor)
    return false;
  auto bType = dyn_cast<RankedTensorType>(operand.tensor.getType());
  int64_t m = type.getShape().back();
  if (!bType || !bType.hasStaticShape() || bType.getShape().back() != m ||
      bType.getNumElements() != m)
    return false;
  AffineMap map = operand.map;
  if (map == getLastDimMap(type.getRank(), type.getContext()))
    return true;
  if (map.getNumResults() != type.getRank())
    return false;
  // Every other dimension of the bias has size 1: read at 0, or through a
  // loop dimension whose extent is 1.
  for (auto [d, expr] : llvm::enumerate(map.getResults())) {
    auto dim = dyn_cast<AffineDimExpr>(expr);
    auto cst = dyn_cast<AffineConstantExpr>(expr);
    bool ok = d + 1 == map.getNumResults()
                  ? dim && dim.getPosition() == d
                  : (cst && cst.getValue() == 0) ||
                        (dim && type.getDimSize(dim.getPosition()) == 1);
    if (!ok)
      return false;
  }
  return true;
}

std::optional<Projection> matchProjection(Value p) {
  auto type = getStaticF32Matrix(p);
  if (!type || type.getRank() > 3)
    return std::nullopt;
  Projection proj;
  Value product = p;
  // A bias added to a zero-started product (torch's addmm), maybe after
  // reshapes of its rows (TorchToTosa's linear).
  if (std::optional<Elementwise> add = matchElementwise(p)) {
    if (add->kind != EwKind::Add)
      return std::nullopt;
    for (unsigned n = 0; n < 2 && !proj.bias; ++n) {
      const EwOperand &mm = add->operands[n], &b = add->operands[1 - n];
      if (isIdentityRead(mm, type) && readsLastDimOnly(b, type) &&
          mm.tensor.hasOneUse()) {
        product = mm.tensor;
        proj.bias = b.tensor;
      }
    }
    if (!proj.bias)
      return std::nullopt;
    proj.ops.push_back(add->op);
    while (Value src = getRowReshapeSource(product)) {
      proj.ops.push_back(product.getDefiningOp());
      product = src;
    }
  }
  Operation *def = product.getDefiningOp();
  std::optional<Contraction> c =
      def ? matchProjectionProduct(def) : std::nullopt;
  if (!c)
    return std::nullopt;
  std::optional<double> start =
      c->init ? getConstantFloat(c->init) : std::optional<double>(0.0);
  if (!start || *start != 0.0) {
    // The bias broadcast into the accumulator.
    Value bias = getRowBroadcastBias(c->init);
    if (proj.bias || !bias)
      return std::nullopt;
    proj.bias = bias;
  }

  proj.input = c->lhs;
  proj.weight = c->rhs;
  proj.ops.push_back(def);
  return proj;
}

/// For every row of a projection input [rows.., Ein] (rows linearized), the
/// (b, l) of the [B, Len, Ein] tensor `x` it copies, with x the farthest
/// such tensor up the input's data-movement chain.
struct RowSource {
  Value x;
  SmallVector<int64_t> rowKey; // b * Len + l
};

std::optional<RowSource> matchRowSource(Value input, int64_t batch,
                                        int64_t len) {
  auto type = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t cols = shape.back();
  if (type.getNumElements() > (int64_t{1} << 22))
    return std::nullopt;
  SmallVector<Value> chain = getDataMovementChain(input);
  for (size_t depth = chain.size(); depth-- > 0;) {
    auto xType = cast<RankedTensorType>(chain[depth].getType());
    if (xType.getRank() != 3 || xType.getDimSize(0) != batch ||
        xType.getDimSize(1) != len || xType.getDimSize(2) != cols)
      continue;
    RowSource source{chain[depth],
                     SmallVector<int64_t>(type.getNumElements() / cols, -1)};
    bool ok = true;
    SmallVector<int64_t> idx(shape.size(), 0);
    do {
      SmallVector<int64_t> src = traceIndex(chain, depth, idx);
      int64_t row =
          linearize(ArrayRef<int64_t>(idx).drop_back(), shape.drop_back());
      int64_t key = src[0] * len + src[1];
      ok = src[2] == idx.back() &&
           (idx.back() == 0 || source.rowKey[row] == key);
      source.rowKey[row] = key;
    } while (ok && nextIndex(idx, shape));
    if (ok)
      return source;
  }
  return std::nullopt;
}

/// One input of the attention proved to be a head split of a projection:
/// t4[b, h, l, d] = (x[b, l, :] . weight + bias)[offset + h * D + d].
struct InputProjection {
  Value x, weight, bias;
  int64_t offset;
};

std::optional<InputProjection>
matchInputProjection(Value t4, llvm::SetVector<Operation *> &ops) {
  auto type = getStaticF32Matrix(t4);
  if (!type || type.getRank() != 4 || type.getNumElements() > (1 << 22))
    return std::nullopt;
  int64_t batch = type.getDimSize(0), len = type.getDimSize(2),
          d = type.getDimSize(3);
  SmallVector<Value> chain = getDataMovementChain(t4);
  std::optional<Projection> proj = matchProjection(chain.back());
  if (chain.size() < 2 || !proj)
    return std::nullopt;
  std::optional<RowSource> rows = matchRowSource(proj->input, batch, len);
  if (!rows)
    return std::nullopt;
  ArrayRef<int64_t> rowShape =
      cast<RankedTensorType>(chain.back().getType()).getShape().drop_back();
  int64_t offset = -1;
  SmallVector<int64_t> idx(4, 0);
  do {
    SmallVector<int64_t> src = traceIndex(chain, chain.size() - 1, idx);
    int64_t col = idx[1] * d + idx[3];
    if (offset < 0)
      offset = src.back() - col;
    int64_t row = linearize(ArrayRef<int64_t>(src).drop_back(), rowShape);
    if (src.back() != offset + col ||
        rows->rowKey[row] != idx[0] * len + idx[2])
      return std::nullopt;
  } while (nextIndex(idx, type.getShape()));
  for (size_t n = 0; n + 1 < chain.size(); ++n)
    ops.insert(chain[n].getDefiningOp());
  ops.insert(proj->ops.begin(), proj->ops.end());
  return InputProjection{rows->x, proj->weight, proj->bias, offset};
}

/// The output side: the attention result merged into rows of [B*L, H*Ev]
/// (out[r(b, l), h * Ev + c] = attention[b, h, l, c]), projected, and copied
/// to a [B, L, Eo] `result`.
struct OutputProjection {
  Value result, weight, bias;
};

std::optional<OutputProjection>
matchOutputProjection(AttentionOp attention,
                      llvm::SetVector<Operation *> &ops) {
  auto type = cast<RankedTensorType>(attention.getType());
  if (!type.hasStaticShape() || type.getNumElements() > (1 << 22))
    return std::nullopt;
  int64_t batch = type.getDimSize(0), len = type.getDimSize(2),
          ev = type.getDimSize(3);
  // Follow single uses through data movement to the projection input.
  Value cur = attention.getResult();
  SmallVector<Operation *> merge;
  Operation *user = nullptr;
  while (cur.hasOneUse()) {
    user = *cur.getUsers().begin();
    if (user->getNumResults() != 1 ||
        getDataMovementSource(user->getResult(0)) != cur)
      break;
    merge.push_back(user);
    cur = user->getResult(0);
  }
  if (merge.empty() || !cur.hasOneUse() || !user || user->getNumResults() != 1)
    return std::nullopt;
  // The product, or a bias added to it, maybe after reshapes of its rows.
  Value projected = user->getResult(0);
  for (Value v = projected; v.hasOneUse();) {
    Operation *next = *v.getUsers().begin();
    if (next->getNumResults() != 1)
      break;
    if (std::optional<Elementwise> add = matchElementwise(next->getResult(0));
        add && add->kind == EwKind::Add) {
      projected = next->getResult(0);
      break;
    }
    if (getRowReshapeSource(next->getResult(0)) != v)
      break;
    v = next->getResult(0);
  }
  std::optional<Projection> proj = matchProjection(projected);
  if (!proj || proj->input != cur)
    return std::nullopt;

  // Rows of the merged heads.
  SmallVector<Value> chain = getDataMovementChain(cur);
  if (chain.size() != merge.size() + 1 || chain.back() != attention.getResult())
    return std::nullopt;
  auto curType = cast<RankedTensorType>(cur.getType());
  if (curType.getShape().back() != type.getDimSize(1) * ev)
    return std::nullopt;
  ArrayRef<int64_t> rowShape = curType.getShape().drop_back();
  SmallVector<int64_t> rowKey(product(rowShape), -1);
  SmallVector<int64_t> idx(curType.getRank(), 0);
  do {
    SmallVector<int64_t> src = traceIndex(chain, chain.size() - 1, idx);
    int64_t key = src[0] * len + src[2];
    int64_t row = linearize(ArrayRef<int64_t>(idx).drop_back(), rowShape);
    if (idx.back() != src[1] * ev + src[3] ||
        (idx.back() != 0 && rowKey[row] != key))
      return std::nullopt;
    rowKey[row] = key;
  } while (nextIndex(idx, curType.getShape()));

  // The farthest [B, L, Eo] copy of the projection down single uses. Its
  // rows are those of the product, in order (reshapes of the rows may sit
  // between the product and the bias).
  rowShape = cast<RankedTensorType>(projected.getType()).getShape().drop_back();
  int64_t eo = cast<RankedTensorType>(projected.getType()).getShape().back();
  SmallVector<Operation *> tail;
  Value result;
  SmallVector<Operation *> resultTail;
  for (Value v = projected;;) {
    auto vType = cast<RankedTensorType>(v.getType());
    if (vType.getRank() == 3 && vType.getDimSize(0) == batch &&
        vType.getDimSize(1) == len && vType.getDimSize(2) == eo) {
      SmallVector<Value> back = getDataMovementChain(v);
      bool ok = back.size() >= tail.size() + 1;
      SmallVector<int64_t> at(3, 0);
      while (ok) {
        SmallVector<int64_t> src = traceIndex(back, tail.size(), at);
        int64_t row = linearize(ArrayRef<int64_t>(src).drop_back(), rowShape);
        ok = src.back() == at[2] && rowKey[row] == at[0] * len + at[1];
        if (!nextIndex(at, vType.getShape()))
          break;
      }
      if (ok) {
        result = v;
        resultTail = tail;
      }
    }
    if (!v.hasOneUse())
      break;
    Operation *next = *v.getUsers().begin();
    if (next->getNumResults() != 1 ||
        getDataMovementSource(next->getResult(0)) != v)
      break;
    tail.push_back(next);
    v = next->getResult(0);
  }
  if (!result)
    return std::nullopt;
  ops.insert(attention);
  ops.insert(merge.begin(), merge.end());
  ops.insert(proj->ops.begin(), proj->ops.end());
  ops.insert(resultTail.begin(), resultTail.end());
  return OutputProjection{result, proj->weight, proj->bias};
}

//===----------------------------------------------------------------------===//
// Rewriting with dynamic sizes
//===----------------------------------------------------------------------===//

/// Erases what a match leaves dead: users before producers.
void eraseMatched(RewriterBase &rewriter, const AttentionMatch &m,
                  ArrayRef<Operation *> downstream) {
  SmallVector<Operation *> dead(m.ops.begin(), m.ops.end());
  dead.append(downstream.begin(), downstream.end());
  llvm::sort(dead,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  for (Operation *op : llvm::reverse(dead))
    if (op->use_empty())
      rewriter.eraseOp(op);
}

/// The value a raise replaces: the root product's result, or the last 4-D
/// batch reshape down a chain of single uses from it whose type `isBatch`
/// accepts (then `downstream` gets the chain's ops up to it).
Value findReplacedValue(Operation *root, SmallVector<Operation *> &downstream,
                        function_ref<bool(RankedTensorType)> isBatch) {
  Value target = root->getResult(0);
  Value cur = target;
  SmallVector<Operation *> chain;
  while (cur.hasOneUse()) {
    Operation *user = *cur.getUsers().begin();
    if (user->getNumResults() != 1 || user->getBlock() != root->getBlock() ||
        getBatchReshapeSource(user->getResult(0)) != cur)
      break;
    chain.push_back(user);
    cur = user->getResult(0);
    auto type = cast<RankedTensorType>(cur.getType());
    if (type.getRank() == 4 && isBatch(type)) {
      target = cur;
      downstream = chain;
    }
  }
  return target;
}

RankedTensorType withShape(RankedTensorType type, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, type.getElementType());
}

SmallVector<int64_t> staticSizes(ArrayRef<OpFoldResult> sizes) {
  return llvm::map_to_vector(sizes, [](OpFoldResult s) {
    return getConstantIntValue(s).value_or(ShapedType::kDynamic);
  });
}

/// [batch.., X, Y] -> [b, h, X, Y], the same row-major batch index: the
/// batch dimensions collapsed into one, then expanded; without `bh`, to
/// [NB, 1, X, Y]. A 2-D tensor (one batch row) becomes [1, 1, X, Y].
Value toRank4Dynamic(RewriterBase &rewriter, Location loc, Value v,
                     std::optional<std::pair<OpFoldResult, OpFoldResult>> bh) {
  auto type = cast<RankedTensorType>(v.getType());
  int64_t rank = type.getRank();
  OpFoldResult one = rewriter.getIndexAttr(1);
  if (rank > 3) {
    ReassociationIndices batch =
        llvm::to_vector(llvm::seq<int64_t>(0, rank - 2));
    v = tensor::CollapseShapeOp::create(
        rewriter, loc, v,
        ArrayRef<ReassociationIndices>{batch, {rank - 2}, {rank - 1}});
    rank = 3;
  }
  if (rank == 2)
    bh = {one, one};
  else if (!bh)
    bh = {tensor::getMixedSize(rewriter, loc, v, 0), one};
  SmallVector<OpFoldResult> sizes = {
      bh->first, bh->second, tensor::getMixedSize(rewriter, loc, v, rank - 2),
      tensor::getMixedSize(rewriter, loc, v, rank - 1)};
  SmallVector<ReassociationIndices> groups =
      rank == 2 ? SmallVector<ReassociationIndices>{{0, 1, 2}, {3}}
                : SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}};
  return tensor::ExpandShapeOp::create(
      rewriter, loc, withShape(type, staticSizes(sizes)), v, groups, sizes);
}

/// Where each dimension of the bias `use` lands in the 4-D bias of the
/// mha.attention (-1: a unit dimension, dropped): L and S at 2 and 3; the
/// batch of 4-D scores at 0 and 1, that of 3-D scores at 0 in the [NB, 1]
/// layout and at 1 otherwise (split into [B, H] by the expand); the batch
/// of higher ranks is dropped (a bias broadcast over every batch row has
/// only 1s there).
SmallVector<int64_t> getBiasLanding(const BiasUse &use, bool splitRows) {
  int64_t scoreRank = use.scoreShape.size();
  SmallVector<int64_t> at;
  for (int64_t p : use.placement) {
    if (p < 0)
      at.push_back(-1);
    else if (p >= scoreRank - 2)
      at.push_back(p + 4 - scoreRank);
    else if (scoreRank == 3)
      at.push_back(splitRows ? 1 : 0);
    else
      at.push_back(scoreRank == 4 ? p : -1);
  }
  return at;
}

/// The bias `use` reshaped to 4-D, each dimension of `landing` (at least
/// one) at its position with its own size, every other position 1: a
/// collapse that folds the unit dimensions into their neighbours, then an
/// expand that adds the 1s. With `split`, a dimension landing at 1 is the
/// batch rows of 3-D scores, split into `split` = [B, H] at 0 and 1.
Value biasToRank4Dynamic(
    RewriterBase &rewriter, Location loc, const BiasUse &use,
    ArrayRef<int64_t> landing,
    std::optional<std::pair<OpFoldResult, OpFoldResult>> split) {
  Value v = use.value;
  auto type = cast<RankedTensorType>(v.getType());
  // Collapse: each kept dimension with the unit dimensions before it; the
  // trailing unit dimensions join the last group.
  SmallVector<ReassociationIndices> collapse;
  SmallVector<OpFoldResult> keptSizes;
  SmallVector<int64_t> at;
  ReassociationIndices group;
  for (auto [t, q] : llvm::enumerate(landing)) {
    group.push_back(t);
    if (q < 0)
      continue;
    collapse.push_back(group);
    group.clear();
    keptSizes.push_back(tensor::getMixedSize(rewriter, loc, v, t));
    at.push_back(q);
  }
  collapse.back().append(group.begin(), group.end());
  if (static_cast<int64_t>(collapse.size()) != type.getRank())
    v = tensor::CollapseShapeOp::create(rewriter, loc, v, collapse);
  // Expand: kept dimension j covers the positions after the previous one up
  // to its own; the positions after the last join the last group.
  SmallVector<OpFoldResult> sizes(4, rewriter.getIndexAttr(1));
  SmallVector<ReassociationIndices> expand;
  int64_t next = 0;
  for (auto [j, q] : llvm::enumerate(at)) {
    sizes[q] = keptSizes[j];
    if (split && q == 1 && next == 0) {
      sizes[0] = split->first;
      sizes[1] = split->second;
    }
    expand.push_back(llvm::to_vector(llvm::seq<int64_t>(next, q + 1)));
    next = q + 1;
  }
  for (; next < 4; ++next)
    expand.back().push_back(next);
  if (expand.size() == 4)
    return v;
  return tensor::ExpandShapeOp::create(
      rewriter, loc, withShape(type, staticSizes(sizes)), v, expand, sizes);
}

/// `not t` for an i1 tensor: a linalg.generic of arith.xori with true.
Value negateMask(RewriterBase &rewriter, Location loc, Value t) {
  auto type = cast<RankedTensorType>(t.getType());
  Value init = tensor::EmptyOp::create(rewriter, loc,
                                       tensor::getMixedSizes(rewriter, loc, t),
                                       type.getElementType());
  auto rank = static_cast<unsigned>(type.getRank());
  AffineMap id = rewriter.getMultiDimIdentityMap(rank);
  return linalg::GenericOp::create(
             rewriter, loc, TypeRange{type}, ValueRange{t}, ValueRange{init},
             ArrayRef<AffineMap>{id, id},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [](OpBuilder &b, Location l, ValueRange args) {
               Value one = arith::ConstantIntOp::create(b, l, 1, 1);
               linalg::YieldOp::create(
                   b, l, arith::XOrIOp::create(b, l, args[0], one).getResult());
             })
      .getResult(0);
}

/// raiseAttention where some size is dynamic. The [B, H] of the
/// mha.attention is Q's own when Q is 4-D with a static H, else [NB, 1]:
/// sizes come only from values outside the match (the match is erased).
FailureOr<Value> raiseDynamic(RewriterBase &rewriter, AttentionMatch &m) {
  Operation *root = m.root;
  Location loc = root->getLoc();
  auto qType = cast<RankedTensorType>(m.query.getType());
  bool fromQ = qType.getRank() == 4 && !qType.isDynamicDim(1);
  SmallVector<int64_t> rBatch;
  if (fromQ) {
    rBatch = {qType.getDimSize(0), qType.getDimSize(1)};
  } else {
    ArrayRef<int64_t> qb = batchDims(qType.getShape());
    rBatch = {
        ShapedType::isDynamicShape(qb) ? ShapedType::kDynamic : product(qb), 1};
  }

  // The value to replace: the product, or a 4-D batch reshape of it with
  // the same batch shape down a chain of single uses.
  SmallVector<Operation *> downstream;
  Value target = findReplacedValue(root, downstream, [&](RankedTensorType t) {
    return sameBatchShape(t.getShape().take_front(2), rBatch);
  });
  auto targetType = cast<RankedTensorType>(target.getType());
  if (targetType.getRank() > 4 ||
      (targetType.getRank() == 4 &&
       !sameBatchShape(targetType.getShape().take_front(2), rBatch)))
    return failure();

  // The bias and the mask: broadcast over every batch row, or read per
  // batch row of scores whose batch is that of the mha.attention: 4-D
  // scores of the same batch shape, or 3-D ones when it is [NB, 1].
  struct Placement {
    SmallVector<int64_t> landing;
    bool splitRows = false;
  };
  auto place = [&](const BiasUse &use) -> std::optional<Placement> {
    ArrayRef<int64_t> useBatch = batchDims(use.shape);
    ArrayRef<int64_t> scoreBatch = batchDims(use.scoreShape);
    bool broadcast = llvm::all_of(useBatch, [](int64_t d) { return d == 1; });
    bool perRow =
        (scoreBatch.size() == 2 && sameBatchShape(scoreBatch, rBatch)) ||
        scoreBatch.size() == 1;
    if (!broadcast && !perRow)
      return std::nullopt;
    Placement p;
    p.splitRows = !broadcast && scoreBatch.size() == 1 && fromQ;
    p.landing = getBiasLanding(use, p.splitRows);
    if (llvm::all_of(p.landing, [](int64_t q) { return q < 0; }))
      return std::nullopt;
    return p;
  };
  std::optional<Placement> biasPlace, maskPlace;
  if (m.bias && !(biasPlace = place(*m.bias)))
    return failure();
  if (m.mask && !(maskPlace = place(m.mask->use)))
    return failure();

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(root);
  // Q's [B, H], or none: each operand's own [NB, 1].
  std::optional<std::pair<OpFoldResult, OpFoldResult>> bh;
  if (fromQ)
    bh = {tensor::getMixedSize(rewriter, loc, m.query, 0),
          rewriter.getIndexAttr(qType.getDimSize(1))};
  auto rows = [&](Value t) -> Value {
    auto type = cast<RankedTensorType>(t.getType());
    if (type.getRank() == 4 &&
        (fromQ ? sameBatchShape(type.getShape().take_front(2), rBatch)
               : type.getDimSize(1) == 1))
      return t;
    return toRank4Dynamic(rewriter, loc, t, bh);
  };
  Value q = rows(m.query), k = rows(m.key), v = rows(m.value);
  Value bias, mask;
  if (m.bias)
    bias = biasToRank4Dynamic(rewriter, loc, *m.bias, biasPlace->landing,
                              biasPlace->splitRows ? bh : std::nullopt);
  if (m.mask) {
    BiasUse use = m.mask->use;
    if (m.mask->negated)
      use.value = negateMask(rewriter, loc, use.value);
    mask = biasToRank4Dynamic(rewriter, loc, use, maskPlace->landing,
                              maskPlace->splitRows ? bh : std::nullopt);
  }
  auto attention = AttentionOp::create(rewriter, loc, q, k, v, mask, bias);
  if (m.causal != CausalMode::none)
    attention.setCausalAttr(CausalModeAttr::get(root->getContext(), m.causal));
  if (m.window)
    attention.setWindowAttr(
        rewriter.getDenseI64ArrayAttr({m.window->first, m.window->second}));
  attention.setScaleAttr(rewriter.getF32FloatAttr(static_cast<float>(m.scale)));

  Value replacement = attention.getResult();
  if (targetType.getRank() < 4) {
    SmallVector<ReassociationIndices> groups =
        targetType.getRank() == 3
            ? SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}}
            : SmallVector<ReassociationIndices>{{0, 1, 2}, {3}};
    replacement =
        tensor::CollapseShapeOp::create(rewriter, loc, replacement, groups);
  }
  if (replacement.getType() != targetType)
    replacement =
        tensor::CastOp::create(rewriter, loc, targetType, replacement);
  rewriter.replaceAllUsesWith(target, replacement);
  resolveMatchedDims(rewriter, m);
  eraseMatched(rewriter, m, downstream);
  return replacement;
}

bool isStaticTensor(Value v) {
  return cast<RankedTensorType>(v.getType()).hasStaticShape();
}

} // namespace

FailureOr<Value> mha::raiseAttention(RewriterBase &rewriter, Operation *root) {
  FailureOr<AttentionMatch> match = matchAttention(root);
  if (failed(match))
    return failure();
  AttentionMatch &m = *match;
  // The static rewrite reshapes by sizes; it needs them all, the scores'
  // too where a bias reads its batch shape off them.
  if (!isStaticTensor(m.query) || !isStaticTensor(m.key) ||
      !isStaticTensor(m.value) || !isStaticTensor(root->getResult(0)) ||
      (m.bias && (!isStaticTensor(m.bias->value) ||
                  ShapedType::isDynamicShape(m.bias->scoreShape))) ||
      (m.mask && (!isStaticTensor(m.mask->use.value) ||
                  ShapedType::isDynamicShape(m.mask->use.scoreShape))))
    return raiseDynamic(rewriter, m);
  Location loc = root->getLoc();
  auto resultType = cast<RankedTensorType>(root->getResult(0).getType());
  int64_t nb = product(batchDims(resultType.getShape()));

  // [B, H] of the mha.attention: a bias or mask broadcast along only some
  // batch dimensions fixes it (both must agree); else the first rank-4
  // shape met, else [1, NB].
  std::pair<int64_t, int64_t> bh = m.preferredBatchShape(nb);
  SmallVector<const BiasUse *, 2> uses;
  if (m.bias)
    uses.push_back(&*m.bias);
  if (m.mask)
    uses.push_back(&m.mask->use);
  auto isBroadcast = [](const BiasUse *u) {
    return llvm::all_of(batchDims(u->shape), [](int64_t d) { return d == 1; });
  };
  std::optional<std::pair<int64_t, int64_t>> fixed;
  for (const BiasUse *u : uses) {
    ArrayRef<int64_t> useBatch = batchDims(u->shape);
    ArrayRef<int64_t> scoreBatch = batchDims(u->scoreShape);
    if (isBroadcast(u) || useBatch == scoreBatch)
      continue;
    if (scoreBatch.size() != 2)
      return failure();
    std::pair<int64_t, int64_t> want = {scoreBatch[0], scoreBatch[1]};
    if (fixed && *fixed != want)
      return failure();
    fixed = want;
  }
  if (fixed)
    bh = *fixed;
  auto shape4 = [&](const BiasUse &u) -> SmallVector<int64_t> {
    int64_t lb = u.shape.end()[-2], sb = u.shape.back();
    ArrayRef<int64_t> useBatch = batchDims(u.shape);
    if (isBroadcast(&u))
      return {1, 1, lb, sb};
    if (useBatch == batchDims(u.scoreShape))
      return {bh.first, bh.second, lb, sb};
    return {useBatch[0], useBatch[1], lb, sb};
  };

  // The value to replace: the product's result, or a batch reshape of it
  // down a chain of single uses that already has the [B, H, L, Ev] shape.
  SmallVector<Operation *> downstream;
  Value target = findReplacedValue(root, downstream, [&](RankedTensorType t) {
    return t.getDimSize(0) == bh.first && t.getDimSize(1) == bh.second;
  });

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(root);
  Value q = toRank4(rewriter, loc, m.query, bh.first, bh.second);
  Value k = toRank4(rewriter, loc, m.key, bh.first, bh.second);
  Value v = toRank4(rewriter, loc, m.value, bh.first, bh.second);
  Value bias, mask;
  if (m.bias)
    bias = reshapeTo(rewriter, loc, m.bias->value, shape4(*m.bias));
  if (m.mask) {
    Value t = m.mask->use.value;
    if (m.mask->negated)
      t = negateMask(rewriter, loc, t);
    mask = reshapeTo(rewriter, loc, t, shape4(m.mask->use));
  }
  auto attention = AttentionOp::create(rewriter, loc, q, k, v, mask, bias);
  if (m.causal != CausalMode::none)
    attention.setCausalAttr(CausalModeAttr::get(root->getContext(), m.causal));
  if (m.window)
    attention.setWindowAttr(
        rewriter.getDenseI64ArrayAttr({m.window->first, m.window->second}));
  attention.setScaleAttr(rewriter.getF32FloatAttr(static_cast<float>(m.scale)));

  Value replacement =
      reshapeTo(rewriter, loc, attention.getResult(),
                cast<RankedTensorType>(target.getType()).getShape());
  rewriter.replaceAllUsesWith(target, replacement);
  resolveMatchedDims(rewriter, m);
  eraseMatched(rewriter, m, downstream);
  return replacement;
}

//===----------------------------------------------------------------------===//
// f16/bf16 attention computed in f32
//===----------------------------------------------------------------------===//

namespace {

/// The tensor that an elementwise conversion turns into `v`: a linalg
/// generic with identity maps whose body is one `Conv` op (arith.extf or
/// arith.truncf, rounding to nearest even, no fast-math flags), that op on
/// tensors, or tosa.cast. The caller checks the element types.
template <typename Conv> Value getConvertedSource(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def || def->getNumResults() != 1)
    return {};
  auto accept = [](Conv conv) {
    if constexpr (std::is_same_v<Conv, arith::TruncFOp>) {
      // Round to nearest even (the default), no fast-math licence.
      if (conv.getRoundingmodeAttr() &&
          *conv.getRoundingmode() != arith::RoundingMode::to_nearest_even)
        return false;
    }
    arith::FastMathFlagsAttr fastmath = conv.getFastmathAttr();
    return !fastmath || fastmath.getValue() == arith::FastMathFlags::none;
  };
  if (auto conv = dyn_cast<Conv>(def))
    return accept(conv) ? conv.getIn() : Value();
  if (auto cast = dyn_cast<tosa::CastOp>(def))
    return cast.getInput();
  auto op = dyn_cast<linalg::GenericOp>(def);
  if (!op || !op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumDpsInits() != 1 ||
      op.getNumLoops() != op.getNumParallelLoops() ||
      !llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isIdentity(); }))
    return {};
  auto conv =
      op.getBlock()->getTerminator()->getOperand(0).getDefiningOp<Conv>();
  if (!conv || conv->getBlock() != op.getBlock() ||
      conv.getIn() != op.getRegionInputArgs()[0] || !accept(conv))
    return {};
  return op.getDpsInputOperand(0)->get();
}

bool isHalfType(Type t) { return t.isF16() || t.isBF16(); }

bool isReshape(Operation *op) {
  return isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tosa::ReshapeOp>(
      op);
}

/// Clones `reshapes` (each reading the previous one's result, the first
/// reading what `v` replaces) onto `v`, each result in `v`'s element type.
/// A size operand read off the replaced tensor (tensor.dim) is read off `v`
/// instead, so that nothing keeps the replaced tensor alive.
Value replayReshapes(RewriterBase &rewriter, Value v,
                     ArrayRef<Operation *> reshapes) {
  for (Operation *reshape : reshapes) {
    Value replaced = reshape->getOperand(0);
    SmallVector<Value> sizes;
    for (Value size : llvm::drop_begin(reshape->getOperands())) {
      auto dim = size.getDefiningOp<tensor::DimOp>();
      sizes.push_back(
          dim && dim.getSource() == replaced
              ? tensor::DimOp::create(rewriter, dim.getLoc(), v, dim.getIndex())
                    .getResult()
              : size);
    }
    Operation *clone = rewriter.clone(*reshape);
    for (auto [n, size] : llvm::enumerate(sizes))
      clone->setOperand(n + 1, size);
    clone->setOperand(0, v);
    auto type = cast<RankedTensorType>(clone->getResult(0).getType());
    clone->getResult(0).setType(RankedTensorType::get(
        type.getShape(), cast<RankedTensorType>(v.getType()).getElementType()));
    v = clone->getResult(0);
  }
  return v;
}

} // namespace

FailureOr<Value> mha::foldAttentionPrecisionCasts(RewriterBase &rewriter,
                                                  AttentionOp attention) {
  if (!attention.getQuery().getType().getElementType().isF32())
    return failure();
  // The result, down single-use reshapes, truncated.
  SmallVector<Operation *> resultReshapes;
  Value result = attention.getResult();
  while (result.hasOneUse() && isReshape(*result.getUsers().begin())) {
    resultReshapes.push_back(*result.getUsers().begin());
    result = resultReshapes.back()->getResult(0);
  }
  if (!result.hasOneUse())
    return failure();
  Operation *trunc = *result.getUsers().begin();

  if (trunc->getNumResults() != 1 ||
      getConvertedSource<arith::TruncFOp>(trunc->getResult(0)) != result)
    return failure();
  Type half =
      cast<RankedTensorType>(trunc->getResult(0).getType()).getElementType();
  if (!isHalfType(half))
    return failure();
  // Q, K and V, up reshapes, extended from `half`.
  SmallVector<std::pair<Value, SmallVector<Operation *>>> inputs;
  for (Value operand :
       {attention.getQuery(), attention.getKey(), attention.getValue()}) {
    SmallVector<Operation *> reshapes;
    Value v = operand;
    while (Operation *def = v.getDefiningOp()) {
      if (!isReshape(def))
        break;
      reshapes.push_back(def);
      v = def->getOperand(0);
    }
    Value src = getConvertedSource<arith::ExtFOp>(v);
    if (!src || cast<RankedTensorType>(src.getType()).getElementType() != half)
      return failure();
    std::reverse(reshapes.begin(), reshapes.end());
    inputs.push_back({src, reshapes});
  }

  // The op in `half`: the same attributes, mask and bias (an f32 bias stays
  // f32: it is added without rounding either way). The f32 reshapes and
  // extensions are left to die with their last use.
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(attention);
  SmallVector<Value> narrow;
  for (auto &[src, reshapes] : inputs)
    narrow.push_back(replayReshapes(rewriter, src, reshapes));
  auto folded = cast<AttentionOp>(rewriter.clone(*attention));
  folded.getQueryMutable().assign(narrow[0]);
  folded.getKeyMutable().assign(narrow[1]);
  folded.getValueMutable().assign(narrow[2]);
  auto type = attention.getResult().getType();
  folded.getResult().setType(RankedTensorType::get(type.getShape(), half));
  rewriter.setInsertionPoint(trunc);
  Value replacement =
      replayReshapes(rewriter, folded.getResult(), resultReshapes);
  rewriter.replaceOp(trunc, replacement);
  for (Operation *reshape : llvm::reverse(resultReshapes))
    rewriter.eraseOp(reshape);
  rewriter.eraseOp(attention);
  return replacement;
}

FailureOr<Value> mha::raiseMultiHeadAttention(RewriterBase &rewriter,
                                              AttentionOp attention) {
  llvm::SetVector<Operation *> ops;
  std::optional<InputProjection> q =
      matchInputProjection(attention.getQuery(), ops);
  std::optional<InputProjection> k =
      q ? matchInputProjection(attention.getKey(), ops) : std::nullopt;
  std::optional<InputProjection> v =
      k ? matchInputProjection(attention.getValue(), ops) : std::nullopt;
  std::optional<OutputProjection> out =
      v ? matchOutputProjection(attention, ops) : std::nullopt;
  if (!out)
    return failure();
  Operation *last = out->result.getDefiningOp();
  for (Operation *op : ops) {
    if (op->getBlock() != last->getBlock())
      return failure();
    if (op == last)
      continue;
    for (Operation *user : op->getUsers())
      if (!ops.contains(user))
        return failure();
  }

  ArrayRef<int64_t> qShape = attention.getQuery().getType().getShape();
  ArrayRef<int64_t> kShape = attention.getKey().getType().getShape();
  ArrayRef<int64_t> vShape = attention.getValue().getType().getShape();
  int64_t hq = qShape[1], hkv = kShape[1], e = qShape[3], ev = vShape[3];
  Location loc = attention.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(last);
  auto columns = [&](Value w, int64_t offset, int64_t width) -> Value {
    auto type = cast<RankedTensorType>(w.getType());
    if (offset == 0 && width == type.getDimSize(1))
      return w;
    SmallVector<OpFoldResult> offsets = {rewriter.getIndexAttr(0),
                                         rewriter.getIndexAttr(offset)};
    SmallVector<OpFoldResult> sizes = {
        rewriter.getIndexAttr(type.getDimSize(0)),
        rewriter.getIndexAttr(width)};
    SmallVector<OpFoldResult> strides(2, rewriter.getIndexAttr(1));
    return tensor::ExtractSliceOp::create(rewriter, loc, w, offsets, sizes,
                                          strides);
  };
  auto elements = [&](Value b, int64_t offset, int64_t width) -> Value {
    Type f32 = rewriter.getF32Type();
    auto type = RankedTensorType::get({width}, f32);
    if (!b)
      return arith::ConstantOp::create(
          rewriter, loc, type,
          DenseElementsAttr::get(type, rewriter.getF32FloatAttr(0.0f)));
    if (offset == 0 && cast<RankedTensorType>(b.getType()) == type)
      return b;
    return tensor::ExtractSliceOp::create(
        rewriter, loc, b, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(offset)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(width)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
  };

  // TOSA's [1, Ein, M] weights and [1, .., 1, M] biases as [Ein, M], [M].
  auto normalize = [&](Value &w, Value &b) {
    auto wType = cast<RankedTensorType>(w.getType());
    w = reshapeTo(rewriter, loc, w, wType.getShape().take_back(2));
    if (b)
      b = reshapeTo(rewriter, loc, b, {wType.getShape().back()});
  };
  normalize(q->weight, q->bias);
  normalize(k->weight, k->bias);
  normalize(v->weight, v->bias);
  normalize(out->weight, out->bias);
  Value wq = columns(q->weight, q->offset, hq * e);
  Value wk = columns(k->weight, k->offset, hkv * e);
  Value wv = columns(v->weight, v->offset, hkv * ev);
  Value bq, bk, bv, bo;
  if (q->bias || k->bias || v->bias || out->bias) {
    // The block takes all four biases or none; a missing one is zero.
    bq = elements(q->bias, q->offset, hq * e);
    bk = elements(k->bias, k->offset, hkv * e);
    bv = elements(v->bias, v->offset, hkv * ev);
    bo = elements(out->bias, 0,
                  cast<RankedTensorType>(out->weight.getType()).getDimSize(1));
  }
  auto block = MultiHeadAttentionOp::create(
      rewriter, loc, out->result.getType(), q->x, k->x, v->x, wq, wk, wv,
      out->weight, bq, bk, bv, bo, attention.getMask(), attention.getBias(),
      rewriter.getI64IntegerAttr(hq),
      hkv == hq ? IntegerAttr() : rewriter.getI64IntegerAttr(hkv),
      attention.getCausalAttr(), attention.getWindowAttr(),
      attention.getScaleAttr(), attention.getSoftcapAttr());
  rewriter.replaceAllUsesWith(out->result, block.getResult());

  SmallVector<Operation *> dead(ops.begin(), ops.end());
  llvm::sort(dead,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  for (Operation *op : llvm::reverse(dead))
    if (op->use_empty())
      rewriter.eraseOp(op);
  return block.getResult();
}

namespace {

struct RaiseMultiHeadAttentionPattern : OpRewritePattern<AttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AttentionOp op,
                                PatternRewriter &rewriter) const override {
    return success(succeeded(raiseMultiHeadAttention(rewriter, op)));
  }
};

struct FoldAttentionPrecisionCastsPattern : OpRewritePattern<AttentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AttentionOp op,
                                PatternRewriter &rewriter) const override {
    return success(succeeded(foldAttentionPrecisionCasts(rewriter, op)));
  }
};

struct RaiseLinalgAttention : OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;
  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    return success(succeeded(raiseAttention(rewriter, op)));
  }
};

struct RaiseTosaAttention : OpRewritePattern<tosa::MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::MatMulOp op,
                                PatternRewriter &rewriter) const override {
    return success(succeeded(raiseAttention(rewriter, op)));
  }
};

struct RaiseAttentionPass
    : mha::impl::MHARaiseAttentionBase<RaiseAttentionPass> {
  using MHARaiseAttentionBase::MHARaiseAttentionBase;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateRaiseAttentionPatterns(patterns);
    if (raiseProjections)
      populateRaiseMultiHeadAttentionPatterns(patterns);
    // Only the matched ops change: no folding or CSE of the rest of the IR,
    // no region simplification (the driver still erases dead ops).
    GreedyRewriteConfig config;
    config.enableFolding(false)
        .enableConstantCSE(false)
        .setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config))) {
      // A pass failure always comes with a diagnostic (docs/Guarantees.md).
      emitError(getOperation()->getLoc())
          << "--mha-raise-attention: the rewrite did not converge";
      return signalPassFailure();
    }
  }
};

} // namespace

void mha::populateRaiseAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseLinalgAttention, RaiseTosaAttention,
               FoldAttentionPrecisionCastsPattern>(patterns.getContext());
}

void mha::populateRaiseMultiHeadAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseMultiHeadAttentionPattern>(patterns.getContext());
}
