//===- Transforms.h - reusable rewrites of the mha dialect ------*- C++ -*-===//
#ifndef MHA_DIALECT_MHA_TRANSFORMS_TRANSFORMS_H
#define MHA_DIALECT_MHA_TRANSFORMS_TRANSFORMS_H

#include "mha/Dialect/MHA/IR/MHAOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace mha {

/// Rewrites `op` into projections, head split/merge and one mha.attention.
/// Returns the value that replaces the op's result.
FailureOr<Value> decomposeMultiHeadAttention(RewriterBase &rewriter,
                                             MultiHeadAttentionOp op);

/// Patterns that apply decomposeMultiHeadAttention to every block op.
void populateDecomposeMultiHeadAttentionPatterns(RewritePatternSet &patterns);

} // namespace mha
} // namespace mlir

#endif // MHA_DIALECT_MHA_TRANSFORMS_TRANSFORMS_H
