// Tiles whose query rows are no multiple of the register block's width
// (the columns of both tile products), and tiles of one query row
// (decoding, at the end). The full-width column blocks, then
// one narrower block for each power of two left while 8 or more columns
// are left, then one masked block; the row-wise softmax steps in chunks of
// the widest power of two that divides the rows, or for rows with none of
// 4 or more, their widest multiple of 8 and the rest in powers of two,
// never one vector of an odd width (LLVM widens those: loop-carried, they
// go through the stack, and their undefined lanes may hold denormals).
// RUN: mha-opt %s -mha-tile-attention="query-tile=24 kv-tile=32" -canonicalize \
// RUN:   -mha-vectorize-tiles="register-rows=4 register-cols=32" -split-input-file \
// RUN:   | FileCheck %s --implicit-check-not='vector<72xf32>' --implicit-check-not='"reduction"'
// RUN: mha-opt %s -mha-tile-attention="query-tile=13 kv-tile=32" -canonicalize \
// RUN:   -mha-vectorize-tiles="register-rows=4 register-cols=16" -split-input-file \
// RUN:   | FileCheck %s --check-prefix=ODD --implicit-check-not='vector<13xf32>' --implicit-check-not='vector<5xf32>'
// No diagnostic on the way (the option errors are in mha-vectorize-tiles.mlir):
// RUN: mha-opt %s -mha-tile-attention="query-tile=24 kv-tile=32" -canonicalize \
// RUN:   -mha-vectorize-tiles="register-rows=4 register-cols=32" -split-input-file -verify-diagnostics -o /dev/null

// G = 3 query heads share the key/value head, 24 rows each: R = 72 query
// rows = two 32-lane blocks and one of 8 in S^T [32, 72] = K . Q^T and in
// O^T [16, 72] += V^T . P^T; Q^T is transposed in 8 x 8 blocks (72 is no
// multiple of 16).
// CHECK-LABEL: func.func @group_of_three
// CHECK:         scf.forall
// CHECK:           vector.transpose %{{.+}}, [1, 0] : vector<8x8xf32> to vector<8x8xf32>
// CHECK:           scf.for %{{.+}} = %c0 to %c64 step %c32 iter_args(%{{.+}}) -> (tensor<32x72xf32>) {
// CHECK:             scf.for %{{.+}} -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>) {
// CHECK-COUNT-4:       vector.fma %{{.+}} : vector<32xf32>
// CHECK:           scf.for %{{.+}} = %c0 to %c32 step %c4 iter_args(%{{.+}}) -> (tensor<32x72xf32>) {
// CHECK:             scf.for %{{.+}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK-NEXT:          vector.transfer_read %{{.+}}[%{{.+}}, %c64], %{{.+}} {in_bounds = [true]} : tensor<16x72xf32>, vector<8xf32>
// CHECK-COUNT-4:       vector.fma %{{.+}} : vector<8xf32>
//                The running max over the 32 rows of S^T, 8 lanes at a time.
// CHECK:           scf.for %{{.+}} = %c0 to %c32 step %c1 iter_args(%{{.+}}) -> (tensor<72xf32>) {
// CHECK-NEXT:        scf.for %{{.+}} = %c0 to %c72 step %c8 iter_args(%{{.+}}) -> (tensor<72xf32>) {
// CHECK:               arith.maxnumf %{{.+}} : vector<8xf32>
//                O^T += V^T . P^T: the same column blocks.
// CHECK:           scf.for %{{.+}} = %c0 to %c64 step %c32 iter_args(%{{.+}}) -> (tensor<16x72xf32>) {
// CHECK:             vector.fma %{{.+}} : vector<32xf32>
// CHECK:           scf.for %{{.+}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK:           scf.forall.in_parallel

