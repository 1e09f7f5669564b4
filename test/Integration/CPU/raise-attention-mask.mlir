// --mha-raise-attention with masks selected in place from i1 tensors,
// executed: the functions of test/Dialect/MHA/mha-raise-attention-mask.mlir
// that it raises run as written and raised, on the same seeded inputs with
// a random mask (bool_npy.py; the first key always kept, so that no row is
// left without keys), at several sizes; the outputs agree to rel L2 < 1e-5,
// and where the raised function holds only mha ops, reshapes and sizes,
// --check compares it with the float64 reference.

// RUN: rm -rf %t && mkdir -p %t
// RUN: mha-opt %mha_src_root/test/Dialect/MHA/mha-raise-attention-mask.mlir --mha-raise-attention -o %t/raised.mlir
// RUN: FileCheck %s --check-prefix=RAISED < %t/raised.mlir
// RAISED-COUNT-7: mha.attention


// @key_padding
// RUN: %python %S/Inputs/bool_npy.py %t/m1.npy 4x1x9 191 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-mask.mlir --entry=key_padding --seed=191 --input=@random,@random,@random,%t/m1.npy --output=%t/a1.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=key_padding --seed=191 --input=@random,@random,@random,%t/m1.npy --check --output=%t/b1.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a1.npy %t/b1.npy | FileCheck %s --check-prefix=SAME

// @masked_fill
// RUN: %python %S/Inputs/bool_npy.py %t/m2.npy 5x9 192 --first=false
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-mask.mlir --entry=masked_fill --seed=192 --input=@random,@random,@random,%t/m2.npy --output=%t/a2.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=masked_fill --seed=192 --input=@random,@random,@random,%t/m2.npy --output=%t/b2.npy | FileCheck %s --check-prefix=RAN
// RUN: %python %S/Inputs/compare_npy.py %t/a2.npy %t/b2.npy | FileCheck %s --check-prefix=SAME

// @dynamic_mask
// RUN: %python %S/Inputs/bool_npy.py %t/m3.npy 6x10 193 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-mask.mlir --entry=dynamic_mask --seed=193 --shape=0=3x6x16 --shape=1=3x10x16 --shape=2=3x10x8 --shape=3=6x10 --input=@random,@random,@random,%t/m3.npy --output=%t/a3.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=dynamic_mask --seed=193 --shape=0=3x6x16 --shape=1=3x10x16 --shape=2=3x10x8 --shape=3=6x10 --input=@random,@random,@random,%t/m3.npy --check --output=%t/b3.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a3.npy %t/b3.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/bool_npy.py %t/m4.npy 1x5 193 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-mask.mlir --entry=dynamic_mask --seed=193 --shape=0=2x1x16 --shape=1=2x5x16 --shape=2=2x5x8 --shape=3=1x5 --input=@random,@random,@random,%t/m4.npy --output=%t/a4.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=dynamic_mask --seed=193 --shape=0=2x1x16 --shape=1=2x5x16 --shape=2=2x5x8 --shape=3=1x5 --input=@random,@random,@random,%t/m4.npy --check --output=%t/b4.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a4.npy %t/b4.npy | FileCheck %s --check-prefix=SAME

// @mask_and_causal
// RUN: %python %S/Inputs/bool_npy.py %t/m5.npy 3x1x7 194 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-mask.mlir --entry=mask_and_causal --seed=194 --shape=0=3x7x16 --shape=1=3x7x16 --shape=2=3x7x8 --shape=3=3x1x7 --input=@random,@random,@random,%t/m5.npy --output=%t/a5.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=mask_and_causal --seed=194 --shape=0=3x7x16 --shape=1=3x7x16 --shape=2=3x7x8 --shape=3=3x1x7 --input=@random,@random,@random,%t/m5.npy --check --output=%t/b5.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a5.npy %t/b5.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/bool_npy.py %t/m6.npy 2x1x11 194 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-mask.mlir --entry=mask_and_causal --seed=194 --shape=0=2x5x16 --shape=1=2x11x16 --shape=2=2x11x8 --shape=3=2x1x11 --input=@random,@random,@random,%t/m6.npy --output=%t/a6.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=mask_and_causal --seed=194 --shape=0=2x5x16 --shape=1=2x11x16 --shape=2=2x11x8 --shape=3=2x1x11 --input=@random,@random,@random,%t/m6.npy --check --output=%t/b6.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a6.npy %t/b6.npy | FileCheck %s --check-prefix=SAME

// @mask_and_bias
// RUN: %python %S/Inputs/bool_npy.py %t/m7.npy 4x5x9 195 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-mask.mlir --entry=mask_and_bias --seed=195 --input=@random,@random,@random,%t/m7.npy,@random --output=%t/a7.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=mask_and_bias --seed=195 --input=@random,@random,@random,%t/m7.npy,@random --check --output=%t/b7.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a7.npy %t/b7.npy | FileCheck %s --check-prefix=SAME

// @tosa_where
// RUN: %python %S/Inputs/bool_npy.py %t/m20.npy 1x1x1x5 196 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-mask.mlir --entry=tosa_where --seed=196 --input=@random,@random,@random,%t/m20.npy --output=%t/a20.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=tosa_where --seed=196 --input=@random,@random,@random,%t/m20.npy --check --output=%t/b20.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a20.npy %t/b20.npy | FileCheck %s --check-prefix=SAME

// @tosa_masked_fill
// RUN: %python %S/Inputs/bool_npy.py %t/m21.npy 1x1x1x5 197 --first=false
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-mask.mlir --entry=tosa_masked_fill --seed=197 --input=@random,@random,@random,%t/m21.npy --output=%t/a21.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=tosa_masked_fill --seed=197 --input=@random,@random,@random,%t/m21.npy --output=%t/b21.npy | FileCheck %s --check-prefix=RAN
// RUN: %python %S/Inputs/compare_npy.py %t/a21.npy %t/b21.npy | FileCheck %s --check-prefix=SAME

// RAN: output: result 0
// CHECKED: check: PASS
// SAME: PASS
