#!/usr/bin/env python3
"""Times the benchmark cases through PyTorch, as a user of torch 1.13 would.

  python3 bench/torch_ref.py --case='{"op": "attention", ...}' --threads=1 --bench=10
  python3 bench/torch_ref.py --serve     # one JSON request per stdin line

A case is an entry of gen_mlir.py's cases.json. The reply is one JSON
object per case: median/min/max ms over --bench timed calls after one
warm-up call (as mha-run --bench does), the threads torch used, and how.

attention (mha.attention's math, composed from torch ops):
    q = q * scale; s = q @ k^T; s += mask (causal); p = softmax(s, -1); o = p @ v
  with torch.matmul (batched GEMM) on [B, H, L, E] tensors; the causal mask
  is a precomputed [L, S] float tensor with -inf above the bottom-right
  diagonal (built outside the timed calls). A case's "mask" or "bias" (the
  shape [B', H', L, S] of mha.attention's operand, 1 where broadcast) adds
  one more precomputed float tensor of that shape to s: a boolean mask as 0
  or -inf (each element allowed with probability 1/2), what a user converts
  it to once; a bias uniform in [-1, 1]. GQA: K and V are expanded to Hq
  heads with repeat_interleave inside each timed call (torch 1.13 has no
  grouped attention and no scaled_dot_product_attention). With
  "gqa": "fold" in the case, GQA instead folds each group into the query
  rows (q viewed as [B, Hkv, G*L, E], the causal mask repeated G times), so
  that K and V are neither copied nor re-read per query head: what a
  careful user writes for decoding.
block (mha.multi_head_attention):
    torch.nn.MultiheadAttention(embed, heads, bias=True, batch_first=True).eval()
  called under torch.no_grad() as m(x, x, x, need_weights=False,
  attn_mask=mask); non-causal calls take torch's fused fast path
  (torch._native_multi_head_attention); causal ones (attn_mask given) do not.
  The reply says which path the warm-up call took.
Inputs are uniform in [-1, 1] from torch.manual_seed(seed).
Threads: torch.set_num_threads(T) and, because Debian's torch calls
OpenBLAS whose thread pool ignores that, openblas_set_num_threads(T).
OMP_WAIT_POLICY=PASSIVE (unless preset): torch's OpenMP threads (softmax,
elementwise ops) otherwise spin after each parallel region while
OpenBLAS's own threads run the next GEMM, and with as many threads as
cores the two pools take turns: on 2 cores, torch.nn.MultiheadAttention
e1024 L=512 took 41.9 ms (median) with 2 threads and 36.8 ms with 1;
21.7 ms with 2 threads once the OpenMP threads sleep.
OpenBLAS core: torch is measured with the widest GEMM kernels the CPU can
run. Unless OPENBLAS_CORETYPE is preset (kept as it is), the script
re-executes itself with OPENBLAS_CORETYPE=SkylakeX (AVX-512) on a CPU with
AVX-512F/BW/DQ/VL, or Haswell (AVX2) on one with AVX2 and FMA, where
OpenBLAS detected a core with narrower kernels (0.3.21, Debian 12, falls
back to SSE3 "Prescott" kernels on Intel CPUs newer than it). On its own it
detects Cooperlake (AVX-512) on an AMD EPYC Zen 5. The --serve greeting
reports both cores.
ISA: the --serve greeting also reports ATen's CPU capability (the level of
its vectorized kernels; torch 1.13 has no torch.backends.cpu, so it is read
from the build summary torch.__config__.show(), which reports the level in
use) and the variables that restrict torch's ISA (ISA_ENV_VARS), as
run_cpu.py --isa avx2 sets them: ATEN_CPU_CAPABILITY=avx2,
OPENBLAS_CORETYPE=Haswell, ONEDNN_MAX_CPU_ISA=DNNL_MAX_CPU_ISA=AVX2.
"""
import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openblas_core  # noqa: E402


