#!/usr/bin/env python3
"""Random mha.attention programs, each compiled by mha-run with random CPU
pipeline options and checked against the float64 reference (--check).

Every case draws its shapes (batch, query and key/value heads with groups
of 1 to 7, L and S from 1 to 197 including one-row decoding, head dims that
are no powers of two), its features (causal modes, window, scale, softcap,
masks and biases of several broadcast shapes, f32/f16/bf16) and its
pipeline options (flash or unfused, default or odd query/key tiles, the
AVX-512, AVX2 or a small register block) from a seeded generator, so a run
is repeatable and a failure is reported with the program and the command
that reproduce it.

Usage: random_attention.py --mha-run=PATH [--count=N] [--seed=S] [--work=DIR]
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
        "L": rng.choice([1, 1, 2, 3, 5, 8, 13, 33, 64, 77, 100]),
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
    }
    return c


def broadcast_shape(c, kind):
    if kind == "keys":
        return [c["B"], 1, 1, c["S"]]
    return [1, c["Hq"], c["L"], c["S"]]


def tensor(shape, et):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + et + ">"


def program(c):
    et = c["dtype"]
    q = tensor([c["B"], c["Hq"], c["L"], c["E"]], et)
    k = tensor([c["B"], c["Hkv"], c["S"], c["E"]], et)
    v = tensor([c["B"], c["Hkv"], c["S"], c["Ev"]], et)
    out = tensor([c["B"], c["Hq"], c["L"], c["Ev"]], et)
    args = [f"%q: {q}", f"%k: {k}", f"%v: {v}"]
    ops = ""
    if c["mask"]:
        mt = tensor(broadcast_shape(c, c["mask"]), "i1")
        args.append(f"%m: {mt}")
        ops += f" mask(%m : {mt})"
    if c["bias"]:
        bt = tensor(broadcast_shape(c, c["bias"]), "f32")
        args.append(f"%b: {bt}")
        ops += f" bias(%b : {bt})"
    if c["causal"]:
        ops += f" causal({c['causal']})"
    if c["window"]:
        ops += f" window({c['window'][0]}, {c['window'][1]})"
    if c["scale"] is not None:
        ops += f" scale({c['scale']})"
    if c["softcap"] is not None:
        ops += f" softcap({c['softcap']})"
    return (f"func.func @attention({', '.join(args)}) -> {out} {{\n"
            f"  %o = mha.attention %q, %k, %v{ops}\n"
            f"         : {q}, {k}, {v} -> {out}\n"
            f"  return %o : {out}\n}}\n")


def draw_options(rng):
    opts = []
    if rng.random() < 0.1:
        return "flash=false"
    if rng.random() < 0.5:
        opts.append(f"query-tile={rng.choice([1, 3, 5, 13, 16, 24, 40])}")
    if rng.random() < 0.5:
        opts.append(f"kv-tile={rng.choice([1, 4, 7, 16, 33, 64])}")
    opts.append(rng.choice(["register-rows=8 register-cols=32",
                            "register-rows=6 register-cols=16",
                            "register-rows=4 register-cols=8"]))
    opts.append("unfused-max-scores=0")
    return " ".join(opts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mha-run", required=True)
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default="random-attention")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    rng = random.Random(args.seed)
    failed = 0
    for i in range(args.count):
        c = draw_case(rng)
        opts = draw_options(rng)
        path = os.path.join(args.work, f"case{i}.mlir")
        with open(path, "w") as f:
            f.write(program(c))
        cmd = [args.mha_run, path, f"--seed={args.seed * 1000 + i}", "--check",
               f"--cpu-pipeline={opts}"]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if r.returncode != 0 or "check: PASS" not in r.stdout:
            failed += 1
            detail = (r.stdout + r.stderr).strip().splitlines()
            print(f"FAIL case {i}: {' '.join(cmd)}\n  {c}\n  "
                  + "\n  ".join(detail[-6:]))
    print(f"{args.count - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
