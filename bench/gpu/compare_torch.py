#!/usr/bin/env python3
"""Compares the GPU kernels of mha with PyTorch and writes docs/perf/gpu.md.

Reads what `mha-gpu-bench --bench --dump-dir=DIR --json=FILE` wrote (inputs
and outputs as raw fp16 bits, one JSON line per case), runs
torch.nn.functional.scaled_dot_product_attention on the same inputs in fp16,
checks both kernels against it (relative L2 error <= 1e-2), times SDPA with
CUDA events the way mha-gpu-bench times the kernels (per call, after a
warm-up), and writes the table. Part of bench/gpu/run.sh; needs only torch.
"""
import argparse
import datetime
import json
import os
import platform
import re
import sys

import torch
import torch.nn.functional as F

TOLERANCE = 1e-2


def load(path, shape, dtype=torch.float16):
    n = 1
    for d in shape:
        n *= d
    return torch.from_file(path, shared=False, size=n, dtype=dtype).view(*shape)


def time_sdpa(q, k, v, causal, min_seconds=0.5):
    """Milliseconds per call, from CUDA events around back-to-back calls."""
    for _ in range(3):
        F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    torch.cuda.synchronize()
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    start.record()
    F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    end.record()
    end.synchronize()
    once = max(start.elapsed_time(end), 1e-3)
    iters = int(min(max(min_seconds * 1e3 / once, 10), 500))
    start.record()
    for _ in range(iters):
        F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    end.record()
    end.synchronize()
    return start.elapsed_time(end) / iters


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dump-dir", required=True)
    parser.add_argument("--bench-json", required=True)
    parser.add_argument("--check-json")
    parser.add_argument("--out", required=True, help="the Markdown file to write")
    parser.add_argument("--results-json", help="also write the rows as JSON")
    args = parser.parse_args()

    if not torch.cuda.is_available():
        sys.exit("compare_torch.py: torch sees no CUDA device")
    device = torch.device("cuda")
    gpu = torch.cuda.get_device_name()
    rows = [json.loads(line) for line in open(args.bench_json) if line.strip()]
    checks = []
    if args.check_json and os.path.exists(args.check_json):
        checks = [json.loads(line) for line in open(args.check_json) if line.strip()]

    shapes = {}
    for r in rows:
        shapes.setdefault(r["label"], {})[r["kernel"]] = r
    results, failures = [], 0
    for label, kernels in shapes.items():
        any_row = next(iter(kernels.values()))
        B, H, L, S, D = (any_row[x] for x in ("B", "H", "L", "S", "E"))
        causal = any_row["causal"] != 0
        base = os.path.join(args.dump_dir, label)
        q = load(base + ".q.bin", (B, H, L, D)).to(device)
        k = load(base + ".k.bin", (B, H, S, D)).to(device)
        v = load(base + ".v.bin", (B, H, S, D)).to(device)
        ref = F.scaled_dot_product_attention(q, k, v, is_causal=causal).float()
        row = {"label": label, "L": L, "D": D, "causal": causal,
               "flops": any_row["flops"]}
        for kernel, r in kernels.items():
            out_path = os.path.join(args.dump_dir, r["name"] + ".out.bin")
            ours = load(out_path, (B, H, L, D)).to(device).float()
            rel = ((ours - ref).norm() / ref.norm()).item()
            ok = rel <= TOLERANCE and r["ok"]
            failures += not ok
            row[kernel] = {"ms": r["kernel_ms"], "tflops": r["tflops"],
                           "rel_l2_vs_torch": rel, "ok": ok,
                           "reference_ok": r["ok"]}
        torch_ms = time_sdpa(q, k, v, causal)
        row["torch"] = {"ms": torch_ms,
                        "tflops": any_row["flops"] / (torch_ms * 1e-3) / 1e12}
        results.append(row)
        print(f"{label:24s} torch {torch_ms:8.3f} ms {row['torch']['tflops']:7.1f} TFLOP/s  " +
              "  ".join(f"{kn} {row[kn]['ms']:8.3f} ms {row[kn]['tflops']:7.1f} TFLOP/s "
                        f"rel_l2 {row[kn]['rel_l2_vs_torch']:.1e} "
                        f"{'ok' if row[kn]['ok'] else 'FAIL'}"
                        for kn in ("mma", "simt") if kn in row), flush=True)
        del q, k, v, ref
        torch.cuda.empty_cache()

    write_markdown(args.out, gpu, results, checks, failures)
    if args.results_json:
        with open(args.results_json, "w") as f:
            json.dump({"gpu": gpu, "torch": torch.__version__,
                       "cuda": torch.version.cuda, "rows": results}, f, indent=1)
    print(f"compare_torch.py: {len(results)} shapes, {failures} kernel results "
          f"outside {TOLERANCE} of torch; wrote {args.out}")
    return 1 if failures else 0


