// RUN: mha-opt %s -mha-tile-projections="row-tile=16 col-tile=32" -split-input-file | FileCheck %s
// RUN: mha-opt %s -mha-tile-projections="row-tile=16 col-tile=32 weight-block-kib=4" -split-input-file \
// RUN:   | FileCheck %s --check-prefix=BLOCKS
// Diagnostics: none for any input here, the look-alikes included (they stay
// as they are); every out-of-range option is an error.
// RUN: mha-opt %s -mha-tile-projections -split-input-file -verify-diagnostics -o /dev/null
// RUN: mha-opt %S/Inputs/mha-tile-projections-options.mlir -mha-tile-projections="row-tile=0" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-tile-projections-options.mlir -mha-tile-projections="col-tile=4" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-tile-projections-options.mlir -mha-tile-projections="weight-block-kib=0" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-tile-projections-options.mlir -mha-tile-projections="row-step=-1" -verify-diagnostics
// With row-step, the 40 rows take two tiles of 20 (five steps of 4 each)
// instead of three of 16 (48 rows computed); a step that does not divide
// row-tile changes nothing.
// RUN: mha-opt %s -mha-tile-projections="row-tile=16 col-tile=32 row-step=4" -split-input-file | FileCheck %s --check-prefix=STEP
// RUN: mha-opt %s -mha-tile-projections="row-tile=16 col-tile=32 row-step=5" -split-input-file | FileCheck %s --check-prefix=NOSTEP

// A projection C[b,n,m] += X[b,n,k] * W[k,m]: X is packed once, where it is
// defined, into [B, row tiles, TM, K + 16] (each row tile with 16 padding
// columns) by a forall over (B, row tiles); W is packed once into
// [M / TN, K, TN] panels, row by row of W; a forall over (B, column blocks, row tiles) reads
// its packed row tile of X in place, then an scf.for over the column tiles
// computes static f32 tile products, each from its slice of the init; only
// each tile's own rows are written back.

// STEP-LABEL: func.func @projection
// STEP:         scf.forall (%{{[^,]+}}, %{{[^)]+}}) in (2, 2) shared_outs(%{{.+}}) -> (tensor<2x2x20x48xf32>)
// STEP:         scf.forall (%{{[^,]+}}, %{{[^,]+}}, %[[RT:[^)]+]]) in (%{{.+}}, 1, %c2{{.*}})
// STEP:           arith.muli %[[RT]], %c20
// NOSTEP-LABEL: func.func @projection
// NOSTEP:       scf.forall (%{{[^,]+}}, %{{[^)]+}}) in (2, 3) shared_outs(%{{.+}}) -> (tensor<2x3x16x48xf32>)

