#!/usr/bin/env python3
"""Turns the raw results of bench/run_cpu.py into the Markdown report and
the plot; every number comes from the results file.

  python3 bench/report.py docs/perf/cpu.json   # rewrites cpu.md and cpu.png
"""
import json
import math
import os
import statistics
import sys

TARGET_PEAK_FRACTION = 0.65
TARGET_VS_TORCH = 2.5
TARGET_VS_TORCH_BLOCK = 1.2
TARGET_CAUSAL_SPEEDUP = 1.6
TARGET_THREAD_SCALING = 1.8
TARGET_MEMORY_MIB = 256


# ----------------------------------------------------------------------------
# Reading the results
# ----------------------------------------------------------------------------

def isa_mode(results):
    """run_cpu.py --isa: "native" (also for results from before the option)
    or "avx2" (both sides restricted to AVX2+FMA)."""
    return results.get("isa", "native")


def output_stem(isa, quick):
    """cpu, cpu-quick, cpu-avx2, cpu-avx2-quick: the file names' stem."""
    return "cpu" + ("" if isa == "native" else "-" + isa) + ("-quick" if quick else "")


# The FMA registers whose measured peak "% of peak" may use, per --isa mode.
PEAK_REGISTERS = {"native": ("zmm", "ymm"), "avx2": ("ymm",)}


def peaks(results):
    """(per-thread peak, all-cores peak, ISA) of the fastest measured ISA
    the run's --isa mode allows (avx2: ymm only)."""
    best = None
    for isa in PEAK_REGISTERS[isa_mode(results)]:
        p = results["peak"].get(isa)
        if p and (best is None or p["gflops_1_thread"] > best[0]):
            best = (p["gflops_1_thread"], p["gflops_all_threads"], isa)
    return best


ISA_NAME = {"ymm": "AVX2+FMA, ymm", "zmm": "AVX-512F, zmm"}


def mha_targets(results):
    """The distinct JIT targets ("target" of mha-run --json: cpu, mattr,
    register block) over all rows and attempts; one unless something changed."""
    seen = []
    for row in results.get("rows", []):
        for m in [row.get("mha") or {}] + row.get("mha_attempts", []):
            t = (m.get("json") or {}).get("target")
            if t and t not in seen:
                seen.append(t)
    return seen


def target_text(t):
    return (f"cpu={t.get('cpu')} mattr={t.get('mattr') or '(host)'} register block "
            f"{t.get('register_rows')}×{t.get('register_cols')}")


def torch_isa_text(tinfo):
    """ATen's CPU capability and the ISA variables torch_ref.py ran with."""
    env = {k: v for k, v in (tinfo.get("isa_env") or {}).items()
           if v is not None and k != "OPENBLAS_CORETYPE"}
    text = f"ATen CPU capability {tinfo.get('aten_cpu_capability')}"
    if env:
        text += " (" + ", ".join(f"{k}={v}" for k, v in env.items()) + ")"
    return text


def mha_ok(row):
    m = row.get("mha", {})
    return "json" in m and m["json"].get("bench") is not None and "error" not in m


def mha_ms(row):
    return row["mha"]["json"]["bench"]["median_ms"] if mha_ok(row) else None


def mha_gflops(row):
    return row["mha"]["json"]["bench"]["gflops"] if mha_ok(row) else None


def torch_ms(row):
    t = row.get("torch")
    return t["median_ms"] if t and "median_ms" in t else None


def ratio(row):
    a, b = torch_ms(row), mha_ms(row)
    return a / b if a and b else None


def pct_peak(row, results):
    g = mha_gflops(row)
    return 100.0 * g / (peaks(results)[0] * row["threads"]) if g else None


def label(case):
    if case["op"] == "block":
        return f"block e{case['embed']} h{case['heads']} (E={case['E']}) L=S={case['L']}"
    kind = "MHA" if case["hq"] == case["hkv"] else "GQA"
    return f"{kind} {case['hq']}/{case['hkv']} L=S={case['L']} E={case['E']}"


def fmt(x, digits=1, suffix=""):
    if x is None:
        return "—"
    return f"{x:.{digits}f}{suffix}"


CONTENDED_CORES = 0.25
# A measurement whose median call took this much longer than its fastest
# was disturbed during the measurement (a transient the others column can
# miss, such as VM steal); the run re-measures it like a contended one.
DISTURBED_SPREAD = 1.15


def spread(m):
    """median / min of one measurement's calls (mha-run's bench or torch's
    timing), or None when it has no such figures."""
    b = (m.get("json") or {}).get("bench") if "json" in m else m
    if not b or not b.get("min_ms") or b.get("median_ms") is None:
        return None
    return b["median_ms"] / b["min_ms"]


def disturbance(m):
    """Orders attempts of one measurement, least disturbed first: errors last,
    then by competing load past CONTENDED_CORES, spread past DISTURBED_SPREAD,
    competing load, spread."""
    if "error" in m:
        return (1, 1, 1, 9.0, 9.0)
    o = m.get("others_cores", 0) or 0
    s = spread(m) or 1.0
    return (0, int(o >= CONTENDED_CORES), int(s > DISTURBED_SPREAD), o, s)


