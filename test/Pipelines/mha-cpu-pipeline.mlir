// --mha-cpu-pipeline from mha ops on tensors to the LLVM dialect, and what its options change.
//
// Default: nothing but LLVM dialect ops remain (an mha op is one at the
// start of a line or after `= `, not text in an assertion message), every public function gets a
// _mlir_ciface_ wrapper, and buffers come from malloc and go back to free. The
// parallel tile loops (num-threads=0) stay omp.parallel/omp.wsloop regions
// with LLVM dialect bodies: that is the form the OpenMP translation to LLVM IR
// takes (upstream convert-openmp-to-llvm keeps the omp ops), so `omp.` is
// expected here and checked away only for num-threads=1 below.
// RUN: mha-opt %s --mha-cpu-pipeline -split-input-file | FileCheck %s \
// RUN:   --implicit-check-not="{{(^ *|= )mha[.]}}" --implicit-check-not=linalg. --implicit-check-not=tensor. \
// RUN:   --implicit-check-not=memref. --implicit-check-not=bufferization. --implicit-check-not=scf. \
// RUN:   --implicit-check-not=cf. --implicit-check-not=arith. --implicit-check-not=math. \
// RUN:   --implicit-check-not=vector. --implicit-check-not=affine. --implicit-check-not=func.func \
// RUN:   --implicit-check-not=builtin.unrealized_conversion_cast
//
// The omp regions translate to LLVM IR as calls into the OpenMP runtime.
// RUN: mha-opt %s --mha-cpu-pipeline -split-input-file | mlir-translate --mlir-to-llvmir -split-input-file \
// RUN:   | FileCheck %s --check-prefix=LLVMIR
//
// omp-schedule=static: the worksharing loops keep OpenMP's default schedule
// (one contiguous share per thread) instead of dynamic.
// RUN: mha-opt %s --mha-cpu-pipeline="omp-schedule=static" -split-input-file | FileCheck %s --check-prefix=STATIC \
// RUN:   --implicit-check-not=schedule
//
// num-threads=1: sequential loops, no OpenMP at all.
// RUN: mha-opt %s --mha-cpu-pipeline="num-threads=1" -split-input-file | FileCheck %s --check-prefix=SEQ \
// RUN:   --implicit-check-not=omp. --implicit-check-not=__kmpc
//
// emit-c-interface=false: no wrapper and no attribute asking for one.
// RUN: mha-opt %s --mha-cpu-pipeline="emit-c-interface=false" -split-input-file | FileCheck %s --check-prefix=NOCI \
// RUN:   --implicit-check-not=_mlir_ciface_ --implicit-check-not=llvm.emit_c_interface
//
// The flash path (default) tiles mha.attention into an scf.forall before the
// linalg lowering; flash=false lowers it directly, without any scf.forall.
// RUN: mha-opt %s --mha-cpu-pipeline -split-input-file -o /dev/null \
// RUN:   -mlir-print-ir-after=mha-tile-attention,mha-lower-attention-to-linalg 2>&1 | FileCheck %s --check-prefix=FLASH
// RUN: mha-opt %s --mha-cpu-pipeline="flash=false" -split-input-file -o /dev/null \
// RUN:   -mlir-print-ir-after=mha-tile-projections,mha-tile-attention,mha-lower-attention-to-linalg 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOFLASH \
// RUN:   --implicit-check-not=scf.forall --implicit-check-not=MHATileAttention --implicit-check-not=MHATileProjections
//
// The default path also tiles each projection contraction of a block
// (mha-tile-projections) into an scf.forall of static f32 tile products;
// no 4-loop (b, n, m, k) contraction is left.
// RUN: mha-opt %s --mha-cpu-pipeline -split-input-file -o /dev/null \
// RUN:   -mlir-print-ir-after=mha-tile-projections 2>&1 | FileCheck %s --check-prefix=PROJ \
// RUN:   --implicit-check-not='"parallel", "parallel", "parallel", "reduction"'
//
// Options reach the passes they configure.
// RUN: mha-opt %s --mha-cpu-pipeline="query-tile=16 kv-tile=8 wide-tile-kv-kib=4096 kv-splits=3 projection-row-tile=24 projection-col-tile=16 projection-weight-block-kib=512 fuse-elementwise=false emit-c-interface=false" \
// RUN:   --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=OPTS \
// RUN:   --implicit-check-not=linalg-fuse-elementwise-ops --implicit-check-not=mha-add-c-interface
// kv-splits=0 (automatic) means none with one thread: shares of the key
// range would only add their combination.
// RUN: mha-opt %s --mha-cpu-pipeline --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=SPLITS-AUTO
// RUN: mha-opt %s --mha-cpu-pipeline="num-threads=1" --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=SPLITS-SEQ
// RUN: mha-opt %s --mha-cpu-pipeline="num-threads=1 kv-splits=4" --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=SPLITS-4
// SPLITS-AUTO: mha-tile-attention{kv-splits=0
// SPLITS-SEQ: mha-tile-attention{kv-splits=1
// SPLITS-4: mha-tile-attention{kv-splits=4
// RUN: mha-opt %s --mha-cpu-pipeline="flash=false" --dump-pass-pipeline -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOFLASH-PASSES --implicit-check-not=mha-tile-attention \
// RUN:   --implicit-check-not=mha-tile-projections --implicit-check-not=mha-vectorize-tiles
// RUN: mha-opt %s --mha-cpu-pipeline="vectorize=false" --dump-pass-pipeline -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOVEC-PASSES --implicit-check-not=mha-tile-projections \
// RUN:   --implicit-check-not=mha-vectorize-tiles