// CHECK-LABEL: func.func @projection
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x40x32xf32>, %[[W:[^:]+]]: tensor<32x64xf32>, %[[I:[^:]+]]: tensor<2x40x64xf32>
// CHECK:         %[[XP:.+]] = scf.forall (%[[PB:[^,]+]], %[[PT:[^)]+]]) in (2, 3) shared_outs(%[[XPO:.+]] = %{{.+}}) -> (tensor<2x3x16x48xf32>) {
// CHECK:           %[[XSLOT:.+]] = tensor.extract_slice %[[XPO]][%[[PB]], %[[PT]], 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<2x3x16x48xf32> to tensor<16x32xf32>
//                The window is copied in each branch (a slice of X, or
//                the zero-padded rows of an X shorter than a tile), so
//                that each copy reads a buffer of known unit stride.
// CHECK:           %[[XC:.+]] = scf.if %{{.+}} -> (tensor<16x32xf32>) {
// CHECK:             %[[XS:.+]] = tensor.extract_slice %[[X]][%[[PB]], %{{.+}}, 0] [1, 16, 32] [1, 1, 1] : tensor<2x40x32xf32> to tensor<16x32xf32>
// CHECK:             linalg.copy ins(%[[XS]] : tensor<16x32xf32>) outs(%[[XSLOT]] : tensor<16x32xf32>)
// CHECK:           } else {
// CHECK:             %[[XPAD:.+]] = tensor.pad
// CHECK:             linalg.copy ins(%[[XPAD]] : tensor<16x32xf32>) outs(%[[XSLOT]] : tensor<16x32xf32>)
// CHECK:           tensor.parallel_insert_slice %[[XC]] into %[[XPO]][%[[PB]], %[[PT]], 0, 0] [1, 1, 16, 32] [1, 1, 1, 1]
//                W is packed row by row (a forall over blocks of up to 64
//                rows, here the one block of K = 32), each row of W split
//                into its two 32-wide column tiles, one row of each panel.
// CHECK:         %[[WP:.+]] = scf.forall (%[[KB:.+]]) in (1) shared_outs(%[[WPO:.+]] = %{{.+}}) -> (tensor<2x32x32xf32>) {
// CHECK:           %[[K0:.+]] = arith.muli %[[KB]], %c32{{.*}} : index
// CHECK:           %[[WSLOT:.+]] = tensor.extract_slice %[[WPO]][0, %[[K0]], 0] [2, 32, 32] [1, 1, 1] : tensor<2x32x32xf32> to tensor<2x32x32xf32>
// CHECK:           %[[WROWS:.+]] = scf.for %[[R:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[WACC:.+]] = %[[WSLOT]]) -> (tensor<2x32x32xf32>) {
// CHECK:             %[[WROW:.+]] = tensor.extract_slice %[[W]][%{{.+}}, 0] [1, 64] [1, 1] : tensor<32x64xf32> to tensor<64xf32>
// CHECK:             %[[WT:.+]] = tensor.expand_shape %[[WROW]] {{\[}}[0, 1]] output_shape [2, 32] : tensor<64xf32> into tensor<2x32xf32>
// CHECK:             %[[PROWS:.+]] = tensor.extract_slice %[[WACC]][0, %[[R]], 0] [2, 1, 32] [1, 1, 1] : tensor<2x32x32xf32> to tensor<2x32xf32>
// CHECK:             %[[PACKED:.+]] = linalg.copy ins(%[[WT]] : tensor<2x32xf32>) outs(%[[PROWS]] : tensor<2x32xf32>)
// CHECK:             tensor.insert_slice %[[PACKED]] into %[[WACC]][0, %[[R]], 0] [2, 1, 32] [1, 1, 1]
// CHECK:           tensor.parallel_insert_slice %[[WROWS]] into %[[WPO]][0, %[[K0]], 0] [2, 32, 32] [1, 1, 1]
// CHECK:         %[[OUT:.+]] = tensor.empty() : tensor<2x40x64xf32>
//                A static row count: a static tile count (ceil(40 / 16)).
// CHECK:         scf.forall (%[[B:[^,]+]], %[[CB:[^,]+]], %[[RT:[^)]+]]) in (%{{.+}}, 1, %c3{{.*}}) shared_outs(%[[O:.+]] = %[[OUT]])
// CHECK:           %[[XT:.+]] = tensor.extract_slice %[[XP]][%[[B]], %[[RT]], 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<2x3x16x48xf32> to tensor<16x32xf32>
// CHECK-NOT:       linalg.copy ins(%{{.+}} : tensor<16x32xf32>) outs(%[[XT]]
// CHECK:           %[[ROWS:.+]] = scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (tensor<16x64xf32>) {
//                    The column tile of W: (column block start + column) / 32.
// CHECK:             %[[CT:.+]] = arith.divui %{{.+}}, %c32{{.*}} : index
// CHECK:             %[[CSLOT:.+]] = tensor.extract_slice %[[ACC]][0, %{{.+}}] [16, 32] [1, 1] : tensor<16x64xf32> to tensor<16x32xf32>
// CHECK:             %[[CINIT:.+]] = scf.if
// CHECK:               tensor.extract_slice %[[I]][%[[B]], %{{.+}}, %{{.+}}] [1, 16, 32] [1, 1, 1] : tensor<2x40x64xf32> to tensor<16x32xf32>
// CHECK:               linalg.copy ins(%{{.+}} : tensor<16x32xf32>) outs(%[[CSLOT]] : tensor<16x32xf32>)
// CHECK:             %[[PANEL:.+]] = tensor.extract_slice %[[WP]][%[[CT]], 0, 0] [1, 32, 32] [1, 1, 1] : tensor<2x32x32xf32> to tensor<32x32xf32>
// CHECK:             %[[P:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[XT]], %[[PANEL]] : tensor<16x32xf32>, tensor<32x32xf32>) outs(%[[CINIT]] : tensor<16x32xf32>)
// CHECK:             tensor.insert_slice %[[P]] into %[[ACC]][0, %{{.+}}] [16, 32] [1, 1]
// CHECK:           %[[V:.+]] = tensor.extract_slice %[[ROWS]][%{{.+}}, 0] [%{{.+}}, 64] [1, 1] : tensor<16x64xf32> to tensor<?x64xf32>
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %[[V]] into %[[O]][%[[B]], %{{.+}}, %{{.+}}] [1, %{{.+}}, 64] [1, 1, 1]

