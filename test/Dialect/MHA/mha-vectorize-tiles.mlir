// --mha-vectorize-tiles after --mha-tile-attention: register-blocked broadcast-FMA tile products, row-vectorized softmax, no exp/tanh calls.
//
// Default register block (6 rows x 16 lanes). No contraction or row reduction
// is left as a linalg op, and exp/tanh are polynomials:
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32" -canonicalize -mha-vectorize-tiles -split-input-file \
// RUN:   | FileCheck %s --implicit-check-not=math.exp --implicit-check-not=math.tanh --implicit-check-not='"reduction"'
//
// Nothing inside the key/value loop stays a linalg op:
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32" -canonicalize -mha-vectorize-tiles -split-input-file \
// RUN:   | FileCheck %s --check-prefix=LOOP
//
// register-rows=4 register-cols=8: 4 x vector<8xf32> blocks, no 16-lane vector left:
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32" -canonicalize -mha-vectorize-tiles="register-rows=4 register-cols=8" -split-input-file \
// RUN:   | FileCheck %s --check-prefix=R4C8 --implicit-check-not=math.exp --implicit-check-not='vector<16xf32>'
// Diagnostics: none for these inputs; every out-of-range option is an error.
// A width that is not a power of two (48) takes the widest power of two below
// it that divides the tile (32 of the 64 query columns), not a scalar loop.
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32" -canonicalize -mha-vectorize-tiles="register-rows=4 register-cols=48" -split-input-file \
// RUN:   | FileCheck %s --check-prefix=WIDTH48
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32" -canonicalize -mha-vectorize-tiles -split-input-file -verify-diagnostics -o /dev/null
// RUN: mha-opt %S/Inputs/mha-vectorize-tiles-options.mlir -mha-vectorize-tiles="register-rows=0" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-vectorize-tiles-options.mlir -mha-vectorize-tiles="register-cols=2" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-vectorize-tiles-options.mlir -mha-vectorize-tiles="k-block=-1" -verify-diagnostics

// Hq = 8, Hkv = 2 (R = 4 * 16 = 64 rows), E = 32, Ev = 48, causal. The tile
// products are S^T [32, 64] = K [32, 32] . Q^T [32, 64] and
// O^T [48, 64] += V^T . P^T with V [32, 48] read transposed.
// S^T has 32 rows: 5 blocks of 6 (rows 0..29) and a tail block of 2 rows
// (30, 31); O^T has 48 rows: 8 blocks of 6, no tail. Every block spans the
// 64 columns in 4 steps of 16.

