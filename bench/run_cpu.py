#!/usr/bin/env python3
"""Runs the CPU benchmark: FMA peak, mha-run over the grid, PyTorch on the
same shapes, then writes the Markdown report, the raw results and the plot.

  python3 bench/run_cpu.py [--quick] [--isa native|avx2] [--out-dir docs/perf]

bench/run-cpu.sh is the documented entry point (it checks the packages and
the build first). Outputs, in --out-dir: cpu.json (everything measured),
cpu.md (tables and the issue's targets), cpu.png; with --quick the stem is
cpu-quick so a quick run never overwrites the full report.

--isa avx2 restricts both sides to AVX2+FMA (256-bit ymm) code, the ISA of
the machine the issue's targets were written for (AMD Zen 3, no AVX-512):
see ISA_MODES. % of peak is then against the measured ymm peak, and the
outputs are cpu-avx2.* (cpu-avx2-quick.*), beside the native ones.
"""
import argparse
import datetime
import json
import os
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_mlir  # noqa: E402
import openblas_core  # noqa: E402
import report  # noqa: E402


def log(msg):
    print(msg, flush=True)


# What --isa lets each side use. native (the default and the main result):
# everything this CPU has. avx2: an emulation, on this machine, of the ISA
# the targets were written for (Zen 3: AVX2 + FMA, no AVX-512).
ISA_MODES = {
    # torch_env of native: OPENBLAS_CORETYPE=openblas_core.widest_core(),
    # the widest GEMM kernels this CPU runs, as mha-run uses all of its ISA.
    # It replaces an OPENBLAS_CORETYPE from the environment (a machine may
    # preset one: Haswell on an AVX-512 CPU gives torch half-width GEMMs; the
    # report says what it replaced).
    "native": {"mattr": None, "torch_env": {}},
    "avx2": {
        # mha-run's JIT: the host's features minus AVX-512 (-avx512f takes
        # every AVX-512 extension with it); mha-run then also picks its
        # AVX2 register blocks. llc gets the same for the kernel_isa count.
        "mattr": "-avx512f",
        # PyTorch: ATen's vectorized kernels (softmax, elementwise), OpenBLAS's
        # GEMM kernels (Haswell: its AVX2+FMA kernels; natively run_cpu.py
        # picks SkylakeX), and oneDNN in case torch calls it.
        "torch_env": {"ATEN_CPU_CAPABILITY": "avx2",
                      "OPENBLAS_CORETYPE": "Haswell",
                      "ONEDNN_MAX_CPU_ISA": "AVX2",
                      "DNNL_MAX_CPU_ISA": "AVX2"},
    },
}


def bench_iterations(case):
    """Timed calls per case: fewer for the long ones (budget: ~30 min)."""
    if case["op"] == "memory":
        return 1
    if case["L"] >= 4096:
        return 3
    if case["L"] >= 2048:
        return 5
    return 10


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_flags():
    flags = openblas_core.cpu_flags()
    return [x for x in ("avx2", "fma", "avx512f") if x in flags]


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return [float(x) for x in f.read().split()[:3]]
    except OSError:
        return None


def git_state():
    def git(*args):
        r = subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else None
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "--short", "HEAD"),
            "modified_tracked_files": len(status.splitlines()) if status else 0}


CLK_TCK = os.sysconf("SC_CLK_TCK")


