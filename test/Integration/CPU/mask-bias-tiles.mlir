// Masks and biases that vary along both L and S, executed against the
// float64 reference. --mha-tile-attention reads their window of each step as
// rows of keys and transposes it into the [TS, R] tile of the scores (where
// the window lies within L x S); the i1 rows are read as bytes
// (--mha-lower-bool-vector-accesses). L and S are no multiples of the tiles:
// the last windows are moved back, and with dynamic sizes the remainder
// steps read the operand element by element, as before.

// RUN: rm -rf %t && split-file %s %t

// GQA 8/2 with a mask per batch, shared by the heads (R = 4 heads x TQ):
// default tiles, small ones (8 x 8 and 4 x 4 transposes), the AVX2 block,
// two threads.
// RUN: mha-run %t/gqa-mask.mlir --seed=171 --check | FileCheck %s --check-prefix=GQA
// RUN: mha-run %t/gqa-mask.mlir --seed=171 --check --cpu-pipeline="query-tile=8 kv-tile=16" | FileCheck %s --check-prefix=GQA
// RUN: mha-run %t/gqa-mask.mlir --seed=171 --check --cpu-pipeline="query-tile=4 kv-tile=12" | FileCheck %s --check-prefix=GQA
// RUN: mha-run %t/gqa-mask.mlir --seed=171 --check --cpu-pipeline="register-rows=6 register-cols=16" --mattr=-avx512f | FileCheck %s --check-prefix=GQA
// RUN: env OMP_NUM_THREADS=2 mha-run %t/gqa-mask.mlir --seed=171 --check --cpu-pipeline="num-threads=2" | FileCheck %s --check-prefix=GQA
// GQA: input: arg 3 tensor<2x1x130x150xi1> shape=2x1x130x150 random (seed 171)
// GQA: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// GQA-NEXT: check: PASS

// A mask and a bias per head, with causal(bottom_right) and softcap.
// RUN: mha-run %t/mask-bias-causal.mlir --seed=172 --check | FileCheck %s --check-prefix=MB
// RUN: mha-run %t/mask-bias-causal.mlir --seed=172 --check --cpu-pipeline="query-tile=16 kv-tile=32" | FileCheck %s --check-prefix=MB
// RUN: mha-run %t/mask-bias-causal.mlir --seed=172 --check --cpu-pipeline="query-tile=16 kv-tile=32 register-rows=6 register-cols=16" --mattr=-avx512f | FileCheck %s --check-prefix=MB
// MB: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MB-NEXT: check: PASS

// f16 with an f16 bias (widened in the transpose), bf16 with a bf16 bias
// over a window band.
// RUN: mha-run %t/f16-bias.mlir --seed=173 --check | FileCheck %s --check-prefix=HALF
// RUN: mha-run %t/f16-bias.mlir --seed=173 --check --cpu-pipeline="query-tile=16 kv-tile=16" | FileCheck %s --check-prefix=HALF
// RUN: mha-run %t/bf16-bias.mlir --seed=174 --check | FileCheck %s --check-prefix=HALF
// RUN: mha-run %t/bf16-bias.mlir --seed=174 --check --cpu-pipeline="query-tile=8 kv-tile=24" | FileCheck %s --check-prefix=HALF
// HALF: check: result 0: rel_l2={{.*}} PASS
// HALF-NEXT: check: PASS

// Dynamic L and S: whole tiles take the transposed windows, the remainder
// query tiles and key/value steps the per-element reads.
// RUN: mha-run %t/dynamic.mlir --seed=175 --shape=0=1x4x150x32 --shape=1=1x4x200x32 --shape=2=1x4x200x32 --shape=3=1x1x150x200 --shape=4=1x4x150x200 --check | FileCheck %s --check-prefix=DYN
// RUN: mha-run %t/dynamic.mlir --seed=175 --shape=0=1x4x150x32 --shape=1=1x4x200x32 --shape=2=1x4x200x32 --shape=3=1x1x150x200 --shape=4=1x4x150x200 --check --cpu-pipeline="query-tile=16 kv-tile=32" | FileCheck %s --check-prefix=DYN
// RUN: mha-run %t/dynamic.mlir --seed=176 --shape=0=1x4x7x32 --shape=1=1x4x9x32 --shape=2=1x4x9x32 --shape=3=1x1x7x9 --shape=4=1x4x7x9 --check | FileCheck %s --check-prefix=DYN
// DYN: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYN-NEXT: check: PASS

//--- gqa-mask.mlir
func.func @gqa_mask(%q: tensor<2x8x130x32xf32>, %k: tensor<2x2x150x32xf32>, %v: tensor<2x2x150x32xf32>, %m: tensor<2x1x130x150xi1>) -> tensor<2x8x130x32xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x1x130x150xi1>) : tensor<2x8x130x32xf32>, tensor<2x2x150x32xf32>, tensor<2x2x150x32xf32> -> tensor<2x8x130x32xf32>
  return %o : tensor<2x8x130x32xf32>
}

//--- mask-bias-causal.mlir
func.func @mask_bias_causal(%q: tensor<1x4x96x16xf32>, %k: tensor<1x4x112x16xf32>, %v: tensor<1x4x112x16xf32>, %m: tensor<1x4x96x112xi1>, %b: tensor<1x4x96x112xf32>) -> tensor<1x4x96x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x4x96x112xi1>) bias(%b : tensor<1x4x96x112xf32>) causal(bottom_right) softcap(5.0) : tensor<1x4x96x16xf32>, tensor<1x4x112x16xf32>, tensor<1x4x112x16xf32> -> tensor<1x4x96x16xf32>
  return %o : tensor<1x4x96x16xf32>
}

//--- f16-bias.mlir
func.func @f16_bias(%q: tensor<1x4x64x16xf16>, %k: tensor<1x2x80x16xf16>, %v: tensor<1x2x80x16xf16>, %b: tensor<1x4x64x80xf16>) -> tensor<1x4x64x16xf16> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x4x64x80xf16>) : tensor<1x4x64x16xf16>, tensor<1x2x80x16xf16>, tensor<1x2x80x16xf16> -> tensor<1x4x64x16xf16>
  return %o : tensor<1x4x64x16xf16>
}

//--- bf16-bias.mlir
func.func @bf16_bias(%q: tensor<2x2x72x16xbf16>, %k: tensor<2x2x72x16xbf16>, %v: tensor<2x2x72x16xbf16>, %b: tensor<2x1x72x72xbf16>) -> tensor<2x2x72x16xbf16> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<2x1x72x72xbf16>) causal(top_left) window(40, 0) : tensor<2x2x72x16xbf16>, tensor<2x2x72x16xbf16>, tensor<2x2x72x16xbf16> -> tensor<2x2x72x16xbf16>
  return %o : tensor<2x2x72x16xbf16>
}

//--- dynamic.mlir
func.func @dynamic(%q: tensor<1x4x?x32xf32>, %k: tensor<1x4x?x32xf32>, %v: tensor<1x4x?x32xf32>, %m: tensor<1x1x?x?xi1>, %b: tensor<1x4x?x?xf32>) -> tensor<1x4x?x32xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x?x?xi1>) bias(%b : tensor<1x4x?x?xf32>) : tensor<1x4x?x32xf32>, tensor<1x4x?x32xf32>, tensor<1x4x?x32xf32> -> tensor<1x4x?x32xf32>
  return %o : tensor<1x4x?x32xf32>
}