// CHECK-LABEL: func.func @gqa_causal
// CHECK-DAG:     %[[ZERO16:.+]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK-DAG:     %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG:     %[[C5:.+]] = arith.constant 5 : index
// CHECK-DAG:     %[[C6:.+]] = arith.constant 6 : index
// CHECK-DAG:     %[[C16:.+]] = arith.constant 16 : index
// CHECK-DAG:     %[[C30:.+]] = arith.constant 30 : index
// CHECK-DAG:     %[[C31:.+]] = arith.constant 31 : index
// CHECK-DAG:     %[[C32:.+]] = arith.constant 32 : index
// CHECK-DAG:     %[[C48:.+]] = arith.constant 48 : index
// CHECK-DAG:     %[[C64:.+]] = arith.constant 64 : index
// CHECK:         scf.forall
//                  Q^T (a transposing copy, once per query tile) moves 8x8 blocks
//                  through vector.transpose (16x16 with an AVX-512 register block).
// CHECK:           %[[QT:.+]] = scf.for %{{.+}} = %[[C0]] to %[[C32]] step %{{.+}} iter_args(%{{.+}}) -> (tensor<32x64xf32>) {
// CHECK:             vector.transfer_read %{{.+}} : tensor<8x8xf32>, vector<8x8xf32>
// CHECK-NEXT:        vector.transpose %{{.+}}, [1, 0] : vector<8x8xf32> to vector<8x8xf32>
// CHECK:           scf.for %{{.+}} = %[[C0]] to %{{.+}} step %[[C32]] iter_args({{.+}}) -> (tensor<64xf32>, tensor<64xf32>, tensor<48x64xf32>) {
// CHECK:             %[[KT:.+]] = tensor.extract_slice %{{.+}} : tensor<2x2x64x32xf32> to tensor<32x32xf32>
// CHECK:             %[[VT:.+]] = tensor.extract_slice %{{.+}} : tensor<2x2x64x48xf32> to tensor<32x48xf32>
//
//                    S^T: column blocks outside, main row blocks inside (the B panel of a
//                    column block stays in L1 across the row blocks). The accumulators
//                    start at the fill value (0) in registers.
// CHECK:             %[[S:.+]] = scf.for %[[N:.+]] = %[[C0]] to %[[C64]] step %[[C16]] iter_args(%{{.+}}) -> (tensor<32x64xf32>) {
// CHECK-NEXT:          %[[SMAIN:.+]] = scf.for %[[M:.+]] = %[[C0]] to %[[C30]] step %[[C6]] iter_args(%[[CT:.+]] = %{{.+}}) -> (tensor<32x64xf32>) {
// CHECK-NEXT:            %[[M1:.+]] = arith.addi %[[M]], %[[C1]] : index
// CHECK:                 %[[M5:.+]] = arith.addi %[[M]], %[[C5]] : index
// CHECK-NEXT:            %[[ACC:.+]]:6 = scf.for %[[KK:.+]] = %[[C0]] to %[[C32]] step %[[C1]] iter_args(%{{[^ ]+}} = %[[ZERO16]], %{{[^ ]+}} = %[[ZERO16]], %{{[^ ]+}} = %[[ZERO16]], %{{[^ ]+}} = %[[ZERO16]], %{{[^ ]+}} = %[[ZERO16]], %[[ACC5:[^ ]+]] = %[[ZERO16]]) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK-NEXT:              %[[BROW:.+]] = vector.transfer_read %[[QT]][%[[KK]], %[[N]]], %{{.+}} {in_bounds = [true]} : tensor<32x64xf32>, vector<16xf32>
// CHECK-NEXT:              %[[A0:.+]] = tensor.extract %[[KT]][%[[M]], %[[KK]]] : tensor<32x32xf32>
// CHECK-NEXT:              %[[A0V:.+]] = vector.broadcast %[[A0]] : f32 to vector<16xf32>
// CHECK-NEXT:              %[[F0:.+]] = vector.fma %[[A0V]], %[[BROW]], %{{.+}} : vector<16xf32>
// CHECK-NEXT:              %[[A1:.+]] = tensor.extract %[[KT]][%[[M1]], %[[KK]]] : tensor<32x32xf32>
// CHECK-NEXT:              %[[A1V:.+]] = vector.broadcast %[[A1]] : f32 to vector<16xf32>
// CHECK-NEXT:              %[[F1:.+]] = vector.fma %[[A1V]], %[[BROW]], %{{.+}} : vector<16xf32>
// CHECK-COUNT-3:           vector.fma %{{.+}}, %[[BROW]], %{{.+}} : vector<16xf32>
// CHECK-NEXT:              %[[A5:.+]] = tensor.extract %[[KT]][%[[M5]], %[[KK]]] : tensor<32x32xf32>
// CHECK-NEXT:              %[[A5V:.+]] = vector.broadcast %[[A5]] : f32 to vector<16xf32>
// CHECK-NEXT:              %[[F5:.+]] = vector.fma %[[A5V]], %[[BROW]], %[[ACC5]] : vector<16xf32>
// CHECK-NEXT:              scf.yield %[[F0]], %[[F1]], %{{.+}}, %{{.+}}, %{{.+}}, %[[F5]] : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
// CHECK-NEXT:            }
//                        One store per accumulator, after the k loop.
// CHECK-NEXT:            %[[W0:.+]] = vector.transfer_write %[[ACC]]#0, %[[CT]][%[[M]], %[[N]]] {in_bounds = [true]} : vector<16xf32>, tensor<32x64xf32>
// CHECK-NEXT:            %[[W1:.+]] = vector.transfer_write %[[ACC]]#1, %[[W0]][%[[M1]], %[[N]]] {in_bounds = [true]} : vector<16xf32>, tensor<32x64xf32>
// CHECK-NEXT:            %[[W2:.+]] = vector.transfer_write %[[ACC]]#2, %[[W1]]
// CHECK-NEXT:            %[[W3:.+]] = vector.transfer_write %[[ACC]]#3, %[[W2]]
// CHECK-NEXT:            %[[W4:.+]] = vector.transfer_write %[[ACC]]#4, %[[W3]]
// CHECK-NEXT:            %[[W5:.+]] = vector.transfer_write %[[ACC]]#5, %[[W4]][%[[M5]], %[[N]]] {in_bounds = [true]} : vector<16xf32>, tensor<32x64xf32>
// CHECK-NEXT:            scf.yield %[[W5]] : tensor<32x64xf32>
//                    S^T: the tail block of the same column block, rows 30 and 31, two
//                    accumulators.
// CHECK-NEXT:          }
// CHECK-NEXT:          %{{.+}}:2 = scf.for %[[KT2:.+]] = %[[C0]] to %[[C32]] step %[[C1]] iter_args(%{{[^ ]+}} = %[[ZERO16]], %{{[^ ]+}} = %[[ZERO16]]) -> (vector<16xf32>, vector<16xf32>) {
// CHECK:                 tensor.extract %[[KT]][%[[C30]], %[[KT2]]] : tensor<32x32xf32>
// CHECK:                 vector.fma
// CHECK:                 tensor.extract %[[KT]][%[[C31]], %[[KT2]]] : tensor<32x32xf32>
// CHECK:                 vector.fma
//
//                    Masking (else branch only), row max, P = exp(S - m): loops over the 32
//                    key rows of S^T, each row one vector<64xf32>; exp is a polynomial
//                    (2^n built by shifting n into the exponent bits).
// CHECK:             %[[SM:.+]] = scf.if %{{.+}} -> (tensor<32x64xf32>) {
// CHECK-NEXT:          scf.yield %[[S]] : tensor<32x64xf32>
// CHECK-NEXT:        } else {
// CHECK-NEXT:          scf.for %{{.+}} = %[[C0]] to %[[C32]] step %[[C1]] iter_args(%{{.+}} = %[[S]]) -> (tensor<32x64xf32>) {
// CHECK:                 vector.transfer_read {{.+}} : tensor<1x64xf32>, vector<64xf32>
// CHECK:                 arith.select {{.+}} : vector<64xi1>, vector<64xf32>
// CHECK:             %[[RMAX:.+]] = scf.for %{{.+}} = %[[C0]] to %[[C32]] step %[[C1]] iter_args(%{{.+}}) -> (tensor<64xf32>) {
// CHECK:               arith.maxnumf %{{.+}}, %{{.+}} : vector<64xf32>
// CHECK:             %[[P:.+]] = scf.for %{{.+}} = %[[C0]] to %[[C32]] step %[[C1]] iter_args(%{{.+}} = %[[SM]]) -> (tensor<32x64xf32>) {
// CHECK:               math.fma %{{.+}}, %{{.+}}, %{{.+}} : vector<64xf32>
// CHECK:               arith.maximumf %{{.+}}, %{{.+}} : vector<64xf32>
// CHECK:               arith.bitcast %{{.+}} : vector<64xi32> to vector<64xf32>
// CHECK:               scf.yield
// CHECK-NEXT:        }
//                    alpha = exp(m_old - m_new) on one vector<64xf32>; then
//                    m_new = max(m_old, rowmax) written over m_old.
// CHECK:             arith.addf %{{.+}}, %{{.+}} : vector<64xf32>
// CHECK:             arith.bitcast %{{.+}} : vector<64xi32> to vector<64xf32>
// CHECK:             %[[MNEWV:.+]] = arith.maxnumf %{{.+}}, %{{.+}} : vector<64xf32>
// CHECK-NEXT:        %[[MNEW:.+]] = vector.transfer_write %[[MNEWV]], %{{.+}}[%{{.+}}] {in_bounds = [true]} : vector<64xf32>, tensor<64xf32>
//
//                    O^T = alpha * O^T + V^T . P^T: 8 row blocks of 6, no tail; the
//                    accumulators start from O^T (read from C) times the alpha vector of
//                    their columns (no separate rescaling pass), A is read transposed from V.
// CHECK-NOT:         linalg.generic
// CHECK:             %[[OT:.+]] = scf.for %[[ON:.+]] = %[[C0]] to %[[C64]] step %[[C16]] iter_args(%{{.+}}) -> (tensor<48x64xf32>) {
// CHECK-NEXT:          scf.for %[[OM:.+]] = %[[C0]] to %[[C48]] step %[[C6]] iter_args(%[[OC:.+]] = %{{.+}}) -> (tensor<48x64xf32>) {
// CHECK:                 %[[ALPHA:.+]] = vector.transfer_read %{{.+}}[%[[ON]]], %{{.+}} {in_bounds = [true]} : tensor<64xf32>, vector<16xf32>
// CHECK-NEXT:            %[[O0:.+]] = vector.transfer_read %[[OC]][%[[OM]], %[[ON]]], %{{.+}} {in_bounds = [true]} : tensor<48x64xf32>, vector<16xf32>
// CHECK-NEXT:            %[[I0:.+]] = arith.mulf %[[ALPHA]], %[[O0]] : vector<16xf32>
// CHECK-COUNT-5:         arith.mulf %[[ALPHA]], %{{.+}} : vector<16xf32>
// CHECK:                 %{{.+}}:6 = scf.for %[[OK:.+]] = %[[C0]] to %[[C32]] step %[[C1]] iter_args(%[[OA0:[^ ]+]] = %[[I0]], {{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK-NEXT:              %[[PROW:.+]] = vector.transfer_read %[[P]][%[[OK]], %[[ON]]], %{{.+}} {in_bounds = [true]} : tensor<32x64xf32>, vector<16xf32>
// CHECK-NEXT:              %[[V0:.+]] = tensor.extract %[[VT]][%[[OK]], %[[OM]]] : tensor<32x48xf32>
// CHECK-NEXT:              %[[V0V:.+]] = vector.broadcast %[[V0]] : f32 to vector<16xf32>
// CHECK-NEXT:              vector.fma %[[V0V]], %[[PROW]], %[[OA0]] : vector<16xf32>
// CHECK-COUNT-5:           vector.fma %{{.+}}, %[[PROW]], %{{.+}} : vector<16xf32>
// CHECK-NEXT:              scf.yield
// CHECK-NOT:         scf.for
// CHECK:             scf.yield %[[MNEW]], %{{.+}}, %[[OT]] : tensor<64xf32>, tensor<64xf32>, tensor<48x64xf32>
//                  1/l, one division per query row, on one vector<64xf32>;
//                  O^T scaled by it row by row; then, L = 32 being whole
//                  tiles, one transposing copy per head of the group in 8x8
//                  register transposes.
// CHECK:           arith.divf %{{.+}}, %{{.+}} : vector<64xf32>
// CHECK-NOT:       arith.divf
// CHECK:           arith.mulf %{{.+}}, %{{.+}} : vector<64xf32>
// CHECK-COUNT-4:   vector.transpose %{{.+}}, [1, 0] : vector<8x8xf32> to vector<8x8xf32>
// CHECK-NOT:       arith.divf
// CHECK:           scf.forall.in_parallel