// One head, 13 rows per tile: a block of 8 columns, then one of 8 for the
// 5 left, whose reads and writes past column 13 are masked (no in_bounds),
// rather than blocks of 4 and 1 columns, each a pass over the tile. The
// row-wise steps (here the row max over S^T) in 8 + 4 + 1 lanes: neither
// one vector<13xf32> nor a vector<5xf32>, which LLVM widens to 8 lanes of
// which 3 are undefined (denormals there cost microcode assists).
// ODD-LABEL: func.func @thirteen_rows
// ODD:         scf.forall
// ODD:           scf.for %{{.+}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// ODD-NEXT:        vector.transfer_read %{{.+}}[%{{.+}}, %{{.+}}], %{{.+}} {in_bounds = [true]} : tensor<16x13xf32>, vector<8xf32>
// ODD:           scf.for %{{.+}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// ODD-NEXT:        vector.transfer_read %{{.+}}[%{{.+}}, %c8], %{{.+}} : tensor<16x13xf32>, vector<8xf32>
// ODD-NOT:         vector<4xf32>
// ODD:           vector.transfer_write %{{.+}}, %{{.+}}[%{{.+}}, %c8] : vector<8xf32>, tensor<32x13xf32>
// ODD:           arith.maxnumf %{{.+}}, %{{.+}} : vector<8xf32>
// ODD:           arith.maxnumf %{{.+}}, %{{.+}} : vector<4xf32>
// ODD:           arith.maxnumf %{{.+}}, %{{.+}} : vector<1xf32>
// ODD:           scf.forall.in_parallel
func.func @group_of_three(%q: tensor<1x3x48x16xf32>, %k: tensor<1x1x64x16xf32>,
                          %v: tensor<1x1x64x16xf32>) -> tensor<1x3x48x16xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x3x48x16xf32>, tensor<1x1x64x16xf32>, tensor<1x1x64x16xf32>
           -> tensor<1x3x48x16xf32>
  return %o : tensor<1x3x48x16xf32>
}

// -----

func.func @thirteen_rows(%q: tensor<1x1x26x16xf32>, %k: tensor<1x1x64x16xf32>,
                         %v: tensor<1x1x64x16xf32>) -> tensor<1x1x26x16xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x1x26x16xf32>, tensor<1x1x64x16xf32>, tensor<1x1x64x16xf32>
           -> tensor<1x1x26x16xf32>
  return %o : tensor<1x1x26x16xf32>
}

// -----

