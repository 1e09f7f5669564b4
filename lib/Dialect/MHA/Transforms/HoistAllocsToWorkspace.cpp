//===- HoistAllocsToWorkspace.cpp - top-level buffers from one argument --===//
#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHAHOISTALLOCSTOWORKSPACE
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

/// Alignment of every buffer in the workspace (and of the workspace).
constexpr int64_t kWorkspaceAlignment = 64;

/// Bytes of a static identity-layout memref of whole-byte elements, or
/// nothing.
static std::optional<int64_t> getStaticBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace())
    return std::nullopt;
  Type element = type.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  return type.getNumElements() * (element.getIntOrFloatBitWidth() / 8);
}

namespace {
struct HoistAllocsToWorkspacePass
    : mha::impl::MHAHoistAllocsToWorkspaceBase<HoistAllocsToWorkspacePass> {
  using MHAHoistAllocsToWorkspaceBase::MHAHoistAllocsToWorkspaceBase;
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal() || !func.isPublic() ||
          llvm::any_of(func.getResultTypes(), llvm::IsaPred<BaseMemRefType>))
        continue;
      SmallVector<std::pair<memref::AllocOp, int64_t>> hoisted;
      int64_t bytes = 0;
      for (auto alloc : func.getBody().front().getOps<memref::AllocOp>()) {
        std::optional<int64_t> size = getStaticBytes(alloc.getType());
        if (!size || *size == 0)
          continue;
        hoisted.push_back({alloc, bytes});
        bytes += llvm::alignTo(*size, kWorkspaceAlignment);
      }
      if (hoisted.empty())
        continue;
      MLIRContext *ctx = func.getContext();
      auto workspaceType =
          MemRefType::get({bytes}, IntegerType::get(ctx, 8));
      unsigned index = func.getNumArguments();
      if (failed(func.insertArgument(index, workspaceType, {},
                                     func.getLoc()))) {
        func.emitError("--mha-hoist-allocs-to-workspace: cannot add the "
                       "workspace argument");
        return signalPassFailure();
      }
      Value workspace = func.getArgument(index);
      IRRewriter rewriter(ctx);
      for (auto [alloc, offset] : hoisted) {
        rewriter.setInsertionPoint(alloc);
        Value shift =
            arith::ConstantIndexOp::create(rewriter, alloc.getLoc(), offset);
        rewriter.replaceOpWithNewOp<memref::ViewOp>(
            alloc, alloc.getType(), workspace, shift, ValueRange{});
      }
      func->setAttr("mha.workspace_bytes",
                    IntegerAttr::get(IntegerType::get(ctx, 64), bytes));
    }
  }
};
} // namespace
