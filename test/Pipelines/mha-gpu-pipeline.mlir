// RUN: mha-opt %s --mha-gpu-pipeline="format=ptx" | FileCheck %s
// RUN: mha-opt %s --mha-gpu-pipeline="format=ptx" | %python %S/Inputs/extract_ptx.py | FileCheck %s --check-prefix=PTX
// RUN: mha-opt %s --mha-gpu-pipeline="format=ptx cuda-path=%t.no-cuda" | %python %S/Inputs/extract_ptx.py | FileCheck %s --check-prefix=PTX
// RUN: mha-opt %s --mha-gpu-pipeline="format=ptx" | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVM

// The whole GPU pipeline on one causal f32 attention, to PTX (host code in
// the LLVM dialect that launches the kernel through the mgpu* runtime on
// device buffers, and the kernel as PTX in gpu.binary). PTX needs no CUDA
// toolkit (no ptxas, no libdevice): the second RUN line has none.

// Host: one stream per call; the result is a device allocation; the
// operands are passed as bare device pointers.
// CHECK-LABEL: llvm.func @attn(
// CHECK-SAME:    -> !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>
// CHECK:         %[[STREAM:.+]] = llvm.call @mgpuStreamCreate() : () -> !llvm.ptr
// CHECK:         %[[OUT:.+]] = llvm.call @mgpuMemAlloc(%{{.+}}, %[[STREAM]], %{{.+}}) : (i64, !llvm.ptr, i8) -> !llvm.ptr
// CHECK:         gpu.launch_func <%[[STREAM]] : !llvm.ptr> @mha_kernels::@attn_attention_0
// CHECK-SAME:      args(%{{.+}} : !llvm.ptr, %{{.+}} : !llvm.ptr, %{{.+}} : !llvm.ptr, %[[OUT]] : !llvm.ptr)
// CHECK:         llvm.call @mgpuStreamSynchronize(%[[STREAM]])
// CHECK:         llvm.call @mgpuStreamDestroy(%[[STREAM]])
// CHECK:       llvm.func @_mlir_ciface_attn(

// Device: the kernel as PTX for sm_90 in gpu.binary.
// CHECK:       gpu.binary @mha_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_90">, properties = {{.+}}, assembly = "{{.+}}.target sm_90

// In the PTX, workgroup buffers are 16-byte aligned, K/V are staged between barriers,
// and there are warp shuffles (butterfly for the row max/sum, indexed for P).
// PTX:         .visible .entry attn_attention_0(
// PTX-COUNT-3:   .shared .align 16 .b8 __wg_attn_attention_0_{{[0-2]}}
// PTX:           st.shared.b32
// PTX:           bar.sync 0;
// PTX:           st.shared.b32
// PTX:           bar.sync 0;
// PTX-DAG:       ld.shared
// PTX-DAG:       shfl.sync.bfly.b32 {{.+}}, 16, 31, -1;
// PTX-DAG:       shfl.sync.bfly.b32 {{.+}}, 1, 31, -1;
// PTX-DAG:       ex2.approx
// PTX-DAG:       shfl.sync.idx.b32
// PTX-NOT:       __nv_
// PTX:           ret;

// LLVM IR: the binary is loaded by a global constructor, the launch looks
// the kernel up and launches it; these are the entry points that
// libmha_cuda_runtime implements.
// LLVM:       @llvm.global_ctors = appending global {{.+}} @mha_kernels_load
// LLVM:       call ptr @mgpuStreamCreate()
// LLVM:       call ptr @mgpuMemAlloc(i64 262144,
// LLVM:       call ptr @mgpuModuleGetFunction(
// LLVM:       call void @mgpuLaunchKernel(ptr %{{.+}}, i64 4, i64 4, i64 2, i64 128, i64 1, i64 1, i32 0,
// LLVM:       call void @mgpuStreamSynchronize(
// LLVM:       call void @mgpuStreamDestroy(
// LLVM:       define internal void @mha_kernels_load()
// LLVM:         call ptr @mgpuModuleLoadJIT(ptr @mha_kernels_binary, i32 3)

func.func @attn(%q: tensor<2x4x128x64xf32>, %k: tensor<2x4x128x64xf32>,
                %v: tensor<2x4x128x64xf32>) -> tensor<2x4x128x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x4x128x64xf32>, tensor<2x4x128x64xf32>, tensor<2x4x128x64xf32>
           -> tensor<2x4x128x64xf32>
  return %o : tensor<2x4x128x64xf32>
}
