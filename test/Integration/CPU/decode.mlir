// One query row per head (decoding with a key/value cache), against the
// float64 reference. The query tile is the one row (not 8 rows of which one
// is valid): with G * L = 1 to 4 rows, and widths up to 15 (7 with the AVX2
// block) that are no power of two, both tile products are matrix-vector
// products per row (dot products of K's rows with q, read from a transpose
// of Q^T for 2 or more rows; V's rows times the broadcast weights),
// vectorized along E and Ev. A few query rows per head (L = 2, 3, 6:
// speculative decoding) take the same products. Odd head dims (E = 20:
// vectors of 16 and 4; Ev = 48: 32 and 16), S not a multiple of the
// key/value tile, causal, mask, bias and softcap; both register blocks.
// f16 and bf16 keys and values are read as stored and widened vector by
// vector inside the products.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/mha.mlir --seed=151 --check | FileCheck %s --check-prefix=MHA
// RUN: mha-run %t/mha.mlir --seed=151 --check --cpu-pipeline="register-rows=6 register-cols=16" | FileCheck %s --check-prefix=MHA
// MHA: output: result 0 tensor<2x4x1x48xf32> shape=2x4x1x48
// MHA: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MHA-NEXT: check: PASS

// RUN: mha-run %t/gqa4.mlir --seed=152 --check | FileCheck %s --check-prefix=GQA4
// RUN: mha-run %t/gqa4.mlir --seed=152 --check --cpu-pipeline="register-rows=6 register-cols=16" | FileCheck %s --check-prefix=GQA4
// GQA4: output: result 0 tensor<1x8x1x64xf32> shape=1x8x1x64
// GQA4: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// GQA4-NEXT: check: PASS

// RUN: mha-run %t/gqa2.mlir --seed=153 --check | FileCheck %s --check-prefix=GQA2
// RUN: mha-run %t/gqa2.mlir --seed=153 --check --cpu-pipeline="register-rows=6 register-cols=16" | FileCheck %s --check-prefix=GQA2
// GQA2: output: result 0 tensor<1x4x1x32xf32> shape=1x4x1x32
// GQA2: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// GQA2-NEXT: check: PASS

// RUN: mha-run %t/bf16-gqa2.mlir --seed=161 --check | FileCheck %s --check-prefix=BF16
// RUN: mha-run %t/bf16-gqa2.mlir --seed=161 --check --cpu-pipeline="register-rows=6 register-cols=16 kv-tile=16" | FileCheck %s --check-prefix=BF16
// BF16: output: result 0 tensor<2x4x1x48xbf16> shape=2x4x1x48
// BF16: check: result 0: rel_l2={{.*}} tol=0.01 PASS
// BF16-NEXT: check: PASS

// RUN: mha-run %t/f16-dynamic.mlir --seed=162 --shape=1=1x2x150x64 --shape=2=1x2x150x32 --shape=3=1x2x1x150 --check | FileCheck %s --check-prefix=F16DYN
// RUN: mha-run %t/f16-dynamic.mlir --seed=162 --shape=1=1x2x150x64 --shape=2=1x2x150x32 --shape=3=1x2x1x150 --check --cpu-pipeline="register-rows=6 register-cols=16" | FileCheck %s --check-prefix=F16DYN
// F16DYN: output: result 0 tensor<1x2x1x32xf16> shape=1x2x1x32
// F16DYN: check: result 0: rel_l2={{.*}} tol=0.01 PASS
// F16DYN-NEXT: check: PASS

// RUN: mha-run %t/odd.mlir --seed=154 --check | FileCheck %s --check-prefix=ODD
// RUN: mha-run %t/odd.mlir --seed=154 --check --cpu-pipeline="register-rows=6 register-cols=16 kv-tile=16" | FileCheck %s --check-prefix=ODD
// ODD: output: result 0 tensor<1x3x1x24xf32> shape=1x3x1x24
// ODD: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// ODD-NEXT: check: PASS

// L = 3 query rows per head (MHA) with E = 20 (vectors of 16 and 4), causal
// bottom_right over S = 77; L = 2 with G = 2 (4 rows in all).
// RUN: mha-run %t/rows3.mlir --seed=156 --check | FileCheck %s --check-prefix=ROWS3
// RUN: mha-run %t/rows3.mlir --seed=156 --check --cpu-pipeline="register-rows=6 register-cols=16" | FileCheck %s --check-prefix=ROWS3
// ROWS3: output: result 0 tensor<2x2x3x24xf32> shape=2x2x3x24
// ROWS3: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// ROWS3-NEXT: check: PASS
// RUN: mha-run %t/gqa2-rows2.mlir --seed=157 --check | FileCheck %s --check-prefix=GQA2L2
// RUN: mha-run %t/gqa2-rows2.mlir --seed=157 --check --cpu-pipeline="register-rows=5 register-cols=16" | FileCheck %s --check-prefix=GQA2L2
// GQA2L2: output: result 0 tensor<1x4x2x64xf32> shape=1x4x2x64
// GQA2L2: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// GQA2L2-NEXT: check: PASS

