//===- CausalMaskProof.cpp - causal and window masks for every size -------===//
//
// --mha-raise-attention proves a static mask causal by evaluating every
// element. With dynamic sizes there is nothing to enumerate, and a large
// static mask costs too many evaluations; this file proves such masks once,
// for every index at the same time: the ops that build the mask are run on
// a symbolic index (i, j and the batch indices), integers stay linear
// expressions in that index and in sizes, a condition is one linear
// inequality, and each element of the result is a tree of selects whose
// leaves are "the score plus a constant" or a float constant. The result is
// a band when it is one select between the score and -inf whose condition,
// normalized, is exactly `i - j >= 0` or `i - j + S - L >= 0` (causal), and
// possibly a lower bound `j >= d(i) - left` (a sliding window), or
// `i - left <= j <= i + right` (a window without a causal band). An i1
// tensor the evaluator cannot see through (a padding mask and-ed into the
// same condition) is an opaque atom of the condition; it is returned as
// the mask to apply besides the band.
//
//===----------------------------------------------------------------------===//

#include "mha/Dialect/MHA/Transforms/CausalMaskProof.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <functional>
#include <memory>

using namespace mlir;
using namespace mlir::mha;

namespace {

/// Coefficients and constants beyond these fail the proof, so that no sum of
/// terms (sizes below 2^40) can overflow 64 bits.
constexpr int64_t kMaxCoefficient = int64_t{1} << 16;
constexpr int64_t kMaxConstant = int64_t{1} << 40;

/// c + sum idx[d] * index_d + sum coef * sym, over the root index and
/// opaque 64-bit integers defined outside every linalg body.
struct Linear {
  int64_t constant = 0;
  SmallVector<int64_t, 4> idx;
  SmallVector<std::pair<Value, int64_t>, 2> syms;

  static Linear makeConstant(int64_t c, unsigned rank) {
    Linear l;
    l.constant = c;
    l.idx.assign(rank, 0);
    return l;
  }
  bool isConstant() const {
    return syms.empty() && llvm::all_of(idx, [](int64_t c) { return c == 0; });
  }
  bool operator==(const Linear &o) const {
    if (constant != o.constant || idx != o.idx || syms.size() != o.syms.size())
      return false;
    for (auto [v, c] : syms)
      if (o.coefficient(v) != c)
        return false;
    return true;
  }
  int64_t coefficient(Value v) const {
    for (auto [s, c] : syms)
      if (s == v)
        return c;
    return 0;
  }
};

bool inBounds(const Linear &l) {
  if (std::abs(l.constant) > kMaxConstant)
    return false;
  for (int64_t c : l.idx)
    if (std::abs(c) > kMaxCoefficient)
      return false;
  for (auto [v, c] : l.syms)
    if (std::abs(c) > kMaxCoefficient)
      return false;
  return true;
}

/// a * x + b * y, or nothing when a coefficient leaves the bounds.
std::optional<Linear> combine(int64_t a, const Linear &x, int64_t b,
                              const Linear &y) {
  if (std::abs(a) > kMaxCoefficient || std::abs(b) > kMaxCoefficient)
    return std::nullopt;
  Linear r;
  r.constant = a * x.constant + b * y.constant;
  for (auto [cx, cy] : llvm::zip_equal(x.idx, y.idx))
    r.idx.push_back(a * cx + b * cy);
  auto addSym = [&](Value v, int64_t c) {
    for (auto &[s, k] : r.syms)
      if (s == v) {
        k += c;
        return;
      }
    r.syms.push_back({v, c});
  };
  for (auto [v, c] : x.syms)
    addSym(v, a * c);
  for (auto [v, c] : y.syms)
    addSym(v, b * c);
  llvm::erase_if(r.syms, [](const auto &s) { return s.second == 0; });
  if (!inBounds(r))
    return std::nullopt;
  return r;
}

/// An opaque i1 tensor read at the root index (MaskRead), or its negation.
struct MaskAtom {
  Value tensor;
  SmallVector<int64_t, 4> dims;
  bool negated = false;
  bool operator==(const MaskAtom &o) const {
    return tensor == o.tensor && dims == o.dims && negated == o.negated;
  }
};

/// A condition: always true, always false, every atom holding (All), or
/// some atom holding (Any). The atoms are inequalities `lin >= 0` and at
/// most one opaque i1 tensor read. A single atom is an All.
struct Pred {
  enum Kind { True, False, All, Any } kind = True;
  SmallVector<Linear, 2> atoms;
  std::optional<MaskAtom> mask;

