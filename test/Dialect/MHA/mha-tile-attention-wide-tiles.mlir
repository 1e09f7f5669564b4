// query-tile=0 picks about 64 query rows per tile in total, and 128 where
// one key/value head, S x (E + Ev) elements as stored, takes at least
// wide-tile-kv-kib (default 2048 KiB): there K and V no longer stay in L2
// between query tiles, and a wider tile streams them half as often.
// RUN: mha-opt %s -mha-tile-attention="kv-splits=1" -canonicalize -split-input-file | FileCheck %s
// RUN: mha-opt %s -mha-tile-attention="wide-tile-kv-kib=0 kv-splits=1" -canonicalize -split-input-file \
// RUN:   | FileCheck %s --check-prefix=NARROW
// RUN: mha-opt %s -mha-tile-attention="wide-tile-kv-kib=1024 kv-splits=1" -canonicalize -split-input-file \
// RUN:   | FileCheck %s --check-prefix=LOWER
// RUN: mha-opt %s -mha-tile-attention="query-tile=64 kv-splits=1" -canonicalize -split-input-file \
// RUN:   | FileCheck %s --check-prefix=EXPLICIT
// No diagnostic on the way; an out-of-range threshold is an error (also
// checked with -verify-diagnostics in mha-tile-attention-invalid.mlir).
// RUN: mha-opt %s -mha-tile-attention -split-input-file -verify-diagnostics -o /dev/null
// RUN: not mha-opt %s -mha-tile-attention="wide-tile-kv-kib=-1" -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RANGE
// RANGE: error: --mha-tile-attention: {{.*}} wide-tile-kv-kib in [0, 2^40], remainder-tile >= 0 and kv-splits in [0, 4096] (0: automatic); got query-tile=0 kv-tile=64 wide-tile-kv-kib=-1 remainder-tile=16 kv-splits=0

// f32, S = 4096, E = Ev = 64: 4096 x 128 x 4 B = 2 MiB, the threshold:
// 128-row tiles, two of them for L = 256.
// CHECK-LABEL: func.func @wide(
// CHECK:         scf.forall (%{{.+}}, %{{.+}}) in (2, 2)
// CHECK:           tensor.extract_slice %{{.+}} [1, 1, 1, 128, 64]
// NARROW-LABEL: func.func @wide(
// NARROW:         scf.forall (%{{.+}}, %{{.+}}) in (2, 4)
// NARROW:           tensor.extract_slice %{{.+}} [1, 1, 1, 64, 64]
func.func @wide(%q: tensor<1x2x256x64xf32>, %k: tensor<1x2x4096x64xf32>,
                %v: tensor<1x2x4096x64xf32>) -> tensor<1x2x256x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x256x64xf32>, tensor<1x2x4096x64xf32>, tensor<1x2x4096x64xf32>
           -> tensor<1x2x256x64xf32>
  return %o : tensor<1x2x256x64xf32>
}

// -----

// The same key/value rows in f16 take half the bytes (1 MiB): below the
// default threshold, at the lower one.
// CHECK-LABEL: func.func @wide_f16(
// CHECK:         scf.forall (%{{.+}}, %{{.+}}) in (2, 4)
// LOWER-LABEL: func.func @wide_f16(
// LOWER:         scf.forall (%{{.+}}, %{{.+}}) in (2, 2)
func.func @wide_f16(%q: tensor<1x2x256x64xf16>, %k: tensor<1x2x4096x64xf16>,
                    %v: tensor<1x2x4096x64xf16>) -> tensor<1x2x256x64xf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x256x64xf16>, tensor<1x2x4096x64xf16>, tensor<1x2x4096x64xf16>
           -> tensor<1x2x256x64xf16>
  return %o : tensor<1x2x256x64xf16>
}

// -----

