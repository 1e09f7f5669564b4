#!/usr/bin/env python3
"""Random decomposed attention in linalg on tensors, run as written and after
--mha-raise-attention on the same seeded inputs: the raise must not change
what the function computes.

Every case draws, from a seeded generator, a function that computes
softmax(Q K^T * scale + bias, causal) V in one of the forms docs/Raising.md
lists:
- 2-D [L, E] (one head), 3-D [B*H, L, E] (arguments of that rank, or 4-D
  arguments collapsed and the result expanded back) or 4-D [B, H, L, E];
- Q K^T as linalg.matmul / linalg.batch_matmul after linalg.transpose or a
  transposing generic, or reading K through transposed indexing maps, or a
  contraction generic reading K through a transposed map or K^T from a
  linalg.transpose;
- up to two constant scales (multiply or divide) on Q, on K or on the
  scores, as a generic with a scalar constant or an arith.truncf of an f64
  one, a generic with a linalg.fill operand, or arith on tensors with a
  splat constant; a bias argument added in either operand order (or times
  1, torch's alpha), of the scores' shape or broadcast; a causal mask
  (top_left or bottom_right) added as a 0/-inf tensor built from
  linalg.index or selected in place, written with either predicate;
- softmax as linalg.softmax or as max/sub/exp/sum/div: linalg.reduce or
  reduction generics, keepdim or not (or expand_shape), maximumf or maxnumf
  starting at -inf, the lowest float or NaN, the max times 1 or not, sub
  and exp fused or not, a division or a reciprocal and a multiplication in
  either order; in 3-D, sometimes on the scores expanded to [B, H, L, S]
  and collapsed back;
- P V as linalg.matmul / linalg.batch_matmul or a contraction generic.

About half the cases carry one near miss, a change that docs/Raising.md says
is left alone (softmax or a reduction over L, no max subtracted, a max
starting at 0, a scale on the probabilities, a scale after the bias, a
negative scale after the mask, a product accumulating from 1, an
intermediate that is also returned, a select-in-place mask one diagonal off
or filling -1e4) or raises otherwise (an added mask one diagonal off or of
-1e4 becomes a bias; a scaled V is just the V operand).

With --projections, a case is a block instead: the Q, K and V projections
of one input (or three, cross-attention) as 2-D linalg.matmul on collapsed
rows or 3-D contraction generics, with separate weights, torch's packed
in-projection weight and bias sliced into q, k and v, or torch's [out, in]
weights transposed; biases added after the product or held in the
accumulator; heads split by expand_shape and linalg.transpose; an
mha.attention with grouped heads, a key-padding mask, causal, scale and
softcap; heads merged back and the output projection. It must be raised to
one mha.multi_head_attention with the same heads, causal mode and scale.
Its near misses (left alone): heads split or merged E-major (head h is
columns h, h + H, ...), the Q projection also returned, no output
projection.

With --tosa, the attention core is TOSA as torch-mlir emits it: 3-D or 4-D
(reshaped to 3-D around each tosa.matmul), K transposed by tosa.transpose,
scales as tosa.mul by constants on Q or on the scores (either operand
order), a bias added, a causal mask as a constant i1 lower triangle selected
in place or a constant 0/-inf tensor added, softmax as reduce_max, sub, exp,
reduce_sum, reciprocal and mul (the CPU pipeline lowers TOSA with
upstream's TOSA-to-linalg passes). Near misses (left alone): softmax
over L, no max subtracted, probabilities scaled, an extra use; a selected
mask one diagonal off is no causal band but is raised as the op's mask
(the i1 constant it selects by).

With --dynamic, the core cases (linalg) leave L, S or both dynamic in the
types (E too in some, which is left alone: mha.attention needs a static E),
with their sizes read off the arguments by tensor.dim or, in half the
cases, off each elementwise op's input (as torch-mlir sizes its
tensor.empty ops); mha-run gets the drawn sizes by --shape. A causal
mask's diagonal offset is then computed from the sizes (S - L by
arith.subi of the tensor.dim values, a static one a constant), as a
frontend writes it; the raise proves such a mask symbolically: exact ones
are raised causal, except bottom_right compared unsigned (`j <=u i + S -
L` wraps where S < L, so it is not causal for every size: left alone in
place, a bias when added), and near misses are left alone in place or
raised as a bias when added.

With --half, Q, K and V are f16 or bf16 arguments extended to f32 (by
generics or arith on tensors) and the result is truncated back, to nearest
even (the raise folds the casts into an f16/bf16 mha.attention) or toward
zero (the casts stay around an f32 op); --dynamic and --half combine.

Per case:
1. the function as written is compiled by mha-run (whose CPU pipeline
   decomposes linalg.softmax and lowers TOSA) and run on seeded inputs;
2. mha-opt --mha-raise-attention raises it; the raised IR must hold one
   mha.attention with the expected causal mode, scale and bias (a clean
   case or a near miss that is raised) or none (a near miss left alone),
   and no linalg op where it raised;
3. the raised function runs on the same inputs (and is compared with the
   float64 reference by --check where it holds only mha ops, reshapes and
   sizes); every result
   must match the first run's to relative L2 < 1e-5 (compare_npy.py).
No drawn mask leaves a row without keys: there, the decomposed form gives
NaN and mha.attention zeros (docs/Raising.md, "Differences on degenerate
inputs").

Usage: random_raise.py --mha-opt=PATH --mha-run=PATH
                       [--projections | --tosa | --dynamic] [--half]
                       [--count=N] [--seed=S] [--work=DIR]
Prints one line per failing case and a last line `N passed, N failed`;
exits 1 if any case failed.
"""

import argparse
import os
import random
import re
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bool_npy  # noqa: E402
import compare_npy  # noqa: E402

# Near misses, with what docs/Raising.md says the raise does with them:
# "keep" (left alone) or "bias" (raised, the added mask becoming a bias).
NEAR_MISSES = {
    "softmax_over_L": "keep",       # linalg.softmax or max/sum over L
    "max_over_L": "keep",           # only the max reduces over L
    "sum_over_L": "keep",           # only the sum reduces over L
    "no_max": "keep",               # exp(x) / sum(exp(x))
    "max_from_zero": "keep",        # max starting at 0, above the lowest
    "scale_probs": "keep",          # P * c before P V
    "scale_after_bias": "keep",     # would scale the bias
    "scale_v": "raise",             # V * c is just another V
    "neg_scale_after_mask": "keep",  # -inf * -c
    "acc_from_one": "keep",         # a product accumulating from 1
    "extra_use": "keep",            # the probabilities also returned
    "select_off_by_one": "keep",    # in place, one diagonal further
    "select_fill": "keep",          # in place, -1e4 instead of -inf
    "added_off_by_one": "bias",     # added, one diagonal further
    "added_fill": "bias",           # added 0/-1e4
}


MASK_MISSES = ("added_off_by_one", "added_fill", "select_off_by_one",
               "select_fill")


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


class Dyn(int):
    """A size that the function's types leave dynamic (--dynamic): its value
    for this run, printed as `?` in types (str) and as the SSA value that
    holds it in size lists (repr: output_shape, tensor.empty). Arithmetic
    on it gives plain ints."""

    def __new__(cls, value, ssa):
        d = super().__new__(cls, value)
        d.ssa = ssa
        return d

    def __str__(self):
        return "?"

    def __repr__(self):
        return self.ssa


