#!/usr/bin/env python3
"""PyTorch's side of bench/projection.mlir: torch.addmm(b, x, w) with x
[512, 1024], w [1024, 1024], b [1024] uniform in [0, 1), one thread (torch's
and OpenBLAS's), three warm-up calls, then the minimum and median of N calls.

  OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2 /usr/bin/python3 \\
      bench/projection_torch.py           # AVX2, as bench/run-cpu.sh --isa avx2
  OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/projection_torch.py

Without OPENBLAS_CORETYPE, the widest core the CPU runs (as bench/torch_ref.py).
docs/perf/projections.md (seventeenth and twenty-second sessions) quotes it.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_ref  # noqa: E402  (torch, and OpenBLAS's thread count)
from torch_ref import torch  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="timed calls")
    args = parser.parse_args()
    # The widest OpenBLAS core unless OPENBLAS_CORETYPE is set, as the grid.
    torch_ref._fix_openblas_coretype()
    torch_ref._set_threads(1)
    x, w, b = torch.rand(512, 1024), torch.rand(1024, 1024), torch.rand(1024)
    for _ in range(3):
        torch.addmm(b, x, w)
    times = []
    for _ in range(args.n):
        t0 = time.perf_counter()
        torch.addmm(b, x, w)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print("addmm min %.2f median %.2f ms (OpenBLAS %s)"
          % (times[0], times[len(times) // 2],
             torch_ref.openblas_info()["openblas_core"]))


if __name__ == "__main__":
    main()
