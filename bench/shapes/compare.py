#!/usr/bin/env python3
"""mha-run against PyTorch on the shapes of this folder, side by side.

  /usr/bin/python3 bench/shapes/compare.py [-t 1,2] [-n 10] [--isa native|avx2]
                                           [--mha-run PATH] [FILE.mlir ...]

For every file (default: every .mlir here) and thread count, one row: the
median of N timed calls of `mha-run FILE --bench=N
--cpu-pipeline=num-threads=T` (OMP_NUM_THREADS=T), then PyTorch on the same
shapes through bench/torch_ref.py, measured as the grid measures it
(OpenBLAS with a core fit for the CPU, torch's and OpenBLAS's threads set
to T, both sides with the grid's malloc settings):
- mha.attention: the composed softmax(q k^T * scale) v. Grouped shapes
  (Hq > Hkv) get two torch figures: K and V expanded with repeat_interleave,
  as the grid does, and the group folded into the query rows (no copy of K
  and V), the faster way to write it by hand;
- mha.multi_head_attention: torch.nn.MultiheadAttention in eval mode.
With --isa avx2 both sides are restricted to AVX2 code as in
`bench/run-cpu.sh --isa avx2` (mha-run --mattr=-avx512f; torch with
ATEN_CPU_CAPABILITY=avx2 and OpenBLAS's Haswell core).
"torch/mha" divides the faster torch time by mha's. The two sides alternate
per row, so both see the same machine state.

The files must hold one f32 mha.attention whose function takes %q, %k, %v,
or one self-attention mha.multi_head_attention of %x with biases (as the
files here do); causal(bottom_right) is honoured, other attributes are not
supported by the torch side, except a mask or a bias that varies along L
and S (`mask(%m : tensor<B'xH'xLxSxi1>)`, `bias(%b : tensor<...xf32>)`),
which torch adds to the scores as a float tensor of that shape.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench"))
# The grid's ISA modes, malloc settings and torch_ref.py --serve client.
from run_cpu import ISA_MODES, Torch, bench_env  # noqa: E402


# What the torch side does not model.
UNSUPPORTED = re.compile(r"\b(window|softcap|scale)\(|causal\(top_left\)")
# A mask or bias operand and its shape.
OPERAND = re.compile(r"\b(mask|bias)\(%\w+ : tensor<(\d+)x(\d+)x(\d+)x(\d+)x(\w+)>\)")


def read_case(path):
    text = open(path).read()
    if "mha.multi_head_attention" in text:
        return read_block(path, text)
    shapes = {}
    for name in ("q", "k", "v"):
        m = re.search(r"%" + name + r": tensor<(\d+)x(\d+)x(\d+)x(\d+)x(\w+)>", text)
        if not m:
            raise SystemExit(f"{path}: no static %{name} argument")
        if m.group(5) != "f32":
            raise SystemExit(f"{path}: %{name} is {m.group(5)}; only f32 is compared")
        shapes[name] = [int(m.group(i)) for i in range(1, 5)]
    if UNSUPPORTED.search(text):
        raise SystemExit(f"{path}: only plain or causal(bottom_right) attention is compared")
    (B, hq, L, E), (_, hkv, S, _), (_, _, _, Ev) = shapes["q"], shapes["k"], shapes["v"]
    case = {"op": "attention", "name": os.path.basename(path)[:-5], "batch": B,
            "hq": hq, "hkv": hkv, "L": L, "S": S, "E": E, "Ev": Ev,
            "causal": "causal(bottom_right)" in text}
    found = list(OPERAND.finditer(text))
    if len(re.findall(r"\b(mask|bias)\(", text)) != len(found):
        raise SystemExit(f"{path}: a mask or bias operand that is not static")
    for m in found:
        shape = [int(m.group(i)) for i in range(2, 6)]
        if (shape[2:] != [L, S] or shape[0] not in (1, B) or shape[1] not in (1, hq)
                or m.group(6) != ("i1" if m.group(1) == "mask" else "f32")):
            raise SystemExit(f"{path}: only an i1 mask or f32 bias of shape "
                             f"[1 or B, 1 or Hq, L, S] is compared")
        case[m.group(1)] = shape
    return case


def read_block(path, text):
    """A self-attention block as torch.nn.MultiheadAttention computes it:
    one input %x [B, L, embed] three times, square weights, the four
    biases, heads(h) with as many key/value heads."""
    m = re.search(r"%x: tensor<(\d+)x(\d+)x(\d+)xf32>", text)
    heads = re.search(r"heads\((\d+)\)", text)
    if (not m or not heads or "%x, %x, %x" not in text or "biases(" not in text
            or UNSUPPORTED.search(text) or OPERAND.search(text)):
        raise SystemExit(f"{path}: only f32 self-attention blocks with biases, "
                         "heads(h) and no other attributes than causal(bottom_right) "
                         "are compared")
    B, L, embed = (int(m.group(i)) for i in range(1, 4))
    h = int(heads.group(1))
    return {"op": "block", "name": os.path.basename(path)[:-5], "batch": B,
            "L": L, "embed": embed, "heads": h, "hq": h, "hkv": h, "S": L,
            "E": embed // h, "Ev": embed // h,
            "causal": "causal(bottom_right)" in text}


def operands(case):
    """The mask and bias shapes of an attention case, for the table."""
    shapes = [f"{key} {'x'.join(map(str, case[key]))}" for key in ("mask", "bias")
              if case.get(key)]
    return ", ".join(shapes) or "—"


def mha_median(mha_run, path, threads, calls, mattr):
    env = bench_env(OMP_NUM_THREADS=str(threads))
    cmd = [mha_run, path, f"--bench={calls}", f"--cpu-pipeline=num-threads={threads}"]
    if mattr:
        cmd.append(f"--mattr={mattr}")
    out = subprocess.run(cmd, env=env, capture_output=True, text=True,
                         check=True).stdout
    return float(re.search(r"median=([0-9.]+) ms", out).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-t", "--threads", default="1",
                        help="comma-separated thread counts (default 1)")
    parser.add_argument("-n", "--calls", type=int, default=10)
    parser.add_argument("--mha-run", default=os.path.join(ROOT, "build/bin/mha-run"))
    parser.add_argument("--isa", choices=sorted(ISA_MODES), default="native",
                        help="avx2: both sides restricted to AVX2 code, as "
                             "bench/run-cpu.sh --isa avx2 does")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = args.files or sorted(os.path.join(HERE, f) for f in os.listdir(HERE)
                                 if f.endswith(".mlir"))
    threads = [int(t) for t in args.threads.split(",")]
    cases = [(path, read_case(path)) for path in files]  # fail before timing

    torch = Torch(env=ISA_MODES[args.isa]["torch_env"])
    hello = torch.hello
    mattr = ISA_MODES[args.isa]["mattr"]

    def torch_median(case, t):
        reply = torch.time(case, t, args.calls)
        if "error" in reply:
            raise SystemExit(f"torch_ref.py: {reply['error']}")
        return reply["median_ms"]

    print(f"torch {hello['torch']}, OpenBLAS core {hello['openblas_core']}, "
          f"ATen {hello['aten_cpu_capability']}; mha-run {args.mha_run}"
          f"{' --mattr=' + mattr if mattr else ''}; median of {args.calls} calls")
    print()
    print("| shape | op | B | Hq/Hkv | L | S | E/Ev | causal | mask / bias | T | mha ms | torch ms | torch ms (group folded) | torch/mha |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for path, case in cases:
        for t in threads:
            mha = mha_median(args.mha_run, path, t, args.calls, mattr)
            repeat = torch_median(case, t)
            fold = (torch_median(dict(case, gqa="fold"), t)
                    if case["hq"] > case["hkv"] else None)
            best = min(repeat, fold) if fold is not None else repeat
            op = ("attention" if case["op"] == "attention"
                  else f"block, embed {case['embed']}")
            print(f"| {case['name']} | {op} | {case['batch']} | {case['hq']}/{case['hkv']} "
                  f"| {case['L']} | {case['S']} | {case['E']}/{case['Ev']} "
                  f"| {'bottom_right' if case['causal'] else 'none'} "
                  f"| {operands(case)} | {t} "
                  f"| {mha:.3f} | {repeat:.3f} | {'%.3f' % fold if fold is not None else '—'} "
                  f"| {best / mha:.2f}x |", flush=True)
    torch.close()


if __name__ == "__main__":
    main()