// Grouped heads (4 query heads per key/value head): 128 rows per tile are
// 32 per head. One key/value head of S = 2048, E = Ev = 128, f32: 2 MiB.
// CHECK-LABEL: func.func @wide_gqa(
// CHECK:         scf.forall (%{{.+}}, %{{.+}}) in (2, 8)
// CHECK:           tensor.extract_slice %{{.+}} [1, 1, 4, 32, 128]
// NARROW-LABEL: func.func @wide_gqa(
// NARROW:         scf.forall (%{{.+}}, %{{.+}}) in (2, 16)
func.func @wide_gqa(%q: tensor<1x8x256x128xf32>, %k: tensor<1x2x2048x128xf32>,
                    %v: tensor<1x2x2048x128xf32>) -> tensor<1x8x256x128xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x8x256x128xf32>, tensor<1x2x2048x128xf32>, tensor<1x2x2048x128xf32>
           -> tensor<1x8x256x128xf32>
  return %o : tensor<1x8x256x128xf32>
}

// -----

// Shorter key/value rows (S = 2048, E = Ev = 64: 1 MiB) and a dynamic S
// keep 64-row tiles.
// CHECK-LABEL: func.func @narrow(
// CHECK:         scf.forall (%{{.+}}, %{{.+}}) in (2, 4)
// CHECK-LABEL: func.func @dynamic_s(
// CHECK:         scf.forall (%{{.+}}, %{{.+}}) in (2, 4)
func.func @narrow(%q: tensor<1x2x256x64xf32>, %k: tensor<1x2x2048x64xf32>,
                  %v: tensor<1x2x2048x64xf32>) -> tensor<1x2x256x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x256x64xf32>, tensor<1x2x2048x64xf32>, tensor<1x2x2048x64xf32>
           -> tensor<1x2x256x64xf32>
  return %o : tensor<1x2x256x64xf32>
}
func.func @dynamic_s(%q: tensor<1x2x256x64xf32>, %k: tensor<1x2x?x64xf32>,
                     %v: tensor<1x2x?x64xf32>) -> tensor<1x2x256x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x2x256x64xf32>, tensor<1x2x?x64xf32>, tensor<1x2x?x64xf32>
           -> tensor<1x2x256x64xf32>
  return %o : tensor<1x2x256x64xf32>
}

// -----

// Groups that do not divide 16: R = G * TQ is the multiple of 16 nearest
// the target (64 rows here, 128 below), since the register blocks run along
// the R query rows in vectors of 16 and 32 lanes. G = 3: 48 (not 96);
// G = 5 and 7: 80 and 112 (the lower multiples are 0); G = 6: 48; G = 33:
// no multiple of 16 within 128 rows, so TQ = 64 / 33 = 1.
// CHECK-LABEL: func.func @group3(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 3, 16, 64]
// CHECK-LABEL: func.func @group5(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 5, 16, 64]
// CHECK-LABEL: func.func @group6(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 6, 8, 64]
// CHECK-LABEL: func.func @group7(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 7, 16, 64]
// CHECK-LABEL: func.func @group33(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 33, 1, 64]
func.func @group3(%q: tensor<1x3x256x64xf32>, %k: tensor<1x1x256x64xf32>,
                  %v: tensor<1x1x256x64xf32>) -> tensor<1x3x256x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x3x256x64xf32>, tensor<1x1x256x64xf32>, tensor<1x1x256x64xf32>
           -> tensor<1x3x256x64xf32>
  return %o : tensor<1x3x256x64xf32>
}
func.func @group5(%q: tensor<1x5x256x64xf32>, %k: tensor<1x1x256x64xf32>,
                  %v: tensor<1x1x256x64xf32>) -> tensor<1x5x256x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x5x256x64xf32>, tensor<1x1x256x64xf32>, tensor<1x1x256x64xf32>
           -> tensor<1x5x256x64xf32>
  return %o : tensor<1x5x256x64xf32>
}
func.func @group6(%q: tensor<1x6x256x64xf32>, %k: tensor<1x1x256x64xf32>,
                  %v: tensor<1x1x256x64xf32>) -> tensor<1x6x256x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x6x256x64xf32>, tensor<1x1x256x64xf32>, tensor<1x1x256x64xf32>
           -> tensor<1x6x256x64xf32>
  return %o : tensor<1x6x256x64xf32>
}
func.func @group7(%q: tensor<1x7x256x64xf32>, %k: tensor<1x1x256x64xf32>,
                  %v: tensor<1x1x256x64xf32>) -> tensor<1x7x256x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x7x256x64xf32>, tensor<1x1x256x64xf32>, tensor<1x1x256x64xf32>
           -> tensor<1x7x256x64xf32>
  return %o : tensor<1x7x256x64xf32>
}
func.func @group33(%q: tensor<1x33x256x64xf32>, %k: tensor<1x1x256x64xf32>,
                   %v: tensor<1x1x256x64xf32>) -> tensor<1x33x256x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x33x256x64xf32>, tensor<1x1x256x64xf32>, tensor<1x1x256x64xf32>
           -> tensor<1x33x256x64xf32>
  return %o : tensor<1x33x256x64xf32>
}