def system_busy_s():
    """CPU seconds all processes of the machine have used (plus steal)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = v
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def process_cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


class QuietWait:
    """Before a measurement, waits (within a per-run budget) for the rest of
    the machine to go quiet: other processes' load below `threshold` cores
    over a `window`. The machine is shared; this only dodges bursts."""

    def __init__(self, budget_s, max_wait_s=10.0, threshold=0.3, window_s=0.3):
        self.budget_s, self.max_wait_s = budget_s, max_wait_s
        self.threshold, self.window_s = threshold, window_s
        self.total_waited_s = 0.0

    def __call__(self):
        waited = 0.0
        while True:
            busy0, mine0 = system_busy_s(), time.process_time()
            time.sleep(self.window_s)
            others = (system_busy_s() - busy0 - (time.process_time() - mine0)) / self.window_s
            if (others < self.threshold or waited >= self.max_wait_s
                    or self.total_waited_s >= self.budget_s):
                return {"others_cores_before": max(0.0, others), "waited_s": waited}
            waited += self.window_s
            self.total_waited_s += self.window_s


def binary_stamp(path):
    st = os.stat(path)
    return f"{datetime.datetime.fromtimestamp(st.st_mtime).isoformat(timespec='seconds')} {st.st_size}"


def find_compiler():
    for cc in ("clang-22", "clang", "cc"):
        if subprocess.run(["sh", "-c", f"command -v {cc}"], capture_output=True).returncode == 0:
            return cc
    raise SystemExit("no C compiler (clang-22, clang or cc) found")


def measure_peak(workdir, quick):
    """Compiles and runs bench/fma_peak.c; returns its JSON plus the command."""
    cc = find_compiler()
    exe = os.path.join(workdir, "fma_peak")
    build = [cc, "-O2", "-mavx2", "-mfma", "-pthread",
             os.path.join(HERE, "fma_peak.c"), "-o", exe]
    subprocess.run(build, check=True)
    run = [exe, "--seconds=0.5", "--repeats=" + ("3" if quick else "5")]
    out = subprocess.run(run, check=True, capture_output=True, text=True).stdout
    peak = json.loads(out)
    peak["build_command"] = " ".join(build)
    peak["run_command"] = " ".join(run)
    return peak


def block_weights(case):
    """The weight and bias files of a block case, written once beside its
    .mlir file: uniform in [-1/sqrt(embed), 1/sqrt(embed)] (the bound of
    PyTorch's nn.Linear initialization; nn.MultiheadAttention's own
    initialization, which torch_ref.py uses, has the same scale), from a
    fixed seed. With the [-1, 1] weights mha-run draws by default, the
    scores of a 1024-wide block reach the thousands: the softmax is then
    so ill-conditioned that the f32 result misses the 1e-5 check by its
    own rounding, and no real model looks like that. Timing does not
    depend on the values; --check does. Returns the --input argument."""
    import numpy as np
    embed = case["embed"]
    rng = np.random.default_rng(1)
    bound = 1.0 / np.sqrt(embed)
    base = os.path.splitext(case["file"])[0]
    files = []
    for name, shape in [("wq", (embed, embed)), ("wk", (embed, embed)),
                        ("wv", (embed, embed)), ("wo", (embed, embed)),
                        ("bq", (embed,)), ("bk", (embed,)), ("bv", (embed,)),
                        ("bo", (embed,))]:
        path = f"{base}.{name}.npy"
        if not os.path.exists(path):
            np.save(path, rng.uniform(-bound, bound, shape).astype(np.float32))
        files.append(path)
    return "--input=" + ",".join(["@random"] + files)


def mha_command(mha_run, case, threads, bench, num_threads_option, check, mattr=None):
    pipeline = f"num-threads={threads}" if num_threads_option else None
    cmd = [mha_run, case["file"], f"--entry={case['name']}", f"--bench={bench}",
           "--json", "--seed=1"]
    if mattr:
        cmd.append(f"--mattr={mattr}")
    if case["op"] == "block":
        cmd.append(block_weights(case))
    if check:
        cmd.append("--check")
    if pipeline:
        cmd.append(f"--cpu-pipeline={pipeline}")
    return cmd


def shell_line(cmd, threads, workdir):
    """The command as a shell line, the grid folder written as $GRID."""
    words = [shlex.quote(c).replace(workdir, "$GRID") for c in cmd]
    words[0] = os.path.relpath(cmd[0], ROOT) if cmd[0].startswith(ROOT) else words[0]
    return f"OMP_NUM_THREADS={threads} " + " ".join(words)


# The malloc policy of both sides: blocks up to 32 MiB from the heap, which
# is never trimmed below 1 GiB, so that repeated calls reuse freed memory
# instead of page-faulting fresh mmap pages (whether they do otherwise
# depends on what the process allocated before). mha-run --bench sets the
# same with mallopt; PyTorch gets it from glibc's tunables. Blocks above 32
# MiB (glibc's largest mmap threshold: torch's L x S scores from L = S =
# 1024 on) are still fresh mmap pages on every call; hugetlb=1 has malloc
# ask for transparent huge pages (madvise), so that they fault once per 2
# MiB instead of once per 4 KiB. That matters in virtual machines whose
# page faults are slow: in a Firecracker VM on AMD EPYC (Zen 5), 32 MiB
# took 100 ms to fault in 4 KiB pages, which made torch's composed
# attention at L = S = 1024 ten times slower than its GEMMs and softmax.
# mha-run takes its blocks of 2 MiB or more (arguments, results, the
# compiled code's large buffers) from its own allocator, which advises them
# to huge pages and keeps them for the next call (lib/Runner/HostMemory.cpp);
# these tunables reach only its smaller blocks.
MALLOC_TUNABLES = ("glibc.malloc.mmap_threshold=33554432:"
                   "glibc.malloc.trim_threshold=1073741824:"
                   "glibc.malloc.hugetlb=1")


def bench_env(**extra):
    return dict(os.environ, GLIBC_TUNABLES=MALLOC_TUNABLES, **extra)


def run_mha(mha_run, case, threads, bench, num_threads_option, workdir,
            check=False, mattr=None, timeout=900):
    cmd = mha_command(mha_run, case, threads, bench, num_threads_option, check, mattr)
    line = shell_line(cmd, threads, workdir)
    env = bench_env(OMP_NUM_THREADS=str(threads))
    stamp = binary_stamp(mha_run)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0 = system_busy_s()
    t0 = time.perf_counter()
    try:
        r = subprocess.run(cmd, env=env, capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"command": line, "error": f"timeout after {timeout} s"}
    wall = time.perf_counter() - t0
    busy = system_busy_s() - busy0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = {"command": line, "rc": r.returncode, "wall_s": wall, "cpu_s": cpu,
              # Cores the rest of the machine kept busy meanwhile.
              "others_cores": max(0.0, (busy - cpu) / wall),
              "binary": stamp}
    if binary_stamp(mha_run) != stamp:
        result["binary_changed"] = True
    if r.returncode not in (0, 2):
        result["error"] = (r.stderr.strip() or r.stdout.strip())[-2000:]
        return result
    try:
        data = json.loads(r.stdout)
    except json.JSONDecodeError:
        result["error"] = "unparsable output: " + r.stdout[-500:] + r.stderr[-1500:]
        return result
    result["json"] = data
    if r.returncode == 2:  # timed, but the result is off the reference
        result["check_failed"] = True
    # Cores busy during the calls, estimated: the process's CPU time minus
    # one core for everything outside the calls (parsing, compiling, inputs),
    # over the wall time of the calls (warm-up + timed).
    bench_data = data.get("bench") or {}
    calls_s = (data.get("run_ms", 0) + sum(bench_data.get("times_ms", []))) / 1e3
    if calls_s > 0.5 * wall:
        result["cores_used"] = (cpu - (wall - calls_s)) / calls_s
    return result


class Torch:
    """A bench/torch_ref.py --serve process: imports torch once."""

    def __init__(self, env=None):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "torch_ref.py"), "--serve"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env=bench_env(**(env or {})))
        self.hello = json.loads(self.proc.stdout.readline())
        self.pid = self.hello["pid"]  # after torch_ref.py's re-exec: same pid

    def time(self, case, threads, bench):
        busy0, mine0 = system_busy_s(), process_cpu_s(self.pid) + time.process_time()
        t0 = time.perf_counter()
        self.proc.stdin.write(json.dumps({"case": case, "threads": threads,
                                          "bench": bench, "seed": 1}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            return {"error": "torch_ref.py exited"}
        wall = time.perf_counter() - t0
        mine = process_cpu_s(self.pid) + time.process_time() - mine0
        reply = json.loads(line)
        reply["wall_s"] = wall
        reply["others_cores"] = max(0.0, (system_busy_s() - busy0 - mine) / wall)
        return reply

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def supports_num_threads(mha_run, case, mattr=None):
    """Does this mha-run accept the CPU pipeline's num-threads option?"""
    cmd = mha_command(mha_run, case, 1, 0, True, False, mattr)
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode == 0, r.stderr.strip()[-300:]