// With 4 KiB of packed panels per column block (K = 32 x 32 columns), the
// 64 columns are two blocks, a dimension of the forall; each row tile of a
// block computes its one column tile and writes [rows, 32].
// BLOCKS-LABEL: func.func @projection
// BLOCKS:         scf.forall (%[[B:[^,]+]], %[[CB:[^,]+]], %{{[^)]+}}) in (%{{.+}}, 2, %{{.+}}) shared_outs(%[[O:.+]] = %{{.+}})
// BLOCKS:           %[[G0:.+]] = arith.muli %[[CB]], %c32
// BLOCKS:           scf.for %{{.+}} = %{{.+}} to %c1{{.*}} step %{{.+}} iter_args(%{{.+}}) -> (tensor<16x32xf32>)
// BLOCKS:           tensor.parallel_insert_slice %{{.+}} into %[[O]][%[[B]], %{{.+}}, %[[G0]]] [1, %{{.+}}, 32] [1, 1, 1]
func.func @projection(%x: tensor<2x40x32xf32>, %w: tensor<32x64xf32>, %init: tensor<2x40x64xf32>) -> tensor<2x40x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<2x40x32xf32>, tensor<32x64xf32>) outs(%init : tensor<2x40x64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x40x64xf32>
  return %r : tensor<2x40x64xf32>
}

// -----

// The decomposition's Q projection: a bias broadcast init and a head split
// after it. Each tile starts from a broadcast of its bias slice, and the
// tiles are written head-major: the forall's [B, H, N, E] result replaces
// the transpose, and neither the [B, N, M] broadcast nor the transpose is
// computed any more.

// CHECK-LABEL: func.func @bias_head_split
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?x40x32xf32>, %[[W:[^:]+]]: tensor<32x64xf32>, %[[BIAS:[^:]+]]: tensor<64xf32>
// CHECK:         scf.forall (%[[B:[^,]+]], %{{[^,]+}}, %{{[^)]+}}) in (%{{.+}}, 1, %{{.+}}) shared_outs(%[[O:.+]] = %{{.+}}) -> (tensor<?x4x40x16xf32>)
// CHECK:           scf.for %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (tensor<4x16x16xf32>) {
//                    The column tile of W, then the head and the column in it.
// CHECK:             arith.divui %{{.+}}, %c16{{.*}} : index
// CHECK:             %[[H:.+]] = arith.divui %{{.+}}, %c16{{.*}} : index
// CHECK:             %[[E0:.+]] = arith.remui %{{.+}}, %c16{{.*}} : index
// CHECK:             %[[CSLOT:.+]] = tensor.extract_slice %[[ACC]][%[[H]], 0, %[[E0]]] [1, 16, 16] [1, 1, 1] : tensor<4x16x16xf32> to tensor<16x16xf32>
// CHECK:             %[[BT:.+]] = tensor.extract_slice %[[BIAS]][%{{.+}}] [16] [1] : tensor<64xf32> to tensor<16xf32>
// CHECK:             %[[CINIT:.+]] = linalg.generic {{.+}} ins(%[[BT]] : tensor<16xf32>) outs(%[[CSLOT]] : tensor<16x16xf32>)
// CHECK:             %[[P:.+]] = linalg.generic {{.+}} outs(%[[CINIT]] : tensor<16x16xf32>)
// CHECK:             tensor.insert_slice %[[P]] into %[[ACC]][%[[H]], 0, %[[E0]]] [1, 16, 16] [1, 1, 1]
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %{{.+}} into %[[O]][%[[B]], %{{.+}}, %{{.+}}, 0] [1, 4, %{{.+}}, 16] [1, 1, 1, 1] : tensor<4x?x16xf32> into tensor<?x4x40x16xf32>
// CHECK-NOT:     linalg.transpose
// CHECK:         return
func.func @bias_head_split(%x: tensor<?x40x32xf32>, %w: tensor<32x64xf32>, %bias: tensor<64xf32>) -> tensor<?x4x40x16xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x40x32xf32>
  %e = tensor.empty(%n) : tensor<?x40x64xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%bias : tensor<64xf32>) outs(%e : tensor<?x40x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<?x40x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<?x40x32xf32>, tensor<32x64xf32>) outs(%init : tensor<?x40x64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x40x64xf32>
  %x4 = tensor.expand_shape %r [[0], [1], [2, 3]] output_shape [%n, 40, 4, 16] : tensor<?x40x64xf32> into tensor<?x40x4x16xf32>
  %t0 = tensor.empty(%n) : tensor<?x4x40x16xf32>
  %t = linalg.transpose ins(%x4 : tensor<?x40x4x16xf32>) outs(%t0 : tensor<?x4x40x16xf32>) permutation = [0, 2, 1, 3]
  return %t : tensor<?x4x40x16xf32>
}