  static Pred makeConstant(bool b) { return {b ? True : False, {}, {}}; }
  static Pred makeAtom(Linear l) {
    if (l.isConstant())
      return makeConstant(l.constant >= 0);
    Pred p{All, {}, {}};
    p.atoms.push_back(std::move(l));
    return p;
  }
  static Pred makeMask(MaskAtom m) { return {All, {}, std::move(m)}; }
  bool isConstant() const { return kind == True || kind == False; }
  size_t numAtoms() const { return atoms.size() + (mask ? 1 : 0); }
  bool operator==(const Pred &o) const {
    return kind == o.kind && mask == o.mask && atoms.size() == o.atoms.size() &&
           llvm::all_of(llvm::zip_equal(atoms, o.atoms), [](auto pair) {
             return std::get<0>(pair) == std::get<1>(pair);
           });
  }
};

/// Conditions of more atoms than this fail the proof.
constexpr size_t kMaxAtoms = 4;

/// !(x >= 0) <=> -x - 1 >= 0 over the integers. Within the bounds of `x`
/// nothing overflows; the next combine() checks the bounds again.
Linear negateAtom(const Linear &x) {
  Linear r = x;
  r.constant = -x.constant - 1;
  for (int64_t &c : r.idx)
    c = -c;
  for (auto &sym : r.syms)
    sym.second = -sym.second;
  return r;
}

Pred negate(const Pred &p) {
  if (p.isConstant())
    return Pred::makeConstant(p.kind == Pred::False);
  Pred r{p.kind == Pred::All ? Pred::Any : Pred::All, {}, p.mask};
  for (const Linear &a : p.atoms)
    r.atoms.push_back(negateAtom(a));
  if (r.mask)
    r.mask->negated = !r.mask->negated;
  if (r.numAtoms() == 1)
    r.kind = Pred::All;
  return r;
}

/// a and b, where both are conjunctions (or constants).
std::optional<Pred> conjoin(const Pred &a, const Pred &b) {
  if (a.kind == Pred::False || b.kind == Pred::False)
    return Pred::makeConstant(false);
  if (a.kind == Pred::True)
    return b;
  if (b.kind == Pred::True)
    return a;
  if (a.kind != Pred::All || b.kind != Pred::All)
    return std::nullopt;
  Pred r = a;
  for (const Linear &atom : b.atoms)
    if (!llvm::is_contained(r.atoms, atom))
      r.atoms.push_back(atom);
  if (r.atoms.size() > kMaxAtoms)
    return std::nullopt;
  // One opaque tensor at most (a tensor and its negation are two).
  if (b.mask) {
    if (r.mask && !(*r.mask == *b.mask))
      return std::nullopt;
    r.mask = b.mask;
  }
  return r;
}

/// a or b, where both are disjunctions (or constants).
std::optional<Pred> disjoin(const Pred &a, const Pred &b) {
  std::optional<Pred> r = conjoin(negate(a), negate(b));
  if (!r)
    return std::nullopt;
  return negate(*r);
}

/// p ? a : b for conditions, where a or b is a constant (or both are the
/// same): a conjunction or disjunction again, or nothing.
std::optional<Pred> choose(const Pred &p, const Pred &a, const Pred &b) {
  if (p.isConstant())
    return p.kind == Pred::True ? a : b;
  if (a == b)
    return a;
  if (a.kind == Pred::True)
    return disjoin(p, b);
  if (a.kind == Pred::False)
    return conjoin(negate(p), b);
  if (b.kind == Pred::False)
    return conjoin(p, a);
  if (b.kind == Pred::True)
    return disjoin(negate(p), a);
  return std::nullopt;
}

/// One element at the symbolic index.
struct Sym {
  enum Kind { Int, Bool, Float, Hole, Cond } kind = Float;
  Linear lin;   // Int
  Pred pred;    // Bool; the condition of a Cond
  double f = 0; // Float: the value; Hole: the offset added to the score
  std::shared_ptr<const Sym> onTrue, onFalse; // Cond

  static Sym makeInt(Linear l) {
    Sym s;
    s.kind = Int;
    s.lin = std::move(l);
    return s;
  }
  static Sym makeBool(Pred p) {
    Sym s;
    s.kind = Bool;
    s.pred = std::move(p);
    return s;
  }
  static Sym makeFloat(double f) {
    Sym s;
    s.kind = Float;
    s.f = f;
    return s;
  }
  static Sym makeHole(double offset) {
    Sym s;
    s.kind = Hole;
    s.f = offset;
    return s;
  }
  static Sym makeCond(Pred p, Sym a, Sym b) {
    Sym s;
    s.kind = Cond;
    s.pred = std::move(p);
    s.onTrue = std::make_shared<const Sym>(std::move(a));
    s.onFalse = std::make_shared<const Sym>(std::move(b));
    return s;
  }
  bool isFloatLike() const {
    return kind == Float || kind == Hole || kind == Cond;
  }
  unsigned leaves() const {
    return kind == Cond ? onTrue->leaves() + onFalse->leaves() : 1;
  }
};

/// p ? a : b, unless the tree would have more than 32 leaves.
FailureOr<Sym> makeBoundedCond(Pred p, Sym a, Sym b) {
  Sym r = Sym::makeCond(std::move(p), std::move(a), std::move(b));
  if (r.leaves() > 32)
    return failure();
  return r;
}

bool is64BitInt(Type t) {
  t = getElementTypeOrSelf(t);
  return t.isIndex() || t.isInteger(64);
}

bool isBool(Type t) { return getElementTypeOrSelf(t).isInteger(1); }

double roundTo(Type t, double x) {
  t = getElementTypeOrSelf(t);
  if (t.isF32())
    return static_cast<double>(static_cast<float>(x));
  return x;
}

/// True when the linear expression is >= 0 for every index and size:
/// nonnegative coefficients of the index and of sizes, a nonnegative
/// constant.
bool provablyNonNegative(const Linear &l, const llvm::DenseSet<Value> &sizes) {
  if (l.constant < 0 || llvm::any_of(l.idx, [](int64_t c) { return c < 0; }))
    return false;
  return llvm::all_of(l.syms, [&](const auto &s) {
    return s.second >= 0 && sizes.contains(s.first);
  });
}

/// True when `v` is defined inside the body of a linalg op (it may vary
/// with the iteration).
bool isInsideLinalgBody(Value v) {
  Operation *parent =
      v.getParentBlock() ? v.getParentBlock()->getParentOp() : nullptr;
  for (; parent; parent = parent->getParentOp())
    if (isa<linalg::LinalgOp>(parent))
      return true;
  return false;
}

class SymbolicEvaluator {
public:
  SymbolicEvaluator(Value hole, unsigned rank) : hole(hole), rank(rank) {}