// OPTS:             mha-decompose-multi-head-attention
// OPTS-NEXT:        mha-tile-projections{col-tile=16 row-step=6 row-tile=24 weight-block-kib=512}
// OPTS-NEXT:        mha-tile-attention{kv-splits=3 kv-tile=8 query-tile=16 remainder-tile=16 unfused-max-scores=32 wide-tile-kv-kib=4096}
// OPTS:             mha-lower-attention-to-linalg
// OPTS:             one-shot-bufferize
// OPTS:             buffer-loop-hoisting
// OPTS:             convert-func-to-llvm

// NOFLASH-PASSES:   mha-decompose-multi-head-attention
// NOFLASH-PASSES-NEXT: mha-lower-attention-to-linalg
// NOFLASH-PASSES:   linalg-fuse-elementwise-ops
// NOFLASH-PASSES:   mha-add-c-interface

// NOVEC-PASSES:     mha-decompose-multi-head-attention
// NOVEC-PASSES-NEXT: mha-tile-attention{
// NOVEC-PASSES:     mha-lower-attention-to-linalg

// Causal GQA attention with a mask, f32.

// CHECK-DAG:        llvm.func @malloc(i64) -> !llvm.ptr
// CHECK-DAG:        llvm.func @free(!llvm.ptr)
// CHECK-LABEL:      llvm.func @attention(
// CHECK-SAME:         attributes {llvm.emit_c_interface}
// CHECK:              llvm.call @malloc
// CHECK:              omp.parallel {
// CHECK-NEXT:           omp.wsloop schedule(dynamic = %{{.+}} : i32) {
// CHECK-NEXT:             omp.loop_nest
// CHECK:                    llvm.call @free
// CHECK:                    omp.yield
// CHECK:                omp.terminator
// CHECK-NOT:          omp.parallel
// CHECK:              llvm.return
// CHECK-LABEL:      llvm.func @_mlir_ciface_attention(
// CHECK-SAME:         %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr)
// CHECK:              llvm.call @attention(
// CHECK:              llvm.return

// NOCI-LABEL:       llvm.func @attention(
// NOCI:               llvm.return

// LLVMIR-LABEL:     define {{.+}} @attention(
// LLVMIR:             call void {{.+}} @__kmpc_fork_call({{.+}}, ptr @attention..omp_par,
// LLVMIR:           define internal void @attention..omp_par(
// LLVMIR:             call void @__kmpc_dispatch_init_8u(
// LLVMIR:             call i32 @__kmpc_dispatch_next_8u(

// STATIC-LABEL:     llvm.func @attention(
// STATIC:             omp.parallel {
// STATIC-NEXT:          omp.wsloop {

