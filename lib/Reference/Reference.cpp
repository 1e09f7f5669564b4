//===- Reference.cpp - float64 oracle for the mha ops' semantics ------===//
#include "mha/Reference/Reference.h"

#include <cmath>
#include <limits>
#include <vector>

using namespace mlir::mha::reference;

namespace {
/// Row-major strides of `shape` with broadcast (size-1) dims given stride 0,
/// so that indexing with the full [b, h, i, j] reads the broadcast element.
std::array<int64_t, 4> broadcastStrides(const std::array<int64_t, 4> &shape) {
  std::array<int64_t, 4> strides;
  int64_t stride = 1;
  for (int d = 3; d >= 0; --d) {
    strides[d] = shape[d] == 1 ? 0 : stride;
    stride *= shape[d];
  }
  return strides;
}

std::string checkBroadcastable(const char *name,
                               const std::array<int64_t, 4> &shape,
                               const std::array<int64_t, 4> &target) {
  static const char *const dimNames[] = {"B", "Hq", "L", "S"};
  for (int d = 0; d < 4; ++d)
    if (shape[d] != 1 && shape[d] != target[d])
      return std::string(name) + " dim " + std::to_string(d) + " (" +
             dimNames[d] + ") is " + std::to_string(shape[d]) + ", expected " +
             std::to_string(target[d]) + " or 1";
  return "";
}

/// out[rows, cols] = a[rows, inner] . w[inner, cols] (+ bias[cols]).
/// The i-k-j order streams through rows of `w` and `out` so the compiler
/// vectorizes the inner loop.
void matmul(const double *a, const double *w, const double *bias, int64_t rows,
            int64_t inner, int64_t cols, double *out) {
  for (int64_t i = 0; i < rows; ++i) {
    double *outRow = out + i * cols;
    for (int64_t j = 0; j < cols; ++j)
      outRow[j] = bias ? bias[j] : 0.0;
    for (int64_t k = 0; k < inner; ++k) {
      double aik = a[i * inner + k];
      const double *wRow = w + k * cols;
      for (int64_t j = 0; j < cols; ++j)
        outRow[j] += aik * wRow[j];
    }
  }
}

void roundAll(std::vector<double> &values, RoundFn round) {
  if (!round)
    return;
  for (double &v : values)
    v = round(v);
}

/// [B, T, H*D] (head h owns columns [h*D, (h+1)*D)) -> [B, H, T, D].
std::vector<double> splitHeads(const std::vector<double> &x, int64_t batch,
                               int64_t len, int64_t heads, int64_t dim) {
  std::vector<double> out(x.size());
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t t = 0; t < len; ++t)
      for (int64_t h = 0; h < heads; ++h)
        for (int64_t d = 0; d < dim; ++d)
          out[((b * heads + h) * len + t) * dim + d] =
              x[((b * len + t) * heads + h) * dim + d];
  return out;
}

/// [B, H, T, D] -> [B, T, H*D], head-major columns.
std::vector<double> mergeHeads(const std::vector<double> &x, int64_t batch,
                               int64_t len, int64_t heads, int64_t dim) {
  std::vector<double> out(x.size());
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t t = 0; t < len; ++t)
        for (int64_t d = 0; d < dim; ++d)
          out[((b * len + t) * heads + h) * dim + d] =
              x[((b * heads + h) * len + t) * dim + d];
  return out;
}
} // namespace