  /// The element of `t` at the root index.
  FailureOr<Sym> atRoot(Value t) {
    SmallVector<Linear> idx;
    for (unsigned d = 0; d < rank; ++d) {
      Linear l = Linear::makeConstant(0, rank);
      l.idx[d] = 1;
      idx.push_back(l);
    }
    return tensorAt(t, idx);
  }

  /// Opaque integers known to be sizes (tensor.dim results).
  llvm::DenseSet<Value> sizes;

private:
  struct Body {
    linalg::LinalgOp op;
    SmallVector<Linear> loops;
  };
  struct DepthGuard {
    unsigned &depth;
    explicit DepthGuard(unsigned &d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
  };

  FailureOr<Sym> tensorAt(Value t, ArrayRef<Linear> idx);
  FailureOr<Sym> tensorAtImpl(Value t, ArrayRef<Linear> idx);
  FailureOr<Sym> opaqueMask(Value t, ArrayRef<Linear> idx);
  FailureOr<Sym> scalarIn(Value s, const Body *body);
  FailureOr<Sym> apply(Operation *op, ArrayRef<Sym> args, Type resultType);
  FailureOr<Sym> applyFloat(Operation *op, const Sym &a, const Sym &b,
                            Type resultType);
  std::optional<Linear> affine(AffineExpr e, ArrayRef<Linear> loops);

  Value hole;
  unsigned rank;
  unsigned depth = 0;
  /// Steps left: values read twice are evaluated twice (no memo), so a
  /// chain of ops that each read the previous one twice would take
  /// exponential time without a bound.
  unsigned budget = 20000;
};

std::optional<Linear> SymbolicEvaluator::affine(AffineExpr e,
                                                ArrayRef<Linear> loops) {
  if (auto dim = dyn_cast<AffineDimExpr>(e)) {
    if (dim.getPosition() >= loops.size())
      return std::nullopt;
    return loops[dim.getPosition()];
  }
  if (auto c = dyn_cast<AffineConstantExpr>(e)) {
    Linear l = Linear::makeConstant(c.getValue(), rank);
    return inBounds(l) ? std::optional<Linear>(l) : std::nullopt;
  }
  auto bin = dyn_cast<AffineBinaryOpExpr>(e);
  if (!bin)
    return std::nullopt;
  std::optional<Linear> lhs = affine(bin.getLHS(), loops);
  std::optional<Linear> rhs = affine(bin.getRHS(), loops);
  if (!lhs || !rhs)
    return std::nullopt;
  if (e.getKind() == AffineExprKind::Add)
    return combine(1, *lhs, 1, *rhs);
  if (e.getKind() == AffineExprKind::Mul) {
    if (rhs->isConstant())
      return combine(rhs->constant, *lhs, 0, *lhs);
    if (lhs->isConstant())
      return combine(lhs->constant, *rhs, 0, *rhs);
  }
  return std::nullopt;
}

/// True unless `v` provably does not depend on `hole`: the ops that compute
/// it, and the values their regions use, are walked back (at most 4096 ops;
/// beyond that, true).
static bool mayDependOn(Value v, Value hole) {
  SmallVector<Value> work{v};
  llvm::DenseSet<Operation *> seen;
  while (!work.empty()) {
    Value x = work.pop_back_val();
    if (x == hole)
      return true;
    Operation *def = x.getDefiningOp();
    if (!def || !seen.insert(def).second)
      continue;
    if (seen.size() > 4096)
      return true;
    def->walk([&](Operation *nested) {
      llvm::append_range(work, nested->getOperands());
    });
  }
  return false;
}

FailureOr<Sym> SymbolicEvaluator::tensorAt(Value t, ArrayRef<Linear> idx) {
  FailureOr<Sym> r = tensorAtImpl(t, idx);
  if (succeeded(r) || t == hole || !isBool(t.getType()))
    return r;
  return opaqueMask(t, idx);
}

/// An i1 tensor whose elements the evaluator cannot see through, as an
/// opaque condition: read at the root index itself (each dimension at one
/// index dimension, in order) or at 0 along unit dimensions, and computed
/// without the scores (which the raise removes).
FailureOr<Sym> SymbolicEvaluator::opaqueMask(Value t, ArrayRef<Linear> idx) {
  auto type = dyn_cast<RankedTensorType>(t.getType());
  if (!type || static_cast<size_t>(type.getRank()) != idx.size())
    return failure();
  MaskAtom atom{t, {}, false};
  int64_t last = -1;
  for (auto [k, l] : llvm::enumerate(idx)) {
    if (!l.syms.empty() || l.constant != 0)
      return failure();
    if (l.isConstant()) {
      if (type.getDimSize(k) != 1)
        return failure();
      atom.dims.push_back(-1);
      continue;
    }
    auto nonZero = llvm::make_filter_range(
        llvm::enumerate(l.idx), [](auto c) { return c.value() != 0; });
    if (std::distance(nonZero.begin(), nonZero.end()) != 1)
      return failure();
    auto [d, c] = *nonZero.begin();
    if (c != 1 || static_cast<int64_t>(d) <= last)
      return failure();
    last = d;
    atom.dims.push_back(d);
  }
  if (mayDependOn(t, hole))
    return failure();
  return Sym::makeBool(Pred::makeMask(std::move(atom)));
}

FailureOr<Sym> SymbolicEvaluator::tensorAtImpl(Value t, ArrayRef<Linear> idx) {
  DepthGuard guard(depth);
  if (depth > 64 || budget == 0)
    return failure();
  --budget;
  auto type = dyn_cast<RankedTensorType>(t.getType());
  if (!type || static_cast<size_t>(type.getRank()) != idx.size())
    return failure();
  if (t == hole) {
    // The scores may only be read at the root index.
    for (auto [d, l] : llvm::enumerate(idx)) {
      Linear unit = Linear::makeConstant(0, rank);
      unit.idx[d] = 1;
      if (!(l == unit))
        return failure();
    }
    return Sym::makeHole(0.0);
  }
  Type elemType = type.getElementType();

  DenseElementsAttr dense;
  if (matchPattern(t, m_Constant(&dense))) {
    if (!dense.isSplat())
      return failure();
    if (isa<FloatType>(elemType))
      return Sym::makeFloat(dense.getSplatValue<APFloat>().convertToDouble());
    if (isBool(elemType))
      return Sym::makeBool(
          Pred::makeConstant(!dense.getSplatValue<APInt>().isZero()));
    if (is64BitInt(elemType))
      return Sym::makeInt(Linear::makeConstant(
          dense.getSplatValue<APInt>().getSExtValue(), rank));
    return failure();
  }

  Operation *def = t.getDefiningOp();
  if (!def)
    return failure();

  if (auto cast = dyn_cast<tensor::CastOp>(def))
    return tensorAt(cast.getSource(), idx);

  // Reshapes that only add or drop unit dimensions: every reassociation
  // group holds at most one dimension that is not a static 1.
  auto reshapeIndex = [&](ArrayRef<ReassociationIndices> groups,
                          RankedTensorType high,
                          bool toHigh) -> std::optional<SmallVector<Linear>> {
    SmallVector<Linear> out;
    if (toHigh)
      out.assign(high.getRank(), Linear::makeConstant(0, rank));
    for (auto [g, group] : llvm::enumerate(groups)) {
      SmallVector<int64_t> wide;
      for (int64_t d : group)
        if (high.getDimSize(d) != 1)
          wide.push_back(d);
      if (wide.size() > 1)
        return std::nullopt;
      if (toHigh) {
        if (!wide.empty())
          out[wide[0]] = idx[g];
      } else {
        out.push_back(wide.empty() ? Linear::makeConstant(0, rank)
                                   : idx[wide[0]]);
      }
    }
    return out;
  };
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def)) {
    // Source (low rank) index from the result (high rank) index.
    std::optional<SmallVector<Linear>> src = reshapeIndex(
        expand.getReassociationIndices(), expand.getResultType(), false);
    if (!src)
      return failure();
    return tensorAt(expand.getSrc(), *src);
  }
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def)) {
    std::optional<SmallVector<Linear>> src = reshapeIndex(
        collapse.getReassociationIndices(), collapse.getSrcType(), true);
    if (!src)
      return failure();
    return tensorAt(collapse.getSrc(), *src);
  }

  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(def)) {
    if (!linalgOp.hasPureTensorSemantics() ||
        linalgOp.getNumLoops() != linalgOp.getNumParallelLoops())
      return failure();
    unsigned resultNo = cast<OpResult>(t).getResultNumber();
    AffineMap outMap =
        linalgOp.getMatchingIndexingMap(linalgOp.getDpsInitOperand(resultNo));
    if (!outMap.isPermutation())
      return failure();
    Body body{linalgOp, SmallVector<Linear>(linalgOp.getNumLoops(),
                                            Linear::makeConstant(0, rank))};
    for (auto [k, expr] : llvm::enumerate(outMap.getResults()))
      body.loops[cast<AffineDimExpr>(expr).getPosition()] = idx[k];
    Value yielded = linalgOp.getBlock()->getTerminator()->getOperand(resultNo);
    return scalarIn(yielded, &body);
  }

  // arith on tensors: elementwise, no broadcasting.
  if (def->getNumResults() == 1 && def->getNumRegions() == 0 &&
      def->hasTrait<OpTrait::Elementwise>() &&
      isa<arith::ArithDialect>(def->getDialect())) {
    SmallVector<Sym, 3> args;
    for (Value operand : def->getOperands()) {
      auto operandType = dyn_cast<RankedTensorType>(operand.getType());
      if (operandType && operandType.getShape() != type.getShape())
        return failure();
      // A scalar operand (the condition of a select on tensors).
      FailureOr<Sym> e =
          operandType ? tensorAt(operand, idx) : scalarIn(operand, nullptr);
      if (failed(e))
        return failure();
      args.push_back(*e);
    }
    return apply(def, args, elemType);
  }
  return failure();
}

