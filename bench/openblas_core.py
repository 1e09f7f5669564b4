"""The CPU's flags and the OpenBLAS core with the widest GEMM kernels it
runs: shared by run_cpu.py (which sets that core for --isa native) and
torch_ref.py (which sets it, when run on its own, where OpenBLAS detected a
weaker core). Imports nothing heavy, so that run_cpu.py need not load torch.

OpenBLAS 0.3.21 (Debian 12) does not recognize some newer CPUs and falls
back to its SSE3 "Prescott" kernels, several times slower, and a machine
may preset OPENBLAS_CORETYPE to narrower kernels than it runs (one with an
AMD EPYC Zen 5 presets Haswell, AVX2); torch would then be measured with a
weaker GEMM than the machine allows.
"""

# OpenBLAS cores with AVX-512 kernels, and those with at least AVX2 ones.
AVX512_CORES = {"SkylakeX", "Cooperlake", "SapphireRapids"}
AVX2_CORES = {"Haswell", "Zen"} | AVX512_CORES


def cpu_flags():
    """The flags of /proc/cpuinfo's first processor (empty if unreadable)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def widest_core(flags=None):
    """SkylakeX on a CPU with AVX-512F/BW/DQ/VL, Haswell on one with AVX2 and
    FMA, else None."""
    flags = cpu_flags() if flags is None else flags
    if {"avx512f", "avx512bw", "avx512dq", "avx512vl"} <= flags:
        return "SkylakeX"
    if {"avx2", "fma"} <= flags:
        return "Haswell"
    return None


def is_at_least(core, widest):
    """Whether OpenBLAS core `core` has kernels as wide as core `widest`."""
    return core in (AVX512_CORES if widest == "SkylakeX" else AVX2_CORES)
