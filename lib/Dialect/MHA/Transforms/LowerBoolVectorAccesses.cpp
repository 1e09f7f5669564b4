//===- LowerBoolVectorAccesses.cpp - i1 vectors from memory as bytes -----===//
//
// A memref of i1 holds one byte per element (its LLVM lowering addresses i1
// elements with a stride of one byte, and scalar loads and stores of i1
// read and write a whole byte). LLVM's vector of i1, however, is packed:
// `load <16 x i1>` reads 2 bytes, one bit per lane. Upstream's
// --convert-vector-to-llvm lowers vector.load of vector<16xi1> from a
// memref of i1 to exactly that load, which reads the wrong elements.
//
// This pass lowers the contiguous vector loads and stores of i1 elements to
// LLVM itself, as vectors of bytes: a load of vector<N x i8> compared with
// zero, and a store of the vector zero-extended to i8. In-bounds 1-D
// transfers without a mask become such loads and stores first. A masked,
// out-of-bounds or n-D access of several i1 lanes is rejected with an
// error: upstream would lower it as packed bits. Vectors of one lane, and
// gathers and scatters, are left alone (LLVM reads and writes each lane as
// a byte).
//
//===----------------------------------------------------------------------===//

#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHALOWERBOOLVECTORACCESSES
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

namespace {

/// A vector of several i1 lanes. One lane (vector<i1>, vector<1xi1>) is
/// the low bit of one byte in LLVM too, which is what i1 memory holds (0 or
/// 1): upstream's lowering of those is right.
bool isBoolVector(VectorType type) {
  return type.getElementType().isInteger(1) && type.getNumElements() != 1;
}

/// An i1 vector access the byte lowering handles: 1-D, fixed length, from a
/// memref.
bool isPlainBoolAccess(VectorType type, Type source) {
  return isBoolVector(type) && type.getRank() == 1 && !type.isScalable() &&
         isa<MemRefType>(source);
}

/// The same, for an access op (vector.load, vector.store, transfers).
template <typename AccessOp> bool isPlainBoolAccess(AccessOp op) {
  return isPlainBoolAccess(op.getVectorType(), op.getBase().getType());
}

/// An in-bounds, unmasked, minor-identity 1-D transfer.
template <typename TransferOp> bool isPlainTransfer(TransferOp op) {
  return !op.getMask() && op.getPermutationMap().isMinorIdentity() &&
         op.getInBoundsValues().size() == 1 && op.getInBoundsValues()[0];
}

struct BoolTransferReadToLoad : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferReadOp op,
                                PatternRewriter &rewriter) const override {
    if (!isPlainBoolAccess(op) || !isPlainTransfer(op))
      return rewriter.notifyMatchFailure(op, "not a plain i1 transfer");
    rewriter.replaceOpWithNewOp<vector::LoadOp>(op, op.getVectorType(),
                                                op.getBase(), op.getIndices());
    return success();
  }
};

struct BoolTransferWriteToStore : OpRewritePattern<vector::TransferWriteOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferWriteOp op,
                                PatternRewriter &rewriter) const override {
    if (!isPlainBoolAccess(op) || !isPlainTransfer(op))
      return rewriter.notifyMatchFailure(op, "not a plain i1 transfer");
    rewriter.replaceOpWithNewOp<vector::StoreOp>(op, op.getVector(),
                                                 op.getBase(), op.getIndices());
    return success();
  }
};

/// A vector.load or vector.store of i1 memory: the address of its first
/// element and the vector of bytes it moves, given to `rewriteBytes`.
template <typename AccessOp>
struct BoolAccessToBytes : ConvertOpToLLVMPattern<AccessOp> {
  using ConvertOpToLLVMPattern<AccessOp>::ConvertOpToLLVMPattern;
  using OpAdaptor = typename AccessOp::Adaptor;
  virtual void rewriteBytes(AccessOp op, OpAdaptor adaptor, Value ptr,
                            VectorType bytes,
                            ConversionPatternRewriter &rewriter) const = 0;
  LogicalResult
  matchAndRewrite(AccessOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isPlainBoolAccess(op))
      return rewriter.notifyMatchFailure(op, "not a plain i1 access");
    Value ptr =
        this->getStridedElementPtr(rewriter, op.getLoc(), op.getMemRefType(),
                                   adaptor.getBase(), adaptor.getIndices());
    rewriteBytes(
        op, adaptor, ptr,
        VectorType::get(op.getVectorType().getShape(), rewriter.getI8Type()),
        rewriter);
    return success();
  }
};