FailureOr<Sym> SymbolicEvaluator::scalarIn(Value s, const Body *body) {
  DepthGuard guard(depth);
  if (depth > 64 || budget == 0)
    return failure();
  --budget;
  if (auto arg = dyn_cast<BlockArgument>(s)) {
    linalg::LinalgOp op = body ? body->op : linalg::LinalgOp();
    if (op && arg.getOwner() == op.getBlock()) {
      OpOperand *operand = op.getMatchingOpOperand(arg);
      Value v = operand->get();
      if (!isa<ShapedType>(v.getType()))
        return scalarIn(v, nullptr);
      AffineMap map = op.getMatchingIndexingMap(operand);
      SmallVector<Linear> idx;
      for (AffineExpr e : map.getResults()) {
        std::optional<Linear> l = affine(e, body->loops);
        if (!l)
          return failure();
        idx.push_back(*l);
      }
      return tensorAt(v, idx);
    }
    // A function argument (or another block's): an opaque integer.
    if (is64BitInt(s.getType()) && !isInsideLinalgBody(s)) {
      Linear l = Linear::makeConstant(0, rank);
      l.syms.push_back({s, 1});
      return Sym::makeInt(l);
    }
    return failure();
  }
  Operation *def = s.getDefiningOp();
  if (auto constant = dyn_cast<arith::ConstantOp>(def)) {
    if (auto f = dyn_cast<FloatAttr>(constant.getValue()))
      return Sym::makeFloat(f.getValueAsDouble());
    if (auto i = dyn_cast<IntegerAttr>(constant.getValue())) {
      if (isBool(i.getType()))
        return Sym::makeBool(Pred::makeConstant(!i.getValue().isZero()));
      if (!is64BitInt(i.getType()))
        return failure();
      Linear l = Linear::makeConstant(i.getValue().getSExtValue(), rank);
      if (!inBounds(l))
        return failure();
      return Sym::makeInt(l);
    }
    return failure();
  }
  if (auto index = dyn_cast<linalg::IndexOp>(def)) {
    if (!body ||
        index->getParentOp() != linalg::LinalgOp(body->op).getOperation() ||
        index.getDim() >= body->loops.size())
      return failure();
    return Sym::makeInt(body->loops[index.getDim()]);
  }
  if (auto dim = dyn_cast<tensor::DimOp>(def)) {
    std::optional<int64_t> d = dim.getConstantIndex();
    auto type = dyn_cast<RankedTensorType>(dim.getSource().getType());
    if (!d || !type || *d < 0 || *d >= type.getRank())
      return failure();
    if (!type.isDynamicDim(*d))
      return Sym::makeInt(Linear::makeConstant(type.getDimSize(*d), rank));
    Linear l = Linear::makeConstant(0, rank);
    l.syms.push_back({s, 1});
    sizes.insert(s);
    return Sym::makeInt(l);
  }
  if (def->getNumResults() == 1 && def->getNumRegions() == 0 &&
      isa<arith::ArithDialect>(def->getDialect())) {
    SmallVector<Sym, 3> args;
    for (Value operand : def->getOperands()) {
      FailureOr<Sym> e = scalarIn(operand, body);
      if (failed(e))
        return failure();
      args.push_back(*e);
    }
    FailureOr<Sym> r = apply(def, args, s.getType());
    if (succeeded(r))
      return r;
  }
  // Any other integer computed outside every linalg body is a constant of
  // the iteration: an opaque integer.
  if (is64BitInt(s.getType()) && !isInsideLinalgBody(s)) {
    Linear l = Linear::makeConstant(0, rank);
    l.syms.push_back({s, 1});
    return Sym::makeInt(l);
  }
  return failure();
}

