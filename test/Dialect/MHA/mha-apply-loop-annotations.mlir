// RUN: mha-opt %s -mha-apply-loop-annotations -split-input-file | FileCheck %s
// Diagnostics: the pass has no failure mode: no diagnostic for any input here.
// RUN: mha-opt %s -mha-apply-loop-annotations -split-input-file -verify-diagnostics -o /dev/null
// The hint reaches LLVM IR as !llvm.loop metadata.
// RUN: mha-opt %s -mha-apply-loop-annotations -split-input-file | mlir-translate --mlir-to-llvmir -split-input-file \
// RUN:   | FileCheck %s --check-prefix=LLVMIR

#unroll = #llvm.loop_unroll<disable = true>
#no_unroll = #llvm.loop_annotation<unroll = #unroll>

// A carried llvm.loop_annotation on a back edge (what scf-to-cf and
// cf-to-llvm leave of an annotated scf.for) becomes the branch's own
// loop_annotation; a branch without one is left alone.

// CHECK-DAG:   #[[UNROLL:.+]] = #llvm.loop_unroll<disable = true>
// CHECK-DAG:   #[[ANN:.+]] = #llvm.loop_annotation<unroll = #[[UNROLL]]>
// CHECK-LABEL: llvm.func @carried(
// CHECK:         llvm.br ^bb1(%{{.+}} : i64){{$}}
// CHECK:         llvm.br ^bb1(%{{.+}} : i64) {loop_annotation = #[[ANN]]}
// CHECK-NOT:     llvm.loop_annotation =
// LLVMIR-LABEL: define void @carried(
// LLVMIR:         br label %{{.+}}, !llvm.loop ![[LOOP:[0-9]+]]
// LLVMIR:       ![[LOOP]] = distinct !{![[LOOP]], ![[DISABLE:[0-9]+]]}
// LLVMIR:       ![[DISABLE]] = !{!"llvm.loop.unroll.disable"}
llvm.func @carried(%p: !llvm.ptr) {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %c1 = llvm.mlir.constant(1 : i64) : i64
  %c8 = llvm.mlir.constant(8 : i64) : i64
  %f = llvm.mlir.constant(1.0 : f32) : f32
  llvm.br ^bb1(%c0 : i64)
^bb1(%i: i64):
  %done = llvm.icmp "sge" %i, %c8 : i64
  llvm.cond_br %done, ^bb3, ^bb2
^bb2:
  %a = llvm.getelementptr %p[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  llvm.store %f, %a : f32, !llvm.ptr
  %n = llvm.add %i, %c1 : i64
  llvm.br ^bb1(%n : i64) {llvm.loop_annotation = #no_unroll}
^bb3:
  llvm.return
}

// -----

// A branch with its own annotation keeps it; the carried one is dropped.

#unroll = #llvm.loop_unroll<disable = true>
#no_unroll = #llvm.loop_annotation<unroll = #unroll>
#unroll4 = #llvm.loop_unroll<count = 4 : i32>
#by4 = #llvm.loop_annotation<unroll = #unroll4>

// CHECK-LABEL: llvm.func @own(
// CHECK:         llvm.cond_br %{{.+}}, ^bb1(%{{.+}} : i64), ^bb2 {loop_annotation = #{{.+}}}
// CHECK-NOT:     llvm.loop_annotation =
// LLVMIR-LABEL: define void @own(
// LLVMIR:       !{!"llvm.loop.unroll.count", i32 4}
llvm.func @own(%n: i64) {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %c1 = llvm.mlir.constant(1 : i64) : i64
  llvm.br ^bb1(%c0 : i64)
^bb1(%i: i64):
  %next = llvm.add %i, %c1 : i64
  %more = llvm.icmp "slt" %next, %n : i64
  llvm.cond_br %more, ^bb1(%next : i64), ^bb2 {loop_annotation = #by4, llvm.loop_annotation = #no_unroll}
^bb2:
  llvm.return
}
