// Random programs compiled with random CPU pipeline options and checked
// against the float64 reference by mha-run --check:
// - mha.attention: groups of 1 to 7 heads, L and S from 1 to 197, odd head
//   dims, every feature and element type, static or dynamic B, L and S;
// - mha.multi_head_attention: self- and cross-attention, groups, odd
//   embedding widths, with or without projection biases, static or dynamic
//   B, L and S; with --large, model widths (Eq up to 1024) that take the
//   default tiles' many row tiles, column tiles and weight blocks.
// Options: flash or unfused, odd query/key tiles, three register blocks, k
// panels of 1-16, odd projection row and column tiles and small weight
// blocks, sequential code or OpenMP threads; a third of the cases compile
// for AVX2 (--mattr=-avx512f). Inputs/random_attention.py
// draws them from a fixed seed; a failure prints the program's file and the
// command that reproduces it. More cases:
//   python3 test/Integration/CPU/Inputs/random_attention.py \
//     --mha-run=build/bin/mha-run [--op=block [--large | --tile] | --narrow-dynamic | --tile] \
//     --count=500 --seed=N
//
// RUN: %python %S/Inputs/random_attention.py --mha-run=mha-run --count=30 --seed=1 --work=%t/attention | FileCheck %s --check-prefix=ATTN
// ATTN: 30 passed, 0 failed
// f16/bf16 attention with a dynamic L and/or S (--narrow-dynamic): both
// sides of the flash path's run-time choice to widen keys and values once.
// RUN: %python %S/Inputs/random_attention.py --mha-run=mha-run --narrow-dynamic --count=10 --seed=1 --work=%t/narrow | FileCheck %s --check-prefix=NARROW
// NARROW: 10 passed, 0 failed
// mha.attention tiled first through its TilingInterface by random tiles of
// (B, Hq, L) (--tile: mha-run --transform).
// RUN: %python %S/Inputs/random_attention.py --mha-run=mha-run --tile --count=20 --seed=1 --work=%t/tiled | FileCheck %s --check-prefix=TILED
// TILED: 20 passed, 0 failed
// mha.multi_head_attention tiled first by random tiles of (B, L).
// RUN: %python %S/Inputs/random_attention.py --mha-run=mha-run --op=block --tile --count=8 --seed=1 --work=%t/block-tiled | FileCheck %s --check-prefix=BLOCK-TILED
// BLOCK-TILED: 8 passed, 0 failed
// RUN: %python %S/Inputs/random_attention.py --mha-run=mha-run --op=block --count=20 --seed=1 --work=%t/block | FileCheck %s --check-prefix=BLOCK
// BLOCK: 20 passed, 0 failed
// RUN: %python %S/Inputs/random_attention.py --mha-run=mha-run --op=block --large --count=4 --seed=1 --work=%t/large | FileCheck %s --check-prefix=LARGE
// LARGE: 4 passed, 0 failed
