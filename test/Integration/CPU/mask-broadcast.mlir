// An i1 mask broadcast along each dimension (a size-1 dim reads index 0),
// and a full one; random bits from the seed. q is 2x4x11x16, k and v are
// 2x4x19x16. Run through the unfused path, the default flash tiles and small
// odd tiles.

// RUN: rm -rf %t && split-file %s %t

// mask 1x4x11x19: one mask per head, shared by the batches.
// RUN: mha-run %t/heads.mlir --seed=61 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=MHEADS
// RUN: mha-run %t/heads.mlir --seed=61 --check | FileCheck %s --check-prefix=MHEADS
// RUN: mha-run %t/heads.mlir --seed=61 --check --cpu-pipeline="query-tile=3 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=MHEADS
// MHEADS: input: arg 3 tensor<1x4x11x19xi1> shape=1x4x11x19 random (seed 61)
// MHEADS: output: result 0 tensor<2x4x11x16xf32> shape=2x4x11x16
// MHEADS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MHEADS-NEXT: check: PASS

// mask 2x1x11x19: one mask per batch, shared by the heads.
// RUN: mha-run %t/batch.mlir --seed=62 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=MBATCH
// RUN: mha-run %t/batch.mlir --seed=62 --check | FileCheck %s --check-prefix=MBATCH
// RUN: mha-run %t/batch.mlir --seed=62 --check --cpu-pipeline="query-tile=4 kv-tile=9 unfused-max-scores=0" | FileCheck %s --check-prefix=MBATCH
// MBATCH: input: arg 3 tensor<2x1x11x19xi1> shape=2x1x11x19 random (seed 62)
// MBATCH: output: result 0 tensor<2x4x11x16xf32> shape=2x4x11x16
// MBATCH: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MBATCH-NEXT: check: PASS

// mask 2x4x1x19: key padding per batch and head, shared by the query rows.
// RUN: mha-run %t/keys.mlir --seed=63 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=MKEYS
// RUN: mha-run %t/keys.mlir --seed=63 --check | FileCheck %s --check-prefix=MKEYS
// RUN: mha-run %t/keys.mlir --seed=63 --check --cpu-pipeline="query-tile=7 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=MKEYS
// MKEYS: input: arg 3 tensor<2x4x1x19xi1> shape=2x4x1x19 random (seed 63)
// MKEYS: output: result 0 tensor<2x4x11x16xf32> shape=2x4x11x16
// MKEYS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MKEYS-NEXT: check: PASS

// mask 2x4x11x1: one bit per query row, shared by the keys: false rows have no allowed key and are zero.
// RUN: mha-run %t/rows.mlir --seed=64 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=MROWS
// RUN: mha-run %t/rows.mlir --seed=64 --check | FileCheck %s --check-prefix=MROWS
// RUN: mha-run %t/rows.mlir --seed=64 --check --cpu-pipeline="query-tile=2 kv-tile=6 unfused-max-scores=0" | FileCheck %s --check-prefix=MROWS
// MROWS: input: arg 3 tensor<2x4x11x1xi1> shape=2x4x11x1 random (seed 64)
// MROWS: output: result 0 tensor<2x4x11x16xf32> shape=2x4x11x16
// MROWS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MROWS-NEXT: check: PASS

// mask 1x1x1x19: one key mask for everything.
// RUN: mha-run %t/keys-only.mlir --seed=65 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=MKONLY
// RUN: mha-run %t/keys-only.mlir --seed=65 --check | FileCheck %s --check-prefix=MKONLY
// RUN: mha-run %t/keys-only.mlir --seed=65 --check --cpu-pipeline="query-tile=5 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=MKONLY
// MKONLY: input: arg 3 tensor<1x1x1x19xi1> shape=1x1x1x19 random (seed 65)
// MKONLY: output: result 0 tensor<2x4x11x16xf32> shape=2x4x11x16
// MKONLY: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MKONLY-NEXT: check: PASS

