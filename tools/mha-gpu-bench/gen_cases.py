#!/usr/bin/env python3
"""Writes the attention cases of mha-gpu-bench: one MLIR file per kernel
variant (simt.mlir: --mha-gpu-pipeline with tensor-cores=0; mma.mlir:
tensor-cores=1) and cases.inc, the C++ table the harness iterates over.

Two groups:
  check  small problems covering every feature of mha.attention (mask,
         bias, causal modes, window, scale, softcap, GQA/MQA, E != Ev,
         sizes that are not tile multiples, rows with nothing allowed,
         -inf bias, decode), checked against the float64 reference;
  bench  B=4, H=16, L=S in {1024, 4096}, D in {64, 128}, causal off/on,
         f16 (timed; compared with PyTorch by bench/gpu/run.sh).

Usage: gen_cases.py OUT_DIR
"""
import os
import sys

DTYPES = {"f32": 0, "f16": 1, "bf16": 2}
CAUSAL = {"none": 0, "top_left": 1, "bottom_right": 2}


class Case:
    def __init__(self, name, group, kernel, dtype, B, Hq, Hkv, L, S, E, Ev,
                 causal="none", window=None, scale=None, softcap=None,
                 mask=None, bias=None, bias_dtype=None, mask_pattern=0,
                 bias_pattern=0):
        self.name = f"{group}_{kernel}_{name}"
        self.label = name
        self.group, self.kernel, self.dtype = group, kernel, dtype
        self.B, self.Hq, self.Hkv, self.L, self.S = B, Hq, Hkv, L, S
        self.E, self.Ev = E, Ev
        self.causal, self.window = causal, window
        self.scale, self.softcap = scale, softcap
        self.mask, self.bias = mask, bias
        self.bias_dtype = bias_dtype or dtype
        # 0: random (80% allowed) / random normal; 1: some rows fully
        # masked / some -inf entries.
        self.mask_pattern, self.bias_pattern = mask_pattern, bias_pattern

    def tensor(self, shape, dtype):
        return "tensor<" + "x".join(str(d) for d in shape) + "x" + dtype + ">"

    def mlir(self):
        q = self.tensor([self.B, self.Hq, self.L, self.E], self.dtype)
        k = self.tensor([self.B, self.Hkv, self.S, self.E], self.dtype)
        v = self.tensor([self.B, self.Hkv, self.S, self.Ev], self.dtype)
        o = self.tensor([self.B, self.Hq, self.L, self.Ev], self.dtype)
        args = [f"%q: {q}", f"%k: {k}", f"%v: {v}"]
        attrs = ""
        if self.mask:
            m = self.tensor(self.mask, "i1")
            args.append(f"%m: {m}")
            attrs += f" mask(%m : {m})"
        if self.bias:
            b = self.tensor(self.bias, self.bias_dtype)
            args.append(f"%b: {b}")
            attrs += f" bias(%b : {b})"
        if self.causal != "none":
            attrs += f" causal({self.causal})"
        if self.window:
            attrs += f" window({self.window[0]}, {self.window[1]})"
        if self.scale is not None:
            attrs += f" scale({self.scale!r})"
        if self.softcap is not None:
            attrs += f" softcap({self.softcap!r})"
        return (f"func.func @{self.name}({', '.join(args)}) -> {o} {{\n"
                f"  %o = mha.attention %q, %k, %v{attrs}\n"
                f"         : {q}, {k}, {v} -> {o}\n"
                f"  return %o : {o}\n}}\n")

    def num_inputs(self):
        return 3 + bool(self.mask) + bool(self.bias)

    def cpp(self):
        def arr(x):
            return "{" + ", ".join(str(v) for v in (x or [1, 1, 1, 1])) + "}"
        w = self.window or (0, 0)
        return ("  {" + ", ".join([
            f'"{self.name}"', f'"{self.label}"', f'"{self.group}"',
            f'"{self.kernel}"', str(DTYPES[self.dtype]),
            str(self.B), str(self.Hq), str(self.Hkv), str(self.L),
            str(self.S), str(self.E), str(self.Ev),
            str(CAUSAL[self.causal]), "true" if self.window else "false",
            str(w[0]), str(w[1]),
            "true" if self.scale is not None else "false",
            repr(float(self.scale or 0.0)),
            "true" if self.softcap is not None else "false",
            repr(float(self.softcap or 0.0)),
            "true" if self.mask else "false", arr(self.mask),
            str(self.mask_pattern),
            "true" if self.bias else "false", arr(self.bias),
            str(DTYPES[self.bias_dtype]), str(self.bias_pattern),
            f"call_{self.name}"]) + "},\n")