// One query row per head (decoding): the tile is that one row, and both
// products are matrix-vector products. S^T [32, 1] = K . q: each K row's dot
// product with q in vectors along E (one of 32 lanes), 4 rows at a time,
// then a horizontal sum. O^T [48, 1] += V^T . p: V's rows (along Ev = 32 +
// 16 lanes) times the broadcast weight of their key. Each product's one
// pass over its tile prefetches the next tile (K: both lines of each row).
// CHECK-LABEL: func.func @decode
// CHECK:         %[[KBUF:[a-z0-9_]+]] = bufferization.to_buffer %arg1 read_only
// CHECK:         scf.forall
// CHECK:           tensor.collapse_shape %{{.+}} {{\[\[0, 1\]\]}} : tensor<32x1xf32> into tensor<32xf32>
// CHECK:           scf.for %{{.+}} = %c0 to %c32 step %c4 iter_args(%{{.+}}) -> (tensor<32xf32>) {
// CHECK-COUNT-4:     memref.prefetch %[[KBUF]][%{{.+}}, %{{.+}}, %{{.+}}, %c16], read, locality<2>, data
// CHECK:             scf.for {{.+}} -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>) {
// CHECK-COUNT-4:       vector.fma %{{.+}} : vector<32xf32>
//                  Each dot product's horizontal sum is a tree
//                  (reassociated), not one scalar add per lane in order.
// CHECK-COUNT-4:     vector.reduction <add>, %{{.+}} fastmath<reassoc> : vector<32xf32> into f32
//                  The score column's steps run on the collapsed column, in
//                  one vector<32xf32> (no vector<32x1xf32>, whose unit dim
//                  would be dropped one element at a time); its max and sum
//                  are one reassociated reduction each.
// CHECK-NOT:       vector<32x1xf32>
// CHECK:           vector.reduction <maxnumf>, %{{.+}}, %{{.+}} fastmath<reassoc> : vector<32xf32> into f32
// CHECK-NOT:       vector<32x1xf32>
// CHECK:           vector.reduction <add>, %{{.+}}, %{{.+}} fastmath<reassoc> : vector<32xf32> into f32
// CHECK-NOT:       vector<32x1xf32>
// CHECK:           tensor.collapse_shape %{{.+}} {{\[\[0, 1\]\]}} : tensor<48x1xf32> into tensor<48xf32>
// CHECK:           scf.for %{{.+}} = %c0 to %c32 step %c1 iter_args(%{{.+}}) -> (vector<32xf32>, vector<16xf32>) {
// CHECK:             vector.broadcast %{{.+}} : f32 to vector<32xf32>
// CHECK:             vector.fma %{{.+}} : vector<32xf32>
// CHECK:             vector.broadcast %{{.+}} : f32 to vector<16xf32>
// CHECK:             vector.fma %{{.+}} : vector<16xf32>
// CHECK:           scf.forall.in_parallel
func.func @decode(%q: tensor<2x2x1x32xf32>, %k: tensor<2x2x64x32xf32>,
                  %v: tensor<2x2x64x48xf32>) -> tensor<2x2x1x48xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<2x2x1x32xf32>, tensor<2x2x64x32xf32>, tensor<2x2x64x48xf32>
           -> tensor<2x2x1x48xf32>
  return %o : tensor<2x2x1x48xf32>
}

// -----

