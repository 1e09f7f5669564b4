// --mha-tile-attention: mha.attention in the FlashAttention-2 form on tensors.
// (kv-splits=1: the shares of the key range that the automatic choice
// makes for a few of these shapes are checked in
// mha-tile-attention-kv-splits.mlir.)
//
// The structure as the pass builds it (loop nest, online softmax, band bounds, masking paths):
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32 kv-splits=1" -split-input-file | FileCheck %s
//
// Exactly one arith.divf per function, after the key/value loop:
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32 kv-splits=1" -split-input-file | FileCheck %s --check-prefix=DIV
//
// After -canonicalize, static extents and band bounds fold to their values:
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32 kv-splits=1" -canonicalize -split-input-file | FileCheck %s --check-prefix=CANON
//
// Dynamic L and S without remainder tiles:
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32 kv-splits=1 remainder-tile=0" -split-input-file | FileCheck %s --check-prefix=NOREM
// Static L and S never take remainder tiles (their tiles are sized from the
// static extents):
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32 kv-splits=1" -split-input-file | FileCheck %s --check-prefix=STATIC
// Diagnostics: none for any input here (the -invalid test has the errors).
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32 kv-splits=1" -split-input-file -verify-diagnostics -o /dev/null

// Grouped-query attention, Hq = 8, Hkv = 2: G = 4 heads share each key/value
// head, so one tile holds R = G * TQ = 64 query rows. E = 32, Ev = 16:
// Q^T is [E, R] = 32x64, S^T [TS, R] = 32x64, O^T [Ev, R] = 16x64, and m, l
// are [R] = 64. L = 40 is not a multiple of TQ = 16 (the last query tile is
// clamped) and S = 95 not of TS = 32 (the last key tile is partial, so the
// masked path exists even without causal or window; 32 is also what
// splitting 95 into three equal tiles gives).

// CHECK-DAG:   #[[$TRANSPOSE:.+]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG:   #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$A:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[$AT:.+]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG:   #[[$B:.+]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG:   #[[$C:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[$COL:.+]] = affine_map<(d0, d1) -> (d1)>
// STATIC-LABEL: func.func @gqa
// STATIC:         scf.forall (
// STATIC:           scf.for %{{.+}} step %c32
// STATIC-NOT:       scf.for %{{.+}} step %c16
// STATIC-NOT:       scf.forall (
// STATIC:         return

