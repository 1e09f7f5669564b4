#!/usr/bin/env python3
"""Where a function's samples fall, loop by loop, from `perf annotate`.

  MHA_PERF_JIT=1 perf record -k 1 -e cpu-clock -o p.data \\
      build/bin/mha-run F.mlir --bench=100 --cpu-pipeline=num-threads=1
  perf inject --jit -i p.data -o pj.data
  python3 bench/perf_loops.py pj.data SYMBOL      # runs perf annotate
  perf annotate -i pj.data SYMBOL --stdio | python3 bench/perf_loops.py -

A loop is the address range from the target of a backward jump (a jump to
an address at or before itself) to the jump; jumps back to one target are
one loop, up to the last of them. Each instruction's samples count toward
the innermost loop that holds it, and those of code in no loop toward
"outside loops". Printed per loop, hottest first: its share of the
function's samples (perf annotate's local percentages), its address range,
its instructions, and the mnemonics that tell the loops of the attention
kernels apart (FMAs, broadcasts, vector moves, shuffles, gathers,
prefetches, divisions, calls), most frequent first.

docs/perf/flash-cpu-notes.md quotes such per-loop shares; the JIT's code
gets its symbols from MHA_PERF_JIT (docs/UserGuide.md, section 3).
"""
import argparse
import re
import subprocess
import sys

LINE = re.compile(r"^\s*([0-9.]+)\s*:\s*([0-9a-f]+):\s+(\S.*?)\s*$")
JUMP_TARGET = re.compile(r"^([0-9a-f]+)\b")


def parse(text):
    """[(percent, address, mnemonic, operands)] of the annotated lines."""
    out = []
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        fields = m.group(3).split(None, 1)
        # Prefixes such as `data16 data16 cs nopw ...` pad alignment: the
        # last prefix-like word before the operands is the mnemonic.
        while len(fields) == 2 and fields[0] in ("data16", "cs", "ds", "rex",
                                                 "lock", "rep", "notrack"):
            fields = fields[1].split(None, 1)
        mnemonic = fields[0]
        operands = fields[1] if len(fields) == 2 else ""
        out.append((float(m.group(1)), int(m.group(2), 16), mnemonic,
                    operands))
    return out


def find_loops(insns):
    """{start: end} of the backward jumps' ranges."""
    loops = {}
    for _, addr, mnemonic, operands in insns:
        if not mnemonic.startswith("j"):
            continue
        m = JUMP_TARGET.match(operands)
        if not m:
            continue  # an indirect jump
        target = int(m.group(1), 16)
        if target <= addr:
            loops[target] = max(loops.get(target, addr), addr)
    return loops


def mnemonic_kind(mnemonic):
    """The mnemonic itself for vector ops (FMAs, moves, shuffles, gathers:
    all `v...` in AVX code), software prefetches and calls; None for scalar
    bookkeeping."""
    if mnemonic.startswith(("v", "prefetch", "call")):
        return mnemonic
    return None


def summarize(insns, min_share):
    loops = find_loops(insns)
    spans = sorted(loops.items(), key=lambda se: se[1] - se[0])
    rows = {}
    for pct, addr, mnemonic, _ in insns:
        owner = next((s for s in spans if s[0] <= addr <= s[1]), None)
        key = owner if owner else ("outside", )
        row = rows.setdefault(key, {"share": 0.0, "insns": 0, "mix": {}})
        row["share"] += pct
        row["insns"] += 1
        kind = mnemonic_kind(mnemonic)
        if kind:
            row["mix"][kind] = row["mix"].get(kind, 0) + 1
    lines = []
    total = sum(r["share"] for r in rows.values())
    for key, row in sorted(rows.items(), key=lambda kr: -kr[1]["share"]):
        if row["share"] < min_share and key != ("outside", ):
            continue
        where = ("outside loops" if key == ("outside", ) else
                 f"{key[0]:x}-{key[1]:x}")
        mix = ", ".join(f"{k} {n}" for k, n in sorted(
            row["mix"].items(), key=lambda kn: (-kn[1], kn[0]))[:8])
        lines.append(f"{row['share']:6.2f}%  {where:<15} {row['insns']:5d}  {mix}")
    header = (f"{len(loops)} loops; {total:.2f}% of the samples annotated; "
              f"loops under {min_share}% not listed")
    return header, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", help="perf.data (after perf inject --jit), or - "
                    "for perf annotate --stdio text on stdin")
    ap.add_argument("symbol", nargs="?", help="the function (with a perf.data)")
    ap.add_argument("--min", type=float, default=0.5, dest="min_share",
                    help="hide loops under this share in percent (0.5)")
    args = ap.parse_args()
    if args.data == "-":
        text = sys.stdin.read()
    else:
        if not args.symbol:
            ap.error("a perf.data file needs the symbol to annotate")
        try:
            text = subprocess.run(
                ["perf", "annotate", "-i", args.data, args.symbol, "--stdio"],
                check=True, capture_output=True, text=True).stdout
        except FileNotFoundError:
            sys.exit("perf_loops.py: `perf` is not installed (Debian: "
                     "linux-perf)")
        except subprocess.CalledProcessError as e:
            sys.exit(f"perf_loops.py: perf annotate -i {args.data} "
                     f"{args.symbol} failed: {e.stderr.strip()}")
    insns = parse(text)
    if not insns:
        sys.exit("perf_loops.py: no annotated instructions in the input")
    header, lines = summarize(insns, args.min_share)
    print(header)
    print("share    range           insns  vector and notable mnemonics")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
