// The wide query tiles of the flash path (128 rows per tile where one
// key/value head takes at least wide-tile-kv-kib, 2048 KiB by default):
// S = 4100 keys of E = Ev = 64 in f32 take 4100 x 128 x 4 = 2.1 MB per
// key/value head, just past the threshold. GQA (4 query heads over 2
// key/value heads), L = 200: the wide target of 64 rows per head, split
// evenly, gives 4 tiles of 56 rows per head (112 rows per tile; the last
// has 32 valid rows); S = 4100 (the last key/value tile has 4 rows): plain
// and causal(bottom_right), against the float64 reference, with the
// default (wide) tiles and with wide tiles turned off.

// RUN: rm -rf %t && split-file %s %t
// RUN: mha-run %t/plain.mlir --seed=811 --check | FileCheck %s --check-prefix=PLAIN
// RUN: mha-run %t/plain.mlir --seed=811 --check --cpu-pipeline="wide-tile-kv-kib=0" | FileCheck %s --check-prefix=PLAIN
// PLAIN: output: result 0 tensor<1x4x200x64xf32> shape=1x4x200x64
// PLAIN: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// PLAIN-NEXT: check: PASS

// RUN: mha-run %t/causal.mlir --seed=812 --check | FileCheck %s --check-prefix=CAUSAL
// RUN: mha-run %t/causal.mlir --seed=812 --check --cpu-pipeline="wide-tile-kv-kib=0" | FileCheck %s --check-prefix=CAUSAL
// CAUSAL: output: result 0 tensor<1x4x200x64xf32> shape=1x4x200x64
// CAUSAL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// CAUSAL-NEXT: check: PASS

// The tiling mha-run compiled: 2 x 56 rows per tile by default, 2 x 32
// without (kv-splits=1 here: with more than one thread mha-run also splits
// each tile's keys in two shares, see mha-tile-attention-kv-splits.mlir).
// RUN: mha-opt %t/plain.mlir --mha-tile-attention="kv-splits=1" -canonicalize | FileCheck %s --check-prefix=TILES
// RUN: mha-opt %t/plain.mlir --mha-tile-attention="wide-tile-kv-kib=0 kv-splits=1" -canonicalize | FileCheck %s --check-prefix=NARROW
// TILES: scf.forall (%{{.+}}, %{{.+}}) in (2, 4)
// TILES: tensor.extract_slice %{{.+}} [1, 1, 2, 56, 64]
// NARROW: scf.forall (%{{.+}}, %{{.+}}) in (2, 7)
// NARROW: tensor.extract_slice %{{.+}} [1, 1, 2, 32, 64]

//--- plain.mlir
func.func @wide_plain(%q: tensor<1x4x200x64xf32>, %k: tensor<1x2x4100x64xf32>,
                      %v: tensor<1x2x4100x64xf32>) -> tensor<1x4x200x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x4x200x64xf32>, tensor<1x2x4100x64xf32>, tensor<1x2x4100x64xf32>
           -> tensor<1x4x200x64xf32>
  return %o : tensor<1x4x200x64xf32>
}

//--- causal.mlir
func.func @wide_causal(%q: tensor<1x4x200x64xf32>, %k: tensor<1x2x4100x64xf32>,
                       %v: tensor<1x2x4100x64xf32>) -> tensor<1x4x200x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<1x4x200x64xf32>, tensor<1x2x4100x64xf32>, tensor<1x2x4100x64xf32>
           -> tensor<1x4x200x64xf32>
  return %o : tensor<1x4x200x64xf32>
}