// CHECK-LABEL: func.func @gqa
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x8x40x32xf32>, %[[K:[^:]+]]: tensor<2x2x95x32xf32>, %[[V:[^:]+]]: tensor<2x2x95x16xf32>
// CHECK-DAG:     %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG:     %[[C40:.+]] = arith.constant 40 : index
// CHECK-DAG:     %[[C95:.+]] = arith.constant 95 : index
// CHECK:         %[[Q5:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0], [1, 2], [3], [4]] output_shape [2, 2, 4, 40, 32] : tensor<2x8x40x32xf32> into tensor<2x2x4x40x32xf32>
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<2x2x4x40x16xf32>
// CHECK:         %[[NQ:.+]] = arith.ceildivui %[[C40]], %c16{{.*}} : index
// CHECK:         %[[FORALL:.+]] = scf.forall (%[[BI:[^,]+]], %[[HI:[^,]+]], %[[TI:[^)]+]]) in (%[[C2]], 2, %[[NQ]]) shared_outs(%[[OUT:.+]] = %[[INIT]]) -> (tensor<2x2x4x40x16xf32>) {
// CHECK:           %[[L0:.+]] = arith.muli %[[TI]], %c16{{.*}} : index
// CHECK:           %[[REST:.+]] = arith.subi %[[C40]], %[[L0]] : index
// CHECK:           %[[LR:.+]] = arith.minsi %c16{{.*}}, %[[REST]] : index
//                  The Q window of all G heads: a view when it fits, zero-padded otherwise.
// CHECK:           %[[QW:.+]] = scf.if %{{.+}} -> (tensor<4x16x32xf32>) {
// CHECK:             tensor.extract_slice %[[Q5]][%[[BI]], %[[HI]], 0, %{{.+}}, 0] [1, 1, 4, 16, 32] [1, 1, 1, 1, 1] : tensor<2x2x4x40x32xf32> to tensor<4x16x32xf32>
// CHECK:           } else {
// CHECK:             tensor.pad
// CHECK:           }
//                  Q^T [E, R] in f32, transposed and prescaled by 1/sqrt(32) once per query tile.
// CHECK:           %[[QFLAT:.+]] = tensor.collapse_shape %[[QW]] {{\[}}[0, 1], [2]] : tensor<4x16x32xf32> into tensor<64x32xf32>
// CHECK:           %[[QT:.+]] = linalg.generic {indexing_maps = [#[[$TRANSPOSE]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[QFLAT]] : tensor<64x32xf32>) outs(%{{.+}} : tensor<32x64xf32>)
// CHECK:             %[[SCALE:.+]] = arith.constant 0.176776692 : f32
// CHECK:             arith.mulf %{{.+}}, %[[SCALE]] : f32
// CHECK:           } -> tensor<32x64xf32>
// CHECK:           %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:           %[[M0:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.+}} : tensor<64xf32>) -> tensor<64xf32>
// CHECK:           %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:           %[[SUM0:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<64xf32>) -> tensor<64xf32>
// CHECK:           %[[ACC0:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<16x64xf32>) -> tensor<16x64xf32>
//                  No band: the key/value loop covers [0, S).
// CHECK:           %[[LOOP:.+]]:3 = scf.for %[[J:.+]] = %c0{{.*}} to %[[C95]] step %c32{{.*}} iter_args(%[[M:.+]] = %[[M0]], %[[L:.+]] = %[[SUM0]], %[[ACC:.+]] = %[[ACC0]]) -> (tensor<64xf32>, tensor<64xf32>, tensor<16x64xf32>) {
// CHECK:             %[[KT:.+]] = scf.if %{{.+}} -> (tensor<32x32xf32>) {
// CHECK:               tensor.extract_slice %[[K]][%[[BI]], %[[HI]], %{{.+}}, 0] [1, 1, 32, 32] [1, 1, 1, 1] : tensor<2x2x95x32xf32> to tensor<32x32xf32>
// CHECK:             %[[VT:.+]] = scf.if %{{.+}} -> (tensor<32x16xf32>) {
// CHECK:               tensor.extract_slice %[[V]][%[[BI]], %[[HI]], %{{.+}}, 0] [1, 1, 32, 16] [1, 1, 1, 1] : tensor<2x2x95x16xf32> to tensor<32x16xf32>
//                    S^T = K . Q^T [TS, R].
// CHECK:             %[[S:.+]] = linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[KT]], %[[QT]] : tensor<32x32xf32>, tensor<32x64xf32>) outs(%{{.+}} : tensor<32x64xf32>)
// CHECK:               arith.mulf
// CHECK:               arith.addf
//                    Full tiles (j0 + 32 <= 95) skip the mask; the partial last one takes it.
// CHECK:             %[[JNEXT:.+]] = arith.addi %[[J]], %c32{{.*}} : index
// CHECK:             %[[FULL:.+]] = arith.cmpi sle, %[[JNEXT]], %[[C95]] : index
// CHECK:             %[[SM:.+]] = scf.if %[[FULL]] -> (tensor<32x64xf32>) {
// CHECK-NEXT:          scf.yield %[[S]] : tensor<32x64xf32>
// CHECK-NEXT:        } else {
// CHECK-NEXT:          %[[MASKED:.+]] = linalg.generic {indexing_maps = [#[[$ID]]], iterator_types = ["parallel", "parallel"]} outs(%[[S]] : tensor<32x64xf32>)
// CHECK:                 arith.cmpi slt, %{{.+}}, %[[C95]] : index
// CHECK:                 arith.cmpi sge, %{{.+}}, %[[J]] : index
// CHECK:                 arith.select %{{.+}}, %{{.+}}, %{{.+}} : f32
// CHECK:               scf.yield %[[MASKED]] : tensor<32x64xf32>
// CHECK-NEXT:        }
//                    The max over the key rows of S^T, NaN scores left out
//                    (maxnumf), into a tile of its own, from -inf.
// CHECK:             %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:             %[[RMINIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<64xf32>)
// CHECK:             %[[RMAX:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$COL]]], iterator_types = ["reduction", "parallel"]} ins(%[[SM]] : tensor<32x64xf32>) outs(%[[RMINIT]] : tensor<64xf32>)
// CHECK:               arith.maxnumf
//                    -m_new log2(e) with m_new = max(m_old, rowmax), the max
//                    to subtract in powers of two, taken as 0 where m_new =
//                    -inf (then every score of the row is -inf, and S - 0 =
//                    -inf has weight 0, not NaN).
// CHECK:             %[[NEGML:.+]] = linalg.generic {{.+}} ins(%[[M]], %[[RMAX]] : tensor<64xf32>, tensor<64xf32>) outs(%{{.+}} : tensor<64xf32>)
// CHECK-NEXT:        ^bb0(%[[MO:[^:]+]]: f32, %[[MR:[^:]+]]: f32, %{{[^:]+}}: f32):
// CHECK-NEXT:          %[[MN:.+]] = arith.maxnumf %[[MO]], %[[MR]] : f32
// CHECK-NEXT:          %[[MNONE:.+]] = arith.cmpf oeq, %[[MN]], %[[NEGINF]] : f32
// CHECK-NEXT:          %[[MSEL:.+]] = arith.select %[[MNONE]], %{{.+}}, %[[MN]] : f32
// CHECK-NEXT:          %[[ML:.+]] = arith.mulf %[[MSEL]], %[[LOG2E:[^ ]+]] : f32
// CHECK-NEXT:          %[[NML:.+]] = arith.negf %[[ML]] : f32
// CHECK-NEXT:          linalg.yield %[[NML]] : f32
//                    P = exp(S - m) = 2^(S log2(e) - m log2(e)): one FMA, then
//                    the softmax's own exp2 polynomial, flushed to zero below
//                    -126 (never subnormal).
// CHECK:             %[[P:.+]] = linalg.generic {indexing_maps = [#[[$COL]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[NEGML]] : tensor<64xf32>) outs(%[[SM]] : tensor<32x64xf32>)
// CHECK-NEXT:        ^bb0(%[[PM:[^:]+]]: f32, %[[PS:[^:]+]]: f32):
// CHECK-NEXT:          %[[PT:.+]] = math.fma %[[PS]], %[[LOG2E]], %[[PM]] : f32
// CHECK-NEXT:          %[[PFLOOR:.+]] = arith.constant -1.260000e+02 : f32
// CHECK-NEXT:          %[[PX:.+]] = arith.maximumf %[[PT]], %[[PFLOOR]] : f32
//                      t + 1.5 * 2^23 + 127: n + 127 in the low bits; minus
//                      the constant: n; t - n: the fraction.
// CHECK-NEXT:          %[[MAGIC:.+]] = arith.constant 0x4B40007F : f32
// CHECK-NEXT:          %[[PB:.+]] = arith.addf %[[PX]], %[[MAGIC]] : f32
// CHECK-NEXT:          %[[MAGIC2:.+]] = arith.constant 0x4B40007F : f32
// CHECK-NEXT:          %[[PN:.+]] = arith.subf %[[PB]], %[[MAGIC2]] : f32
// CHECK-NEXT:          %[[PR:.+]] = arith.subf %[[PX]], %[[PN]] : f32
// CHECK-COUNT-5:       math.fma %{{.+}}, %[[PR]], %{{.+}} : f32
// CHECK:               %[[PBITS:.+]] = arith.bitcast %[[PB]] : f32 to i32
// CHECK:               arith.shli %[[PBITS]], %{{.+}} : i32
// CHECK:               %[[PE:.+]] = arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK:               %[[PTINY:.+]] = arith.cmpf olt, %[[PT]], %{{.+}} : f32
// CHECK:               %[[PF:.+]] = arith.select %[[PTINY]], %{{.+}}, %[[PE]] : f32
// CHECK-NEXT:          linalg.yield %[[PF]] : f32
//                    alpha = exp(m_old - m) = 2^(m_old log2(e) - m log2(e)), 0
//                    while m_old = -inf.
// CHECK:             %[[ALPHA:.+]] = linalg.generic {{.+}} ins(%[[M]], %[[NEGML]] : tensor<64xf32>, tensor<64xf32>) outs(%{{.+}} : tensor<64xf32>)
// CHECK-NEXT:        ^bb0(%[[AO:[^:]+]]: f32, %[[AN:[^:]+]]: f32, %{{[^:]+}}: f32):
// CHECK-NEXT:          %[[AOL:.+]] = arith.mulf %[[AO]], %[[LOG2E]] : f32
// CHECK-NEXT:          %[[AT:.+]] = arith.addf %[[AOL]], %[[AN]] : f32
// CHECK:               %[[ATINY:.+]] = arith.cmpf olt, %[[AT]], %{{.+}} : f32
// CHECK:               arith.select %[[ATINY]], %{{.+}}, %{{.+}} : f32
//                    m_new into m_old's place, after alpha, its last reader:
//                    the running max is updated in place.
// CHECK:             %[[MNEW:.+]] = linalg.generic {{.+}} ins(%[[RMAX]] : tensor<64xf32>) outs(%[[M]] : tensor<64xf32>)
// CHECK-NEXT:        ^bb0(%[[NR:[^:]+]]: f32, %[[NO:[^:]+]]: f32):
// CHECK-NEXT:          arith.maxnumf %[[NO]], %[[NR]] : f32
// CHECK-NOT:         %[[M]]
//                    l_new = alpha * l + sum over the key rows of P.
// CHECK:             %[[LSCALED:.+]] = linalg.generic {{.+}} ins(%[[ALPHA]] : tensor<64xf32>) outs(%[[L]] : tensor<64xf32>)
// CHECK:               arith.mulf
// CHECK:             %[[LNEW:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$COL]]], iterator_types = ["reduction", "parallel"]} ins(%[[P]] : tensor<32x64xf32>) outs(%[[LSCALED]] : tensor<64xf32>)
// CHECK:               arith.addf
//                    O^T = alpha * O^T + V^T . P^T [Ev, R].
// CHECK:             %[[ASCALED:.+]] = linalg.generic {indexing_maps = [#[[$COL]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[ALPHA]] : tensor<64xf32>) outs(%[[ACC]] : tensor<16x64xf32>)
// CHECK:               arith.mulf
// CHECK:             %[[ANEW:.+]] = linalg.generic {indexing_maps = [#[[$AT]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[VT]], %[[P]] : tensor<32x16xf32>, tensor<32x64xf32>) outs(%[[ASCALED]] : tensor<16x64xf32>)
// CHECK:             scf.yield %[[MNEW]], %[[LNEW]], %[[ANEW]] : tensor<64xf32>, tensor<64xf32>, tensor<16x64xf32>
// CHECK-NEXT:      }
//                  After the loop: O^T scaled by 1/l (0 where l = 0) in its own
//                  layout, then one transposing copy per head of the group
//                  into the result slice (the valid rows of each head).
// CHECK:           %[[INVL:.+]] = linalg.generic {{.+}} ins(%[[LOOP]]#1 : tensor<64xf32>) outs(%{{.+}} : tensor<64xf32>)
// CHECK-NEXT:      ^bb0(%[[IL:[^:]+]]: f32, %{{[^:]+}}: f32):
// CHECK-NEXT:        %[[LZERO:.+]] = arith.cmpf oeq, %[[IL]], %{{.+}} : f32
// CHECK-NEXT:        %[[INV:.+]] = arith.divf %{{.+}}, %[[IL]] : f32
// CHECK-NEXT:        %[[IS:.+]] = arith.select %[[LZERO]], %{{.+}}, %[[INV]] : f32
// CHECK-NEXT:        linalg.yield %[[IS]] : f32
// CHECK:           %[[SCALED:.+]] = linalg.generic {indexing_maps = [#[[$COL]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[INVL]] : tensor<64xf32>) outs(%[[LOOP]]#2 : tensor<16x64xf32>)
// CHECK-NEXT:      ^bb0(%[[SI:[^:]+]]: f32, %[[SO:[^:]+]]: f32):
// CHECK-NEXT:        %[[SM2:.+]] = arith.mulf %[[SO]], %[[SI]] : f32
// CHECK-NEXT:        linalg.yield %[[SM2]] : f32
// CHECK:           %[[ACC3:.+]] = tensor.expand_shape %[[SCALED]] {{\[}}[0], [1, 2]] output_shape [16, 4, 16] : tensor<16x64xf32> into tensor<16x4x16xf32>
// CHECK:           %[[OSLICE:.+]] = tensor.extract_slice %[[OUT]][%[[BI]], %[[HI]], 0, %[[L0]], 0] [1, 1, 4, %[[LR]], 16] [1, 1, 1, 1, 1] : tensor<2x2x4x40x16xf32> to tensor<4x?x16xf32>
// CHECK:           %[[ACCH0:.+]] = tensor.extract_slice %[[ACC3]][0, 0, %{{.+}}] [16, 1, %[[LR]]] [1, 1, 1] : tensor<16x4x16xf32> to tensor<16x?xf32>
// CHECK:           %[[OUTH0:.+]] = tensor.extract_slice %[[OSLICE]][0, 0, 0] [1, %[[LR]], 16] [1, 1, 1] : tensor<4x?x16xf32> to tensor<?x16xf32>
// CHECK:           %[[COPY0:.+]] = linalg.generic {indexing_maps = [#{{[^,]+}}, #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[ACCH0]] : tensor<16x?xf32>) outs(%[[OUTH0]] : tensor<?x16xf32>)
// CHECK-NEXT:      ^bb0(%[[CI:[^:]+]]: f32, %{{[^:]+}}: f32):
// CHECK-NEXT:        linalg.yield %[[CI]] : f32
// CHECK:           %[[INS0:.+]] = tensor.insert_slice %[[COPY0]] into %[[OSLICE]][0, 0, 0] [1, %[[LR]], 16] [1, 1, 1]
// CHECK-COUNT-3:   tensor.insert_slice
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %{{.+}} into %[[OUT]][%[[BI]], %[[HI]], 0, %[[L0]], 0] [1, 1, 4, %[[LR]], 16] [1, 1, 1, 1, 1] : tensor<4x?x16xf32> into tensor<2x2x4x40x16xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[R:.+]] = tensor.collapse_shape %[[FORALL]] {{\[}}[0], [1, 2], [3], [4]] : tensor<2x2x4x40x16xf32> into tensor<2x8x40x16xf32>
// CHECK-NEXT:    return %[[R]] : tensor<2x8x40x16xf32>

