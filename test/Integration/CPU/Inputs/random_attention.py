#!/usr/bin/env python3
"""Random mha.attention or mha.multi_head_attention programs, each compiled
by mha-run with random CPU pipeline options and checked against the float64
reference (--check).

Every case draws its shapes, its features and its pipeline options from a
seeded generator, so a run is repeatable and a failure is reported with the
program and the command that reproduce it:
- mha.attention (--op=attention): batch, query and key/value heads with
  groups of 1 to 7, L and S from 1 to 197 including one-row decoding, head
  dims that are no powers of two; causal modes, window, scale, softcap, masks
  and biases of several broadcast shapes, f32/f16/bf16; B, L and S static or
  dynamic (sizes through --shape);
- mha.multi_head_attention (--op=block): self- or cross-attention, groups of
  1 to 4, odd input, head and output widths, projection biases or none, the
  same attention features and element types, B, L and S static or dynamic;
- with --narrow-dynamic (attention), f16/bf16 with a dynamic L and/or S
  and L, S up to 300: the sizes at which the flash path chooses at run time
  whether to widen keys and values to f32 once (at least 8 whole query
  tiles and S >= 64) or tile by tile;
- with --tile, each op is first tiled over (B, Hq, L) (a block: (B, L)) by
  random tile sizes it can express, through its TilingInterface
  (mha-run --transform): the tiles read strided slices of the operands,
  with a dynamic S where a causal band limits the keys;
- options: flash or unfused, default or odd query/key tiles, remainder
  tiles of 0-16 rows for dynamic L and S, the AVX-512,
  AVX2 or a small register block, k panels of 1-16 (a last one partial),
  odd projection row and column tiles and weight blocks of 1-2 KiB (many
  column blocks), sequential code (num-threads=1) or OpenMP threads; a
  third of the cases compile for AVX2 (--mattr=-avx512f).

Usage: random_attention.py --mha-run=PATH [--op=attention|block] [--tile] [--count=N]
                           [--seed=S] [--work=DIR] [--large] [--narrow-dynamic]
Prints one line per failing case and a last line `N passed, N failed`;
exits 1 if any case failed.
"""

import argparse
import os
import random
import subprocess
import sys


def draw_case(rng):
    g = rng.choice([1, 1, 2, 3, 4, 5, 7])
    hkv = rng.choice([1, 2, 3])
    c = {
        "B": rng.choice([1, 2]),
        "Hkv": hkv,
        "Hq": hkv * g,
        "L": rng.choice([1, 1, 2, 3, 5, 6, 7, 8, 13, 17, 33, 64, 65, 77, 100]),
        "S": rng.choice([1, 5, 17, 64, 65, 100, 130, 197]),
        "E": rng.choice([8, 16, 20, 32, 64]),
        "Ev": rng.choice([8, 16, 24, 48, 64]),
        "dtype": rng.choice(["f32", "f32", "f32", "f16", "bf16"]),
        "causal": rng.choice([None, None, "top_left", "bottom_right"]),
        "window": rng.choice([None, None, (rng.randint(0, 40), rng.randint(0, 40))]),
        "scale": rng.choice([None, None, 0.3]),
        "softcap": rng.choice([None, None, 20.0]),
        "mask": rng.choice([None, None, "keys", "full"]),
        "bias": rng.choice([None, None, "keys", "full"]),
        # Dims the program leaves dynamic ("?"); mha-run gets their sizes
        # from --shape.
        "dynamic": rng.choice([[], [], [], ["B"], ["L"], ["S"], ["B", "L", "S"]]),
    }
    return c


def draw_narrow_dynamic(rng):
    """draw_case, made f16/bf16 with a dynamic L and/or S and longer
    sequences: with the small query tiles draw_options picks, often 8 whole
    tiles or more, where the flash path widens keys and values once."""
    c = draw_case(rng)
    c["dtype"] = rng.choice(["f16", "bf16"])
    c["dynamic"] = rng.choice([["L"], ["S"], ["L", "S"], ["B", "L", "S"]])
    c["L"] = rng.choice([9, 33, 64, 65, 77, 100, 200])
    c["S"] = rng.choice([20, 64, 65, 100, 130, 197, 300])
    return c