def contended(row, who="mha"):
    o = (row.get(who) or {}).get("others_cores")
    return o is not None and o >= CONTENDED_CORES


def check_mark(row):
    chk = (row["mha"].get("json") or {}).get("check")
    return " (--check FAILED)" if chk and not chk["pass"] else ""


def others_cell(row):
    a = row["mha"].get("others_cores")
    b = (row.get("torch") or {}).get("others_cores")
    return f"{fmt(a, 2)}/{fmt(b, 2)}"


def oddities(results):
    """Things in the numbers that deserve a look, found mechanically."""
    out = []
    for r in results["rows"]:
        if r["mha"].get("binary_changed"):
            out.append(f"- build/bin/mha-run changed while {label(r['case'])} T={r['threads']} "
                       f"ran; command: `{r['mha']['command']}`")
        chk = (r["mha"].get("json") or {}).get("check")
        if chk and not chk["pass"]:
            res = "; ".join(f"result {x['index']}: rel_l2 {x['rel_l2']:.3g} > tol "
                            f"{x['tolerance']:.3g} (max_abs {x['max_abs']:.3g})"
                            for x in chk["results"] if not x["pass"])
            out.append(f"- **--check FAILED** on {label(r['case'])} "
                       f"{'causal' if r['case']['causal'] else 'non-causal'}: {res} — "
                       f"the row's timing is kept; `{r['mha']['command']}`")
    stamps = sorted({r["mha"].get("binary") for r in results["rows"] if r["mha"].get("binary")})
    if len(stamps) > 1:
        out.append(f"- rows were timed with {len(stamps)} different builds of mha-run "
                   f"(mtime, size): {', '.join(stamps)}")
    counts = results["thread_counts"]
    skipped = 0
    if len(counts) > 1:
        for one in [r for r in results["rows"] if r["threads"] == 1 and r["case"]["op"] != "memory"]:
            c = one["case"]
            many = [r for r in results["rows"] if r["case"]["name"] == c["name"]
                    and r["threads"] == counts[-1]]
            if not many:
                continue
            many = many[0]
            for who, get in (("mha", mha_ms), ("torch", torch_ms)):
                a, b = get(one), get(many)
                if not (a and b and b > a):
                    continue
                if contended(one, who) or contended(many, who):
                    skipped += 1
                    continue
                out.append(f"- {who} with {counts[-1]} threads is slower than with 1 on "
                           f"{label(c)} {'causal' if c['causal'] else 'non-causal'}, "
                           f"with no competing load: {a:.2f} ms → {b:.2f} ms"
                           + (f"; `{many['mha']['command']}`" if who == "mha" else ""))
    if skipped:
        out.append(f"- {skipped} more cases of {counts[-1]} threads slower than 1 where other "
                   f"processes held ≥ {CONTENDED_CORES} cores during one of the two "
                   f"measurements (see the `others` column)")
    return out


def progress_line(row):
    case, threads = row["case"], row["threads"]
    causal = "causal" if case["causal"] else "full"
    text = f"{label(case):40s} {causal:6s} T={threads}  "
    m = row["mha"]
    if mha_ok(row):
        text += f"mha {mha_ms(row):9.2f} ms {mha_gflops(row):7.1f} GFLOP/s"
        if case["op"] == "memory":
            text += f"  beyond_inputs_outputs {m['json']['memory']['beyond_inputs_outputs_mib']:.1f} MiB"
    else:
        text += "mha FAILED: " + m.get("error", "?").splitlines()[-1][:120]
    if "torch" in row:
        if torch_ms(row):
            text += f" | torch {torch_ms(row):9.2f} ms  x{ratio(row) or 0:.2f}"
        else:
            text += " | torch FAILED: " + row["torch"].get("error", "?")[:120]
    return text + f"  others {others_cell(row)}"


def select(results, **want):
    """Rows whose case matches `want` (op, causal, E, ...) and `threads`."""
    out = []
    for row in results["rows"]:
        case = row["case"]
        ok = True
        for key, value in want.items():
            have = row["threads"] if key == "threads" else case.get(key)
            if callable(value):
                ok = ok and value(have)
            else:
                ok = ok and have == value
        if ok:
            out.append(row)
    return out


def kind(case):
    return "MHA" if case["hq"] == case["hkv"] else "GQA"


# ----------------------------------------------------------------------------
# Targets
# ----------------------------------------------------------------------------

def load_note(*rows):
    """' [others: ...]' when a measurement behind a number was contended."""
    notes = [others_cell(r) for r in rows
             if contended(r, "mha") or contended(r, "torch")]
    return f" [others mha/torch: {', '.join(notes)}]" if notes else ""


def ratio_value(row, results, target):
    """(torch/mha, row name, what reaching `target` needs, that need in % of
    the peak) for the torch-ratio targets: mha at torch's time ÷ target runs
    at its flops ÷ that time, which may be more than the machine's peak."""
    have = pct_peak(row, results)
    need = have * target / ratio(row)
    name = (f"{label(row['case'])} {'causal' if row['case']['causal'] else 'non-causal'} "
            f"T={row['threads']}{load_note(row)}")
    return (ratio(row), name,
            f" (needs {need:.1f}% of the peak, mha at {have:.1f}%)", need)


