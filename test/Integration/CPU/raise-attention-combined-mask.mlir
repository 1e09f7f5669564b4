// --mha-raise-attention with a padding mask and a causal or window band in
// one condition, executed: the functions of
// test/Dialect/MHA/mha-raise-attention-combined-mask.mlir that it raises
// run as written and raised, on the same seeded inputs with a random
// padding mask (bool_npy.py, which keeps the first key, or for the window
// a seed that leaves every row a key: a row without keys is NaN as
// written and 0 raised, docs/Raising.md), at several sizes; the outputs
// agree to rel L2 < 1e-5, and --check compares with the float64
// reference: the raised function where it holds only mha ops, reshapes and
// sizes, else the mha-only form written below (@*_ref: the same op on the
// mask as the raise computes it), whose output must agree too.

// RUN: rm -rf %t && mkdir -p %t
// RUN: mha-opt %mha_src_root/test/Dialect/MHA/mha-raise-attention-combined-mask.mlir --mha-raise-attention -o %t/raised.mlir
// RUN: FileCheck %s --check-prefix=RAISED < %t/raised.mlir
// RAISED-COUNT-5: mha.attention
// RAISED-NOT: mha.attention

// @causal_and_padding
// RUN: %python %S/Inputs/bool_npy.py %t/m1.npy 4x1x9 301 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-combined-mask.mlir --entry=causal_and_padding --seed=301 --input=@random,@random,@random,%t/m1.npy --output=%t/a1.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=causal_and_padding --seed=301 --input=@random,@random,@random,%t/m1.npy --check --output=%t/b1.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a1.npy %t/b1.npy | FileCheck %s --check-prefix=SAME

// @dynamic_masked_fill: L < S, L = S, and one query row.
// RUN: %python %S/Inputs/bool_npy.py %t/m2.npy 3x1x10 302 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-combined-mask.mlir --entry=dynamic_masked_fill --seed=302 --shape=0=3x6x16 --shape=1=3x10x16 --shape=2=3x10x8 --shape=3=3x1x10 --input=@random,@random,@random,%t/m2.npy --output=%t/a2.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=dynamic_masked_fill --seed=302 --shape=0=3x6x16 --shape=1=3x10x16 --shape=2=3x10x8 --shape=3=3x1x10 --input=@random,@random,@random,%t/m2.npy --check --output=%t/b2.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a2.npy %t/b2.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/bool_npy.py %t/m3.npy 2x1x7 303 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-combined-mask.mlir --entry=dynamic_masked_fill --seed=303 --shape=0=2x7x16 --shape=1=2x7x16 --shape=2=2x7x8 --shape=3=2x1x7 --input=@random,@random,@random,%t/m3.npy --output=%t/a3.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=dynamic_masked_fill --seed=303 --shape=0=2x7x16 --shape=1=2x7x16 --shape=2=2x7x8 --shape=3=2x1x7 --input=@random,@random,@random,%t/m3.npy --check --output=%t/b3.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a3.npy %t/b3.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/bool_npy.py %t/m4.npy 2x1x5 304 --first=true
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-combined-mask.mlir --entry=dynamic_masked_fill --seed=304 --shape=0=2x1x16 --shape=1=2x5x16 --shape=2=2x5x8 --shape=3=2x1x5 --input=@random,@random,@random,%t/m4.npy --output=%t/a4.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=dynamic_masked_fill --seed=304 --shape=0=2x1x16 --shape=1=2x5x16 --shape=2=2x5x8 --shape=3=2x1x5 --input=@random,@random,@random,%t/m4.npy --check --output=%t/b4.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a4.npy %t/b4.npy | FileCheck %s --check-prefix=SAME

// @window_and_key_padding (true: padding; seed 304 leaves every row of the
// 3-key window a key).
// RUN: %python %S/Inputs/bool_npy.py %t/m5.npy 4x1x9 304 --first=false
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-combined-mask.mlir --entry=window_and_key_padding --seed=305 --input=@random,@random,@random,%t/m5.npy --output=%t/a5.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=window_and_key_padding --seed=305 --input=@random,@random,@random,%t/m5.npy --output=%t/b5.npy | FileCheck %s --check-prefix=RAN
// RUN: %python %S/Inputs/compare_npy.py %t/a5.npy %t/b5.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/bool_npy.py %t/n5.npy 4x1x9 304 --first=false --invert
// RUN: mha-run %s --entry=window_ref --seed=305 --input=@random,@random,@random,%t/n5.npy --check --output=%t/c5.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a5.npy %t/c5.npy | FileCheck %s --check-prefix=SAME

