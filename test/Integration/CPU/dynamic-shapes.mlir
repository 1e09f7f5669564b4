// Dynamic B, L and S (head counts and head dims static), the sizes given
// per RUN line with --shape: several size sets, including a single query row
// (L = 1), a single key (S = 1), both, and sizes not divisible by the tiles.
// Run through the unfused path, the default flash tiles and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// @dynamic: tensor<?x4x?x32xf32> over tensor<?x4x?x32xf32>, Ev = 16.

// B = 2, L = 10, S = 13.
// RUN: mha-run %t/dynamic.mlir --seed=151 --shape=0=2x4x10x32 --shape=1=2x4x13x32 --shape=2=2x4x13x16 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=A
// RUN: mha-run %t/dynamic.mlir --seed=151 --shape=0=2x4x10x32 --shape=1=2x4x13x32 --shape=2=2x4x13x16 --check | FileCheck %s --check-prefix=A
// RUN: mha-run %t/dynamic.mlir --seed=151 --shape=0=2x4x10x32 --shape=1=2x4x13x32 --shape=2=2x4x13x16 --check --cpu-pipeline="query-tile=3 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=A
// A: input: arg 0 tensor<?x4x?x32xf32> shape=2x4x10x32 random (seed 151)
// A: output: result 0 tensor<?x4x?x16xf32> shape=2x4x10x16
// A: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// A-NEXT: check: PASS

// L = 1 (decode), S = 37.
// RUN: mha-run %t/dynamic.mlir --seed=152 --shape=0=1x4x1x32 --shape=1=1x4x37x32 --shape=2=1x4x37x16 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=B
// RUN: mha-run %t/dynamic.mlir --seed=152 --shape=0=1x4x1x32 --shape=1=1x4x37x32 --shape=2=1x4x37x16 --check | FileCheck %s --check-prefix=B
// RUN: mha-run %t/dynamic.mlir --seed=152 --shape=0=1x4x1x32 --shape=1=1x4x37x32 --shape=2=1x4x37x16 --check --cpu-pipeline="query-tile=1 kv-tile=8 unfused-max-scores=0" | FileCheck %s --check-prefix=B
// B: input: arg 0 tensor<?x4x?x32xf32> shape=1x4x1x32 random (seed 152)
// B: output: result 0 tensor<?x4x?x16xf32> shape=1x4x1x16
// B: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// B-NEXT: check: PASS

// S = 1: every row is value row 0.
// RUN: mha-run %t/dynamic.mlir --seed=153 --shape=0=2x4x29x32 --shape=1=2x4x1x32 --shape=2=2x4x1x16 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=C
// RUN: mha-run %t/dynamic.mlir --seed=153 --shape=0=2x4x29x32 --shape=1=2x4x1x32 --shape=2=2x4x1x16 --check | FileCheck %s --check-prefix=C
// RUN: mha-run %t/dynamic.mlir --seed=153 --shape=0=2x4x29x32 --shape=1=2x4x1x32 --shape=2=2x4x1x16 --check --cpu-pipeline="query-tile=7 kv-tile=1 unfused-max-scores=0" | FileCheck %s --check-prefix=C
// C: input: arg 0 tensor<?x4x?x32xf32> shape=2x4x29x32 random (seed 153)
// C: output: result 0 tensor<?x4x?x16xf32> shape=2x4x29x16
// C: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// C-NEXT: check: PASS

// L = S = 1.
// RUN: mha-run %t/dynamic.mlir --seed=154 --shape=0=1x4x1x32 --shape=1=1x4x1x32 --shape=2=1x4x1x16 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=D
// RUN: mha-run %t/dynamic.mlir --seed=154 --shape=0=1x4x1x32 --shape=1=1x4x1x32 --shape=2=1x4x1x16 --check | FileCheck %s --check-prefix=D
// RUN: mha-run %t/dynamic.mlir --seed=154 --shape=0=1x4x1x32 --shape=1=1x4x1x32 --shape=2=1x4x1x16 --check --cpu-pipeline="query-tile=2 kv-tile=2 unfused-max-scores=0" | FileCheck %s --check-prefix=D
// D: input: arg 0 tensor<?x4x?x32xf32> shape=1x4x1x32 random (seed 154)
// D: output: result 0 tensor<?x4x?x16xf32> shape=1x4x1x16
// D: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// D-NEXT: check: PASS