def target_lines(results):
    lines = []
    p1 = peaks(results)[0]

    def summarize(title, values, target, unit, missing, notes=""):
        # values: list of (value, description)
        if not values and not missing:
            lines.append(f"- **{title}**: not evaluated (no such rows in this run{notes}).")
            return
        ok = [v for v in values if v[0] >= target]
        bad = [v for v in values if v[0] < target]
        status = "met" if values and not bad and not missing else "not met"
        text = f"- **{title}**: **{status}** — {len(ok)}/{len(values) + len(missing)} rows reach it"
        if values:
            worst = min(values)
            best = max(values)
            text += f"; worst {worst[0]:.2f}{unit} ({worst[1]}), best {best[0]:.2f}{unit} ({best[1]})"
        lines.append(text + ".")
        if bad and len(bad[0]) > 2:
            beyond = sum(1 for v in bad if v[3] > 100.0)
            rows_below = "the row below" if len(bad) == 1 else f"the {len(bad)} rows below"
            lines.append(f"  - of {rows_below}, {beyond} would need mha faster than the measured "
                         f"FMA peak (each says how fast, in % of the peak, mha would have to "
                         f"run to take torch's time ÷ {target:g})")
        for v, name, *extra in sorted(bad)[:12]:
            lines.append(f"  - below: {name}: {v:.2f}{unit}{extra[0] if extra else ''}")
        if len(bad) > 12:
            lines.append(f"  - ... and {len(bad) - 12} more below the target")
        for name in missing:
            lines.append(f"  - no number: {name}")

    # 1. Single thread, >= 65% of the peak, L = S >= 1024, non-causal.
    rows = select(results, op="attention", causal=False, threads=1,
                  L=lambda L: L >= 1024, E=lambda E: E in (64, 128))
    vals = [(pct_peak(r, results), f"{label(r['case'])}{load_note(r)}") for r in rows if mha_ok(r)]
    miss = [label(r["case"]) for r in rows if not mha_ok(r)]
    summarize(f"1 thread ≥ {TARGET_PEAK_FRACTION:.0%} of the measured 1-thread peak "
              f"({p1:.1f} GFLOP/s, {ISA_NAME[peaks(results)[2]]}), L=S ≥ 1024, "
              f"E ∈ {{64, 128}}, non-causal", vals, 100 * TARGET_PEAK_FRACTION, "%", miss)

    # 2. >= 2.5x torch composed, every attention row.
    rows = select(results, op="attention")
    vals = [ratio_value(r, results, TARGET_VS_TORCH) for r in rows if ratio(r)]
    miss = [f"{label(r['case'])} T={r['threads']}" for r in rows if not ratio(r)]
    summarize(f"≥ {TARGET_VS_TORCH}× faster than torch composed (torch ms / mha ms), "
              f"every attention row, both thread counts", vals, TARGET_VS_TORCH, "×", miss)

    # 3. >= 1.2x nn.MultiheadAttention on the blocks.
    rows = select(results, op="block")
    vals = [ratio_value(r, results, TARGET_VS_TORCH_BLOCK) for r in rows if ratio(r)]
    miss = [f"{label(r['case'])} T={r['threads']}" for r in rows if not ratio(r)]
    summarize(f"≥ {TARGET_VS_TORCH_BLOCK}× faster than torch.nn.MultiheadAttention, "
              f"every block row", vals, TARGET_VS_TORCH_BLOCK, "×", miss)

    # 4. Causal >= 1.6x faster than non-causal at L = S = 4096.
    vals, miss = [], []
    for full in select(results, op="attention", causal=False, L=4096):
        c = full["case"]
        match = [r for r in select(results, op="attention", causal=True, L=4096,
                                   E=c["E"], hkv=c["hkv"], threads=full["threads"])]
        name = f"{label(c)} T={full['threads']}"
        if match and mha_ms(full) and mha_ms(match[0]):
            vals.append((mha_ms(full) / mha_ms(match[0]),
                         f"{name}: {mha_ms(full):.1f} ms / {mha_ms(match[0]):.1f} ms"
                         f"{load_note(full, match[0])}"))
        else:
            miss.append(name)
    summarize(f"causal ≥ {TARGET_CAUSAL_SPEEDUP}× faster than non-causal at L=S=4096 "
              f"(non-causal ms / causal ms)", vals, TARGET_CAUSAL_SPEEDUP, "×", miss,
              "; --quick stops at 2048" if results.get("quick") else "")

    # 5. 2 threads >= 1.8x one thread at L = S >= 2048.
    counts = results["thread_counts"]
    vals, miss = [], []
    if len(counts) > 1:
        many = counts[-1]
        for one in select(results, op="attention", threads=1, L=lambda L: L >= 2048):
            c = one["case"]
            match = [r for r in select(results, op="attention", threads=many, L=c["L"],
                                       E=c["E"], hkv=c["hkv"], causal=c["causal"])]
            name = f"{label(c)} {'causal' if c['causal'] else 'non-causal'}"
            if match and mha_ms(one) and mha_ms(match[0]):
                vals.append((mha_ms(one) / mha_ms(match[0]),
                             f"{name}: {mha_ms(one):.1f} ms / {mha_ms(match[0]):.1f} ms"
                             f"{load_note(one, match[0])}"))
            else:
                miss.append(name)
    summarize(f"{counts[-1]} threads ≥ {TARGET_THREAD_SCALING}× one thread at L=S ≥ 2048 "
              f"(1-thread ms / {counts[-1]}-thread ms)", vals, TARGET_THREAD_SCALING, "×", miss)

    # 6. Memory.
    mem = select(results, op="memory")
    for row in mem:
        if mha_ok(row):
            beyond = row["mha"]["json"]["memory"]["beyond_inputs_outputs_mib"]
            status = "met" if beyond < TARGET_MEMORY_MIB else "not met"
            lines.append(f"- **memory: L=S={row['case']['L']}, H=8, E=64, flash path, "
                         f"beyond_inputs_outputs < {TARGET_MEMORY_MIB} MiB**: **{status}** — "
                         f"{beyond:.1f} MiB.")
        else:
            lines.append(f"- **memory < {TARGET_MEMORY_MIB} MiB at L=S={row['case']['L']}**: "
                         f"**not met** — mha-run failed (see Failures).")
    return lines


