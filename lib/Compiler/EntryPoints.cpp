//===- EntryPoints.cpp - C parameters and size checks of each function ---===//
//
// Compiled code trusts its operands' sizes: a key shorter than the value
// would be read out of bounds. The C caller passes every dynamic size as a
// separate integer, so the entry point checks the relations the mha ops
// impose on them (found here by unifying the dimensions of every tensor in
// the function) before it calls the kernel.
//
//===----------------------------------------------------------------------===//
#include "CompilerInternal.h"

#include "mha/Dialect/MHA/IR/MHAOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include <map>
#include <optional>

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::compiler;

StringRef compiler::getCElementType(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return "float";
  case ElementKind::F16:
  case ElementKind::BF16:
    return "uint16_t";
  case ElementKind::I1:
    return "uint8_t";
  }
  return "void";
}

namespace {

bool isCIdentifier(StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_'))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// C keywords and the names the generated header itself uses.
bool isReservedName(StringRef name) {
  static const llvm::StringSet<> reserved = {
      "auto",     "break",    "case",     "char",   "const",    "continue",
      "default",  "do",       "double",   "else",   "enum",     "extern",
      "float",    "for",      "goto",     "if",     "inline",   "int",
      "long",     "register", "restrict", "return", "short",    "signed",
      "sizeof",   "static",   "struct",   "switch", "typedef",  "union",
      "unsigned", "void",     "volatile", "while",  "bool",     "int64_t",
      "uint8_t",  "uint16_t", "_Bool",    "true",   "false",    "NULL",
      "class",    "new",      "delete",   "this",   "template", "operator"};
  return reserved.contains(name);
}

/// Symbols the generated object itself defines or calls; a C entry point
/// with one of these names would clash with them.
bool isRuntimeSymbol(StringRef name) {
  static const llvm::StringSet<> runtime = {
      "malloc", "free",       "aligned_alloc", "memcpy",
      "memset", "memmove",    "abort",         "puts",
      "printf", "memrefCopy", "dealloc_helper"};
  return runtime.contains(name) || name.starts_with("_mlir_") ||
         name.starts_with("__");
}

/// Union-find over dimension terms. A term is a dimension of a C parameter,
/// a constant, or an unknown size (the result of an op this analysis does
/// not model).
class DimensionAnalysis {
public:
  int makeParam(DimRef ref) {
    int t = makeTerm();
    params[t] = ref;
    return t;
  }
  int makeConstant(int64_t value) {
    int t = makeTerm();
    constants[t] = value;
    return t;
  }
  int makeUnknown() { return makeTerm(); }

  void unify(int a, int b) {
    a = find(a);
    b = find(b);
    if (a != b)
      parent[std::max(a, b)] = std::min(a, b);
  }
  /// Records that the size of term `divisor` must divide that of `dividend`.
  void requireDivides(int divisor, int dividend) {
    divides.emplace_back(divisor, dividend);
  }

  /// Terms for the dims of `value`, created from its type when `value` was
  /// not seen before (an op result in a nested region, say).
  SmallVector<int> &getDims(Value value) {
    auto it = valueDims.find(value);
    if (it != valueDims.end())
      return it->second;
    SmallVector<int> &dims = valueDims[value];
    for (int64_t size : cast<ShapedType>(value.getType()).getShape())
      dims.push_back(ShapedType::isDynamic(size) ? makeUnknown()
                                                 : makeConstant(size));
    return dims;
  }
  void setDims(Value value, SmallVector<int> dims) {
    // The result type's static sizes hold too (the verifier made sure they
    // agree with the operands').
    auto type = cast<ShapedType>(value.getType());
    for (auto [term, size] : llvm::zip_equal(dims, type.getShape()))
      if (!ShapedType::isDynamic(size))
        unify(term, makeConstant(size));
    valueDims[value] = std::move(dims);
  }

  std::vector<SizeCheck> getChecks() {
    // Per class: its constant (if any) and its parameter dims in order.
    std::map<int, std::optional<int64_t>> classConstant;
    std::map<int, std::vector<DimRef>> classParams;
    for (int t = 0, e = parent.size(); t < e; ++t) {
      int root = find(t);
      if (auto it = constants.find(t); it != constants.end())
        classConstant[root] = it->second;
      if (auto it = params.find(t); it != params.end())
        classParams[root].push_back(it->second);
    }
    std::vector<SizeCheck> checks;
    for (auto &[root, refs] : classParams) {
      llvm::sort(refs, [](DimRef a, DimRef b) {
        return std::make_pair(a.param, a.dim) < std::make_pair(b.param, b.dim);
      });
      std::optional<int64_t> constant = classConstant[root];
      SizeOperand anchor;
      size_t first = 0;
      if (constant) {
        anchor.isConstant = true;
        anchor.constant = *constant;
      } else {
        anchor.ref = refs[0];
        first = 1;
      }
      for (size_t i = first; i < refs.size(); ++i) {
        SizeCheck check;
        check.kind = SizeCheck::Kind::Equal;
        check.lhs.ref = refs[i];
        check.rhs = anchor;
        checks.push_back(check);
      }
    }
    for (auto [divisor, dividend] : divides) {
      std::optional<SizeOperand> lhs =
          getOperand(divisor, classConstant, classParams);
      std::optional<SizeOperand> rhs =
          getOperand(dividend, classConstant, classParams);
      if (!lhs || !rhs || (lhs->isConstant && rhs->isConstant))
        continue;
      SizeCheck check;
      check.kind = SizeCheck::Kind::Divides;
      check.lhs = *lhs;
      check.rhs = *rhs;
      checks.push_back(check);
    }
    return checks;
  }

private:
  int makeTerm() {
    parent.push_back(parent.size());
    return parent.size() - 1;
  }
  int find(int t) {
    while (parent[t] != t)
      t = parent[t] = parent[parent[t]];
    return t;
  }
  std::optional<SizeOperand>
  getOperand(int term, std::map<int, std::optional<int64_t>> &classConstant,
             std::map<int, std::vector<DimRef>> &classParams) {
    int root = find(term);
    SizeOperand operand;
    if (std::optional<int64_t> constant = classConstant[root]) {
      operand.isConstant = true;
      operand.constant = *constant;
      return operand;
    }
    auto it = classParams.find(root);
    if (it == classParams.end() || it->second.empty())
      return std::nullopt;
    operand.ref = it->second.front();
    return operand;
  }

  std::vector<int> parent;
  llvm::DenseMap<int, DimRef> params;
  llvm::DenseMap<int, int64_t> constants;
  std::vector<std::pair<int, int>> divides;
  llvm::DenseMap<Value, SmallVector<int>> valueDims;
};

/// The mask and bias of both ops are broadcast over [B, Hq, L, S]: a static
/// 1 broadcasts, any other dim must equal the matching one.
void unifyBroadcast(DimensionAnalysis &analysis, Value operand,
                    ArrayRef<int> full) {
  if (!operand)
    return;
  auto type = cast<ShapedType>(operand.getType());
  SmallVector<int> &dims = analysis.getDims(operand);
  for (auto [i, size] : llvm::enumerate(type.getShape()))
    if (size != 1 && i < full.size())
      analysis.unify(dims[i], full[i]);
}

void analyzeAttention(DimensionAnalysis &analysis, AttentionOp op) {
  SmallVector<int> q = analysis.getDims(op.getQuery());
  SmallVector<int> k = analysis.getDims(op.getKey());
  SmallVector<int> v = analysis.getDims(op.getValue());
  // B, Hkv, S and E shared; Hkv divides Hq.
  analysis.unify(q[0], k[0]);
  analysis.unify(q[0], v[0]);
  analysis.unify(k[1], v[1]);
  analysis.unify(k[2], v[2]);
  analysis.unify(q[3], k[3]);
  analysis.requireDivides(k[1], q[1]);
  int full[] = {q[0], q[1], q[2], k[2]};
  unifyBroadcast(analysis, op.getMask(), full);
  unifyBroadcast(analysis, op.getBias(), full);
  analysis.setDims(op.getResult(), {q[0], q[1], q[2], v[3]});
}

void analyzeMultiHeadAttention(DimensionAnalysis &analysis,
                               MultiHeadAttentionOp op) {
  SmallVector<int> xq = analysis.getDims(op.getQueryInput());
  SmallVector<int> xk = analysis.getDims(op.getKeyInput());
  SmallVector<int> xv = analysis.getDims(op.getValueInput());
  SmallVector<int> wq = analysis.getDims(op.getWQ());
  SmallVector<int> wk = analysis.getDims(op.getWK());
  SmallVector<int> wv = analysis.getDims(op.getWV());
  SmallVector<int> wo = analysis.getDims(op.getWO());
  analysis.unify(xq[0], xk[0]);
  analysis.unify(xq[0], xv[0]);
  analysis.unify(xk[1], xv[1]);
  analysis.unify(xq[2], wq[0]);
  analysis.unify(xk[2], wk[0]);
  analysis.unify(xv[2], wv[0]);
  // Projection biases: one element per column of their weight.
  Value biases[] = {op.getBQ(), op.getBK(), op.getBV(), op.getBO()};
  int columns[] = {wq[1], wk[1], wv[1], wo[1]};
  for (auto [bias, cols] : llvm::zip_equal(biases, columns))
    if (bias)
      analysis.unify(analysis.getDims(bias)[0], cols);
  int heads = analysis.makeConstant(op.getNumHeads());
  int full[] = {xq[0], heads, xq[1], xk[1]};
  unifyBroadcast(analysis, op.getMask(), full);
  unifyBroadcast(analysis, op.getBias(), full);
  analysis.setDims(op.getResult(), {xq[0], xq[1], wo[1]});
}

std::string pickName(StringRef wanted, StringRef fallback,
                     llvm::StringSet<> &used) {
  std::string name = wanted.str();
  if (!isCIdentifier(name) || isReservedName(name) ||
      StringRef(name).starts_with("__"))
    name = fallback.str();
  while (used.contains(name) || isReservedName(name))
    name += "_";
  used.insert(name);
  return name;
}

} // namespace

std::string compiler::formatSizeOperand(const EntryPlan &plan,
                                        const SizeOperand &operand) {
  if (operand.isConstant)
    return std::to_string(operand.constant);
  return plan.getParam(operand.ref.param).name + "_dim" +
         std::to_string(operand.ref.dim);
}

llvm::Expected<std::vector<EntryPlan>>
compiler::planEntryPoints(ModuleOp module, const CompilerOptions &options) {
  llvm::StringSet<> wanted, missing;
  for (const std::string &name : options.functions) {
    wanted.insert(name);
    missing.insert(name);
  }

  std::vector<EntryPlan> plans;
  llvm::StringSet<> symbols;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (!wanted.empty() && !wanted.contains(func.getName()))
      continue;
    if (!func.isPublic() || func.isExternal()) {
      if (wanted.contains(func.getName()))
        return llvm::createStringError(
            "function '" + func.getName() +
            "' cannot get a C entry point: it is private or has no body");
      continue;
    }
    missing.erase(func.getName());

    EntryPlan plan;
    plan.info.functionName = func.getName().str();
    plan.info.symbol = options.symbolPrefix + func.getName().str();
    {
      llvm::raw_string_ostream os(plan.info.mlirType);
      func.getFunctionType().print(os);
    }
    const std::string &symbol = plan.info.symbol;
    if (!isCIdentifier(symbol) || isReservedName(symbol) ||
        isRuntimeSymbol(symbol))
      return llvm::createStringError(
          "function '" + func.getName() + "': '" + symbol +
          "' cannot be a C entry point name (not a C identifier, a keyword, "
          "or a symbol the kernels use); rename it or use --prefix");
    if (!symbols.insert(symbol).second)
      return llvm::createStringError("two functions map to the C name '" +
                                     symbol + "'");
    plan.implName = "_mha_impl_" + func.getName().str();

    // C parameters: one pointer per tensor, then one size per dynamic dim.
    llvm::StringSet<> used;
    auto describe = [&](Type type, bool isResult, unsigned index,
                        StringRef wantedName) -> llvm::Expected<TensorParam> {
      std::string what = (isResult ? "result " : "argument ") +
                         std::to_string(index) + " of '" +
                         func.getName().str() + "'";
      auto tensorType = dyn_cast<RankedTensorType>(type);
      if (!tensorType)
        return llvm::createStringError(
            what + " is not a ranked tensor; C entry points take and return "
                   "ranked tensors of f32, f16, bf16 or i1");
      FailureOr<ElementKind> kind = getElementKind(tensorType.getElementType());
      if (failed(kind))
        return llvm::createStringError(
            what + " has element type other than f32, f16, bf16 or i1");
      TensorParam param;
      param.kind = *kind;
      param.shape.assign(tensorType.getShape().begin(),
                         tensorType.getShape().end());
      param.isResult = isResult;
      std::string fallback =
          (isResult ? "result" : "arg") + (isResult && func.getNumResults() == 1
                                               ? std::string()
                                               : std::to_string(index));
      param.name = pickName(wantedName, fallback, used);
      return param;
    };
    ArrayRef<std::string> argNames;
    if (auto it = options.argumentNames.find(func.getName());
        it != options.argumentNames.end())
      argNames = it->second;
    for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
      llvm::Expected<TensorParam> param =
          describe(type, false, i, i < argNames.size() ? argNames[i] : "");
      if (!param)
        return param.takeError();
      plan.info.arguments.push_back(std::move(*param));
    }
    for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
      llvm::Expected<TensorParam> param = describe(type, true, i, "");
      if (!param)
        return param.takeError();
      plan.info.results.push_back(std::move(*param));
    }
    // Size names must not shadow other parameters (q_dim0 as an argument).
    for (unsigned p = 0, e = plan.getNumParams(); p < e; ++p) {
      const TensorParam &param = plan.getParam(p);
      for (auto [d, size] : llvm::enumerate(param.shape))
        if (ShapedType::isDynamic(size) &&
            used.contains(param.name + "_dim" + std::to_string(d)))
          return llvm::createStringError(
              "function '" + func.getName() + "': the size parameter '" +
              param.name + "_dim" + std::to_string(d) +
              "' clashes with a tensor parameter of that name");
    }

    // Size checks from the mha ops.
    DimensionAnalysis analysis;
    auto paramDims = [&](unsigned p) {
      SmallVector<int> dims;
      for (auto [d, size] : llvm::enumerate(plan.getParam(p).shape))
        dims.push_back(ShapedType::isDynamic(size)
                           ? analysis.makeParam({p, static_cast<unsigned>(d)})
                           : analysis.makeConstant(size));
      return dims;
    };
    for (auto [i, arg] : llvm::enumerate(func.getArguments()))
      analysis.setDims(arg, paramDims(i));
    for (Operation &op : func.getBody().front()) {
      if (auto attention = dyn_cast<AttentionOp>(op)) {
        analyzeAttention(analysis, attention);
      } else if (auto block = dyn_cast<MultiHeadAttentionOp>(op)) {
        analyzeMultiHeadAttention(analysis, block);
      } else if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        for (auto [i, operand] : llvm::enumerate(ret.getOperands())) {
          SmallVector<int> dims = paramDims(plan.info.arguments.size() + i);
          for (auto [a, b] : llvm::zip_equal(analysis.getDims(operand), dims))
            analysis.unify(a, b);
        }
      } else {
        // Unknown ops: their results' dynamic sizes are unknown terms, so
        // only the result descriptors returned by the call are checked.
        for (Value result : op.getResults())
          if (auto shaped = dyn_cast<ShapedType>(result.getType());
              shaped && shaped.hasRank()) // getShape() needs a rank
            (void)analysis.getDims(result);
      }
    }
    plan.checks = analysis.getChecks();
    for (const SizeCheck &check : plan.checks) {
      std::string lhs = formatSizeOperand(plan, check.lhs);
      std::string rhs = formatSizeOperand(plan, check.rhs);
      plan.info.sizeChecks.push_back(check.kind == SizeCheck::Kind::Equal
                                         ? lhs + " == " + rhs
                                         : rhs + " % " + lhs + " == 0 (" + lhs +
                                               " > 0)");
    }
    plans.push_back(std::move(plan));
  }
  if (!missing.empty())
    return llvm::createStringError("no public function named '" +
                                   missing.begin()->getKey() + "'");
  if (plans.empty())
    return llvm::createStringError(
        "the module has no public function with a body to compile");
  return plans;
}
