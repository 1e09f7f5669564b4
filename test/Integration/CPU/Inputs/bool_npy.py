"""Writes a seeded random bool .npy (for i1 arguments of mha-run), without
NumPy.

  bool_npy.py OUT.npy SHAPE SEED [--first=true|false]

SHAPE is like 4x1x9. Each element is a random bit; with --first, the
first element along the last dimension is that value instead (a key
padding mask whose first key is always kept, or never masked, leaves no
row without keys).
"""
import random
import sys


def write(out, dims, seed, first=None):
    """Writes the random bool array of shape `dims` to `out`."""
    count = 1
    for d in dims:
        count *= d
    rng = random.Random(seed)
    values = bytearray(rng.getrandbits(1) for _ in range(count))
    if first is not None:
        for k in range(0, count, dims[-1]):
            values[k] = int(first)
    dims = tuple(dims)
    header = "{'descr': '|b1', 'fortran_order': False, 'shape': %s, }" % (
        repr(dims) if len(dims) != 1 else f"({dims[0]},)")
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(out, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little"))
        f.write(header.encode("latin1") + bytes(values))


def main():
    out, shape, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    first = None
    for arg in sys.argv[4:]:
        if arg.startswith("--first="):
            first = arg.split("=", 1)[1] == "true"
    write(out, [int(d) for d in shape.split("x")], seed, first)


if __name__ == "__main__":
    main()