// LOOP-LABEL:  func.func @gqa_causal
// LOOP:          scf.for {{.+}} -> (tensor<64xf32>, tensor<64xf32>, tensor<48x64xf32>) {
// LOOP-NOT:        linalg.
// LOOP:            scf.yield {{.+}} : tensor<64xf32>, tensor<64xf32>, tensor<48x64xf32>

// WIDTH48-LABEL: func.func @gqa_causal
// WIDTH48-COUNT-4: vector.fma %{{.+}}, %{{.+}}, %{{.+}} : vector<32xf32>
// WIDTH48:       scf.forall.in_parallel

// R4C8-LABEL:  func.func @gqa_causal
// R4C8-DAG:      %[[ZERO8:.+]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// R4C8-DAG:      %[[C0:.+]] = arith.constant 0 : index
// R4C8-DAG:      %[[C4:.+]] = arith.constant 4 : index
// R4C8-DAG:      %[[C8:.+]] = arith.constant 8 : index
// R4C8-DAG:      %[[C32:.+]] = arith.constant 32 : index
// R4C8-DAG:      %[[C48:.+]] = arith.constant 48 : index
// R4C8-DAG:      %[[C64:.+]] = arith.constant 64 : index
//                S^T: 32 rows = 8 blocks of 4, no tail (after the 8x8 blocks of Q^T).
// R4C8:          vector.transpose %{{.+}} : vector<8x8xf32> to vector<8x8xf32>
// R4C8:          %[[SCOL:.+]] = scf.for %[[N:.+]] = %[[C0]] to %[[C64]] step %[[C8]] iter_args(%{{.+}}) -> (tensor<32x64xf32>) {
// R4C8-NEXT:       %[[SMAIN:.+]] = scf.for %[[M:.+]] = %[[C0]] to %[[C32]] step %[[C4]] iter_args(%{{.+}}) -> (tensor<32x64xf32>) {
// R4C8:              scf.for %{{.+}} iter_args(%{{[^ ]+}} = %[[ZERO8]], %{{[^ ]+}} = %[[ZERO8]], %{{[^ ]+}} = %[[ZERO8]], %{{[^ ]+}} = %[[ZERO8]]) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// R4C8-NEXT:           %[[BROW:.+]] = vector.transfer_read %{{.+}}[%{{.+}}, %[[N]]], %{{.+}} {in_bounds = [true]} : tensor<32x64xf32>, vector<8xf32>
// R4C8-NEXT:           %[[A0:.+]] = tensor.extract %{{.+}}[%[[M]], %{{.+}}] : tensor<32x32xf32>
// R4C8-NEXT:           %[[A0V:.+]] = vector.broadcast %[[A0]] : f32 to vector<8xf32>
// R4C8-NEXT:           vector.fma %[[A0V]], %[[BROW]], %{{.+}} : vector<8xf32>
// R4C8-COUNT-3:        vector.fma %{{.+}}, %[[BROW]], %{{.+}} : vector<8xf32>
// R4C8-NEXT:           scf.yield {{.+}} : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
// R4C8-COUNT-4:      vector.transfer_write {{.+}} : vector<8xf32>, tensor<32x64xf32>
//                S^T has no tail block: the column loop yields the row loop's
//                result and the mask comes next.
// R4C8-NEXT:         scf.yield
// R4C8-NEXT:       }
// R4C8-NEXT:       scf.yield %[[SMAIN]] : tensor<32x64xf32>
// R4C8-NOT:      scf.for
// R4C8:          scf.if %{{.+}} -> (tensor<32x64xf32>) {
// R4C8-NEXT:       scf.yield %[[SCOL]] : tensor<32x64xf32>
//                O^T: 48 rows = 12 blocks of 4, inside 8 column blocks.
// R4C8:          scf.for %{{.+}} = %[[C0]] to %[[C64]] step %[[C8]] iter_args(%{{.+}}) -> (tensor<48x64xf32>) {
// R4C8-NEXT:       scf.for %{{.+}} = %[[C0]] to %[[C48]] step %[[C4]] iter_args(%{{.+}}) -> (tensor<48x64xf32>) {
// R4C8:              scf.for {{.+}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// R4C8-COUNT-4:        vector.fma {{.+}} : vector<8xf32>
// R4C8-NEXT:           scf.yield
func.func @gqa_causal(%q: tensor<2x8x32x32xf32>, %k: tensor<2x2x64x32xf32>, %v: tensor<2x2x64x48xf32>) -> tensor<2x8x32x48xf32> {
  %o = mha.attention %q, %k, %v causal(top_left) : tensor<2x8x32x32xf32>, tensor<2x2x64x32xf32>, tensor<2x2x64x48xf32> -> tensor<2x8x32x48xf32>
  return %o : tensor<2x8x32x48xf32>
}

