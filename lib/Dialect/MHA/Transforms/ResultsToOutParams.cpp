//===- ResultsToOutParams.cpp - static results as trailing arguments -----===//
#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

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
  }
};
} // namespace
