#!/usr/bin/env python3
"""Runs the kernels of --mha-gpu-pipeline on the CPU (emulator.cpp).

For each selected case of tools/mha-gpu-bench/gen_cases.py: compile it with
the GPU pipeline, take the gpu.module as the NVPTX backend would receive it
(the IR before gpu-module-to-binary), translate it to LLVM IR, retarget it
to the host (address spaces dropped, NVVM intrinsics renamed to the
emulator's functions), build it with emulator.cpp and the float64 reference,
and run it. Prints one PASS/FAIL line per case; exits non-zero on a failure.

With --random=N, N cases drawn from --seed instead (kernel, element types,
B, heads and groups, L and S up to 100 and 150, head dims, causal modes,
window, scale, softcap, masks and biases of random broadcast shapes and
patterns), small enough to emulate in seconds each.

Usage: run_emulated.py --mha-opt=... --llvm-bin=DIR --src-root=DIR
                       --work=DIR [--filter=TEXT ... | --random=N [--seed=S]]
"""
import argparse
import os
import random
import re
import subprocess
import sys

RENAMES = [
    ("@llvm.nvvm.read.ptx.sreg.tid.x", "@emu_tid_x"),
    ("@llvm.nvvm.read.ptx.sreg.ctaid.x", "@emu_ctaid_x"),
    ("@llvm.nvvm.read.ptx.sreg.ctaid.y", "@emu_ctaid_y"),
    ("@llvm.nvvm.read.ptx.sreg.ctaid.z", "@emu_ctaid_z"),
    ("@llvm.nvvm.barrier.cta.sync.aligned.all", "@emu_barrier"),
    ("@llvm.nvvm.barrier0", "@emu_barrier0"),
    ("@llvm.nvvm.shfl.sync.bfly.f32", "@emu_shfl_bfly"),
    ("@llvm.nvvm.shfl.sync.idx.f32", "@emu_shfl_idx"),
    ("@llvm.nvvm.ldmatrix.sync.aligned.m8n8.x4.trans.b16.p3",
     "@emu.ldmatrix.x4.trans"),
    ("@llvm.nvvm.ldmatrix.sync.aligned.m8n8.x4.b16.p3", "@emu.ldmatrix.x4"),
    ("@llvm.nvvm.mma.m16n8k16.row.col.f32.f32", "@emu.mma.f16"),
    ("@llvm.nvvm.mma.m16n8k16.row.col.bf16", "@emu.mma.bf16"),
    ("@llvm.nvvm.ex2.approx.f32", "@emu_ex2"),
]

DECLARATIONS = """
declare i32 @emu_tid_x()
declare i32 @emu_ctaid_x()
declare i32 @emu_ctaid_y()
declare i32 @emu_ctaid_z()
declare void @emu_barrier(i32)
declare void @emu_barrier0()
declare float @emu_shfl_bfly(i32, float, i32, i32)
declare float @emu_shfl_idx(i32, float, i32, i32)
declare float @emu_ex2(float)
declare { i32, i32, i32, i32 } @emu.ldmatrix.x4.trans(ptr)
declare { i32, i32, i32, i32 } @emu.ldmatrix.x4(ptr)
declare { float, float, float, float } @emu.mma.f16(<2 x half>, <2 x half>, <2 x half>, <2 x half>, <2 x half>, <2 x half>, float, float, float, float)
declare { float, float, float, float } @emu.mma.bf16(i32, i32, i32, i32, i32, i32, float, float, float, float)
"""


def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError("failed: " + " ".join(cmd) + "\n" + result.stderr[-4000:])
    return result


def retarget(ll):
    """NVPTX LLVM IR -> IR the host compiler accepts."""
    out = []
    for line in ll.split("\n"):
        if line.startswith("target datalayout") or line.startswith("target triple"):
            continue
        if line.startswith("declare") and any(old in line for old, _ in RENAMES):
            continue
        out.append(line)
    ll = "\n".join(out)
    for old, new in RENAMES:
        ll = ll.replace(old + "(", new + "(")
    ll = ll.replace("ptx_kernel ", "")
    ll = re.sub(r" addrspace\(\d+\)", "", ll)
    ll = ll.replace("addrspacecast", "bitcast")
    ll = re.sub(r'"target-cpu"="[^"]*"', "", ll)
    ll = re.sub(r'"target-features"="[^"]*"', "", ll)
    # Dynamic workgroup memory is sized at launch on a GPU; give it the
    # largest size a block may use (227 KiB).
    ll = re.sub(r"(@__dynamic_shmem__\w+ = \w+ global) \[0 x i8\] undef",
                r"\1 [232448 x i8] zeroinitializer", ll)
    return ll + DECLARATIONS


