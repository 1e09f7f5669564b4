// Query tiles whose R = G * TQ rows are no multiple of the register block's
// width, executed against the float64 reference: groups of 3 and 7 query
// heads per key/value head with the default tiles (48 and 112 rows) and
// with explicit ones (72 rows: two 32-lane column blocks and one of 8; 39
// rows: 32 lanes and a masked block of 8), and 71 heads, with the AVX-512
// (8 x 32) and AVX2 (6 x 16) register blocks; L and S are no multiples of
// the tiles either.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/group3.mlir --seed=131 --check | FileCheck %s --check-prefix=G3
// RUN: mha-run %t/group3.mlir --seed=131 --check --cpu-pipeline="query-tile=24 kv-tile=40 register-rows=8 register-cols=32" | FileCheck %s --check-prefix=G3
// RUN: mha-run %t/group3.mlir --seed=131 --check --cpu-pipeline="query-tile=13 kv-tile=24 register-rows=8 register-cols=32" | FileCheck %s --check-prefix=G3
// RUN: mha-run %t/group3.mlir --seed=131 --check --cpu-pipeline="query-tile=24 register-rows=6 register-cols=16" | FileCheck %s --check-prefix=G3
// G3: output: result 0 tensor<2x6x100x16xf32> shape=2x6x100x16
// G3: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// G3-NEXT: check: PASS

// RUN: mha-run %t/group7.mlir --seed=132 --check | FileCheck %s --check-prefix=G7
// RUN: mha-run %t/group7.mlir --seed=132 --check --cpu-pipeline="register-rows=6 register-cols=16" | FileCheck %s --check-prefix=G7
// RUN: mha-run %t/group7.mlir --seed=132 --check --cpu-pipeline="query-tile=5 kv-tile=16 register-rows=8 register-cols=32" | FileCheck %s --check-prefix=G7
// G7: output: result 0 tensor<1x7x40x24xf32> shape=1x7x40x24
// G7: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// G7-NEXT: check: PASS

// Falcon-7B's 71 query heads over one key/value head: tiles of 71 rows
// (64 + a masked 8-lane block in the tile products, 64 + 7 lanes in the
// row-wise steps). Decoding (L = 1) and L = 3 with causal(bottom_right),
// softcap and a bias; AVX-512 and AVX2 register blocks, and a tile of 3
// rows per head (213 rows).
// RUN: mha-run %t/group71.mlir --seed=133 --check | FileCheck %s --check-prefix=G71
// RUN: mha-run %t/group71.mlir --seed=133 --check --cpu-pipeline="register-rows=6 register-cols=16" --mattr=-avx512f | FileCheck %s --check-prefix=G71
// RUN: mha-run %t/group71.mlir --seed=133 --check --cpu-pipeline="query-tile=3 kv-tile=24" | FileCheck %s --check-prefix=G71
// RUN: mha-run %t/decode71.mlir --seed=134 --check | FileCheck %s --check-prefix=D71
// RUN: mha-run %t/decode71.mlir --seed=134 --check --cpu-pipeline="register-rows=6 register-cols=16" --mattr=-avx512f | FileCheck %s --check-prefix=D71
// G71: output: result 0 tensor<1x71x3x64xf32> shape=1x71x3x64
// G71: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// G71-NEXT: check: PASS
// D71: output: result 0 tensor<1x71x1x64xf32> shape=1x71x1x64
// D71: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// D71-NEXT: check: PASS

//--- group3.mlir
// Hq = 6 over Hkv = 2, causal (bottom_right) with a mask per query head.
func.func @group3(%q: tensor<2x6x100x16xf32>, %k: tensor<2x2x150x16xf32>,
                  %v: tensor<2x2x150x16xf32>, %m: tensor<1x6x100x150xi1>) -> tensor<2x6x100x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x6x100x150xi1>) causal(bottom_right)
         : tensor<2x6x100x16xf32>, tensor<2x2x150x16xf32>, tensor<2x2x150x16xf32>
           -> tensor<2x6x100x16xf32>
  return %o : tensor<2x6x100x16xf32>
}

//--- group7.mlir
// Hq = 7 over Hkv = 1, a window and a bias, E = 32 != Ev = 24.
func.func @group7(%q: tensor<1x7x40x32xf32>, %k: tensor<1x1x70x32xf32>,
                  %v: tensor<1x1x70x24xf32>, %b: tensor<1x7x40x70xf32>) -> tensor<1x7x40x24xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x7x40x70xf32>) window(20, 10)
         : tensor<1x7x40x32xf32>, tensor<1x1x70x32xf32>, tensor<1x1x70x24xf32>
           -> tensor<1x7x40x24xf32>
  return %o : tensor<1x7x40x24xf32>
}

//--- group71.mlir
func.func @group71(%q: tensor<1x71x3x64xf32>, %k: tensor<1x1x200x64xf32>,
                   %v: tensor<1x1x200x64xf32>, %b: tensor<1x71x3x200xf32>) -> tensor<1x71x3x64xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x71x3x200xf32>) causal(bottom_right) softcap(5.0)
         : tensor<1x71x3x64xf32>, tensor<1x1x200x64xf32>, tensor<1x1x200x64xf32>
           -> tensor<1x71x3x64xf32>
  return %o : tensor<1x71x3x64xf32>
}

//--- decode71.mlir
func.func @decode71(%q: tensor<1x71x1x64xf32>, %k: tensor<1x1x300x64xf32>,
                    %v: tensor<1x1x300x64xf32>) -> tensor<1x71x1x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x71x1x64xf32>, tensor<1x1x300x64xf32>, tensor<1x1x300x64xf32>
           -> tensor<1x71x1x64xf32>
  return %o : tensor<1x71x1x64xf32>
}
