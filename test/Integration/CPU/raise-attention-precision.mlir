// f16/bf16 attention computed in f32, executed: the functions of
// test/Dialect/MHA/mha-raise-attention-precision.mlir that fold run as written
// (extensions, f32 attention, truncation) and raised (one f16/bf16
// mha.attention) on the same seeded inputs; --check compares the raised
// ones with the float64 reference (rounded to the element type), and the
// two outputs agree to rel L2 < 1e-3 (the sums may run in another order,
// which can round an element of the f16 result the other way).

// RUN: rm -rf %t && mkdir -p %t
// RUN: mha-opt %mha_src_root/test/Dialect/MHA/mha-raise-attention-precision.mlir --mha-raise-attention -o %t/raised.mlir

// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-precision.mlir --entry=f16_decomposed --seed=181 --output=%t/a1.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=f16_decomposed --seed=181 --check --output=%t/b1.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a1.npy %t/b1.npy 1e-3 | FileCheck %s --check-prefix=SAME

// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-precision.mlir --entry=bf16_arith --seed=182 --output=%t/a2.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=bf16_arith --seed=182 --check --output=%t/b2.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a2.npy %t/b2.npy 1e-3 | FileCheck %s --check-prefix=SAME

// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-precision.mlir --entry=tosa_casts_dynamic --seed=183 --shape=0=8x13x16 --output=%t/a3.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=tosa_casts_dynamic --seed=183 --shape=0=8x13x16 --check --output=%t/b3.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a3.npy %t/b3.npy 1e-3 | FileCheck %s --check-prefix=SAME

// RAN: output: result 0
// CHECKED: check: PASS
// SAME: PASS