# ----------------------------------------------------------------------------
# Markdown
# ----------------------------------------------------------------------------

def table(header, rows):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" if i == 0 else "--:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


# What each variable of run_cpu.py's torch environment restricts.
TORCH_ENV_ROLE = {
    "ATEN_CPU_CAPABILITY": "ATen's vectorized kernels: softmax, elementwise",
    "OPENBLAS_CORETYPE": "OpenBLAS's GEMM kernels, which torch's matmuls and "
                         "linear layers call",
    "ONEDNN_MAX_CPU_ISA": "oneDNN, should torch call it",
    "DNNL_MAX_CPU_ISA": "the same for oneDNN's older name",
}


def emulation_intro(results):
    """The opening of an --isa avx2 report: what it is and is not."""
    settings = results.get("isa_settings") or {}
    mattr = settings.get("mha_run_mattr")
    env = ", ".join(f"`{k}={v}` ({TORCH_ENV_ROLE.get(k, '')})"
                    for k, v in (settings.get("torch_env") or {}).items())
    native = output_stem("native", results["quick"]) + ".md"
    return (f"**An emulation of the issue's target ISA on this machine, not a measurement "
            f"of a Zen 3.** The issue's targets were written for an AMD Zen 3, which has "
            f"AVX2 and FMA but no AVX-512; this CPU has AVX-512. In this run both sides are "
            f"restricted to AVX2 code (256-bit ymm registers, FMA): mha-run's JIT compiles "
            f"with `--mattr={mattr}` (the host's features minus every AVX-512 extension; "
            f"mha-run then also picks its AVX2 register blocks), and PyTorch runs with "
            f"{env}. \"% of peak\" is against this machine's measured AVX2+FMA (ymm) peak. "
            f"The memory system (caches, bandwidth), the clock and the core are still this "
            f"{results.get('cpu_model') or 'CPU'}'s, so these numbers show how the AVX2 code "
            f"of both sides does here, not "
            f"what a Zen 3 would measure. The main result, each side using all of this CPU, "
            f"is [`{native}`]({native}).")