// SEQ-LABEL:        llvm.func @attention(
// SEQ:                llvm.return
// SEQ-LABEL:        llvm.func @_mlir_ciface_attention(

// A bare mha.attention has no projection to tile.
// PROJ:             IR Dump After MHATileProjections (mha-tile-projections)
// PROJ-NEXT:        module {
// PROJ-NEXT:          func.func @attention(
// PROJ-NEXT:            mha.attention
// PROJ-NEXT:            return

// FLASH:            IR Dump After MHATileAttention (mha-tile-attention)
// FLASH:            func.func @attention(
// FLASH-NOT:          mha.attention
// FLASH:              scf.forall
// FLASH-NOT:          mha.attention
// FLASH:            IR Dump After MHALowerAttentionToLinalg (mha-lower-attention-to-linalg)
// FLASH:            func.func @attention(
// FLASH:              scf.forall

// NOFLASH:          IR Dump After MHALowerAttentionToLinalg (mha-lower-attention-to-linalg)
// NOFLASH:          func.func @attention(
// NOFLASH-NOT:        mha.attention
// NOFLASH:            linalg.generic
// NOFLASH-NOT:        mha.attention
// NOFLASH:            return
func.func @attention(%q: tensor<1x4x32x16xf32>, %k: tensor<1x2x32x16xf32>, %v: tensor<1x2x32x8xf32>, %m: tensor<1x1x32x32xi1>) -> tensor<1x4x32x8xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x32x32xi1>) causal(top_left)
         : tensor<1x4x32x16xf32>, tensor<1x2x32x16xf32>, tensor<1x2x32x8xf32> -> tensor<1x4x32x8xf32>
  return %o : tensor<1x4x32x8xf32>
}

// -----

// A full f16 block with biases, GQA heads(4, 2), dynamic batch: the
// decomposition, the attention and the projections all reach LLVM.

// CHECK-DAG:        llvm.func @malloc(i64) -> !llvm.ptr
// CHECK-DAG:        llvm.func @free(!llvm.ptr)
// CHECK-LABEL:      llvm.func @block(
// CHECK-SAME:         attributes {llvm.emit_c_interface}
// CHECK:              llvm.call @malloc
// Parallel loops: X packed into row tiles once for the Q, K and V
// projections; the row tiles of each of those; the attention; the output
// projection's packing of the attention's result; its row tiles. The
// weights, K = 32 rows each, are packed by one block of rows each:
// sequentially.
// CHECK-COUNT-7:      omp.parallel {
// CHECK:              llvm.call @free
// CHECK-NOT:          omp.parallel
// CHECK:              llvm.return
// CHECK-LABEL:      llvm.func @_mlir_ciface_block(
// CHECK:              llvm.call @block(
// CHECK:              llvm.return

// NOCI-LABEL:       llvm.func @block(
// NOCI:               llvm.return

// LLVMIR-LABEL:     define {{.+}} @block(
// LLVMIR-COUNT-7:     call void {{.+}} @__kmpc_fork_call(

// SEQ-LABEL:        llvm.func @block(
// SEQ:                llvm.return
// SEQ-LABEL:        llvm.func @_mlir_ciface_block(

