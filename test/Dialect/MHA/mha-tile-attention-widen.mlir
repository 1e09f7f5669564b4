// f16/bf16 keys and values are widened to f32 once, in a parallel loop of
// their own before the tile loop, where a static L has at least 8 query
// tiles per key/value head and the f32 keys and values of one head stay
// under wide-tile-kv-kib (they then stay in L2 between the head's query
// tiles); the tile loop then reads f32 tiles of them in place. A dynamic L
// or S makes the same choice at run time, between two tile loops. Otherwise
// (decoding, few query tiles, heads too large for L2) every key/value step
// widens its own tiles.
// RUN: mha-opt %s -mha-tile-attention="kv-splits=1" -canonicalize -split-input-file | FileCheck %s
// RUN: mha-opt %s -mha-tile-attention="kv-splits=1 wide-tile-kv-kib=0" -canonicalize -split-input-file \
// RUN:   | FileCheck %s --check-prefix=NOLIMIT
// No diagnostic on the way:
// RUN: mha-opt %s -mha-tile-attention -split-input-file -verify-diagnostics -o /dev/null

// bf16, L = S = 512: 8 query tiles of 64 rows per head. K and V are widened
// in blocks of 256 rows per (batch, head), and each step's tiles are f32
// slices of the widened tensors, with no extf left in the key/value loop.
// CHECK-LABEL: func.func @eight_query_tiles
// CHECK:         %[[KE:.*]] = tensor.empty() : tensor<1x2x512x64xf32>
// CHECK:         %[[K32:.*]] = scf.forall (%[[H:.*]], %[[R:.*]]) in (2, 2) shared_outs(%[[KO:.*]] = %[[KE]])
// CHECK:           %[[R0:.*]] = arith.muli %[[R]], %c256
// CHECK:           %[[KIN:.*]] = tensor.extract_slice %arg1[0, %[[H]], %[[R0]], 0] [1, 1, 256, 64] [1, 1, 1, 1] : tensor<1x2x512x64xbf16> to tensor<256x64xbf16>
// CHECK:           %[[KSLOT:.*]] = tensor.extract_slice %[[KO]][0, %[[H]], %[[R0]], 0] [1, 1, 256, 64]
// CHECK:           %[[KW:.*]] = linalg.generic {{.*}} ins(%[[KIN]] : tensor<256x64xbf16>) outs(%[[KSLOT]] : tensor<256x64xf32>)
// CHECK:             arith.extf %{{.*}} : bf16 to f32
// CHECK:           tensor.parallel_insert_slice %[[KW]] into %[[KO]][0, %[[H]], %[[R0]], 0] [1, 1, 256, 64]
// CHECK:         %[[VE:.*]] = tensor.empty() : tensor<1x2x512x32xf32>
// CHECK:         %[[V32:.*]] = scf.forall ({{.*}}) in (2, 2) shared_outs(%{{.*}} = %[[VE]])
// CHECK:           arith.extf %{{.*}} : bf16 to f32
// CHECK:         scf.forall ({{.*}}) in (2, 8)
// CHECK:           scf.for
// CHECK:             tensor.extract_slice %[[K32]][0, %{{.*}}, %{{.*}}, 0] [1, 1, 64, 64] [1, 1, 1, 1] : tensor<1x2x512x64xf32> to tensor<64x64xf32>
// CHECK:             tensor.extract_slice %[[V32]][0, %{{.*}}, %{{.*}}, 0] [1, 1, 64, 32] [1, 1, 1, 1] : tensor<1x2x512x32xf32> to tensor<64x32xf32>
// CHECK-NOT:         arith.extf
// CHECK:             scf.yield
// CHECK:         return
func.func @eight_query_tiles(%q: tensor<1x2x512x64xbf16>, %k: tensor<1x2x512x64xbf16>,
                             %v: tensor<1x2x512x32xbf16>) -> tensor<1x2x512x32xbf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x512x64xbf16>, tensor<1x2x512x64xbf16>, tensor<1x2x512x32xbf16>
           -> tensor<1x2x512x32xbf16>
  return %o : tensor<1x2x512x32xbf16>
}

// -----