// -----

// The same with 128 target rows (one key/value head of S = 2048,
// E = Ev = 128, f32: 2 MiB): G = 3 takes 144 rows (not 96), G = 5 160
// (not 80), G = 7 112 (not 224).
// CHECK-LABEL: func.func @wide_group3(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 3, 48, 128]
// CHECK-LABEL: func.func @wide_group5(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 5, 32, 128]
// CHECK-LABEL: func.func @wide_group7(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 7, 16, 128]
// NARROW-LABEL: func.func @wide_group3(
// NARROW:         tensor.extract_slice %{{.+}} [1, 1, 3, 16, 128]
func.func @wide_group3(%q: tensor<1x3x256x128xf32>, %k: tensor<1x1x2048x128xf32>,
                       %v: tensor<1x1x2048x128xf32>) -> tensor<1x3x256x128xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x3x256x128xf32>, tensor<1x1x2048x128xf32>, tensor<1x1x2048x128xf32>
           -> tensor<1x3x256x128xf32>
  return %o : tensor<1x3x256x128xf32>
}
func.func @wide_group5(%q: tensor<1x5x256x128xf32>, %k: tensor<1x1x2048x128xf32>,
                       %v: tensor<1x1x2048x128xf32>) -> tensor<1x5x256x128xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x5x256x128xf32>, tensor<1x1x2048x128xf32>, tensor<1x1x2048x128xf32>
           -> tensor<1x5x256x128xf32>
  return %o : tensor<1x5x256x128xf32>
}
func.func @wide_group7(%q: tensor<1x7x256x128xf32>, %k: tensor<1x1x2048x128xf32>,
                       %v: tensor<1x1x2048x128xf32>) -> tensor<1x7x256x128xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x7x256x128xf32>, tensor<1x1x2048x128xf32>, tensor<1x1x2048x128xf32>
           -> tensor<1x7x256x128xf32>
  return %o : tensor<1x7x256x128xf32>
}

// -----

// Static sequences that are no multiple of the tiles are split into equal
// tiles. Keys: S = 197 in ceil(197 / 64) = 4 steps of 50 (200 keys per row
// computed, not 256). Queries (query-tile=0): the tile count with the
// fewest rows computed, each tile a multiple of 16 rows and at most 128,
// and at least 16 tiles in the parallel loop: L = 197 with 12 heads gives
// two tiles of 112. An explicit query-tile is kept.
// CHECK-LABEL: func.func @vit(
// CHECK:         scf.forall (%{{.+}}, %{{.+}}) in (12, 2)
// CHECK:           tensor.extract_slice %{{.+}} [1, 1, 1, 112, 64]
// CHECK:           scf.for %{{.+}} = %c0 to %c197 step %c50
// EXPLICIT-LABEL: func.func @vit(
// EXPLICIT:         scf.forall (%{{.+}}, %{{.+}}) in (12, 4)
// EXPLICIT:           scf.for %{{.+}} = %c0 to %c197 step %c50
func.func @vit(%q: tensor<1x12x197x64xf32>, %k: tensor<1x12x197x64xf32>,
               %v: tensor<1x12x197x64xf32>) -> tensor<1x12x197x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x12x197x64xf32>, tensor<1x12x197x64xf32>, tensor<1x12x197x64xf32>
           -> tensor<1x12x197x64xf32>
  return %o : tensor<1x12x197x64xf32>
}