// DIV-LABEL:   func.func @gqa
// DIV-NOT:       arith.divf
// DIV:           scf.yield {{.+}} : tensor<64xf32>, tensor<64xf32>, tensor<16x64xf32>
// DIV-NOT:       arith.divf
// DIV:           arith.divf
// DIV-NOT:       arith.divf
// DIV:           return

// ceil(40 / 16) = 3 query tiles; the window of the last one is clamped to start at L - TQ = 24.
// CANON-LABEL: func.func @gqa
// CANON:         scf.forall (%{{[^,]+}}, %{{[^,]+}}, %[[TI:[^)]+]]) in (2, 2, 3) shared_outs
// CANON:           %[[L0:.+]] = arith.muli %[[TI]], %c16 : index
// CANON:           %[[FIRST:.+]] = arith.minsi %[[L0]], %c24 : index
// CANON:           tensor.extract_slice %{{.+}}[%{{.+}}, %{{.+}}, 0, %[[FIRST]], 0] [1, 1, 4, 16, 32]
// CANON-NOT:       tensor.pad
// CANON:           scf.for %{{.+}} = %c0 to %c95 step %c32 iter_args
func.func @gqa(%q: tensor<2x8x40x32xf32>, %k: tensor<2x2x95x32xf32>, %v: tensor<2x2x95x16xf32>) -> tensor<2x8x40x16xf32> {
  %o = mha.attention %q, %k, %v : tensor<2x8x40x32xf32>, tensor<2x2x95x32xf32>, tensor<2x2x95x16xf32> -> tensor<2x8x40x16xf32>
  return %o : tensor<2x8x40x16xf32>
}

// -----

// Causal, bottom_right: row i attends to keys j <= i + (S - L). The loop stops
// after the last diagonal of the tile's valid rows: upper bound
// min(S, (l0 + lr - 1) + (S - L) + 1). Tiles wholly below the diagonal of the
// tile's first row skip the mask (then branch); only the others are masked
// (else branch).

