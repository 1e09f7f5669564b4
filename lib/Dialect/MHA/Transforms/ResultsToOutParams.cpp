//===- ResultsToOutParams.cpp - static results as trailing arguments -----===//
#include "mha/Dialect/MHA/Transforms/Passes.h"
#include "mha/Dialect/MHA/Transforms/Transforms.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHARESULTSTOOUTPARAMS
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

bool mha::hasOnlyStaticMemRefResults(FunctionType type) {
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
    bufferization::BufferResultsToOutParamsOpts options;
    options.filterFn = [](func::FuncOp *func) {
      return !func->isExternal() &&
             mha::hasOnlyStaticMemRefResults(func->getFunctionType());
    };
    options.hoistStaticAllocs = true;
    options.modifyPublicFunctions = true;
    if (failed(bufferization::promoteBufferResultsToOutParams(getOperation(),
                                                              options)))
      return signalPassFailure();
  }
};
} // namespace
