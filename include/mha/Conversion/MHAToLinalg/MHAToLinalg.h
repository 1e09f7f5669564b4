//===- MHAToLinalg.h - lowering mha.attention to linalg ---------*- C++ -*-===//
#ifndef MHA_CONVERSION_MHATOLINALG_MHATOLINALG_H
#define MHA_CONVERSION_MHATOLINALG_MHATOLINALG_H

#include "mha/Dialect/MHA/IR/MHAOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace mha {

/// Lowers one mha.attention to unfused linalg ops on tensors and returns the
/// value that replaces its result. Fails, without touching the IR, only for
/// inputs the lowering cannot express.
FailureOr<Value> lowerAttentionToLinalg(RewriterBase &rewriter,
                                        AttentionOp op);

/// Patterns that apply lowerAttentionToLinalg to every mha.attention.
void populateLowerAttentionToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mha
} // namespace mlir

#endif // MHA_CONVERSION_MHATOLINALG_MHATOLINALG_H