// Two query heads per key/value head, one row each (G = 2 decoding): S^T
// [32, 2] = K . Q^T, both columns in one pass over K. Each column of Q^T
// [32, 2] would be read two floats apart, element by element for every
// block of K rows; Q^T is transposed into [2, 32] once per query tile
// instead, before the key/value loop, and the dot products read its rows.
// Each vector of a K row is read once for both columns (the register
// block's 4 accumulators: 2 rows x 2 columns), and so is each vector of a
// V row in O^T += V^T . P^T. The single pass over each tile prefetches all
// of the next tile's lines (2 per K row, 3 per V row).
// CHECK-LABEL: func.func @decode_g2
// CHECK-DAG:     %[[VBUF:[a-z0-9_]+]] = bufferization.to_buffer %arg2 read_only
// CHECK-DAG:     %[[KBUF:[a-z0-9_]+]] = bufferization.to_buffer %arg1 read_only
// CHECK:         scf.forall
// CHECK:           %[[QT:.+]] = linalg.generic {{.+}} outs(%{{.+}} : tensor<32x2xf32>)
// CHECK:           %[[QROWS:.+]] = linalg.transpose ins(%[[QT]] : tensor<32x2xf32>) outs(%{{.+}} : tensor<2x32xf32>) permutation = [1, 0]
// CHECK:           scf.for {{.+}} -> (tensor<2xf32>, tensor<2xf32>, tensor<48x2xf32>) {
// CHECK:             %[[ROW0:.+]] = tensor.extract_slice %[[QROWS]][0, 0] [1, 32] [1, 1] : tensor<2x32xf32> to tensor<1x32xf32>
// CHECK:             %[[Q0:.+]] = tensor.collapse_shape %[[ROW0]] {{\[\[0, 1\]\]}} : tensor<1x32xf32> into tensor<32xf32>
// CHECK:             %[[ROW1:.+]] = tensor.extract_slice %[[QROWS]][1, 0] [1, 32] [1, 1] : tensor<2x32xf32> to tensor<1x32xf32>
// CHECK:             %[[Q1:.+]] = tensor.collapse_shape %[[ROW1]] {{\[\[0, 1\]\]}} : tensor<1x32xf32> into tensor<32xf32>
// CHECK:             scf.for %[[R:[a-z0-9_]+]] = %c0 to %c32 step %c2 iter_args({{.+}}) -> (tensor<32xf32>, tensor<32xf32>) {
// CHECK:               memref.prefetch %[[KBUF]][%c0, %{{.+}}, %{{.+}}, %c0], read, locality<2>, data
// CHECK-NEXT:          memref.prefetch %[[KBUF]][%c0, %{{.+}}, %{{.+}}, %c16], read, locality<2>, data
// CHECK:               scf.for {{.+}} -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>) {
// CHECK-NEXT:            %[[B0:.+]] = vector.transfer_read %[[Q0]]
// CHECK-NEXT:            %[[B1:.+]] = vector.transfer_read %[[Q1]]
// CHECK-NEXT:            %[[A0:.+]] = vector.transfer_read %{{.+}}[%[[R]], %{{.+}}]
// CHECK-NEXT:            vector.fma %[[A0]], %[[B0]], %{{.+}} : vector<32xf32>
// CHECK-NEXT:            vector.fma %[[A0]], %[[B1]], %{{.+}} : vector<32xf32>
// CHECK-NEXT:            %[[A1:.+]] = vector.transfer_read
// CHECK-NEXT:            vector.fma %[[A1]], %[[B0]], %{{.+}} : vector<32xf32>
// CHECK-NEXT:            vector.fma %[[A1]], %[[B1]], %{{.+}} : vector<32xf32>
// CHECK-COUNT-4:       vector.reduction <add>, %{{.+}} fastmath<reassoc> : vector<32xf32> into f32
// CHECK:             scf.for {{.+}} -> (vector<32xf32>, vector<32xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK-COUNT-3:       memref.prefetch %[[VBUF]]
// CHECK:               %[[VA:.+]] = vector.transfer_read %{{.+}} : tensor<32x48xf32>, vector<32xf32>
// CHECK-NEXT:          vector.broadcast
// CHECK-NEXT:          vector.fma %[[VA]], %{{.+}} : vector<32xf32>
// CHECK-NEXT:          vector.broadcast
// CHECK-NEXT:          vector.fma %[[VA]], %{{.+}} : vector<32xf32>
// CHECK-NOT:           memref.prefetch
// CHECK:             scf.yield
func.func @decode_g2(%q: tensor<1x4x1x32xf32>, %k: tensor<1x2x64x32xf32>,
                     %v: tensor<1x2x64x48xf32>) -> tensor<1x4x1x48xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x4x1x32xf32>, tensor<1x2x64x32xf32>, tensor<1x2x64x48xf32>
           -> tensor<1x4x1x48xf32>
  return %o : tensor<1x4x1x48xf32>
}

// -----

// Four query rows in all (G = 4 decoding): still matrix-vector products
// (dot products along E, horizontal sums), not register blocks of 4-lane
// FMAs, which measured slower (docs/perf/flash-cpu-notes.md); the four
// columns in one pass over K, one row of K at a time (4 accumulators).
// CHECK-LABEL: func.func @decode_g4
// CHECK:         scf.for {{.+}} -> (tensor<4xf32>, tensor<4xf32>, tensor<48x4xf32>) {
// CHECK-NOT:       vector.fma {{.+}} : vector<4xf32>
// CHECK:           scf.for %{{.+}} = %c0 to %c32 step %c1 iter_args({{.+}}) -> (tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) {
// CHECK-COUNT-4:     vector.reduction <add>, %{{.+}} fastmath<reassoc> : vector<32xf32> into f32
// CHECK-NOT:       vector.fma {{.+}} : vector<4xf32>
// CHECK:         scf.forall.in_parallel
func.func @decode_g4(%q: tensor<1x8x1x32xf32>, %k: tensor<1x2x64x32xf32>,
                     %v: tensor<1x2x64x48xf32>) -> tensor<1x8x1x48xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x8x1x32xf32>, tensor<1x2x64x32xf32>, tensor<1x2x64x48xf32>
           -> tensor<1x8x1x48xf32>
  return %o : tensor<1x8x1x48xf32>
}

