// --mha-raise-attention's symbolic mask proof, executed: the functions of
// test/Dialect/MHA/mha-raise-attention-causal-proof.mlir that it raises
// (causal and window bands) run as written and raised, on the same seeded
// inputs at several sizes (L < S, L = S, L > S where no row is left
// without keys, L = 1); the outputs agree to rel L2 < 1e-5, and --check
// compares the raised function (only mha ops, reshapes and sizes are left)
// with the float64 reference. (A row without keys, as bottom_right with
// L > S leaves, divides 0 by 0 as written and gives zeros raised, as
// docs/Raising.md says; such sizes are not compared.)

// RUN: rm -rf %t && mkdir -p %t
// RUN: mha-opt %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --mha-raise-attention -o %t/raised.mlir
// RUN: FileCheck %s --check-prefix=RAISED < %t/raised.mlir
// RAISED-COUNT-8: mha.attention


// @bottom_right_select
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=bottom_right_select --seed=181 --shape=0=6x5x16 --shape=1=6x9x16 --shape=2=6x9x8 --output=%t/a1.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=bottom_right_select --seed=181 --shape=0=6x5x16 --shape=1=6x9x16 --shape=2=6x9x8 --check --output=%t/b1.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a1.npy %t/b1.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=bottom_right_select --seed=181 --shape=0=6x1x16 --shape=1=6x7x16 --shape=2=6x7x8 --output=%t/a2.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=bottom_right_select --seed=181 --shape=0=6x1x16 --shape=1=6x7x16 --shape=2=6x7x8 --check --output=%t/b2.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a2.npy %t/b2.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=bottom_right_select --seed=181 --shape=0=4x8x16 --shape=1=4x8x16 --shape=2=4x8x8 --output=%t/a3.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=bottom_right_select --seed=181 --shape=0=4x8x16 --shape=1=4x8x16 --shape=2=4x8x8 --check --output=%t/b3.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a3.npy %t/b3.npy | FileCheck %s --check-prefix=SAME

// @top_left_i64_arange
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=top_left_i64_arange --seed=182 --shape=0=6x7x16 --shape=1=6x7x16 --shape=2=6x7x8 --output=%t/a4.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=top_left_i64_arange --seed=182 --shape=0=6x7x16 --shape=1=6x7x16 --shape=2=6x7x8 --check --output=%t/b4.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a4.npy %t/b4.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=top_left_i64_arange --seed=182 --shape=0=3x9x16 --shape=1=3x4x16 --shape=2=3x4x8 --output=%t/a5.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=top_left_i64_arange --seed=182 --shape=0=3x9x16 --shape=1=3x4x16 --shape=2=3x4x8 --check --output=%t/b5.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a5.npy %t/b5.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=top_left_i64_arange --seed=182 --shape=0=5x1x16 --shape=1=5x6x16 --shape=2=5x6x8 --output=%t/a6.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=top_left_i64_arange --seed=182 --shape=0=5x1x16 --shape=1=5x6x16 --shape=2=5x6x8 --check --output=%t/b6.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a6.npy %t/b6.npy | FileCheck %s --check-prefix=SAME

// @added_decode_bottom_right
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=added_decode_bottom_right --seed=183 --shape=0=6x4x16 --shape=1=6x4x16 --shape=2=6x4x8 --output=%t/a7.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=added_decode_bottom_right --seed=183 --shape=0=6x4x16 --shape=1=6x4x16 --shape=2=6x4x8 --check --output=%t/b7.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a7.npy %t/b7.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=added_decode_bottom_right --seed=183 --shape=0=2x4x16 --shape=1=2x11x16 --shape=2=2x11x8 --output=%t/a8.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=added_decode_bottom_right --seed=183 --shape=0=2x4x16 --shape=1=2x11x16 --shape=2=2x11x8 --check --output=%t/b8.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a8.npy %t/b8.npy | FileCheck %s --check-prefix=SAME

// @sliding_window
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=sliding_window --seed=184 --shape=0=3x20x16 --shape=1=3x20x16 --shape=2=3x20x8 --output=%t/a9.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=sliding_window --seed=184 --shape=0=3x20x16 --shape=1=3x20x16 --shape=2=3x20x8 --check --output=%t/b9.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a9.npy %t/b9.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=sliding_window --seed=184 --shape=0=2x9x16 --shape=1=2x30x16 --shape=2=2x30x8 --output=%t/a10.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=sliding_window --seed=184 --shape=0=2x9x16 --shape=1=2x30x16 --shape=2=2x30x8 --check --output=%t/b10.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a10.npy %t/b10.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=sliding_window --seed=184 --shape=0=2x25x16 --shape=1=2x19x16 --shape=2=2x19x8 --output=%t/a11.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=sliding_window --seed=184 --shape=0=2x25x16 --shape=1=2x19x16 --shape=2=2x19x8 --check --output=%t/b11.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a11.npy %t/b11.npy | FileCheck %s --check-prefix=SAME

// @window_bottom_right
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=window_bottom_right --seed=185 --shape=0=3x6x16 --shape=1=3x6x16 --shape=2=3x6x8 --output=%t/a12.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=window_bottom_right --seed=185 --shape=0=3x6x16 --shape=1=3x6x16 --shape=2=3x6x8 --check --output=%t/b12.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a12.npy %t/b12.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=window_bottom_right --seed=185 --shape=0=2x5x16 --shape=1=2x17x16 --shape=2=2x17x8 --output=%t/a13.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=window_bottom_right --seed=185 --shape=0=2x5x16 --shape=1=2x17x16 --shape=2=2x17x8 --check --output=%t/b13.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a13.npy %t/b13.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=window_bottom_right --seed=185 --shape=0=4x1x16 --shape=1=4x9x16 --shape=2=4x9x8 --output=%t/a14.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=window_bottom_right --seed=185 --shape=0=4x1x16 --shape=1=4x9x16 --shape=2=4x9x8 --check --output=%t/b14.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a14.npy %t/b14.npy | FileCheck %s --check-prefix=SAME

// @window_two_sided
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=window_two_sided --seed=186 --shape=0=3x10x16 --shape=1=3x10x16 --shape=2=3x10x8 --output=%t/a15.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=window_two_sided --seed=186 --shape=0=3x10x16 --shape=1=3x10x16 --shape=2=3x10x8 --check --output=%t/b15.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a15.npy %t/b15.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=window_two_sided --seed=186 --shape=0=2x13x16 --shape=1=2x11x16 --shape=2=2x11x8 --output=%t/a16.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=window_two_sided --seed=186 --shape=0=2x13x16 --shape=1=2x11x16 --shape=2=2x11x8 --check --output=%t/b16.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a16.npy %t/b16.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=window_two_sided --seed=186 --shape=0=2x4x16 --shape=1=2x12x16 --shape=2=2x12x8 --output=%t/a17.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=window_two_sided --seed=186 --shape=0=2x4x16 --shape=1=2x12x16 --shape=2=2x12x8 --check --output=%t/b17.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a17.npy %t/b17.npy | FileCheck %s --check-prefix=SAME

// @static_window
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-causal-proof.mlir --entry=static_window --seed=187 --output=%t/a18.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=static_window --seed=187 --check --output=%t/b18.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a18.npy %t/b18.npy | FileCheck %s --check-prefix=SAME

// RAN: output: result 0
// CHECKED: check: PASS
// SAME: PASS