// -----

// f16 with softcap: the K/V widening is vectorized by rows (extf on vectors),
// tanh becomes a polynomial as well, and both products are register blocks.

// CHECK-LABEL: func.func @softcap_f16
// CHECK:         scf.for {{.+}} -> (tensor<64xf32>, tensor<64xf32>, tensor<32x64xf32>) {
// CHECK:           scf.for {{.+}} -> (tensor<32x32xf32>) {
// CHECK:             arith.extf %{{.+}} : vector<32xf16> to vector<32xf32>
// CHECK:           scf.for {{.+}} -> (tensor<32x32xf32>) {
// CHECK:             arith.extf %{{.+}} : vector<32xf16> to vector<32xf32>
// CHECK:           scf.for {{.+}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK:             vector.fma {{.+}} : vector<16xf32>
//                  softcap * tanh(x): a rational polynomial on the rows, on both branches.
// CHECK:           scf.if
// CHECK:             math.absf %{{.+}} : vector<64xf32>
// CHECK:           } else {
// CHECK:             math.absf %{{.+}} : vector<64xf32>
// CHECK:           scf.for {{.+}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK:             vector.fma {{.+}} : vector<16xf32>
// CHECK:           scf.yield {{.+}} : tensor<64xf32>, tensor<64xf32>, tensor<32x64xf32>
//                  The epilogue (divide by l, transpose, round) in 8x8 blocks.
// CHECK:           vector.transpose %{{.+}}, [1, 0] : vector<8x8xf32> to vector<8x8xf32>
// CHECK:           arith.truncf %{{.+}} : vector<8x8xf32> to vector<8x8xf16>

