// --mha-raise-attention on linalg, executed: each function runs as written
// (the CPU pipeline compiles plain linalg; linalg.softmax is first
// decomposed by the transform interpreter) and raised, on the same seeded
// inputs. The raised IR must hold the mha.attention (else the comparison
// proves nothing); where it holds only mha ops, --check also compares it
// with the float64 reference; the two outputs agree to rel L2 < 1e-5.
// B = 2, H = 3, L = 9, S = 13, E = 16, Ev = 8.

// RUN: rm -rf %t && split-file %s %t

// 4-D generic products, Q * 0.25, a [B, 1, L, S] bias, linalg.softmax.
// RUN: mha-opt %t/bias.mlir --transform-preload-library=transform-library-paths=%t/decompose-softmax.mlir --transform-interpreter -o %t/bias.orig.mlir
// RUN: mha-run %t/bias.orig.mlir --entry=f --seed=61 --output=%t/bias.a.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-opt %t/bias.mlir --mha-raise-attention -o %t/bias.raised.mlir
// RUN: FileCheck %s --check-prefix=BIAS < %t/bias.raised.mlir
// RUN: mha-run %t/bias.raised.mlir --entry=f --seed=61 --check --output=%t/bias.b.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/bias.a.npy %t/bias.b.npy | FileCheck %s --check-prefix=SAME
// BIAS: func.func @f
// BIAS-NEXT: mha.attention %arg0, %arg1, %arg2 bias(%arg3 : tensor<2x1x9x13xf32>) scale(2.500000e-01)
// BIAS-NEXT: return

// [B*H, ...] products between collapses of 4-D arguments and an expand of
// the result, scores / 4.0, an added 0/-inf mask built from linalg.index
// with j > i + (S - L), torch's softmax (max.dim with its argmax output).
// RUN: mha-run %t/causal.mlir --entry=f --seed=62 --output=%t/causal.a.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-opt %t/causal.mlir --mha-raise-attention -o %t/causal.raised.mlir
// RUN: FileCheck %s --check-prefix=CAUSAL < %t/causal.raised.mlir
// RUN: mha-run %t/causal.raised.mlir --entry=f --seed=62 --check --output=%t/causal.b.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/causal.a.npy %t/causal.b.npy | FileCheck %s --check-prefix=SAME
// CAUSAL: func.func @f
// CAUSAL-NEXT: mha.attention %arg0, %arg1, %arg2 causal(bottom_right) scale(2.500000e-01)
// CAUSAL-NEXT: return

// 3-D throughout, L = 11 > S = 7, the causal mask selected in place
// (top_left), K^T by a transposing generic, linalg.reduce, reciprocal and
// multiply. The raised form keeps reshapes, so no --check.
// RUN: mha-run %t/select.mlir --entry=f --seed=63 --output=%t/select.a.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-opt %t/select.mlir --mha-raise-attention -o %t/select.raised.mlir
// RUN: FileCheck %s --check-prefix=SELECT < %t/select.raised.mlir
// RUN: mha-run %t/select.raised.mlir --entry=f --seed=63 --output=%t/select.b.npy | FileCheck %s --check-prefix=RAN
// RUN: %python %S/Inputs/compare_npy.py %t/select.a.npy %t/select.b.npy | FileCheck %s --check-prefix=SAME
// SELECT: mha.attention %{{.+}}, %{{.+}}, %{{.+}} causal(top_left) scale(2.500000e-01) : tensor<1x6x11x16xf32>, tensor<1x6x7x16xf32>, tensor<1x6x7x8xf32> -> tensor<1x6x11x8xf32>
// SELECT-NOT: linalg.

// RAN: output: result 0
// CHECKED: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CHECKED-NEXT: check: PASS
// SAME: compare: shape={{[0-9x]+}} rel_l2={{.*}} PASS

//--- decompose-softmax.mlir
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %softmax = transform.structured.match ops{["linalg.softmax"]} in %root : (!transform.any_op) -> !transform.any_op
    %decomposed = transform.structured.decompose_interface %softmax : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}