FailureOr<Sym> SymbolicEvaluator::applyFloat(Operation *op, const Sym &a,
                                             const Sym &b, Type resultType) {
  // Distribute over the selects of either operand.
  for (int side = 0; side < 2; ++side) {
    const Sym &x = side == 0 ? a : b;
    if (x.kind != Sym::Cond)
      continue;
    FailureOr<Sym> t = side == 0 ? applyFloat(op, *x.onTrue, b, resultType)
                                 : applyFloat(op, a, *x.onTrue, resultType);
    FailureOr<Sym> f = side == 0 ? applyFloat(op, *x.onFalse, b, resultType)
                                 : applyFloat(op, a, *x.onFalse, resultType);
    if (failed(t) || failed(f))
      return failure();
    return makeBoundedCond(x.pred, *t, *f);
  }
  bool f32 = getElementTypeOrSelf(resultType).isF32();
  if (a.kind == Sym::Float && b.kind == Sym::Float) {
    double x = a.f, y = b.f;
    if (isa<arith::AddFOp>(op))
      return Sym::makeFloat(roundTo(resultType, x + y));
    if (isa<arith::SubFOp>(op))
      return Sym::makeFloat(roundTo(resultType, x - y));
    if (isa<arith::MulFOp>(op))
      return Sym::makeFloat(roundTo(resultType, x * y));
    return failure();
  }
  // The score plus a constant; multiplied by exactly 1 it stays.
  if (!f32)
    return failure();
  if (isa<arith::AddFOp>(op)) {
    if (a.kind == Sym::Hole && b.kind == Sym::Float)
      return Sym::makeHole(a.f + b.f);
    if (a.kind == Sym::Float && b.kind == Sym::Hole)
      return Sym::makeHole(a.f + b.f);
  }
  if (isa<arith::SubFOp>(op) && a.kind == Sym::Hole && b.kind == Sym::Float)
    return Sym::makeHole(a.f - b.f);
  if (isa<arith::MulFOp>(op)) {
    if (a.kind == Sym::Hole && b.kind == Sym::Float && b.f == 1.0)
      return a;
    if (a.kind == Sym::Float && a.f == 1.0 && b.kind == Sym::Hole)
      return b;
  }
  return failure();
}

