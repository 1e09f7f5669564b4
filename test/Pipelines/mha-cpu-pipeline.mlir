// --mha-cpu-pipeline from mha ops on tensors to the LLVM dialect, and what its options change.
//
// Default: nothing but LLVM dialect ops remain (an mha op is one at the
// start of a line or after `= `, not text in an assertion message), every public function gets a
// _mlir_ciface_ wrapper, and buffers come from malloc and go back to free.
// RUN: mha-opt %s --mha-cpu-pipeline -split-input-file | FileCheck %s \
// RUN:   --implicit-check-not="{{(^ *|= )mha[.]}}" --implicit-check-not=linalg. --implicit-check-not=tensor. \
// RUN:   --implicit-check-not=memref. --implicit-check-not=bufferization. --implicit-check-not=scf. \
// RUN:   --implicit-check-not=cf. --implicit-check-not=arith. --implicit-check-not=math. \
// RUN:   --implicit-check-not=vector. --implicit-check-not=affine. --implicit-check-not=func.func \
// RUN:   --implicit-check-not=builtin.unrealized_conversion_cast
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
// RUN:   -mlir-print-ir-after=mha-tile-attention,mha-lower-attention-to-linalg 2>&1 | FileCheck %s --check-prefix=NOFLASH \
// RUN:   --implicit-check-not=scf.forall --implicit-check-not=MHATileAttention
//
// Options reach the passes they configure.
// RUN: mha-opt %s --mha-cpu-pipeline="query-tile=16 kv-tile=8 fuse-elementwise=false emit-c-interface=false" \
// RUN:   --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=OPTS \
// RUN:   --implicit-check-not=linalg-fuse-elementwise-ops --implicit-check-not=mha-add-c-interface
// RUN: mha-opt %s --mha-cpu-pipeline="flash=false" --dump-pass-pipeline -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOFLASH-PASSES --implicit-check-not=mha-tile-attention

// OPTS:             mha-decompose-multi-head-attention
// OPTS-NEXT:        mha-tile-attention{kv-tile=8 query-tile=16}
// OPTS:             mha-lower-attention-to-linalg
// OPTS:             one-shot-bufferize
// OPTS:             convert-func-to-llvm

// NOFLASH-PASSES:   mha-decompose-multi-head-attention
// NOFLASH-PASSES-NEXT: mha-lower-attention-to-linalg
// NOFLASH-PASSES:   linalg-fuse-elementwise-ops
// NOFLASH-PASSES:   mha-add-c-interface

// Causal GQA attention with a mask, f32.

// CHECK-DAG:        llvm.func @malloc(i64) -> !llvm.ptr
// CHECK-DAG:        llvm.func @free(!llvm.ptr)
// CHECK-LABEL:      llvm.func @attention(
// CHECK-SAME:         attributes {llvm.emit_c_interface}
// CHECK:              llvm.call @malloc
// CHECK:              llvm.call @free
// CHECK:              llvm.return
// CHECK-LABEL:      llvm.func @_mlir_ciface_attention(
// CHECK-SAME:         %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr)
// CHECK:              llvm.call @attention(
// CHECK:              llvm.return

// NOCI-LABEL:       llvm.func @attention(
// NOCI:               llvm.return

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
// CHECK:              llvm.call @free
// CHECK:              llvm.return
// CHECK-LABEL:      llvm.func @_mlir_ciface_block(
// CHECK:              llvm.call @block(
// CHECK:              llvm.return

// NOCI-LABEL:       llvm.func @block(
// NOCI:               llvm.return

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
// NOFLASH:            linalg.matmul
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