// -----

// Rows that divide into whole row tiles (48 = 3 x 16): each tile's row
// block is its own slice of the forall's result, computed in place; nothing
// is copied back from a separate block.

// CHECK-LABEL: func.func @exact_rows_head_split
// CHECK:         scf.forall (%[[B:[^,]+]], %[[CB:[^,]+]], %[[RT:[^)]+]]) in (%{{.+}}, 1, %{{.+}}) shared_outs(%[[O:.+]] = %{{.+}}) -> (tensor<?x4x48x16xf32>)
// CHECK:           %[[R0:.+]] = arith.muli %[[RT]], %c16
// CHECK:           %[[H0:.+]] = arith.divui %{{.+}}, %c16
// CHECK:           %[[BLOCK:.+]] = tensor.extract_slice %[[O]][%[[B]], %[[H0]], %[[R0]], 0] [1, 4, 16, 16] [1, 1, 1, 1] : tensor<?x4x48x16xf32> to tensor<4x16x16xf32>
// CHECK:           %[[DONE:.+]] = scf.for %{{.+}} iter_args(%{{.+}} = %[[BLOCK]]) -> (tensor<4x16x16xf32>) {
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %[[DONE]] into %[[O]][%[[B]], %[[H0]], %[[R0]], 0] [1, 4, 16, 16] [1, 1, 1, 1] : tensor<4x16x16xf32> into tensor<?x4x48x16xf32>
func.func @exact_rows_head_split(%x: tensor<?x48x32xf32>, %w: tensor<32x64xf32>, %bias: tensor<64xf32>) -> tensor<?x4x48x16xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x48x32xf32>
  %e = tensor.empty(%n) : tensor<?x48x64xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%bias : tensor<64xf32>) outs(%e : tensor<?x48x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<?x48x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<?x48x32xf32>, tensor<32x64xf32>) outs(%init : tensor<?x48x64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x48x64xf32>
  %x4 = tensor.expand_shape %r [[0], [1], [2, 3]] output_shape [%n, 48, 4, 16] : tensor<?x48x64xf32> into tensor<?x48x4x16xf32>
  %t0 = tensor.empty(%n) : tensor<?x4x48x16xf32>
  %t = linalg.transpose ins(%x4 : tensor<?x48x4x16xf32>) outs(%t0 : tensor<?x4x48x16xf32>) permutation = [0, 2, 1, 3]
  return %t : tensor<?x4x48x16xf32>
}

// -----

// The output projection: X merges the heads of a [B, H, N, E] tensor. Each
// row tile is packed head by head into its padded slot; the transpose is
// not computed.

