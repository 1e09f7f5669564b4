//===- ResultsToOutParams.cpp - static results as trailing arguments -----===//
#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHARESULTSTOOUTPARAMS
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

/// Unit attribute on the functions whose results became out-parameters.
constexpr llvm::StringLiteral kResultsAsOutParamsAttr =
    "mha.results_as_out_params";

/// True when every memref result of `type` has a static shape and the
/// identity layout.
static bool hasOnlyStaticMemRefResults(FunctionType type) {
  for (Type result : type.getResults()) {
    auto memref = dyn_cast<MemRefType>(result);
    if (!memref)
      continue;
    if (!memref.hasStaticShape() || !memref.getLayout().isIdentity())
      return false;
  }
  return true;
}

/// Builds, from `out`, the value that `chain` (a list of reshapes, first
/// applied first, whose last result has `out`'s type) started from: each
/// collapse_shape undone by an expand_shape and vice versa. Null when a step
/// does not give back exactly the type it has to.
static Value undoReshapes(OpBuilder &builder, Location loc, Value out,
                          ArrayRef<Operation *> chain) {
  // Every step's type is checked before anything is built, so that a chain
  // that cannot be undone leaves no ops behind.
  auto current = cast<MemRefType>(out.getType());
  for (Operation *op : llvm::reverse(chain)) {
    auto wanted = cast<MemRefType>(op->getOperand(0).getType());
    FailureOr<MemRefType> undone = failure();
    if (auto collapse = dyn_cast<memref::CollapseShapeOp>(op)) {
      if (wanted.hasStaticShape())
        undone = memref::ExpandShapeOp::computeExpandedType(
            current, wanted.getShape(), collapse.getReassociationIndices());
    } else {
      auto expand = cast<memref::ExpandShapeOp>(op);
      if (memref::CollapseShapeOp::isGuaranteedCollapsible(
              current, expand.getReassociationIndices()))
        undone = memref::CollapseShapeOp::computeCollapsedType(
            current, expand.getReassociationIndices());
    }
    if (failed(undone) || *undone != wanted)
      return {};
    current = wanted;
  }
  Value value = out;
  for (Operation *op : llvm::reverse(chain)) {
    Type type = op->getOperand(0).getType();
    if (auto collapse = dyn_cast<memref::CollapseShapeOp>(op))
      value = memref::ExpandShapeOp::create(
          builder, loc, type, value, collapse.getReassociationIndices());
    else
      value = memref::CollapseShapeOp::create(
          builder, loc, type, value,
          cast<memref::ExpandShapeOp>(op).getReassociationIndices());
  }
  return value;
}

/// After the promotion, a result that was a reshape (collapse_shape or
/// expand_shape, possibly several) of the function's own top-level
/// allocation is still computed in that allocation and copied into its
/// out-parameter at the end. The allocation is replaced by the same reshapes
/// undone on the out-parameter, so the result is computed in place and the
/// copy goes. Only when the copy is among the last operations (nothing but
/// copies into arguments follow it before the return) and the out-parameter
/// has no other use.
static void computeReshapedResultsInPlace(func::FuncOp func) {
  if (func.isExternal())
    return;
  Block &entry = func.getBody().front();
  SmallVector<memref::CopyOp> copies;
  for (Operation &op : llvm::reverse(entry.without_terminator())) {
    auto copy = dyn_cast<memref::CopyOp>(&op);
    if (!copy)
      break;
    copies.push_back(copy);
  }
  // `copies` runs backwards from the return. A copy whose source is
  // replaced by its target must not be followed by a write to that source:
  // every later copy must write an argument.
  bool onlyArgumentsWrittenAfter = true;
  for (memref::CopyOp copy : copies) {
    auto out = dyn_cast<BlockArgument>(copy.getTarget());
    bool eligible = onlyArgumentsWrittenAfter && out &&
                    out.getOwner() == &entry && out.hasOneUse();
    onlyArgumentsWrittenAfter &= out && out.getOwner() == &entry;
    if (!eligible)
      continue;
    SmallVector<Operation *> chain;
    Value source = copy.getSource();
    while (isa_and_present<memref::CollapseShapeOp, memref::ExpandShapeOp>(
        source.getDefiningOp())) {
      chain.push_back(source.getDefiningOp());
      source = source.getDefiningOp()->getOperand(0);
    }
    auto alloc = source.getDefiningOp<memref::AllocOp>();
    if (chain.empty() || !alloc || alloc->getBlock() != &entry ||
        !alloc.getType().getLayout().isIdentity())
      continue;
    std::reverse(chain.begin(), chain.end());
    OpBuilder builder(alloc);
    Value inPlace = undoReshapes(builder, alloc.getLoc(), out, chain);
    if (!inPlace)
      continue;
    copy->erase();
    alloc.getResult().replaceAllUsesWith(inPlace);
    alloc->erase();
    for (Operation *op : llvm::reverse(chain))
      if (op->use_empty())
        op->erase();
  }
}

namespace {
struct ResultsToOutParamsPass
    : mha::impl::MHAResultsToOutParamsBase<ResultsToOutParamsPass> {
  using MHAResultsToOutParamsBase::MHAResultsToOutParamsBase;
  void runOnOperation() override {
    auto converts = [](func::FuncOp func) {
      return !func.isExternal() &&
             hasOnlyStaticMemRefResults(func.getFunctionType());
    };
    // The functions whose memref results become out-parameters say so, for
    // the callers outside the module (mha-compile's entry points).
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (converts(func) &&
          llvm::any_of(func.getResultTypes(), llvm::IsaPred<MemRefType>))
        func->setAttr(kResultsAsOutParamsAttr, UnitAttr::get(&getContext()));
    bufferization::BufferResultsToOutParamsOpts options;
    options.filterFn = [&](func::FuncOp *func) { return converts(*func); };
    options.hoistStaticAllocs = true;
    options.modifyPublicFunctions = true;
    if (failed(bufferization::promoteBufferResultsToOutParams(getOperation(),
                                                              options)))
      return signalPassFailure();
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func->hasAttr(kResultsAsOutParamsAttr))
        computeReshapedResultsInPlace(func);
  }
};
} // namespace