// X is widened once into f32 row tiles of 32 rows with 16 padding columns
// (a forall over (batch, row tiles), shared by the Q, K and V projections).
// Each projection packs its weight into f32 [M / TN, K, TN] panels, row by
// row of W (a forall over blocks of 64 rows: one here, K = 32), then runs a
// forall over (batch, 32-row tiles) that reads its
// packed row tile of X and computes every column tile (an scf.for) from the
// broadcast bias. The head split of Q, K and V
// and the f16 rounding happen in the tiles: the forall results are
// head-major f16 tensors that mha.attention reads directly. The output
// projection reads the attention's [B, H, L, E] result head by head.
// PROJ:             IR Dump After MHATileProjections (mha-tile-projections)
// PROJ:             func.func @block(
// PROJ-SAME:          %[[X:[^:]+]]: tensor<?x8x32xf16>, %[[WQ:[^:]+]]: tensor<32x32xf16>, %[[WK:[^:]+]]: tensor<32x16xf16>, %[[WV:[^:]+]]: tensor<32x16xf16>, %[[WO:[^:]+]]: tensor<32x32xf16>, %[[BQ:[^:]+]]: tensor<32xf16>
// PROJ:               %[[XP:.+]] = scf.forall (%[[PB:[^,]+]], %[[PT:[^)]+]]) in (%{{.+}}, 1) shared_outs(%[[XPO:.+]] = %{{.+}}) -> (tensor<?x1x32x48xf32>) {
// PROJ:                 %[[XSLOT:.+]] = tensor.extract_slice %[[XPO]][%[[PB]], %[[PT]], 0, 0] [1, 1, 32, 32] [1, 1, 1, 1] : tensor<?x1x32x48xf32> to tensor<32x32xf32>
// PROJ:                 tensor.extract_slice %[[X]][%[[PB]], %{{.+}}, 0] [1, %{{.+}}, 32] [1, 1, 1] : tensor<?x8x32xf16> to tensor<?x32xf16>
// PROJ:                 tensor.pad
// PROJ:                 linalg.generic {{.+}} ins(%{{.+}} : tensor<32x32xf16>) outs(%[[XSLOT]] : tensor<32x32xf32>)
// PROJ:               %[[WQP:.+]] = scf.forall (%{{.+}}) in (1) shared_outs(%{{.+}}) -> (tensor<4x32x8xf32>) {
// PROJ:                 scf.for
// PROJ:                   tensor.extract_slice %[[WQ]][%{{.+}}, 0] [1, 32] [1, 1] : tensor<32x32xf16> to tensor<32xf16>
// PROJ:                   tensor.expand_shape %{{.+}} {{\[}}[0, 1]] output_shape [4, 8] : tensor<32xf16> into tensor<4x8xf16>
// PROJ:                   arith.extf %{{.+}} : f16 to f32
// PROJ:               %[[Q:.+]] = scf.forall (%[[QB:[^,]+]], %{{[^,]+}}, %[[QRT:[^)]+]]) in (%{{.+}}, 1, %{{.+}}) shared_outs(%[[QOUT:[^ ]+]] = %{{.+}}) -> (tensor<?x4x8x8xf16>) {
// PROJ:                 %[[XT:.+]] = tensor.extract_slice %[[XP]][%[[QB]], %[[QRT]], 0, 0] [1, 1, 32, 32] [1, 1, 1, 1] : tensor<?x1x32x48xf32> to tensor<32x32xf32>
// PROJ:                 scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}}) -> (tensor<4x32x8xf16>) {
// PROJ:                   %[[CT:.+]] = arith.divui %{{.+}}, %c8{{.*}} : index
// PROJ:                   tensor.extract_slice %[[BQ]][%{{.+}}] [8] [1] : tensor<32xf16> to tensor<8xf16>
// PROJ:                   %[[INIT:.+]] = linalg.generic {{.+}} ins(%{{.+}} : tensor<8xf32>) outs(%{{.+}} : tensor<32x8xf32>)
// PROJ:                   %[[PANEL:.+]] = tensor.extract_slice %[[WQP]][%[[CT]], 0, 0] [1, 32, 8] [1, 1, 1] : tensor<4x32x8xf32> to tensor<32x8xf32>
// PROJ:                   %[[P:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[XT]], %[[PANEL]] : tensor<32x32xf32>, tensor<32x8xf32>) outs(%[[INIT]] : tensor<32x8xf32>)
// PROJ:                   linalg.generic {{.+}} ins(%[[P]] : tensor<32x8xf32>) outs(%{{.+}} : tensor<32x8xf16>)
// PROJ:                   arith.truncf
// PROJ:                 scf.forall.in_parallel {
// PROJ-NEXT:              tensor.parallel_insert_slice %{{.+}} into %[[QOUT]][%[[QB]], %{{.+}}, %{{.+}}, 0] [1, 4, %{{.+}}, 8] [1, 1, 1, 1] : tensor<4x?x8xf16> into tensor<?x4x8x8xf16>
// PROJ:               %[[K:.+]] = scf.forall {{.+}} -> (tensor<?x2x8x8xf16>) {
// PROJ:                 tensor.extract_slice %[[XP]]
// PROJ:               %[[V:.+]] = scf.forall {{.+}} -> (tensor<?x2x8x8xf16>) {
// PROJ:                 tensor.extract_slice %[[XP]]
// PROJ:               %[[O:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] causal(bottom_right)
// PROJ:               %[[OP:.+]] = scf.forall {{.+}} -> (tensor<?x1x32x48xf32>) {
// PROJ:                 tensor.extract_slice %[[O]][%{{.+}}, %c0{{.*}}, %{{.+}}, 0] [1, 1, %{{.+}}, 8] [1, 1, 1, 1] : tensor<?x4x8x8xf16> to tensor<?x8xf16>
// PROJ:                 tensor.extract_slice %[[O]][%{{.+}}, %c3{{.*}}, %{{.+}}, 0] [1, 1, %{{.+}}, 8] [1, 1, 1, 1] : tensor<?x4x8x8xf16> to tensor<?x8xf16>
// PROJ:               tensor.extract_slice %[[WO]][%{{.+}}, 0] [1, 32] [1, 1] : tensor<32x32xf16> to tensor<32xf16>
// PROJ:               scf.forall {{.+}} -> (tensor<?x8x32xf16>) {
// PROJ:                 %[[OT:.+]] = tensor.extract_slice %[[OP]]
// PROJ:                 linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[OT]], %{{.+}} : tensor<32x32xf32>, tensor<32x32xf32>) outs(%{{.+}} : tensor<32x32xf32>)
// PROJ-NOT:           = scf.forall
// PROJ:               return