FailureOr<Sym> SymbolicEvaluator::apply(Operation *op, ArrayRef<Sym> args,
                                        Type resultType) {
  if (isa<arith::SelectOp>(op)) {
    if (args.size() != 3 || args[0].kind != Sym::Bool)
      return failure();
    const Pred &p = args[0].pred;
    if (p.isConstant())
      return p.kind == Pred::True ? args[1] : args[2];
    const Sym &a = args[1], &b = args[2];
    if (a.kind == Sym::Bool && b.kind == Sym::Bool) {
      std::optional<Pred> r = choose(p, a.pred, b.pred);
      if (!r)
        return failure();
      return Sym::makeBool(*r);
    }
    if (a.kind == Sym::Int && b.kind == Sym::Int) {
      if (a.lin == b.lin)
        return a;
      return failure();
    }
    if (a.isFloatLike() && b.isFloatLike())
      return makeBoundedCond(p, a, b);
    return failure();
  }

  if (isa<arith::AddFOp, arith::SubFOp, arith::MulFOp>(op)) {
    if (args.size() != 2 || !args[0].isFloatLike() || !args[1].isFloatLike())
      return failure();
    return applyFloat(op, args[0], args[1], resultType);
  }

  // A float compared with a float, where one side is a select tree over
  // float constants and the other a constant: the condition under which
  // the comparison holds (`tril(ones(L, S)) == 0`, `.bool()`).
  if (auto cmp = dyn_cast<arith::CmpFOp>(op)) {
    if (args.size() != 2)
      return failure();
    std::function<std::optional<Pred>(const Sym &, const Sym &)> compare =
        [&](const Sym &x, const Sym &y) -> std::optional<Pred> {
      if (x.kind == Sym::Float && y.kind == Sym::Float)
        return Pred::makeConstant(arith::applyCmpPredicate(
            cmp.getPredicate(), APFloat(x.f), APFloat(y.f)));
      const Sym &tree = x.kind == Sym::Cond ? x : y;
      if (tree.kind != Sym::Cond)
        return std::nullopt;
      bool left = &tree == &x;
      std::optional<Pred> t =
          left ? compare(*tree.onTrue, y) : compare(x, *tree.onTrue);
      std::optional<Pred> f =
          left ? compare(*tree.onFalse, y) : compare(x, *tree.onFalse);
      if (!t || !f)
        return std::nullopt;
      return choose(tree.pred, *t, *f);
    };
    std::optional<Pred> r = compare(args[0], args[1]);
    if (!r)
      return failure();
    return Sym::makeBool(*r);
  }

  // Conditions.
  if (auto cmp = dyn_cast<arith::CmpIOp>(op)) {
    if (!is64BitInt(cmp.getLhs().getType()) || args[0].kind != Sym::Int ||
        args[1].kind != Sym::Int)
      return failure();
    const Linear &a = args[0].lin, &b = args[1].lin;
    using P = arith::CmpIPredicate;
    P p = cmp.getPredicate();
    std::optional<Linear> diff = combine(1, a, -1, b); // a - b
    if (!diff)
      return failure();
    if (p == P::eq || p == P::ne) {
      if (!diff->isConstant())
        return failure();
      return Sym::makeBool(
          Pred::makeConstant((diff->constant == 0) == (p == P::eq)));
    }
    // Unsigned orders agree with the signed ones when both sides are
    // provably nonnegative.
    bool isUnsigned = p == P::ult || p == P::ule || p == P::ugt || p == P::uge;
    if (isUnsigned &&
        !(provablyNonNegative(a, sizes) && provablyNonNegative(b, sizes)))
      return failure();
    // a - b >= 0 (sge), or b - a >= 0 (sle), or their negations.
    std::optional<Linear> rev = combine(-1, a, 1, b);
    if (!rev)
      return failure();
    Pred r;
    switch (p) {
    case P::sge:
    case P::uge:
      r = Pred::makeAtom(*diff);
      break;
    case P::slt:
    case P::ult:
      r = negate(Pred::makeAtom(*diff));
      break;
    case P::sle:
    case P::ule:
      r = Pred::makeAtom(*rev);
      break;
    case P::sgt:
    case P::ugt:
      r = negate(Pred::makeAtom(*rev));
      break;
    default:
      return failure();
    }
    if (llvm::any_of(r.atoms, [](const Linear &l) { return !inBounds(l); }))
      return failure();
    return Sym::makeBool(r);
  }

  // Booleans.
  if (isa<arith::AndIOp, arith::OrIOp, arith::XOrIOp>(op) &&
      isBool(resultType)) {
    if (args.size() != 2 || args[0].kind != Sym::Bool ||
        args[1].kind != Sym::Bool)
      return failure();
    const Pred &a = args[0].pred, &b = args[1].pred;
    std::optional<Pred> r;
    if (isa<arith::AndIOp>(op))
      r = conjoin(a, b);
    else if (isa<arith::OrIOp>(op))
      r = disjoin(a, b);
    else if (a.isConstant()) // xor with a constant: b or its negation
      r = a.kind == Pred::True ? negate(b) : b;
    else if (b.isConstant())
      r = b.kind == Pred::True ? negate(a) : a;
    if (!r)
      return failure();
    return Sym::makeBool(*r);
  }

  // 64-bit integers.
  if (!is64BitInt(resultType))
    return failure();
  if (isa<arith::IndexCastOp>(op)) {
    if (!is64BitInt(op->getOperand(0).getType()) || args[0].kind != Sym::Int)
      return failure();
    return args[0];
  }
  if (args.size() != 2 || args[0].kind != Sym::Int || args[1].kind != Sym::Int)
    return failure();
  const Linear &a = args[0].lin, &b = args[1].lin;
  std::optional<Linear> r;
  if (isa<arith::AddIOp>(op))
    r = combine(1, a, 1, b);
  else if (isa<arith::SubIOp>(op))
    r = combine(1, a, -1, b);
  else if (isa<arith::MulIOp>(op)) {
    if (b.isConstant())
      r = combine(b.constant, a, 0, a);
    else if (a.isConstant())
      r = combine(a.constant, b, 0, b);
  }
  if (!r)
    return failure();
  return Sym::makeInt(*r);
}

//===----------------------------------------------------------------------===//
// Sizes that are provably equal
//===----------------------------------------------------------------------===//

/// A size: dimension `dim` of a tensor, or (dim = -1) an integer value.
using SizeKey = std::pair<Value, int64_t>;

void collectScalarAliases(Value v, llvm::DenseSet<SizeKey> &out,
                          unsigned depth);