def check_cases():
    c = []
    # SIMT kernel: every feature, f32 first.
    s = "simt"
    c.append(Case("basic", "check", s, "f32", 2, 4, 4, 128, 128, 64, 64))
    c.append(Case("causal_top_left", "check", s, "f32", 1, 2, 2, 100, 160, 32, 32,
                  causal="top_left"))
    c.append(Case("causal_bottom_right_L_gt_S", "check", s, "f32", 1, 2, 2, 160, 100,
                  32, 32, causal="bottom_right"))
    c.append(Case("window", "check", s, "f32", 1, 2, 2, 200, 200, 64, 64,
                  window=(16, 8)))
    c.append(Case("window_causal", "check", s, "f32", 1, 2, 2, 70, 300, 64, 64,
                  causal="bottom_right", window=(32, 0)))
    c.append(Case("gqa", "check", s, "f32", 2, 8, 2, 96, 96, 64, 64,
                  causal="bottom_right"))
    c.append(Case("mqa", "check", s, "f32", 1, 4, 1, 64, 130, 32, 32))
    c.append(Case("e_ne_ev", "check", s, "f32", 1, 3, 3, 77, 45, 40, 24))
    c.append(Case("mask_bias_scale_softcap", "check", s, "f32", 2, 4, 2, 64, 96, 64,
                  64, mask=[2, 1, 64, 96], bias=[1, 4, 1, 96], scale=0.3,
                  softcap=5.0))
    c.append(Case("mask_rows_fully_masked", "check", s, "f32", 1, 2, 2, 48, 64, 32,
                  32, mask=[1, 2, 48, 64], mask_pattern=1))
    c.append(Case("bias_neg_inf", "check", s, "f32", 1, 2, 2, 48, 64, 32, 32,
                  bias=[1, 1, 48, 64], bias_pattern=1))
    c.append(Case("decode", "check", s, "f32", 2, 8, 2, 1, 1000, 128, 128,
                  causal="bottom_right"))
    c.append(Case("wide_head_dyn_smem", "check", s, "f32", 1, 1, 1, 64, 64, 256,
                  256))
    c.append(Case("f16", "check", s, "f16", 1, 4, 2, 80, 80, 64, 64,
                  causal="top_left", mask=[1, 1, 80, 80], bias=[1, 4, 80, 80]))
    c.append(Case("bf16_f32_bias", "check", s, "bf16", 1, 4, 4, 64, 64, 32, 32,
                  bias=[1, 4, 64, 64], bias_dtype="f32", softcap=20.0))
    # mma.sync kernel.
    t = "mma"
    c.append(Case("f16", "check", t, "f16", 2, 4, 4, 256, 256, 64, 64))
    c.append(Case("f16_causal_gqa_ragged", "check", t, "f16", 1, 8, 2, 100, 300,
                  128, 128, causal="bottom_right"))
    c.append(Case("f16_all_features", "check", t, "f16", 2, 4, 2, 96, 112, 32, 64,
                  mask=[2, 1, 96, 112], bias=[1, 4, 1, 112], window=(24, 24),
                  scale=0.2, softcap=10.0))
    c.append(Case("f16_rows_fully_masked", "check", t, "f16", 1, 2, 2, 64, 64, 64,
                  64, mask=[1, 2, 64, 64], mask_pattern=1))
    c.append(Case("f16_d256", "check", t, "f16", 1, 2, 2, 128, 128, 256,
                  256, causal="top_left"))
    c.append(Case("f16_tiny", "check", t, "f16", 1, 1, 1, 7, 33, 16, 16))
    c.append(Case("bf16", "check", t, "bf16", 1, 4, 4, 192, 192, 128, 128,
                  causal="top_left"))
    c.append(Case("bf16_window_bias", "check", t, "bf16", 1, 2, 1, 130, 130, 64,
                  64, window=(40, 0), causal="bottom_right", bias=[1, 2, 130, 130],
                  bias_dtype="f32"))
    return c


def bench_cases():
    c = []
    for kernel in ("mma", "simt"):
        for L in (1024, 4096):
            for D in (64, 128):
                for causal in ("none", "top_left"):
                    name = f"L{L}_D{D}" + ("_causal" if causal != "none" else "")
                    c.append(Case(name, "bench", kernel, "f16", 4, 16, 16, L, L,
                                  D, D, causal=causal))
    return c


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = check_cases() + bench_cases()
    for kernel in ("simt", "mma"):
        with open(os.path.join(out, f"{kernel}.mlir"), "w") as f:
            f.write(f"// Generated by gen_cases.py: the {kernel} cases.\n")
            for case in cases:
                if case.kernel == kernel:
                    f.write(case.mlir() + "\n")
    with open(os.path.join(out, "cases.inc"), "w") as f:
        f.write("// Generated by gen_cases.py: the cases of mha-gpu-bench.\n")
        for case in cases:
            params = ", ".join(["MemRef4 *"] * (case.num_inputs() + 1))
            f.write(f'extern "C" void _mlir_ciface_{case.name}({params});\n')
            ins = ", ".join(f"in[{i}]" for i in range(case.num_inputs()))
            f.write(f"static void call_{case.name}(MemRef4 *out, MemRef4 *const *in) "
                    f"{{ _mlir_ciface_{case.name}(out, {ins}); }}\n")
        f.write("static const Case kCases[] = {\n")
        for case in cases:
            f.write(case.cpp())
        f.write("};\n")


if __name__ == "__main__":
    main()
