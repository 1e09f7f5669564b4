//===- LowerStridedCopies.cpp - strided memref.copy as loops -------------===//
//
// memref.copy between buffers that are not both contiguous lowers to a call
// of MLIR's generic runtime copy, which walks the descriptor element by
// element. The tile loops copy small strided windows (the valid rows of a
// projection tile, short padded operands); as linalg.copy they become
// loops that LLVM vectorizes.
//
//===----------------------------------------------------------------------===//

#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHALOWERSTRIDEDCOPIES
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

/// True when the lowering of memref.copy can use a plain memcpy.
static bool isContiguous(MemRefType type) {
  return type.hasStaticShape() && type.getLayout().isIdentity();
}

namespace {
struct LowerStridedCopiesPass
    : mha::impl::MHALowerStridedCopiesBase<LowerStridedCopiesPass> {
  using MHALowerStridedCopiesBase::MHALowerStridedCopiesBase;
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation()->walk([&](memref::CopyOp copy) {
      auto src = dyn_cast<MemRefType>(copy.getSource().getType());
      auto dst = dyn_cast<MemRefType>(copy.getTarget().getType());
      if (src && dst && src.getRank() > 0 &&
          !(isContiguous(src) && isContiguous(dst)))
        copies.push_back(copy);
    });
    IRRewriter rewriter(&getContext());
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      linalg::CopyOp::create(rewriter, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      rewriter.eraseOp(copy);
    }
  }
};
} // namespace
