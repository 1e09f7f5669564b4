//===- CausalMaskProof.h - causal and window masks, any size -*- C++ -*-===//
#ifndef MHA_DIALECT_MHA_TRANSFORMS_CAUSALMASKPROOF_H
#define MHA_DIALECT_MHA_TRANSFORMS_CAUSALMASKPROOF_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace mlir {
namespace mha {

/// What a mask op does to attention scores: its causal band.
enum class MaskKind { Identity, TopLeft, BottomRight };

/// An i1 tensor that also selects the scores (a padding mask combined with
/// the band in one condition): dimension k of `tensor` is read at the
/// scores' dimension `dims[k]`, or at 0 where `dims[k]` is -1 (a unit
/// dimension, broadcast). The score is allowed where it is true (false when
/// `negated`).
struct MaskRead {
  Value tensor;
  llvm::SmallVector<int64_t, 4> dims;
  bool negated = false;
};

/// A band of allowed keys: a causal mode (Identity: none) and an optional
/// `window(left, right)`, with mha.attention's meaning (docs/Dialect.md),
/// and optionally an i1 tensor that must allow the key too.
struct MaskBand {
  MaskKind causal = MaskKind::Identity;
  std::optional<std::pair<int64_t, int64_t>> window;
  std::optional<MaskRead> mask;
};

/// Proves symbolically, for every size the types allow (dynamic ones
/// included), that `result`, an f32 tensor computed from `scores` (of the
/// same type, rank >= 2, [batch..., L, S]), keeps the score where the
/// allowed set holds and is -inf (added to the score or in its place)
/// elsewhere, the same for every batch index, the allowed set being what
/// the returned band allows:
///   - everything (Identity, no window);
///   - `j <= i` (TopLeft) or `j <= i + S - L` (BottomRight);
///   - either of those and `j >= d(i) - left`, d(i) the diagonal's i or
///     i + S - L (a causal sliding window, `window(left, 0)`);
///   - `i - left <= j <= i + right` (no causal band, `window(left, right)`);
///   - any of those and an i1 tensor read at the index (`mask`): an i1
///     tensor the evaluator cannot see through (an argument, a comparison
///     of an integer tensor, ...) that does not depend on `scores`, read
///     at the index itself or broadcast over unit dimensions, is an opaque
///     condition, and it may occur once in the conjunction.
/// The ops that build the mask are evaluated at a symbolic index: integers
/// are linear in the index and in sizes read by tensor.dim (64-bit
/// arithmetic only, where no realistic size overflows), conditions are
/// conjunctions or disjunctions of linear inequalities, and an element is a
/// tree of selects over "the score plus a constant" and float constants. A
/// size in the condition must be provably the extent of the scores' L or S
/// (through tensor.empty sizes, destination operands, operands read by the
/// same loop of a linalg op, reshapes that keep the dimension, and
/// tensor.dim / index_cast); anything else fails (std::nullopt).
std::optional<MaskBand> proveMaskBand(Value result, Value scores);

} // namespace mha
} // namespace mlir

#endif // MHA_DIALECT_MHA_TRANSFORMS_CAUSALMASKPROOF_H
