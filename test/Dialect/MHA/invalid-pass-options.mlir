// Pass and pipeline options out of range are errors that name the option,
// the accepted range and the value given; nothing is rewritten.

// RUN: not mha-opt %s --mha-tile-attention="query-tile=-1" 2>&1 | FileCheck %s --check-prefix=QTILE
// QTILE: error: --mha-tile-attention: query-tile must be >= 0 (0 picks about 64 rows per tile) and kv-tile >= 1, wide-tile-kv-kib in [0, 2^40], remainder-tile >= 0 and kv-splits in [0, 4096] (0: automatic); got query-tile=-1 kv-tile=64 wide-tile-kv-kib=2048 remainder-tile=16 kv-splits=0
// RUN: not mha-opt %s --mha-tile-attention="kv-tile=0" 2>&1 | FileCheck %s --check-prefix=KVTILE
// KVTILE: error: --mha-tile-attention: {{.*}} got query-tile=0 kv-tile=0
// RUN: not mha-opt %s --mha-cpu-pipeline="wide-tile-kv-kib=-1" 2>&1 | FileCheck %s --check-prefix=WIDE
// WIDE: error: --mha-tile-attention: {{.*}} got query-tile=0 kv-tile=64 wide-tile-kv-kib=-1

// RUN: not mha-opt %s --mha-vectorize-tiles="register-rows=0" 2>&1 | FileCheck %s --check-prefix=ROWS
// ROWS: error: --mha-vectorize-tiles: register-rows must be in [1, 64], register-cols in [4, 1024] and k-block >= 0 (0: one panel); got register-rows=0 register-cols=16
// RUN: not mha-opt %s --mha-vectorize-tiles="register-rows=1000" 2>&1 | FileCheck %s --check-prefix=ROWSBIG
// ROWSBIG: error: --mha-vectorize-tiles: {{.*}} got register-rows=1000
// RUN: not mha-opt %s --mha-vectorize-tiles="register-cols=2" 2>&1 | FileCheck %s --check-prefix=COLS
// COLS: error: --mha-vectorize-tiles: {{.*}} got register-rows=6 register-cols=2

// RUN: not mha-opt %s --mha-tile-projections="row-tile=0" 2>&1 | FileCheck %s --check-prefix=PROWS
// PROWS: error: --mha-tile-projections: row-tile must be >= 1, col-tile >= 8, weight-block-kib in [1, 2^30] and row-step >= 0; got row-tile=0 col-tile=64 weight-block-kib=1024 row-step=0
// RUN: not mha-opt %s --mha-tile-projections="col-tile=4" 2>&1 | FileCheck %s --check-prefix=PCOLS
// PCOLS: error: --mha-tile-projections: {{.*}} got row-tile=32 col-tile=4
// RUN: not mha-opt %s --mha-tile-projections="weight-block-kib=0" 2>&1 | FileCheck %s --check-prefix=PBLOCK
// PBLOCK: error: --mha-tile-projections: {{.*}} got row-tile=32 col-tile=64 weight-block-kib=0

// The pipeline hands its options to these passes.
// RUN: not mha-opt %s --mha-cpu-pipeline="kv-tile=0" 2>&1 | FileCheck %s --check-prefix=PIPE
// PIPE: error: --mha-tile-attention: {{.*}} got query-tile=0 kv-tile=0
// RUN: not mha-opt %s --mha-cpu-pipeline="register-rows=0" 2>&1 | FileCheck %s --check-prefix=PIPEROWS
// PIPEROWS: error: --mha-vectorize-tiles: {{.*}} got register-rows=0

// And so does mha-run, which exits 1.
// RUN: not mha-run %s --cpu-pipeline="query-tile=-3" 2>&1 | FileCheck %s --check-prefix=RUNNER
// RUNNER-DAG: error: --mha-tile-attention: {{.*}} got query-tile=-3 kv-tile=64
// RUNNER-DAG: mha-run: error: the CPU pipeline failed on '{{.*}}invalid-pass-options.mlir' (diagnostics above)

func.func @attention(%q: tensor<1x2x16x32xf32>, %k: tensor<1x2x16x32xf32>) -> tensor<1x2x16x32xf32> {
  %o = mha.attention %q, %k, %k : tensor<1x2x16x32xf32>, tensor<1x2x16x32xf32>, tensor<1x2x16x32xf32> -> tensor<1x2x16x32xf32>
  return %o : tensor<1x2x16x32xf32>
}