// FLASH:            IR Dump After MHATileAttention (mha-tile-attention)
// FLASH:            func.func @block(
// FLASH-NOT:          {{(^ *|= )mha[.]}}
// FLASH:              scf.forall
// FLASH-NOT:          {{(^ *|= )mha[.]}}
// FLASH:            IR Dump After MHALowerAttentionToLinalg (mha-lower-attention-to-linalg)
// FLASH:            func.func @block(
// FLASH:              scf.forall

// NOFLASH:          IR Dump After MHALowerAttentionToLinalg (mha-lower-attention-to-linalg)
// NOFLASH:          func.func @block(
// NOFLASH-NOT:        {{(^ *|= )mha[.]}}
// NOFLASH-COUNT-3:    linalg.generic {indexing_maps = [#{{.+}}, #{{.+}}, #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.+}}, %{{.+}} : tensor<?x8x32xf16>, tensor<32x{{16|32}}xf16>) outs(%{{.+}} : tensor<?x8x{{16|32}}xf32>)
// NOFLASH-NOT:        {{(^ *|= )mha[.]}}
// NOFLASH:            linalg.generic {indexing_maps = [#{{.+}}, #{{.+}}, #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.+}}, %{{.+}} : tensor<?x8x32xf16>, tensor<32x32xf16>) outs(%{{.+}} : tensor<?x8x32xf32>)
// NOFLASH-NOT:        {{(^ *|= )mha[.]}}
// NOFLASH:            return
func.func @block(%x: tensor<?x8x32xf16>, %wq: tensor<32x32xf16>, %wk: tensor<32x16xf16>, %wv: tensor<32x16xf16>, %wo: tensor<32x32xf16>,
                 %bq: tensor<32xf16>, %bk: tensor<16xf16>, %bv: tensor<16xf16>, %bo: tensor<32xf16>) -> tensor<?x8x32xf16> {
  %y = mha.multi_head_attention %x, %x, %x
         weights(%wq, %wk, %wv, %wo : tensor<32x32xf16>, tensor<32x16xf16>, tensor<32x16xf16>, tensor<32x32xf16>)
         biases(%bq, %bk, %bv, %bo : tensor<32xf16>, tensor<16xf16>, tensor<16xf16>, tensor<32xf16>)
         heads(4, 2) causal(bottom_right) : tensor<?x8x32xf16>, tensor<?x8x32xf16>, tensor<?x8x32xf16> -> tensor<?x8x32xf16>
  return %y : tensor<?x8x32xf16>
}