def draw_block(rng, large=False):
    """A random mha.multi_head_attention: self- or cross-attention, groups,
    odd embedding widths, with or without projection biases. `large`: model
    widths (Eq up to 1024, heads of 32-128), so that the default tiles take
    several row tiles, column tiles and weight blocks."""
    g = rng.choice([1, 1, 2, 3, 4])
    hkv = rng.choice([1, 2, 3])
    cross = rng.random() < 0.4
    L = rng.choice([1, 2, 5, 17, 33, 40, 64, 77])
    eq = rng.choice([8, 12, 16, 24, 32])
    if large:
        L = rng.choice([1, 31, 100, 128, 257])
        eq = rng.choice([256, 384, 520, 1024])
    c = {
        "op": "block",
        "B": rng.choice([1, 2]),
        "Hkv": hkv,
        "Hq": hkv * g,
        "L": L,
        "S": rng.choice([1, 6, 19, 40, 65]) if cross else L,
        "cross": cross,
        "Eq": eq,
        "Ek": rng.choice([8, 20, 28]) if cross else eq,
        "Evi": rng.choice([4, 12, 24]) if cross else eq,
        "E": rng.choice([2, 4, 6, 8, 16]),
        "Ev": rng.choice([2, 5, 8, 12]),
        "Eo": rng.choice([4, 9, 16, 33]),
        "biases": rng.random() < 0.6,
        "dtype": rng.choice(["f32", "f32", "f32", "f16", "bf16"]),
        "causal": rng.choice([None, None, "top_left", "bottom_right"]),
        "window": rng.choice([None, None, None, (rng.randint(0, 20), rng.randint(0, 20))]),
        "scale": rng.choice([None, None, 0.3]),
        "softcap": rng.choice([None, None, None, 20.0]),
        "mask": rng.choice([None, None, "keys", "full"]),
        "bias": rng.choice([None, None, None, "keys", "full"]),
        "dynamic": rng.choice([[], [], [], ["B"], ["L"], ["L", "S"],
                               ["B", "L", "S"]]),
    }
    if large:
        c.update({
            "B": 1,
            "S": rng.choice([1, 64, 200]) if cross else L,
            "Ek": rng.choice([128, 300]) if cross else eq,
            "Evi": rng.choice([96, 512]) if cross else eq,
            "E": rng.choice([32, 64, 128]),
            "Ev": rng.choice([32, 64, 100]),
            "Eo": rng.choice([200, 512, 1024]),
        })
    return c


def broadcast_shape(c, kind):
    if kind == "keys":
        return ["B", 1, 1, "S"]
    return [1, "Hq", "L", "S"]


class Args:
    """The function's arguments: each a name, its type (dims named in
    c["dynamic"] printed as "?") and its sizes (for mha-run --shape)."""

    def __init__(self, c):
        self.c = c
        self.items = []

    def size(self, d):
        return self.c[d] if isinstance(d, str) else d

    def type(self, dims, et):
        shown = ["?" if isinstance(d, str) and d in self.c["dynamic"]
                 else str(self.size(d)) for d in dims]
        return "tensor<" + "x".join(shown) + "x" + et + ">"

    def add(self, name, dims, et):
        t = self.type(dims, et)
        self.items.append((name, t, [self.size(d) for d in dims]))
        return t

    def signature(self):
        return ", ".join(f"%{n}: {t}" for n, t, _ in self.items)

    def shape_flags(self):
        """--shape for every argument with a dynamic dim."""
        return [f"--shape={i}=" + "x".join(str(d) for d in sizes)
                for i, (_, t, sizes) in enumerate(self.items) if "?" in t]


def attention_attrs(c):
    ops = ""
    if c["causal"]:
        ops += f" causal({c['causal']})"
    if c["window"]:
        ops += f" window({c['window'][0]}, {c['window'][1]})"
    if c["scale"] is not None:
        ops += f" scale({c['scale']})"
    if c["softcap"] is not None:
        ops += f" softcap({c['softcap']})"
    return ops


def mask_and_bias(c, args):
    ops = ""
    if c["mask"]:
        mt = args.add("m", broadcast_shape(c, c["mask"]), "i1")
        ops += f" mask(%m : {mt})"
    if c["bias"]:
        bt = args.add("b", broadcast_shape(c, c["bias"]), "f32")
        ops += f" bias(%b : {bt})"
    return ops


def program(c):
    """The case's function and the --shape flags of its dynamic arguments."""
    if c.get("op") == "block":
        return block_program(c)
    et = c["dtype"]
    args = Args(c)
    q = args.add("q", ["B", "Hq", "L", "E"], et)
    k = args.add("k", ["B", "Hkv", "S", "E"], et)
    v = args.add("v", ["B", "Hkv", "S", "Ev"], et)
    out = args.type(["B", "Hq", "L", "Ev"], et)
    ops = mask_and_bias(c, args) + attention_attrs(c)
    return (f"func.func @attention({args.signature()}) -> {out} {{\n"
            f"  %o = mha.attention %q, %k, %v{ops}\n"
            f"         : {q}, {k}, {v} -> {out}\n"
            f"  return %o : {out}\n}}\n"), args.shape_flags()


