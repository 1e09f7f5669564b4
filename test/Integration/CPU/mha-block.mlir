// The multi-head attention block (projections, attention, head concat,
// output projection) as self-attention, one input passed three times:
// without projection biases, with them, and with a dynamic B or L. Random
// weights are uniform in [-1, 1), so the projected scores are large; that is
// fine for the check. Run through the unfused path, the default flash tiles
// and small odd tiles.

// RUN: rm -rf %t && split-file %s %t

// RUN: mha-run %t/no-biases.mlir --seed=181 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=NOBIAS
// RUN: mha-run %t/no-biases.mlir --seed=181 --check | FileCheck %s --check-prefix=NOBIAS
// RUN: mha-run %t/no-biases.mlir --seed=181 --check --cpu-pipeline="query-tile=5 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=NOBIAS
// NOBIAS: output: result 0 tensor<2x12x32xf32> shape=2x12x32
// NOBIAS: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// NOBIAS-NEXT: check: PASS

// RUN: mha-run %t/biases.mlir --seed=182 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=BIASES
// RUN: mha-run %t/biases.mlir --seed=182 --check | FileCheck %s --check-prefix=BIASES
// RUN: mha-run %t/biases.mlir --seed=182 --check --cpu-pipeline="query-tile=4 kv-tile=7 unfused-max-scores=0" | FileCheck %s --check-prefix=BIASES
// BIASES: output: result 0 tensor<2x12x20xf32> shape=2x12x20
// BIASES: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// BIASES-NEXT: check: PASS

// Dynamic B (L static) and dynamic L (B static), sizes from --shape.
// RUN: mha-run %t/dynamic-batch.mlir --seed=183 --shape=0=2x13x24 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=DYNB
// RUN: mha-run %t/dynamic-batch.mlir --seed=183 --shape=0=2x13x24 --check | FileCheck %s --check-prefix=DYNB
// RUN: mha-run %t/dynamic-batch.mlir --seed=183 --shape=0=2x13x24 --check --cpu-pipeline="query-tile=6 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=DYNB
// DYNB: output: result 0 tensor<?x13x24xf32> shape=2x13x24
// DYNB: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYNB-NEXT: check: PASS
// RUN: mha-run %t/dynamic-length.mlir --seed=184 --shape=0=2x13x24 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=DYNL
// RUN: mha-run %t/dynamic-length.mlir --seed=184 --shape=0=2x13x24 --check | FileCheck %s --check-prefix=DYNL
// RUN: mha-run %t/dynamic-length.mlir --seed=184 --shape=0=2x13x24 --check --cpu-pipeline="query-tile=5 kv-tile=3 unfused-max-scores=0" | FileCheck %s --check-prefix=DYNL
// RUN: mha-run %t/dynamic-length.mlir --seed=185 --shape=0=2x1x24 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=DYNL1
// RUN: mha-run %t/dynamic-length.mlir --seed=185 --shape=0=2x1x24 --check | FileCheck %s --check-prefix=DYNL1
// RUN: mha-run %t/dynamic-length.mlir --seed=185 --shape=0=2x1x24 --check --cpu-pipeline="query-tile=3 kv-tile=2 unfused-max-scores=0" | FileCheck %s --check-prefix=DYNL1
// DYNL: output: result 0 tensor<2x?x24xf32> shape=2x13x24
// DYNL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYNL-NEXT: check: PASS
// DYNL1: output: result 0 tensor<2x?x24xf32> shape=2x1x24
// DYNL1: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// DYNL1-NEXT: check: PASS

// Dynamic B and L together (no reshape may merge them): several sizes.
// RUN: mha-run %t/dynamic-both.mlir --seed=186 --shape=0=2x13x24 --check --cpu-pipeline="flash=false" | FileCheck %s --check-prefix=DYNBL
// RUN: mha-run %t/dynamic-both.mlir --seed=186 --shape=0=2x13x24 --check | FileCheck %s --check-prefix=DYNBL
// RUN: mha-run %t/dynamic-both.mlir --seed=187 --shape=0=3x50x24 --check | FileCheck %s --check-prefix=DYNBL
// RUN: mha-run %t/dynamic-both.mlir --seed=188 --shape=0=1x1x24 --check --cpu-pipeline="query-tile=6 kv-tile=4 unfused-max-scores=0" | FileCheck %s --check-prefix=DYNBL
// DYNBL: check: PASS

