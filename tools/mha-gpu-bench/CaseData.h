//===- CaseData.h - inputs and reference of a gen_cases.py case -*- C++ -*-===//
//
// What mha-gpu-bench and the GPU emulator tests
// (test/Integration/GPUEmulator) both need of a case of gen_cases.py: its
// random inputs in the kernel's storage type, the float64 reference problem
// over the values those inputs hold, and the tolerances of the check. Both
// describe a case with a struct of the same field names (mha-gpu-bench's
// Case, the emulator's generated CaseSpec), hence the templates.
//
// Header only, without MLIR or CUDA: the emulator compiles it with
// lib/Reference/Reference.cpp and nothing else.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_TOOLS_GPU_BENCH_CASEDATA_H
#define MHA_TOOLS_GPU_BENCH_CASEDATA_H

#include "mha/Reference/Reference.h"
#include "mha/Support/FloatConversions.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace mha_cases {

/// Element types of gen_cases.py (DTYPES): 0 f32, 1 f16, 2 bf16.
inline size_t dtypeBytes(int dtype) { return dtype == 0 ? 4 : 2; }

/// Rounds to the storage type and returns the stored bits (in `bytes`) and
/// the exact value they hold.
inline double store(double x, int dtype, uint8_t *bytes) {
  float f = static_cast<float>(x);
  if (dtype == 0) {
    std::memcpy(bytes, &f, 4);
    return f;
  }
  uint16_t bits =
      dtype == 1 ? mlir::mha::floatToHalf(f) : mlir::mha::floatToBFloat16(f);
  std::memcpy(bytes, &bits, 2);
  return dtype == 1 ? mlir::mha::halfToFloat(bits)
                    : mlir::mha::bfloat16ToFloat(bits);
}

inline double load(const uint8_t *bytes, int dtype) {
  if (dtype == 0) {
    float f;
    std::memcpy(&f, bytes, 4);
    return f;
  }
  uint16_t bits;
  std::memcpy(&bits, bytes, 2);
  return dtype == 1 ? mlir::mha::halfToFloat(bits)
                    : mlir::mha::bfloat16ToFloat(bits);
}

/// A small seeded generator (splitmix64): <random>'s engines would pull in
/// the part of a static libstdc++ that needs a newer glibc (mha-gpu-bench).
class Rng {
public:
  explicit Rng(uint64_t seed) : state(seed) {}
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in (0, 1).
  double uniform() {
    return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53;
  }
  /// Standard normal (Box-Muller).
  double normal() {
    return std::sqrt(-2.0 * std::log(uniform())) *
           std::cos(6.283185307179586 * uniform());
  }

private:
  uint64_t state;
};