// CHECK-LABEL: func.func @causal_bottom_right
// CHECK-DAG:     %[[C48:.+]] = arith.constant 48 : index
// CHECK-DAG:     %[[C96:.+]] = arith.constant 96 : index
// CHECK:         %[[OFF:.+]] = arith.subi %[[C96]], %[[C48]] : index
// CHECK:         scf.forall (%{{[^,]+}}, %{{[^,]+}}, %[[TI:[^)]+]]) in
// CHECK:           %[[L0:.+]] = arith.muli %[[TI]], %c16{{.*}} : index
//                  L = 48 is three whole tiles of 16: all 16 rows of every
//                  tile are valid, no clamp.
// CHECK-NOT:       arith.minsi
// CHECK:           %[[END:.+]] = arith.addi %[[L0]], %c16{{.*}} : index
// CHECK:           %[[LAST:.+]] = arith.subi %[[END]], %c1{{.*}} : index
// CHECK:           %[[DFIRST:.+]] = arith.addi %[[L0]], %[[OFF]] : index
// CHECK:           %[[DLAST:.+]] = arith.addi %[[LAST]], %[[OFF]] : index
// CHECK:           %[[DLAST1:.+]] = arith.addi %[[DLAST]], %c1{{.*}} : index
// CHECK:           %[[JEND:.+]] = arith.minsi %[[C96]], %[[DLAST1]] : index
// CHECK:           scf.for %[[J:.+]] = %c0{{.*}} to %[[JEND]] step %c32{{.*}} iter_args({{.+}}) -> (tensor<16xf32>, tensor<16xf32>, tensor<64x16xf32>) {
// CHECK:             %[[S:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.+}}, %{{.+}} : tensor<32x64xf32>, tensor<64x16xf32>) outs(%{{.+}} : tensor<32x16xf32>)
// CHECK:             %[[JLAST:.+]] = arith.addi %[[J]], %c31{{.*}} : index
// CHECK:             %[[JNEXT:.+]] = arith.addi %[[J]], %c32{{.*}} : index
// CHECK:             %[[FULL:.+]] = arith.cmpi sle, %[[JNEXT]], %[[C96]] : index
// CHECK:             %[[BELOW:.+]] = arith.cmpi sle, %[[JLAST]], %[[DFIRST]] : index
// CHECK:             %[[INSIDE:.+]] = arith.andi %[[FULL]], %[[BELOW]] : i1
// CHECK:             %[[SM:.+]] = scf.if %[[INSIDE]] -> (tensor<32x16xf32>) {
// CHECK-NEXT:          scf.yield %[[S]] : tensor<32x16xf32>
// CHECK-NEXT:        } else {
// CHECK-NEXT:          %[[MASKED:.+]] = linalg.generic {{.+}} outs(%[[S]] : tensor<32x16xf32>) {
// CHECK-NEXT:          ^bb0(%[[X:.+]]: f32):
// CHECK-NEXT:            %[[JT:.+]] = linalg.index 0 : index
// CHECK-NEXT:            %[[RT:.+]] = linalg.index 1 : index
// CHECK:                 %[[RQ:.+]] = arith.remui %[[RT]], %c16{{.*}} : index
// CHECK-NEXT:            %[[I:.+]] = arith.addi %{{.+}}, %[[RQ]] : index
// CHECK-NEXT:            %[[JJ:.+]] = arith.addi %{{.+}}, %[[JT]] : index
// CHECK:                 %[[DIAG:.+]] = arith.addi %[[I]], %[[OFF]] : index
// CHECK-NEXT:            %[[CAUSAL:.+]] = arith.cmpi sle, %[[JJ]], %[[DIAG]] : index
// CHECK-NEXT:            %[[OK:.+]] = arith.andi %{{.+}}, %[[CAUSAL]] : i1
// CHECK-NEXT:            %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT:            %[[SEL:.+]] = arith.select %[[OK]], %[[X]], %[[NEGINF]] : f32
// CHECK-NEXT:            linalg.yield %[[SEL]] : f32
// CHECK:               scf.yield %[[MASKED]] : tensor<32x16xf32>
// CHECK-NEXT:        }
// CHECK:             linalg.generic {{.+}} ins(%[[SM]] : tensor<32x16xf32>)
// CHECK:               arith.maxnumf

// DIV-LABEL:   func.func @causal_bottom_right
// DIV-NOT:       arith.divf
// DIV:           scf.yield {{.+}} : tensor<16xf32>, tensor<16xf32>, tensor<64x16xf32>
// DIV-NOT:       arith.divf
// DIV:           arith.divf
// DIV-NOT:       arith.divf
// DIV:           return

// Folded: S - L = 48 and lr = 16 (whole tiles), so the bound is
// min(l0 + 16 + 48, 96).
// CANON-LABEL: func.func @causal_bottom_right
// CANON:         scf.forall (%{{[^,]+}}, %{{[^,]+}}, %[[TI:[^)]+]]) in (2, 4, 3) shared_outs
// CANON:           %[[L0:.+]] = arith.muli %[[TI]], %c16 : index
// CANON:           %[[DEND:.+]] = arith.addi %[[L0]], %c64 : index
// CANON:           %[[JEND:.+]] = arith.minsi %[[DEND]], %c96 : index
// CANON:           scf.for %{{.+}} = %c0 to %[[JEND]] step %c32 iter_args
func.func @causal_bottom_right(%q: tensor<2x4x48x64xf32>, %k: tensor<2x4x96x64xf32>, %v: tensor<2x4x96x64xf32>) -> tensor<2x4x48x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right) : tensor<2x4x48x64xf32>, tensor<2x4x96x64xf32>, tensor<2x4x96x64xf32> -> tensor<2x4x48x64xf32>
  return %o : tensor<2x4x48x64xf32>
}

// -----

// window(40, 8) without causal: row i attends to i - 40 <= j <= i + 8. The
// loop starts at the first row's left edge, max(0, l0 - 40), and stops after
// the last row's right edge, min(S, (l0 + lr - 1) + 9). Tiles wholly inside
// the band of every row skip the mask.