def write_markdown(path, gpu, results, checks, failures):
    # Keep the hand-written part of the page (after the marker).
    marker = "<!-- The rest of this page is kept by bench/gpu/compare_torch.py -->"
    kept = ""
    if os.path.exists(path):
        text = open(path).read()
        if marker in text:
            kept = text[text.index(marker):]
            # Statements that only hold until a GPU run (e.g. "not verified
            # on a GPU") are dropped.
            kept = re.sub(r"<!-- until-gpu-run -->.*?<!-- /until-gpu-run -->\n?",
                          "", kept, flags=re.S)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# GPU performance: mha kernels vs PyTorch SDPA",
        "",
        f"Measured {now} on **{gpu}** by `bench/gpu/run.sh` (torch "
        f"{torch.__version__}, CUDA {torch.version.cuda}, {platform.node()}).",
        "",
        "fp16, B = 4, H = 16, L = S, E = Ev = D. Times are per call from CUDA "
        "events (ours: around each kernel launch, via the runtime's launch "
        "profiling; torch: back-to-back calls of "
        "`torch.nn.functional.scaled_dot_product_attention`, default backend). "
        "TFLOP/s count 2·B·H·L·S·(E+Ev) flops, halved when causal. "
        "\"vs torch\" is our TFLOP/s over torch's; \"rel L2\" is "
        f"‖ours − torch‖/‖torch‖ (must be ≤ {TOLERANCE}).",
        "",
        "| L | D | causal | mma.sync ms | TFLOP/s | vs torch | rel L2 | SIMT ms | "
        "TFLOP/s | vs torch | rel L2 | torch ms | torch TFLOP/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        cells = [str(r["L"]), str(r["D"]), "yes" if r["causal"] else "no"]
        for kernel in ("mma", "simt"):
            k = r.get(kernel)
            if not k:
                cells += ["-"] * 4
                continue
            ratio = k["tflops"] / r["torch"]["tflops"] if r["torch"]["tflops"] else 0
            flag = "" if k["ok"] else " **FAIL**"
            cells += [f"{k['ms']:.3f}", f"{k['tflops']:.1f}", f"{ratio:.2f}×",
                      f"{k['rel_l2_vs_torch']:.1e}{flag}"]
        cells += [f"{r['torch']['ms']:.3f}", f"{r['torch']['tflops']:.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if checks:
        passed = sum(1 for c in checks if c.get("ok"))
        lines.append(f"Correctness against the float64 reference "
                     f"(`mha-gpu-bench --check`, every feature of "
                     f"`mha.attention`, both kernels): {passed} of "
                     f"{len(checks)} cases pass.")
        bad = [c["name"] for c in checks if not c.get("ok")]
        if bad:
            lines.append("Failing: " + ", ".join(f"`{b}`" for b in bad) + ".")
        lines.append("")
    lines.append(f"Numerics against torch: {failures} kernel result(s) outside "
                 f"the tolerance.")
    lines.append("")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n" + (kept or marker + "\n"))


if __name__ == "__main__":
    sys.exit(main())
