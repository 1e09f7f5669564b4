"""Independent float64 NumPy model of mha.attention / mha.multi_head_attention.

Used by test/Runner/attention-numpy.mlir to check that mha-run's compiled
code (and so its C++ reference, which --check compares against) agree with a
second implementation written from docs/Dialect.md:

  attention_numpy.py make DIR CASE     writes the inputs of CASE to DIR/*.npy
  attention_numpy.py compare DIR CASE  recomputes CASE from DIR/*.npy and
                                       compares DIR/out.npy with it

Each CASE below mirrors the function of the same name in the .mlir test.
"""
import sys

import numpy as np

# Shapes and attributes of each case; keep in sync with attention-numpy.mlir.
CASES = {
    # GQA (4 query heads on 2 kv heads), broadcast mask with an empty row,
    # broadcast bias, bottom-right causal band, window, scale and softcap.
    "attn_f32_full": dict(
        op="attention", dtype="f32", B=2, Hq=4, Hkv=2, L=5, S=7, E=8, Ev=6,
        mask=(2, 1, 5, 7), bias=(1, 4, 1, 7), causal="bottom_right",
        window=(3, 1), scale=0.3, softcap=2.0),
    # L > S with a top-left band; a NaN query row must give a NaN output row
    # and a row whose scores are all -inf must give zeros.
    "attn_f32_special": dict(
        op="attention", dtype="f32", B=1, Hq=2, Hkv=2, L=6, S=4, E=4, Ev=4,
        mask=None, bias=(1, 1, 6, 4), causal="top_left", window=None,
        scale=None, softcap=None, nan_query_row=(0, 1, 3),
        neg_inf_bias_row=2),
    # f16 storage, default scale, no mask.
    "attn_f16": dict(
        op="attention", dtype="f16", B=1, Hq=2, Hkv=1, L=9, S=9, E=16, Ev=16,
        mask=None, bias=None, causal="top_left", window=None, scale=None,
        softcap=None),
    # The whole block with biases, GQA, causal and a mask.
    "mha_f32": dict(
        op="mha", dtype="f32", B=2, L=6, S=6, Eq=12, Ek=12, Evi=12, Hq=4,
        Hkv=2, E=3, Ev=3, Eo=10, biases=True, mask=(1, 1, 6, 6), bias=None,
        causal="bottom_right", window=None, scale=None, softcap=None),
    # bf16 block: cross-attention with different widths, no biases.
    "mha_bf16": dict(
        op="mha", dtype="bf16", B=1, L=4, S=7, Eq=8, Ek=6, Evi=5, Hq=2,
        Hkv=1, E=4, Ev=3, Eo=5, biases=False, mask=None, bias=(1, 2, 4, 7),
        causal="none", window=None, scale=0.5, softcap=None),
}

TOLERANCE = {"f32": 1e-5, "f16": 1e-2, "bf16": 1e-2}


def round_bf16(x):
    """Rounds float64 values to bfloat16 (nearest even), via float32."""
    x32 = np.asarray(x, dtype=np.float32)
    bits = x32.view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    out = rounded.astype(np.uint32).view(np.float32).astype(np.float64)
    return np.where(np.isnan(x32), np.nan, out)


def round_to(x, dtype):
    if dtype == "f32":
        return np.asarray(x, np.float32).astype(np.float64)
    if dtype == "f16":
        return np.asarray(x, np.float16).astype(np.float64)
    return round_bf16(x)


def file_dtype(dtype):
    """The .npy dtype mha-run receives for an argument of `dtype`."""
    return np.float16 if dtype == "f16" else np.float32


def attention(q, k, v, mask, bias, causal, window, scale, softcap):
    B, Hq, L, E = q.shape
    Hkv, S = k.shape[1], k.shape[2]
    G = Hq // Hkv
    k = np.repeat(k, G, axis=1)  # query head h reads kv head h // G
    v = np.repeat(v, G, axis=1)
    if scale is None:
        scale = 1.0 / np.sqrt(E)
    with np.errstate(invalid="ignore", over="ignore"):
        s = scale * np.einsum("bhie,bhje->bhij", q, k)
        if softcap is not None:
            s = softcap * np.tanh(s / softcap)
        if bias is not None:
            s = s + bias
        allowed = np.ones((B, Hq, L, S), dtype=bool)
        if mask is not None:
            allowed &= np.broadcast_to(mask, allowed.shape)
        i = np.arange(L)[:, None]
        j = np.arange(S)[None, :]
        d = i + (S - L) if causal == "bottom_right" else i
        if causal != "none":
            allowed &= j <= d
        if window is not None:
            allowed &= (j >= d - window[0]) & (j <= d + window[1])
        masked = np.where(allowed, s, -np.inf)
        m = np.max(masked, axis=-1, keepdims=True)  # NaN propagates
        p = np.where(allowed, np.exp(masked - m), 0.0)
        p = p / np.sum(p, axis=-1, keepdims=True)
        # No allowed entry, or only -inf scores: the row is zero.
        empty = ~np.any(allowed, axis=-1, keepdims=True) | (m == -np.inf)
        p = np.where(empty, 0.0, p)
        return np.einsum("bhij,bhje->bhie", p, v)


