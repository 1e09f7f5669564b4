// Zero sizes are valid: no keys (S = 0) gives rows of zeros (no allowed
// entry), and no batch (B = 0), no query rows (L = 0) or no query heads
// (Hq = 0) give an empty result. Before issue 8, --check failed on them
// (the reference read an empty operand as a missing buffer) and
// --mha-tile-attention divided by zero for Hq = 0. Checked on the unfused
// path, the flash tiles (forced: these problems are below the size at which
// the default flash path takes the unfused one) and small odd tiles.

// RUN: rm -rf %t && split-file %s %t
// RUN: mha-run %t/no-keys.mlir --check --output=%t/no-keys.0.npy --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=NOKEYS
// RUN: mha-run %t/no-keys.mlir --check --output=%t/no-keys.1.npy --cpu-pipeline="unfused-max-scores=0" | FileCheck %s --check-prefix=NOKEYS
// RUN: mha-run %t/no-keys.mlir --check --output=%t/no-keys.2.npy --cpu-pipeline="query-tile=5 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=NOKEYS
// RUN: %python -c "import numpy as np; assert all((np.load('%t/no-keys.' + n + '.npy') == 0).all() for n in '012'), 'S = 0 must give zeros'"
// NOKEYS: output: result 0 tensor<2x2x5x8xf32> shape=2x2x5x8
// NOKEYS: check: result 0: rel_l2=0 max_abs=0 tol=1e-05 PASS

// RUN: mha-run %t/no-batch.mlir --shape=0=0x2x5x16 --shape=1=0x2x7x16 --shape=2=0x2x7x8 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=NOBATCH
// RUN: mha-run %t/no-batch.mlir --shape=0=0x2x5x16 --shape=1=0x2x7x16 --shape=2=0x2x7x8 --check --cpu-pipeline="unfused-max-scores=0" | FileCheck %s --check-prefix=NOBATCH
// RUN: mha-run %t/no-batch.mlir --shape=0=0x2x5x16 --shape=1=0x2x7x16 --shape=2=0x2x7x8 --check --cpu-pipeline="query-tile=5 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=NOBATCH
// NOBATCH: output: result 0 tensor<?x2x5x8xf32> shape=0x2x5x8
// NOBATCH: check: result 0: rel_l2=0 max_abs=0 tol=1e-05 PASS

// A block compiled for any L, run with none: the projections' row-tile
// loops have no tiles (the loop of whole tiles and the partial one are both
// skipped) and the reference's per-head buffers are empty.
// RUN: mha-run %t/block.mlir --shape=0=1x0x16 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=BLOCK
// RUN: mha-run %t/block.mlir --shape=0=1x0x16 --check | FileCheck %s --check-prefix=BLOCK
// BLOCK: output: result 0 tensor<1x?x16xf32> shape=1x0x16
// BLOCK: check: result 0: rel_l2=0 max_abs=0 tol=1e-05 PASS

// RUN: mha-run %t/no-rows.mlir --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=NOROWS
// RUN: mha-run %t/no-rows.mlir --check --cpu-pipeline="unfused-max-scores=0" | FileCheck %s --check-prefix=NOROWS
// RUN: mha-run %t/no-rows.mlir --check --cpu-pipeline="query-tile=5 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=NOROWS
// NOROWS: output: result 0 tensor<1x4x0x8xf32> shape=1x4x0x8
// NOROWS: check: result 0: rel_l2=0 max_abs=0 tol=1e-05 PASS

// RUN: mha-run %t/no-heads.mlir --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=NOHEADS
// RUN: mha-run %t/no-heads.mlir --check --cpu-pipeline="unfused-max-scores=0" | FileCheck %s --check-prefix=NOHEADS
// RUN: mha-run %t/no-heads.mlir --check --cpu-pipeline="query-tile=5 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=NOHEADS
// NOHEADS: output: result 0 tensor<1x0x5x8xf32> shape=1x0x5x8
// NOHEADS: check: result 0: rel_l2=0 max_abs=0 tol=1e-05 PASS

//--- no-keys.mlir
func.func @no_keys(%q: tensor<2x2x5x16xf32>, %k: tensor<2x2x0x16xf32>, %v: tensor<2x2x0x8xf32>) -> tensor<2x2x5x8xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<2x2x5x16xf32>, tensor<2x2x0x16xf32>, tensor<2x2x0x8xf32> -> tensor<2x2x5x8xf32>
  return %o : tensor<2x2x5x8xf32>
}

//--- no-batch.mlir
func.func @no_batch(%q: tensor<?x2x5x16xf32>, %k: tensor<?x2x7x16xf32>, %v: tensor<?x2x7x8xf32>) -> tensor<?x2x5x8xf32> {
  %o = mha.attention %q, %k, %v : tensor<?x2x5x16xf32>, tensor<?x2x7x16xf32>, tensor<?x2x7x8xf32> -> tensor<?x2x5x8xf32>
  return %o : tensor<?x2x5x8xf32>
}

//--- no-rows.mlir
func.func @no_rows(%q: tensor<1x4x0x16xf32>, %k: tensor<1x2x7x16xf32>, %v: tensor<1x2x7x8xf32>) -> tensor<1x4x0x8xf32> {
  %o = mha.attention %q, %k, %v causal(top_left) : tensor<1x4x0x16xf32>, tensor<1x2x7x16xf32>, tensor<1x2x7x8xf32> -> tensor<1x4x0x8xf32>
  return %o : tensor<1x4x0x8xf32>
}

//--- no-heads.mlir
func.func @no_heads(%q: tensor<1x0x5x16xf32>, %k: tensor<1x2x7x16xf32>, %v: tensor<1x2x7x8xf32>) -> tensor<1x0x5x8xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x0x5x16xf32>, tensor<1x2x7x16xf32>, tensor<1x2x7x8xf32> -> tensor<1x0x5x8xf32>
  return %o : tensor<1x0x5x8xf32>
}

//--- block.mlir
func.func @empty_block(%x: tensor<1x?x16xf32>, %wq: tensor<16x16xf32>, %wk: tensor<16x16xf32>,
    %wv: tensor<16x16xf32>, %wo: tensor<16x16xf32>) -> tensor<1x?x16xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>)
         heads(2)
         : tensor<1x?x16xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32> -> tensor<1x?x16xf32>
  return %y : tensor<1x?x16xf32>
}
