//===- LowerStridedCopies.cpp - strided memref.copy as loops -------------===//
//
// memref.copy between buffers that are not both contiguous lowers to a call
// of MLIR's generic runtime copy, which walks the descriptor element by
// element. The tile loops copy small strided windows (the valid rows of a
// projection tile, short padded operands). Where rows are contiguous and
// of a static width, they become a loop nest over the rows that moves one
// row per iteration as a vector, with a hint that keeps LLVM from
// unrolling it (fully unrolled up to their largest trip count, the row
// loops of a block's write-backs made LLVM's compile time 5x longer);
// other copies become linalg.copy, loops that LLVM vectorizes. Either way
// the generated code needs no runtime copy function.
//
//===----------------------------------------------------------------------===//

#include "mha/Dialect/MHA/Transforms/Passes.h"
#include "mha/Dialect/MHA/Transforms/TileUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHALOWERSTRIDEDCOPIES
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

/// Widest row moved as one vector: 64 zmm registers of f32.
constexpr int64_t kMaxRowElements = 1024;

/// True when the lowering of memref.copy can use a plain memcpy.
static bool isContiguous(MemRefType type) {
  return type.hasStaticShape() && type.getLayout().isIdentity();
}

/// True when the last dim of `type` is static and unit-strided.
static bool hasContiguousRows(MemRefType type) {
  int64_t rank = type.getRank();
  if (rank < 2 || ShapedType::isDynamic(type.getDimSize(rank - 1)))
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

/// `copy` as loops over all dims but the last, each iteration moving one
/// row with a vector.transfer_read/write; the outermost loop gets the
/// no-unroll hint.
static void lowerToRowLoops(RewriterBase &rewriter, memref::CopyOp copy) {
  Location loc = copy.getLoc();
  Value src = copy.getSource(), dst = copy.getTarget();
  auto srcType = cast<MemRefType>(src.getType());
  int64_t rank = srcType.getRank();
  auto rowType = VectorType::get({srcType.getDimSize(rank - 1)},
                                 srcType.getElementType());
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  SmallVector<Value> ivs;
  scf::ForOp outer;
  OpBuilder::InsertionGuard guard(rewriter);
  for (int64_t d = 0; d < rank - 1; ++d) {
    Value size = memref::DimOp::create(rewriter, loc, src, d);
    auto loop = scf::ForOp::create(rewriter, loc, zero, size, one);
    if (!outer)
      outer = loop;
    rewriter.setInsertionPointToStart(loop.getBody());
    ivs.push_back(loop.getInductionVar());
  }
  ivs.push_back(zero);
  Value pad = arith::ConstantOp::create(
      rewriter, loc, rewriter.getZeroAttr(srcType.getElementType()));
  Value row = vector::TransferReadOp::create(
      rewriter, loc, rowType, src, ivs, pad, ArrayRef<bool>{true});
  vector::TransferWriteOp::create(rewriter, loc, row, dst, ivs,
                                  ArrayRef<bool>{true});
  mha::setNoUnrollHint(outer);
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
      auto src = cast<MemRefType>(copy.getSource().getType());
      auto dst = cast<MemRefType>(copy.getTarget().getType());
      Type element = src.getElementType();
      if (hasContiguousRows(src) && hasContiguousRows(dst) &&
          element.isIntOrFloat() && element.getIntOrFloatBitWidth() >= 8 &&
          src.getDimSize(src.getRank() - 1) <= kMaxRowElements)
        lowerToRowLoops(rewriter, copy);
      else
        linalg::CopyOp::create(rewriter, copy.getLoc(), copy.getSource(),
                               copy.getTarget());
      rewriter.eraseOp(copy);
    }
  }
};
} // namespace