def ttype(shape, elem="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + f"x{elem}>"


def amap(n, exprs):
    dims = ", ".join(f"d{i}" for i in range(n))
    return f"affine_map<({dims}) -> ({', '.join(exprs)})>"


class Program:
    """Builds the text of one function in SSA form."""

    def __init__(self):
        self.lines = []
        self.count = 0
        self.consts = {}
        # --dynamic: an elementwise op's output reads its dynamic sizes off
        # its first input with tensor.dim, as torch-mlir writes it.
        self.dims_from_inputs = False

    def fresh(self, stem="t"):
        self.count += 1
        return f"%{stem}{self.count}"

    def emit(self, line):
        self.lines.append("  " + line)

    def const(self, value, type_="f32"):
        key = (repr(value), type_)
        if key not in self.consts:
            name = self.fresh("c")
            if type_ == "index":
                text = str(value)
            elif value == float("-inf"):
                text = "0xFF800000"
            elif value != value:
                text = "0x7FC00000"
            elif type_ == "f64":
                text = repr(float(value))
            else:
                text = repr(float(value))
            self.emit(f"{name} = arith.constant {text} : {type_}")
            self.consts[key] = name
        return self.consts[key]

    def empty(self, shape, like=None, elem="f32"):
        """tensor.empty of `shape` and `elem`; its dynamic sizes are read off
        the value `like` (of the same type) when given."""
        sizes = []
        for i, d in enumerate(shape):
            if not isinstance(d, Dyn):
                continue
            if like is None:
                sizes.append(d.ssa)
                continue
            size = self.fresh("d")
            self.emit(f"{size} = tensor.dim {like}, "
                      f"{self.const(i, 'index')} : {ttype(shape, elem)}")
            sizes.append(size)
        name = self.fresh("e")
        self.emit(f"{name} = tensor.empty({', '.join(sizes)}) : "
                  f"{ttype(shape, elem)}")
        return name

    def fill(self, value, shape):
        c = self.const(value)
        e = self.empty(shape)
        name = self.fresh("f")
        self.emit(f"{name} = linalg.fill ins({c} : f32) outs({e} : "
                  f"{ttype(shape)}) -> {ttype(shape)}")
        return name

    def generic(self, ins, out_shape, maps, iters, body, init=None,
                in_elem="f32", out_elem="f32"):
        """ins: [(value, shape)] of `in_elem`; maps: exprs per input and the
        output (of `out_elem`) over len(iters) dims; body(args, acc) returns
        (lines, yielded value)."""
        n = len(iters)
        out_type = ttype(out_shape, out_elem)
        in_elems = (in_elem if isinstance(in_elem, list)
                    else [in_elem] * len(ins))
        like = (ins[0][0] if self.dims_from_inputs and ins
                and list(ins[0][1]) == list(out_shape)
                and ttype(ins[0][1], in_elems[0]) == out_type else None)
        out = (init if init is not None
               else self.empty(out_shape, like, out_elem))
        name = self.fresh("g")
        args = [f"%in{k}" for k in range(len(ins))]
        lines, result = body(args, "%acc")
        ins_text = (f"ins({', '.join(v for v, _ in ins)} : "
                    f"{', '.join(ttype(s, e) for (_, s), e in zip(ins, in_elems))}) "
                    if ins else "")
        self.emit(
            f"{name} = linalg.generic {{indexing_maps = ["
            + ", ".join(amap(n, m) for m in maps) + "], iterator_types = ["
            + ", ".join(f'"{t}"' for t in iters) + "]} " + ins_text
            + f"outs({out} : {out_type}) {{")
        block = ", ".join([f"{a}: {e}" for a, e in zip(args, in_elems)]
                          + [f"%acc: {out_elem}"])
        self.lines.append(f"  ^bb0({block}):")
        for l in lines:
            self.emit("  " + l)
        self.emit(f"  linalg.yield {result} : {out_elem}")
        self.emit(f"}} -> {out_type}")
        return name

    def named(self, opname, a, sa, b, sb, out_shape, init, maps=""):
        """A named linalg product (matmul, batch_matmul) of a and b."""
        name = self.fresh("mm")
        self.emit(f"{name} = {opname} {maps}ins({a}, {b} : {ttype(sa)}, "
                  f"{ttype(sb)}) outs({init} : {ttype(out_shape)}) -> "
                  f"{ttype(out_shape)}")
        return name

    def tosa_reshape(self, x, src, dst, elem="f32"):
        sh, name = self.fresh("sh"), self.fresh("rs")
        t = [f"tensor<{'x'.join(map(str, d))}x{elem}>" for d in (src, dst)]
        self.emit(f"{sh} = tosa.const_shape {{values = dense<{dst}> : "
                  f"tensor<{len(dst)}xindex>}} : () -> !tosa.shape<{len(dst)}>")
        self.emit(f"{name} = tosa.reshape {x}, {sh} : ({t[0]}, "
                  f"!tosa.shape<{len(dst)}>) -> {t[1]}")
        return name

    def tosa_transpose(self, x, src, perm):
        name = self.fresh("tt")
        dst = [src[i] for i in perm]
        self.emit(f"{name} = tosa.transpose {x} {{perms = array<i32: "
                  f"{', '.join(map(str, perm))}>}} : ({ttype(src)}) -> "
                  f"{ttype(dst)}")
        return name

    def tensor_reshape(self, x, src, dst):
        """One tensor.expand_shape or collapse_shape where a reassociation
        exists, else a collapse to 1-D and an expand."""
        def group(big, small):
            groups, i = [], 0
            try:
                for n in small:
                    g, prod = [i], big[i]
                    i += 1
                    while prod < n or (prod == n and i < len(big)
                                       and big[i] == 1 and len(groups) + 1
                                       == len(small)):
                        g.append(i)
                        prod *= big[i]
                        i += 1
                    if prod != n:
                        return None
                    groups.append(g)
            except IndexError:
                return None
            return groups if i == len(big) else None
        if list(src) == list(dst):
            return x
        name = self.fresh("rs")
        if len(dst) > len(src) and (g := group(dst, src)):
            self.emit(f"{name} = tensor.expand_shape {x} {g} output_shape "
                      f"{list(dst)} : {ttype(src)} into {ttype(dst)}")
        elif len(dst) < len(src) and (g := group(src, dst)):
            self.emit(f"{name} = tensor.collapse_shape {x} {g} : "
                      f"{ttype(src)} into {ttype(dst)}")
        else:
            # Expand to the shape both refine (torch-mlir's view), else go
            # through 1-D.
            def cuts(shape):
                out, prod = set(), 1
                for d in shape:
                    prod *= d
                    out.add(prod)
                return out
            points = sorted(cuts(src) | cuts(dst))
            fine = [points[0]] + [b // a for a, b in zip(points, points[1:])]
            if (any(b % a for a, b in zip(points, points[1:]))
                    or len(fine) <= max(len(src), len(dst))
                    or not group(fine, src) or not group(fine, dst)):
                fine = [points[-1]]
            mid = self.tensor_reshape(x, src, fine)
            return self.tensor_reshape(mid, fine, dst)
        return name

    def function(self, args, results, c, arg_elems=None, result_elems=None):
        """The text of @f over `args` and `results` ([(name, shape)]) and
        its number of results; element types are f32 but where `arg_elems`
        (by name) or `result_elems` (by position) say otherwise.
        c["arg_shapes"] gets the sizes of this run (for mha-run's --shape
        where they are dynamic)."""
        arg_elems, result_elems = arg_elems or {}, result_elems or {}
        atype = {n: ttype(s, arg_elems.get(n) or "f32") for n, s in args}
        sig = ", ".join(f"%{n}: {atype[n]}" for n, _ in args)
        rets = ", ".join(ttype(s, result_elems.get(i) or "f32")
                         for i, (_, s) in enumerate(results))
        body = "\n".join(self.lines)
        for n, _ in args:
            body = body.replace(f"ARGTYPE%{n}", atype[n])
        c["arg_shapes"] = ["x".join(str(int(d)) for d in s) for _, s in args]
        return (f"func.func @f({sig}) -> ({rets}) {{\n" + body + "\n}\n",
                len(results))

    def linalg_transpose(self, x, src, perm):
        dst = [src[i] for i in perm]
        e = self.empty(dst)
        name = self.fresh("tr")
        self.emit(f"{name} = linalg.transpose ins({x} : {ttype(src)}) outs("
                  f"{e} : {ttype(dst)}) permutation = {list(perm)}")
        return name

    def tosa_zero_point(self):
        if "zp" not in self.consts:
            name = self.fresh("zp")
            self.emit(f'{name} = "tosa.const"() <{{values = dense<0.000000e+00> '
                      f': tensor<1xf32>}}> : () -> tensor<1xf32>')
            self.consts["zp"] = name
        return self.consts["zp"]

    def elementwise(self, ins, shape, op, in_elem="f32", out_elem="f32"):
        """One generic over `shape`; ins: [(value, shape, exprs)]; op(args)
        returns (lines, value)."""
        n = len(shape)
        ident = [f"d{i}" for i in range(n)]
        return self.generic([(v, s) for v, s, _ in ins], shape,
                            [e for _, _, e in ins] + [ident],
                            ["parallel"] * n, lambda a, acc: op(a),
                            in_elem=in_elem, out_elem=out_elem)


def draw_case(rng, dynamic=False, half=False, combined=False):
    c = {}
    c["B"], c["H"] = rng.choice([1, 2]), rng.choice([1, 2, 3])
    c["L"] = rng.choice([1, 3, 7, 9])
    c["S"] = rng.choice([1, 5, 8, 13])
    c["E"], c["Ev"] = rng.choice([4, 16]), rng.choice([3, 8])
    ranks = [3, 4] + ([2] if c["B"] * c["H"] == 1 else [])
    c["rank"] = rng.choice(ranks)
    c["collapse"] = c["rank"] == 3 and rng.random() < 0.5
    c["mid_reshape"] = (c["rank"] == 3 and c["B"] * c["H"] > 1
                        and rng.random() < 0.3)
    if c["rank"] == 2:
        c["qk"] = rng.choice(["matmul", "matmul_maps", "generic",
                              "generic_kt"])
        c["pv"] = rng.choice(["matmul", "generic"])
    elif c["rank"] == 3:
        c["qk"] = rng.choice(["bmm_transpose", "bmm_generic_transpose",
                              "bmm_maps", "generic", "generic_kt"])
        c["pv"] = rng.choice(["bmm", "generic"])
    else:
        c["qk"] = rng.choice(["generic", "generic_kt"])
        c["pv"] = "generic"
    c["scales"] = [(rng.choice(["q", "k", "scores"]),
                    rng.choice(["mul", "div"]),
                    rng.choice([0.25, 0.5, 0.125, 3.0, 0.3]))
                   for _ in range(rng.choice([0, 1, 1, 2]))]
    c["scale_form"] = rng.choice(["generic", "generic", "truncf", "tensor",
                                  "fill"])
    c["bias"] = rng.choice([None, None, "full", "rows", "ls"])
    c["bias_alpha"] = rng.random() < 0.2  # torch's other * alpha, alpha = 1
    c["swap_add"] = rng.random() < 0.5  # bias + scores, mask + scores
    c["causal"] = rng.choice([None, None, "top_left", "bottom_right"])
    if c["causal"] == "bottom_right" and c["L"] > c["S"]:
        c["causal"] = "top_left"  # no row without keys
    c["mask_form"] = rng.choice(["added", "select"])
    if combined:
        # Every case a causal select (and, below, a padding mask in its
        # condition unless a near miss changes the select).
        c["causal"] = rng.choice(["top_left", "bottom_right"])
        if c["causal"] == "bottom_right" and c["L"] > c["S"]:
            c["causal"] = "top_left"
        c["mask_form"] = "select"
    c["mask_pred"] = rng.choice(["gt", "le"])
    c["mask_first"] = rng.random() < 0.3  # mask before the bias
    c["softmax"] = rng.choice(["linalg", "explicit", "explicit"])
    c["max_form"] = rng.choice(["reduce", "generic"])
    c["sum_form"] = rng.choice(["reduce", "generic"])
    c["keepdim"] = rng.choice(["drop", "keep", "expand"])
    c["max_init"] = rng.choice(["-inf", "lowest", "maxnumf-inf",
                                "maxnumf-nan"])
    c["fused_exp"] = rng.random() < 0.5
    c["max_alpha"] = rng.random() < 0.2  # max * 1 before the subtraction
    c["normalize"] = rng.choice(["div", "recip_mul", "mul_recip"])
    c["near_miss"] = None
    c["dynamic"] = []
    if dynamic:
        # Sizes left dynamic in the types (given to mha-run by --shape): L,
        # S or both, and sometimes E (mha.attention needs a static E: left
        # alone). A splat constant cannot have a dynamic type.
        c["dynamic"] = rng.choice([["L"], ["S"], ["L", "S"], ["L", "S"]])
        if rng.random() < 0.15:
            c["dynamic"].append("E")
        if c["scale_form"] == "tensor":
            c["scale_form"] = "generic"
        c["dims_from_inputs"] = rng.random() < 0.5
    c["half"] = None
    if half:
        # Q, K and V in f16 or bf16, extended to f32 (a generic or arith on
        # tensors), the result truncated back (sometimes toward zero, which
        # mha.attention does not do: the casts then stay).
        c["half"] = rng.choice(["f16", "bf16"])
        c["cast_form"] = rng.choice(["generic", "arith"])
        c["trunc_mode"] = rng.choice(["nearest"] * 4 + ["toward_zero"])
    if rng.random() < 0.5:
        options = ["softmax_over_L", "scale_probs", "scale_v", "acc_from_one",
                   "extra_use"]
        if c["softmax"] == "explicit":
            options += ["max_over_L", "sum_over_L", "no_max",
                        "max_from_zero"]
        if c["bias"] and any(w == "scores" for w, _, _ in c["scales"]):
            options.append("scale_after_bias")
        if c["causal"]:
            form = c["mask_form"]
            options += [f"{form}_off_by_one", f"{form}_fill",
                        "neg_scale_after_mask"]
        c["near_miss"] = rng.choice(options)
    # A sliding window of `left` keys below the diagonal on the causal mask
    # (not with a near miss of the mask itself).
    # Every row keeps a key: the last row's window reaches below S (always,
    # anchored bottom-right).
    c["window"] = None
    lefts = [w for w in (0, 1, 2, 3, 5, 8)
             if c["causal"] == "bottom_right" or c["L"] - 1 - w <= c["S"] - 1]
    if (c["causal"] and c["near_miss"] not in MASK_MISSES and lefts
            and rng.random() < 0.3):
        c["window"] = rng.choice(lefts)
    # A padding mask, an i1 argument selecting the scores in place, over the
    # keys ([batch.., 1, S]) or [L, S] (not with a window, which could leave
    # a row with none of its keys; the mask's first key is always kept).
    c["pad"] = None
    if c["window"] is None and (combined or rng.random() < 0.25):
        c["pad"] = rng.choice(["keys", "ls"])
        c["pad_form"] = rng.choice(["where", "masked_fill"])
        c["pad_first"] = rng.random() < 0.5  # before the bias and mask
        # In the causal select's own condition (`causal & pad`, one generic
        # reading both), where that select is exact.
        c["pad_combined"] = (c["causal"] is not None
                             and c["mask_form"] == "select"
                             and c["near_miss"] not in MASK_MISSES
                             and (combined or rng.random() < 0.5))
    return c


def expected_scale(c):
    s = 1.0
    for _, op, v in c["scales"]:
        s = s * v if op == "mul" else s / v
    return f32(s)


def program(c):
    """The text of @f and the shapes of its arguments."""
    B, H, L, S, E, Ev = (c[k] for k in ("B", "H", "L", "S", "E", "Ev"))
    r = c["rank"]
    batch = {2: [], 3: [B * H], 4: [B, H]}[r]
    nb = len(batch)
    miss = c["near_miss"]
    p = Program()

    p.dims_from_inputs = c.get("dims_from_inputs", False)

    # Arguments; dynamic sizes are read off them with tensor.dim.
    arg_batch = [B, H] if (r == 4 or c["collapse"]) else batch
    n_arg = len(arg_batch) + 2
    dyn = {"L": ("%q", n_arg - 2), "S": ("%k", n_arg - 2),
           "E": ("%q", n_arg - 1)}
    for name in c.get("dynamic", []):
        arg, d = dyn[name]
        ssa = f"%dim{name}"
        p.emit(f"{ssa} = tensor.dim {arg}, {p.const(d, 'index')} : "
               f"ARGTYPE{arg}")
        if name == "L":
            L = Dyn(L, ssa)
        elif name == "S":
            S = Dyn(S, ssa)
        else:
            E = Dyn(E, ssa)
    shapes = {"q": arg_batch + [L, E], "k": arg_batch + [S, E],
              "v": arg_batch + [S, Ev]}
    bias_shape = None
    if c["bias"] == "full":
        bias_shape = batch + [L, S]
    elif c["bias"] == "rows" and nb:
        # Broadcast over the last batch dim (H in 4-D, read as 0).
        bias_shape = batch[:-1] + [1, L, S]
    elif c["bias"]:
        bias_shape = [L, S]
    args = [("q", shapes["q"]), ("k", shapes["k"]), ("v", shapes["v"])]
    if bias_shape:
        args.append(("bias", bias_shape))
    pad_shape = None
    if c.get("pad"):
        pad_shape = batch + [1, S] if c["pad"] == "keys" else [L, S]
        args.append(("pad", pad_shape))
    q, k, v = "%q", "%k", "%v"
    half = c.get("half")

    def convert(x, shape, src_elem, dst_elem, op, attr=""):
        """x converted elementwise by `op` (arith.extf or arith.truncf)."""
        if c["cast_form"] == "arith":
            name = p.fresh("cv")
            p.emit(f"{name} = {op} {x} {attr}: {ttype(shape, src_elem)} to "
                   f"{ttype(shape, dst_elem)}")
            return name
        return p.elementwise(
            [(x, shape, [f"d{i}" for i in range(len(shape))])], shape,
            lambda a: ([f"%x = {op} {a[0]} {attr}: {src_elem} to "
                        f"{dst_elem}"], "%x"),
            in_elem=src_elem, out_elem=dst_elem)

    if half:
        q = convert(q, shapes["q"], half, "f32", "arith.extf")
        k = convert(k, shapes["k"], half, "f32", "arith.extf")
        v = convert(v, shapes["v"], half, "f32", "arith.extf")
    if c["collapse"]:
        for name in ("q", "k", "v"):
            new = p.fresh(name)
            shape = shapes[name]
            src = {"q": q, "k": k, "v": v}[name]
            p.emit(f"{new} = tensor.collapse_shape {src} [[0, 1], [2], [3]] "
                   f": {ttype(shape)} into {ttype([B * H] + shape[2:])}")
            if name == "q":
                q = new
            elif name == "k":
                k = new
            else:
                v = new

    def ident(n):
        return [f"d{i}" for i in range(n)]

    # How the scores read the padding mask ([batch.., 1, S] or [L, S]).
    pad_exprs = (ident(nb) + ["0", f"d{nb + 1}"] if c.get("pad") == "keys"
                 else [f"d{nb}", f"d{nb + 1}"])

    def scale_op(x, shape, op, value):
        """x * value or x / value, in the form the case drew."""
        arith_op = "arith.mulf" if op == "mul" else "arith.divf"
        form = c["scale_form"]
        if form == "tensor":
            cst = p.fresh("splat")
            p.emit(f"{cst} = arith.constant dense<{float(value)!r}> : "
                   f"{ttype(shape)}")
            name = p.fresh("x")
            p.emit(f"{name} = {arith_op} {x}, {cst} : {ttype(shape)}")
            return name
        if form == "fill":
            filled = p.fill(value, shape)
            return p.elementwise(
                [(x, shape, ident(len(shape))),
                 (filled, shape, ident(len(shape)))], shape,
                lambda a: ([f"%x = {arith_op} {a[0]}, {a[1]} : f32"], "%x"))
        if form == "truncf":
            cst = p.const(value, "f64")
            return p.elementwise(
                [(x, shape, ident(len(shape)))], shape,
                lambda a: ([f"%c = arith.truncf {cst} : f64 to f32",
                            f"%x = {arith_op} {a[0]}, %c : f32"], "%x"))
        cst = p.const(value)
        return p.elementwise(
            [(x, shape, ident(len(shape)))], shape,
            lambda a: ([f"%x = {arith_op} {a[0]}, {cst} : f32"], "%x"))

    # Scales on Q and K.
    for where, op, value in c["scales"]:
        if where == "q":
            q = scale_op(q, batch + [L, E], op, value)
        elif where == "k":
            k = scale_op(k, batch + [S, E], op, value)

    def mul_add(a, acc):
        return ([f"%m = arith.mulf {a[0]}, {a[1]} : f32",
                 f"%s = arith.addf {acc}, %m : f32"], "%s")

    def transpose_k():
        return p.linalg_transpose(k, batch + [S, E],
                                  list(range(nb)) + [nb + 1, nb])

    # Scores.
    s_shape = batch + [L, S]
    acc_init = 1.0 if miss == "acc_from_one" else 0.0
    form = c["qk"]
    bd = ident(nb)
    if form in ("matmul_maps", "bmm_maps"):
        # K read transposed through the product's indexing maps.
        init = p.fill(acc_init, s_shape)
        bm = ["d0"] if form == "bmm_maps" else []
        o = len(bm)
        m, n_, kk = f"d{o}", f"d{o + 1}", f"d{o + 2}"
        maps = [amap(o + 3, bm + [m, kk]), amap(o + 3, bm + [n_, kk]),
                amap(o + 3, bm + [m, n_])]
        opname = "linalg.matmul" if form == "matmul_maps" else "linalg.batch_matmul"
        scores = p.named(opname, q, batch + [L, E], k, batch + [S, E], s_shape,
                         init, f"indexing_maps = [{', '.join(maps)}] ")
    elif form in ("matmul", "bmm_transpose", "bmm_generic_transpose"):
        if form == "bmm_generic_transpose":
            kt = p.elementwise(
                [(k, batch + [S, E], bd + [f"d{nb + 1}", f"d{nb}"])],
                batch + [E, S], lambda a: ([], a[0]))
        else:
            kt = transpose_k()
        init = p.fill(acc_init, s_shape)
        opname = "linalg.matmul" if form == "matmul" else "linalg.batch_matmul"
        scores = p.named(opname, q, batch + [L, E], kt, batch + [E, S],
                         s_shape, init)
    else:
        i, j, e_ = f"d{nb}", f"d{nb + 1}", f"d{nb + 2}"
        init = p.fill(acc_init, s_shape)
        if form == "generic_kt":
            kt = transpose_k()
            kin, kmap = (kt, batch + [E, S]), bd + [e_, j]
        else:
            kin, kmap = (k, batch + [S, E]), bd + [j, e_]
        scores = p.generic([(q, batch + [L, E]), kin], s_shape,
                           [bd + [i, e_], kmap, bd + [i, j]],
                           ["parallel"] * (nb + 2) + ["reduction"], mul_add,
                           init=init)

    # Score post-processing, in order: scales, bias, mask (or mask, bias).
    score_scales = [(op, value) for w, op, value in c["scales"]
                    if w == "scores"]
    late_scale = None
    if miss == "scale_after_bias":
        late_scale = score_scales.pop()
    for op, value in score_scales:
        scores = scale_op(scores, s_shape, op, value)

    def add_bias(x):
        exprs = {"full": ident(nb + 2),
                 "rows": ident(nb - 1) + ["0", f"d{nb}", f"d{nb + 1}"],
                 "ls": [f"d{nb}", f"d{nb + 1}"]}
        kind = c["bias"] if (c["bias"] != "rows" or nb) else "ls"
        ins = [(x, s_shape, ident(nb + 2)), ("%bias", bias_shape, exprs[kind])]
        if c["swap_add"]:
            ins.reverse()
        b = 0 if c["swap_add"] else 1  # the bias's block argument

        def body(a):
            if not c["bias_alpha"]:
                return [f"%x = arith.addf {a[0]}, {a[1]} : f32"], "%x"
            one = p.const(1.0)
            other = a[1 - b]
            return [f"%b = arith.mulf {a[b]}, {one} : f32",
                    f"%x = arith.addf {other}, %b : f32"], "%x"
        return p.elementwise(ins, s_shape, body)

    def add_mask(x):
        off = 0 if c["causal"] == "top_left" else S - L
        if miss in ("added_off_by_one", "select_off_by_one"):
            off += 1
        fill = -1e4 if miss in ("added_fill", "select_fill") else float("-inf")
        ninf, zero = p.const(fill), p.const(0.0)
        offc = p.const(abs(off), "index")
        diag_op = "arith.addi" if off >= 0 else "arith.subi"
        if isinstance(L, Dyn) or isinstance(S, Dyn):
            # The offset from the sizes, as a frontend computes it.
            sym = p.const(0, "index")
            if c["causal"] == "bottom_right":
                sym = p.fresh("off")
                p.emit(f"{sym} = arith.subi "
                       f"{S.ssa if isinstance(S, Dyn) else p.const(S, 'index')}, "
                       f"{L.ssa if isinstance(L, Dyn) else p.const(L, 'index')} : index")
            if miss in ("added_off_by_one", "select_off_by_one"):
                one = p.const(1, "index")
                plus = p.fresh("off")
                p.emit(f"{plus} = arith.addi {sym}, {one} : index")
                sym = plus
            offc, diag_op = sym, "arith.addi"
        n = nb + 2

        def diag(iname, jname):
            lines = [f"%i = linalg.index {iname} : index",
                     f"%j = linalg.index {jname} : index",
                     f"%d = {diag_op} %i, {offc} : index"]
            # With a window: keys below d - left are masked too (one more
            # condition, or-ed to "masked" or and-ed to "allowed").
            c0 = "%c0" if c.get("window") is not None else "%c"
            if c["mask_pred"] == "gt":
                lines.append(f"{c0} = arith.cmpi sgt, %j, %d : index")
            else:
                lines.append(f"{c0} = arith.cmpi ule, %j, %d : index")
            if c.get("window") is not None:
                left = p.const(c["window"], "index")
                if c["mask_pred"] == "gt":
                    lines += [f"%lo = arith.subi %d, {left} : index",
                              "%cw = arith.cmpi slt, %j, %lo : index",
                              "%c = arith.ori %c0, %cw : i1"]
                else:
                    lines += [f"%jl = arith.addi %j, {left} : index",
                              "%cw = arith.cmpi uge, %jl, %d : index",
                              "%c = arith.andi %c0, %cw : i1"]
            return lines

        masked_first = c["mask_pred"] == "gt"  # %c true: masked
        if c["mask_form"] == "added":
            e = p.empty([L, S])
            mask = p.fresh("mask")
            sel = (f"%x = arith.select %c, {ninf}, {zero} : f32" if masked_first
                   else f"%x = arith.select %c, {zero}, {ninf} : f32")
            p.emit(f"{mask} = linalg.generic {{indexing_maps = [{amap(2, ['d0', 'd1'])}], "
                   f"iterator_types = [\"parallel\", \"parallel\"]}} "
                   f"outs({e} : {ttype([L, S])}) {{")
            p.lines.append("  ^bb0(%out: f32):")
            for line in diag(0, 1) + [sel]:
                p.emit("  " + line)
            p.emit("  linalg.yield %x : f32")
            p.emit(f"}} -> {ttype([L, S])}")
            ins = [(x, s_shape, ident(n)), (mask, [L, S], [f"d{nb}", f"d{nb + 1}"])]
            if c["swap_add"]:
                ins.reverse()
            return p.elementwise(
                ins, s_shape,
                lambda a: ([f"%y = arith.addf {a[0]}, {a[1]} : f32"], "%y"))

        if c.get("pad_combined"):
            # The padding tensor in the same condition: masked where the
            # band masks or the tensor says so (where: false, masked_fill:
            # true), allowed where both allow.
            def body(a):
                lines = diag(nb, nb + 1)
                keep = c["pad_form"] == "where"
                if masked_first == keep:
                    lines += ["%t = arith.constant true",
                              f"%pn = arith.xori {a[1]}, %t : i1"]
                    pad = "%pn"
                else:
                    pad = a[1]
                if masked_first:
                    lines += [f"%cm = arith.ori %c, {pad} : i1",
                              f"%x = arith.select %cm, {ninf}, {a[0]} : f32"]
                else:
                    lines += [f"%cm = arith.andi {pad}, %c : i1",
                              f"%x = arith.select %cm, {a[0]}, {ninf} : f32"]
                return lines, "%x"
            return p.elementwise([(x, s_shape, ident(n)),
                                  ("%pad", pad_shape, pad_exprs)], s_shape, body,
                                 in_elem=["f32", "i1"])

        def body(a):
            sel = (f"%x = arith.select %c, {ninf}, {a[0]} : f32" if masked_first
                   else f"%x = arith.select %c, {a[0]}, {ninf} : f32")
            return diag(nb, nb + 1) + [sel], "%x"
        return p.elementwise([(x, s_shape, ident(n))], s_shape, body)

    def add_pad(x):
        ninf = p.const(float("-inf"))

        def body(a):
            if c["pad_form"] == "where":
                return [f"%x = arith.select {a[1]}, {a[0]}, {ninf} : f32"], "%x"
            return [f"%x = arith.select {a[1]}, {ninf}, {a[0]} : f32"], "%x"
        return p.elementwise([(x, s_shape, ident(nb + 2)),
                              ("%pad", pad_shape, pad_exprs)], s_shape, body,
                             in_elem=["f32", "i1"])

    steps = []
    if c["bias"]:
        steps.append(add_bias)
    if c["causal"]:
        steps.insert(0 if c["mask_first"] else len(steps), add_mask)
    if c.get("pad") and not c.get("pad_combined"):
        steps.insert(0 if c["pad_first"] else len(steps), add_pad)
    for step in steps:
        scores = step(scores)
    if late_scale:
        scores = scale_op(scores, s_shape, *late_scale)
    if miss == "neg_scale_after_mask":
        scores = scale_op(scores, s_shape, "mul", -0.5)

    # Softmax, possibly on the scores expanded to [B, H, L, S].
    sm_batch = batch
    if c["mid_reshape"]:
        sm_batch = [B, H]
        name = p.fresh("s4")
        p.emit(f"{name} = tensor.expand_shape {scores} [[0, 1], [2], [3]] "
               f"output_shape {[B, H, L, S]} : {ttype(s_shape)} into "
               f"{ttype([B, H, L, S])}")
        scores = name
    probs = softmax(p, c, scores, sm_batch + [L, S])
    if c["mid_reshape"]:
        name = p.fresh("p3")
        p.emit(f"{name} = tensor.collapse_shape {probs} [[0, 1], [2], [3]] : "
               f"{ttype([B, H, L, S])} into {ttype(s_shape)}")
        probs = name
    if miss == "scale_probs":
        probs = scale_op(probs, s_shape, "mul", 0.5)
    if miss == "scale_v":
        v = scale_op(v, batch + [S, Ev], "mul", 0.5)

    # P V.
    o_shape = batch + [L, Ev]
    init = p.fill(acc_init, o_shape)
    if c["pv"] in ("matmul", "bmm"):
        opname = "linalg.matmul" if c["pv"] == "matmul" else "linalg.batch_matmul"
        out = p.named(opname, probs, s_shape, v, batch + [S, Ev], o_shape, init)
    else:
        i, cc, j = f"d{nb}", f"d{nb + 1}", f"d{nb + 2}"
        out = p.generic([(probs, s_shape), (v, batch + [S, Ev])], o_shape,
                        [bd + [i, j], bd + [j, cc], bd + [i, cc]],
                        ["parallel"] * (nb + 2) + ["reduction"], mul_add,
                        init=init)
    results = [(out, o_shape)]
    if c["collapse"]:
        name = p.fresh("o4")
        p.emit(f"{name} = tensor.expand_shape {out} [[0, 1], [2], [3]] "
               f"output_shape {[B, H, L, Ev]} : {ttype(o_shape)} into "
               f"{ttype([B, H, L, Ev])}")
        results = [(name, [B, H, L, Ev])]
    elems = [None]
    if half:
        name, shape = results[0]
        mode = "" if c["trunc_mode"] == "nearest" else "toward_zero "
        results[0] = (convert(name, shape, "f32", half, "arith.truncf", mode),
                      shape)
        elems = [half]
    if miss == "extra_use":
        results.append((probs, s_shape))
        elems.append(None)
    p.emit(f"return {', '.join(n for n, _ in results)} : "
           + ", ".join(ttype(s, e or "f32")
                       for (_, s), e in zip(results, elems)))
    elems = {"q": half, "k": half, "v": half} if half else {}
    if pad_shape:
        elems["pad"] = "i1"
    return p.function(args, results, c, elems, {0: half} if half else {})


def softmax(p, c, x, shape):
    """Softmax of x over its last dim (or L, for the near misses that say
    so), in the form the case drew."""
    n = len(shape)
    miss = c["near_miss"]
    ident = [f"d{i}" for i in range(n)]
    if c["softmax"] == "linalg":
        dim = n - 2 if miss == "softmax_over_L" else n - 1
        e = p.empty(shape)
        name = p.fresh("p")
        p.emit(f"{name} = linalg.softmax dimension({dim}) ins({x} : "
               f"{ttype(shape)}) outs({e} : {ttype(shape)}) -> {ttype(shape)}")
        return name

    def reduce(src, axis, combine, init_value):
        """Row reduction of src over `axis`; returns (value, exprs that read
        it from an element of `shape`)."""
        keep = c["keepdim"]
        rows = [d for a, d in enumerate(shape) if a != axis]
        row_exprs = [f"d{a}" for a in range(n) if a != axis]
        form = c["max_form"] if combine in ("arith.maximumf",
                                            "arith.maxnumf") else c["sum_form"]
        if keep == "keep":
            out_shape = [1 if a == axis else d for a, d in enumerate(shape)]
            out_exprs = ["0" if a == axis else f"d{a}" for a in range(n)]
            form = "generic"
        else:
            out_shape, out_exprs = rows, row_exprs
        init = p.fill(init_value, out_shape)
        if form == "reduce":
            name = p.fresh("r")
            p.emit(f"{name} = linalg.reduce ins({src} : {ttype(shape)}) outs("
                   f"{init} : {ttype(out_shape)}) dimensions = [{axis}]")
            p.emit("  (%in: f32, %init: f32) {")
            p.emit(f"    %x = {combine} %in, %init : f32")
            p.emit("    linalg.yield %x : f32")
            p.emit("  }")
        else:
            # Reduction dim last in the iteration space.
            order = [a for a in range(n) if a != axis] + [axis]
            pos = {a: f"d{order.index(a)}" for a in range(n)}
            in_exprs = [pos[a] for a in range(n)]
            red_exprs = ["0" if e == "0" else pos[int(e[1:])] for e in out_exprs]
            name = p.generic(
                [(src, shape)], out_shape, [in_exprs, red_exprs],
                ["parallel"] * (n - 1) + ["reduction"],
                lambda a, acc: ([f"%x = {combine} {a[0]}, {acc} : f32"], "%x"),
                init=init)
        if keep == "expand" and out_shape == rows:
            full = [1 if a == axis else d for a, d in enumerate(shape)]
            # The unit dim joins its right neighbour's group (the left one's
            # when it is last).
            groups = [[a] for a in range(n) if a != axis]
            pos = axis if axis < n - 1 else axis - 1
            groups[pos].insert(0 if axis < n - 1 else 1, axis)
            reassoc = groups
            expanded = p.fresh("x")
            p.emit(f"{expanded} = tensor.expand_shape {name} {reassoc} "
                   f"output_shape {full} : {ttype(out_shape)} into "
                   f"{ttype(full)}")
            return expanded, ["0" if a == axis else f"d{a}" for a in range(n)], full
        return name, out_exprs, out_shape

    max_axis = n - 2 if miss in ("softmax_over_L", "max_over_L") else n - 1
    sum_axis = n - 2 if miss in ("softmax_over_L", "sum_over_L") else n - 1
    if miss == "no_max":
        mx = None
    else:
        kind = c["max_init"]
        combine = "arith.maxnumf" if kind.startswith("maxnumf") else "arith.maximumf"
        init = {"-inf": float("-inf"), "lowest": -3.4028234663852886e38,
                "maxnumf-inf": float("-inf"),
                "maxnumf-nan": float("nan")}[kind]
        if miss == "max_from_zero":
            init = 0.0
        mx = reduce(x, max_axis, combine, init)

    def sub(a):
        if not c["max_alpha"]:
            return [f"%x = arith.subf {a[0]}, {a[1]} : f32"]
        one = p.const(1.0)
        return [f"%a = arith.mulf {a[1]}, {one} : f32",
                f"%x = arith.subf {a[0]}, %a : f32"]

    def sub_exp(a):
        if mx is None:
            return ["%y = math.exp " + a[0] + " : f32"], "%y"
        return sub(a) + ["%y = math.exp %x : f32"], "%y"

    ins = [(x, shape, ident)]
    if mx is not None:
        ins.append((mx[0], mx[2], mx[1]))
    if c["fused_exp"] or mx is None:
        ex = p.elementwise(ins, shape, sub_exp)
    else:
        d = p.elementwise(ins, shape, lambda a: (sub(a), "%x"))
        ex = p.elementwise([(d, shape, ident)], shape,
                           lambda a: ([f"%y = math.exp {a[0]} : f32"], "%y"))
    sm = reduce(ex, sum_axis, "arith.addf", 0.0)
    if c["normalize"] == "div":
        return p.elementwise([(ex, shape, ident), (sm[0], sm[2], sm[1])], shape,
                             lambda a: ([f"%x = arith.divf {a[0]}, {a[1]} : f32"],
                                        "%x"))
    one = p.const(1.0)
    rows = sm[2]
    rcp = p.elementwise([(sm[0], rows, [f"d{i}" for i in range(len(rows))])],
                        rows, lambda a: ([f"%x = arith.divf {one}, {a[0]} : f32"],
                                         "%x"))
    ins = [(ex, shape, ident), (rcp, rows, sm[1])]
    if c["normalize"] == "mul_recip":
        ins.reverse()
    return p.elementwise(ins, shape, lambda a: (
        [f"%x = arith.mulf {a[0]}, {a[1]} : f32"], "%x"))


def vacuous_modes(c, shift):
    """Where the drawn causal mask, moved `shift` diagonals further, allows
    every key (row 0 already sees them all), the causal modes the raised op
    may carry: none (the mask dropped) or a mode that allows every key too.
    None where the mask does mask something."""
    L, S = c["L"], c["S"]
    off = (0 if c["causal"] == "top_left" else S - L) + shift
    if S - 1 > off:
        return None
    return {None} | {m for m, o in (("top_left", 0), ("bottom_right", S - L))
                     if S - 1 <= o}


def drawn_mode(c):
    """The causal mode the raise writes for the drawn mask (top_left where
    the two agree, L = S)."""
    return "top_left" if c["L"] == c["S"] else c["causal"]


def expectation(c):
    """None for 'left alone', else the attributes the raised op must have:
    the causal modes it may carry, its bias and scale, and whether linalg
    ops may remain (an added mask raised as a bias is built by one)."""
    miss = c["near_miss"]
    mask_miss = miss in ("added_off_by_one", "added_fill",
                         "select_off_by_one", "select_fill")
    if miss and not mask_miss and NEAR_MISSES[miss] == "keep":
        return None
    if "E" in c.get("dynamic", []):
        return None  # mha.attention needs a static E
    modes = {None}
    windows = {None}
    # Where V is scaled, the scale stays as V's producer.
    bias, linalg = bool(c["bias"]), miss == "scale_v"
    if c["causal"] and c.get("dynamic"):
        # With dynamic sizes the mask is proved symbolically: exact ones
        # (bottom_right compared signed) are causal, in the mode the offset
        # says (bottom_right also where the drawn L = S, which the proof
        # cannot know; a vacuous mask may also be dropped); the rest are
        # left alone in place and raised as a bias when added.
        proved = not mask_miss and (c["causal"] == "top_left"
                                    or c["mask_pred"] == "gt")
        if proved:
            modes = {c["causal"]} | (vacuous_modes(c, 0) or set())
            if c.get("window") is not None:
                # The proof gives the window whatever the sizes.
                modes = {c["causal"]}
                windows = {(c["window"], 0)}
        elif c["mask_form"] == "select" or bias:
            return None
        else:
            bias = linalg = True
    elif c["causal"]:
        shift = 1 if miss and miss.endswith("off_by_one") else 0
        off = (0 if c["causal"] == "top_left" else c["S"] - c["L"]) + shift
        vacuous = vacuous_modes(c, shift)
        # A window whose lower bound masks some key is proved symbolically
        # (the element-wise evaluation only proves causal masks); one that
        # masks none is the causal mask alone.
        binds = (c.get("window") is not None
                 and c["L"] - 1 + off - c["window"] >= 1)
        if binds:
            modes = {drawn_mode(c)}
            windows = {(c["window"], 0)}
        elif vacuous:
            modes = vacuous
        elif not mask_miss:
            modes = {drawn_mode(c)}
        elif shift and off == c["S"] - c["L"]:
            # One diagonal further than top_left is bottom_right (S = L + 1).
            modes = {"bottom_right"}
        elif NEAR_MISSES[miss] == "keep" or bias:
            return None  # not a causal mask in place; two biases
        else:
            bias = linalg = True
    # f16/bf16 inputs: the extensions and the truncation fold into the op
    # where they are exactly what it computes (V not scaled in f32, a
    # round-to-nearest truncation); else they stay around an f32 op.
    elem = "f32"
    if c.get("half"):
        if c["trunc_mode"] == "nearest" and miss != "scale_v":
            elem = c["half"]
        elif c["cast_form"] == "generic":
            linalg = True
    # A padding mask becomes the op's mask; masked_fill's form leaves the
    # generic that negates it.
    if c.get("pad") and c["pad_form"] == "masked_fill":
        linalg = True
    return {"causal": modes, "window": windows, "bias": bias,
            "mask": bool(c.get("pad")), "linalg": linalg,
            "scale": expected_scale(c), "elem": elem}


def check_raised(text, want):
    """Problems with the raised IR against the expectation."""
    ops = re.findall(r"mha\.attention ", text)
    if want is None:
        return ["a near miss was raised"] if ops else []
    problems = []
    if len(ops) != 1:
        return [f"{len(ops)} mha.attention ops, expected 1"]
    if not want["linalg"] and re.search(r"\blinalg\.", text):
        problems.append("linalg ops left after the raise")
    m = re.search(r"causal\((\w+)\)", text)
    causal = m.group(1) if m else None
    if causal not in want["causal"]:
        problems.append(f"causal {causal}, expected {want['causal']}")
    m = re.search(r"window\((\d+), (\d+)\)", text)
    window = (int(m.group(1)), int(m.group(2))) if m else None
    if window not in want.get("window", {None}):
        problems.append(f"window {window}, expected {want['window']}")
    if ("mask(" in text) != want.get("mask", False):
        problems.append(f"mask {'mask(' in text}, expected {want.get('mask')}")
    if ("bias(" in text) != want["bias"]:
        problems.append(f"bias {'bias(' in text}, expected {want['bias']}")
    m = re.search(r"scale\(([^)]+)\)", text)
    scale = float(m.group(1)) if m else None
    if scale is None or abs(scale - want["scale"]) > 1e-6 * abs(want["scale"]):
        problems.append(f"scale {scale}, expected {want['scale']}")
    m = re.search(r"mha\.attention .* -> tensor<[0-9?x]*x(\w+)>", text)
    elem = m.group(1) if m else None
    if "elem" in want and elem != want["elem"]:
        problems.append(f"element type {elem}, expected {want['elem']}")
    return problems


# Near misses of --projections: "keep" (no mha.multi_head_attention; the
# mha.attention stays).
BLOCK_NEAR_MISSES = {
    "split_e_major": "keep",   # head h of Q is columns h, h + H, ...
    "merge_e_major": "keep",   # heads merged as [B, L, Ev, H]
    "extra_use": "keep",       # the Q projection also returned
    "no_out_projection": "keep",  # the merged heads are the result
    # The Q projection in TOSA (either, raised where the size named is 1):
    "bias_per_row": "keep unless L == 1",  # its bias is [1, L, M]
    # tosa.matmul of [B, L, Ein] by the weight tiled to [B, Ein, M]:
    "batched_matmul": "keep unless B == 1",
}


def draw_block_case(rng):
    c = {"op": "block"}
    c["B"], c["L"] = rng.choice([1, 2]), rng.choice([1, 3, 7])
    c["cross"] = rng.random() < 0.4
    c["S"] = rng.choice([5, 8]) if c["cross"] else c["L"]
    c["Hq"] = rng.choice([1, 2, 4])
    c["Hkv"] = c["Hq"] // rng.choice([g for g in (1, 2) if c["Hq"] % g == 0])
    c["E"] = rng.choice([4, 8])
    c["Ev"] = rng.choice([4, 6])
    c["Ein"] = rng.choice([8, 12])
    c["Eink"] = rng.choice([8, 10]) if c["cross"] else c["Ein"]
    c["Einv"] = rng.choice([6, 8]) if c["cross"] else c["Ein"]
    c["Eout"] = rng.choice([8, 10])
    # Packed [Ein, 3 * H * E] in-projection weight (and bias) of torch's
    # self-attention, sliced into q, k and v.
    c["packed"] = (not c["cross"] and c["Hq"] == c["Hkv"] and c["E"] == c["Ev"]
                   and rng.random() < 0.4)
    c["torch_weights"] = rng.random() < 0.3  # [out, in], linalg.transpose
    # TorchToTosa's linear: [1, B * rows, in] x [1, in, out] tosa.matmul,
    # reshaped back, the bias (if any) added after it by tosa.add.
    c["proj"] = [rng.choice(["matmul2d", "generic3d", "tosa"])
                 for _ in range(4)]
    # Weights transposed, heads split and merged by tosa.transpose and
    # tosa.reshape instead of linalg.transpose and tensor reshapes.
    c["tosa_moves"] = rng.random() < 0.4
    c["biases"] = rng.choice([None, "after", "acc"])
    c["causal"] = rng.choice([None, None, "top_left", "bottom_right"])
    if c["causal"] == "top_left" and c["L"] > c["S"]:
        c["causal"] = "bottom_right"
    c["scale"] = rng.choice([None, 0.3])
    c["softcap"] = rng.choice([None, None, 20.0])
    c["mask"] = rng.random() < 0.3  # [B, 1, 1, S] key padding
    c["near_miss"] = None
    if rng.random() < 0.4:
        c["near_miss"] = rng.choice(sorted(BLOCK_NEAR_MISSES))
    # torch's own layout (nn.MultiheadAttention, batch_first=True): x
    # transposed to [L, B, Ein], projected there (a packed in_proj unflattened
    # and selected into q, k, v), heads split as view(L, B * H, D),
    # transpose(0, 1), view(B, H, L, D), merged as permute(2, 0, 1, 3),
    # view(L * B, H * Ev), and the result transposed back.
    c["torch_layout"] = (c["near_miss"] in (None, "extra_use",
                                            "no_out_projection")
                         and rng.random() < 0.4)
    if c["near_miss"] in ("bias_per_row", "batched_matmul"):
        c["proj"][0] = "tosa"
    if c["near_miss"] == "bias_per_row" and not c["biases"]:
        c["biases"] = "after"
    return c


def block_program(c):
    """A block as projections, head split, mha.attention, head merge and
    output projection, in linalg on tensors."""
    B, L, S = c["B"], c["L"], c["S"]
    hq, hkv, E, Ev = c["Hq"], c["Hkv"], c["E"], c["Ev"]
    miss = c["near_miss"]
    B0 = B
    p = Program()
    args = []

    def arg(name, shape, elem="f32"):
        args.append((name, shape, elem))
        return "%" + name

    xq = arg("xq", [B, L, c["Ein"]])
    xk = arg("xk", [B, S, c["Eink"]]) if c["cross"] else xq
    xv = arg("xv", [B, S, c["Einv"]]) if c["cross"] else xq
    cols = {"q": hq * E, "k": hkv * E, "v": hkv * Ev}
    ins = {"q": c["Ein"], "k": c["Eink"], "v": c["Einv"]}

    def reshape(x, src, dst):
        if c["tosa_moves"]:
            return p.tosa_reshape(x, src, dst)
        return p.tensor_reshape(x, src, dst)

    def transpose(x, src, perm):
        if c["tosa_moves"]:
            return p.tosa_transpose(x, src, perm)
        return p.linalg_transpose(x, src, perm)

    def weight(name, rows, ncols):
        """A [rows, ncols] weight, as given or as torch's transposed one."""
        if not c["torch_weights"]:
            return arg(name, [rows, ncols])
        return transpose(arg(name, [ncols, rows]), [ncols, rows], [1, 0])

    def columns(value, shape, off, n):
        name = p.fresh("sl")
        if len(shape) == 2:
            p.emit(f"{name} = tensor.extract_slice {value}[0, {off}] "
                   f"[{shape[0]}, {n}] [1, 1] : {ttype(shape)} to "
                   f"{ttype([shape[0], n])}")
        else:
            p.emit(f"{name} = tensor.extract_slice {value}[{off}] [{n}] [1] : "
                   f"{ttype(shape)} to {ttype([n])}")
        return name

    torch = c["torch_layout"]

    w, b = {}, {}
    if c["packed"] and torch:
        m = hq * E
        w["in"] = weight("w_in", c["Ein"], 3 * m)
        b["in"] = arg("b_in", [3 * m]) if c["biases"] else None
    elif c["packed"]:
        m = hq * E
        wi = weight("w_in", c["Ein"], 3 * m)
        bi = arg("b_in", [3 * m]) if c["biases"] else None
        for n, which in enumerate("qkv"):
            w[which] = columns(wi, [c["Ein"], 3 * m], n * m, m)
            if bi:
                b[which] = columns(bi, [3 * m], n * m, m)
    else:
        for which in "qkv":
            w[which] = weight("w" + which, ins[which], cols[which])
            if c["biases"]:
                b[which] = arg("b" + which, [cols[which]])
    w["o"] = weight("wo", hq * Ev, c["Eout"])
    if c["biases"]:
        b["o"] = arg("bo", [c["Eout"]])
    mask = arg("mask", [B, 1, 1, S], "i1") if c["mask"] else None

    def project(x, rows, kin, weight_, bias, m, form, is_q=False, lead=None):
        """x [B, rows, kin] . weight [kin, m] (+ bias) -> [B, rows, m]; with
        lead=[a, b], x [a, b, kin] -> [a, b, m] (torch's L-major layout)."""
        B, rows = lead or (B0, rows)
        if form == "tosa":
            zp = p.tosa_zero_point()
            y = p.fresh("mm")
            if is_q and miss == "batched_matmul":
                w1 = p.tosa_reshape(weight_, [kin, m], [1, kin, m])
                times, w3 = p.fresh("sh"), p.fresh("tile")
                p.emit(f"{times} = tosa.const_shape {{values = dense<[{B}, 1, 1]>"
                       " : tensor<3xindex>} : () -> !tosa.shape<3>")
                p.emit(f"{w3} = tosa.tile {w1}, {times} : ({ttype([1, kin, m])}"
                       f", !tosa.shape<3>) -> {ttype([B, kin, m])}")
                p.emit(f"{y} = tosa.matmul {x}, {w3}, {zp}, {zp} : ("
                       f"{ttype([B, rows, kin])}, {ttype([B, kin, m])}, "
                       f"tensor<1xf32>, tensor<1xf32>) -> "
                       f"{ttype([B, rows, m])}")
            else:
                x3 = p.tosa_reshape(x, [B, rows, kin], [1, B * rows, kin])
                w3 = p.tosa_reshape(weight_, [kin, m], [1, kin, m])
                p.emit(f"{y} = tosa.matmul {x3}, {w3}, {zp}, {zp} : ("
                       f"{ttype([1, B * rows, kin])}, {ttype([1, kin, m])}, "
                       f"tensor<1xf32>, tensor<1xf32>) -> "
                       f"{ttype([1, B * rows, m])}")
                y = p.tosa_reshape(y, [1, B * rows, m], [B, rows, m])
            if not bias:
                return y
            bshape = [1, rows, m] if is_q and miss == "bias_per_row" else [1, 1, m]
            if bshape[1] == 1:
                b3 = p.tosa_reshape(bias, [m], bshape)
            else:
                b3 = arg("bias_rows", bshape)
            added = p.fresh("ba")
            operands = (f"{y}, {b3} : ({ttype([B, rows, m])}, "
                        f"{ttype(bshape)})") if rows % 2 else (
                        f"{b3}, {y} : ({ttype(bshape)}, "
                        f"{ttype([B, rows, m])})")
            p.emit(f"{added} = tosa.add {operands} -> {ttype([B, rows, m])}")
            return added
        if form == "matmul2d":
            x2 = p.fresh("x2")
            p.emit(f"{x2} = tensor.collapse_shape {x} [[0, 1], [2]] : "
                   f"{ttype([B, rows, kin])} into {ttype([B * rows, kin])}")
            out = [B * rows, m]
        else:
            out = [B, rows, m]
        n = len(out)
        if bias and c["biases"] == "acc":
            init = p.generic([(bias, [m])], out,
                             [[f"d{n - 1}"], [f"d{i}" for i in range(n)]],
                             ["parallel"] * n, lambda a, acc: ([], a[0]))
        else:
            init = p.fill(0.0, out)
        if form == "matmul2d":
            y = p.named("linalg.matmul", x2, [B * rows, kin], weight_,
                        [kin, m], out, init)
        else:
            y = p.generic([(x, [B, rows, kin]), (weight_, [kin, m])], out,
                          [["d0", "d1", "d3"], ["d3", "d2"], ["d0", "d1", "d2"]],
                          ["parallel"] * 3 + ["reduction"],
                          lambda a, acc: ([f"%m = arith.mulf {a[0]}, {a[1]} : f32",
                                           f"%s = arith.addf {acc}, %m : f32"],
                                          "%s"), init=init)
        if bias and c["biases"] == "after":
            y = p.generic([(y, out), (bias, [m])], out,
                          [[f"d{i}" for i in range(n)], [f"d{n - 1}"],
                           [f"d{i}" for i in range(n)]],
                          ["parallel"] * n,
                          lambda a, acc: ([f"%x = arith.addf {a[0]}, {a[1]} : f32"],
                                          "%x"))
        if form == "matmul2d":
            y3 = p.fresh("y3")
            p.emit(f"{y3} = tensor.expand_shape {y} [[0, 1], [2]] output_shape "
                   f"{[B, rows, m]} : {ttype(out)} into {ttype([B, rows, m])}")
            y = y3
        return y

    def split(y, rows, h, d):
        """[B, rows, h * d] -> [B, h, rows, d]."""
        e_major = miss == "split_e_major"
        inner = [d, h] if e_major else [h, d]
        perm = [0, 3, 1, 2] if e_major else [0, 2, 1, 3]
        x4 = reshape(y, [B, rows, h * d], [B, rows] + inner)
        return transpose(x4, [B, rows] + inner, perm)

    def torch_split(y, rows, h, d):
        """[rows, B, h * d] -> view(rows, B * h, d).transpose(0, 1)
        .view(B, h, rows, d)."""
        y = reshape(y, [rows, B, h * d], [rows, B * h, d])
        y = transpose(y, [rows, B * h, d], [1, 0, 2])
        return reshape(y, [B * h, rows, d], [B, h, rows, d])

    def select(y, shape, i):
        """y[i] of y [n, ...] as tensor.extract_slice or tosa.slice, then a
        reshape dropping the unit dimension."""
        name = p.fresh("sel")
        size = [1] + shape[1:]
        if c["tosa_moves"]:
            st, sz = p.fresh("sh"), p.fresh("sh")
            r = len(shape)
            p.emit(f"{st} = tosa.const_shape {{values = dense<"
                   f"{[i] + [0] * (r - 1)}> : tensor<{r}xindex>}} : () -> "
                   f"!tosa.shape<{r}>")
            p.emit(f"{sz} = tosa.const_shape {{values = dense<{size}> : "
                   f"tensor<{r}xindex>}} : () -> !tosa.shape<{r}>")
            p.emit(f"{name} = tosa.slice {y}, {st}, {sz} : ({ttype(shape)}, "
                   f"!tosa.shape<{r}>, !tosa.shape<{r}>) -> {ttype(size)}")
        else:
            p.emit(f"{name} = tensor.extract_slice {y}[{i}"
                   f"{', 0' * (len(shape) - 1)}] {size} "
                   f"[{', '.join(['1'] * len(shape))}] : {ttype(shape)} to "
                   f"{ttype(size)}")
        return reshape(name, size, shape[1:])

    if torch:
        xq_t = transpose(xq, [B, L, c["Ein"]], [1, 0, 2])
        xk_t = (transpose(xk, [B, S, c["Eink"]], [1, 0, 2]) if c["cross"]
                else xq_t)
        xv_t = (transpose(xv, [B, S, c["Einv"]], [1, 0, 2]) if c["cross"]
                else xq_t)
        if c["packed"]:
            # in_proj, unflatten(-1, (3, m)).unsqueeze(0).transpose(0, -2)
            # .squeeze(-2), then q, k, v = proj[0], proj[1], proj[2].
            m = hq * E
            pr = project(xq_t, L, c["Ein"], w["in"], b["in"], 3 * m,
                         c["proj"][0], lead=[L, B])
            u = reshape(pr, [L, B, 3 * m], [1, L, B, 3, m])
            u = transpose(u, [1, L, B, 3, m], [3, 1, 2, 0, 4])
            u = reshape(u, [3, L, B, 1, m], [3, L, B, m])
            qp, kp, vp = (select(u, [3, L, B, m], i) for i in range(3))
        else:
            qp = project(xq_t, L, c["Ein"], w["q"], b.get("q"), cols["q"],
                         c["proj"][0], lead=[L, B])
            kp = project(xk_t, S, ins["k"], w["k"], b.get("k"), cols["k"],
                         c["proj"][1], lead=[S, B])
            vp = project(xv_t, S, ins["v"], w["v"], b.get("v"), cols["v"],
                         c["proj"][2], lead=[S, B])
        q4, k4, v4 = (torch_split(qp, L, hq, E), torch_split(kp, S, hkv, E),
                      torch_split(vp, S, hkv, Ev))
    else:
        qp = project(xq, L, c["Ein"], w["q"], b.get("q"), cols["q"],
                     c["proj"][0], is_q=True)
        kp = project(xk, S, ins["k"], w["k"], b.get("k"), cols["k"],
                     c["proj"][1])
        vp = project(xv, S, ins["v"], w["v"], b.get("v"), cols["v"],
                     c["proj"][2])
        q4, k4, v4 = (split(qp, L, hq, E), split(kp, S, hkv, E),
                      split(vp, S, hkv, Ev))
    attrs = ""
    if mask:
        attrs += f" mask({mask} : tensor<{B}x1x1x{S}xi1>)"
    if c["causal"]:
        attrs += f" causal({c['causal']})"
    if c["scale"]:
        attrs += f" scale({c['scale']})"
    if c["softcap"]:
        attrs += f" softcap({c['softcap']})"
    o4 = p.fresh("o")
    p.emit(f"{o4} = mha.attention {q4}, {k4}, {v4}{attrs} : "
           f"{ttype([B, hq, L, E])}, {ttype([B, hkv, S, E])}, "
           f"{ttype([B, hkv, S, Ev])} -> {ttype([B, hq, L, Ev])}")
    e_major = miss == "merge_e_major"
    inner = [Ev, hq] if e_major else [hq, Ev]
    perm = [0, 2, 3, 1] if e_major else [0, 2, 1, 3]
    if torch:
        # permute(2, 0, 1, 3).contiguous().view(L * B, H * Ev), then viewed
        # as [L, B, H * Ev] around the out_proj.
        t = transpose(o4, [B, hq, L, Ev], [2, 0, 1, 3])
        merged = reshape(t, [L, B, hq, Ev], [L * B, hq * Ev])
        merged = reshape(merged, [L * B, hq * Ev], [L, B, hq * Ev])
    else:
        t = transpose(o4, [B, hq, L, Ev], perm)
        merged = reshape(t, [B, L] + inner, [B, L, hq * Ev])
    if miss == "no_out_projection":
        if torch:
            merged = transpose(merged, [L, B, hq * Ev], [1, 0, 2])
        results = [(merged, [B, L, hq * Ev])]
    elif torch:
        y = project(merged, L, hq * Ev, w["o"], b.get("o"), c["Eout"],
                    c["proj"][3], lead=[L, B])
        y = transpose(y, [L, B, c["Eout"]], [1, 0, 2])
        results = [(y, [B, L, c["Eout"]])]
    else:
        y = project(merged, L, hq * Ev, w["o"], b.get("o"), c["Eout"],
                    c["proj"][3])
        results = [(y, [B, L, c["Eout"]])]
    if miss == "extra_use":
        results.append((qp, [L, B, cols["q"]] if torch else [B, L, cols["q"]]))
    p.emit(f"return {', '.join(n for n, _ in results)} : "
           f"{', '.join(ttype(s) for _, s in results)}")
    sig = ", ".join(f"%{n}: tensor<{'x'.join(map(str, s))}x{el}>"
                    for n, s, el in args)
    rets = ", ".join(ttype(s) for _, s in results)
    return (f"func.func @f({sig}) -> ({rets}) {{\n" + "\n".join(p.lines)
            + "\n}\n", len(results))


def block_expectation(c):
    miss = c["near_miss"]
    # With one head, E-major is head-major.
    same = ((miss == "split_e_major" and c["Hq"] == 1) or
            (miss == "merge_e_major" and c["Hq"] == 1) or
            (miss == "bias_per_row" and c["L"] == 1) or
            (miss == "batched_matmul" and c["B"] == 1))
    if miss and not same:
        return None
    return {"heads": (c["Hq"], c["Hkv"]), "causal": c["causal"],
            "scale": c["scale"]}


def check_raised_block(text, want):
    blocks = re.findall(r"mha\.multi_head_attention ", text)
    if want is None:
        problems = ["a near miss was raised"] if blocks else []
        if len(re.findall(r"mha\.attention ", text)) != 1:
            problems.append("the mha.attention of a near miss is gone")
        return problems
    if len(blocks) != 1 or "mha.attention " in text:
        return [f"{len(blocks)} mha.multi_head_attention ops, expected 1 "
                "and no mha.attention"]
    problems = []
    hq, hkv = want["heads"]
    heads = f"heads({hq})" if hq == hkv else f"heads({hq}, {hkv})"
    if heads not in text:
        problems.append(f"no {heads}")
    m = re.search(r"causal\((\w+)\)", text)
    if (m.group(1) if m else None) != want["causal"]:
        problems.append(f"causal {m and m.group(1)}, expected {want['causal']}")
    m = re.search(r"scale\(([^)]+)\)", text)
    if (want["scale"] is None) != (m is None) or (
            m and abs(float(m.group(1)) - want["scale"]) > 1e-6):
        problems.append(f"scale {m and m.group(1)}, expected {want['scale']}")
    return problems



# Near misses of --tosa, all left alone.
TOSA_NEAR_MISSES = ["softmax_over_L", "no_max", "scale_probs", "extra_use",
                    "select_off_by_one"]


def draw_tosa_case(rng):
    c = {"op": "tosa"}
    c["B"], c["H"] = rng.choice([1, 2]), rng.choice([1, 3])
    c["L"], c["S"] = rng.choice([1, 4, 9]), rng.choice([1, 6, 13])
    c["E"], c["Ev"] = rng.choice([4, 16]), rng.choice([3, 8])
    c["rank"] = rng.choice([3, 4])
    c["scales"] = [(rng.choice(["q", "scores"]), rng.choice([0.25, 0.5, 3.0]),
                    rng.random() < 0.5) for _ in range(rng.choice([0, 1, 2]))]
    c["bias"] = rng.choice([None, None, "full", "ls"])
    c["causal"] = rng.choice([None, "top_left", "bottom_right"])
    if c["causal"] == "bottom_right" and c["L"] > c["S"]:
        c["causal"] = "top_left"
    c["mask_form"] = rng.choice(["select", "added"])
    c["swap"] = rng.random() < 0.5   # operand order of adds and muls
    c["near_miss"] = (rng.choice(TOSA_NEAR_MISSES) if rng.random() < 0.4
                      else None)
    if c["near_miss"] == "select_off_by_one" and not c["causal"]:
        c["near_miss"] = None
    return c


def tosa_program(c):
    B, H, L, S, E, Ev = (c[k] for k in ("B", "H", "L", "S", "E", "Ev"))
    r, miss = c["rank"], c["near_miss"]
    batch = [B, H] if r == 4 else [B * H]
    p = Program()
    zp, shift = p.fresh("zp"), p.fresh("shift")
    p.emit(f'{zp} = "tosa.const"() <{{values = dense<0.000000e+00> : '
           f'tensor<1xf32>}}> : () -> tensor<1xf32>')
    p.emit(f'{shift} = "tosa.const"() <{{values = dense<0> : tensor<1xi8>}}> '
           f': () -> tensor<1xi8>')

    def const(text, shape, elem="f32"):
        name = p.fresh("k")
        t = f"tensor<{'x'.join(map(str, shape))}x{elem}>"
        p.emit(f'{name} = "tosa.const"() <{{values = dense<{text}> : {t}}}> '
               f': () -> {t}')
        return name

    reshape = p.tosa_reshape

    def binary(op, a, sa, b, sb, out, extra=""):
        if c["swap"]:
            a, sa, b, sb = b, sb, a, sa
        name = p.fresh("x")
        types = f"{ttype(sa)}, {ttype(sb)}"
        if extra:
            p.emit(f"{name} = tosa.{op} {a}, {b}, {extra} : ({types}, "
                   f"tensor<1xi8>) -> {ttype(out)}")
        else:
            p.emit(f"{name} = tosa.{op} {a}, {b} : ({types}) -> {ttype(out)}")
        return name

    def unary(op, x, shape, out=None, attr=""):
        name = p.fresh("u")
        p.emit(f"{name} = tosa.{op} {x}{attr} : ({ttype(shape)}) -> "
               f"{ttype(out or shape)}")
        return name

    def scale(x, shape, value):
        k = const(repr(float(value)), [1] * len(shape))
        return binary("mul", x, shape, k, [1] * len(shape), shape, shift)

    q, k, v = "%q", "%k", "%v"
    for where, value, _ in c["scales"]:
        if where == "q":
            q = scale(q, batch + [L, E], value)
    perm = list(range(r - 2)) + [r - 1, r - 2]
    kt = p.tosa_transpose(k, batch + [S, E], perm)
    bh = B * H

    def matmul(a, sa, b, sb, out):
        if r == 4:
            a = reshape(a, sa, [bh] + sa[2:])
            b = reshape(b, sb, [bh] + sb[2:])
        name = p.fresh("mm")
        p.emit(f"{name} = tosa.matmul {a}, {b}, {zp}, {zp} : "
               f"({ttype([bh] + sa[-2:])}, {ttype([bh] + sb[-2:])}, "
               f"tensor<1xf32>, tensor<1xf32>) -> {ttype([bh] + out[-2:])}")
        return reshape(name, [bh] + out[-2:], out) if r == 4 else name

    s_shape = batch + [L, S]
    sc = matmul(q, batch + [L, E], kt, batch + [E, S], s_shape)
    for where, value, _ in c["scales"]:
        if where == "scores":
            sc = scale(sc, s_shape, value)
    if c["bias"]:
        bshape = s_shape if c["bias"] == "full" else [1] * (r - 2) + [L, S]
        sc = binary("add", sc, s_shape, "%bias", bshape, s_shape)
    if c["causal"]:
        off = 0 if c["causal"] == "top_left" else S - L
        if miss == "select_off_by_one":
            off += 1
        ones = [[j <= i + off for j in range(S)] for i in range(L)]
        mshape = [1] * (r - 2) + [L, S]
        if c["mask_form"] == "select" or miss == "select_off_by_one":
            text = "[" + ", ".join("[" + ", ".join(
                "true" if a else "false" for a in row) + "]"
                for row in ones) + "]"
            tril = reshape(const(text, [L, S], "i1"), [L, S], mshape, "i1")
            ninf = const("0xFF800000", [1] * r)
            name = p.fresh("sel")
            p.emit(f"{name} = tosa.select {tril}, {sc}, {ninf} : "
                   f"({ttype(mshape)[:-4]}i1>, {ttype(s_shape)}, "
                   f"{ttype([1] * r)}) -> {ttype(s_shape)}")
            sc = name
        else:
            text = "[" + ", ".join("[" + ", ".join(
                "0.0" if a else "0xFF800000" for a in row) + "]"
                for row in ones) + "]"
            mask = reshape(const(text, [L, S]), [L, S], mshape)
            sc = binary("add", sc, s_shape, mask, mshape, s_shape)
    axis = r - 2 if miss == "softmax_over_L" else r - 1
    red = [1 if a == axis else d for a, d in enumerate(s_shape)]
    if miss == "no_max":
        ex = unary("exp", sc, s_shape)
    else:
        mx = unary("reduce_max", sc, s_shape, red, f" {{axis = {axis} : i32}}")
        name = p.fresh("d")
        p.emit(f"{name} = tosa.sub {sc}, {mx} : ({ttype(s_shape)}, "
               f"{ttype(red)}) -> {ttype(s_shape)}")
        ex = unary("exp", name, s_shape)
    sm = unary("reduce_sum", ex, s_shape, red, f" {{axis = {axis} : i32}}")
    rc = unary("reciprocal", sm, red)
    probs = binary("mul", ex, s_shape, rc, red, s_shape, shift)
    if miss == "scale_probs":
        probs = scale(probs, s_shape, 0.5)
    out = matmul(probs, s_shape, v, batch + [S, Ev], batch + [L, Ev])
    results = [(out, batch + [L, Ev])]
    if miss == "extra_use":
        results.append((probs, s_shape))
    p.emit(f"return {', '.join(n for n, _ in results)} : "
           f"{', '.join(ttype(s) for _, s in results)}")
    args = [("q", batch + [L, E]), ("k", batch + [S, E]), ("v", batch + [S, Ev])]
    if c["bias"]:
        args.append(("bias", s_shape if c["bias"] == "full"
                     else [1] * (r - 2) + [L, S]))
    return p.function(args, results, c)


def tosa_expectation(c):
    miss = c["near_miss"]
    if miss and miss != "select_off_by_one":
        return None
    modes, mask = {None}, False
    if c["causal"]:
        vacuous = vacuous_modes(c, 1 if miss else 0)
        if vacuous:
            modes = vacuous
        elif miss:
            # One diagonal off is no causal band: the i1 tensor selected in
            # place becomes the op's mask.
            mask = True
        else:
            modes = {drawn_mode(c)}
    value = 1.0
    for _, v, _ in c["scales"]:
        value *= v
    return {"causal": modes, "bias": bool(c["bias"]), "mask": mask,
            "linalg": False, "scale": f32(value)}


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def compare(a, b, tol=1e-5):
    (sa, va), (sb, vb) = compare_npy.load(a), compare_npy.load(b)
    if sa != sb or len(va) != len(vb) or not va:
        return f"shapes {sa} and {sb}"
    diff = ref = 0.0
    for x, y in zip(va, vb):
        if x != x or y != y:
            if not (x != x and y != y):
                return "NaN in one result only"
            continue
        diff += (x - y) ** 2
        ref += x * x
    rel = (diff / ref) ** 0.5 if ref > 0 else diff ** 0.5
    return None if rel < tol else f"rel_l2 {rel:.3g}"


def run_case(args, i, c, rng_seed, stats):
    work = args.work
    block, tosa = c.get("op") == "block", c.get("op") == "tosa"
    text, nresults = (block_program(c) if block else
                      tosa_program(c) if tosa else program(c))
    src = os.path.join(work, f"case{i}.mlir")
    with open(src, "w") as f:
        f.write(text)
    seed = f"--seed={rng_seed}"
    shapes = [f"--shape={n}={s}" for n, s in enumerate(c.get("arg_shapes", []))
              if c.get("dynamic")]
    if c.get("pad"):
        # The last argument; its first key always kept (where) or never
        # masked (masked_fill), so that every row keeps a key.
        pad = os.path.join(work, f"case{i}.pad.npy")
        dims = [int(d) for d in c["arg_shapes"][-1].split("x")]
        bool_npy.write(pad, dims, rng_seed, c["pad_form"] == "where")
        shapes.append("--input=" + ",".join(
            ["@random"] * (len(c["arg_shapes"]) - 1) + [pad]))
    outs_a = [os.path.join(work, f"case{i}.a{n}.npy") for n in range(nresults)]
    outs_b = [os.path.join(work, f"case{i}.b{n}.npy") for n in range(nresults)]
    r = run([args.mha_run, src, "--entry=f", seed, *shapes,
             "--output=" + ",".join(outs_a)])
    if r.returncode != 0:
        return ["the function as written failed: " + (r.stdout + r.stderr).strip()[-400:]]
    raised = os.path.join(work, f"case{i}.raised.mlir")
    r = run([args.mha_opt, src, "--mha-raise-attention", "-o", raised])
    if r.returncode != 0:
        return ["mha-opt --mha-raise-attention failed: " + r.stderr.strip()[-400:]]
    with open(raised) as f:
        raised_text = f.read()
    want = (block_expectation(c) if block else
            tosa_expectation(c) if tosa else expectation(c))
    problems = (check_raised_block(raised_text, want) if block
                else check_raised(raised_text, want))
    cmd = [args.mha_run, raised, "--entry=f", seed, *shapes,
           "--output=" + ",".join(outs_b)]
    # The float64 reference evaluates mha ops, constants, reshapes and sizes.
    ops = set(re.findall(r"= ([a-z_]+\.[a-z_.]+)", raised_text))
    if want and ops <= {"mha.attention", "mha.multi_head_attention",
                        "arith.constant", "tensor.dim", "tensor.expand_shape",
                        "tensor.collapse_shape", "tensor.cast"}:
        cmd.append("--check")
        stats["checked"] += 1
    stats["raised" if want else "left alone"] += 1
    r = run(cmd)
    if r.returncode != 0:
        return problems + ["the raised function failed: "
                           + (r.stdout + r.stderr).strip()[-400:]]
    # f16/bf16 results: the raised op may round a few elements the other way
    # (its sums run in another order).
    tol = 1e-2 if c.get("half") else 1e-5
    for a, b in zip(outs_a, outs_b):
        d = compare(a, b, tol)
        if d:
            problems.append(f"{os.path.basename(b)} differs from the function "
                            f"as written: {d}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mha-opt", required=True)
    parser.add_argument("--mha-run", required=True)
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--projections", action="store_true",
                        help="blocks: linalg projections, head split and "
                             "merge around an mha.attention, raised to "
                             "mha.multi_head_attention")
    parser.add_argument("--tosa", action="store_true",
                        help="the attention core in TOSA")
    parser.add_argument("--dynamic", action="store_true",
                        help="the core with L, S (and sometimes E) dynamic "
                             "in the types, the sizes given by --shape")
    parser.add_argument("--half", action="store_true",
                        help="the core with f16 or bf16 Q, K, V extended to "
                             "f32 and the result truncated back")
    parser.add_argument("--combined-masks", action="store_true",
                        help="the core (with --dynamic too) with a causal "
                             "select whose condition also reads a padding "
                             "mask (`causal & pad`)")
    parser.add_argument("--work", default="random-raise")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    rng = random.Random(args.seed)
    failed = 0
    stats = {"raised": 0, "checked": 0, "left alone": 0}
    for i in range(args.count):
        c = (draw_block_case(rng) if args.projections else
             draw_tosa_case(rng) if args.tosa else
             draw_case(rng, args.dynamic, args.half, args.combined_masks))
        problems = run_case(args, i, c, args.seed * 1000 + i, stats)
        if problems:
            failed += 1
            print(f"FAIL case {i}: {os.path.join(args.work, f'case{i}.mlir')}\n"
                  f"  {c}\n  " + "\n  ".join(problems))
    print(f"expected: raised {stats['raised']} (with --check "
          f"{stats['checked']}), left alone {stats['left alone']}")
    print(f"{args.count - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
