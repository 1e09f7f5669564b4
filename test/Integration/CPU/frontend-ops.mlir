// The CPU pipeline compiles a frontend's tensor code around the mha ops:
// elementwise arith on whole tensors (convert-elementwise-to-linalg) and
// TOSA (upstream's tosa-to-linalg-named, tosa-to-linalg, tosa-to-arith,
// tosa-to-tensor). Q * 0.5, as arith.mulf on a tensor or as tosa.mul, then
// the attention, gives what scale(0.5 / sqrt(E)) gives on the same seeded
// inputs.
// RUN: mha-run %s --entry=arith_scale --seed=7 --output=%t.a.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %s --entry=tosa_scale --seed=7 --output=%t.t.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %s --entry=attr_scale --seed=7 --check --output=%t.b.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t.a.npy %t.b.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/compare_npy.py %t.t.npy %t.b.npy | FileCheck %s --check-prefix=SAME
// RAN: output: result 0
// CHECKED: check: PASS
// SAME: compare: shape=2x3x9x8 rel_l2={{.*}} PASS

func.func @arith_scale(%q: tensor<2x3x9x16xf32>, %k: tensor<2x3x13x16xf32>, %v: tensor<2x3x13x8xf32>) -> tensor<2x3x9x8xf32> {
  %half = arith.constant dense<0.5> : tensor<2x3x9x16xf32>
  %qs = arith.mulf %q, %half : tensor<2x3x9x16xf32>
  %o = mha.attention %qs, %k, %v : tensor<2x3x9x16xf32>, tensor<2x3x13x16xf32>, tensor<2x3x13x8xf32> -> tensor<2x3x9x8xf32>
  return %o : tensor<2x3x9x8xf32>
}

func.func @tosa_scale(%q: tensor<2x3x9x16xf32>, %k: tensor<2x3x13x16xf32>, %v: tensor<2x3x13x8xf32>) -> tensor<2x3x9x8xf32> {
  %half = "tosa.const"() <{values = dense<0.5> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %qs = tosa.mul %q, %half, %shift : (tensor<2x3x9x16xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<2x3x9x16xf32>
  %o = mha.attention %qs, %k, %v : tensor<2x3x9x16xf32>, tensor<2x3x13x16xf32>, tensor<2x3x13x8xf32> -> tensor<2x3x9x8xf32>
  return %o : tensor<2x3x9x8xf32>
}

func.func @attr_scale(%q: tensor<2x3x9x16xf32>, %k: tensor<2x3x13x16xf32>, %v: tensor<2x3x13x8xf32>) -> tensor<2x3x9x8xf32> {
  %o = mha.attention %q, %k, %v scale(0.125) : tensor<2x3x9x16xf32>, tensor<2x3x13x16xf32>, tensor<2x3x13x8xf32> -> tensor<2x3x9x8xf32>
  return %o : tensor<2x3x9x8xf32>
}
