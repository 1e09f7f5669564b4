"""Writes float32 inputs that exercise f32 -> f16/bf16 rounding, and checks
what mha-run produced for them (test/Runner/float-conversions.mlir).

  check_conversions.py make DIR    writes DIR/x.npy (float32) and
                                   DIR/x16.npy (the same values as float16)
  check_conversions.py check DIR   compares DIR/h.npy (f16 round trip) with
                                   NumPy's float16 and DIR/b.npy (bf16 round
                                   trip) with an explicit table
"""
import sys

import numpy as np

# Halfway cases, overflow to infinity, subnormals of both formats, signed
# zero, infinities and NaN.
VALUES = np.array([
    1.0,
    1.0 + 2.0**-11,            # f16 tie -> even (1.0)
    1.0 + 3 * 2.0**-11,        # f16 tie -> even (1 + 2^-9)
    1.0 + 2.0**-8,             # bf16 tie -> even (1.0)
    1.0 + 3 * 2.0**-8,         # bf16 tie -> even (1 + 2^-6)
    65504.0,                   # largest f16; 65536 in bf16
    65519.99,                  # rounds down to 65504
    65520.0,                   # tie between 65504 and 2^16 -> inf
    2.0**-24,                  # smallest f16 subnormal
    2.0**-25,                  # tie between 0 and 2^-24 -> 0
    3 * 2.0**-25,              # tie -> even (2^-23)
    6.0e-5,                    # f16 subnormal
    1e-40,                     # f32 subnormal (bf16 subnormal)
    -0.0,
    np.inf,
    -np.inf,
    np.nan,
    3.0e38,                    # finite in bf16
    3.4e38,                    # rounds to bf16 inf
    -2.5,
], dtype=np.float32)

# bf16 results worked out by hand (bf16 keeps 8 significant bits).
BF16_EXPECTED = np.array([
    1.0,
    1.0,
    1.0,
    1.0,
    1.0 + 2.0**-6,
    65536.0,
    65536.0,
    65536.0,
    2.0**-24,
    2.0**-25,
    3 * 2.0**-25,
    6.008148193359375e-05,     # 6e-5 to 8 significant bits
    9.183549615799121e-41,     # 1e-40 to the nearest bf16 subnormal
    -0.0,
    np.inf,
    -np.inf,
    np.nan,
    3.00405527047391e+38,
    np.inf,
    -2.5,
], dtype=np.float64)


def same(a, b):
    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    return np.all((a == b) & (np.signbit(a) == np.signbit(b)) |
                  (np.isnan(a) & np.isnan(b)))


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    if mode == "make":
        np.save(f"{directory}/x.npy", VALUES)
        with np.errstate(over="ignore"):
            np.save(f"{directory}/x16.npy", VALUES.astype(np.float16))
        return 0
    with np.errstate(over="ignore"):
        f16 = VALUES.astype(np.float16).astype(np.float32)
    ok = True
    for name, expected in [("h", f16), ("h16", f16), ("b", BF16_EXPECTED)]:
        got = np.load(f"{directory}/{name}.npy")
        good = same(got, expected)
        ok &= bool(good)
        print(f"{name}: {'OK' if good else 'MISMATCH'}")
        if not good:
            for i, (g, e) in enumerate(zip(got, expected)):
                if not same(g, e):
                    print(f"  [{i}] input {VALUES[i]!r}: got {g!r} "
                          f"expected {e!r}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
