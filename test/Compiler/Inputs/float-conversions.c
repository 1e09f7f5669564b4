/* Exhaustive checks of the f16/bf16 conversions of the kernels in
 * mha-compile-float-conversions.mlir against exact decoding in double and
 * round-to-nearest-even at every midpoint. */
#include "kernels.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
/* AVX512-BF16's vcvtneps2bf16 flushes subnormal inputs to zero: with
 * --bf16-subnormals-may-flush (host runs), a signed zero is accepted there. */
static int bf16_may_flush = 0;

static float bits_to_float(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}
static uint32_t float_to_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

/* Exact value of an f16 bit pattern (NaN for NaNs). */
static double decode_f16(uint16_t h) {
  int sign = h >> 15, exp = (h >> 10) & 31, mant = h & 1023;
  double v;
  if (exp == 31)
    v = mant ? NAN : INFINITY;
  else if (exp == 0)
    v = ldexp(mant, -24);
  else
    v = ldexp(1024 + mant, exp - 25);
  return sign ? -v : v;
}
static int is_nan_f16(uint16_t h) { return (h & 0x7c00) == 0x7c00 && (h & 0x3ff); }
static int is_nan_bf16(uint16_t h) { return (h & 0x7f80) == 0x7f80 && (h & 0x7f); }

/* to_f16/to_bf16 on `n` inputs; `expected` bits, NaN inputs must give NaN. */
static int check_trunc(int bf16, const float *in, const uint16_t *expected,
                       int64_t n) {
  uint16_t *out = malloc(sizeof(uint16_t) * n);
  int status = bf16 ? to_bf16(in, n, out, n) : to_f16(in, n, out, n);
  int bad = status != MHA_KERNEL_OK;
  for (int64_t i = 0; i < n && !bad; ++i) {
    int want_nan = isnan(in[i]);
    int got_nan = bf16 ? is_nan_bf16(out[i]) : is_nan_f16(out[i]);
    int flushed = bf16 && bf16_may_flush && fabsf(in[i]) < 0x1p-126f &&
                  (out[i] & 0x7fff) == 0;
    if (want_nan ? !got_nan : out[i] != expected[i] && !flushed) {
      printf("  %s(%a) = 0x%04x, expected 0x%04x\n", bf16 ? "to_bf16" : "to_f16",
             in[i], out[i], expected[i]);
      bad = 1;
    }
  }
  free(out);
  return !bad;
}

static void report(const char *what, int ok) {
  printf("%s %s\n", what, ok ? "PASS" : "FAIL");
  failures += !ok;
}

static void test_f16(void) {
  enum { N = 65536 };
  static uint16_t all[N];
  static float wide[N];
  for (int i = 0; i < N; ++i)
    all[i] = (uint16_t)i;
  int ok = from_f16(all, N, wide, N) == MHA_KERNEL_OK;
  for (int i = 0; i < N && ok; ++i) {
    double want = decode_f16((uint16_t)i);
    if (isnan(want) ? !isnan(wide[i]) : (double)wide[i] != want ||
                                            signbit(wide[i]) != signbit(want)) {
      printf("  from_f16(0x%04x) = %a, expected %a\n", i, wide[i], want);
      ok = 0;
    }
  }
  report("from_f16: 65536 values", ok);

  /* Every f16 value round-trips; every midpoint between neighbours rounds
   * to the even one, and one f32 ulp either side to the nearer one. */
  static float in[4 * N];
  static uint16_t expected[4 * N];
  int64_t n = 0;
  for (int i = 0; i < N; ++i) {
    in[n] = (float)decode_f16((uint16_t)i);
    expected[n++] = (uint16_t)i;
  }
  for (int i = 0; i < 0x7c00; ++i) { /* positive finite, and the top: inf */
    for (int sign = 0; sign < 2; ++sign) {
      uint16_t lo = (uint16_t)i, hi = (uint16_t)(i + 1);
      /* Above the largest finite value (65504), 65520 rounds to inf. */
      float mid = hi == 0x7c00 ? 65520.0f
                               : (float)((decode_f16(lo) + decode_f16(hi)) / 2);
      uint16_t s = sign ? 0x8000 : 0;
      if (n + 3 > 4 * N)
        break;
      in[n] = sign ? -mid : mid;
      expected[n++] = s | ((lo & 1) ? hi : lo);
      uint32_t u = float_to_bits(mid);
      in[n] = bits_to_float(u - 1) * (sign ? -1.0f : 1.0f);
      expected[n++] = s | lo;
      in[n] = bits_to_float(u + 1) * (sign ? -1.0f : 1.0f);
      expected[n++] = s | hi;
    }
  }
  int ok_trunc = check_trunc(0, in, expected, n);
  /* Far out of range: infinities; tiny: signed zeros. */
  float extremes[4] = {1e6f, -1e30f, 1e-30f, -1e-9f};
  uint16_t extremes_expected[4] = {0x7c00, 0xfc00, 0x0000, 0x8000};
  ok_trunc &= check_trunc(0, extremes, extremes_expected, 4);
  report("to_f16:", ok_trunc);
}

static void test_bf16(void) {
  enum { N = 65536 };
  static uint16_t all[N];
  static float wide[N];
  for (int i = 0; i < N; ++i)
    all[i] = (uint16_t)i;
  int ok = from_bf16(all, N, wide, N) == MHA_KERNEL_OK;
  for (int i = 0; i < N && ok; ++i) {
    uint32_t want = (uint32_t)i << 16;
    if (is_nan_bf16((uint16_t)i) ? !isnan(wide[i])
                                 : float_to_bits(wide[i]) != want) {
      printf("  from_bf16(0x%04x) = %a\n", i, wide[i]);
      ok = 0;
    }
  }
  report("from_bf16: 65536 values", ok);

  static float in[4 * N];
  static uint16_t expected[4 * N];
  int64_t n = 0;
  for (int i = 0; i < N; ++i) {
    in[n] = bits_to_float((uint32_t)i << 16);
    expected[n++] = (uint16_t)i;
  }
  for (uint32_t i = 0; i < 0x7f80; ++i) {
    for (int sign = 0; sign < 2 && n + 3 <= 4 * N; ++sign) {
      uint32_t s = sign ? 0x80000000u : 0;
      uint32_t mid = (i << 16) + 0x8000; /* exactly between i and i + 1 */
      in[n] = bits_to_float(s | mid);
      expected[n++] = (uint16_t)((s >> 16) | ((i & 1) ? i + 1 : i));
      in[n] = bits_to_float(s | (mid - 1));
      expected[n++] = (uint16_t)((s >> 16) | i);
      in[n] = bits_to_float(s | (mid + 1));
      expected[n++] = (uint16_t)((s >> 16) | (i + 1));
    }
  }
  report("to_bf16:", check_trunc(1, in, expected, n));
}

int main(int argc, char **argv) {
  bf16_may_flush = argc > 1 && !strcmp(argv[1], "--bf16-subnormals-may-flush");
  test_f16();
  test_bf16();
  return failures != 0;
}
