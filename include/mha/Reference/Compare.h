//===- Compare.h - error against the float64 reference -----*- C++ -*-===//
//
// The one definition of "matches the float64 reference" that mha-run
// --check, mha-gpu-bench and the GPU emulator tests share: the relative L2
// error, the largest absolute error, and NaNs at the same places. Header
// only and without MLIR, like the reference itself, so that programs that
// compile lib/Reference/Reference.cpp in (mha-gpu-bench, the emulator) need
// nothing more.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_REFERENCE_COMPARE_H
#define MHA_REFERENCE_COMPARE_H

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace mlir {
namespace mha {
namespace reference {

/// Accumulates the error of computed values against reference values,
/// element by element.
class ErrorStats {
public:
  /// A NaN on one side only is a mismatch; NaNs on both sides agree. Either
  /// way the element is left out of the norms. Equal infinities agree
  /// (inf - inf would otherwise be NaN).
  void add(double got, double want) {
    if (std::isnan(got) || std::isnan(want)) {
      nanMismatches += std::isnan(got) != std::isnan(want);
      return;
    }
    double diff = got == want ? 0.0 : got - want;
    diffSq += diff * diff;
    wantSq += want * want;
    maxAbsError = std::max(maxAbsError, std::fabs(diff));
  }

  /// sqrt(sum (got - want)^2 / sum want^2); the absolute L2 norm of the
  /// difference where the reference is all zero.
  double relL2() const {
    return wantSq > 0.0 ? std::sqrt(diffSq / wantSq) : std::sqrt(diffSq);
  }
  double maxAbs() const { return maxAbsError; }
  int64_t nanMismatchCount() const { return nanMismatches; }

  /// No NaN mismatch, and both errors within their bounds.
  bool within(double maxRelL2, double maxAbsBound) const {
    return nanMismatches == 0 && relL2() <= maxRelL2 &&
           maxAbsError <= maxAbsBound;
  }

private:
  double diffSq = 0.0, wantSq = 0.0, maxAbsError = 0.0;
  int64_t nanMismatches = 0;
};

} // namespace reference
} // namespace mha
} // namespace mlir

#endif // MHA_REFERENCE_COMPARE_H