// -----

// Six query rows (MHA speculative decoding, L = 6): fewer columns than half
// the register block (32), so matrix-vector products per column, not
// blocks of 4 and then 2 lanes (measured 1.8x slower, docs/perf/
// flash-cpu-notes.md). Q^T is transposed into [6, 32] once per tile.
// CHECK-LABEL: func.func @speculative_l6
// CHECK:         scf.forall
// CHECK:           linalg.transpose ins(%{{.+}} : tensor<32x6xf32>) outs(%{{.+}} : tensor<6x32xf32>) permutation = [1, 0]
// CHECK:           scf.for {{.+}} -> (tensor<6xf32>, tensor<6xf32>, tensor<48x6xf32>) {
// CHECK-NOT:         vector.fma {{.+}} : vector<{{[124]}}xf32>
// CHECK-COUNT-24:    vector.reduction <add>, %{{.+}} fastmath<reassoc> : vector<32xf32> into f32
// CHECK-NOT:         vector.fma {{.+}} : vector<{{[124]}}xf32>
// CHECK:           scf.forall.in_parallel
func.func @speculative_l6(%q: tensor<1x2x6x32xf32>, %k: tensor<1x2x64x32xf32>,
                          %v: tensor<1x2x64x48xf32>) -> tensor<1x2x6x48xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x6x32xf32>, tensor<1x2x64x32xf32>, tensor<1x2x64x48xf32>
           -> tensor<1x2x6x48xf32>
  return %o : tensor<1x2x6x48xf32>
}

// -----

// The same: the six passes over each K and V tile prefetch the next tile
// into L2 (rows 32-63 while the first 32 are computed; the last tile
// again), each pass its share of the lines (j % 6 == pass): K's rows are 2
// lines of 16 floats, so passes 0 and 1 take one each. Through the
// arguments' buffers (a cast, never a copy).
// CHECK-LABEL: func.func @speculative_l6_prefetch
// CHECK-DAG:     %[[VBUF:[a-z0-9_]+]] = bufferization.to_buffer %arg2 read_only : tensor<1x2x64x48xf32> to memref<1x2x64x48xf32, strided<[?, ?, ?, ?], offset: ?>>
// CHECK-DAG:     %[[KBUF:[a-z0-9_]+]] = bufferization.to_buffer %arg1 read_only : tensor<1x2x64x32xf32> to memref<1x2x64x32xf32, strided<[?, ?, ?, ?], offset: ?>>
// CHECK:         scf.forall
// CHECK:           scf.for %[[S0:[a-z0-9_]+]] = {{.+}} -> (tensor<6xf32>, tensor<6xf32>, tensor<48x6xf32>) {
// CHECK:             %[[NEXT0:[a-z0-9_]+]] = arith.addi %[[S0]], %c32
// CHECK:             %[[NEXT:[a-z0-9_]+]] = arith.minsi %[[NEXT0]], %c32
// CHECK:             scf.for
// CHECK:               %[[ROW:[a-z0-9_]+]] = arith.addi %[[NEXT]], %{{.+}}
// CHECK:               memref.prefetch %[[KBUF]][%c0, %{{.+}}, %[[ROW]], %c0], read, locality<2>, data
// CHECK-NOT:           memref.prefetch %[[KBUF]][%c0, %{{.+}}, %[[ROW]], %c16]
// CHECK:             scf.for
// CHECK:               memref.prefetch %[[KBUF]][%c0, %{{.+}}, %{{.+}}, %c16], read, locality<2>, data
// CHECK:             scf.for
// CHECK-NOT:           memref.prefetch %[[KBUF]]
// CHECK:             scf.for
// CHECK:               memref.prefetch %[[VBUF]][%c0, %{{.+}}, %{{.+}}, %c0], read, locality<2>, data
// CHECK:           scf.forall.in_parallel
func.func @speculative_l6_prefetch(%q: tensor<1x2x6x32xf32>, %k: tensor<1x2x64x32xf32>,
                                   %v: tensor<1x2x64x48xf32>) -> tensor<1x2x6x48xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x6x32xf32>, tensor<1x2x64x32xf32>, tensor<1x2x64x48xf32>
           -> tensor<1x2x6x48xf32>
  return %o : tensor<1x2x6x48xf32>
}

