; The NVVM intrinsics of the attention kernels that return aggregates,
; as wrappers around C functions of emulator.cpp (which take pointers):
; an aggregate return has no C ABI. Address spaces are stripped from the
; kernel IR before it is compiled for the host, so every pointer is generic.

declare void @emu_ldmatrix_x4(ptr, i32, ptr)
declare void @emu_mma(i32, ptr, ptr, ptr, ptr)

define { i32, i32, i32, i32 } @emu.ldmatrix.x4(ptr %p) {
  %out = alloca { i32, i32, i32, i32 }, align 16
  call void @emu_ldmatrix_x4(ptr %p, i32 0, ptr %out)
  %v = load { i32, i32, i32, i32 }, ptr %out
  ret { i32, i32, i32, i32 } %v
}

define { i32, i32, i32, i32 } @emu.ldmatrix.x4.trans(ptr %p) {
  %out = alloca { i32, i32, i32, i32 }, align 16
  call void @emu_ldmatrix_x4(ptr %p, i32 1, ptr %out)
  %v = load { i32, i32, i32, i32 }, ptr %out
  ret { i32, i32, i32, i32 } %v
}

define { float, float, float, float } @emu.mma.f16(
    <2 x half> %a0, <2 x half> %a1, <2 x half> %a2, <2 x half> %a3,
    <2 x half> %b0, <2 x half> %b1,
    float %c0, float %c1, float %c2, float %c3) {
  %a = alloca [4 x i32], align 16
  %b = alloca [2 x i32], align 16
  %c = alloca [4 x float], align 16
  %d = alloca { float, float, float, float }, align 16
  %ai0 = bitcast <2 x half> %a0 to i32
  %ai1 = bitcast <2 x half> %a1 to i32
  %ai2 = bitcast <2 x half> %a2 to i32
  %ai3 = bitcast <2 x half> %a3 to i32
  %bi0 = bitcast <2 x half> %b0 to i32
  %bi1 = bitcast <2 x half> %b1 to i32
  call void @store4i(ptr %a, i32 %ai0, i32 %ai1, i32 %ai2, i32 %ai3)
  call void @store2i(ptr %b, i32 %bi0, i32 %bi1)
  call void @store4f(ptr %c, float %c0, float %c1, float %c2, float %c3)
  call void @emu_mma(i32 0, ptr %a, ptr %b, ptr %c, ptr %d)
  %v = load { float, float, float, float }, ptr %d
  ret { float, float, float, float } %v
}

define { float, float, float, float } @emu.mma.bf16(
    i32 %a0, i32 %a1, i32 %a2, i32 %a3, i32 %b0, i32 %b1,
    float %c0, float %c1, float %c2, float %c3) {
  %a = alloca [4 x i32], align 16
  %b = alloca [2 x i32], align 16
  %c = alloca [4 x float], align 16
  %d = alloca { float, float, float, float }, align 16
  call void @store4i(ptr %a, i32 %a0, i32 %a1, i32 %a2, i32 %a3)
  call void @store2i(ptr %b, i32 %b0, i32 %b1)
  call void @store4f(ptr %c, float %c0, float %c1, float %c2, float %c3)
  call void @emu_mma(i32 1, ptr %a, ptr %b, ptr %c, ptr %d)
  %v = load { float, float, float, float }, ptr %d
  ret { float, float, float, float } %v
}

define internal void @store4i(ptr %p, i32 %x0, i32 %x1, i32 %x2, i32 %x3) {
  %p1 = getelementptr i32, ptr %p, i64 1
  %p2 = getelementptr i32, ptr %p, i64 2
  %p3 = getelementptr i32, ptr %p, i64 3
  store i32 %x0, ptr %p
  store i32 %x1, ptr %p1
  store i32 %x2, ptr %p2
  store i32 %x3, ptr %p3
  ret void
}

define internal void @store2i(ptr %p, i32 %x0, i32 %x1) {
  %p1 = getelementptr i32, ptr %p, i64 1
  store i32 %x0, ptr %p
  store i32 %x1, ptr %p1
  ret void
}

define internal void @store4f(ptr %p, float %x0, float %x1, float %x2, float %x3) {
  %p1 = getelementptr float, ptr %p, i64 1
  %p2 = getelementptr float, ptr %p, i64 2
  %p3 = getelementptr float, ptr %p, i64 3
  store float %x0, ptr %p
  store float %x1, ptr %p1
  store float %x2, ptr %p2
  store float %x3, ptr %p3
  ret void
}