def block_program(c):
    et = c["dtype"]
    args = Args(c)
    xq = args.add("xq", ["B", "L", "Eq"], et)
    if c["cross"]:
        xk = args.add("xk", ["B", "S", "Ek"], et)
        xv = args.add("xv", ["B", "S", "Evi"], et)
        inputs = "%xq, %xk, %xv"
    else:
        xk = xv = xq
        inputs = "%xq, %xq, %xq"
    hq, hkv = c["Hq"], c["Hkv"]
    shapes = [[c["Eq"], hq * c["E"]], [c["Ek"], hkv * c["E"]],
              [c["Evi"], hkv * c["Ev"]], [hq * c["Ev"], c["Eo"]]]
    w = [args.add(n, d, et) for n, d in zip(["wq", "wk", "wv", "wo"], shapes)]
    ops = (" weights(%wq, %wk, %wv, %wo : " + ", ".join(w) + ")")
    if c["biases"]:
        b = [args.add(n, [d[1]], et)
             for n, d in zip(["bq", "bk", "bv", "bo"], shapes)]
        ops += " biases(%bq, %bk, %bv, %bo : " + ", ".join(b) + ")"
    ops += mask_and_bias(c, args)
    ops += f" heads({hq}, {hkv})" + attention_attrs(c)
    out = args.type(["B", "L", "Eo"], et)
    return (f"func.func @block({args.signature()}) -> {out} {{\n"
            f"  %y = mha.multi_head_attention {inputs}{ops}\n"
            f"         : {xq}, {xk}, {xv} -> {out}\n"
            f"  return %y : {out}\n}}\n"), args.shape_flags()


def draw_options(rng, c):
    """Pipeline options, and mha-run flags: a third of the cases compile for
    AVX2 (--mattr=-avx512f; the JIT then also picks the AVX2 tuning)."""
    flags = ["--mattr=-avx512f"] if rng.random() < 0.3 else []
    if rng.random() < 0.1:
        return "flash=false", flags
    opts = []
    if rng.random() < 0.5:
        opts.append(f"query-tile={rng.choice([1, 3, 5, 13, 16, 24, 40])}")
    if rng.random() < 0.5:
        opts.append(f"kv-tile={rng.choice([1, 4, 7, 16, 33, 64])}")
    if rng.random() < 0.4:
        # Dynamic L and S: the rows left after the whole tiles, in tiles of
        # this many rows (0: one more whole tile moved back).
        opts.append(f"remainder-tile={rng.choice([0, 1, 2, 5, 8, 16])}")
    if rng.random() < 0.7:
        opts.append(rng.choice(["register-rows=8 register-cols=32",
                                "register-rows=6 register-cols=16",
                                "register-rows=4 register-cols=8"]))
    if c.get("op") == "block":
        if rng.random() < 0.5:
            opts.append(f"projection-row-tile={rng.choice([1, 4, 6, 7, 30, 32])}")
        if rng.random() < 0.5:
            opts.append(f"projection-col-tile={rng.choice([8, 12, 16, 24, 64])}")
        if rng.random() < 0.5:
            opts.append(f"projection-weight-block-kib={rng.choice([1, 2, 1024])}")
    if rng.random() < 0.3:
        # Shares of the key range, combined at the end (a static S; many
        # are empty with these short sequences).
        opts.append(f"kv-splits={rng.choice([2, 3, 5])}")
    if rng.random() < 0.2:
        # k panels of the register blocks, a last one partial (0: one).
        opts.append(f"k-block={rng.choice([0, 1, 5, 16])}")
    if rng.random() < 0.25:
        # Sequential code: the parallel loops become scf.for, no OpenMP.
        opts.append("num-threads=1")
    opts.append("unfused-max-scores=0")
    return " ".join(opts), flags


