//===- DecomposeAggregatedOps.cpp - linalg.softmax and co. to their parts -===//
#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHADECOMPOSEAGGREGATEDOPS
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

namespace {
struct DecomposeAggregatedOpsPass
    : mha::impl::MHADecomposeAggregatedOpsBase<DecomposeAggregatedOpsPass> {
  using MHADecomposeAggregatedOpsBase::MHADecomposeAggregatedOpsBase;
  void runOnOperation() override {
    SmallVector<linalg::AggregatedOpInterface> ops;
    getOperation()->walk(
        [&](linalg::AggregatedOpInterface op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::AggregatedOpInterface op : ops) {
      // Upstream's decompositions build tensor ops (linalg.softmax on
      // memrefs would become invalid IR).
      auto dps = dyn_cast<DestinationStyleOpInterface>(op.getOperation());
      if (!dps || !dps.hasPureTensorSemantics()) {
        op->emitOpError("can only be decomposed on tensors");
        return signalPassFailure();
      }
      rewriter.setInsertionPoint(op);
      FailureOr<SmallVector<Value>> parts = op.decomposeOperation(rewriter);
      if (failed(parts)) {
        op->emitOpError("could not be decomposed into simpler ops");
        return signalPassFailure();
      }
      rewriter.replaceOp(op, *parts);
    }
  }
};
} // namespace
