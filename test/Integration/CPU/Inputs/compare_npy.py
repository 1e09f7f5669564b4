"""Compares two float32 .npy files written by mha-run, without NumPy.

  compare_npy.py A.npy B.npy [TOL]

Prints 'compare: shape=... rel_l2=... PASS' when both have the same shape,
NaN in the same places, and ||A - B|| / ||B|| < TOL (default 1e-5) over the
other elements; FAIL otherwise (exit code 1).
"""
import array
import ast
import math
import sys


def load(path):
    data = open(path, "rb").read()
    if data[:6] != b"\x93NUMPY":
        sys.exit(f"{path}: not a .npy file")
    major = data[6]
    size = 2 if major == 1 else 4
    header_len = int.from_bytes(data[8:8 + size], "little")
    start = 8 + size + header_len
    header = ast.literal_eval(data[8 + size:start].decode("latin1"))
    if header["descr"] != "<f4" or header["fortran_order"]:
        sys.exit(f"{path}: expected a C-order little-endian float32 array")
    values = array.array("f")
    values.frombytes(data[start:])
    if sys.byteorder != "little":
        values.byteswap()
    return tuple(header["shape"]), values


def main():
    (shape_a, a), (shape_b, b) = load(sys.argv[1]), load(sys.argv[2])
    tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-5
    ok = shape_a == shape_b and len(a) == len(b) and len(a) > 0
    diff = ref = 0.0
    for x, y in zip(a, b):
        if math.isnan(x) or math.isnan(y):
            ok &= math.isnan(x) and math.isnan(y)
            continue
        diff += (x - y) ** 2
        ref += y * y
    rel = math.sqrt(diff / ref) if ref > 0 else math.sqrt(diff)
    ok &= rel < tol
    shape = "x".join(map(str, shape_a))
    print(f"compare: shape={shape} rel_l2={rel:.3g} {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
