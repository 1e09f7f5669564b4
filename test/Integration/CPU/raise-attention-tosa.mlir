// --mha-raise-attention on TOSA, executed: each function runs as written
// (first lowered by upstream's TOSA-to-linalg passes here, as the CPU
// pipeline would also do itself) and raised, on the same seeded inputs. The raised
// IR must hold the mha.attention; where it holds only mha ops, --check also
// compares it with the float64 reference; the two outputs agree to rel
// L2 < 1e-5. B = 2, H = 3, L = 9, S = 13, E = 16, Ev = 8.

// RUN: rm -rf %t && split-file %s %t

// 4-D with reshapes around each tosa.matmul, scores * 0.25, a [1, 1, L, S]
// bias added.
// RUN: mha-opt %t/bias.mlir --pass-pipeline="builtin.module(func.func(tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith,tosa-to-tensor))" -o %t/bias.orig.mlir
// RUN: mha-run %t/bias.orig.mlir --entry=f --seed=71 --output=%t/bias.a.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-opt %t/bias.mlir --mha-raise-attention -o %t/bias.raised.mlir
// RUN: FileCheck %s --check-prefix=BIAS < %t/bias.raised.mlir
// RUN: mha-run %t/bias.raised.mlir --entry=f --seed=71 --check --output=%t/bias.b.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/bias.a.npy %t/bias.b.npy | FileCheck %s --check-prefix=SAME
// BIAS: func.func @f
// BIAS-NEXT: mha.attention %arg0, %arg1, %arg2 bias(%arg3 : tensor<1x1x9x13xf32>) scale(2.500000e-01)
// BIAS-NEXT: return

// L = S = 12: a constant lower triangle selects the scores or -inf in
// place (top_left); 0.125 * scores.
// RUN: mha-opt %t/causal.mlir --pass-pipeline="builtin.module(func.func(tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith,tosa-to-tensor))" -o %t/causal.orig.mlir
// RUN: mha-run %t/causal.orig.mlir --entry=f --seed=72 --output=%t/causal.a.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-opt %t/causal.mlir --mha-raise-attention -o %t/causal.raised.mlir
// RUN: FileCheck %s --check-prefix=CAUSAL < %t/causal.raised.mlir
// RUN: mha-run %t/causal.raised.mlir --entry=f --seed=72 --check --output=%t/causal.b.npy | FileCheck %s --check-prefix=CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/causal.a.npy %t/causal.b.npy | FileCheck %s --check-prefix=SAME
// CAUSAL: func.func @f
// CAUSAL-NEXT: mha.attention %arg0, %arg1, %arg2 causal(top_left) scale(1.250000e-01)
// CAUSAL-NEXT: return

// 3-D [B*H, L, E], Q * 0.25 before the product. The raised form keeps
// reshapes, so no --check.
// RUN: mha-opt %t/plain.mlir --pass-pipeline="builtin.module(func.func(tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith,tosa-to-tensor))" -o %t/plain.orig.mlir
// RUN: mha-run %t/plain.orig.mlir --entry=f --seed=73 --output=%t/plain.a.npy | FileCheck %s --check-prefix=RAN
// RUN: mha-opt %t/plain.mlir --mha-raise-attention -o %t/plain.raised.mlir
// RUN: FileCheck %s --check-prefix=PLAIN < %t/plain.raised.mlir
// RUN: mha-run %t/plain.raised.mlir --entry=f --seed=73 --output=%t/plain.b.npy | FileCheck %s --check-prefix=RAN
// RUN: %python %S/Inputs/compare_npy.py %t/plain.a.npy %t/plain.b.npy | FileCheck %s --check-prefix=SAME
// PLAIN: mha.attention %{{.+}}, %{{.+}}, %{{.+}} scale(2.500000e-01) : tensor<1x6x9x16xf32>, tensor<1x6x13x16xf32>, tensor<1x6x13x8xf32> -> tensor<1x6x9x8xf32>
// PLAIN-NOT: tosa.

// RAN: output: result 0
// CHECKED: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CHECKED-NEXT: check: PASS
// SAME: compare: shape={{[0-9x]+}} rel_l2={{.*}} PASS

