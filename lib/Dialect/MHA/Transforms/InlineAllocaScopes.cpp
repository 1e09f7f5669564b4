//===- InlineAllocaScopes.cpp - drop alloca scopes without allocas -------===//
#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHAINLINEALLOCASCOPES
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

namespace {
struct InlineAllocaScopesPass
    : mha::impl::MHAInlineAllocaScopesBase<InlineAllocaScopesPass> {
  using MHAInlineAllocaScopesBase::MHAInlineAllocaScopesBase;
  void runOnOperation() override {
    SmallVector<memref::AllocaScopeOp> scopes;
    getOperation()->walk([&](memref::AllocaScopeOp scope) {
      // A nested scope owns its own allocas; only direct ones count.
      bool allocates = false;
      scope.getBodyRegion().walk([&](Operation *op) {
        if (isa<memref::AllocaOp>(op) &&
            op->getParentOfType<memref::AllocaScopeOp>() == scope)
          allocates = true;
      });
      if (!allocates && scope.getBodyRegion().hasOneBlock())
        scopes.push_back(scope);
    });
    IRRewriter rewriter(&getContext());
    for (memref::AllocaScopeOp scope : scopes) {
      Block &body = scope.getBodyRegion().front();
      auto ret = cast<memref::AllocaScopeReturnOp>(body.getTerminator());
      SmallVector<Value> results(ret.getResults());
      rewriter.eraseOp(ret);
      rewriter.inlineBlockBefore(&body, scope);
      rewriter.replaceOp(scope, results);
    }
  }
};
} // namespace
