"""Writes a seeded random bool .npy (for i1 arguments of mha-run), without
NumPy.

  bool_npy.py OUT.npy SHAPE SEED [--first=true|false] [--invert] [--dtype=bool|f32]

SHAPE is like 4x1x9. Each element is a random bit; with --first, the
first element along the last dimension is that value instead (a key
padding mask whose first key is always kept, or never masked, leaves no
row without keys). --invert then flips every element (the mask another
form of the same program reads). --dtype=f32 writes the bits as 0.0 and 1.0 (a float
attention_mask).
"""
import random
import struct
import sys


def write(out, dims, seed, first=None, dtype="bool", invert=False):
    """Writes the random bool (or 0/1 f32) array of shape `dims` to `out`."""
    count = 1
    for d in dims:
        count *= d
    rng = random.Random(seed)
    values = bytearray(rng.getrandbits(1) for _ in range(count))
    if first is not None:
        for k in range(0, count, dims[-1]):
            values[k] = int(first)
    if invert:
        values = bytearray(1 - v for v in values)
    dims = tuple(dims)
    descr = "|b1"
    if dtype == "f32":
        descr = "<f4"
        values = b"".join(struct.pack("<f", float(v)) for v in values)
    header = "{'descr': '%s', " % descr + "'fortran_order': False, 'shape': %s, }" % (
        repr(dims) if len(dims) != 1 else f"({dims[0]},)")
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(out, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little"))
        f.write(header.encode("latin1") + bytes(values))


def main():
    out, shape, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    first, dtype, invert = None, "bool", False
    for arg in sys.argv[4:]:
        if arg.startswith("--first="):
            first = arg.split("=", 1)[1] == "true"
        elif arg == "--invert":
            invert = True
        elif arg.startswith("--dtype="):
            dtype = arg.split("=", 1)[1]
            if dtype not in ("bool", "f32"):
                sys.exit(f"bool_npy.py: unknown dtype {dtype}")
        else:
            sys.exit(f"bool_npy.py: unknown option {arg}")
    write(out, [int(d) for d in shape.split("x")], seed, first, dtype, invert)


if __name__ == "__main__":
    main()