// @compared_attention_mask (a float attention_mask of 0 and 1).
// RUN: %python %S/Inputs/bool_npy.py %t/m6.npy 4x9 306 --first=true --dtype=f32
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-combined-mask.mlir --entry=compared_attention_mask --seed=306 --input=@random,@random,@random,%t/m6.npy --output=%t/a6.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=compared_attention_mask --seed=306 --input=@random,@random,@random,%t/m6.npy --output=%t/b6.npy | FileCheck %s --check-prefix=RAN
// RUN: %python %S/Inputs/compare_npy.py %t/a6.npy %t/b6.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/bool_npy.py %t/n6.npy 4x9 306 --first=true
// RUN: mha-run %s --entry=compared_ref --seed=306 --input=@random,@random,@random,%t/n6.npy --check --output=%t/c6.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a6.npy %t/c6.npy | FileCheck %s --check-prefix=SAME

// @tril_ones_and_key_padding: L < S and L > S.
// RUN: %python %S/Inputs/bool_npy.py %t/m7.npy 3x1x10 307 --first=false
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-combined-mask.mlir --entry=tril_ones_and_key_padding --seed=307 --shape=0=3x6x16 --shape=1=3x10x16 --shape=2=3x10x8 --shape=3=3x1x10 --input=@random,@random,@random,%t/m7.npy --output=%t/a7.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=tril_ones_and_key_padding --seed=307 --shape=0=3x6x16 --shape=1=3x10x16 --shape=2=3x10x8 --shape=3=3x1x10 --input=@random,@random,@random,%t/m7.npy --output=%t/b7.npy | FileCheck %s --check-prefix=RAN
// RUN: %python %S/Inputs/compare_npy.py %t/a7.npy %t/b7.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/bool_npy.py %t/n7.npy 3x1x10 307 --first=false --invert
// RUN: mha-run %s --entry=tril_ref --seed=307 --shape=0=3x6x16 --shape=1=3x10x16 --shape=2=3x10x8 --shape=3=3x1x10 --input=@random,@random,@random,%t/n7.npy --check --output=%t/c7.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a7.npy %t/c7.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/bool_npy.py %t/m8.npy 2x1x4 308 --first=false
// RUN: mha-run %mha_src_root/test/Dialect/MHA/mha-raise-attention-combined-mask.mlir --entry=tril_ones_and_key_padding --seed=308 --shape=0=2x7x16 --shape=1=2x4x16 --shape=2=2x4x8 --shape=3=2x1x4 --input=@random,@random,@random,%t/m8.npy --output=%t/a8.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %t/raised.mlir --entry=tril_ones_and_key_padding --seed=308 --shape=0=2x7x16 --shape=1=2x4x16 --shape=2=2x4x8 --shape=3=2x1x4 --input=@random,@random,@random,%t/m8.npy --output=%t/b8.npy | FileCheck %s --check-prefix=RAN
// RUN: %python %S/Inputs/compare_npy.py %t/a8.npy %t/b8.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/bool_npy.py %t/n8.npy 2x1x4 308 --first=false --invert
// RUN: mha-run %s --entry=tril_ref --seed=308 --shape=0=2x7x16 --shape=1=2x4x16 --shape=2=2x4x8 --shape=3=2x1x4 --input=@random,@random,@random,%t/n8.npy --check --output=%t/c8.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/a8.npy %t/c8.npy | FileCheck %s --check-prefix=SAME

// RAN: output: result 0
// CHECKED: check: PASS
// SAME: PASS