// CHECK-LABEL: func.func @head_merge
// CHECK-SAME:    %[[A:[^:]+]]: tensor<1x2x40x16xf32>
// CHECK:         %[[XP:.+]] = scf.forall (%{{[^,]+}}, %{{[^)]+}}) in (1, 3) shared_outs(%[[XPO:.+]] = %{{.+}}) -> (tensor<1x3x16x48xf32>) {
// CHECK:           %[[XSLOT:.+]] = tensor.extract_slice %[[XPO]][%{{.+}}, %{{.+}}, 0, 0] [1, 1, 16, 32] [1, 1, 1, 1]
// CHECK:           %[[H0:.+]] = tensor.extract_slice %[[XSLOT]][0, 0] [16, 16] [1, 1] : tensor<16x32xf32> to tensor<16x16xf32>
// CHECK:           %[[C0:.+]] = scf.if
// CHECK:             tensor.extract_slice %[[A]][%{{.+}}, %c0{{.*}}, %{{.+}}, 0] [1, 1, 16, 16] [1, 1, 1, 1] : tensor<1x2x40x16xf32> to tensor<16x16xf32>
// CHECK:             linalg.copy ins(%{{.+}} : tensor<16x16xf32>) outs(%[[H0]] : tensor<16x16xf32>)
// CHECK:           %[[X0:.+]] = tensor.insert_slice %[[C0]] into %[[XSLOT]][0, 0] [16, 16] [1, 1]
// CHECK:           %[[H1:.+]] = tensor.extract_slice %[[X0]][0, 16] [16, 16] [1, 1] : tensor<16x32xf32> to tensor<16x16xf32>
// CHECK:           %[[C1:.+]] = scf.if
// CHECK:             tensor.extract_slice %[[A]][%{{.+}}, %c1{{.*}}, %{{.+}}, 0] [1, 1, 16, 16] [1, 1, 1, 1] : tensor<1x2x40x16xf32> to tensor<16x16xf32>
// CHECK:             linalg.copy ins(%{{.+}} : tensor<16x16xf32>) outs(%[[H1]] : tensor<16x16xf32>)
// CHECK:           %[[X1:.+]] = tensor.insert_slice %[[C1]] into %[[X0]][0, 16] [16, 16] [1, 1]
// CHECK:           tensor.parallel_insert_slice %[[X1]] into %[[XPO]]
// CHECK:         scf.forall
// CHECK:           %[[XT:.+]] = tensor.extract_slice %[[XP]][%{{.+}}, %{{.+}}, 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<1x3x16x48xf32> to tensor<16x32xf32>
// CHECK:           scf.for
// CHECK:             linalg.generic {{.+}} ins(%[[XT]], %{{.+}} : tensor<16x32xf32>, tensor<32x32xf32>)
func.func @head_merge(%a: tensor<1x2x40x16xf32>, %w: tensor<32x32xf32>, %init: tensor<1x40x32xf32>) -> tensor<1x40x32xf32> {
  %t0 = tensor.empty() : tensor<1x40x2x16xf32>
  %t = linalg.transpose ins(%a : tensor<1x2x40x16xf32>) outs(%t0 : tensor<1x40x2x16xf32>) permutation = [0, 2, 1, 3]
  %x = tensor.collapse_shape %t [[0], [1], [2, 3]] : tensor<1x40x2x16xf32> into tensor<1x40x32xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<1x40x32xf32>, tensor<32x32xf32>) outs(%init : tensor<1x40x32xf32>) {
  ^bb0(%in: f32, %b: f32, %c: f32):
    %m = arith.mulf %in, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x40x32xf32>
  return %r : tensor<1x40x32xf32>
}

// -----

// Three projections of the same X (self-attention's Q, K and V) share one
// packed copy of it: one X-packing forall, read by all three.

// CHECK-LABEL: func.func @shared_x
// CHECK-SAME:    %[[X:[^:]+]]: tensor<1x40x32xf32>
// CHECK:         %[[XP:.+]] = scf.forall (%{{[^,]+}}, %{{[^)]+}}) in (1, 3) shared_outs(%{{.+}}) -> (tensor<1x3x16x48xf32>)
// CHECK-COUNT-3: tensor.extract_slice %[[XP]][%{{.+}}, %{{.+}}, 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<1x3x16x48xf32> to tensor<16x32xf32>
// CHECK-NOT:     -> (tensor<1x3x16x48xf32>)
// CHECK:         return
func.func @shared_x(%x: tensor<1x40x32xf32>, %wq: tensor<32x32xf32>, %wk: tensor<32x32xf32>, %wv: tensor<32x32xf32>, %init: tensor<1x40x32xf32>) -> (tensor<1x40x32xf32>, tensor<1x40x32xf32>, tensor<1x40x32xf32>) {
  %q = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %wq : tensor<1x40x32xf32>, tensor<32x32xf32>) outs(%init : tensor<1x40x32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x40x32xf32>
  %k = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %wk : tensor<1x40x32xf32>, tensor<32x32xf32>) outs(%init : tensor<1x40x32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x40x32xf32>
  %v = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %wv : tensor<1x40x32xf32>, tensor<32x32xf32>) outs(%init : tensor<1x40x32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x40x32xf32>
  return %q, %k, %v : tensor<1x40x32xf32>, tensor<1x40x32xf32>, tensor<1x40x32xf32>
}