// CHECK-LABEL: func.func @window
// CHECK-DAG:     %[[C128:.+]] = arith.constant 128 : index
// CHECK:         scf.forall (%{{[^,]+}}, %{{[^,]+}}, %[[TI:[^)]+]]) in
// CHECK:           %[[L0:.+]] = arith.muli %[[TI]], %c16{{.*}} : index
// CHECK-NOT:       arith.minsi
// CHECK:           %[[END:.+]] = arith.addi %[[L0]], %c16{{.*}} : index
// CHECK:           %[[LAST:.+]] = arith.subi %[[END]], %c1{{.*}} : index
// CHECK:           %[[C0:.+]] = arith.constant 0 : index
// CHECK:           %[[C40:.+]] = arith.constant 40 : index
// CHECK:           %[[LEFT:.+]] = arith.subi %[[L0]], %[[C40]] : index
// CHECK:           %[[JBEGIN:.+]] = arith.maxsi %[[C0]], %[[LEFT]] : index
// CHECK:           %[[C9:.+]] = arith.constant 9 : index
// CHECK:           %[[RIGHT:.+]] = arith.addi %[[LAST]], %[[C9]] : index
// CHECK:           %[[JEND:.+]] = arith.minsi %[[C128]], %[[RIGHT]] : index
// CHECK:           scf.for %[[J:.+]] = %[[JBEGIN]] to %[[JEND]] step %c32{{.*}} iter_args({{.+}}) -> (tensor<16xf32>, tensor<16xf32>, tensor<32x16xf32>) {
// CHECK:             %[[S:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK:             %[[JLAST:.+]] = arith.addi %[[J]], %c31{{.*}} : index
// CHECK:             %[[FULL:.+]] = arith.cmpi sle, %{{.+}}, %[[C128]] : index
// CHECK:             %[[LO:.+]] = arith.subi %[[LAST]], %c40{{.*}} : index
// CHECK:             %[[GE:.+]] = arith.cmpi sge, %[[J]], %[[LO]] : index
// CHECK:             %[[IN0:.+]] = arith.andi %[[FULL]], %[[GE]] : i1
// CHECK:             %[[HI:.+]] = arith.addi %[[L0]], %c8{{.*}} : index
// CHECK:             %[[LE:.+]] = arith.cmpi sle, %[[JLAST]], %[[HI]] : index
// CHECK:             %[[INSIDE:.+]] = arith.andi %[[IN0]], %[[LE]] : i1
// CHECK:             scf.if %[[INSIDE]] -> (tensor<32x16xf32>) {
// CHECK-NEXT:          scf.yield %[[S]] : tensor<32x16xf32>
// CHECK-NEXT:        } else {
// CHECK-NEXT:          linalg.generic {{.+}} outs(%[[S]] : tensor<32x16xf32>)
// CHECK:                 %[[I:.+]] = arith.addi %{{.+}}, %{{.+}} : index
// CHECK-NEXT:            %[[JJ:.+]] = arith.addi %{{.+}}, %{{.+}} : index
// CHECK:                 %[[WLO:.+]] = arith.subi %[[I]], %c40{{.*}} : index
// CHECK:                 %[[WHI:.+]] = arith.addi %[[I]], %c8{{.*}} : index
// CHECK-NEXT:            arith.cmpi sge, %[[JJ]], %[[WLO]] : index
// CHECK:                 arith.cmpi sle, %[[JJ]], %[[WHI]] : index

// DIV-LABEL:   func.func @window
// DIV-NOT:       arith.divf
// DIV:           scf.yield {{.+}} : tensor<16xf32>, tensor<16xf32>, tensor<32x16xf32>
// DIV-NOT:       arith.divf
// DIV:           arith.divf
// DIV-NOT:       arith.divf
// DIV:           return

// CANON-LABEL: func.func @window
// CANON:         scf.forall (%{{[^,]+}}, %{{[^,]+}}, %[[TI:[^)]+]]) in (2, 4, 4) shared_outs
// CANON:           %[[L0:.+]] = arith.muli %[[TI]], %c16 : index
// CANON:           %[[LEFT:.+]] = arith.subi %[[L0]], %c40 : index
// CANON:           %[[JBEGIN:.+]] = arith.maxsi %[[LEFT]], %c0 : index
// CANON:           %[[RIGHT:.+]] = arith.addi %[[L0]], %c24 : index
// CANON:           %[[JEND:.+]] = arith.minsi %[[RIGHT]], %c128 : index
// CANON:           scf.for %{{.+}} = %[[JBEGIN]] to %[[JEND]] step %c32 iter_args
func.func @window(%q: tensor<2x4x64x32xf32>, %k: tensor<2x4x128x32xf32>, %v: tensor<2x4x128x32xf32>) -> tensor<2x4x64x32xf32> {
  %o = mha.attention %q, %k, %v window(40, 8) : tensor<2x4x64x32xf32>, tensor<2x4x128x32xf32>, tensor<2x4x128x32xf32> -> tensor<2x4x64x32xf32>
  return %o : tensor<2x4x64x32xf32>
}

// -----

// A mask operand: every tile is masked, unconditionally (no scf.if around the
// masking generic, even with causal). A mask that varies along both L and S
// is read per step as its [TQ, TS] window of rows of S (the broadcast head
// dim at 0), written transposed into an f32 [TS, R] tile of 1.0 / 0.0, which
// the masking generic reads as a second tile. The causal band still bounds
// the loop.

// CHECK-LABEL: func.func @mask_causal
// CHECK-SAME:    %[[MASK:[^:]+]]: tensor<2x1x32x64xi1>
// CHECK:         scf.forall (%[[BI:[^,]+]], %{{[^,]+}}, %{{[^)]+}}) in
// CHECK:           %[[L0:.+]] = arith.muli %{{.+}}, %c16{{.*}} : index
// CHECK:           %[[JEND:.+]] = arith.minsi %c64{{.*}}, %{{.+}} : index
// CHECK:           scf.for %[[J:.+]] = %c0{{.*}} to %[[JEND]] step %c32{{.*}} iter_args(
// CHECK:             %[[S:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-NOT:         scf.if
// CHECK:             %[[MROWS:.+]] = tensor.extract_slice %[[MASK]][%[[BI]], %c0{{.*}}, %[[L0]], %[[J]]] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<2x1x32x64xi1> to tensor<16x32xi1>
// CHECK:             %[[MT:.+]] = linalg.generic {indexing_maps = [#[[ID:.+]], #[[TR:.+]]], iterator_types = ["parallel", "parallel"]} ins(%[[MROWS]] : tensor<16x32xi1>) outs(%{{.+}} : tensor<32x16xf32>)
// CHECK-NEXT:        ^bb0(%[[IN:.+]]: i1, %{{.+}}: f32):
// CHECK:               arith.select %[[IN]], %{{.+}}, %{{.+}} : f32
// CHECK:             %[[MTILE:.+]] = tensor.insert_slice %[[MT]] into
// CHECK:             %[[SM:.+]] = linalg.generic {{.+}} ins(%[[MTILE]] : tensor<32x16xf32>) outs(%[[S]] : tensor<32x16xf32>)
// CHECK-NEXT:        ^bb0(%[[MV:.+]]: f32, %{{.+}}: f32):
// CHECK-NOT:           tensor.extract
// CHECK:               %[[CAUSAL:.+]] = arith.cmpi sle
// CHECK:               %[[ALLOWED:.+]] = arith.cmpf one, %[[MV]], %{{.+}} : f32
// CHECK-NEXT:          %[[OK:.+]] = arith.andi %{{.+}}, %[[ALLOWED]] : i1
// CHECK:               arith.select %[[OK]], %{{.+}}, %{{.+}} : f32
// CHECK-NOT:         scf.if
// CHECK:             linalg.generic {{.+}} ins(%[[SM]] : tensor<32x16xf32>)
// CHECK:               arith.maxnumf