// L = S = 77: keys in two steps of 39. With 8 heads one query tile of 80
// rows would leave 8 tiles for the threads: two of 48. With 16 heads: one
// (the 77 rows zero-padded to 80).
// CHECK-LABEL: func.func @clip8(
// CHECK:         scf.forall (%{{.+}}, %{{.+}}) in (8, 2)
// CHECK:           tensor.extract_slice %{{.+}} [1, 1, 1, 48, 64]
// CHECK:           scf.for %{{.+}} = %c0 to %c77 step %c39
// CHECK-LABEL: func.func @clip16(
// CHECK:         scf.forall (%{{.+}}) in (16)
// CHECK:           tensor.pad
// CHECK:           } : tensor<1x77x64xf32> to tensor<1x80x64xf32>
func.func @clip8(%q: tensor<1x8x77x64xf32>, %k: tensor<1x8x77x64xf32>,
                 %v: tensor<1x8x77x64xf32>) -> tensor<1x8x77x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x8x77x64xf32>, tensor<1x8x77x64xf32>, tensor<1x8x77x64xf32>
           -> tensor<1x8x77x64xf32>
  return %o : tensor<1x8x77x64xf32>
}
func.func @clip16(%q: tensor<1x16x77x64xf32>, %k: tensor<1x16x77x64xf32>,
                  %v: tensor<1x16x77x64xf32>) -> tensor<1x16x77x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x16x77x64xf32>, tensor<1x16x77x64xf32>, tensor<1x16x77x64xf32>
           -> tensor<1x16x77x64xf32>
  return %o : tensor<1x16x77x64xf32>
}

// -----

// Decoding, L = 1: one query row per head, not an 8-row tile with one
// valid row.
// CHECK-LABEL: func.func @decode_mha(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 1, 1, 64]
// CHECK-LABEL: func.func @decode_gqa4(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 4, 1, 64]
// CHECK-LABEL: func.func @decode_gqa2(
// CHECK:         tensor.extract_slice %{{.+}} [1, 1, 2, 1, 64]
func.func @decode_mha(%q: tensor<1x8x1x64xf32>, %k: tensor<1x8x1000x64xf32>,
                      %v: tensor<1x8x1000x64xf32>) -> tensor<1x8x1x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x8x1x64xf32>, tensor<1x8x1000x64xf32>, tensor<1x8x1000x64xf32>
           -> tensor<1x8x1x64xf32>
  return %o : tensor<1x8x1x64xf32>
}
func.func @decode_gqa4(%q: tensor<1x8x1x64xf32>, %k: tensor<1x2x1000x64xf32>,
                       %v: tensor<1x2x1000x64xf32>) -> tensor<1x8x1x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x8x1x64xf32>, tensor<1x2x1000x64xf32>, tensor<1x2x1000x64xf32>
           -> tensor<1x8x1x64xf32>
  return %o : tensor<1x8x1x64xf32>
}
func.func @decode_gqa2(%q: tensor<1x8x1x64xf32>, %k: tensor<1x4x1000x64xf32>,
                       %v: tensor<1x4x1000x64xf32>) -> tensor<1x8x1x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x8x1x64xf32>, tensor<1x4x1000x64xf32>, tensor<1x4x1000x64xf32>
           -> tensor<1x8x1x64xf32>
  return %o : tensor<1x8x1x64xf32>
}
