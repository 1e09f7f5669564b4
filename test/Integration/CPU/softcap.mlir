// softcap(c): s = c * tanh(s / c) after the scale and before the bias, alone,
// with a causal mode, and with a causal mode and a bias; the caps are small
// enough that tanh is far from linear on these scores. Run through the
// unfused path, the default flash tiles and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/alone.mlir --seed=101 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=ALONE
// RUN: mha-run %t/alone.mlir --seed=101 --check | FileCheck %s --check-prefix=ALONE
// RUN: mha-run %t/alone.mlir --seed=101 --check --cpu-pipeline="query-tile=5 kv-tile=6 unfused-max-scores=0" | FileCheck %s --check-prefix=ALONE
// ALONE: output: result 0 tensor<2x4x13x16xf32> shape=2x4x13x16
// ALONE: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// ALONE-NEXT: check: PASS

// RUN: mha-run %t/causal.mlir --seed=102 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=102 --check | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=102 --check --cpu-pipeline="query-tile=3 kv-tile=8 unfused-max-scores=0" | FileCheck %s --check-prefix=CAUSAL
// CAUSAL: output: result 0 tensor<2x4x14x32xf32> shape=2x4x14x32
// CAUSAL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CAUSAL-NEXT: check: PASS

// RUN: mha-run %t/causal-bias.mlir --seed=103 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=BIAS
// RUN: mha-run %t/causal-bias.mlir --seed=103 --check | FileCheck %s --check-prefix=BIAS
// RUN: mha-run %t/causal-bias.mlir --seed=103 --check --cpu-pipeline="query-tile=4 kv-tile=5 unfused-max-scores=0" | FileCheck %s --check-prefix=BIAS
// BIAS: output: result 0 tensor<1x4x14x16xf32> shape=1x4x14x16
// BIAS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// BIAS-NEXT: check: PASS

//--- alone.mlir
// Default scale 1/4; scores of about +-0.5 against a cap of 0.3.
func.func @softcap_alone(%q: tensor<2x4x13x16xf32>, %k: tensor<2x4x21x16xf32>,
                         %v: tensor<2x4x21x16xf32>) -> tensor<2x4x13x16xf32> {
  %o = mha.attention %q, %k, %v softcap(0.3)
         : tensor<2x4x13x16xf32>, tensor<2x4x21x16xf32>, tensor<2x4x21x16xf32>
           -> tensor<2x4x13x16xf32>
  return %o : tensor<2x4x13x16xf32>
}

//--- causal.mlir
// L = 14 < S = 20, bottom_right, a large scale against a cap of 1.
func.func @softcap_causal(%q: tensor<2x4x14x32xf32>, %k: tensor<2x4x20x32xf32>,
                          %v: tensor<2x4x20x32xf32>) -> tensor<2x4x14x32xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) scale(2.0) softcap(1.0)
         : tensor<2x4x14x32xf32>, tensor<2x4x20x32xf32>, tensor<2x4x20x32xf32>
           -> tensor<2x4x14x32xf32>
  return %o : tensor<2x4x14x32xf32>
}

//--- causal-bias.mlir
// L = 14 < S = 20, top_left, a per-head-and-key bias added after the cap.
func.func @softcap_causal_bias(%q: tensor<1x4x14x16xf32>, %k: tensor<1x4x20x16xf32>,
                               %v: tensor<1x4x20x16xf32>, %b: tensor<1x4x14x20xf32>) -> tensor<1x4x14x16xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x4x14x20xf32>) causal(top_left) scale(1.0) softcap(0.4)
         : tensor<1x4x14x16xf32>, tensor<1x4x20x16xf32>, tensor<1x4x20x16xf32>
           -> tensor<1x4x14x16xf32>
  return %o : tensor<1x4x14x16xf32>
}