// DIV-LABEL:   func.func @mask_causal
// DIV-NOT:       arith.divf
// DIV:           scf.yield {{.+}} : tensor<16xf32>, tensor<16xf32>, tensor<32x16xf32>
// DIV-NOT:       arith.divf
// DIV:           arith.divf
// DIV-NOT:       arith.divf
// DIV:           return
func.func @mask_causal(%q: tensor<2x4x32x32xf32>, %k: tensor<2x4x64x32xf32>, %v: tensor<2x4x64x32xf32>, %m: tensor<2x1x32x64xi1>) -> tensor<2x4x32x32xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x1x32x64xi1>) causal(top_left) : tensor<2x4x32x32xf32>, tensor<2x4x64x32xf32>, tensor<2x4x64x32xf32> -> tensor<2x4x32x32xf32>
  return %o : tensor<2x4x32x32xf32>
}

// -----

// GQA (two query heads per key/value head, R = 2 x 16): a per-head f16 bias
// is transposed head by head into its 16 columns of the [TS, R] tile
// (widened to f32); a key mask (one row of S per batch) is uniform across
// each row of S^T and is still read in place.

// CHECK-LABEL: func.func @bias_heads_key_mask
// CHECK-SAME:    %[[KMASK:[^:]+]]: tensor<2x1x1x64xi1>, %[[BIAS:[^:]+]]: tensor<2x4x32x64xf16>
// CHECK:         scf.forall (%[[BI:[^,]+]], %[[HI:[^,]+]], %{{[^)]+}}) in
// CHECK:           scf.for %[[J:.+]] = %c0{{.*}} to %{{.+}} step %c32{{.*}} iter_args(
// CHECK:             %[[H0:.+]] = arith.muli %[[HI]], %c2{{.*}} : index
// CHECK:             %[[B0:.+]] = tensor.extract_slice %[[BIAS]][%[[BI]], %{{.+}}, %{{.+}}, %[[J]]] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<2x4x32x64xf16> to tensor<16x32xf16>
// CHECK:             %[[C0:.+]] = tensor.extract_slice %[[T:.+]][0, 0] [32, 16] [1, 1] : tensor<32x32xf32> to tensor<32x16xf32>
// CHECK:             %[[G0:.+]] = linalg.generic {{.+}} ins(%[[B0]] : tensor<16x32xf16>) outs(%[[C0]] : tensor<32x16xf32>)
// CHECK:               arith.extf
// CHECK:             %[[T1:.+]] = tensor.insert_slice %[[G0]] into %[[T]][0, 0] [32, 16] [1, 1]
// CHECK:             %[[B1:.+]] = tensor.extract_slice %[[BIAS]][%[[BI]], %{{.+}}, %{{.+}}, %[[J]]] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<2x4x32x64xf16> to tensor<16x32xf16>
// CHECK:             %[[C1:.+]] = tensor.extract_slice %[[T1]][0, 16] [32, 16] [1, 1] : tensor<32x32xf32> to tensor<32x16xf32>
// CHECK:             %[[G1:.+]] = linalg.generic {{.+}} ins(%[[B1]] : tensor<16x32xf16>) outs(%[[C1]] : tensor<32x16xf32>)
// CHECK:             %[[BT:.+]] = tensor.insert_slice %[[G1]] into %[[T1]][0, 16] [32, 16] [1, 1]
// CHECK:             linalg.generic {{.+}} ins(%[[BT]] : tensor<32x32xf32>) outs(%{{.+}} : tensor<32x32xf32>)
// CHECK-NEXT:        ^bb0(%[[BV:.+]]: f32, %[[X:.+]]: f32):
// CHECK:               %[[KV:.+]] = tensor.extract %[[KMASK]][%[[BI]], %c0{{.*}}, %c0{{.*}}, %{{.+}}] : tensor<2x1x1x64xi1>
// CHECK:               arith.andi %{{.+}}, %[[KV]] : i1
// CHECK:               arith.addf %[[X]], %[[BV]] : f32
func.func @bias_heads_key_mask(%q: tensor<2x4x32x32xf16>, %k: tensor<2x2x64x32xf16>, %v: tensor<2x2x64x32xf16>, %m: tensor<2x1x1x64xi1>, %b: tensor<2x4x32x64xf16>) -> tensor<2x4x32x32xf16> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x1x1x64xi1>) bias(%b : tensor<2x4x32x64xf16>) : tensor<2x4x32x32xf16>, tensor<2x2x64x32xf16>, tensor<2x2x64x32xf16> -> tensor<2x4x32x32xf16>
  return %o : tensor<2x4x32x32xf16>
}

// -----

// f16: Q, K and V tiles are widened to f32 (extf) and everything inside the
// loop is f32; the result is rounded once, after the division (truncf).

// CHECK-LABEL: func.func @f16
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x4x32x32xf16>, %[[K:[^:]+]]: tensor<2x4x64x32xf16>, %[[V:[^:]+]]: tensor<2x4x64x16xf16>
// CHECK:         scf.forall {{.+}} shared_outs(%[[OUT:.+]] = %{{.+}}) -> (tensor<2x4x1x32x16xf16>) {
// CHECK:           %[[QT:.+]] = linalg.generic {{.+}} ins(%{{.+}} : tensor<16x32xf16>) outs(%{{.+}} : tensor<32x16xf32>)
// CHECK-NEXT:      ^bb0(%[[QIN:[^:]+]]: f16, %{{[^:]+}}: f32):
// CHECK-NEXT:        %[[QW:.+]] = arith.extf %[[QIN]] : f16 to f32
// CHECK:             arith.mulf %[[QW]], %{{.+}} : f32
// CHECK:           scf.for {{.+}} -> (tensor<16xf32>, tensor<16xf32>, tensor<16x16xf32>) {
// CHECK-NOT:         arith.truncf
//                  64 keys in whole steps of 32: the tiles are views.
// CHECK-NEXT:        %[[K16:.+]] = tensor.extract_slice %[[K]]{{.+}} to tensor<32x32xf16>
// CHECK-NEXT:        %[[V16:.+]] = tensor.extract_slice %[[V]]{{.+}} to tensor<32x16xf16>
// CHECK:             %[[K32:.+]] = linalg.generic {{.+}} ins(%[[K16]] : tensor<32x32xf16>) outs(%{{.+}} : tensor<32x32xf32>)
// CHECK-NEXT:        ^bb0(%[[KIN:[^:]+]]: f16, %{{[^:]+}}: f32):
// CHECK-NEXT:          %[[KW:.+]] = arith.extf %[[KIN]] : f16 to f32
// CHECK-NEXT:          linalg.yield %[[KW]] : f32
// CHECK:             %[[V32:.+]] = linalg.generic {{.+}} ins(%[[V16]] : tensor<32x16xf16>) outs(%{{.+}} : tensor<32x16xf32>)
// CHECK-NEXT:        ^bb0(%[[VIN:[^:]+]]: f16, %{{[^:]+}}: f32):
// CHECK-NEXT:          %[[VW:.+]] = arith.extf %[[VIN]] : f16 to f32
// CHECK-NEXT:          linalg.yield %[[VW]] : f32
// CHECK:             linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[K32]], %[[QT]] : tensor<32x32xf32>, tensor<32x16xf32>) outs(%{{.+}} : tensor<32x16xf32>)
// CHECK:             linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[V32]], %{{.+}} : tensor<32x16xf32>, tensor<32x16xf32>) outs(%{{.+}} : tensor<16x16xf32>)
// CHECK-NOT:         arith.truncf
// CHECK:             scf.yield {{.+}} : tensor<16xf32>, tensor<16xf32>, tensor<16x16xf32>
//                  1/l scales O^T in f32; the transposing copy rounds to f16.
// CHECK:           linalg.generic {{.+}} outs(%{{.+}} : tensor<16x16xf32>)
// CHECK-NEXT:      ^bb0
// CHECK-NEXT:        arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK:           %[[OTILE:.+]] = linalg.generic {{.+}} ins(%{{.+}} : tensor<16x?xf32>) outs(%{{.+}} : tensor<?x16xf16>)
// CHECK-NEXT:      ^bb0(%[[OI:[^:]+]]: f32, %{{[^:]+}}: f16):
// CHECK-NEXT:        %[[H:.+]] = arith.truncf %[[OI]] : f32 to f16
// CHECK-NEXT:        linalg.yield %[[H]] : f16
// CHECK:           tensor.insert_slice %[[OTILE]]
// CHECK:             tensor.parallel_insert_slice %{{.+}} into %[[OUT]]
// CHECK:         tensor.collapse_shape %{{.+}} : tensor<2x4x1x32x16xf16> into tensor<2x4x32x16xf16>

