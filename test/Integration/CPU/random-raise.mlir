// Random decomposed attention in linalg on tensors (2-D, 3-D and 4-D forms,
// each product, transpose, scale, bias, causal mask and softmax form of
// docs/Raising.md), half of them with one near miss that the raise must
// leave alone or raise otherwise (an added mask off the diagonal becomes a
// bias). Each function runs as written and after --mha-raise-attention on
// the same seeded inputs; the raised IR must hold the expected mha.attention
// (causal mode, bias, scale) or none, and every result must match the one
// as written (rel L2 < 1e-5; --check against the float64 reference where
// only mha ops remain). Inputs/random_raise.py draws them from a fixed seed;
// a failure prints the program's file and what differed.
// RUN: %python %S/Inputs/random_raise.py --mha-opt=mha-opt --mha-run=mha-run --count=40 --seed=1 --work=%t/core | FileCheck %s --check-prefix=CORE
// CORE: expected: raised {{[1-9][0-9]*}} (with --check {{[1-9][0-9]*}}), left alone {{[1-9][0-9]*}}
// CORE-NEXT: 40 passed, 0 failed
//
// --projections: blocks as projections (linalg 2-D matmuls or 3-D
// generics, or TorchToTosa's [1, rows, in] x [1, in, out] tosa.matmul with
// a tosa.add bias; separate, packed and sliced, or torch's transposed
// weights; biases added or in the accumulator), head split and merge (by
// linalg/tensor or TOSA ops) around an mha.attention (GQA,
// cross-attention, mask, causal, scale, softcap), raised to
// mha.multi_head_attention; near misses: heads split or merged E-major, an
// extra use of a projection, no output projection, a [1, L, M] bias or a
// batch of B on a TOSA projection.
// RUN: %python %S/Inputs/random_raise.py --mha-opt=mha-opt --mha-run=mha-run --projections --count=30 --seed=1 --work=%t/block | FileCheck %s --check-prefix=BLOCK
// BLOCK: expected: raised {{[1-9][0-9]*}} (with --check {{[1-9][0-9]*}}), left alone {{[1-9][0-9]*}}
// BLOCK-NEXT: 30 passed, 0 failed
//
// --tosa: the attention core in TOSA (tosa.matmul, tosa.transpose, scales
// by tosa.mul, a bias, a constant causal triangle selected or a 0/-inf
// constant added, reduce_max/sub/exp/reduce_sum/reciprocal/mul); mha-run
// compiles the TOSA as written and whatever TOSA the raise leaves.
// RUN: %python %S/Inputs/random_raise.py --mha-opt=mha-opt --mha-run=mha-run --tosa --count=30 --seed=1 --work=%t/tosa | FileCheck %s --check-prefix=TOSA
// TOSA: expected: raised {{[1-9][0-9]*}} (with --check {{[1-9][0-9]*}}), left alone {{[1-9][0-9]*}}
// TOSA-NEXT: 30 passed, 0 failed
//
// --dynamic: the core with L, S or both (and in some cases E, left alone)
// dynamic in the types, sizes read off the arguments or, torch-mlir style,
// off each op's input by tensor.dim; run with the drawn sizes (--shape).
// Causal masks offset by sizes are proved symbolically (raised causal);
// near misses are left alone in place and raised as a bias when added.
// RUN: %python %S/Inputs/random_raise.py --mha-opt=mha-opt --mha-run=mha-run --dynamic --count=30 --seed=1 --work=%t/dynamic | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: expected: raised {{[1-9][0-9]*}} (with --check {{[1-9][0-9]*}}), left alone {{[1-9][0-9]*}}
// DYNAMIC-NEXT: 30 passed, 0 failed
//
// --half: the core with f16 or bf16 Q, K, V extended to f32 (generics or
// arith on tensors) and the result truncated back: raised to one f16/bf16
// mha.attention where the truncation rounds to nearest even (toward zero:
// the casts stay around an f32 op).
// RUN: %python %S/Inputs/random_raise.py --mha-opt=mha-opt --mha-run=mha-run --half --count=30 --seed=1 --work=%t/half | FileCheck %s --check-prefix=HALF
// HALF: expected: raised {{[1-9][0-9]*}} (with --check {{[1-9][0-9]*}}), left alone {{[1-9][0-9]*}}
// HALF-NEXT: 30 passed, 0 failed
//
// --combined-masks: every core case a causal select whose condition also
// reads the padding mask (`causal & pad`, as HF-style code builds one
// mask), static and dynamic: raised with the band as the attribute and the
// tensor as the `mask` operand.
// RUN: %python %S/Inputs/random_raise.py --mha-opt=mha-opt --mha-run=mha-run --combined-masks --count=16 --seed=1 --work=%t/combined | FileCheck %s --check-prefix=COMBINED
// COMBINED: expected: raised {{[1-9][0-9]*}} (with --check {{[1-9][0-9]*}}), left alone {{[1-9][0-9]*}}
// COMBINED-NEXT: 16 passed, 0 failed
// RUN: %python %S/Inputs/random_raise.py --mha-opt=mha-opt --mha-run=mha-run --combined-masks --dynamic --count=12 --seed=1 --work=%t/combined-dynamic | FileCheck %s --check-prefix=COMBINED-DYNAMIC
// COMBINED-DYNAMIC: expected: raised {{[1-9][0-9]*}} (with --check {{[0-9]+}}), left alone {{[0-9]+}}
// COMBINED-DYNAMIC-NEXT: 12 passed, 0 failed
//
// More cases:
//   python3 test/Integration/CPU/Inputs/random_raise.py \
//     --mha-opt=build/bin/mha-opt --mha-run=build/bin/mha-run [--projections | --tosa | --dynamic | --half | --combined-masks] --count=500 --seed=N