// -----

// No prefetch where K and V are not the function's arguments (their
// buffers are not known to be the arguments').
// CHECK-LABEL: func.func @speculative_l6_computed_kv
// CHECK-NOT:     bufferization.to_buffer
// CHECK-NOT:     memref.prefetch
// CHECK:         return
// With a dynamic S, the whole key/value steps are slices of the arguments
// too and prefetch the next step, clamped to the last whole one
// (min(next, S - 32), 0 when S < 32); the steps of 16 keys left, each a
// window moved back or padded (an scf.if), prefetch nothing.
// CHECK-LABEL: func.func @speculative_l6_dynamic_s
// CHECK-DAG:     %[[VBUF:[a-z0-9_]+]] = bufferization.to_buffer %arg2 read_only : tensor<1x2x?x48xf32> to memref<1x2x?x48xf32, strided<[?, ?, ?, ?], offset: ?>>
// CHECK-DAG:     %[[KBUF:[a-z0-9_]+]] = bufferization.to_buffer %arg1 read_only : tensor<1x2x?x32xf32> to memref<1x2x?x32xf32, strided<[?, ?, ?, ?], offset: ?>>
// CHECK:         scf.forall
// CHECK:           scf.for %[[S0:[a-z0-9_]+]] = %c0 to %{{.+}} step %c32 iter_args({{.+}}) -> (tensor<6xf32>, tensor<6xf32>, tensor<48x6xf32>) {
// CHECK:             %[[S:[a-z0-9_]+]] = tensor.dim %arg1, %c2
// CHECK-NEXT:        %[[NEXT0:[a-z0-9_]+]] = arith.addi %[[S0]], %c32
// CHECK-NEXT:        %[[FITS:[a-z0-9_]+]] = arith.cmpi sge, %[[S]], %c32
// CHECK-NEXT:        %[[LAST:[a-z0-9_]+]] = arith.subi %[[S]], %c32
// CHECK-NEXT:        %[[CLAMPED:[a-z0-9_]+]] = arith.minsi %[[NEXT0]], %[[LAST]]
// CHECK-NEXT:        %[[NEXT:[a-z0-9_]+]] = arith.select %[[FITS]], %[[CLAMPED]], %c0
// CHECK:             scf.for
// CHECK:               %[[ROW:[a-z0-9_]+]] = arith.addi %[[NEXT]], %{{.+}}
// CHECK:               memref.prefetch %[[KBUF]][%c0, %{{.+}}, %[[ROW]], %c0], read, locality<2>, data
// CHECK:             memref.prefetch %[[VBUF]][%c0, %{{.+}}, %{{.+}}, %c0], read, locality<2>, data
// CHECK:           scf.for %{{.+}} step %c16 iter_args({{.+}}) -> (tensor<6xf32>, tensor<6xf32>, tensor<48x6xf32>) {
// CHECK-NOT:         memref.prefetch
// CHECK:           scf.forall.in_parallel
func.func @speculative_l6_computed_kv(%q: tensor<1x2x6x32xf32>, %k: tensor<1x2x64x32xf32>,
                                      %v: tensor<1x2x64x48xf32>) -> tensor<1x2x6x48xf32> {
  %k2 = arith.negf %k : tensor<1x2x64x32xf32>
  %v2 = arith.negf %v : tensor<1x2x64x48xf32>
  %o = mha.attention %q, %k2, %v2
         : tensor<1x2x6x32xf32>, tensor<1x2x64x32xf32>, tensor<1x2x64x48xf32>
           -> tensor<1x2x6x48xf32>
  return %o : tensor<1x2x6x48xf32>
}
func.func @speculative_l6_dynamic_s(%q: tensor<1x2x6x32xf32>, %k: tensor<1x2x?x32xf32>,
                                    %v: tensor<1x2x?x48xf32>) -> tensor<1x2x6x48xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x6x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x48xf32>
           -> tensor<1x2x6x48xf32>
  return %o : tensor<1x2x6x48xf32>
}