// S = 523 has no divisor in [32, 256]: one iteration per (batch, head)
// widens all of its rows. A dynamic batch, f16, grouped heads, causal.
// CHECK-LABEL: func.func @prime_s
// CHECK:         %[[B:.*]] = tensor.dim %arg1, %c0
// CHECK:         %[[KE:.*]] = tensor.empty(%[[B]]) : tensor<?x2x523x16xf32>
// CHECK:         scf.forall (%[[BI:.*]], %[[H:.*]]) in (%[[B]], 2) shared_outs(%{{.*}} = %[[KE]])
// CHECK:           tensor.extract_slice %arg1[%[[BI]], %[[H]], 0, 0] [1, 1, 523, 16] [1, 1, 1, 1] : tensor<?x2x523x16xf16> to tensor<523x16xf16>
// CHECK:           arith.extf %{{.*}} : f16 to f32
// CHECK:         tensor.empty(%{{.*}}) : tensor<?x2x523x16xf32>
func.func @prime_s(%q: tensor<?x4x512x16xf16>, %k: tensor<?x2x523x16xf16>,
                   %v: tensor<?x2x523x16xf16>) -> tensor<?x4x512x16xf16> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<?x4x512x16xf16>, tensor<?x2x523x16xf16>, tensor<?x2x523x16xf16>
           -> tensor<?x4x512x16xf16>
  return %o : tensor<?x4x512x16xf16>
}

// -----

// Two query tiles (L = 128): each step widens its own tiles.
// CHECK-LABEL: func.func @two_query_tiles
// CHECK-NOT:     tensor<1x2x2048x64xf32>
// CHECK:         scf.for
// CHECK:           %[[KT:.*]] = tensor.extract_slice %arg1{{.*}} : tensor<1x2x2048x64xbf16> to tensor<64x64xbf16>
// CHECK:           linalg.generic {{.*}} ins(%[[KT]] : tensor<64x64xbf16>)
// CHECK-NEXT:      ^bb0
// CHECK-NEXT:        arith.extf
func.func @two_query_tiles(%q: tensor<1x2x128x64xbf16>, %k: tensor<1x2x2048x64xbf16>,
                           %v: tensor<1x2x2048x64xbf16>) -> tensor<1x2x128x64xbf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x128x64xbf16>, tensor<1x2x2048x64xbf16>, tensor<1x2x2048x64xbf16>
           -> tensor<1x2x128x64xbf16>
  return %o : tensor<1x2x128x64xbf16>
}

// -----