//--- bias.mlir
#q = affine_map<(b, h, i, j, e) -> (b, h, i, e)>
#k = affine_map<(b, h, i, j, e) -> (b, h, j, e)>
#s = affine_map<(b, h, i, j, e) -> (b, h, i, j)>
#p = affine_map<(b, h, i, c, j) -> (b, h, i, j)>
#v = affine_map<(b, h, i, c, j) -> (b, h, j, c)>
#o = affine_map<(b, h, i, c, j) -> (b, h, i, c)>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#b4 = affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>
func.func @f(%q: tensor<2x3x9x16xf32>, %k: tensor<2x3x13x16xf32>, %v: tensor<2x3x13x8xf32>, %bias: tensor<2x1x9x13xf32>) -> tensor<2x3x9x8xf32> {
  %zero = arith.constant 0.0 : f32
  %c = arith.constant 0.25 : f32
  %eq = tensor.empty() : tensor<2x3x9x16xf32>
  %qs = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%q : tensor<2x3x9x16xf32>) outs(%eq : tensor<2x3x9x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.mulf %in, %c : f32
    linalg.yield %x : f32
  } -> tensor<2x3x9x16xf32>
  %e1 = tensor.empty() : tensor<2x3x9x13xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x3x9x13xf32>) -> tensor<2x3x9x13xf32>
  %s = linalg.generic {indexing_maps = [#q, #k, #s], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%qs, %k : tensor<2x3x9x16xf32>, tensor<2x3x13x16xf32>) outs(%f1 : tensor<2x3x9x13xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %x = arith.mulf %a, %b : f32
    %y = arith.addf %acc, %x : f32
    linalg.yield %y : f32
  } -> tensor<2x3x9x13xf32>
  %sb = linalg.generic {indexing_maps = [#id4, #b4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s, %bias : tensor<2x3x9x13xf32>, tensor<2x1x9x13xf32>) outs(%e1 : tensor<2x3x9x13xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.addf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<2x3x9x13xf32>
  %p = linalg.softmax dimension(3) ins(%sb : tensor<2x3x9x13xf32>) outs(%e1 : tensor<2x3x9x13xf32>) -> tensor<2x3x9x13xf32>
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

//--- causal.mlir
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#red3 = affine_map<(d0, d1, d2) -> (d0, d1)>
#keep3 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#ls = affine_map<(d0, d1, d2) -> (d1, d2)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @f(%q4: tensor<2x3x9x16xf32>, %k4: tensor<2x3x13x16xf32>, %v4: tensor<2x3x13x8xf32>) -> tensor<2x3x9x8xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %four = arith.constant 4.0 : f64
  %c0_i64 = arith.constant 0 : i64
  %off = arith.constant 4 : index
  %em = tensor.empty() : tensor<9x13xf32>
  %mask = linalg.generic {indexing_maps = [#id2], iterator_types = ["parallel", "parallel"]} outs(%em : tensor<9x13xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %d = arith.addi %i, %off : index
    %gt = arith.cmpi sgt, %j, %d : index
    %x = arith.select %gt, %ninf, %zero : f32
    linalg.yield %x : f32
  } -> tensor<9x13xf32>
  %q = tensor.collapse_shape %q4 [[0, 1], [2], [3]] : tensor<2x3x9x16xf32> into tensor<6x9x16xf32>
  %k = tensor.collapse_shape %k4 [[0, 1], [2], [3]] : tensor<2x3x13x16xf32> into tensor<6x13x16xf32>
  %v = tensor.collapse_shape %v4 [[0, 1], [2], [3]] : tensor<2x3x13x8xf32> into tensor<6x13x8xf32>
  %e0 = tensor.empty() : tensor<6x16x13xf32>
  %kt = linalg.transpose ins(%k : tensor<6x13x16xf32>) outs(%e0 : tensor<6x16x13xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x9x13xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x9x13xf32>) -> tensor<6x9x13xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x9x16xf32>, tensor<6x16x13xf32>) outs(%f1 : tensor<6x9x13xf32>) -> tensor<6x9x13xf32>
  %ss = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<6x9x13xf32>) outs(%e1 : tensor<6x9x13xf32>) {
  ^bb0(%in: f32, %out: f32):
    %c = arith.truncf %four : f64 to f32
    %x = arith.divf %in, %c : f32
    linalg.yield %x : f32
  } -> tensor<6x9x13xf32>
  %sm = linalg.generic {indexing_maps = [#id3, #ls, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%ss, %mask : tensor<6x9x13xf32>, tensor<9x13xf32>) outs(%e1 : tensor<6x9x13xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.addf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<6x9x13xf32>
  %e2 = tensor.empty() : tensor<6x9xf32>
  %f2 = linalg.fill ins(%ninf : f32) outs(%e2 : tensor<6x9xf32>) -> tensor<6x9xf32>
  %ei = tensor.empty() : tensor<6x9xi64>
  %fi = linalg.fill ins(%c0_i64 : i64) outs(%ei : tensor<6x9xi64>) -> tensor<6x9xi64>
  %max:2 = linalg.generic {indexing_maps = [#id3, #red3, #red3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%sm : tensor<6x9x13xf32>) outs(%f2, %fi : tensor<6x9xf32>, tensor<6x9xi64>) {
  ^bb0(%in: f32, %out: f32, %out_0: i64):
    %j = linalg.index 2 : index
    %ji = arith.index_cast %j : index to i64
    %x = arith.maximumf %in, %out : f32
    %gt = arith.cmpf ogt, %in, %out : f32
    %y = arith.select %gt, %ji, %out_0 : i64
    linalg.yield %x, %y : f32, i64
  } -> (tensor<6x9xf32>, tensor<6x9xi64>)
  %mk = tensor.expand_shape %max#0 [[0], [1, 2]] output_shape [6, 9, 1] : tensor<6x9xf32> into tensor<6x9x1xf32>
  %exp = linalg.generic {indexing_maps = [#id3, #keep3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%sm, %mk : tensor<6x9x13xf32>, tensor<6x9x1xf32>) outs(%e1 : tensor<6x9x13xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.subf %in, %in_0 : f32
    %y = math.exp %x : f32
    linalg.yield %y : f32
  } -> tensor<6x9x13xf32>
  %e3 = tensor.empty() : tensor<6x9x1xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<6x9x1xf32>) -> tensor<6x9x1xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #keep3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%exp : tensor<6x9x13xf32>) outs(%f3 : tensor<6x9x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.addf %in, %out : f32
    linalg.yield %x : f32
  } -> tensor<6x9x1xf32>
  %p = linalg.generic {indexing_maps = [#id3, #keep3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%exp, %sum : tensor<6x9x13xf32>, tensor<6x9x1xf32>) outs(%e1 : tensor<6x9x13xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.divf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<6x9x13xf32>
  %e4 = tensor.empty() : tensor<6x9x8xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<6x9x8xf32>) -> tensor<6x9x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x9x13xf32>, tensor<6x13x8xf32>) outs(%f4 : tensor<6x9x8xf32>) -> tensor<6x9x8xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [2, 3, 9, 8] : tensor<6x9x8xf32> into tensor<2x3x9x8xf32>
  return %o4 : tensor<2x3x9x8xf32>
}

//--- select.mlir
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#tr3 = affine_map<(d0, d1, d2) -> (d0, d2, d1)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @f(%q: tensor<6x11x16xf32>, %k: tensor<6x7x16xf32>, %v: tensor<6x7x8xf32>) -> tensor<6x11x8xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %lowest = arith.constant -3.40282347E+38 : f32
  %scale = arith.constant 0.25 : f32
  %e0 = tensor.empty() : tensor<6x16x7xf32>
  %kt = linalg.generic {indexing_maps = [#tr3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%k : tensor<6x7x16xf32>) outs(%e0 : tensor<6x16x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<6x16x7xf32>
  %e1 = tensor.empty() : tensor<6x11x7xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x11x7xf32>) -> tensor<6x11x7xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x11x16xf32>, tensor<6x16x7xf32>) outs(%f1 : tensor<6x11x7xf32>) -> tensor<6x11x7xf32>
  %ss = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s : tensor<6x11x7xf32>) outs(%e1 : tensor<6x11x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.mulf %in, %scale : f32
    linalg.yield %x : f32
  } -> tensor<6x11x7xf32>
  %sm = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%ss : tensor<6x11x7xf32>) outs(%e1 : tensor<6x11x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    %i = linalg.index 1 : index
    %j = linalg.index 2 : index
    %le = arith.cmpi ule, %j, %i : index
    %x = arith.select %le, %in, %ninf : f32
    linalg.yield %x : f32
  } -> tensor<6x11x7xf32>
  %e2 = tensor.empty() : tensor<6x11xf32>
  %f2 = linalg.fill ins(%lowest : f32) outs(%e2 : tensor<6x11xf32>) -> tensor<6x11xf32>
  %m = linalg.reduce ins(%sm : tensor<6x11x7xf32>) outs(%f2 : tensor<6x11xf32>) dimensions = [2]
    (%in: f32, %init: f32) {
      %x = arith.maximumf %in, %init : f32
      linalg.yield %x : f32
    }
  %d = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%sm, %m : tensor<6x11x7xf32>, tensor<6x11xf32>) outs(%e1 : tensor<6x11x7xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.subf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<6x11x7xf32>
  %exp = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%d : tensor<6x11x7xf32>) outs(%e1 : tensor<6x11x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = math.exp %in : f32
    linalg.yield %x : f32
  } -> tensor<6x11x7xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x11xf32>) -> tensor<6x11xf32>
  %sum = linalg.reduce ins(%exp : tensor<6x11x7xf32>) outs(%f3 : tensor<6x11xf32>) dimensions = [2]
    (%in: f32, %init: f32) {
      %x = arith.addf %in, %init : f32
      linalg.yield %x : f32
    }
  %rcp = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%sum : tensor<6x11xf32>) outs(%e2 : tensor<6x11xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.divf %one, %in : f32
    linalg.yield %x : f32
  } -> tensor<6x11xf32>
  %p = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%exp, %rcp : tensor<6x11x7xf32>, tensor<6x11xf32>) outs(%e1 : tensor<6x11x7xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.mulf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<6x11x7xf32>
  %e3 = tensor.empty() : tensor<6x11x8xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<6x11x8xf32>) -> tensor<6x11x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x11x7xf32>, tensor<6x7x8xf32>) outs(%f4 : tensor<6x11x8xf32>) -> tensor<6x11x8xf32>
  return %o : tensor<6x11x8xf32>
}