/// A load of the bytes, compared with zero.
struct BoolLoadToBytes : BoolAccessToBytes<vector::LoadOp> {
  using BoolAccessToBytes::BoolAccessToBytes;
  void rewriteBytes(vector::LoadOp op, OpAdaptor, Value ptr, VectorType bytes,
                    ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value loaded = LLVM::LoadOp::create(rewriter, loc, bytes, ptr,
                                        /*alignment=*/1);
    Value zero = LLVM::ZeroOp::create(rewriter, loc, bytes);
    rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, LLVM::ICmpPredicate::ne,
                                              loaded, zero);
  }
};

/// A store of the vector zero-extended to bytes.
struct BoolStoreToBytes : BoolAccessToBytes<vector::StoreOp> {
  using BoolAccessToBytes::BoolAccessToBytes;
  void rewriteBytes(vector::StoreOp op, OpAdaptor adaptor, Value ptr,
                    VectorType bytes,
                    ConversionPatternRewriter &rewriter) const override {
    Value widened = LLVM::ZExtOp::create(rewriter, op.getLoc(), bytes,
                                         adaptor.getValueToStore());
    rewriter.replaceOpWithNewOp<LLVM::StoreOp>(op, widened, ptr,
                                               /*alignment=*/1);
  }
};

/// The vector of an access of i1 memory that upstream would lower as packed
/// bits, or null.
VectorType unsupportedBoolAccess(Operation *op) {
  return TypeSwitch<Operation *, VectorType>(op)
      .Case<vector::TransferReadOp, vector::TransferWriteOp,
            vector::MaskedLoadOp, vector::MaskedStoreOp, vector::ExpandLoadOp,
            vector::CompressStoreOp, vector::LoadOp, vector::StoreOp>(
          [](auto access) -> VectorType {
            VectorType type = access.getVectorType();
            return isBoolVector(type) &&
                           isa<MemRefType>(access.getBase().getType())
                       ? type
                       : nullptr;
          })
      .Default([](Operation *) { return nullptr; });
}

struct LowerBoolVectorAccessesPass
    : mha::impl::MHALowerBoolVectorAccessesBase<LowerBoolVectorAccessesPass> {
  using MHALowerBoolVectorAccessesBase::MHALowerBoolVectorAccessesBase;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    Operation *root = getOperation();
    {
      RewritePatternSet patterns(ctx);
      patterns.add<BoolTransferReadToLoad, BoolTransferWriteToStore>(ctx);
      if (failed(applyPatternsGreedily(root, std::move(patterns)))) {
        root->emitError("--mha-lower-bool-vector-accesses: the transfer "
                        "patterns did not converge");
        return signalPassFailure();
      }
    }

    LLVMTypeConverter converter(ctx);
    RewritePatternSet patterns(ctx);
    patterns.add<BoolLoadToBytes, BoolStoreToBytes>(converter);
    ConversionTarget target(*ctx);
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    target.addDynamicallyLegalOp<vector::LoadOp>(
        [](vector::LoadOp op) { return !isPlainBoolAccess(op); });
    target.addDynamicallyLegalOp<vector::StoreOp>(
        [](vector::StoreOp op) { return !isPlainBoolAccess(op); });
    if (failed(applyPartialConversion(root, target, std::move(patterns))))
      return signalPassFailure();

    // What is left would be lowered as packed bits: wrong code.
    WalkResult result = root->walk([](Operation *op) {
      if (VectorType type = unsupportedBoolAccess(op)) {
        op->emitError("--mha-lower-bool-vector-accesses: cannot lower this "
                      "access of i1 memory as bytes (")
            << type
            << "; only unmasked, in-bounds 1-D loads and stores are "
               "handled); upstream's lowering would read or write packed "
               "bits";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