def draw_tiles(rng, c):
    """Tile sizes [B, Hq, L] (0: not tiled) of mha.attention's
    TilingInterface that the op can express (docs/Dialect.md, "Tiling"):
    query heads per tile dividing Hq and a multiple or divisor of G (a
    partial last tile of heads would make the head counts dynamic, which the
    lowerings refuse), no tile of L for top_left with L > S (or L, S
    dynamic) or for a window without causal."""
    g = c["Hq"] // c["Hkv"]
    heads = [0] + [t for t in range(1, c["Hq"] + 1)
                   if c["Hq"] % t == 0 and (t % g == 0 or g % t == 0)]
    rows = [0, 1, 3, 7, 16, 32]
    dynamic_ls = "L" in c["dynamic"] or "S" in c["dynamic"]
    if c["window"] and not c["causal"]:
        rows = [0]
    if c["causal"] == "top_left" and (dynamic_ls or c["L"] > c["S"]):
        rows = [0]
    sizes = [rng.choice([0, 1]), rng.choice(heads), rng.choice(rows)]
    # All 0 would create no loop (and crashes upstream's tiling).
    return sizes if any(sizes) else [1, sizes[1], sizes[2]]


def draw_block_tiles(rng, c):
    """Tile sizes [B, L] (0: not tiled) of mha.multi_head_attention's
    TilingInterface: the same rule for L as draw_tiles."""
    rows = [0, 1, 3, 7, 16, 32]
    dynamic_ls = "L" in c["dynamic"] or "S" in c["dynamic"]
    if (c["window"] and not c["causal"]) or (
            c["causal"] == "top_left" and (dynamic_ls or c["L"] > c["S"])):
        rows = [0]
    sizes = [rng.choice([0, 1]), rng.choice(rows)]
    return sizes if any(sizes) else [1, sizes[1]]


def tile_script(sizes, op="mha.attention"):
    """A transform script that tiles every `op` by `sizes`."""
    return ("module attributes {transform.with_named_sequence} {\n"
            "  transform.named_sequence @__transform_main("
            "%root: !transform.any_op {transform.readonly}) {\n"
            f"    %a = transform.structured.match ops{{[\"{op}\"]}} in "
            "%root : (!transform.any_op) -> !transform.any_op\n"
            "    %t, %l = transform.structured.tile_using_forall %a tile_sizes "
            f"[{', '.join(str(t) for t in sizes)}] : (!transform.any_op) -> "
            "(!transform.any_op, !transform.any_op)\n"
            "    transform.yield\n  }\n}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mha-run", required=True)
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--op", choices=["attention", "block"],
                        default="attention",
                        help="mha.attention or mha.multi_head_attention")
    parser.add_argument("--large", action="store_true",
                        help="blocks of model widths (with --op=block); f32 "
                             "cases get --tolerance=1e-4, for the scores of "
                             "inputs and weights uniform in [-1, 1] grow "
                             "with the width")
    parser.add_argument("--narrow-dynamic", action="store_true",
                        help="attention in f16/bf16 with a dynamic L and/or "
                             "S, L and S up to 300 (see the docstring)")
    parser.add_argument("--tile", action="store_true",
                        help="tile each mha.attention first by random tile "
                             "sizes over (B, Hq, L) through its "
                             "TilingInterface (mha-run --transform)")
    parser.add_argument("--work", default="random-attention")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    rng = random.Random(args.seed)
    failed = 0
    for i in range(args.count):
        if args.op == "block":
            c = draw_block(rng, args.large)
        elif args.narrow_dynamic:
            c = draw_narrow_dynamic(rng)
        else:
            c = draw_case(rng)
        opts, flags = draw_options(rng, c)
        if args.large and c["dtype"] == "f32":
            flags.append("--tolerance=1e-4")
        text, shapes = program(c)
        path = os.path.join(args.work, f"case{i}.mlir")
        with open(path, "w") as f:
            f.write(text)
        if args.tile:
            block = c.get("op") == "block"
            c["tiles"] = (draw_block_tiles if block else draw_tiles)(rng, c)
            script = os.path.join(args.work, f"case{i}-tile.mlir")
            with open(script, "w") as f:
                f.write(tile_script(c["tiles"], "mha.multi_head_attention"
                                    if block else "mha.attention"))
            flags.append(f"--transform={script}")
        cmd = ([args.mha_run, path, f"--seed={args.seed * 1000 + i}",
                "--check", f"--cpu-pipeline={opts}"] + flags + shapes)
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if r.returncode != 0 or "check: PASS" not in r.stdout:
            failed += 1
            detail = (r.stdout + r.stderr).strip().splitlines()
            print(f"FAIL case {i}: {' '.join(repr(a) if ' ' in a else a for a in cmd)}\n  {c}\n  "
                  + "\n  ".join(detail[-6:]))
    print(f"{args.count - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