// -----

// Not a projection: a dynamic weight, and a body that is not a mul-add, stay
// as they are.

// CHECK-LABEL: func.func @dynamic_weight
// CHECK-NOT:     scf.forall
// CHECK:         linalg.generic
func.func @dynamic_weight(%x: tensor<2x40x32xf32>, %w: tensor<32x?xf32>, %init: tensor<2x40x?xf32>) -> tensor<2x40x?xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<2x40x32xf32>, tensor<32x?xf32>) outs(%init : tensor<2x40x?xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x40x?xf32>
  return %r : tensor<2x40x?xf32>
}

// CHECK-LABEL: func.func @max_not_add
// CHECK-NOT:     scf.forall
// CHECK:         arith.maximumf
func.func @max_not_add(%x: tensor<2x40x32xf32>, %w: tensor<32x64xf32>, %init: tensor<2x40x64xf32>) -> tensor<2x40x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%x, %w : tensor<2x40x32xf32>, tensor<32x64xf32>) outs(%init : tensor<2x40x64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.maximumf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x40x64xf32>
  return %r : tensor<2x40x64xf32>
}

// -----

// A dynamic row count: one loop over the whole row tiles (N / 16 of them),
// each computed in place in its [16, 64] slice of the result, then one over
// the partial last tile, if any (ceil(N / 16) - N / 16 of them), each loop
// skipped where it has no tiles. The partial tile computes its valid rows
// in sub-tiles of row-step = 4 rows (each a window moved back within the
// rows, reading its own init rows) into the tile's row block, of which only
// the valid rows are written. Without row-step, it computes its whole
// window.