// Speculative decoding and small groups, 5 to 15 rows in all: with the
// AVX-512 block (32 columns) every one of these tiles is narrow; with the
// AVX2 block (16 columns) L = 6 is and G * L = 12 takes register blocks of
// 8 and 4 lanes. L = 6 (MHA, causal bottom_right, E = 64, Ev = 48);
// G = 4 with L = 3 (12 rows) over a padding mask and a window.
// RUN: mha-run %t/rows6.mlir --seed=158 --check | FileCheck %s --check-prefix=ROWS6
// RUN: mha-run %t/rows6.mlir --seed=158 --check --cpu-pipeline="register-rows=6 register-cols=16" | FileCheck %s --check-prefix=ROWS6
// ROWS6: output: result 0 tensor<2x3x6x48xf32> shape=2x3x6x48
// ROWS6: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// ROWS6-NEXT: check: PASS
// RUN: mha-run %t/gqa4-rows3.mlir --seed=159 --check | FileCheck %s --check-prefix=GQA4L3
// RUN: mha-run %t/gqa4-rows3.mlir --seed=159 --check --cpu-pipeline="register-rows=6 register-cols=16" | FileCheck %s --check-prefix=GQA4L3
// GQA4L3: output: result 0 tensor<1x8x3x32xf32> shape=1x8x3x32
// GQA4L3: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// GQA4L3-NEXT: check: PASS

// One, two or four rows in all take one pass over each key/value tile for
// all of them, the register block's accumulators shared by the rows (with
// 5 or 6 of them: blocks of 2 or 3 K rows, then the rest). MHA L = 2 over
// a dynamic S that is no multiple of the tiles (whole steps, then steps of
// 16 keys), E = 64, Ev = 48, causal bottom_right.
// RUN: mha-run %t/rows2-dynamic.mlir --seed=160 --shape=1=1x3x203x64 --shape=2=1x3x203x48 --check | FileCheck %s --check-prefix=ROWS2DYN
// RUN: mha-run %t/rows2-dynamic.mlir --seed=160 --shape=1=1x3x203x64 --shape=2=1x3x203x48 --check --cpu-pipeline="register-rows=6 register-cols=16" | FileCheck %s --check-prefix=ROWS2DYN
// RUN: mha-run %t/rows2-dynamic.mlir --seed=160 --shape=1=1x3x203x64 --shape=2=1x3x203x48 --check --cpu-pipeline="register-rows=5 register-cols=32" | FileCheck %s --check-prefix=ROWS2DYN
// ROWS2DYN: output: result 0 tensor<1x3x2x48xf32> shape=1x3x2x48
// ROWS2DYN: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// ROWS2DYN-NEXT: check: PASS

// RUN: mha-run %t/dynamic.mlir --seed=155 --shape=1=1x2x333x64 --shape=2=1x2x333x64 --check | FileCheck %s --check-prefix=DYN
// DYN: output: result 0 tensor<1x2x1x64xf32> shape=1x2x1x64
// DYN: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYN-NEXT: check: PASS

//--- mha.mlir
// The new token attends to all 300 keys (bottom_right); Ev = 48 != E = 64.
func.func @decode_mha(%q: tensor<2x4x1x64xf32>, %k: tensor<2x4x300x64xf32>,
                      %v: tensor<2x4x300x48xf32>) -> tensor<2x4x1x48xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x4x1x64xf32>, tensor<2x4x300x64xf32>, tensor<2x4x300x48xf32>
           -> tensor<2x4x1x48xf32>
  return %o : tensor<2x4x1x48xf32>
}

//--- gqa4.mlir
// Hq = 8 over Hkv = 2 with a padding mask over the keys.
func.func @decode_gqa4(%q: tensor<1x8x1x64xf32>, %k: tensor<1x2x257x64xf32>,
                       %v: tensor<1x2x257x64xf32>, %m: tensor<1x1x1x257xi1>) -> tensor<1x8x1x64xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x1x257xi1>)
         : tensor<1x8x1x64xf32>, tensor<1x2x257x64xf32>, tensor<1x2x257x64xf32>
           -> tensor<1x8x1x64xf32>
  return %o : tensor<1x8x1x64xf32>
}

//--- gqa2.mlir
func.func @decode_gqa2(%q: tensor<1x4x1x32xf32>, %k: tensor<1x2x100x32xf32>,
                       %v: tensor<1x2x100x32xf32>) -> tensor<1x4x1x32xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x4x1x32xf32>, tensor<1x2x100x32xf32>, tensor<1x2x100x32xf32>
           -> tensor<1x4x1x32xf32>
  return %o : tensor<1x4x1x32xf32>
}

