// An additive bias (after the scale, before the softmax), f32 and f16,
// full and broadcast along each combination of dims that varies along the
// keys (a bias constant along the keys cancels in the softmax). q is
// 2x4x10x16, k and v 2x4x15x16. Run through the unfused path, the default
// flash tiles and small odd tiles. For f16 the CHECK lines also require
// rel_l2 < 1e-4 (printed in e-notation), far below --check's f16 tolerance:
// only ties of the final rounding may differ (see f16.mlir).

// RUN: rm -rf %t && split-file %s %t

// f32 query, f32 bias 2x4x10x15: no broadcast.
// RUN: mha-run %t/full.mlir --seed=81 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=FULL
// RUN: mha-run %t/full.mlir --seed=81 --check | FileCheck %s --check-prefix=FULL
// RUN: mha-run %t/full.mlir --seed=81 --check --cpu-pipeline="query-tile=3 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=FULL
// FULL: input: arg 3 tensor<2x4x10x15xf32> shape=2x4x10x15 random (seed 81)
// FULL: output: result 0 tensor<2x4x10x16xf32> shape=2x4x10x16
// FULL: check: result 0: rel_l2={{.*}} max_abs={{.*}} tol=1e-05 PASS
// FULL-NEXT: check: PASS

// f32 query, f32 bias 1x4x1x15: per head and key (ALiBi-like), shared by batches and rows.
// RUN: mha-run %t/heads-keys.mlir --seed=82 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=HK
// RUN: mha-run %t/heads-keys.mlir --seed=82 --check | FileCheck %s --check-prefix=HK
// RUN: mha-run %t/heads-keys.mlir --seed=82 --check --cpu-pipeline="query-tile=5 kv-tile=2 unfused-max-scores=0" | FileCheck %s --check-prefix=HK
// HK: input: arg 3 tensor<1x4x1x15xf32> shape=1x4x1x15 random (seed 82)
// HK: output: result 0 tensor<2x4x10x16xf32> shape=2x4x10x16
// HK: check: result 0: rel_l2={{.*}} max_abs={{.*}} tol=1e-05 PASS
// HK-NEXT: check: PASS

// f32 query, f32 bias 2x1x1x15: per batch and key, shared by heads and rows.
// RUN: mha-run %t/batch-keys.mlir --seed=83 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=BK
// RUN: mha-run %t/batch-keys.mlir --seed=83 --check | FileCheck %s --check-prefix=BK
// RUN: mha-run %t/batch-keys.mlir --seed=83 --check --cpu-pipeline="query-tile=4 kv-tile=6 unfused-max-scores=0" | FileCheck %s --check-prefix=BK
// BK: input: arg 3 tensor<2x1x1x15xf32> shape=2x1x1x15 random (seed 83)
// BK: output: result 0 tensor<2x4x10x16xf32> shape=2x4x10x16
// BK: check: result 0: rel_l2={{.*}} max_abs={{.*}} tol=1e-05 PASS
// BK-NEXT: check: PASS

// f32 query, f32 bias 1x1x10x15: one [L, S] bias for every batch and head.
// RUN: mha-run %t/rows-keys.mlir --seed=84 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=RK
// RUN: mha-run %t/rows-keys.mlir --seed=84 --check | FileCheck %s --check-prefix=RK
// RUN: mha-run %t/rows-keys.mlir --seed=84 --check --cpu-pipeline="query-tile=7 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=RK
// RK: input: arg 3 tensor<1x1x10x15xf32> shape=1x1x10x15 random (seed 84)
// RK: output: result 0 tensor<2x4x10x16xf32> shape=2x4x10x16
// RK: check: result 0: rel_l2={{.*}} max_abs={{.*}} tol=1e-05 PASS
// RK-NEXT: check: PASS

// f16 query, f16 bias 1x4x10x15: f16 query with an f16 bias.
// RUN: mha-run %t/f16-f16.mlir --seed=85 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=H16
// RUN: mha-run %t/f16-f16.mlir --seed=85 --check | FileCheck %s --check-prefix=H16
// RUN: mha-run %t/f16-f16.mlir --seed=85 --check --cpu-pipeline="query-tile=6 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=H16
// H16: input: arg 3 tensor<1x4x10x15xf16> shape=1x4x10x15 random (seed 85)
// H16: output: result 0 tensor<2x4x10x16xf16> shape=2x4x10x16
// H16: check: result 0: rel_l2={{(0|[0-9.]+e-[0-9]+)}} max_abs={{.*}} tol=0.01 PASS
// H16-NEXT: check: PASS

