//===- Reference.h - float64 oracle for the mha ops' semantics --*- C++ -*-===//
//
// A deliberately plain implementation of mha.attention and
// mha.multi_head_attention in double precision, written directly from the
// formulas of docs/Dialect.md. It is what compiled code is checked against,
// so it shares no code with the compiler: no MLIR, no LLVM, no tiling, no
// online softmax. Loops are ordered so that GPT-2-small sizes finish in
// seconds and nothing is allocated per element.
//
// All tensors are dense, row-major (C order) arrays of double.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_REFERENCE_REFERENCE_H
#define MHA_REFERENCE_REFERENCE_H

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace mlir {
namespace mha {
namespace reference {

/// Where the causal diagonal sits; mirrors the dialect's CausalMode.
enum class Causal { None, TopLeft, BottomRight };

/// Optional operands broadcastable to [B, Hq, L, S]: `shape` is their own
/// 4-D shape, where each dim is either the full size or 1 (broadcast).
struct Mask {
  const uint8_t *data = nullptr; ///< Nonzero = may attend. Null = absent.
  std::array<int64_t, 4> shape = {1, 1, 1, 1};
};
struct Bias {
  const double *data = nullptr; ///< Added to the scores. Null = absent.
  std::array<int64_t, 4> shape = {1, 1, 1, 1};
};

/// The attributes shared by both ops.
struct AttentionAttrs {
  Causal causal = Causal::None;
  /// (left, right) band around the (causal) diagonal d(i).
  std::optional<std::array<int64_t, 2>> window;
  /// Defaults to 1/sqrt(E).
  std::optional<double> scale;
  std::optional<double> softcap;
};

/// mha.attention: query [B,Hq,L,E], key [B,Hkv,S,E], value [B,Hkv,S,Ev] ->
/// out [B,Hq,L,Ev].
struct AttentionProblem {
  int64_t batch = 0, numHeads = 0, numKvHeads = 0;
  int64_t queryLen = 0, keyLen = 0, headDim = 0, valueHeadDim = 0;
  AttentionAttrs attrs;
  const double *query = nullptr, *key = nullptr, *value = nullptr;
  Mask mask;
  Bias bias;
};

/// Computes `problem` into `out` (B*Hq*L*Ev doubles). Returns an error
/// message for inconsistent sizes, or an empty string.
///
/// Semantics, per (b, h, i): scores s_j = scale * q.k_j, then
/// softcap * tanh(s_j / softcap), then + bias; allowed(j) is the mask and the
/// causal/window band; p_j = exp(s_j - m) / sum over allowed exp(s - m) with
/// m the max over allowed scores; out = sum over allowed j of p_j * v_j.
/// A row with no allowed entry, or whose allowed scores are all -inf, is
/// zero. A NaN among the allowed scores makes the whole row NaN. Entries
/// that are not allowed contribute nothing at all (not 0 * v_j), so a NaN
/// in a key or value row that no query may attend does not spread.
std::string attention(const AttentionProblem &problem, double *out);

/// Rounds an intermediate to the storage type of the computation (f16,
/// bf16); null for f32, where intermediates are not rounded.
using RoundFn = double (*)(double);

/// mha.multi_head_attention: query_input [B,L,Eq], key_input [B,S,Ek],
/// value_input [B,S,Evi], w_q [Eq,Hq*E], w_k [Ek,Hkv*E], w_v [Evi,Hkv*Ev],
/// w_o [Hq*Ev,Eo], optional biases b_q [Hq*E], b_k [Hkv*E], b_v [Hkv*Ev],
/// b_o [Eo] (all or none) -> out [B,L,Eo].
struct MultiHeadAttentionProblem {
  int64_t batch = 0, queryLen = 0, keyLen = 0;
  int64_t queryInputDim = 0, keyInputDim = 0, valueInputDim = 0;
  int64_t numHeads = 0, numKvHeads = 0, headDim = 0, valueHeadDim = 0;
  int64_t outputDim = 0;
  AttentionAttrs attrs;
  const double *queryInput = nullptr, *keyInput = nullptr,
               *valueInput = nullptr;
  const double *wQ = nullptr, *wK = nullptr, *wV = nullptr, *wO = nullptr;
  const double *bQ = nullptr, *bK = nullptr, *bV = nullptr, *bO = nullptr;
  Mask mask;
  Bias bias;
  /// Applied to the projected Q, K, V and to the attention output before
  /// the output projection, where f16/bf16 code stores them (as PyTorch
  /// does). The final result is not rounded here.
  RoundFn roundIntermediate = nullptr;
};

/// Computes `problem` into `out` (B*L*Eo doubles). Returns an error message
/// for inconsistent sizes, or an empty string.
std::string multiHeadAttention(const MultiHeadAttentionProblem &problem,
                               double *out);

/// FLOPs the toolkit credits to one attention: 2*B*Hq*L*S*(E+Ev), halved
/// for a causal square problem (only the lower triangle is needed).
double attentionFlops(int64_t batch, int64_t numHeads, int64_t queryLen,
                      int64_t keyLen, int64_t headDim, int64_t valueHeadDim,
                      Causal causal);

/// FLOPs of the four projections of a multi-head attention block.
double projectionFlops(const MultiHeadAttentionProblem &problem);

} // namespace reference
} // namespace mha
} // namespace mlir

#endif // MHA_REFERENCE_REFERENCE_H
