//===- ApplyLoopAnnotations.cpp - loop hints onto LLVM branches ----------===//
#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHAAPPLYLOOPANNOTATIONS
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

namespace {
constexpr llvm::StringLiteral kCarried = "llvm.loop_annotation";

/// Moves the carried annotation of `branch` into its loop_annotation.
template <typename BranchOp>
void apply(BranchOp branch) {
  auto carried = branch->template getAttrOfType<LLVM::LoopAnnotationAttr>(
      kCarried);
  if (!carried)
    return;
  branch->removeAttr(kCarried);
  if (!branch.getLoopAnnotationAttr())
    branch.setLoopAnnotationAttr(carried);
}

struct ApplyLoopAnnotationsPass
    : mha::impl::MHAApplyLoopAnnotationsBase<ApplyLoopAnnotationsPass> {
  using MHAApplyLoopAnnotationsBase::MHAApplyLoopAnnotationsBase;
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      if (auto br = dyn_cast<LLVM::BrOp>(op))
        apply(br);
      else if (auto condBr = dyn_cast<LLVM::CondBrOp>(op))
        apply(condBr);
    });
  }
};
} // namespace