def _openblas_corename():
    code = ("import ctypes; ob = ctypes.CDLL('libopenblas.so.0'); "
            "ob.openblas_get_corename.restype = ctypes.c_char_p; "
            "print(ob.openblas_get_corename().decode())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def _fix_openblas_coretype():
    if "OPENBLAS_CORETYPE" in os.environ or "MHA_BENCH_OPENBLAS_DETECTED" in os.environ:
        return
    detected = _openblas_corename()
    env = dict(os.environ, MHA_BENCH_OPENBLAS_DETECTED=detected or "unknown")
    widest = openblas_core.widest_core()
    if detected and widest and not openblas_core.is_at_least(detected, widest):
        env["OPENBLAS_CORETYPE"] = widest
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


if __name__ == "__main__":
    _fix_openblas_coretype()
    # Read by libgomp when torch loads it (see the docstring: Threads).
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

try:  # torch 1.13 from Debian calls OpenBLAS (libblas.so.3), whose own thread
    # pool ignores torch.set_num_threads; set it too so "1 thread" is 1 thread.
    import ctypes
    _OPENBLAS = ctypes.CDLL("libopenblas.so.0")
except OSError:
    _OPENBLAS = None


def openblas_info():
    """The OpenBLAS core this process uses, and what OpenBLAS detected."""
    core = None
    if _OPENBLAS is not None:
        _OPENBLAS.openblas_get_corename.restype = ctypes.c_char_p
        core = _OPENBLAS.openblas_get_corename().decode()
    return {"openblas_core": core,
            "openblas_detected_core": os.environ.get("MHA_BENCH_OPENBLAS_DETECTED", core),
            "openblas_coretype_env": os.environ.get("OPENBLAS_CORETYPE"),
            "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
            "glibc_tunables": os.environ.get("GLIBC_TUNABLES")}


# Environment variables that restrict the ISA of torch's kernels.
ISA_ENV_VARS = ("ATEN_CPU_CAPABILITY", "OPENBLAS_CORETYPE",
                "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA")


def isa_info():
    """ATen's CPU capability in use and the ISA variables of this process."""
    capability = None
    backend = getattr(torch.backends, "cpu", None)  # torch >= 2.0
    if backend is not None and hasattr(backend, "get_cpu_capability"):
        capability = backend.get_cpu_capability()
    else:  # torch 1.13: "  - CPU capability usage: AVX2" in the build summary
        for line in torch.__config__.show().splitlines():
            if "CPU capability usage:" in line:
                capability = line.split(":", 1)[1].strip()
    return {"aten_cpu_capability": capability,
            "isa_env": {k: os.environ.get(k) for k in ISA_ENV_VARS},
            "mkldnn_available": torch.backends.mkldnn.is_available()}


def _set_threads(threads):
    torch.set_num_threads(threads)
    if _OPENBLAS is not None:
        _OPENBLAS.openblas_set_num_threads(threads)
        return _OPENBLAS.openblas_get_num_threads()
    return None


def _causal_mask(L, S):
    # Bottom-right: query i may see keys j <= i + (S - L).
    return torch.full((L, S), float("-inf")).triu(1 + S - L)


def _uniform(*shape):
    return torch.rand(*shape) * 2 - 1


def _attention(case):
    B, hq, hkv = case["batch"], case["hq"], case["hkv"]
    L, S, E, Ev = case["L"], case["S"], case["E"], case["Ev"]
    q, k, v = _uniform(B, hq, L, E), _uniform(B, hkv, S, E), _uniform(B, hkv, S, Ev)
    scale = 1.0 / math.sqrt(E)
    mask = _causal_mask(L, S) if case["causal"] else None
    # The mask and bias operands, as additive float tensors [B', H', L, S].
    for key in ("mask", "bias"):
        if case.get(key):
            shape = case[key]
            extra = (torch.where(torch.rand(*shape) < 0.5, 0.0, float("-inf"))
                     if key == "mask" else _uniform(*shape))
            mask = extra if mask is None else mask + extra
    group = hq // hkv

    def call():
        kk, vv = k, v
        if group > 1:
            kk = k.repeat_interleave(group, dim=1)
            vv = v.repeat_interleave(group, dim=1)
        s = torch.matmul(q * scale, kk.transpose(-2, -1))
        if mask is not None:
            s += mask
        p = torch.softmax(s, dim=-1)
        return torch.matmul(p, vv)

    # Query head h = kv * group + g (repeat_interleave's order): the heads
    # of one group are adjacent, so [B, Hq, L, E] views as [B, Hkv, G*L, E].
    # [L, S], or [B', H', L, S] with H' = 1 or Hq: as [B', H'/G, G*L, S].
    fold_mask = None
    if mask is not None and mask.dim() == 2:
        fold_mask = mask.repeat(group, 1)
    elif mask is not None:
        b1, h1 = mask.shape[0], mask.shape[1]
        fold_mask = (mask.repeat(1, 1, group, 1) if h1 == 1
                     else mask.reshape(b1, h1 // group, group * L, S))

    def call_folded():
        qq = q.reshape(B, hkv, group * L, E)
        s = torch.matmul(qq * scale, k.transpose(-2, -1))
        if fold_mask is not None:
            s += fold_mask
        p = torch.softmax(s, dim=-1)
        return torch.matmul(p, v).reshape(B, hq, L, Ev)

    path = "composed: matmul, softmax, matmul"
    if group > 1 and case.get("gqa") == "fold":
        return call_folded, path + f"; group of {group} folded into the query rows"
    if group > 1:
        path += f"; K/V repeat_interleave x{group}"
    return call, path


def _block(case):
    B, L, embed, heads = case["batch"], case["L"], case["embed"], case["heads"]
    module = torch.nn.MultiheadAttention(embed, heads, bias=True,
                                         batch_first=True).eval()
    x = _uniform(B, L, embed)
    mask = _causal_mask(L, L) if case["causal"] else None

    def call():
        return module(x, x, x, need_weights=False, attn_mask=mask)[0]

    return call, None


def time_case(case, threads, bench, seed=1):
    """Warm-up call, then `bench` timed calls; returns a result dict."""
    openblas_threads = _set_threads(threads)
    torch.manual_seed(seed)
    with torch.no_grad():
        if case["op"] == "block":
            call, path = _block(case)
            # Which path does nn.MultiheadAttention take? Count calls of the
            # fused kernel during the warm-up call.
            native = torch._native_multi_head_attention
            hits = []

            def counting(*args, **kwargs):
                hits.append(1)
                return native(*args, **kwargs)

            torch._native_multi_head_attention = counting
            try:
                call()
            finally:
                torch._native_multi_head_attention = native
            path = ("nn.MultiheadAttention fast path (_native_multi_head_attention)"
                    if hits else
                    "nn.MultiheadAttention Python path (F.multi_head_attention_forward)")
        else:
            call, path = _attention(case)
            call()  # warm-up
        times = []
        cpu0 = time.process_time()
        wall0 = time.perf_counter()
        for _ in range(bench):
            t0 = time.perf_counter()
            call()
            times.append((time.perf_counter() - t0) * 1e3)
        wall = time.perf_counter() - wall0
        cpu = time.process_time() - cpu0
    del call
    gc.collect()
    return {
        "name": case["name"],
        "threads": threads,
        "torch_threads": torch.get_num_threads(),
        "openblas_threads": openblas_threads,
        "iterations": bench,
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "times_ms": times,
        "cpu_per_wall": cpu / wall if wall > 0 else None,
        "path": path,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", help="one case as JSON")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--bench", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serve", action="store_true",
                        help="read {case, threads, bench, seed} JSON lines on "
                             "stdin, answer one JSON line each")
    args = parser.parse_args()
    if args.serve:
        print(json.dumps({"ready": True, "torch": torch.__version__,
                          "pid": os.getpid(), **openblas_info(), **isa_info()}),
              flush=True)
        for line in sys.stdin:
            if not line.strip():
                continue
            req = json.loads(line)
            try:
                reply = time_case(req["case"], req["threads"], req["bench"],
                                  req.get("seed", 1))
            except Exception as e:  # report, keep serving
                reply = {"name": req["case"].get("name"), "error": repr(e)}
            print(json.dumps(reply), flush=True)
        return
    if not args.case:
        parser.error("--case or --serve is required")
    print(json.dumps(time_case(json.loads(args.case), args.threads, args.bench,
                               args.seed)))


if __name__ == "__main__":
    main()