// A dynamic S under a static L of 8 query tiles: the choice is made at run
// time. Where 64 <= S < 4096 (one head's f32 keys and values under
// wide-tile-kv-kib), K and V are widened once, per (batch, head) in blocks
// of 64 rows, the last one moved back to S - 64, and the tile loop reads
// f32 slices of them with no extf; elsewhere each step widens its own
// tiles.
// CHECK-LABEL: func.func @dynamic_s
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C4096:.*]] = arith.constant 4096 : index
// CHECK:         %[[S:.*]] = tensor.dim %arg1, %c2
// CHECK:         %[[LONG:.*]] = arith.cmpi uge, %[[S]], %[[C64]]
// CHECK:         %[[FITS:.*]] = arith.cmpi ult, %[[S]], %[[C4096]]
// CHECK:         %[[WIDE:.*]] = arith.andi %[[LONG]], %[[FITS]]
// CHECK:         scf.if %[[WIDE]]
// CHECK:           %[[KS:.*]] = tensor.dim %arg1, %c2
// CHECK:           %[[KE:.*]] = tensor.empty(%[[KS]]) : tensor<1x2x?x64xf32>
// CHECK:           %[[K32:.*]] = scf.forall (%[[H:.*]]) in (2) shared_outs(%[[KO:.*]] = %[[KE]])
// CHECK:             %[[HEAD:.*]] = tensor.extract_slice %[[KO]][0, %[[H]], 0, 0] [1, 1, %[[KS]], 64]
// CHECK:             %[[LAST:.*]] = arith.subi %[[KS]], %[[C64]]
// CHECK:             %[[BLOCKS:.*]] = arith.ceildivui %[[KS]], %[[C64]]
// CHECK:             %[[KH:.*]] = scf.for %[[I:.*]] = %c0 to %[[BLOCKS]] step %c1 iter_args(%[[ACC:.*]] = %[[HEAD]])
// CHECK:               %[[R0:.*]] = arith.muli %[[I]], %[[C64]]
// CHECK:               %[[START:.*]] = arith.minsi %[[R0]], %[[LAST]]
// CHECK:               %[[KIN:.*]] = tensor.extract_slice %arg1[0, %[[H]], %[[START]], 0] [1, 1, 64, 64] [1, 1, 1, 1] : tensor<1x2x?x64xf16> to tensor<64x64xf16>
// CHECK:               %[[SLOT:.*]] = tensor.extract_slice %[[ACC]][%[[START]], 0] [64, 64]
// CHECK:               %[[KW:.*]] = linalg.generic {{.*}} ins(%[[KIN]] : tensor<64x64xf16>) outs(%[[SLOT]] : tensor<64x64xf32>)
// CHECK:                 arith.extf %{{.*}} : f16 to f32
// CHECK:               tensor.insert_slice %[[KW]] into %[[ACC]][%[[START]], 0] [64, 64]
// CHECK:             tensor.parallel_insert_slice %[[KH]] into %[[KO]][0, %[[H]], 0, 0] [1, 1, %[[KS]], 64]
// CHECK:           %[[V32:.*]] = scf.forall ({{.*}}) in (2)
// CHECK:           scf.forall ({{.*}}) in (2, 8)
// CHECK:             scf.for
// CHECK:               tensor.extract_slice %[[K32]][0, %{{.*}}, %{{.*}}, 0] [1, 1, 64, 64] [1, 1, 1, 1] : tensor<1x2x?x64xf32> to tensor<64x64xf32>
// CHECK:               tensor.extract_slice %[[V32]][0, %{{.*}}, %{{.*}}, 0] [1, 1, 64, 64] [1, 1, 1, 1] : tensor<1x2x?x64xf32> to tensor<64x64xf32>
// CHECK-NOT:           arith.extf
// CHECK:               scf.yield
// CHECK:         } else {
// CHECK:           scf.forall ({{.*}}) in (2, 8)
// CHECK:             scf.for
// CHECK:               tensor.extract_slice %arg1{{.*}} : tensor<1x2x?x64xf16> to tensor<64x64xf16>
// CHECK:               arith.extf %{{.*}} : f16 to f32
func.func @dynamic_s(%q: tensor<1x2x512x64xf16>, %k: tensor<1x2x?x64xf16>,
                     %v: tensor<1x2x?x64xf16>) -> tensor<1x2x512x64xf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x512x64xf16>, tensor<1x2x?x64xf16>, tensor<1x2x?x64xf16>
           -> tensor<1x2x512x64xf16>
  return %o : tensor<1x2x512x64xf16>
}

// -----