def make_inputs(case, rng):
    c = CASES[case]
    ft = file_dtype(c["dtype"])
    arrays = {}
    if c["op"] == "attention":
        arrays["q"] = rng.uniform(-2, 2, (c["B"], c["Hq"], c["L"], c["E"]))
        arrays["k"] = rng.uniform(-2, 2, (c["B"], c["Hkv"], c["S"], c["E"]))
        arrays["v"] = rng.uniform(-1, 1, (c["B"], c["Hkv"], c["S"], c["Ev"]))
        if "nan_query_row" in c:
            b, h, i = c["nan_query_row"]
            arrays["q"][b, h, i, 0] = np.nan
    else:
        arrays["xq"] = rng.uniform(-1, 1, (c["B"], c["L"], c["Eq"]))
        arrays["xk"] = rng.uniform(-1, 1, (c["B"], c["S"], c["Ek"]))
        arrays["xv"] = rng.uniform(-1, 1, (c["B"], c["S"], c["Evi"]))
        arrays["wq"] = rng.uniform(-1, 1, (c["Eq"], c["Hq"] * c["E"]))
        arrays["wk"] = rng.uniform(-1, 1, (c["Ek"], c["Hkv"] * c["E"]))
        arrays["wv"] = rng.uniform(-1, 1, (c["Evi"], c["Hkv"] * c["Ev"]))
        arrays["wo"] = rng.uniform(-1, 1, (c["Hq"] * c["Ev"], c["Eo"]))
        if c["biases"]:
            arrays["bq"] = rng.uniform(-1, 1, (c["Hq"] * c["E"],))
            arrays["bk"] = rng.uniform(-1, 1, (c["Hkv"] * c["E"],))
            arrays["bv"] = rng.uniform(-1, 1, (c["Hkv"] * c["Ev"],))
            arrays["bo"] = rng.uniform(-1, 1, (c["Eo"],))
    arrays = {name: a.astype(ft) for name, a in arrays.items()}
    if c["mask"] is not None:
        mask = rng.uniform(0, 1, c["mask"]) < 0.8
        mask[0, ..., 0, :] = False  # the first query row may attend nothing
        arrays["mask"] = mask
    if c["bias"] is not None:
        bias = rng.uniform(-1, 1, c["bias"])
        if "neg_inf_bias_row" in c:
            bias[..., c["neg_inf_bias_row"], :] = -np.inf
        arrays["bias"] = bias.astype(ft)
    return arrays


def compute(case, arrays):
    c = CASES[case]
    dt = c["dtype"]
    # What the compiled code sees: the .npy values rounded to the element
    # type (bf16 arguments arrive as float32 and are rounded by mha-run).
    x = {n: (a if a.dtype == bool else round_to(a.astype(np.float64), dt))
         for n, a in arrays.items()}
    attrs = dict(mask=x.get("mask"), bias=x.get("bias"), causal=c["causal"],
                 window=c["window"], scale=c["scale"], softcap=c["softcap"])
    if c["op"] == "attention":
        return round_to(attention(x["q"], x["k"], x["v"], **attrs), dt)

    def project(inp, w, b):
        y = inp @ w
        if b is not None:
            y = y + b
        return round_to(y, dt)

    B, L, S = c["B"], c["L"], c["S"]
    q = project(x["xq"], x["wq"], x.get("bq"))
    k = project(x["xk"], x["wk"], x.get("bk"))
    v = project(x["xv"], x["wv"], x.get("bv"))
    q = q.reshape(B, L, c["Hq"], c["E"]).transpose(0, 2, 1, 3)
    k = k.reshape(B, S, c["Hkv"], c["E"]).transpose(0, 2, 1, 3)
    v = v.reshape(B, S, c["Hkv"], c["Ev"]).transpose(0, 2, 1, 3)
    heads = round_to(attention(q, k, v, **attrs), dt)
    merged = heads.transpose(0, 2, 1, 3).reshape(B, L, c["Hq"] * c["Ev"])
    return project(merged, x["wo"], x.get("bo"))


def arg_names(case):
    c = CASES[case]
    if c["op"] == "attention":
        names = ["q", "k", "v"]
    else:
        names = ["xq", "xk", "xv", "wq", "wk", "wv", "wo"]
        if c["biases"]:
            names += ["bq", "bk", "bv", "bo"]
    if c["mask"] is not None:
        names.append("mask")
    if c["bias"] is not None:
        names.append("bias")
    return names


def main():
    mode, directory, case = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "make":
        arrays = make_inputs(case, np.random.default_rng(1234))
        for name in arg_names(case):
            np.save(f"{directory}/{name}.npy", arrays[name])
        return 0
    arrays = {n: np.load(f"{directory}/{n}.npy") for n in arg_names(case)}
    ref = compute(case, arrays)
    out = np.load(f"{directory}/out.npy").astype(np.float64)
    if out.shape != ref.shape:
        print(f"numpy: shape {out.shape} != {ref.shape} FAIL")
        return 1
    nan_mismatch = int(np.sum(np.isnan(out) != np.isnan(ref)))
    ok = ~np.isnan(ref) & ~np.isnan(out)
    diff = np.linalg.norm(out[ok] - ref[ok])
    norm = np.linalg.norm(ref[ok])
    rel = diff / norm if norm > 0 else diff
    tol = TOLERANCE[CASES[case]["dtype"]]
    passed = nan_mismatch == 0 and rel <= tol
    print(f"numpy: {case} rel_l2={rel:.2g} nan_values={int(np.sum(np.isnan(ref)))}"
          f" nan_mismatches={nan_mismatch} tol={tol:g} "
          f"{'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
