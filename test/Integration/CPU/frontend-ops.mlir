// The CPU pipeline compiles a frontend's tensor code around the mha ops:
// elementwise arith on whole tensors (convert-elementwise-to-linalg), TOSA
// (upstream's tosa-to-linalg-named, tosa-to-linalg, tosa-to-arith,
// tosa-to-tensor) and linalg.softmax (--mha-decompose-aggregated-ops).
// Q * 0.5, as arith.mulf on a tensor or as tosa.mul, then the attention,
// gives what scale(0.5 / sqrt(E)) gives on the same seeded inputs, and so
// does that attention written out in linalg with linalg.softmax.
// RUN: mha-run %s --entry=arith_scale --seed=7 --output=%t.a.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %s --entry=tosa_scale --seed=7 --output=%t.t.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %s --entry=linalg_softmax --seed=7 --output=%t.s.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-run %s --entry=attr_scale --seed=7 --check --output=%t.b.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t.a.npy %t.b.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/compare_npy.py %t.t.npy %t.b.npy | FileCheck %s --check-prefix=SAME
// RUN: %python %S/Inputs/compare_npy.py %t.s.npy %t.b.npy | FileCheck %s --check-prefix=SAME
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

#q = affine_map<(b, h, i, j, e) -> (b, h, i, e)>
#k = affine_map<(b, h, i, j, e) -> (b, h, j, e)>
#s = affine_map<(b, h, i, j, e) -> (b, h, i, j)>
#p = affine_map<(b, h, i, c, j) -> (b, h, i, j)>
#v = affine_map<(b, h, i, c, j) -> (b, h, j, c)>
#o = affine_map<(b, h, i, c, j) -> (b, h, i, c)>
func.func @linalg_softmax(%q: tensor<2x3x9x16xf32>, %k: tensor<2x3x13x16xf32>, %v: tensor<2x3x13x8xf32>) -> tensor<2x3x9x8xf32> {
  %zero = arith.constant 0.0 : f32
  %c = arith.constant 0.125 : f32
  %e1 = tensor.empty() : tensor<2x3x9x13xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x3x9x13xf32>) -> tensor<2x3x9x13xf32>
  %s = linalg.generic {indexing_maps = [#q, #k, #s], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<2x3x9x16xf32>, tensor<2x3x13x16xf32>) outs(%f1 : tensor<2x3x9x13xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.mulf %a, %b : f32
    %xs = arith.mulf %x, %c : f32
    %y = arith.addf %acc, %xs : f32
    linalg.yield %y : f32
  } -> tensor<2x3x9x13xf32>
  %p = linalg.softmax dimension(3) ins(%s : tensor<2x3x9x13xf32>) outs(%e1 : tensor<2x3x9x13xf32>) -> tensor<2x3x9x13xf32>
  %e2 = tensor.empty() : tensor<2x3x9x8xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x3x9x8xf32>) -> tensor<2x3x9x8xf32>
  %o = linalg.generic {indexing_maps = [#p, #v, #o], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%p, %v : tensor<2x3x9x13xf32>, tensor<2x3x13x8xf32>) outs(%f2 : tensor<2x3x9x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.mulf %a, %b : f32
    %y = arith.addf %acc, %x : f32
    linalg.yield %y : f32
  } -> tensor<2x3x9x8xf32>
  return %o : tensor<2x3x9x8xf32>
}