// A dynamic L and S, bf16: the loop of whole query tiles (L / 64 of them)
// widens once where it has at least 8 and S is in [64, 4096); the
// remainder tiles and a single row left (decoding) widen tile by tile.
// CHECK-LABEL: func.func @dynamic_l_s
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK:         %[[L:.*]] = tensor.dim %arg0, %c2
// CHECK:         %[[S:.*]] = tensor.dim %arg1, %c2
// CHECK:         %[[WHOLE:.*]] = arith.divui %[[L]], %c64
// CHECK:         scf.if
// CHECK:           %[[MANY:.*]] = arith.cmpi uge, %[[WHOLE]], %[[C8]]
// CHECK:           %[[LONG:.*]] = arith.cmpi uge, %[[S]], %c64
// CHECK:           %[[BOTH:.*]] = arith.andi %[[MANY]], %[[LONG]]
// CHECK:           %[[FITS:.*]] = arith.cmpi ult, %[[S]], %c4096
// CHECK:           %[[WIDE:.*]] = arith.andi %[[BOTH]], %[[FITS]]
// CHECK:           scf.if %[[WIDE]]
// CHECK:             tensor.empty(%{{.*}}) : tensor<1x8x?x64xf32>
// CHECK:             tensor.extract_slice %arg1[0, %{{.*}}, %{{.*}}, 0] [1, 1, 64, 64] [1, 1, 1, 1] : tensor<1x8x?x64xbf16> to tensor<64x64xbf16>
// CHECK:             tensor.empty(%{{.*}}) : tensor<1x8x?x64xf32>
// CHECK:             scf.forall ({{.*}}) in (8, %[[WHOLE]])
// CHECK:           } else {
// CHECK:             scf.forall ({{.*}}) in (8, %[[WHOLE]])
// CHECK:               tensor.extract_slice %arg1{{.*}} : tensor<1x8x?x64xbf16> to tensor<64x64xbf16>
// CHECK:               arith.extf %{{.*}} : bf16 to f32
// CHECK-NOT:     tensor<1x8x?x64xf32>
// CHECK:         return
func.func @dynamic_l_s(%q: tensor<1x8x?x64xbf16>, %k: tensor<1x8x?x64xbf16>,
                       %v: tensor<1x8x?x64xbf16>) -> tensor<1x8x?x64xbf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x8x?x64xbf16>, tensor<1x8x?x64xbf16>, tensor<1x8x?x64xbf16>
           -> tensor<1x8x?x64xbf16>
  return %o : tensor<1x8x?x64xbf16>
}

// -----

// A dynamic S under a static L of 2 query tiles: widened tile by tile, with
// no run-time choice.
// CHECK-LABEL: func.func @dynamic_s_two_tiles
// CHECK-NOT:     tensor<1x2x?x64xf32>
// CHECK-NOT:     scf.if
// CHECK:         scf.for
// CHECK:           arith.extf %{{.*}} : f16 to f32
// CHECK-NOT:     tensor<1x2x?x64xf32>
// CHECK:         return
func.func @dynamic_s_two_tiles(%q: tensor<1x2x128x64xf16>, %k: tensor<1x2x?x64xf16>,
                               %v: tensor<1x2x?x64xf16>) -> tensor<1x2x128x64xf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x128x64xf16>, tensor<1x2x?x64xf16>, tensor<1x2x?x64xf16>
           -> tensor<1x2x128x64xf16>
  return %o : tensor<1x2x128x64xf16>
}

// -----

// S = 4096, E = Ev = 64: one head's keys and values take 4096 x 128 x 4 B =
// 2 MiB in f32, the default wide-tile-kv-kib: they would stream from memory
// for every query tile, so each step widens its own tiles. With
// wide-tile-kv-kib=0 (no such limit) they are widened once.
// CHECK-LABEL: func.func @large_heads
// CHECK-NOT:     tensor<1x1x4096x64xf32>
// CHECK:         return
// NOLIMIT-LABEL: func.func @large_heads
// NOLIMIT:         tensor.empty() : tensor<1x1x4096x64xf32>
// NOLIMIT:         scf.forall (%{{.*}}) in (16)
// NOLIMIT:           tensor.extract_slice %arg1[0, 0, %{{.*}}, 0] [1, 1, 256, 64]
func.func @large_heads(%q: tensor<1x1x1024x64xf16>, %k: tensor<1x1x4096x64xf16>,
                       %v: tensor<1x1x4096x64xf16>) -> tensor<1x1x1024x64xf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x1x1024x64xf16>, tensor<1x1x4096x64xf16>, tensor<1x1x4096x64xf16>
           -> tensor<1x1x1024x64xf16>
  return %o : tensor<1x1x1024x64xf16>
}

// -----

// f32 keys and values are read in place: nothing to widen.
// CHECK-LABEL: func.func @f32_in_place
// CHECK-NOT:     arith.extf
// CHECK:         return
func.func @f32_in_place(%q: tensor<1x2x512x64xf32>, %k: tensor<1x2x512x64xf32>,
                        %v: tensor<1x2x512x64xf32>) -> tensor<1x2x512x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x512x64xf32>, tensor<1x2x512x64xf32>, tensor<1x2x512x64xf32>
           -> tensor<1x2x512x64xf32>
  return %o : tensor<1x2x512x64xf32>
}