// STEP-LABEL: func.func @dynamic_rows
// STEP:         %[[WHOLE:.+]] = arith.divui %[[N:.+]], %c16{{.*}} : index
// STEP:         %[[ANY:.+]] = arith.cmpi ne, %[[WHOLE]], %c0{{.*}} : index
// STEP:         %[[OUT1:.+]] = scf.if %[[ANY]] -> (tensor<2x?x64xf32>) {
// STEP:           scf.forall (%[[B:[^,]+]], %[[CB:[^,]+]], %[[RT:[^)]+]]) in (%{{.+}}, 1, %[[WHOLE]]) shared_outs(%[[O:.+]] = %{{.+}}) -> (tensor<2x?x64xf32>) {
// STEP:             %[[C0:.+]] = arith.muli %[[CB]], %c64{{.*}} : index
// STEP:             %[[R0:.+]] = arith.muli %[[RT]], %c16{{.*}} : index
// STEP:             %[[XT:.+]] = tensor.extract_slice %{{.+}}[%[[B]], %[[RT]], 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<2x?x16x48xf32> to tensor<16x32xf32>
// STEP:             %[[SLOT:.+]] = tensor.extract_slice %[[O]][%[[B]], %[[R0]], %[[C0]]] [1, 16, 64] [1, 1, 1] : tensor<2x?x64xf32> to tensor<16x64xf32>
// STEP:             %[[ROWS:.+]] = scf.for {{.+}} iter_args(%{{.+}} = %[[SLOT]]) -> (tensor<16x64xf32>) {
// STEP:               linalg.generic {{.+}} ins(%[[XT]], %{{.+}} : tensor<16x32xf32>, tensor<32x32xf32>)
// STEP:             tensor.parallel_insert_slice %[[ROWS]] into %[[O]][%[[B]], %[[R0]], %[[C0]]] [1, 16, 64] [1, 1, 1]
// STEP:         } else {
// STEP:         %[[TILES:.+]] = arith.ceildivui %[[N]], %c16{{.*}} : index
// STEP:         %[[PART:.+]] = arith.subi %[[TILES]], %[[WHOLE]] : index
// STEP:         %[[SOME:.+]] = arith.cmpi ne, %[[PART]], %c0{{.*}} : index
// STEP:         scf.if %[[SOME]] -> (tensor<2x?x64xf32>) {
// STEP:           scf.forall (%{{[^,]+}}, %{{[^,]+}}, %[[PT:[^)]+]]) in (%{{.+}}, 1, %[[PART]]) shared_outs(%{{.+}} = %[[OUT1]]) -> (tensor<2x?x64xf32>) {
// STEP:             %[[LAST:.+]] = arith.addi %[[WHOLE]], %[[PT]] : index
// STEP:             %[[PR0:.+]] = arith.muli %[[LAST]], %c16{{.*}} : index
// STEP:             %[[RR:.+]] = arith.minsi %c16{{.*}}, %{{.+}} : index
// STEP:             %[[PXT:.+]] = tensor.extract_slice %{{.+}} : tensor<2x?x16x48xf32> to tensor<16x32xf32>
// STEP:             %[[FIRST:.+]] = arith.select %{{.+}}, %{{.+}}, %c0{{.*}} : index
// STEP:             %[[SUBS:.+]] = arith.ceildivui %[[RR]], %c4{{.*}} : index
// STEP:             %[[BLOCK:.+]] = scf.for %[[SI:.+]] = %c0{{.*}} to %[[SUBS]] step %c1{{.*}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (tensor<16x64xf32>) {
// STEP:               %[[SOFF:.+]] = arith.muli %[[SI]], %c4{{.*}} : index
// STEP:               arith.addi %[[PR0]], %[[SOFF]] : index
// STEP:               %[[START:.+]] = arith.select %{{.+}}, %{{.+}}, %c0{{.*}} : index
// STEP:               %[[OFF:.+]] = arith.subi %[[START]], %[[FIRST]] : index
// STEP:               %[[XS:.+]] = tensor.extract_slice %[[PXT]][%[[OFF]], 0] [4, 32] [1, 1] : tensor<16x32xf32> to tensor<4x32xf32>
// STEP:               tensor.extract_slice %{{.+}}[%{{.+}}, %{{.+}}, %{{.+}}] [1, 4, 32] [1, 1, 1] : tensor<2x?x64xf32> to tensor<4x32xf32>
// STEP:               linalg.generic {{.+}} ins(%[[XS]], %{{.+}} : tensor<4x32xf32>, tensor<32x32xf32>)
// STEP:               tensor.insert_slice %{{.+}} into %[[ACC]][%[[OFF]], 0] [4, 64] [1, 1] : tensor<4x64xf32> into tensor<16x64xf32>
// STEP:             %[[VALID:.+]] = tensor.extract_slice %[[BLOCK]][%{{.+}}, 0] [%[[RR]], 64] [1, 1] : tensor<16x64xf32> to tensor<?x64xf32>
// STEP:             tensor.parallel_insert_slice %[[VALID]] into %{{.+}}[%{{.+}}, %[[PR0]], %{{.+}}] [1, %[[RR]], 64] [1, 1, 1]

// CHECK-LABEL: func.func @dynamic_rows
// CHECK:         %[[WHOLE:.+]] = arith.divui %{{.+}}, %c16{{.*}} : index
// CHECK:         scf.forall ({{.+}}) in (%{{.+}}, 1, %[[WHOLE]])
// CHECK:         %[[PART:.+]] = arith.subi %{{.+}}, %[[WHOLE]] : index
// CHECK:         scf.forall ({{.+}}) in (%{{.+}}, 1, %[[PART]])
// CHECK-NOT:       tensor<4x32xf32>
// CHECK:           linalg.generic {{.+}} ins(%{{.+}}, %{{.+}} : tensor<16x32xf32>, tensor<32x32xf32>)
// CHECK-NOT:       tensor<4x32xf32>
// CHECK:         return
#x = affine_map<(b, n, m, k) -> (b, n, k)>
#w = affine_map<(b, n, m, k) -> (k, m)>
#c = affine_map<(b, n, m, k) -> (b, n, m)>
func.func @dynamic_rows(%x: tensor<2x?x32xf32>, %w: tensor<32x64xf32>, %init: tensor<2x?x64xf32>) -> tensor<2x?x64xf32> {
  %c = linalg.generic {indexing_maps = [#x, #w, #c], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
         ins(%x, %w : tensor<2x?x32xf32>, tensor<32x64xf32>) outs(%init : tensor<2x?x64xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x?x64xf32>
  return %c : tensor<2x?x64xf32>
}
