// Grouped-query attention, Hq = 8 query heads over Hkv = 2 key/value heads
// (query head h reads key/value head h / 4): plain, with a causal mode and a
// per-head bias, and with a mask indexed by the query head. The head mapping
// is also checked on its own: with value rows constant along the keys,
// result[b, h] = value[b, h / 4, 0] whatever the weights, independently of
// mha-run's reference. Run through the unfused path, the default flash tiles
// and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/plain.mlir --seed=121 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=PLAIN
// RUN: mha-run %t/plain.mlir --seed=121 --check | FileCheck %s --check-prefix=PLAIN
// RUN: mha-run %t/plain.mlir --seed=121 --check --cpu-pipeline="query-tile=5 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=PLAIN
// PLAIN: output: result 0 tensor<2x8x12x16xf32> shape=2x8x12x16
// PLAIN: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// PLAIN-NEXT: check: PASS

// RUN: mha-run %t/causal-bias.mlir --seed=122 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CBIAS
// RUN: mha-run %t/causal-bias.mlir --seed=122 --check | FileCheck %s --check-prefix=CBIAS
// RUN: mha-run %t/causal-bias.mlir --seed=122 --check --cpu-pipeline="query-tile=3 kv-tile=6 unfused-max-scores=0" | FileCheck %s --check-prefix=CBIAS
// CBIAS: output: result 0 tensor<2x8x12x16xf32> shape=2x8x12x16
// CBIAS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CBIAS-NEXT: check: PASS

// RUN: mha-run %t/mask.mlir --seed=123 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=MASK
// RUN: mha-run %t/mask.mlir --seed=123 --check | FileCheck %s --check-prefix=MASK
// RUN: mha-run %t/mask.mlir --seed=123 --check --cpu-pipeline="query-tile=8 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=MASK
// MASK: output: result 0 tensor<1x8x12x16xf32> shape=1x8x12x16
// MASK: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// MASK-NEXT: check: PASS

// RUN: %python -c "import numpy as np; r = np.random.default_rng(124); np.save('%t/v.npy', np.repeat(r.uniform(-1, 1, (2, 2, 1, 8)), 17, 2).astype(np.float32))"
// RUN: mha-run %t/heads.mlir --seed=124 --input=@random,@random,%t/v.npy --output=%t/heads.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=HEADS
// RUN: mha-run %t/heads.mlir --seed=124 --input=@random,@random,%t/v.npy --output=%t/heads.1.npy --check | FileCheck %s --check-prefix=HEADS
// RUN: mha-run %t/heads.mlir --seed=124 --input=@random,@random,%t/v.npy --output=%t/heads.2.npy --check --cpu-pipeline="query-tile=4 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=HEADS
// RUN: %python -c "import numpy as np; v = np.load('%t/v.npy'); want = np.broadcast_to(np.repeat(v[:, :, :1], 4, 1), (2, 8, 12, 8)); [np.testing.assert_allclose(np.load('%t/heads.' + n + '.npy'), want, rtol=1e-5, atol=1e-6) for n in '012']"
// HEADS: output: result 0 tensor<2x8x12x8xf32> shape=2x8x12x8
// HEADS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// HEADS-NEXT: check: PASS

//--- plain.mlir
func.func @gqa(%q: tensor<2x8x12x16xf32>, %k: tensor<2x2x17x16xf32>,
               %v: tensor<2x2x17x16xf32>) -> tensor<2x8x12x16xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<2x8x12x16xf32>, tensor<2x2x17x16xf32>, tensor<2x2x17x16xf32>
           -> tensor<2x8x12x16xf32>
  return %o : tensor<2x8x12x16xf32>
}

//--- causal-bias.mlir
// L = 12 < S = 17, bottom_right; a per-query-head, per-key bias.
func.func @gqa_causal_bias(%q: tensor<2x8x12x16xf32>, %k: tensor<2x2x17x16xf32>,
                           %v: tensor<2x2x17x16xf32>, %b: tensor<1x8x1x17xf32>) -> tensor<2x8x12x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x8x1x17xf32>) causal(bottom_right)
         : tensor<2x8x12x16xf32>, tensor<2x2x17x16xf32>, tensor<2x2x17x16xf32>
           -> tensor<2x8x12x16xf32>
  return %o : tensor<2x8x12x16xf32>
}

//--- mask.mlir
// A different random mask for each of the 8 query heads.
func.func @gqa_mask(%q: tensor<1x8x12x16xf32>, %k: tensor<1x2x17x16xf32>,
                    %v: tensor<1x2x17x16xf32>, %m: tensor<1x8x12x17xi1>) -> tensor<1x8x12x16xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x8x12x17xi1>)
         : tensor<1x8x12x16xf32>, tensor<1x2x17x16xf32>, tensor<1x2x17x16xf32>
           -> tensor<1x8x12x16xf32>
  return %o : tensor<1x8x12x16xf32>
}

//--- heads.mlir
func.func @gqa_heads(%q: tensor<2x8x12x16xf32>, %k: tensor<2x2x17x16xf32>,
                     %v: tensor<2x2x17x8xf32>) -> tensor<2x8x12x8xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x8x12x16xf32>, tensor<2x2x17x16xf32>, tensor<2x2x17x8xf32>
           -> tensor<2x8x12x8xf32>
  return %o : tensor<2x8x12x8xf32>
}