//--- odd.mlir
// E = 20, Ev = 24, a per-key bias and softcap, window(5, 0) bottom_right:
// the last 6 of 90 keys.
func.func @decode_odd(%q: tensor<1x3x1x20xf32>, %k: tensor<1x3x90x20xf32>,
                      %v: tensor<1x3x90x24xf32>, %b: tensor<1x3x1x90xf32>) -> tensor<1x3x1x24xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x3x1x90xf32>) causal(bottom_right) window(5, 0) softcap(30.0)
         : tensor<1x3x1x20xf32>, tensor<1x3x90x20xf32>, tensor<1x3x90x24xf32>
           -> tensor<1x3x1x24xf32>
  return %o : tensor<1x3x1x24xf32>
}

//--- rows3.mlir
func.func @decode_rows3(%q: tensor<2x2x3x20xf32>, %k: tensor<2x2x77x20xf32>,
                        %v: tensor<2x2x77x24xf32>) -> tensor<2x2x3x24xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x2x3x20xf32>, tensor<2x2x77x20xf32>, tensor<2x2x77x24xf32>
           -> tensor<2x2x3x24xf32>
  return %o : tensor<2x2x3x24xf32>
}

//--- gqa2-rows2.mlir
func.func @decode_gqa2_rows2(%q: tensor<1x4x2x64xf32>, %k: tensor<1x2x150x64xf32>,
                             %v: tensor<1x2x150x64xf32>) -> tensor<1x4x2x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x4x2x64xf32>, tensor<1x2x150x64xf32>, tensor<1x2x150x64xf32>
           -> tensor<1x4x2x64xf32>
  return %o : tensor<1x4x2x64xf32>
}

//--- rows6.mlir
func.func @decode_rows6(%q: tensor<2x3x6x64xf32>, %k: tensor<2x3x150x64xf32>,
                        %v: tensor<2x3x150x48xf32>) -> tensor<2x3x6x48xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x3x6x64xf32>, tensor<2x3x150x64xf32>, tensor<2x3x150x48xf32>
           -> tensor<2x3x6x48xf32>
  return %o : tensor<2x3x6x48xf32>
}

//--- gqa4-rows3.mlir
func.func @decode_gqa4_rows3(%q: tensor<1x8x3x32xf32>, %k: tensor<1x2x201x32xf32>,
                             %v: tensor<1x2x201x32xf32>, %m: tensor<1x1x1x201xi1>) -> tensor<1x8x3x32xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x1x201xi1>) causal(bottom_right) window(40, 0)
         : tensor<1x8x3x32xf32>, tensor<1x2x201x32xf32>, tensor<1x2x201x32xf32>
           -> tensor<1x8x3x32xf32>
  return %o : tensor<1x8x3x32xf32>
}

//--- dynamic.mlir
func.func @decode_dynamic(%q: tensor<1x2x1x64xf32>, %k: tensor<1x2x?x64xf32>,
                          %v: tensor<1x2x?x64xf32>) -> tensor<1x2x1x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<1x2x1x64xf32>, tensor<1x2x?x64xf32>, tensor<1x2x?x64xf32>
           -> tensor<1x2x1x64xf32>
  return %o : tensor<1x2x1x64xf32>
}

//--- rows2-dynamic.mlir
func.func @decode_rows2_dynamic(%q: tensor<1x3x2x64xf32>, %k: tensor<1x3x?x64xf32>,
                                %v: tensor<1x3x?x48xf32>) -> tensor<1x3x2x48xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<1x3x2x64xf32>, tensor<1x3x?x64xf32>, tensor<1x3x?x48xf32>
           -> tensor<1x3x2x48xf32>
  return %o : tensor<1x3x2x48xf32>
}

//--- bf16-gqa2.mlir
func.func @decode_bf16_gqa2(%q: tensor<2x4x1x20xbf16>, %k: tensor<2x2x77x20xbf16>,
                            %v: tensor<2x2x77x48xbf16>) -> tensor<2x4x1x48xbf16> {
  %o = mha.attention %q, %k, %v causal(bottom_right) softcap(30.0)
         : tensor<2x4x1x20xbf16>, tensor<2x2x77x20xbf16>, tensor<2x2x77x48xbf16>
           -> tensor<2x4x1x48xbf16>
  return %o : tensor<2x4x1x48xbf16>
}

//--- f16-dynamic.mlir
func.func @decode_f16_dynamic(%q: tensor<1x2x1x64xf16>, %k: tensor<1x2x?x64xf16>,
                              %v: tensor<1x2x?x32xf16>, %b: tensor<1x2x1x?xf16>) -> tensor<1x2x1x32xf16> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x2x1x?xf16>)
         : tensor<1x2x1x64xf16>, tensor<1x2x?x64xf16>, tensor<1x2x?x32xf16>
           -> tensor<1x2x1x32xf16>
  return %o : tensor<1x2x1x32xf16>
}