def kernel_isa(mha_run, case, workdir, mattr=None):
    """Counts ymm/zmm FMAs in the code the JIT builds for `case` (the LLVM
    dialect from --print-ir through mlir-translate and llc -mcpu=native,
    the same LLVM and host CPU as the JIT; with `mattr`, mha-run --mattr and
    llc -mattr both get it). Informative only."""
    tools = {t: f"/usr/lib/llvm-22/bin/{t}" for t in ("mlir-translate", "opt", "llc")}
    if not all(os.path.exists(p) for p in tools.values()):
        return {"error": "mlir-translate/opt/llc of LLVM 22 not found"}
    base = os.path.join(workdir, "isa")
    with open(base + ".mlir", "w") as f:
        r = subprocess.run([mha_run, case["file"], f"--entry={case['name']}",
                            "--print-ir"] + ([f"--mattr={mattr}"] if mattr else []),
                           stdout=subprocess.DEVNULL, stderr=f)
    if r.returncode != 0:
        return {"error": "mha-run --print-ir failed"}
    target = ["-mcpu=native"] + ([f"-mattr={mattr}"] if mattr else [])
    steps = [[tools["mlir-translate"], "--mlir-to-llvmir", base + ".mlir", "-o", base + ".ll"],
             [tools["opt"], "-O3", *target, base + ".ll", "-o", base + ".bc"],
             [tools["llc"], "-O3", *target, base + ".bc", "-o", base + ".s"]]
    for step in steps:
        if subprocess.run(step, capture_output=True).returncode != 0:
            return {"error": "failed: " + " ".join(step)}
    counts = {"zmm": 0, "ymm": 0, "xmm": 0}
    with open(base + ".s") as f:
        for line in f:
            if "vfmadd" in line or "vfmsub" in line or "vfnmadd" in line:
                for reg in counts:
                    if "%" + reg in line:
                        counts[reg] += 1
                        break
    return {"case": case["name"], "fma_instructions": counts,
            "llc_target": " ".join(target), "mha_run_mattr": mattr}