/// One operand: its storage bits (what the kernel gets) and the exact
/// values they hold (what the reference gets). A mask (dtype -1) has bytes
/// of 0/1 in `bits` and no values.
struct Tensor {
  std::vector<int64_t> shape;
  int dtype = 0;
  std::vector<uint8_t> bits;
  std::vector<double> values;
  int64_t numel() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

inline Tensor randomTensor(std::vector<int64_t> shape, int dtype, Rng &rng,
                           double stddev) {
  Tensor t;
  t.shape = std::move(shape);
  t.dtype = dtype;
  int64_t n = t.numel();
  t.bits.resize(n * dtypeBytes(dtype));
  t.values.resize(n);
  for (int64_t i = 0; i < n; ++i)
    t.values[i] =
        store(stddev * rng.normal(), dtype, &t.bits[i * dtypeBytes(dtype)]);
  return t;
}

/// The kernel's operands in order: query, key, value (standard normal),
/// then the mask (80% allowed; pattern 1 also blocks every third row
/// entirely) and the bias (normal with deviation 0.5; pattern 1 puts -inf
/// on every fifth row and every seventh entry) where the case has them.
template <typename Case>
std::vector<Tensor> makeInputs(const Case &c, Rng &rng) {
  std::vector<Tensor> in;
  in.push_back(randomTensor({c.B, c.Hq, c.L, c.E}, c.dtype, rng, 1.0));
  in.push_back(randomTensor({c.B, c.Hkv, c.S, c.E}, c.dtype, rng, 1.0));
  in.push_back(randomTensor({c.B, c.Hkv, c.S, c.Ev}, c.dtype, rng, 1.0));
  if (c.hasMask) {
    Tensor m;
    m.shape.assign(c.maskShape, c.maskShape + 4);
    m.dtype = -1;
    m.bits.resize(m.numel());
    for (int64_t i = 0; i < m.numel(); ++i)
      m.bits[i] = rng.uniform() < 0.8;
    if (c.maskPattern == 1)
      for (int64_t i = 0; i < m.numel() / m.shape[3]; i += 3)
        std::fill_n(&m.bits[i * m.shape[3]], m.shape[3], uint8_t(0));
    in.push_back(std::move(m));
  }
  if (c.hasBias) {
    Tensor b = randomTensor(
        {c.biasShape[0], c.biasShape[1], c.biasShape[2], c.biasShape[3]},
        c.biasDtype, rng, 0.5);
    if (c.biasPattern == 1) {
      size_t eb = dtypeBytes(c.biasDtype);
      double ninf = -std::numeric_limits<double>::infinity();
      for (int64_t i = 0; i < b.numel(); ++i)
        if ((i / b.shape[3]) % 5 == 0 || i % 7 == 0)
          b.values[i] = store(ninf, c.biasDtype, &b.bits[i * eb]);
    }
    in.push_back(std::move(b));
  }
  return in;
}

/// The float64 problem of `c` over the values of `in` (makeInputs' order).
template <typename Case>
mlir::mha::reference::AttentionProblem
referenceProblem(const Case &c, const std::vector<Tensor> &in) {
  using namespace mlir::mha::reference;
  AttentionProblem p;
  p.batch = c.B;
  p.numHeads = c.Hq;
  p.numKvHeads = c.Hkv;
  p.queryLen = c.L;
  p.keyLen = c.S;
  p.headDim = c.E;
  p.valueHeadDim = c.Ev;
  p.attrs.causal = c.causal == 0   ? Causal::None
                   : c.causal == 1 ? Causal::TopLeft
                                   : Causal::BottomRight;
  if (c.hasWindow)
    p.attrs.window = std::array<int64_t, 2>{c.left, c.right};
  // The kernels take scale and softcap as f32 attributes.
  if (c.hasScale)
    p.attrs.scale = static_cast<double>(static_cast<float>(c.scale));
  if (c.hasSoftcap)
    p.attrs.softcap = static_cast<double>(static_cast<float>(c.softcap));
  p.query = in[0].values.data();
  p.key = in[1].values.data();
  p.value = in[2].values.data();
  size_t next = 3;
  if (c.hasMask) {
    p.mask.data = in[next].bits.data();
    std::copy(c.maskShape, c.maskShape + 4, p.mask.shape.begin());
    ++next;
  }
  if (c.hasBias) {
    p.bias.data = in[next].values.data();
    std::copy(c.biasShape, c.biasShape + 4, p.bias.shape.begin());
  }
  return p;
}

/// Bounds on the relative L2 error and on the largest absolute error
/// (outputs are O(1)): f32 is exact up to f32 rounding of the sums; f16 and
/// bf16 round the result once (and the mma.sync kernel also rounds the
/// softmax weights).
struct Tolerance {
  double relL2, maxAbs;
};
inline Tolerance tolerance(int dtype) {
  if (dtype == 0)
    return {1e-5, 1e-4};
  if (dtype == 1)
    return {3e-3, 1e-2};
  return {2e-2, 8e-2};
}

} // namespace mha_cases

#endif // MHA_TOOLS_GPU_BENCH_CASEDATA_H