// f16 query, f32 bias 2x1x10x15: f16 query with an f32 bias (added without rounding).
// RUN: mha-run %t/f16-f32.mlir --seed=86 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=H32
// RUN: mha-run %t/f16-f32.mlir --seed=86 --check | FileCheck %s --check-prefix=H32
// RUN: mha-run %t/f16-f32.mlir --seed=86 --check --cpu-pipeline="query-tile=3 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=H32
// H32: input: arg 3 tensor<2x1x10x15xf32> shape=2x1x10x15 random (seed 86)
// H32: output: result 0 tensor<2x4x10x16xf16> shape=2x4x10x16
// H32: check: result 0: rel_l2={{(0|[0-9.]+e-[0-9]+)}} max_abs={{.*}} tol=0.01 PASS
// H32-NEXT: check: PASS

//--- full.mlir
func.func @bias_full(%q: tensor<2x4x10x16xf32>, %k: tensor<2x4x15x16xf32>,
    %v: tensor<2x4x15x16xf32>, %b: tensor<2x4x10x15xf32>) -> tensor<2x4x10x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<2x4x10x15xf32>)
         : tensor<2x4x10x16xf32>, tensor<2x4x15x16xf32>, tensor<2x4x15x16xf32> -> tensor<2x4x10x16xf32>
  return %o : tensor<2x4x10x16xf32>
}

//--- heads-keys.mlir
func.func @bias_heads_keys(%q: tensor<2x4x10x16xf32>, %k: tensor<2x4x15x16xf32>,
    %v: tensor<2x4x15x16xf32>, %b: tensor<1x4x1x15xf32>) -> tensor<2x4x10x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x4x1x15xf32>)
         : tensor<2x4x10x16xf32>, tensor<2x4x15x16xf32>, tensor<2x4x15x16xf32> -> tensor<2x4x10x16xf32>
  return %o : tensor<2x4x10x16xf32>
}

//--- batch-keys.mlir
func.func @bias_batch_keys(%q: tensor<2x4x10x16xf32>, %k: tensor<2x4x15x16xf32>,
    %v: tensor<2x4x15x16xf32>, %b: tensor<2x1x1x15xf32>) -> tensor<2x4x10x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<2x1x1x15xf32>)
         : tensor<2x4x10x16xf32>, tensor<2x4x15x16xf32>, tensor<2x4x15x16xf32> -> tensor<2x4x10x16xf32>
  return %o : tensor<2x4x10x16xf32>
}

//--- rows-keys.mlir
func.func @bias_rows_keys(%q: tensor<2x4x10x16xf32>, %k: tensor<2x4x15x16xf32>,
    %v: tensor<2x4x15x16xf32>, %b: tensor<1x1x10x15xf32>) -> tensor<2x4x10x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x1x10x15xf32>)
         : tensor<2x4x10x16xf32>, tensor<2x4x15x16xf32>, tensor<2x4x15x16xf32> -> tensor<2x4x10x16xf32>
  return %o : tensor<2x4x10x16xf32>
}

//--- f16-f16.mlir
func.func @bias_f16_f16(%q: tensor<2x4x10x16xf16>, %k: tensor<2x4x15x16xf16>,
    %v: tensor<2x4x15x16xf16>, %b: tensor<1x4x10x15xf16>) -> tensor<2x4x10x16xf16> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x4x10x15xf16>)
         : tensor<2x4x10x16xf16>, tensor<2x4x15x16xf16>, tensor<2x4x15x16xf16> -> tensor<2x4x10x16xf16>
  return %o : tensor<2x4x10x16xf16>
}

//--- f16-f32.mlir
func.func @bias_f16_f32(%q: tensor<2x4x10x16xf16>, %k: tensor<2x4x15x16xf16>,
    %v: tensor<2x4x15x16xf16>, %b: tensor<2x1x10x15xf32>) -> tensor<2x4x10x16xf16> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<2x1x10x15xf32>)
         : tensor<2x4x10x16xf16>, tensor<2x4x15x16xf16>, tensor<2x4x15x16xf16> -> tensor<2x4x10x16xf16>
  return %o : tensor<2x4x10x16xf16>
}