// DIV-LABEL:   func.func @f16
// DIV-NOT:       arith.divf
// DIV:           scf.yield {{.+}} : tensor<16xf32>, tensor<16xf32>, tensor<16x16xf32>
// DIV-NOT:       arith.divf
// DIV:           arith.divf
// DIV-NOT:       arith.divf
// DIV:           return
func.func @f16(%q: tensor<2x4x32x32xf16>, %k: tensor<2x4x64x32xf16>, %v: tensor<2x4x64x16xf16>) -> tensor<2x4x32x16xf16> {
  %o = mha.attention %q, %k, %v : tensor<2x4x32x32xf16>, tensor<2x4x64x32xf16>, tensor<2x4x64x16xf16> -> tensor<2x4x32x16xf16>
  return %o : tensor<2x4x32x16xf16>
}

// -----

// Dynamic B, L and S: a forall over (B, Hkv, L / TQ) whole query tiles, then
// one over the rest in remainder tiles (remainder-tile=16: 16 rows in all, 4
// per head for G = 4), or, when a single row is left, one tile of one row per
// head; in each, the key/value loop takes whole TS = 32 steps,
// then the rest in steps of 16. Tiles stay static: whole tiles are plain
// views, the others windows moved back, or zero-padded when L or S is
// shorter than a tile.

// CHECK-LABEL: func.func @dynamic_b_l_s
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<?x8x?x32xf32>, %[[K:[^:]+]]: tensor<?x2x?x32xf32>, %[[V:[^:]+]]: tensor<?x2x?x16xf32>
// CHECK-DAG:     %[[B:.+]] = tensor.dim %[[Q]], %c0{{.*}} : tensor<?x8x?x32xf32>
// CHECK-DAG:     %[[L:.+]] = tensor.dim %[[Q]], %c2{{.*}} : tensor<?x8x?x32xf32>
// CHECK-DAG:     %[[S:.+]] = tensor.dim %[[K]], %c2{{.*}} : tensor<?x2x?x32xf32>
// CHECK:         %[[Q5:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0], [1, 2], [3], [4]] output_shape [%[[B]], 2, 4, %[[L]], 32] : tensor<?x8x?x32xf32> into tensor<?x2x4x?x32xf32>
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[B]], %[[L]]) : tensor<?x2x4x?x16xf32>
// CHECK:         %[[NQ:.+]] = arith.divui %[[L]], %c16{{.*}} : index
//                Each forall runs only if it has tiles.
// CHECK:         %[[ANY:.+]] = arith.cmpi ne, %[[NQ]], %c0{{.*}} : index
// CHECK:         %[[MAINIF:.+]] = scf.if %[[ANY]] -> (tensor<?x2x4x?x16xf32>) {
// CHECK:         %[[MAIN:.+]] = scf.forall (%{{[^,]+}}, %{{[^,]+}}, %{{[^)]+}}) in (%[[B]], 2, %[[NQ]]) shared_outs(%{{.+}} = %[[INIT]]) -> (tensor<?x2x4x?x16xf32>) {
// CHECK-NOT:       scf.if
// CHECK:           tensor.extract_slice %[[Q5]]{{.+}} [1, 1, 4, 16, 32] [1, 1, 1, 1, 1] : tensor<?x2x4x?x32xf32> to tensor<4x16x32xf32>
//                  The whole key/value steps end at 32 * floor(S / 32).
// CHECK:           %[[SPAN:.+]] = arith.subi %[[S]], %c0{{.*}} : index
// CHECK:           %[[NONNEG:.+]] = arith.maxsi %[[SPAN]], %c0{{.*}} : index
// CHECK:           %[[WHOLE:.+]] = arith.divui %[[NONNEG]], %c32{{.*}} : index
// CHECK:           %[[WHOLEROWS:.+]] = arith.muli %[[WHOLE]], %c32{{.*}} : index
// CHECK:           %[[SPLIT:.+]] = arith.addi %c0{{.*}}, %[[WHOLEROWS]] : index
// CHECK:           %[[STEPS:.+]]:3 = scf.for %{{.+}} = %c0{{.*}} to %[[SPLIT]] step %c32{{.*}} iter_args({{.+}}) -> (tensor<64xf32>, tensor<64xf32>, tensor<16x64xf32>) {
// CHECK-NEXT:        tensor.extract_slice %[[K]]{{.+}} [1, 1, 32, 32] [1, 1, 1, 1] : tensor<?x2x?x32xf32> to tensor<32x32xf32>
// CHECK-NEXT:        tensor.extract_slice %[[V]]{{.+}} [1, 1, 32, 16] [1, 1, 1, 1] : tensor<?x2x?x16xf32> to tensor<32x16xf32>
//                    A whole step lies within S: nothing to mask without a band.
// CHECK:             %[[INRANGE:.+]] = arith.constant true
// CHECK:             scf.if %[[INRANGE]] -> (tensor<32x64xf32>) {
//                  The keys left, in steps of 16, from the state the whole steps left.
// CHECK:           scf.for %{{.+}} = %[[SPLIT]] to %[[S]] step %c16{{.*}} iter_args(%{{.+}} = %[[STEPS]]#0, %{{.+}} = %[[STEPS]]#1, %{{.+}} = %[[STEPS]]#2) -> (tensor<64xf32>, tensor<64xf32>, tensor<16x64xf32>) {
// CHECK:             scf.if %{{.+}} -> (tensor<16x32xf32>) {
// CHECK:             %[[JNEXT16:.+]] = arith.addi %{{.+}}, %c16{{.*}} : index
// CHECK:             arith.cmpi sle, %[[JNEXT16]], %[[S]] : index
//                  The query rows left after the whole tiles, in tiles of 4 rows per head.
// CHECK:         %[[RESTSTART:.+]] = arith.muli %[[NQ]], %c16{{.*}} : index
// CHECK:         %[[RESTROWS:.+]] = arith.subi %[[L]], %[[RESTSTART]] : index
// CHECK:         %[[NR:.+]] = arith.ceildivui %[[RESTROWS]], %c4{{.*}} : index
//                A single row left per head (L = 1 above all): one tile of
//                one row per head, R = G = 4 rows.
// CHECK:         %[[ONE:.+]] = arith.cmpi eq, %[[RESTROWS]], %c1{{.*}} : index
// CHECK:         %[[TAILIF:.+]] = scf.if %[[ONE]] -> (tensor<?x2x4x?x16xf32>) {
// CHECK:           %[[SINGLE:.+]] = scf.forall (%{{[^,]+}}, %{{[^,]+}}, %{{[^)]+}}) in (%[[B]], 2, %c1{{.*}}) shared_outs(%{{.+}} = %[[MAINIF]]) -> (tensor<?x2x4x?x16xf32>) {
// CHECK:             scf.for %{{.+}} step %c32{{.*}} iter_args({{.+}}) -> (tensor<4xf32>, tensor<4xf32>, tensor<16x4xf32>) {
// CHECK:             scf.for %{{.+}} step %c16{{.*}} iter_args({{.+}}) -> (tensor<4xf32>, tensor<4xf32>, tensor<16x4xf32>) {
// CHECK:           scf.yield %[[SINGLE]]
// CHECK:         } else {
//                  Otherwise tiles of 4 rows per head.
// CHECK:           %[[ANYREST:.+]] = arith.cmpi ne, %[[NR]], %c0{{.*}} : index
// CHECK:           %[[RESTIF:.+]] = scf.if %[[ANYREST]] -> (tensor<?x2x4x?x16xf32>) {
// CHECK:           %[[REST:.+]] = scf.forall (%{{[^,]+}}, %{{[^,]+}}, %[[TR:[^)]+]]) in (%[[B]], 2, %[[NR]]) shared_outs(%{{.+}} = %[[MAINIF]]) -> (tensor<?x2x4x?x16xf32>) {
// CHECK:             %[[T4:.+]] = arith.muli %[[TR]], %c4{{.*}} : index
// CHECK:             %[[L0R:.+]] = arith.addi %[[RESTSTART]], %[[T4]] : index
// CHECK:             %[[LR:.+]] = arith.minsi %c4{{.*}}, %{{.+}} : index
// CHECK:             scf.if %{{.+}} -> (tensor<4x4x32xf32>) {
// CHECK:             scf.for %{{.+}} step %c32{{.*}} iter_args({{.+}}) -> (tensor<16xf32>, tensor<16xf32>, tensor<16x16xf32>) {
// CHECK:             scf.for %{{.+}} step %c16{{.*}} iter_args({{.+}}) -> (tensor<16xf32>, tensor<16xf32>, tensor<16x16xf32>) {
// CHECK:             scf.yield %[[REST]]
// CHECK:           } else {
// CHECK-NEXT:        scf.yield %[[MAINIF]]
// CHECK:           scf.yield %[[RESTIF]]
// CHECK:         tensor.collapse_shape %[[TAILIF]] {{\[}}[0], [1, 2], [3], [4]] : tensor<?x2x4x?x16xf32> into tensor<?x8x?x16xf32>