//--- bias.mlir
func.func @f(%q: tensor<2x3x9x16xf32>, %k: tensor<2x3x13x16xf32>, %v: tensor<2x3x13x8xf32>, %bias: tensor<1x1x9x13xf32>) -> tensor<2x3x9x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 1, 3, 2>} : (tensor<2x3x13x16xf32>) -> tensor<2x3x16x13xf32>
  %sq = tosa.const_shape {values = dense<[6, 9, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %q3 = tosa.reshape %q, %sq : (tensor<2x3x9x16xf32>, !tosa.shape<3>) -> tensor<6x9x16xf32>
  %sk = tosa.const_shape {values = dense<[6, 16, 13]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %k3 = tosa.reshape %kt, %sk : (tensor<2x3x16x13xf32>, !tosa.shape<3>) -> tensor<6x16x13xf32>
  %s3 = tosa.matmul %q3, %k3, %zp, %zp : (tensor<6x9x16xf32>, tensor<6x16x13xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x9x13xf32>
  %ss4 = tosa.const_shape {values = dense<[2, 3, 9, 13]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.reshape %s3, %ss4 : (tensor<6x9x13xf32>, !tosa.shape<4>) -> tensor<2x3x9x13xf32>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<f32>}> : () -> tensor<f32>
  %s1 = tosa.const_shape {values = dense<[1, 1, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %c4 = tosa.reshape %c, %s1 : (tensor<f32>, !tosa.shape<4>) -> tensor<1x1x1x1xf32>
  %ss = tosa.mul %s, %c4, %shift : (tensor<2x3x9x13xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<2x3x9x13xf32>
  %sb = tosa.add %ss, %bias : (tensor<2x3x9x13xf32>, tensor<1x1x9x13xf32>) -> tensor<2x3x9x13xf32>
  %m = tosa.reduce_max %sb {axis = 3 : i32} : (tensor<2x3x9x13xf32>) -> tensor<2x3x9x1xf32>
  %d = tosa.sub %sb, %m : (tensor<2x3x9x13xf32>, tensor<2x3x9x1xf32>) -> tensor<2x3x9x13xf32>
  %e = tosa.exp %d : (tensor<2x3x9x13xf32>) -> tensor<2x3x9x13xf32>
  %sum = tosa.reduce_sum %e {axis = 3 : i32} : (tensor<2x3x9x13xf32>) -> tensor<2x3x9x1xf32>
  %r = tosa.reciprocal %sum : (tensor<2x3x9x1xf32>) -> tensor<2x3x9x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<2x3x9x13xf32>, tensor<2x3x9x1xf32>, tensor<1xi8>) -> tensor<2x3x9x13xf32>
  %sp = tosa.const_shape {values = dense<[6, 9, 13]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %p3 = tosa.reshape %p, %sp : (tensor<2x3x9x13xf32>, !tosa.shape<3>) -> tensor<6x9x13xf32>
  %sv = tosa.const_shape {values = dense<[6, 13, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %v3 = tosa.reshape %v, %sv : (tensor<2x3x13x8xf32>, !tosa.shape<3>) -> tensor<6x13x8xf32>
  %o3 = tosa.matmul %p3, %v3, %zp, %zp : (tensor<6x9x13xf32>, tensor<6x13x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x9x8xf32>
  %so = tosa.const_shape {values = dense<[2, 3, 9, 8]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %o = tosa.reshape %o3, %so : (tensor<6x9x8xf32>, !tosa.shape<4>) -> tensor<2x3x9x8xf32>
  return %o : tensor<2x3x9x8xf32>
}

//--- causal.mlir
func.func @f(%q: tensor<2x3x12x16xf32>, %k: tensor<2x3x12x16xf32>, %v: tensor<2x3x12x8xf32>) -> tensor<2x3x12x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 1, 3, 2>} : (tensor<2x3x12x16xf32>) -> tensor<2x3x16x12xf32>
  %sq = tosa.const_shape {values = dense<[6, 12, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %q3 = tosa.reshape %q, %sq : (tensor<2x3x12x16xf32>, !tosa.shape<3>) -> tensor<6x12x16xf32>
  %sk = tosa.const_shape {values = dense<[6, 16, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %k3 = tosa.reshape %kt, %sk : (tensor<2x3x16x12xf32>, !tosa.shape<3>) -> tensor<6x16x12xf32>
  %s3 = tosa.matmul %q3, %k3, %zp, %zp : (tensor<6x12x16xf32>, tensor<6x16x12xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x12x12xf32>
  %ss4 = tosa.const_shape {values = dense<[2, 3, 12, 12]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.reshape %s3, %ss4 : (tensor<6x12x12xf32>, !tosa.shape<4>) -> tensor<2x3x12x12xf32>
  %c = "tosa.const"() <{values = dense<0.125> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %ss = tosa.mul %c, %s, %shift : (tensor<1x1x1x1xf32>, tensor<2x3x12x12xf32>, tensor<1xi8>) -> tensor<2x3x12x12xf32>
  %tril = "tosa.const"() <{values = dense<"0x01300007F0001FF0037FF00FFFF13FFFF7FF"> : tensor<12x12xi1>}> : () -> tensor<12x12xi1>
  %s2 = tosa.const_shape {values = dense<[1, 1, 12, 12]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %tril4 = tosa.reshape %tril, %s2 : (tensor<12x12xi1>, !tosa.shape<4>) -> tensor<1x1x12x12xi1>
  %ninf = "tosa.const"() <{values = dense<0xFF800000> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %sm = tosa.select %tril4, %ss, %ninf : (tensor<1x1x12x12xi1>, tensor<2x3x12x12xf32>, tensor<1x1x1x1xf32>) -> tensor<2x3x12x12xf32>
  %m = tosa.reduce_max %sm {axis = 3 : i32} : (tensor<2x3x12x12xf32>) -> tensor<2x3x12x1xf32>
  %d = tosa.sub %sm, %m : (tensor<2x3x12x12xf32>, tensor<2x3x12x1xf32>) -> tensor<2x3x12x12xf32>
  %e = tosa.exp %d : (tensor<2x3x12x12xf32>) -> tensor<2x3x12x12xf32>
  %sum = tosa.reduce_sum %e {axis = 3 : i32} : (tensor<2x3x12x12xf32>) -> tensor<2x3x12x1xf32>
  %r = tosa.reciprocal %sum : (tensor<2x3x12x1xf32>) -> tensor<2x3x12x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<2x3x12x12xf32>, tensor<2x3x12x1xf32>, tensor<1xi8>) -> tensor<2x3x12x12xf32>
  %sp = tosa.const_shape {values = dense<[6, 12, 12]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %p3 = tosa.reshape %p, %sp : (tensor<2x3x12x12xf32>, !tosa.shape<3>) -> tensor<6x12x12xf32>
  %sv = tosa.const_shape {values = dense<[6, 12, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %v3 = tosa.reshape %v, %sv : (tensor<2x3x12x8xf32>, !tosa.shape<3>) -> tensor<6x12x8xf32>
  %o3 = tosa.matmul %p3, %v3, %zp, %zp : (tensor<6x12x12xf32>, tensor<6x12x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x12x8xf32>
  %so = tosa.const_shape {values = dense<[2, 3, 12, 8]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %o = tosa.reshape %o3, %so : (tensor<6x12x8xf32>, !tosa.shape<4>) -> tensor<2x3x12x8xf32>
  return %o : tensor<2x3x12x8xf32>
}

//--- plain.mlir
func.func @f(%q: tensor<6x9x16xf32>, %k: tensor<6x13x16xf32>, %v: tensor<6x13x8xf32>) -> tensor<6x9x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %qs = tosa.mul %q, %c, %shift : (tensor<6x9x16xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<6x9x16xf32>
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<6x13x16xf32>) -> tensor<6x16x13xf32>
  %s = tosa.matmul %qs, %kt, %zp, %zp : (tensor<6x9x16xf32>, tensor<6x16x13xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x9x13xf32>
  %m = tosa.reduce_max %s {axis = 2 : i32} : (tensor<6x9x13xf32>) -> tensor<6x9x1xf32>
  %d = tosa.sub %s, %m : (tensor<6x9x13xf32>, tensor<6x9x1xf32>) -> tensor<6x9x13xf32>
  %e = tosa.exp %d : (tensor<6x9x13xf32>) -> tensor<6x9x13xf32>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<6x9x13xf32>) -> tensor<6x9x1xf32>
  %r = tosa.reciprocal %sum : (tensor<6x9x1xf32>) -> tensor<6x9x1xf32>
  %p = tosa.mul %e, %r, %shift : (tensor<6x9x13xf32>, tensor<6x9x1xf32>, tensor<1xi8>) -> tensor<6x9x13xf32>
  %o = tosa.matmul %p, %v, %zp, %zp : (tensor<6x9x13xf32>, tensor<6x13x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<6x9x8xf32>
  return %o : tensor<6x9x8xf32>
}