/// Adds to `out` every size that equals dimension `dim` of `t` by the
/// semantics of the ops that produce it: the destination of a
/// destination-style op, an operand a linalg op reads along the same loop
/// (linalg requires equal extents), a tensor.empty size, a reshape that keeps
/// the dimension, tensor.cast.
void collectAliases(Value t, int64_t dim, llvm::DenseSet<SizeKey> &out,
                    unsigned depth) {
  if (depth > 24 || !out.insert({t, dim}).second)
    return;
  auto type = dyn_cast<RankedTensorType>(t.getType());
  if (!type || dim < 0 || dim >= type.getRank() || !type.isDynamicDim(dim))
    return;
  Operation *def = t.getDefiningOp();
  if (!def)
    return;
  if (auto empty = dyn_cast<tensor::EmptyOp>(def)) {
    collectScalarAliases(empty.getDynamicSize(dim), out, depth + 1);
    return;
  }
  if (auto cast = dyn_cast<tensor::CastOp>(def)) {
    collectAliases(cast.getSource(), dim, out, depth + 1);
    return;
  }
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def)) {
    SmallVector<OpFoldResult> sizes = expand.getMixedOutputShape();
    if (auto v = dyn_cast<Value>(sizes[dim]))
      collectScalarAliases(v, out, depth + 1);
    for (auto [g, group] : llvm::enumerate(expand.getReassociationIndices()))
      if (llvm::is_contained(group, dim) && llvm::all_of(group, [&](int64_t d) {
            return d == dim || type.getDimSize(d) == 1;
          }))
        collectAliases(expand.getSrc(), g, out, depth + 1);
    return;
  }
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def)) {
    RankedTensorType src = collapse.getSrcType();
    ReassociationIndices group = collapse.getReassociationIndices()[dim];
    SmallVector<int64_t> wide;
    for (int64_t d : group)
      if (src.getDimSize(d) != 1)
        wide.push_back(d);
    if (wide.size() == 1)
      collectAliases(collapse.getSrc(), wide[0], out, depth + 1);
    return;
  }
  auto result = cast<OpResult>(t);
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(def))
    if (result.getResultNumber() < dps.getNumDpsInits())
      collectAliases(dps.getDpsInitOperand(result.getResultNumber())->get(),
                     dim, out, depth + 1);
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(def)) {
    AffineMap outMap = linalgOp.getMatchingIndexingMap(
        linalgOp.getDpsInitOperand(result.getResultNumber()));
    auto loop = dyn_cast<AffineDimExpr>(outMap.getResult(dim));
    if (!loop)
      return;
    for (OpOperand *input : linalgOp.getDpsInputOperands()) {
      if (!isa<RankedTensorType>(input->get().getType()))
        continue;
      AffineMap map = linalgOp.getMatchingIndexingMap(input);
      for (auto [k, e] : llvm::enumerate(map.getResults()))
        if (e == loop)
          collectAliases(input->get(), k, out, depth + 1);
    }
  }
}

void collectScalarAliases(Value v, llvm::DenseSet<SizeKey> &out,
                          unsigned depth) {
  if (depth > 24 || !out.insert({v, -1}).second)
    return;
  if (auto cast = v.getDefiningOp<arith::IndexCastOp>()) {
    if (is64BitInt(cast.getIn().getType()))
      collectScalarAliases(cast.getIn(), out, depth + 1);
    return;
  }
  if (auto dim = v.getDefiningOp<tensor::DimOp>())
    if (std::optional<int64_t> d = dim.getConstantIndex())
      collectAliases(dim.getSource(), *d, out, depth + 1);
}

bool intersects(const llvm::DenseSet<SizeKey> &a,
                const llvm::DenseSet<SizeKey> &b) {
  return llvm::any_of(a, [&](const SizeKey &k) { return b.contains(k); });
}

/// A bound on the key index of an atom, normalized: `j <= i + K` (upper)
/// or `j >= i - K` (lower), K = constant + cL * L + cS * S. With L = S
/// proved, cL holds the coefficient of both and cS is 0.
struct KeyBound {
  bool upper = true;
  int64_t constant = 0, cL = 0, cS = 0;
};

/// What the scores' L and S are, for reading a condition.
struct ScoreSizes {
  int64_t l, s; // static extents, or kDynamic
  llvm::DenseSet<SizeKey> lSizes, sSizes;
  bool sameLS = false;

  /// The offset S - L of bottom_right as a KeyBound's K.
  KeyBound bottomRight() const {
    KeyBound k;
    if (sameLS)
      return k;
    k.cL = ShapedType::isDynamic(l) ? -1 : 0;
    k.cS = ShapedType::isDynamic(s) ? 1 : 0;
    k.constant =
        (ShapedType::isDynamic(s) ? 0 : s) - (ShapedType::isDynamic(l) ? 0 : l);
    return k;
  }
};

/// The key bound an atom states, when it bounds j by i plus sizes and a
/// constant, the same for every batch index; the sizes must be L or S.
std::optional<KeyBound> readBound(const Linear &lin, unsigned rank,
                                  ScoreSizes &sizes) {
  for (unsigned d = 0; d + 2 < rank; ++d)
    if (lin.idx[d] != 0)
      return std::nullopt;
  int64_t ai = lin.idx[rank - 2];
  if (ai == 0 || lin.idx[rank - 1] != -ai)
    return std::nullopt;
  // g (i - j) + R >= 0 <=> j <= i + floor(R / g), and
  // g (j - i) + R >= 0 <=> j >= i - floor(R / g).
  KeyBound k;
  k.upper = ai > 0;
  int64_t g = std::abs(ai);

  SmallVector<std::pair<bool, bool>> classes; // (is L, is S) per size
  for (auto [v, c] : lin.syms) {
    llvm::DenseSet<SizeKey> aliases;
    collectScalarAliases(v, aliases, 0);
    bool isL = intersects(aliases, sizes.lSizes);
    bool isS = intersects(aliases, sizes.sSizes);
    if (!isL && !isS)
      return std::nullopt;
    // A size that is both proves L = S.
    sizes.sameLS |= isL && isS;
    classes.push_back({isL, isS});
  }
  int64_t constant = lin.constant;
  for (auto [sym, cls] : llvm::zip_equal(lin.syms, classes)) {
    int64_t c = sym.second;
    // A size proved equal to a static extent is that constant.
    int64_t known = sizes.sameLS
                        ? (ShapedType::isDynamic(sizes.l) ? sizes.s : sizes.l)
                        : (cls.first ? sizes.l : sizes.s);
    if (!ShapedType::isDynamic(known)) {
      int64_t term;
      if (llvm::MulOverflow(c, known, term) ||
          llvm::AddOverflow(constant, term, constant))
        return std::nullopt;
      continue;
    }
    if (c % g != 0)
      return std::nullopt;
    (sizes.sameLS || cls.first ? k.cL : k.cS) += c / g;
  }
  k.constant = llvm::divideFloorSigned(constant, g);
  return k;
}

