// Multi-query attention, Hq = 8 query heads over Hkv = 1 key/value head:
// plain, with a causal mode and a per-head bias, and a single-row decode
// step. The head mapping is also checked on its own: with value rows
// constant along the keys, every head's result is value[b, 0, 0],
// independently of mha-run's reference. Run through the unfused path, the
// default flash tiles and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/plain.mlir --seed=131 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=PLAIN
// RUN: mha-run %t/plain.mlir --seed=131 --check | FileCheck %s --check-prefix=PLAIN
// RUN: mha-run %t/plain.mlir --seed=131 --check --cpu-pipeline="query-tile=6 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=PLAIN
// PLAIN: output: result 0 tensor<2x8x10x32xf32> shape=2x8x10x32
// PLAIN: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// PLAIN-NEXT: check: PASS

// RUN: mha-run %t/causal-bias.mlir --seed=132 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CBIAS
// RUN: mha-run %t/causal-bias.mlir --seed=132 --check | FileCheck %s --check-prefix=CBIAS
// RUN: mha-run %t/causal-bias.mlir --seed=132 --check --cpu-pipeline="query-tile=3 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=CBIAS
// CBIAS: output: result 0 tensor<2x8x10x32xf32> shape=2x8x10x32
// CBIAS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CBIAS-NEXT: check: PASS

// RUN: mha-run %t/decode.mlir --seed=133 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=DECODE
// RUN: mha-run %t/decode.mlir --seed=133 --check | FileCheck %s --check-prefix=DECODE
// RUN: mha-run %t/decode.mlir --seed=133 --check --cpu-pipeline="query-tile=1 kv-tile=10 unfused-max-scores=0" | FileCheck %s --check-prefix=DECODE
// DECODE: output: result 0 tensor<2x8x1x32xf32> shape=2x8x1x32
// DECODE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DECODE-NEXT: check: PASS

// RUN: %python -c "import numpy as np; r = np.random.default_rng(134); np.save('%t/v.npy', np.repeat(r.uniform(-1, 1, (2, 1, 1, 8)), 23, 2).astype(np.float32))"
// RUN: mha-run %t/heads.mlir --seed=134 --input=@random,@random,%t/v.npy --output=%t/heads.0.npy --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=HEADS
// RUN: mha-run %t/heads.mlir --seed=134 --input=@random,@random,%t/v.npy --output=%t/heads.1.npy --check | FileCheck %s --check-prefix=HEADS
// RUN: mha-run %t/heads.mlir --seed=134 --input=@random,@random,%t/v.npy --output=%t/heads.2.npy --check --cpu-pipeline="query-tile=7 kv-tile=6 unfused-max-scores=0" | FileCheck %s --check-prefix=HEADS
// RUN: %python -c "import numpy as np; v = np.load('%t/v.npy'); want = np.broadcast_to(v[:, :, :1], (2, 8, 10, 8)); [np.testing.assert_allclose(np.load('%t/heads.' + n + '.npy'), want, rtol=1e-5, atol=1e-6) for n in '012']"
// HEADS: output: result 0 tensor<2x8x10x8xf32> shape=2x8x10x8
// HEADS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// HEADS-NEXT: check: PASS

//--- plain.mlir
func.func @mqa(%q: tensor<2x8x10x32xf32>, %k: tensor<2x1x23x32xf32>,
               %v: tensor<2x1x23x32xf32>) -> tensor<2x8x10x32xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<2x8x10x32xf32>, tensor<2x1x23x32xf32>, tensor<2x1x23x32xf32>
           -> tensor<2x8x10x32xf32>
  return %o : tensor<2x8x10x32xf32>
}

//--- causal-bias.mlir
// L = 10 < S = 23, top_left; a per-query-head, per-key bias.
func.func @mqa_causal_bias(%q: tensor<2x8x10x32xf32>, %k: tensor<2x1x23x32xf32>,
                           %v: tensor<2x1x23x32xf32>, %b: tensor<1x8x1x23xf32>) -> tensor<2x8x10x32xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x8x1x23xf32>) causal(top_left)
         : tensor<2x8x10x32xf32>, tensor<2x1x23x32xf32>, tensor<2x1x23x32xf32>
           -> tensor<2x8x10x32xf32>
  return %o : tensor<2x8x10x32xf32>
}

//--- decode.mlir
// One new token over a cache of S = 45, bottom_right (sees every key).
func.func @mqa_decode(%q: tensor<2x8x1x32xf32>, %k: tensor<2x1x45x32xf32>,
                      %v: tensor<2x1x45x32xf32>) -> tensor<2x8x1x32xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x8x1x32xf32>, tensor<2x1x45x32xf32>, tensor<2x1x45x32xf32>
           -> tensor<2x8x1x32xf32>
  return %o : tensor<2x8x1x32xf32>
}

//--- heads.mlir
func.func @mqa_heads(%q: tensor<2x8x10x16xf32>, %k: tensor<2x1x23x16xf32>,
                     %v: tensor<2x1x23x8xf32>) -> tensor<2x8x10x8xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<2x8x10x16xf32>, tensor<2x1x23x16xf32>, tensor<2x1x23x8xf32>
           -> tensor<2x8x10x8xf32>
  return %o : tensor<2x8x10x8xf32>
}