std::string mlir::mha::reference::attention(const AttentionProblem &p,
                                            double *out) {
  const int64_t B = p.batch, Hq = p.numHeads, Hkv = p.numKvHeads,
                L = p.queryLen, S = p.keyLen, E = p.headDim,
                Ev = p.valueHeadDim;
  if (B < 0 || Hq < 0 || L < 0 || S < 0)
    return "attention: negative size";
  if (E <= 0 || Ev <= 0)
    return "attention: head dimensions must be > 0, got E = " +
           std::to_string(E) + ", Ev = " + std::to_string(Ev);
  if (Hkv <= 0 || Hq % Hkv != 0)
    return "attention: Hq = " + std::to_string(Hq) +
           " is not a multiple of Hkv = " + std::to_string(Hkv);
  // A buffer of no elements may be null (an empty std::vector's data()).
  auto missing = [](const void *data, int64_t rows) {
    return !data && rows != 0;
  };
  if (missing(p.query, B * Hq * L) || missing(p.key, B * Hkv * S) ||
      missing(p.value, B * Hkv * S) || missing(out, B * Hq * L))
    return "attention: missing query, key, value or output buffer";
  const std::array<int64_t, 4> target = {B, Hq, L, S};
  if (p.mask.data) {
    std::string err = checkBroadcastable("mask", p.mask.shape, target);
    if (!err.empty())
      return "attention: " + err;
  }
  if (p.bias.data) {
    std::string err = checkBroadcastable("bias", p.bias.shape, target);
    if (!err.empty())
      return "attention: " + err;
  }

  const int64_t groupSize = Hq / Hkv;
  const double scale = p.attrs.scale ? *p.attrs.scale : 1.0 / std::sqrt(E);
  const std::array<int64_t, 4> maskStrides = broadcastStrides(p.mask.shape);
  const std::array<int64_t, 4> biasStrides = broadcastStrides(p.bias.shape);
  const double inf = std::numeric_limits<double>::infinity();

  std::vector<double> scores(S);
  std::vector<char> allowed(S);
  for (int64_t b = 0; b < B; ++b) {
    for (int64_t h = 0; h < Hq; ++h) {
      const int64_t kvHead = h / groupSize;
      const double *keys = p.key + (b * Hkv + kvHead) * S * E;
      const double *values = p.value + (b * Hkv + kvHead) * S * Ev;
      for (int64_t i = 0; i < L; ++i) {
        const double *q = p.query + ((b * Hq + h) * L + i) * E;
        double *o = out + ((b * Hq + h) * L + i) * Ev;
        const int64_t diag =
            p.attrs.causal == Causal::BottomRight ? i + (S - L) : i;

        bool anyAllowed = false, anyNaN = false;
        double maxScore = -inf;
        for (int64_t j = 0; j < S; ++j) {
          bool ok = true;
          if (p.mask.data)
            ok = p.mask.data[b * maskStrides[0] + h * maskStrides[1] +
                             i * maskStrides[2] + j * maskStrides[3]] != 0;
          if (p.attrs.causal != Causal::None && j > diag)
            ok = false;
          if (p.attrs.window && (j < diag - (*p.attrs.window)[0] ||
                                 j > diag + (*p.attrs.window)[1]))
            ok = false;
          allowed[j] = ok;
          if (!ok)
            continue;

          const double *k = keys + j * E;
          double dot = 0.0;
          for (int64_t e = 0; e < E; ++e)
            dot += q[e] * k[e];
          double s = scale * dot;
          if (p.attrs.softcap)
            s = *p.attrs.softcap * std::tanh(s / *p.attrs.softcap);
          if (p.bias.data)
            s += p.bias.data[b * biasStrides[0] + h * biasStrides[1] +
                             i * biasStrides[2] + j * biasStrides[3]];
          scores[j] = s;
          anyAllowed = true;
          if (std::isnan(s))
            anyNaN = true;
          else if (s > maxScore)
            maxScore = s;
        }

        for (int64_t e = 0; e < Ev; ++e)
          o[e] = 0.0;
        if (anyNaN) {
          for (int64_t e = 0; e < Ev; ++e)
            o[e] = std::numeric_limits<double>::quiet_NaN();
          continue;
        }
        // No allowed entry, or only -inf scores: the row is defined as zero
        // (exp(-inf - -inf) would otherwise produce NaN).
        if (!anyAllowed || maxScore == -inf)
          continue;

        double sum = 0.0;
        for (int64_t j = 0; j < S; ++j)
          if (allowed[j])
            sum += std::exp(scores[j] - maxScore);
        for (int64_t j = 0; j < S; ++j) {
          if (!allowed[j])
            continue;
          const double prob = std::exp(scores[j] - maxScore) / sum;
          const double *v = values + j * Ev;
          for (int64_t e = 0; e < Ev; ++e)
            o[e] += prob * v[e];
        }
      }
    }
  }
  return "";
}