/// K - A, when it is a constant.
std::optional<int64_t> constantDifference(const KeyBound &k, const KeyBound &a,
                                          bool sameLS) {
  if (sameLS ? k.cL + k.cS != a.cL + a.cS : (k.cL != a.cL || k.cS != a.cS))
    return std::nullopt;
  return k.constant - a.constant;
}

} // namespace

std::optional<MaskBand> mlir::mha::proveMaskBand(Value result, Value scores) {
  auto type = dyn_cast<RankedTensorType>(result.getType());
  if (!type || type.getRank() < 2 || !type.getElementType().isF32() ||
      scores.getType() != type)
    return std::nullopt;
  unsigned rank = type.getRank();
  SymbolicEvaluator evaluator(scores, rank);
  FailureOr<Sym> e = evaluator.atRoot(result);
  if (failed(e))
    return std::nullopt;

  // Selects between the score and -inf (or no select at all): the set where
  // the result is the score. Nested selects combine their conditions while
  // one side of each is -inf (or the score) throughout.
  std::function<std::optional<Pred>(const Sym &)> allowedSetOf =
      [&](const Sym &s) -> std::optional<Pred> {
    if (s.kind == Sym::Hole && s.f == 0.0)
      return Pred::makeConstant(true);
    if ((s.kind == Sym::Hole || s.kind == Sym::Float) && std::isinf(s.f) &&
        s.f < 0)
      return Pred::makeConstant(false);
    if (s.kind != Sym::Cond)
      return std::nullopt;
    std::optional<Pred> t = allowedSetOf(*s.onTrue);
    std::optional<Pred> f = allowedSetOf(*s.onFalse);
    if (!t || !f)
      return std::nullopt;
    return choose(s.pred, *t, *f);
  };
  std::optional<Pred> allowedSet = allowedSetOf(*e);
  if (!allowedSet)
    return std::nullopt;
  if (allowedSet->kind == Pred::True)
    return MaskBand{MaskKind::Identity, std::nullopt, std::nullopt};
  if (allowedSet->kind != Pred::All)
    return std::nullopt;
  MaskBand band;
  if (allowedSet->mask)
    band.mask = MaskRead{allowedSet->mask->tensor, allowedSet->mask->dims,
                         allowedSet->mask->negated};
  if (allowedSet->atoms.empty())
    return band;

  // Which sizes are L and S.
  ScoreSizes sizes;
  sizes.l = type.getDimSize(rank - 2);
  sizes.s = type.getDimSize(rank - 1);
  for (Value v : {result, scores}) {
    collectAliases(v, rank - 2, sizes.lSizes, 0);
    collectAliases(v, rank - 1, sizes.sSizes, 0);
  }
  sizes.sameLS = intersects(sizes.lSizes, sizes.sSizes);
  std::optional<KeyBound> upper, lower;
  for (const Linear &atom : allowedSet->atoms) {
    std::optional<KeyBound> k = readBound(atom, rank, sizes);
    if (!k)
      return std::nullopt;
    std::optional<KeyBound> &slot = k->upper ? upper : lower;
    if (slot)
      return std::nullopt; // two bounds on one side
    slot = k;
  }
  if (!upper)
    return std::nullopt;

  // The upper bound j <= i + K names the anchor d(i) = i + A: causal
  // top_left (K = 0), causal bottom_right (K = S - L), or no causal band
  // and a window reaching r keys right of the diagonal (K = r >= 0).
  KeyBound topLeft, bottomRight = sizes.bottomRight();
  KeyBound anchor = topLeft;
  int64_t right = 0;
  if (constantDifference(*upper, topLeft, sizes.sameLS) == 0) {
    band.causal = MaskKind::TopLeft;
  } else if (constantDifference(*upper, bottomRight, sizes.sameLS) == 0) {
    band.causal = MaskKind::BottomRight;
    anchor = bottomRight;
  } else {
    std::optional<int64_t> r =
        constantDifference(*upper, topLeft, sizes.sameLS);
    if (!r || *r < 0 || !lower)
      return std::nullopt;
    band.causal = MaskKind::Identity;
    right = *r;
  }
  if (!lower)
    return band;
  // j >= i - K' is j >= d(i) - left with left = K' + A.
  KeyBound negAnchor = anchor;
  negAnchor.constant = -anchor.constant;
  negAnchor.cL = -anchor.cL;
  negAnchor.cS = -anchor.cS;
  std::optional<int64_t> left =
      constantDifference(*lower, negAnchor, sizes.sameLS);
  constexpr int64_t kMaxWindow = int64_t{1} << 62;
  if (!left || *left < 0 || *left > kMaxWindow)
    return std::nullopt;
  band.window = std::make_pair(*left, right);
  return band;
}