// -----

// G = 2 decoding in bf16: both narrow products read their key/value tile as
// stored, a bf16 slice of the argument, and widen each vector in registers
// as they read it; no f32 copy of the K or V tile is made per step. The
// passes still prefetch the next tile, one 64-byte line per 32 bf16.
// CHECK-LABEL: func.func @decode_g2_bf16
// CHECK-DAG:     %[[VBUF:[a-z0-9_]+]] = bufferization.to_buffer %arg2 read_only : tensor<2x2x64x48xbf16>
// CHECK-DAG:     %[[KBUF:[a-z0-9_]+]] = bufferization.to_buffer %arg1 read_only : tensor<2x2x64x32xbf16>
// CHECK:         scf.forall
// CHECK:           %[[KT:.+]] = tensor.extract_slice %arg1[{{.+}}] [1, 1, 32, 32] [1, 1, 1, 1] : tensor<2x2x64x32xbf16> to tensor<32x32xbf16>
// CHECK:           %[[VT:.+]] = tensor.extract_slice %arg2[{{.+}}] [1, 1, 32, 48] [1, 1, 1, 1] : tensor<2x2x64x48xbf16> to tensor<32x48xbf16>
// CHECK-NOT:       tensor<32x32xf32>
// CHECK:           memref.prefetch %[[KBUF]]
// CHECK:           %[[K0:.+]] = vector.transfer_read %[[KT]][{{.+}}], %{{.+}} {in_bounds = [true]} : tensor<32x32xbf16>, vector<32xbf16>
// CHECK-NEXT:      %[[K0W:.+]] = arith.extf %[[K0]] : vector<32xbf16> to vector<32xf32>
// CHECK-NEXT:      vector.fma %[[K0W]], %{{.+}} : vector<32xf32>
// CHECK-NOT:       tensor<32x48xf32>
// CHECK:           memref.prefetch %[[VBUF]]
// CHECK:           %[[V0:.+]] = vector.transfer_read %[[VT]][%{{.+}}, %c0], %{{.+}} {in_bounds = [true]} : tensor<32x48xbf16>, vector<32xbf16>
// CHECK-NEXT:      arith.extf %[[V0]] : vector<32xbf16> to vector<32xf32>
// CHECK:           %[[V1:.+]] = vector.transfer_read %[[VT]][%{{.+}}, %c32], %{{.+}} {in_bounds = [true]} : tensor<32x48xbf16>, vector<16xbf16>
// CHECK-NEXT:      arith.extf %[[V1]] : vector<16xbf16> to vector<16xf32>
// CHECK:           scf.forall.in_parallel
func.func @decode_g2_bf16(%q: tensor<2x4x1x32xbf16>, %k: tensor<2x2x64x32xbf16>,
                          %v: tensor<2x2x64x48xbf16>) -> tensor<2x4x1x48xbf16> {
  %o = mha.attention %q, %k, %v
         : tensor<2x4x1x32xbf16>, tensor<2x2x64x32xbf16>, tensor<2x2x64x48xbf16>
           -> tensor<2x4x1x48xbf16>
  return %o : tensor<2x4x1x48xbf16>
}