// With remainder-tile=0, one forall over ceildiv(L, TQ) query tiles (the last
// a window moved back) and one key/value loop to S.
// NOREM-LABEL: func.func @dynamic_b_l_s
// NOREM:         %[[NQ:.+]] = arith.ceildivui %{{.+}}, %c16{{.*}} : index
// NOREM:         %[[FORALL:.+]] = scf.forall (%{{[^,]+}}, %{{[^,]+}}, %{{[^)]+}}) in (%{{.+}}, 2, %[[NQ]])
// NOREM:           scf.for %{{.+}} = %c0{{.*}} to %{{.+}} step %c32{{.*}} iter_args
// NOREM-NOT:       scf.for %
// NOREM-NOT:       scf.forall (
// NOREM:         tensor.collapse_shape %[[FORALL]]

// DIV-LABEL:   func.func @dynamic_b_l_s
// DIV-NOT:       arith.divf
// DIV:           scf.yield {{.+}} : tensor<64xf32>, tensor<64xf32>, tensor<16x64xf32>
// DIV-NOT:       arith.divf
// DIV:           arith.divf
// DIV-NOT:       arith.divf
// DIV:           scf.yield {{.+}} : tensor<4xf32>, tensor<4xf32>, tensor<16x4xf32>
// DIV-NOT:       arith.divf
// DIV:           arith.divf
// DIV-NOT:       arith.divf
// DIV:           scf.yield {{.+}} : tensor<16xf32>, tensor<16xf32>, tensor<16x16xf32>
// DIV-NOT:       arith.divf
// DIV:           arith.divf
// DIV-NOT:       arith.divf
// DIV:           return
func.func @dynamic_b_l_s(%q: tensor<?x8x?x32xf32>, %k: tensor<?x2x?x32xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x8x?x16xf32> {
  %o = mha.attention %q, %k, %v : tensor<?x8x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x16xf32> -> tensor<?x8x?x16xf32>
  return %o : tensor<?x8x?x16xf32>
}

// -----

// Hkv may be dynamic in 'key' when 'value' gives it: Hq = 6, Hkv = 3, G = 2,
// R = 2 * 16 = 32 rows per tile.

// CHECK-LABEL: func.func @hkv_from_value
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<1x6x16x32xf32>, %[[K:[^:]+]]: tensor<1x?x32x32xf32>
// CHECK:         tensor.expand_shape %[[Q]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 3, 2, 16, 32] : tensor<1x6x16x32xf32> into tensor<1x3x2x16x32xf32>
// CHECK:         scf.forall (%[[BI:[^,]+]], %[[HI:[^,]+]], %{{[^)]+}}) in (%{{.+}}, 3, %{{.+}}) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<1x3x2x16x32xf32>) {
// CHECK:           scf.for {{.+}} -> (tensor<32xf32>, tensor<32xf32>, tensor<32x32xf32>) {
// CHECK:             tensor.extract_slice %[[K]][%[[BI]], %[[HI]], %{{.+}}, 0] [1, 1, 32, 32] [1, 1, 1, 1] : tensor<1x?x32x32xf32> to tensor<32x32xf32>
func.func @hkv_from_value(%q: tensor<1x6x16x32xf32>, %k: tensor<1x?x32x32xf32>, %v: tensor<1x3x32x32xf32>) -> tensor<1x6x16x32xf32> {
  %o = mha.attention %q, %k, %v : tensor<1x6x16x32xf32>, tensor<1x?x32x32xf32>, tensor<1x3x32x32xf32> -> tensor<1x6x16x32xf32>
  return %o : tensor<1x6x16x32xf32>
}