// L = 67, S = 71: partial 64x64 tiles.
// RUN: mha-run %t/dynamic.mlir --seed=155 --shape=0=2x4x67x32 --shape=1=2x4x71x32 --shape=2=2x4x71x16 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=E
// RUN: mha-run %t/dynamic.mlir --seed=155 --shape=0=2x4x67x32 --shape=1=2x4x71x32 --shape=2=2x4x71x16 --check | FileCheck %s --check-prefix=E
// RUN: mha-run %t/dynamic.mlir --seed=155 --shape=0=2x4x67x32 --shape=1=2x4x71x32 --shape=2=2x4x71x16 --check --cpu-pipeline="query-tile=16 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=E
// E: input: arg 0 tensor<?x4x?x32xf32> shape=2x4x67x32 random (seed 155)
// E: output: result 0 tensor<?x4x?x16xf32> shape=2x4x67x16
// E: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// E-NEXT: check: PASS

// @dynamic_causal: 8 query heads over 2 key/value heads, bottom_right, a
// 1x8x?x? bias and a ?x1x1x? key-padding mask (dynamic dims of a mask or a
// bias are not broadcast: they take the full sizes).

// B = 2, L = 5 < S = 17.
// RUN: mha-run %t/dynamic-causal.mlir --seed=156 --shape=0=2x8x5x16 --shape=1=2x2x17x16 --shape=2=2x2x17x24 --shape=3=1x8x5x17 --shape=4=2x1x1x17 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CA
// RUN: mha-run %t/dynamic-causal.mlir --seed=156 --shape=0=2x8x5x16 --shape=1=2x2x17x16 --shape=2=2x2x17x24 --shape=3=1x8x5x17 --shape=4=2x1x1x17 --check | FileCheck %s --check-prefix=CA
// RUN: mha-run %t/dynamic-causal.mlir --seed=156 --shape=0=2x8x5x16 --shape=1=2x2x17x16 --shape=2=2x2x17x24 --shape=3=1x8x5x17 --shape=4=2x1x1x17 --check --cpu-pipeline="query-tile=4 kv-tile=6 unfused-max-scores=0" | FileCheck %s --check-prefix=CA
// CA: input: arg 4 tensor<?x1x1x?xi1> shape=2x1x1x17 random (seed 156)
// CA: output: result 0 tensor<?x8x?x24xf32> shape=2x8x5x24
// CA: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CA-NEXT: check: PASS

// L = 23 > S = 8: rows 0..14 are zero.
// RUN: mha-run %t/dynamic-causal.mlir --seed=157 --shape=0=1x8x23x16 --shape=1=1x2x8x16 --shape=2=1x2x8x24 --shape=3=1x8x23x8 --shape=4=1x1x1x8 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CB
// RUN: mha-run %t/dynamic-causal.mlir --seed=157 --shape=0=1x8x23x16 --shape=1=1x2x8x16 --shape=2=1x2x8x24 --shape=3=1x8x23x8 --shape=4=1x1x1x8 --check | FileCheck %s --check-prefix=CB
// RUN: mha-run %t/dynamic-causal.mlir --seed=157 --shape=0=1x8x23x16 --shape=1=1x2x8x16 --shape=2=1x2x8x24 --shape=3=1x8x23x8 --shape=4=1x1x1x8 --check --cpu-pipeline="query-tile=5 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=CB
// CB: input: arg 4 tensor<?x1x1x?xi1> shape=1x1x1x8 random (seed 157)
// CB: output: result 0 tensor<?x8x?x24xf32> shape=1x8x23x24
// CB: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CB-NEXT: check: PASS