// LOOP-LABEL:  func.func @softcap_f16
// LOOP:          scf.for {{.+}} -> (tensor<64xf32>, tensor<64xf32>, tensor<32x64xf32>) {
// LOOP-NOT:        linalg.
// LOOP:            scf.yield {{.+}} : tensor<64xf32>, tensor<64xf32>, tensor<32x64xf32>

// R4C8-LABEL:  func.func @softcap_f16
// R4C8:          scf.for {{.+}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// R4C8:          scf.for {{.+}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
func.func @softcap_f16(%q: tensor<1x8x16x32xf16>, %k: tensor<1x2x64x32xf16>, %v: tensor<1x2x64x32xf16>) -> tensor<1x8x16x32xf16> {
  %o = mha.attention %q, %k, %v softcap(30.0) : tensor<1x8x16x32xf16>, tensor<1x2x64x32xf16>, tensor<1x2x64x32xf16> -> tensor<1x8x16x32xf16>
  return %o : tensor<1x8x16x32xf16>
}

// -----

// Copies of large tiles inside the parallel loops (the projections' X rows):
// rows in 128-lane chunks, and the row loop carries a no-unroll hint for
// LLVM (--mha-apply-loop-annotations turns it into !llvm.loop metadata). A
// small copy keeps whole-row vectors and no hint.