// mask 2x4x11x19: no broadcast.
// RUN: mha-run %t/full.mlir --seed=66 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=MFULL
// RUN: mha-run %t/full.mlir --seed=66 --check | FileCheck %s --check-prefix=MFULL
// RUN: mha-run %t/full.mlir --seed=66 --check --cpu-pipeline="query-tile=6 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=MFULL
// MFULL: input: arg 3 tensor<2x4x11x19xi1> shape=2x4x11x19 random (seed 66)
// MFULL: output: result 0 tensor<2x4x11x16xf32> shape=2x4x11x16
// MFULL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MFULL-NEXT: check: PASS

//--- heads.mlir
func.func @mask_heads(%q: tensor<2x4x11x16xf32>, %k: tensor<2x4x19x16xf32>,
    %v: tensor<2x4x19x16xf32>, %m: tensor<1x4x11x19xi1>) -> tensor<2x4x11x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x4x11x19xi1>)
         : tensor<2x4x11x16xf32>, tensor<2x4x19x16xf32>, tensor<2x4x19x16xf32>
           -> tensor<2x4x11x16xf32>
  return %o : tensor<2x4x11x16xf32>
}

//--- batch.mlir
func.func @mask_batch(%q: tensor<2x4x11x16xf32>, %k: tensor<2x4x19x16xf32>,
    %v: tensor<2x4x19x16xf32>, %m: tensor<2x1x11x19xi1>) -> tensor<2x4x11x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x1x11x19xi1>)
         : tensor<2x4x11x16xf32>, tensor<2x4x19x16xf32>, tensor<2x4x19x16xf32>
           -> tensor<2x4x11x16xf32>
  return %o : tensor<2x4x11x16xf32>
}

//--- keys.mlir
func.func @mask_keys(%q: tensor<2x4x11x16xf32>, %k: tensor<2x4x19x16xf32>,
    %v: tensor<2x4x19x16xf32>, %m: tensor<2x4x1x19xi1>) -> tensor<2x4x11x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x4x1x19xi1>)
         : tensor<2x4x11x16xf32>, tensor<2x4x19x16xf32>, tensor<2x4x19x16xf32>
           -> tensor<2x4x11x16xf32>
  return %o : tensor<2x4x11x16xf32>
}

//--- rows.mlir
func.func @mask_rows(%q: tensor<2x4x11x16xf32>, %k: tensor<2x4x19x16xf32>,
    %v: tensor<2x4x19x16xf32>, %m: tensor<2x4x11x1xi1>) -> tensor<2x4x11x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x4x11x1xi1>)
         : tensor<2x4x11x16xf32>, tensor<2x4x19x16xf32>, tensor<2x4x19x16xf32>
           -> tensor<2x4x11x16xf32>
  return %o : tensor<2x4x11x16xf32>
}

//--- keys-only.mlir
func.func @mask_keys_only(%q: tensor<2x4x11x16xf32>, %k: tensor<2x4x19x16xf32>,
    %v: tensor<2x4x19x16xf32>, %m: tensor<1x1x1x19xi1>) -> tensor<2x4x11x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x1x19xi1>)
         : tensor<2x4x11x16xf32>, tensor<2x4x19x16xf32>, tensor<2x4x19x16xf32>
           -> tensor<2x4x11x16xf32>
  return %o : tensor<2x4x11x16xf32>
}

//--- full.mlir
func.func @mask_full(%q: tensor<2x4x11x16xf32>, %k: tensor<2x4x19x16xf32>,
    %v: tensor<2x4x19x16xf32>, %m: tensor<2x4x11x19xi1>) -> tensor<2x4x11x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x4x11x19xi1>)
         : tensor<2x4x11x16xf32>, tensor<2x4x19x16xf32>, tensor<2x4x19x16xf32>
           -> tensor<2x4x11x16xf32>
  return %o : tensor<2x4x11x16xf32>
}