//--- no-biases.mlir
// heads(4), E = Ev = 8, Eo = 32.
func.func @self_no_biases(%x: tensor<2x12x32xf32>, %wq: tensor<32x32xf32>, %wk: tensor<32x32xf32>,
                          %wv: tensor<32x32xf32>, %wo: tensor<32x32xf32>) -> tensor<2x12x32xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>)
         heads(4)
         : tensor<2x12x32xf32>, tensor<2x12x32xf32>, tensor<2x12x32xf32> -> tensor<2x12x32xf32>
  return %y : tensor<2x12x32xf32>
}

//--- biases.mlir
// heads(4), E = 8, Ev = 6, Eo = 20, with the four projection biases.
func.func @self_biases(%x: tensor<2x12x32xf32>, %wq: tensor<32x32xf32>, %wk: tensor<32x32xf32>,
                       %wv: tensor<32x24xf32>, %wo: tensor<24x20xf32>, %bq: tensor<32xf32>,
                       %bk: tensor<32xf32>, %bv: tensor<24xf32>, %bo: tensor<20xf32>) -> tensor<2x12x20xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x24xf32>, tensor<24x20xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<32xf32>, tensor<32xf32>, tensor<24xf32>, tensor<20xf32>)
         heads(4)
         : tensor<2x12x32xf32>, tensor<2x12x32xf32>, tensor<2x12x32xf32> -> tensor<2x12x20xf32>
  return %y : tensor<2x12x20xf32>
}

//--- dynamic-batch.mlir
// Dynamic B, L = S = 13, heads(2), E = Ev = 12, Eo = 24.
func.func @self_dynamic_batch(%x: tensor<?x13x24xf32>, %wq: tensor<24x24xf32>, %wk: tensor<24x24xf32>,
                              %wv: tensor<24x24xf32>, %wo: tensor<24x24xf32>) -> tensor<?x13x24xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<24x24xf32>, tensor<24x24xf32>, tensor<24x24xf32>, tensor<24x24xf32>)
         heads(2)
         : tensor<?x13x24xf32>, tensor<?x13x24xf32>, tensor<?x13x24xf32> -> tensor<?x13x24xf32>
  return %y : tensor<?x13x24xf32>
}

//--- dynamic-length.mlir
// B = 2, dynamic L (= S), heads(2), E = Ev = 12, Eo = 24.
func.func @self_dynamic_length(%x: tensor<2x?x24xf32>, %wq: tensor<24x24xf32>, %wk: tensor<24x24xf32>,
                               %wv: tensor<24x24xf32>, %wo: tensor<24x24xf32>) -> tensor<2x?x24xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<24x24xf32>, tensor<24x24xf32>, tensor<24x24xf32>, tensor<24x24xf32>)
         heads(2)
         : tensor<2x?x24xf32>, tensor<2x?x24xf32>, tensor<2x?x24xf32> -> tensor<2x?x24xf32>
  return %y : tensor<2x?x24xf32>
}

//--- dynamic-both.mlir
func.func @self_dynamic(%x: tensor<?x?x24xf32>, %wq: tensor<24x24xf32>, %wk: tensor<24x24xf32>,
                        %wv: tensor<24x24xf32>, %wo: tensor<24x24xf32>) -> tensor<?x?x24xf32> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<24x24xf32>, tensor<24x24xf32>, tensor<24x24xf32>, tensor<24x24xf32>)
         heads(2)
         : tensor<?x?x24xf32>, tensor<?x?x24xf32>, tensor<?x?x24xf32> -> tensor<?x?x24xf32>
  return %y : tensor<?x?x24xf32>
}