// L = 1 (decode), S = 9.
// RUN: mha-run %t/dynamic-causal.mlir --seed=158 --shape=0=1x8x1x16 --shape=1=1x2x9x16 --shape=2=1x2x9x24 --shape=3=1x8x1x9 --shape=4=1x1x1x9 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CC
// RUN: mha-run %t/dynamic-causal.mlir --seed=158 --shape=0=1x8x1x16 --shape=1=1x2x9x16 --shape=2=1x2x9x24 --shape=3=1x8x1x9 --shape=4=1x1x1x9 --check | FileCheck %s --check-prefix=CC
// RUN: mha-run %t/dynamic-causal.mlir --seed=158 --shape=0=1x8x1x16 --shape=1=1x2x9x16 --shape=2=1x2x9x24 --shape=3=1x8x1x9 --shape=4=1x1x1x9 --check --cpu-pipeline="query-tile=1 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=CC
// CC: input: arg 4 tensor<?x1x1x?xi1> shape=1x1x1x9 random (seed 158)
// CC: output: result 0 tensor<?x8x?x24xf32> shape=1x8x1x24
// CC: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CC-NEXT: check: PASS

// L = 70, S = 66: partial 64x64 tiles.
// RUN: mha-run %t/dynamic-causal.mlir --seed=159 --shape=0=2x8x70x16 --shape=1=2x2x66x16 --shape=2=2x2x66x24 --shape=3=1x8x70x66 --shape=4=2x1x1x66 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CD
// RUN: mha-run %t/dynamic-causal.mlir --seed=159 --shape=0=2x8x70x16 --shape=1=2x2x66x16 --shape=2=2x2x66x24 --shape=3=1x8x70x66 --shape=4=2x1x1x66 --check | FileCheck %s --check-prefix=CD
// RUN: mha-run %t/dynamic-causal.mlir --seed=159 --shape=0=2x8x70x16 --shape=1=2x2x66x16 --shape=2=2x2x66x24 --shape=3=1x8x70x66 --shape=4=2x1x1x66 --check --cpu-pipeline="query-tile=8 kv-tile=16 unfused-max-scores=0" | FileCheck %s --check-prefix=CD
// CD: input: arg 4 tensor<?x1x1x?xi1> shape=2x1x1x66 random (seed 159)
// CD: output: result 0 tensor<?x8x?x24xf32> shape=2x8x70x24
// CD: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CD-NEXT: check: PASS

// Whole tiles then remainder tiles (--mha-tile-attention's remainder-tile):
// the query rows and the keys left after the whole 64-row tiles are taken in
// 16-row tiles whose last one is a window moved back. L = 197, S = 203: three
// whole tiles each, then 5 query rows and 11 keys; GQA 8/2 (4 rows per head
// in a remainder query tile), causal, a bias and a key-padding mask; with the
// default remainder tiles, 8-row ones, none, and AVX2 code.
// RUN: mha-run %t/dynamic-causal.mlir --seed=160 --shape=0=1x8x197x16 --shape=1=1x2x203x16 --shape=2=1x2x203x24 --shape=3=1x8x197x203 --shape=4=1x1x1x203 --check | FileCheck %s --check-prefix=CE
// RUN: mha-run %t/dynamic-causal.mlir --seed=160 --shape=0=1x8x197x16 --shape=1=1x2x203x16 --shape=2=1x2x203x24 --shape=3=1x8x197x203 --shape=4=1x1x1x203 --check --cpu-pipeline="remainder-tile=8" | FileCheck %s --check-prefix=CE
// RUN: mha-run %t/dynamic-causal.mlir --seed=160 --shape=0=1x8x197x16 --shape=1=1x2x203x16 --shape=2=1x2x203x24 --shape=3=1x8x197x203 --shape=4=1x1x1x203 --check --cpu-pipeline="remainder-tile=0" | FileCheck %s --check-prefix=CE
// RUN: mha-run %t/dynamic-causal.mlir --seed=160 --shape=0=1x8x197x16 --shape=1=1x2x203x16 --shape=2=1x2x203x24 --shape=3=1x8x197x203 --shape=4=1x1x1x203 --check --mattr=-avx512f | FileCheck %s --check-prefix=CE
// CE: output: result 0 tensor<?x8x?x24xf32> shape=1x8x197x24
// CE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CE-NEXT: check: PASS

