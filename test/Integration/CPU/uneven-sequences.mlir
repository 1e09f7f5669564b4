// Static sequences that are no multiple of the tiles, split into equal
// tiles (docs/perf/flash-cpu-notes.md), against the float64 reference:
// CLIP's 77 tokens (two key/value steps of 39; two query tiles of 48 with
// 8 heads, one zero-padded tile of 80 with 16 heads) and ViT's 197 (four
// steps of 50, two query tiles of 112), plain, causal and masked, with the
// default tiles and with an explicit query tile.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/clip8.mlir --seed=141 --check | FileCheck %s --check-prefix=CLIP8
// RUN: mha-run %t/clip8.mlir --seed=141 --check --cpu-pipeline="query-tile=64" | FileCheck %s --check-prefix=CLIP8
// CLIP8: output: result 0 tensor<2x8x77x64xf32> shape=2x8x77x64
// CLIP8: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CLIP8-NEXT: check: PASS

// RUN: mha-run %t/clip16.mlir --seed=142 --check | FileCheck %s --check-prefix=CLIP16
// CLIP16: output: result 0 tensor<1x16x77x32xf32> shape=1x16x77x32
// CLIP16: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CLIP16-NEXT: check: PASS

// RUN: mha-run %t/vit.mlir --seed=143 --check | FileCheck %s --check-prefix=VIT
// RUN: mha-run %t/vit.mlir --seed=143 --check --cpu-pipeline="register-rows=6 register-cols=16" | FileCheck %s --check-prefix=VIT
// VIT: output: result 0 tensor<1x12x197x64xf32> shape=1x12x197x64
// VIT: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// VIT-NEXT: check: PASS

//--- clip8.mlir
// CLIP's text encoder: causal.
func.func @clip8(%q: tensor<2x8x77x64xf32>, %k: tensor<2x8x77x64xf32>,
                 %v: tensor<2x8x77x64xf32>) -> tensor<2x8x77x64xf32> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<2x8x77x64xf32>, tensor<2x8x77x64xf32>, tensor<2x8x77x64xf32>
           -> tensor<2x8x77x64xf32>
  return %o : tensor<2x8x77x64xf32>
}

//--- clip16.mlir
// A padding mask per batch and key.
func.func @clip16(%q: tensor<1x16x77x32xf32>, %k: tensor<1x16x77x32xf32>,
                  %v: tensor<1x16x77x32xf32>, %m: tensor<1x1x1x77xi1>) -> tensor<1x16x77x32xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x1x77xi1>)
         : tensor<1x16x77x32xf32>, tensor<1x16x77x32xf32>, tensor<1x16x77x32xf32>
           -> tensor<1x16x77x32xf32>
  return %o : tensor<1x16x77x32xf32>
}

//--- vit.mlir
func.func @vit(%q: tensor<1x12x197x64xf32>, %k: tensor<1x12x197x64xf32>,
               %v: tensor<1x12x197x64xf32>) -> tensor<1x12x197x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x12x197x64xf32>, tensor<1x12x197x64xf32>, tensor<1x12x197x64xf32>
           -> tensor<1x12x197x64xf32>
  return %o : tensor<1x12x197x64xf32>
}