// CHECK-LABEL: func.func @tile_copies
// CHECK:         scf.forall
// CHECK:           scf.for %{{.+}} = %c0 to %c32 step %c1
// CHECK:             scf.for %{{.+}} = %c0 to %c512 step %c128
// CHECK:               vector.transfer_read {{.+}} vector<128xf32>
// CHECK:           } {llvm.loop_annotation = #{{.+}}}
// CHECK:           scf.for %{{.+}} = %c0 to %c4 step %c1
// CHECK:             vector.transfer_read {{.+}} vector<8xf32>
// CHECK-NOT:       llvm.loop_annotation
// CHECK:         scf.forall.in_parallel
func.func @tile_copies(%x: tensor<64x512xf32>, %y: tensor<8x8xf32>)
    -> (tensor<64x512xf32>, tensor<8x8xf32>) {
  %c32 = arith.constant 32 : index
  %c4 = arith.constant 4 : index
  %e = tensor.empty() : tensor<64x512xf32>
  %f = tensor.empty() : tensor<8x8xf32>
  %r:2 = scf.forall (%i) in (2) shared_outs(%o = %e, %p = %f)
      -> (tensor<64x512xf32>, tensor<8x8xf32>) {
    %off = arith.muli %i, %c32 : index
    %src = tensor.extract_slice %x[%off, 0] [32, 512] [1, 1]
        : tensor<64x512xf32> to tensor<32x512xf32>
    %dst = tensor.extract_slice %o[%off, 0] [32, 512] [1, 1]
        : tensor<64x512xf32> to tensor<32x512xf32>
    %copy = linalg.copy ins(%src : tensor<32x512xf32>)
        outs(%dst : tensor<32x512xf32>) -> tensor<32x512xf32>
    %soff = arith.muli %i, %c4 : index
    %ssrc = tensor.extract_slice %y[%soff, 0] [4, 8] [1, 1]
        : tensor<8x8xf32> to tensor<4x8xf32>
    %sdst = tensor.extract_slice %p[%soff, 0] [4, 8] [1, 1]
        : tensor<8x8xf32> to tensor<4x8xf32>
    %small = linalg.copy ins(%ssrc : tensor<4x8xf32>)
        outs(%sdst : tensor<4x8xf32>) -> tensor<4x8xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %copy into %o[%off, 0] [32, 512] [1, 1]
          : tensor<32x512xf32> into tensor<64x512xf32>
      tensor.parallel_insert_slice %small into %p[%soff, 0] [4, 8] [1, 1]
          : tensor<4x8xf32> into tensor<8x8xf32>
    }
  }
  return %r#0, %r#1 : tensor<64x512xf32>, tensor<8x8xf32>
}