// A single query row left after the whole tiles (L = TQ + 1; L = 1 in CC and
// B): one tile of one row per head, whose products are matrix-vector
// products. GQA 8/2 (16 rows per head in a whole tile): L = 17, S = 203,
// causal, a bias and a mask, also in AVX2 code; MHA: L = 65, S = 70.
// RUN: mha-run %t/dynamic-causal.mlir --seed=163 --shape=0=1x8x17x16 --shape=1=1x2x203x16 --shape=2=1x2x203x24 --shape=3=1x8x17x203 --shape=4=1x1x1x203 --check | FileCheck %s --check-prefix=CF
// RUN: mha-run %t/dynamic-causal.mlir --seed=163 --shape=0=1x8x17x16 --shape=1=1x2x203x16 --shape=2=1x2x203x24 --shape=3=1x8x17x203 --shape=4=1x1x1x203 --check --mattr=-avx512f | FileCheck %s --check-prefix=CF
// CF: output: result 0 tensor<?x8x?x24xf32> shape=1x8x17x24
// CF: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CF-NEXT: check: PASS
// RUN: mha-run %t/dynamic.mlir --seed=164 --shape=0=2x4x65x32 --shape=1=2x4x70x32 --shape=2=2x4x70x16 --check | FileCheck %s --check-prefix=F
// F: output: result 0 tensor<?x4x?x16xf32> shape=2x4x65x16
// F: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// F-NEXT: check: PASS

// A window band over dynamic sizes: the whole key steps stop where the band
// of the tile's rows ends, the remainder steps cover the rest of it.
// L = 150, S = 141, L = 15, S = 140 (no whole query tile) and L = 65, S = 141
// (one row left after the whole tile).
// RUN: mha-run %t/dynamic-window.mlir --seed=161 --shape=0=2x4x150x32 --shape=1=2x4x141x32 --shape=2=2x4x141x32 --check | FileCheck %s --check-prefix=W
// RUN: mha-run %t/dynamic-window.mlir --seed=161 --shape=0=2x4x150x32 --shape=1=2x4x141x32 --shape=2=2x4x141x32 --check --cpu-pipeline="remainder-tile=24 kv-tile=32" | FileCheck %s --check-prefix=W
// RUN: mha-run %t/dynamic-window.mlir --seed=162 --shape=0=1x4x15x32 --shape=1=1x4x140x32 --shape=2=1x4x140x32 --check | FileCheck %s --check-prefix=W
// RUN: mha-run %t/dynamic-window.mlir --seed=165 --shape=0=1x4x65x32 --shape=1=1x4x141x32 --shape=2=1x4x141x32 --check | FileCheck %s --check-prefix=W
// W: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// W-NEXT: check: PASS

//--- dynamic-window.mlir
func.func @dynamic_window(%q: tensor<?x4x?x32xf32>, %k: tensor<?x4x?x32xf32>,
                          %v: tensor<?x4x?x32xf32>) -> tensor<?x4x?x32xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) window(70, 0)
         : tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>
           -> tensor<?x4x?x32xf32>
  return %o : tensor<?x4x?x32xf32>
}

//--- dynamic.mlir
func.func @dynamic(%q: tensor<?x4x?x32xf32>, %k: tensor<?x4x?x32xf32>,
                   %v: tensor<?x4x?x16xf32>) -> tensor<?x4x?x16xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>, tensor<?x4x?x16xf32>
           -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

//--- dynamic-causal.mlir
func.func @dynamic_causal(%q: tensor<?x8x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                          %v: tensor<?x2x?x24xf32>, %b: tensor<1x8x?x?xf32>,
                          %m: tensor<?x1x1x?xi1>) -> tensor<?x8x?x24xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<?x1x1x?xi1>) bias(%b : tensor<1x8x?x?xf32>)
         causal(bottom_right)
         : tensor<?x8x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x24xf32>
           -> tensor<?x8x?x24xf32>
  return %o : tensor<?x8x?x24xf32>
}
