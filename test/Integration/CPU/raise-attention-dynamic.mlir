// --mha-raise-attention on functions with dynamic sizes, executed: the
// functions of test/Dialect/MHA/mha-raise-attention-dynamic.mlir run as written
// and raised, on the same seeded inputs of sizes given by --shape (several
// per function, L = 1 and S = 1 among them); the two outputs agree to rel
// L2 < 1e-5, and where the raised function holds only mha ops, reshapes and
// sizes, --check also compares it with the float64 reference.

// RUN: rm -rf %t && mkdir -p %t
// RUN: mha-opt %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --mha-raise-attention -o %t/raised.mlir
// RUN: FileCheck %s --check-prefix=RAISED < %t/raised.mlir
// RAISED-COUNT-7: mha.attention

// 4-D SDPA, B, L and S dynamic, an [L, S] bias.
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --entry=sdpa_4d --seed=171 --shape=0=2x4x7x16 --shape=1=2x4x11x16 --shape=2=2x4x11x8 --shape=3=7x11 --output=%t/a1.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=sdpa_4d --seed=171 --shape=0=2x4x7x16 --shape=1=2x4x11x16 --shape=2=2x4x11x8 --shape=3=7x11 --check --output=%t/b1.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a1.npy %t/b1.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --entry=sdpa_4d --seed=172 --shape=0=3x4x1x16 --shape=1=3x4x1x16 --shape=2=3x4x1x8 --shape=3=1x1 --output=%t/a2.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=sdpa_4d --seed=172 --shape=0=3x4x1x16 --shape=1=3x4x1x16 --shape=2=3x4x1x8 --shape=3=1x1 --check --output=%t/b2.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a2.npy %t/b2.npy | FileCheck %s --check-prefix=SAME

// 3-D [B*H, L, E], every size but E and Ev dynamic.
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --entry=bmm_3d --seed=173 --shape=0=6x5x16 --shape=1=6x9x16 --shape=2=6x9x8 --output=%t/a3.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=bmm_3d --seed=173 --shape=0=6x5x16 --shape=1=6x9x16 --shape=2=6x9x8 --check --output=%t/b3.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a3.npy %t/b3.npy | FileCheck %s --check-prefix=SAME

// 2-D [L, E], a single key (S = 1) and then L = 37, S = 70.
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --entry=matmul_2d --seed=174 --shape=0=5x16 --shape=1=1x16 --shape=2=1x8 --output=%t/a4.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=matmul_2d --seed=174 --shape=0=5x16 --shape=1=1x16 --shape=2=1x8 --check --output=%t/b4.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a4.npy %t/b4.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --entry=matmul_2d --seed=175 --shape=0=37x16 --shape=1=70x16 --shape=2=70x8 --output=%t/a5.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=matmul_2d --seed=175 --shape=0=37x16 --shape=1=70x16 --shape=2=70x8 --check --output=%t/b5.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a5.npy %t/b5.npy | FileCheck %s --check-prefix=SAME

// A bias per batch row of the 3-D scores, split back into [B, 4].
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --entry=bias_rows_split --seed=176 --shape=0=3x4x5x16 --shape=1=3x4x9x16 --shape=2=3x4x9x8 --shape=3=12x5x9 --output=%t/a6.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=bias_rows_split --seed=176 --shape=0=3x4x5x16 --shape=1=3x4x9x16 --shape=2=3x4x9x8 --shape=3=12x5x9 --check --output=%t/b6.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a6.npy %t/b6.npy | FileCheck %s --check-prefix=SAME

// A mask one diagonal off causal, added as a tensor (raised as a bias; the
// generic that builds it stays, so no --check), L = S and L < S.
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --entry=added_mask --seed=177 --shape=0=2x4x9x16 --shape=1=2x4x9x16 --shape=2=2x4x9x8 --output=%t/a7.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=added_mask --seed=177 --shape=0=2x4x9x16 --shape=1=2x4x9x16 --shape=2=2x4x9x8 --output=%t/b7.npy | FileCheck %s --check-prefix=RAN
// RUN: %python %S/Inputs/compare_npy.py %t/a7.npy %t/b7.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --entry=added_mask --seed=178 --shape=0=2x4x5x16 --shape=1=2x4x12x16 --shape=2=2x4x12x8 --output=%t/a8.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=added_mask --seed=178 --shape=0=2x4x5x16 --shape=1=2x4x12x16 --shape=2=2x4x12x8 --output=%t/b8.npy | FileCheck %s --check-prefix=RAN
// RUN: %python %S/Inputs/compare_npy.py %t/a8.npy %t/b8.npy | FileCheck %s --check-prefix=SAME

// A causal mask selected in place (proved top_left), L < S and L > S.
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --entry=selected_mask --seed=179 --shape=0=6x5x16 --shape=1=6x9x16 --shape=2=6x9x8 --output=%t/a9.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=selected_mask --seed=179 --shape=0=6x5x16 --shape=1=6x9x16 --shape=2=6x9x8 --check --output=%t/b9.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a9.npy %t/b9.npy | FileCheck %s --check-prefix=SAME
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-dynamic.mlir --entry=selected_mask --seed=180 --shape=0=3x10x16 --shape=1=3x4x16 --shape=2=3x4x8 --output=%t/a10.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=selected_mask --seed=180 --shape=0=3x10x16 --shape=1=3x4x16 --shape=2=3x4x8 --check --output=%t/b10.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a10.npy %t/b10.npy | FileCheck %s --check-prefix=SAME

// RAN: output: result 0
// CHECKED: check: PASS
// SAME: PASS
