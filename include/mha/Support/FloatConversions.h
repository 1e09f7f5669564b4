//===- FloatConversions.h - f32 <-> f16 / bf16 with round-to-nearest-even -===//
//
// Bit-exact conversions between IEEE single precision and the two 16-bit
// formats the toolkit computes in. They are written out instead of using
// llvm::APFloat so that tools and tests can convert millions of elements
// quickly and without an LLVM dependency. Every conversion rounds to nearest,
// ties to even; NaN stays NaN (quieted), infinities and signed zeros are kept,
// and subnormals of both formats are handled.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_SUPPORT_FLOATCONVERSIONS_H
#define MHA_SUPPORT_FLOATCONVERSIONS_H

#include <cstdint>
#include <cstring>

namespace mlir {
namespace mha {

namespace detail {
inline uint32_t floatBits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof(bits));
  return bits;
}
inline float bitsToFloat(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}
} // namespace detail

/// IEEE binary16 bits of `f`, rounded to nearest even.
inline uint16_t floatToHalf(float f) {
  uint32_t bits = detail::floatBits(f);
  uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
  uint32_t abs = bits & 0x7fffffffu;
  if (abs > 0x7f800000u) // NaN: quiet it, keep the top payload bits.
    return sign | 0x7e00u | static_cast<uint16_t>((abs >> 13) & 0x1ffu);
  // 65520 is the midpoint between the largest half (65504) and 2^16; ties go
  // to the even neighbour, which is infinity.
  if (abs >= 0x477ff000u)
    return sign | 0x7c00u;
  if (abs < 0x38800000u) {
    // Below 2^-14 the result is subnormal: adding 0.5 moves the value to a
    // binade whose ulp is 2^-24, so the FPU itself rounds to nearest even
    // and the low mantissa bits are the subnormal's bits.
    float shifted = detail::bitsToFloat(abs) + 0.5f;
    return sign | static_cast<uint16_t>(detail::floatBits(shifted) -
                                        detail::floatBits(0.5f));
  }
  // Normal: rebias the exponent (127 -> 15) and round away 13 mantissa bits;
  // a carry out of the mantissa correctly bumps the exponent.
  uint32_t rebiased = abs - ((127u - 15u) << 23);
  uint32_t roundingBias = 0xfffu + ((rebiased >> 13) & 1u);
  return sign | static_cast<uint16_t>((rebiased + roundingBias) >> 13);
}

/// The float that IEEE binary16 bits `h` denote (exact).
inline float halfToFloat(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t exponent = (h >> 10) & 0x1fu;
  uint32_t mantissa = h & 0x3ffu;
  if (exponent == 0x1fu) // Inf or NaN.
    return detail::bitsToFloat(sign | 0x7f800000u | (mantissa << 13));
  if (exponent == 0) { // Zero or subnormal: mantissa * 2^-24, exact in f32.
    float magnitude = static_cast<float>(mantissa) * 5.9604644775390625e-8f;
    return detail::bitsToFloat(sign | detail::floatBits(magnitude));
  }
  return detail::bitsToFloat(sign | ((exponent + 127u - 15u) << 23) |
                             (mantissa << 13));
}

/// bfloat16 bits of `f`, rounded to nearest even.
inline uint16_t floatToBFloat16(float f) {
  uint32_t bits = detail::floatBits(f);
  if ((bits & 0x7fffffffu) > 0x7f800000u) // NaN: quiet it.
    return static_cast<uint16_t>((bits >> 16) | 0x0040u);
  // bf16 shares f32's exponent, so rounding the low half suffices; overflow
  // carries into the exponent and ends at infinity as it should.
  uint32_t roundingBias = 0x7fffu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>((bits + roundingBias) >> 16);
}

/// The float that bfloat16 bits `b` denote (exact).
inline float bfloat16ToFloat(uint16_t b) {
  return detail::bitsToFloat(static_cast<uint32_t>(b) << 16);
}

/// `f` rounded to the nearest binary16 value, as a float.
inline float roundToHalf(float f) { return halfToFloat(floatToHalf(f)); }

/// `f` rounded to the nearest bfloat16 value, as a float.
inline float roundToBFloat16(float f) {
  return bfloat16ToFloat(floatToBFloat16(f));
}

} // namespace mha
} // namespace mlir

#endif // MHA_SUPPORT_FLOATCONVERSIONS_H