std::string
mlir::mha::reference::multiHeadAttention(const MultiHeadAttentionProblem &p,
                                         double *out) {
  const int64_t B = p.batch, L = p.queryLen, S = p.keyLen, Hq = p.numHeads,
                Hkv = p.numKvHeads, E = p.headDim, Ev = p.valueHeadDim;
  if (B < 0 || L < 0 || S < 0 || p.queryInputDim < 0 || p.keyInputDim < 0 ||
      p.valueInputDim < 0 || p.outputDim < 0)
    return "multi_head_attention: negative size";
  if (!p.queryInput || !p.keyInput || !p.valueInput || !p.wQ || !p.wK ||
      !p.wV || !p.wO || !out)
    return "multi_head_attention: missing input, weight or output buffer";
  const int biases =
      (p.bQ ? 1 : 0) + (p.bK ? 1 : 0) + (p.bV ? 1 : 0) + (p.bO ? 1 : 0);
  if (biases != 0 && biases != 4)
    return "multi_head_attention: give all four projection biases or none";
  if (Hq <= 0 || Hkv <= 0 || Hq % Hkv != 0)
    return "multi_head_attention: num_heads = " + std::to_string(Hq) +
           " is not a positive multiple of num_kv_heads = " +
           std::to_string(Hkv);

  std::vector<double> q(B * L * Hq * E), k(B * S * Hkv * E),
      v(B * S * Hkv * Ev);
  matmul(p.queryInput, p.wQ, p.bQ, B * L, p.queryInputDim, Hq * E, q.data());
  matmul(p.keyInput, p.wK, p.bK, B * S, p.keyInputDim, Hkv * E, k.data());
  matmul(p.valueInput, p.wV, p.bV, B * S, p.valueInputDim, Hkv * Ev, v.data());
  roundAll(q, p.roundIntermediate);
  roundAll(k, p.roundIntermediate);
  roundAll(v, p.roundIntermediate);

  std::vector<double> qHeads = splitHeads(q, B, L, Hq, E);
  std::vector<double> kHeads = splitHeads(k, B, S, Hkv, E);
  std::vector<double> vHeads = splitHeads(v, B, S, Hkv, Ev);

  AttentionProblem attn;
  attn.batch = B;
  attn.numHeads = Hq;
  attn.numKvHeads = Hkv;
  attn.queryLen = L;
  attn.keyLen = S;
  attn.headDim = E;
  attn.valueHeadDim = Ev;
  attn.attrs = p.attrs;
  attn.query = qHeads.data();
  attn.key = kHeads.data();
  attn.value = vHeads.data();
  attn.mask = p.mask;
  attn.bias = p.bias;
  std::vector<double> heads(B * Hq * L * Ev);
  std::string err = attention(attn, heads.data());
  if (!err.empty())
    return "multi_head_attention: " + err;
  roundAll(heads, p.roundIntermediate);

  std::vector<double> merged = mergeHeads(heads, B, L, Hq, Ev);
  matmul(merged.data(), p.wO, p.bO, B * L, Hq * Ev, p.outputDim, out);
  return "";
}

double mlir::mha::reference::attentionFlops(int64_t batch, int64_t numHeads,
                                            int64_t queryLen, int64_t keyLen,
                                            int64_t headDim,
                                            int64_t valueHeadDim,
                                            Causal causal) {
  double flops = 2.0 * batch * numHeads * queryLen * keyLen *
                 static_cast<double>(headDim + valueHeadDim);
  if (causal != Causal::None && queryLen == keyLen)
    flops /= 2.0;
  return flops;
}

double
mlir::mha::reference::projectionFlops(const MultiHeadAttentionProblem &p) {
  const double B = p.batch, L = p.queryLen, S = p.keyLen;
  return 2.0 * B * L * p.queryInputDim * p.numHeads * p.headDim +
         2.0 * B * S *
             (static_cast<double>(p.keyInputDim) * p.numKvHeads * p.headDim +
              static_cast<double>(p.valueInputDim) * p.numKvHeads *
                  p.valueHeadDim) +
         2.0 * B * L * p.numHeads * p.valueHeadDim * p.outputDim;
}