// The raised forms that keep a generic (the mask's negation, the
// comparison), written with mha ops only, for the float64 reference.
func.func @window_ref(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x1x9xi1>) -> tensor<4x5x8xf32> {
  %q4 = tensor.expand_shape %q [[0, 1], [2], [3]] output_shape [1, 4, 5, 16] : tensor<4x5x16xf32> into tensor<1x4x5x16xf32>
  %k4 = tensor.expand_shape %k [[0, 1], [2], [3]] output_shape [1, 4, 9, 16] : tensor<4x9x16xf32> into tensor<1x4x9x16xf32>
  %v4 = tensor.expand_shape %v [[0, 1], [2], [3]] output_shape [1, 4, 9, 8] : tensor<4x9x8xf32> into tensor<1x4x9x8xf32>
  %m4 = tensor.expand_shape %m [[0, 1], [2], [3]] output_shape [1, 4, 1, 9] : tensor<4x1x9xi1> into tensor<1x4x1x9xi1>
  %o = mha.attention %q4, %k4, %v4 mask(%m4 : tensor<1x4x1x9xi1>) causal(top_left) window(2, 0) scale(1.0) : tensor<1x4x5x16xf32>, tensor<1x4x9x16xf32>, tensor<1x4x9x8xf32> -> tensor<1x4x5x8xf32>
  %r = tensor.collapse_shape %o [[0, 1], [2], [3]] : tensor<1x4x5x8xf32> into tensor<4x5x8xf32>
  return %r : tensor<4x5x8xf32>
}

func.func @compared_ref(%q: tensor<4x5x16xf32>, %k: tensor<4x9x16xf32>, %v: tensor<4x9x8xf32>, %m: tensor<4x9xi1>) -> tensor<4x5x8xf32> {
  %q4 = tensor.expand_shape %q [[0, 1], [2], [3]] output_shape [1, 4, 5, 16] : tensor<4x5x16xf32> into tensor<1x4x5x16xf32>
  %k4 = tensor.expand_shape %k [[0, 1], [2], [3]] output_shape [1, 4, 9, 16] : tensor<4x9x16xf32> into tensor<1x4x9x16xf32>
  %v4 = tensor.expand_shape %v [[0, 1], [2], [3]] output_shape [1, 4, 9, 8] : tensor<4x9x8xf32> into tensor<1x4x9x8xf32>
  %m4 = tensor.expand_shape %m [[0, 1], [2, 3]] output_shape [1, 4, 1, 9] : tensor<4x9xi1> into tensor<1x4x1x9xi1>
  %o = mha.attention %q4, %k4, %v4 mask(%m4 : tensor<1x4x1x9xi1>) causal(top_left) scale(1.0) : tensor<1x4x5x16xf32>, tensor<1x4x9x16xf32>, tensor<1x4x9x8xf32> -> tensor<1x4x5x8xf32>
  %r = tensor.collapse_shape %o [[0, 1], [2], [3]] : tensor<1x4x5x8xf32> into tensor<4x5x8xf32>
  return %r : tensor<4x5x8xf32>
}

func.func @tril_ref(%q: tensor<?x?x16xf32>, %k: tensor<?x?x16xf32>, %v: tensor<?x?x8xf32>, %m: tensor<?x1x?xi1>) -> tensor<?x?x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %q, %c0 : tensor<?x?x16xf32>
  %l = tensor.dim %q, %c1 : tensor<?x?x16xf32>
  %s = tensor.dim %k, %c1 : tensor<?x?x16xf32>
  %q4 = tensor.expand_shape %q [[0, 1], [2], [3]] output_shape [%n, 1, %l, 16] : tensor<?x?x16xf32> into tensor<?x1x?x16xf32>
  %k4 = tensor.expand_shape %k [[0, 1], [2], [3]] output_shape [%n, 1, %s, 16] : tensor<?x?x16xf32> into tensor<?x1x?x16xf32>
  %v4 = tensor.expand_shape %v [[0, 1], [2], [3]] output_shape [%n, 1, %s, 8] : tensor<?x?x8xf32> into tensor<?x1x?x8xf32>
  %m4 = tensor.expand_shape %m [[0], [1, 2], [3]] output_shape [%n, 1, 1, %s] : tensor<?x1x?xi1> into tensor<?x1x1x?xi1>
  %o = mha.attention %q4, %k4, %v4 mask(%m4 : tensor<?x1x1x?xi1>) causal(top_left) scale(1.0) : tensor<?x1x?x16xf32>, tensor<?x1x?x16xf32>, tensor<?x1x?x8xf32> -> tensor<?x1x?x8xf32>
  %r = tensor.collapse_shape %o [[0, 1], [2], [3]] : tensor<?x1x?x8xf32> into tensor<?x?x8xf32>
  return %r : tensor<?x?x8xf32>
}