def markdown(results):
    p1, pall, isa = peaks(results)
    counts = results["thread_counts"]
    avx2 = isa_mode(results) == "avx2"
    L = []
    if avx2:
        L.append("# CPU performance, AVX2 emulation: fused flash attention vs PyTorch, "
                 "both restricted to AVX2, and the AVX2 peak")
        L.append("")
        L.append(emulation_intro(results))
    else:
        L.append("# CPU performance: fused flash attention vs PyTorch and the machine's peak")
    L.append("")
    L.append(f"Generated by `{results['command']}` "
             f"({'reduced --quick grid' if results['quick'] else 'full grid'}); "
             "every number below comes from that run (raw data: "
             f"`{output_stem(isa_mode(results), results['quick'])}.json` beside this file). "
             "Regenerate rather than edit.")
    L.append("")
    L.append("## Run")
    L.append("")
    g = results["git"]
    load_s, load_e = results.get("loadavg_start"), results.get("loadavg_end")
    L.append(f"- date: {results['date']}; wall time of the run: "
             f"{results.get('wall_s', 0) / 60:.1f} min")
    L.append(f"- CPU: {results['cpu_model']} (/proc/cpuinfo), {results['cores']} cores; "
             f"flags: {', '.join(results['cpu_flags'])}")
    L.append(f"- load average (1/5/15 min) at start {load_s}, at end {load_e}")
    others = [r["mha"]["others_cores"] for r in results["rows"] if "others_cores" in r["mha"]]
    if others:
        busy = sum(1 for o in others if o >= 0.25)
        L.append(f"- before each measurement the script waited up to 10 s for other load "
                 f"to drop below 0.3 cores (total waited: "
                 f"{results.get('quiet_waited_s', 0):.0f} s of a "
                 f"{60 if results['quick'] else 300} s budget)")
        L.append(f"- **shared machine**: while mha-run rows ran, other processes kept "
                 f"{statistics.median(others):.2f} cores busy (median; max {max(others):.2f}) "
                 f"of {results['cores']}; {busy}/{len(others)} rows had ≥ 0.25 cores of "
                 f"competing load (column `others`). Contended rows, the 2-thread ones most, "
                 f"understate what the code does on an idle machine.")
    retry = results.get("retry")
    if retry:
        L.append(f"- after the grid, {retry['remeasured']} of {retry['candidates']} contended "
                 f"or disturbed measurements (≥ {CONTENDED_CORES} cores of other load, or a "
                 f"median call more than {DISTURBED_SPREAD}× the fastest) were re-measured "
                 f"({retry['budget_s']} s budget, cheapest first); a row keeps the attempt "
                 f"that was least disturbed (all attempts are in the .json)")
    if results.get("mha_run_changed_during_run"):
        L.append("- **build/bin/mha-run was rebuilt during this run**: rows timed with "
                 "different binaries are flagged under Failures and oddities.")
    L.append(f"- mha: commit {g['commit']}"
             + (f" with {g['modified_tracked_files']} modified tracked files"
                if g["modified_tracked_files"] else "")
             + f"; `{os.path.relpath(results['mha_run'])}` built {results['mha_run_mtime']}")
    targets = results.get("mha_targets") or mha_targets(results)
    if len(targets) == 1:
        L.append(f"- mha-run's JIT target (`target` in every row's --json): "
                 f"{target_text(targets[0])}")
    elif targets:
        L.append(f"- **mha-run reported {len(targets)} different JIT targets** over the rows: "
                 + "; ".join(target_text(t) for t in targets))
    tinfo = results["torch"]
    blas = f"OpenBLAS core {tinfo.get('openblas_core')}"
    if tinfo.get("openblas_detected_core") != tinfo.get("openblas_core"):
        blas += (f" (OpenBLAS itself detected `{tinfo.get('openblas_detected_core')}`, "
                 f"a core with narrower vectors than this CPU has (such as its SSE3 "
                 f"fallback for CPUs it does not know); "
                 f"torch_ref.py set OPENBLAS_CORETYPE={tinfo.get('openblas_coretype_env')} "
                 f"so torch's GEMMs use the widest kernels this CPU can run)")
    elif tinfo.get("openblas_coretype_env"):
        settings = results.get("isa_settings") or {}
        if "OPENBLAS_CORETYPE" not in (settings.get("torch_env") or {}):
            how = "preset"
        elif results.get("isa", "native") == "native":
            how = ("set by run_cpu.py: the widest GEMM kernels this CPU runs, as "
                   "mha-run uses all of its ISA")
        else:
            how = f"set by --isa {results.get('isa')}"
        preset = (settings.get("environment") or {}).get("OPENBLAS_CORETYPE")
        if preset and preset != tinfo.get("openblas_coretype_env"):
            how += f"; it replaced the environment's OPENBLAS_CORETYPE={preset}"
        blas += f" (OPENBLAS_CORETYPE={tinfo.get('openblas_coretype_env')} {how})"
    if "aten_cpu_capability" in tinfo:
        blas += "; " + torch_isa_text(tinfo)
    L.append(f"- PyTorch {tinfo.get('torch')}; {blas}")
    L.append(f"- malloc, both sides: torch_ref.py ran with "
             f"`GLIBC_TUNABLES={tinfo.get('glibc_tunables')}`, mha-run --bench sets the "
             f"same with mallopt: freed memory up to 32 MiB per block stays in the "
             f"process, so neither side's timed calls page-fault fresh buffers")
    if results["num_threads_option"]:
        threads_how = ("`--cpu-pipeline=\"num-threads=T\"` and `OMP_NUM_THREADS=T`")
    else:
        threads_how = ("`OMP_NUM_THREADS=T` only — this mha-run rejected "
                       "`num-threads` (" + (results.get("num_threads_option_message") or "")
                       .splitlines()[-1] + ")")
    wait = (results.get("torch") or {}).get("omp_wait_policy")
    L.append(f"- threads T ∈ {counts}: mha-run gets {threads_how}; torch gets "
             "`torch.set_num_threads(T)` and `openblas_set_num_threads(T)`"
             + (f", with `OMP_WAIT_POLICY={wait}` (torch's OpenMP threads do not "
                "spin while OpenBLAS's threads run its GEMMs)" if wait else ""))
    L.append("")

    L.append("## Measured FMA peak (bench/fma_peak.c)")
    L.append("")
    pk = results["peak"]
    rows = []
    for name in ("ymm", "zmm"):
        if name in pk:
            p = pk[name]
            rows.append([ISA_NAME[name], f"**{p['gflops_1_thread']:.1f}**",
                         f"**{p['gflops_all_threads']:.1f}**",
                         f"{p.get('gflops_1_thread_wall', 0):.1f}",
                         f"{p.get('gflops_all_threads_wall', 0):.1f}"])
    L += table(["fp32 FMA", "1 thread", f"{pk['threads']} threads",
                "1 thread, wall clock", f"{pk['threads']} threads, wall clock"], rows)
    L.append("")
    L.append(f"GFLOP/s. {pk['chains']} independent `vfmadd231ps` chains per thread, best of "
             f"{pk['repeats']} trials of {pk['seconds_per_trial']} s; all-threads: one "
             f"pinned thread per core. The peak (bold) is flops ÷ each thread's CPU time "
             f"(CLOCK_THREAD_CPUTIME_ID), what a core does while it runs, which other "
             f"processes on this shared machine cannot lower; the wall-clock rates "
             f"(CLOCK_MONOTONIC) show how much they took meanwhile. Built with "
             f"`{os.path.basename(pk['build_command'].split()[0])} "
             f"{' '.join(pk['build_command'].split()[1:5])}`.")
    ki = results.get("kernel_isa", {})
    isa_note = ""
    if "fma_instructions" in ki:
        c = ki["fma_instructions"]
        flag = f" --mattr={ki['mha_run_mattr']}" if ki.get("mha_run_mattr") else ""
        isa_note = (f" The flash kernel mha-run JIT-compiles for this host"
                    f"{f' with `{flag.strip()}`' if flag else ''} uses "
                    f"zmm FMAs: {c['zmm']}, ymm: {c['ymm']}, xmm: {c['xmm']} (counted in "
                    f"`llc {ki.get('llc_target', '-mcpu=native')}` output of "
                    f"`mha-run{flag} --print-ir` for `{ki['case']}`).")
    L.append("")
    if avx2:
        which = ("the measured per-thread peak of ymm FMAs (AVX2+FMA), the ISA this run "
                 "restricts both sides to (the zmm row above, this CPU's AVX-512 peak, is "
                 "shown for reference and not used)")
    else:
        which = f"the per-thread peak of the fastest FMA this CPU has ({ISA_NAME[isa]})"
    L.append(f"**% of peak below = GFLOP/s ÷ ({p1:.1f} GFLOP/s × threads)**, "
             f"{which}.{isa_note} "
             f"Measured all-cores {isa + ' ' if avx2 else ''}peak: {pall:.1f} GFLOP/s.")
    L.append("")

    L.append("## Targets of the issue, on these numbers")
    L.append("")
    L.append((f"The same targets, evaluated the same way as in "
              f"`{output_stem('native', results['quick'])}.md`, on the AVX2-restricted "
              f"numbers of both sides; the peak of the first is the ymm peak. "
              if avx2 else "")
             + f"Rows whose measurement shared the machine with ≥ {CONTENDED_CORES} cores of "
             f"other load carry `[others mha/torch: …]` (cores busy elsewhere).")
    L.append("")
    L += target_lines(results)
    L.append("")

    L.append("## Attention core (`mha.attention`, B=1, f32, L = S, E = Ev)")
    L.append("")
    att = select(results, op="attention")
    att.sort(key=lambda r: (r["case"]["E"], -r["case"]["hkv"], r["case"]["causal"],
                            r["case"]["L"], r["threads"]))
    rows = []
    for r in att:
        c = r["case"]
        cores = r["mha"].get("cores_used")
        rows.append([f"{kind(c)} {c['hq']}/{c['hkv']}{check_mark(r)}", str(c["L"]), str(c["E"]),
                     "bottom_right" if c["causal"] else "none", str(r["threads"]),
                     fmt(mha_ms(r), 2), fmt(mha_gflops(r)), fmt(pct_peak(r, results), 1, "%"),
                     fmt(torch_ms(r), 2), fmt(ratio(r), 2, "×"),
                     fmt(cores, 2) if cores is not None else "—", others_cell(r),
                     str(r["bench"])])
    L += table(["heads Hq/Hkv", "L=S", "E", "causal", "threads", "mha ms", "GFLOP/s",
                "% peak", "torch ms", "torch/mha", "mha cores≈", "others mha/torch",
                "N"], rows)
    L.append("")

    blocks = select(results, op="block")
    if blocks:
        L.append("## Full block (`mha.multi_head_attention`, self-attention, biases, B=1, f32) "
                 "vs `torch.nn.MultiheadAttention`")
        L.append("")
        blocks.sort(key=lambda r: (r["case"]["embed"], r["case"]["causal"], r["case"]["L"],
                                   r["threads"]))
        rows = []
        for r in blocks:
            c = r["case"]
            path = (r.get("torch") or {}).get("path", "")
            rows.append([f"e{c['embed']} = {c['heads']}×{c['E']}{check_mark(r)}", str(c["L"]),
                         "bottom_right" if c["causal"] else "none", str(r["threads"]),
                         fmt(mha_ms(r), 2), fmt(mha_gflops(r)), fmt(pct_peak(r, results), 1, "%"),
                         fmt(torch_ms(r), 2), fmt(ratio(r), 2, "×"),
                         "fast path" if "fast path" in path else ("Python path" if path else "—"),
                         others_cell(r), str(r["bench"])])
        L += table(["embed = heads×E", "L=S", "causal", "threads", "mha ms", "GFLOP/s",
                    "% peak", "torch ms", "torch/mha", "torch path", "others mha/torch",
                    "N"], rows)
        L.append("")

    L.append("## Memory (flash path)")
    L.append("")
    rows = []
    for r in select(results, op="memory"):
        c = r["case"]
        if mha_ok(r):
            m = r["mha"]["json"]["memory"]
            scores_mib = c["batch"] * c["hq"] * c["L"] * c["S"] * 4 / 2**20
            rows.append([f"MHA 8/8 L=S={c['L']} E={c['E']}", str(r["threads"]),
                         fmt(mha_ms(r), 1), fmt(mha_gflops(r)),
                         f"{(m['input_bytes'] + m['output_bytes']) / 2**20:.0f}",
                         f"{m['run_peak_rss_mib']:.1f}",
                         f"**{m['beyond_inputs_outputs_mib']:.1f}**", f"{scores_mib:.0f}"])
        else:
            rows.append([f"MHA 8/8 L=S={c['L']} E={c['E']}", str(r["threads"]),
                         "failed", "—", "—", "—", "—", "—"])
    L += table(["shape", "threads", "mha ms", "GFLOP/s", "inputs+outputs MiB",
                "run peak RSS MiB", "beyond_inputs_outputs MiB", "full score matrix MiB"], rows)
    L.append("")
    L.append(f"Target: beyond_inputs_outputs < {TARGET_MEMORY_MIB} MiB. The last column is "
             "the size of the B×H×L×S f32 score matrix an unfused lowering would "
             "materialize (arithmetic, not measured).")
    L.append("")

    checks = [r for r in results["rows"] if "check" in (r["mha"].get("json") or {})]
    if checks:
        passed = [r for r in checks if r["mha"]["json"]["check"]["pass"]]
        worst = max(res["rel_l2"] for r in checks for res in r["mha"]["json"]["check"]["results"])
        L.append(f"Correctness: the L=S=512 cases (1 thread) also ran `--check` against the "
                 f"float64 reference: {len(passed)}/{len(checks)} passed, worst rel_l2 "
                 f"{worst:.2e}.")
        L.append("")

    failures = [r for r in results["rows"]
                if not mha_ok(r) or ("torch" in r and not torch_ms(r))]
    L.append("## Failures and oddities")
    L.append("")
    if not failures:
        L.append("mha-run and torch produced a number for every row.")
    for r in failures:
        c = r["case"]
        if not mha_ok(r):
            err = r["mha"].get("error", "?").strip().splitlines()
            L.append(f"- mha-run failed on {label(c)} T={r['threads']}: "
                     f"`{err[-1] if err else '?'}`; command: `{r['mha']['command']}`")
        if "torch" in r and not torch_ms(r):
            L.append(f"- torch failed on {label(c)} T={r['threads']}: {r['torch'].get('error')}")
    odd = oddities(results)
    if odd:
        L.append("")
        L.append("Found in the numbers:")
        L.append("")
        L += odd
    L.append("")

    L.append("## How it was measured")
    L.append("")
    example = att[0]["mha"]["command"] if att else ""
    L.append(f"- mha: one `mha-run --bench=N --json` process per row (N in the last column): "
             f"JIT-compile, one warm-up call, N timed calls; the median is reported. "
             f"Flash path (the default; the unfused path is not run). Example: `{example}` "
             f"(`$GRID`: the folder `python3 bench/gen_mlir.py $GRID"
             f"{' --quick' if results['quick'] else ''}` fills).")
    L.append("- GFLOP/s: mha-run's flop count on the median time: 2·B·Hq·L·S·(E+Ev), halved "
             "for causal with L = S (the useful work); blocks add the four projections. "
             "torch's rate on the same count would be flops / torch ms.")
    L.append("- torch (bench/torch_ref.py, one long-lived process): the same shapes, a "
             "warm-up call then N timed calls with time.perf_counter, median. Attention "
             "core composed as `softmax((q·scale) @ kᵀ [+ mask]) @ v` with torch.matmul on "
             "[B, H, L, E] tensors; causal adds a precomputed [L, S] −inf upper-triangle "
             "mask (bottom-right aligned) in place. **GQA: K and V are expanded to 8 heads "
             "with `repeat_interleave` inside each timed call** (torch 1.13 has neither "
             "grouped attention nor scaled_dot_product_attention).")
    L.append("- blocks: `torch.nn.MultiheadAttention(embed, heads, bias=True, "
             "batch_first=True).eval()` under `torch.no_grad()`, called as "
             "`m(x, x, x, need_weights=False, attn_mask=mask)`; non-causal calls take "
             "torch's fused fast path (`_native_multi_head_attention`, confirmed per row "
             "in the table), causal ones pass an [L, L] −inf mask and take the Python path. "
             "Inputs: x uniform in [−1, 1] on both sides; torch's weights are the module's "
             "own initialization, mha-run's are .npy files uniform in ±1/√embed (the same "
             "scale; `block_weights` in run_cpu.py), so that the scores, and the softmax, "
             "look like a real model's. The timing does not depend on the values.")
    L.append("- mha cores≈: estimated cores busy during mha-run's calls = (process CPU "
             "time − one core for the time outside the calls) ÷ wall time of the calls; "
             "shown when the calls are most of the process's run time.")
    L.append("- others mha/torch: cores that other processes on the machine (and VM steal) "
             "kept busy during that row's mha-run process / torch measurement, from "
             "/proc/stat minus our own CPU time.")
    if avx2:
        L.append(f"- `--isa avx2` (see the top): every mha-run command above carries "
                 f"`--mattr={(results.get('isa_settings') or {}).get('mha_run_mattr')}`; "
                 f"torch_ref.py ran with the environment variables listed there; the grid, "
                 f"waits, retries, malloc policy and thread settings are those of the "
                 f"native run.")
    L.append("- the whole run is one command; see bench/README.md.")
    L.append("")
    return "\n".join(L)