def random_cases(gen_cases, count, seed):
    """`count` cases of gen_cases.Case drawn from `seed`."""
    rng = random.Random(seed)
    cases = []
    for n in range(count):
        kernel = rng.choice(["simt", "mma"])
        dtype = rng.choice(["f16", "bf16"] if kernel == "mma"
                           else ["f32", "f32", "f16", "bf16"])
        B, hkv, g = rng.choice([1, 2]), rng.choice([1, 2]), rng.choice([1, 2, 3])
        hq = hkv * g
        L, S = rng.choice([1, 2, 7, 16, 33, 64, 100]), rng.choice(
            [1, 5, 31, 64, 65, 150])
        # The mma kernel takes head dims that are multiples of 16 (others
        # fall back to SIMT): mostly those where it was asked for.
        if kernel == "mma" and rng.random() < 0.85:
            E = rng.choice([16, 32, 64, 128])
            Ev = rng.choice([E, E, 16, 64])
        else:
            E = rng.choice([16, 32, 64, 8, 24, 40])
            Ev = rng.choice([E, E, 16, 32, 64, 20])

        def rows(shape):
            return shape[0] * shape[1] * shape[2]

        def broadcast(last):
            return [rng.choice([1, B]), rng.choice([1, hq]),
                    rng.choice([1, L]), last]
        mask = broadcast(S) if rng.random() < 0.3 else None
        bias = broadcast(rng.choice([1, S])) if rng.random() < 0.3 else None
        cases.append(gen_cases.Case(
            f"random{seed}_{n}", "check", kernel, dtype, B, hq, hkv, L, S, E,
            Ev, causal=rng.choice(["none", "none", "top_left", "bottom_right"]),
            window=(rng.choice([None, None, (rng.randint(0, 40),
                                             rng.randint(0, 40))])),
            scale=rng.choice([None, 0.3]), softcap=rng.choice([None, 20.0]),
            mask=mask, bias=bias,
            bias_dtype=rng.choice([dtype, "f32"]) if bias else None,
            # Pattern 1 blocks every third mask row, and puts -inf on every
            # fifth bias row and seventh entry: only where that leaves
            # other rows and entries (a one-row mask or a one-entry bias
            # would mask everything, and all-zero outputs check little).
            mask_pattern=rng.choice([0, 1]) if mask and rows(mask) >= 3 else 0,
            bias_pattern=(rng.choice([0, 1]) if bias and rows(bias) >= 5
                          and bias[3] >= 7 else 0)))
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mha-opt", required=True)
    parser.add_argument("--llvm-bin", required=True)
    parser.add_argument("--src-root", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--filter", action="append", default=[])
    parser.add_argument("--random", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    sys.path.insert(0, os.path.join(args.src_root, "tools", "mha-gpu-bench"))
    import gen_cases

    inputs = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(args.work, exist_ok=True)
    if args.random:
        cases = random_cases(gen_cases, args.random, args.seed)
    else:
        cases = [c for c in gen_cases.check_cases()
                 if not args.filter or any(f in c.name for f in args.filter)]
    if not cases:
        sys.exit("run_emulated.py: no case matches " + str(args.filter))
    # The float64 reference is the same for every case: compile it once.
    clang = os.path.join(args.llvm_bin, "clang++")
    reference = os.path.join(args.work, "Reference.o")
    run([clang, "-std=c++20", "-O2", "-w", "-c",
         "-I", os.path.join(args.src_root, "include"),
         os.path.join(args.src_root, "lib", "Reference", "Reference.cpp"),
         "-o", reference])
    failures = 0
    for case in cases:
        try:
            failures += emulate(case, args, inputs, clang, reference, gen_cases)
        except Exception as error:  # a failing tool is a failing case
            failures += 1
            print(f"{case.name}: FAIL ({error})")
        sys.stdout.flush()
    print(f"{len(cases)} emulated, {len(cases) - failures} passed, {failures} failed")
    return 1 if failures else 0


def emulate(case, args, inputs, clang, reference, gen_cases):
    """Builds and runs one case; returns 1 if it failed."""
    if True:
        work = os.path.join(args.work, case.name)
        os.makedirs(work, exist_ok=True)
        src = os.path.join(work, "case.mlir")
        with open(src, "w") as f:
            f.write(case.mlir())
        tensor_cores = 1 if case.kernel == "mma" else 0
        # The kernel as the NVPTX backend gets it.
        dump = run([args.mha_opt, src,
                    f"--mha-gpu-pipeline=format=isa tensor-cores={tensor_cores}",
                    "--mlir-print-ir-before=gpu-module-to-binary",
                    "-o", os.devnull]).stderr
        lines = dump.split("\n")
        start = next(i for i, l in enumerate(lines) if l.startswith("  gpu.module @"))
        end = next(i for i in range(start + 1, len(lines)) if lines[i] == "  }")
        with open(os.path.join(work, "kernel.mlir"), "w") as f:
            f.write("module {\n" + "\n".join(lines[start + 1:end]) + "\n}\n")
        ll = run([os.path.join(args.llvm_bin, "mlir-translate"), "--mlir-to-llvmir",
                  os.path.join(work, "kernel.mlir")]).stdout
        with open(os.path.join(work, "kernel.ll"), "w") as f:
            f.write(retarget(ll))
        kernel = re.search(r"define (?:ptx_kernel )?void @(\w+)\(", ll).group(1)
        # Launch geometry from the kernel's configuration.
        lowered = run([args.mha_opt, src,
                       f"--mha-lower-attention-to-gpu=tensor-cores={tensor_cores}"]).stdout
        config = re.search(r"mha.kernel_config = \{kind = \"(\w+)\", kv_tile = (\d+) : i64, "
                           r"num_warps = (\d+) : i64, query_tile = (\d+) : i64\}", lowered)
        warps, query_tile = int(config.group(3)), int(config.group(4))
        grid = (-(-case.L // query_tile), case.Hq, case.B)
        nargs = case.num_inputs() + 1
        params = ", ".join(["void *"] * nargs)
        call = ["q", "k", "v"] + (["m"] if case.mask else []) + (["b"] if case.bias else []) + ["o"]

        def arr(x):
            return "{" + ", ".join(str(v) for v in (x or [1, 1, 1, 1])) + "}"
        w = case.window or (0, 0)
        with open(os.path.join(work, "case.h"), "w") as f:
            f.write(f"""// Generated by run_emulated.py.
struct CaseSpec {{
  const char *name; int dtype; long B, Hq, Hkv, L, S, E, Ev; int causal;
  bool hasWindow; long left, right; bool hasScale; double scale;
  bool hasSoftcap; double softcap; bool hasMask; long maskShape[4];
  int maskPattern; bool hasBias; long biasShape[4]; int biasDtype, biasPattern;
}};
static const CaseSpec kCase = {{"{case.name} [{config.group(1)}]", {gen_cases.DTYPES[case.dtype]},
  {case.B}, {case.Hq}, {case.Hkv}, {case.L}, {case.S}, {case.E}, {case.Ev},
  {gen_cases.CAUSAL[case.causal]}, {str(bool(case.window)).lower()}, {w[0]}, {w[1]},
  {str(case.scale is not None).lower()}, {float(case.scale or 0.0)!r},
  {str(case.softcap is not None).lower()}, {float(case.softcap or 0.0)!r},
  {str(bool(case.mask)).lower()}, {arr(case.mask)}, {case.mask_pattern},
  {str(bool(case.bias)).lower()}, {arr(case.bias)}, {gen_cases.DTYPES[case.bias_dtype]},
  {case.bias_pattern}}};
static const int kGrid[3] = {{{grid[0]}, {grid[1]}, {grid[2]}}};
static const int kBlock = {32 * warps};
extern "C" void {kernel}({params});
#define CALL_KERNEL(q, k, v, m, b, o) {kernel}({", ".join(call)})
""")
        exe = os.path.join(work, "emulate")
        run([clang, "-std=c++20", "-O1", "-w", "-I", work,
             "-I", os.path.join(args.src_root, "include"),
             "-I", os.path.join(args.src_root, "tools", "mha-gpu-bench"),
             os.path.join(inputs, "emulator.cpp"), reference,
             os.path.join(work, "kernel.ll"), os.path.join(inputs, "intrinsics.ll"),
             "-o", exe, "-lpthread"])
        result = subprocess.run([exe], capture_output=True, text=True, timeout=900)
        sys.stdout.write(result.stdout)
        if result.returncode != 0 and not result.stdout:
            print(f"{case.name}: FAIL (exit {result.returncode}) {result.stderr[-2000:]}")
        return 1 if result.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