def retry_contended(rows, budget_s, mha_run, num_threads_option, workdir, torch, quiet,
                    mattr=None):
    deadline = time.perf_counter() + budget_s
    todo = []
    for row in rows:
        if row["case"]["op"] == "memory":
            continue
        for who in ("mha", "torch"):
            m = row.get(who) or {}
            if report.disturbance(m)[:3] != (0, 0, 0):
                cost = m.get("wall_s", 5.0)
                todo.append((cost, id(row), who, row))
    todo.sort(key=lambda t: (t[0], t[1]))
    done = 0
    for cost, _, who, row in todo:
        if time.perf_counter() + cost > deadline:
            continue
        row.setdefault("quiet_retry", []).append(quiet())
        case, threads = row["case"], row["threads"]
        if who == "mha":
            check = case["L"] == 512 and threads == 1
            new = run_mha(mha_run, case, threads, row["bench"], num_threads_option,
                          workdir, check, mattr)
            ok_new = "error" not in new
        else:
            new = torch.time(case, threads, row["bench"])
            ok_new = "median_ms" in new
        old = row[who]
        row.setdefault(who + "_attempts", []).append(new)
        if ok_new and report.disturbance(new) < report.disturbance(old):
            row[who + "_attempts"][-1] = old
            row[who] = new
        row[who]["attempts"] = 1 + len(row[who + "_attempts"])
        done += 1
        log("retry: " + report.progress_line(row))
    return {"candidates": len(todo), "remeasured": done, "budget_s": budget_s}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="reduced grid (L <= 2048, E = 64), a few minutes")
    parser.add_argument("--out-dir", default=os.path.join(ROOT, "docs", "perf"))
    parser.add_argument("--mha-run", default=os.path.join(ROOT, "build", "bin", "mha-run"))
    parser.add_argument("--keep-grid", action="store_true",
                        help="keep the generated .mlir files (printed path)")
    parser.add_argument("--command", default=None,
                        help="the command line to record in the report")
    parser.add_argument("--isa", choices=sorted(ISA_MODES), default="native",
                        help="native (default): each side uses all this CPU has; avx2: "
                             "both restricted to AVX2+FMA (ymm), the issue's target ISA, "
                             "%% of peak against the ymm peak; writes cpu-avx2*.*")
    args = parser.parse_args()
    mode = dict(ISA_MODES[args.isa])
    mattr = mode["mattr"]
    widest = openblas_core.widest_core()
    if args.isa == "native" and widest:
        mode["torch_env"] = {"OPENBLAS_CORETYPE": widest}
    if mattr:
        help_text = subprocess.run([args.mha_run, "--help"], capture_output=True,
                                   text=True).stdout
        if "--mattr" not in help_text:
            raise SystemExit(f"--isa {args.isa}: {args.mha_run} has no --mattr option; "
                             "rebuild it")

    started = time.perf_counter()
    start_stamp = binary_stamp(args.mha_run)
    stem = report.output_stem(args.isa, args.quick)
    os.makedirs(args.out_dir, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="mha-bench-")
    ncores = len(os.sched_getaffinity(0))
    thread_counts = [1] if ncores == 1 else [1, ncores]

    results = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": args.command or ("bash bench/run-cpu.sh" + (" --quick" if args.quick else "")
                                    + (f" --isa {args.isa}" if args.isa != "native" else "")),
        "quick": args.quick,
        "isa": args.isa,
        "isa_settings": {"mha_run_mattr": mattr, "torch_env": mode["torch_env"],
                         "environment": {k: os.environ[k] for k in mode["torch_env"]
                                         if k in os.environ}},
        "cpu_model": cpu_model(),
        "cpu_flags": cpu_flags(),
        "cores": ncores,
        "thread_counts": thread_counts,
        "loadavg_start": loadavg(),
        "git": git_state(),
        "mha_run": args.mha_run,
        "mha_run_mtime": datetime.datetime.fromtimestamp(
            os.path.getmtime(args.mha_run)).astimezone().isoformat(timespec="seconds"),
    }

    if args.isa != "native":
        log(f"== --isa {args.isa}: mha-run --mattr={mattr}; torch with "
            + " ".join(f"{k}={v}" for k, v in mode["torch_env"].items()))
    log(f"== FMA peak (bench/fma_peak.c) on {results['cpu_model']}, {ncores} cores")
    results["peak"] = measure_peak(workdir, args.quick)
    log(json.dumps({k: v for k, v in results["peak"].items() if k in ("ymm", "zmm")}))

    log(f"== generating the grid in {workdir} "
        f"(python3 bench/gen_mlir.py DIR{' --quick' if args.quick else ''} recreates it)")
    cases = gen_mlir.write_grid(workdir, args.quick)
    smallest = cases[0]
    ok, why = supports_num_threads(args.mha_run, smallest, mattr)
    results["num_threads_option"] = ok
    results["num_threads_option_message"] = None if ok else why
    log("mha-run --cpu-pipeline=num-threads=N: "
        + ("accepted; threads set by it and OMP_NUM_THREADS" if ok
           else "NOT accepted; threads set by OMP_NUM_THREADS only (" + why + ")"))
    results["kernel_isa"] = kernel_isa(args.mha_run, smallest, workdir, mattr)
    log("kernel FMA instructions: " + json.dumps(results["kernel_isa"]))

    torch = Torch(mode["torch_env"])
    results["torch"] = torch.hello
    log("torch: " + json.dumps(torch.hello))

    quiet = QuietWait(budget_s=60 if args.quick else 300)
    rows = []
    for case in cases:
        n = bench_iterations(case)
        counts = thread_counts[-1:] if case["op"] == "memory" else thread_counts
        for threads in counts:
            check = (case["op"] != "memory" and case["L"] == 512 and threads == 1)
            row = {"case": case, "threads": threads, "bench": n}
            row["quiet_mha"] = quiet()
            row["mha"] = run_mha(args.mha_run, case, threads, n, ok, workdir, check, mattr)
            if case["op"] != "memory":
                row["quiet_torch"] = quiet()
                row["torch"] = torch.time(case, threads, n)
            rows.append(row)
            log(report.progress_line(row))
        results["rows"] = rows
        results["mha_targets"] = report.mha_targets(results)
        with open(os.path.join(args.out_dir, stem + ".json"), "w") as f:
            json.dump(results, f, indent=1)

    # Contention only slows a measurement down. Re-measure the rows that
    # shared the machine, cheapest first, within a time budget, and keep
    # the attempt that saw less competing load (all attempts stay in the
    # raw results).
    retry_budget = 60 if args.quick else 360
    results["retry"] = retry_contended(rows, retry_budget, args.mha_run, ok, workdir,
                                       torch, QuietWait(budget_s=retry_budget / 3), mattr)
    log(f"re-measured {results['retry']['remeasured']} contended measurements "
        f"({results['retry']['candidates']} candidates, {retry_budget} s budget)")
    torch.close()

    results["mha_targets"] = report.mha_targets(results)
    results["loadavg_end"] = loadavg()
    results["quiet_waited_s"] = quiet.total_waited_s
    results["mha_run_changed_during_run"] = binary_stamp(args.mha_run) != start_stamp
    if not args.keep_grid:
        shutil.rmtree(workdir, ignore_errors=True)
    results["wall_s"] = time.perf_counter() - started
    json_path = os.path.join(args.out_dir, stem + ".json")
    with open(json_path, "w") as f:
        json.dump(results, f, indent=1)
    md = report.markdown(results)
    with open(os.path.join(args.out_dir, stem + ".md"), "w") as f:
        f.write(md)
    png = os.path.join(args.out_dir, stem + ".png")
    report.plot(results, png)
    log("")
    log(md)
    log(f"wrote {json_path}, {stem}.md and {stem}.png in {args.out_dir}; "
        f"wall time {results['wall_s'] / 60:.1f} min")


if __name__ == "__main__":
    main()