# ----------------------------------------------------------------------------
# Plot
# ----------------------------------------------------------------------------

def plot(results, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    p1, pall, isa = peaks(results)
    dims = sorted({r["case"]["E"] for r in select(results, op="attention")})
    counts = results["thread_counts"]
    colors = {counts[0]: "tab:blue", counts[-1]: "tab:orange"}
    fig, axes = plt.subplots(2, len(dims), figsize=(7 * len(dims), 10.5),
                             squeeze=False, sharey=True)
    flops_ms = lambda r: r["mha"]["json"]["bench"]["flops"] / torch_ms(r) / 1e6
    for col, E in enumerate(dims):
        for row_i, causal in enumerate((False, True)):
            ax = axes[row_i][col]
            for threads in counts:
                rows = sorted(select(results, op="attention", E=E, hkv=8, causal=causal,
                                     threads=threads), key=lambda r: r["case"]["L"])
                xs = [r["case"]["L"] for r in rows if mha_ok(r)]
                ys = [mha_gflops(r) for r in rows if mha_ok(r)]
                ax.plot(xs, ys, "-o", color=colors[threads], lw=2,
                        label=f"mha, {threads} thread{'s' if threads > 1 else ''}")
                grows = sorted(select(results, op="attention", E=E, hkv=2, causal=causal,
                                      threads=threads), key=lambda r: r["case"]["L"])
                gx = [r["case"]["L"] for r in grows if mha_ok(r)]
                gy = [mha_gflops(r) for r in grows if mha_ok(r)]
                ax.plot(gx, gy, ":^", color=colors[threads], lw=1, ms=5,
                        label=f"mha GQA 8/2, {threads} thr.")
                tx = [r["case"]["L"] for r in rows if mha_ok(r) and torch_ms(r)]
                ty = [flops_ms(r) for r in rows if mha_ok(r) and torch_ms(r)]
                ax.plot(tx, ty, "--s", color=colors[threads], lw=1.5, mfc="white",
                        label=f"torch composed, {threads} thr.")
                cx = [r["case"]["L"] for r in rows + grows if mha_ok(r) and contended(r)]
                cy = [mha_gflops(r) for r in rows + grows if mha_ok(r) and contended(r)]
                cx += [r["case"]["L"] for r in rows
                       if mha_ok(r) and torch_ms(r) and contended(r, "torch")]
                cy += [flops_ms(r) for r in rows
                       if mha_ok(r) and torch_ms(r) and contended(r, "torch")]
                ax.plot(cx, cy, "x", color="black", ms=9, mew=1.5, ls="none",
                        label=f"measured with ≥ {CONTENDED_CORES} cores of other load")
            ax.axhline(p1, color="black", lw=1, ls="-.")
            ax.text(ax.get_xlim()[0] if False else 0.01, p1, f" peak 1 thread {p1:.0f}",
                    transform=ax.get_yaxis_transform(), va="bottom", fontsize=8)
            if len(counts) > 1:
                ax.axhline(pall, color="gray", lw=1, ls="-.")
                ax.text(0.01, pall, f" peak {counts[-1]} threads {pall:.0f}",
                        transform=ax.get_yaxis_transform(), va="bottom", fontsize=8,
                        color="dimgray")
            ax.set_xscale("log", base=2)
            lengths = sorted({r["case"]["L"] for r in select(results, op="attention")})
            ax.set_xticks(lengths)
            ax.set_xticklabels([str(x) for x in lengths])
            ax.set_ylim(0, pall * 1.08)
            ax.grid(True, which="major", alpha=0.3)
            ax.set_title(f"E = Ev = {E}, {'causal (bottom_right)' if causal else 'non-causal'}",
                         fontsize=10)
            ax.set_xlabel("L = S (sequence length)")
            if col == 0:
                ax.set_ylabel("GFLOP/s (useful flops / median time)")
    handles, labels = {}, {}
    for ax in axes.flat:
        for h, l in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(l, h)
    fig.legend(list(handles.values()), list(handles.keys()), loc="lower center",
               ncol=2 if len(dims) == 1 else 4, fontsize=8, frameon=False)
    emulation = ("AVX2 emulation: both sides restricted to AVX2 (ymm) code\n"
                 if isa_mode(results) == "avx2" else "")
    fig.suptitle(f"{emulation}mha.attention (flash) vs torch composed, fp32, B=1, Hq=8"
                 f"{' — --quick run' if results['quick'] else ''}\n"
                 f"{results['cpu_model']}, {results['cores']} cores, {results['date'][:10]}; "
                 f"lines: measured {ISA_NAME[isa]} FMA peak", fontsize=10)
    fig.tight_layout(rect=(0, 0.09 if len(dims) == 1 else 0.06, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: report.py RESULTS.json")
    with open(sys.argv[1]) as f:
        results = json.load(f)
    stem = os.path.splitext(sys.argv[1])[0]
    with open(stem + ".md", "w") as f:
        f.write(markdown(results))
    plot(results, stem + ".png")
    print(f"wrote {stem}.md and {stem}.png")


if __name__ == "__main__":
    main()
