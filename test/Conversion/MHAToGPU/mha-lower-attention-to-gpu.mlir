// RUN: mha-opt %s --mha-lower-attention-to-gpu -split-input-file | FileCheck %s
// RUN: mha-opt %s --mha-lower-attention-to-gpu=tensor-cores=1 -split-input-file | FileCheck %s --check-prefix=MMA

// The f32 SIMT kernel: one block per (query tile, head, batch), K/V tiles in
// workgroup memory between barriers, the kv loop bounded by the causal band,
// warp reductions by gpu.shuffle xor, P broadcast by gpu.shuffle idx.

// CHECK-LABEL: func.func @causal_f32(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x4x128x64xf32>, %[[K:[^:]+]]: tensor<2x4x128x64xf32>, %[[V:[^:]+]]: tensor<2x4x128x64xf32>)
// CHECK-DAG:     %[[QB:.+]] = bufferization.to_buffer %[[Q]] read_only : tensor<2x4x128x64xf32> to memref<2x4x128x64xf32>
// CHECK-DAG:     %[[KB:.+]] = bufferization.to_buffer %[[K]] read_only
// CHECK-DAG:     %[[VB:.+]] = bufferization.to_buffer %[[V]] read_only
// CHECK:         %[[OUT:.+]] = gpu.alloc () : memref<2x4x128x64xf32>
// CHECK:         gpu.launch_func @mha_kernels::@causal_f32_attention_0
// CHECK-SAME:      args(%[[QB]] : memref<2x4x128x64xf32>, %[[KB]] : memref<2x4x128x64xf32>, %[[VB]] : memref<2x4x128x64xf32>, %[[OUT]] : memref<2x4x128x64xf32>)
// CHECK:         %[[R:.+]] = bufferization.to_tensor %[[OUT]] restrict writable
// CHECK:         return %[[R]]

// CHECK:       gpu.module @mha_kernels
// CHECK:         gpu.func @causal_f32_attention_0(
//                  Workgroup buffers, 16-byte aligned: Q tile, K tile with
//                  rows padded to E + 1 words, V tile.
// CHECK-SAME:      workgroup(%[[QS:.+]] : memref<32x64xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %[[KS:.+]] : memref<64x65xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %[[VS:.+]] : memref<64x64xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// CHECK-SAME:      kernel
// CHECK-SAME:      known_block_size = array<i32: 128, 1, 1>
// CHECK-SAME:      mha.kernel_config = {kind = "simt", kv_tile = 64 : i64, num_warps = 4 : i64, query_tile = 32 : i64}
// CHECK:           gpu.thread_id x
// CHECK:           gpu.block_id x
// CHECK:           gpu.block_id y
// CHECK:           gpu.block_id z
//                  Q tile into workgroup memory.
// CHECK:           scf.for
// CHECK:             memref.store %{{.+}}, %[[QS]]
//                  Key tiles [lo / 64, ceil(hi / 64)) of the causal band.
// CHECK:           %[[LO:.+]] = arith.divsi
// CHECK:           %[[HI:.+]] = arith.ceildivsi
// CHECK:           scf.for %{{.+}} = %[[LO]] to %[[HI]] step %{{.+}} iter_args(
// CHECK:             gpu.barrier
// CHECK:             memref.store %{{.+}}, %[[KS]]
// CHECK:             memref.store %{{.+}}, %[[VS]]
// CHECK:             gpu.barrier
// CHECK:             memref.load %[[KS]]
// CHECK:             memref.load %[[QS]]
// CHECK:             llvm.call_intrinsic "llvm.fma.f32"
//                    Tiles inside the band skip the per-element test.
// CHECK:             scf.if
// CHECK:             gpu.shuffle xor %{{.+}}, %c16_i32
// CHECK:             gpu.shuffle xor
// CHECK:             gpu.shuffle xor
// CHECK:             gpu.shuffle xor
// CHECK:             gpu.shuffle xor %{{.+}}, %c1_i32
// CHECK:             arith.maximumf
// CHECK:             llvm.call_intrinsic "llvm.nvvm.ex2.approx.f32"
// CHECK:             scf.for
// CHECK:               memref.load %[[VS]]
// CHECK:               gpu.shuffle idx
// CHECK:               llvm.call_intrinsic "llvm.fma.f32"
// CHECK:           arith.divf
// CHECK:           memref.store
// CHECK:           gpu.return

// The same op with tensor-cores stays on the SIMT kernel: f32 has no
// mma.sync path.
// MMA-LABEL: gpu.func @causal_f32_attention_0(
// MMA-SAME:    kind = "simt"

func.func @causal_f32(%q: tensor<2x4x128x64xf32>, %k: tensor<2x4x128x64xf32>,
                      %v: tensor<2x4x128x64xf32>) -> tensor<2x4x128x64xf32> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x4x128x64xf32>, tensor<2x4x128x64xf32>, tensor<2x4x128x64xf32>
           -> tensor<2x4x128x64xf32>
  return %o : tensor<2x4x128x64xf32>
}

// -----

// Every feature on the SIMT kernel: mask and bias operands (broadcast dims
// read at index 0), GQA (key/value head h / 4), E != Ev, sizes that are not
// multiples of the tiles (clamped loads, guarded stores).

// CHECK-LABEL: func.func @features(
// CHECK:         gpu.launch_func @mha_kernels::@features_attention_0
// CHECK-SAME:      args(%{{.+}} : memref<2x8x100x40xbf16>, %{{.+}} : memref<2x2x77x40xbf16>, %{{.+}} : memref<2x2x77x24xbf16>, %{{.+}} : memref<2x1x100x77xi1>, %{{.+}} : memref<1x8x1x77xbf16>, %{{.+}} : memref<2x8x100x24xbf16>)
// CHECK:       gpu.func @features_attention_0(
// CHECK-SAME:    memref<64x41xf32, #gpu.address_space<workgroup>>
//                Softcap: tanh from ex2 (no libdevice).
// CHECK:         llvm.call_intrinsic "llvm.fabs.f32"
// CHECK:         llvm.call_intrinsic "llvm.copysign.f32"
// CHECK:         memref.load %{{.+}}[%c0{{.*}}, %{{.+}}, %c0{{.*}}, %{{.+}}] : memref<1x8x1x77xbf16>
// CHECK:         arith.extf
// CHECK:         memref.load %{{.+}}[%{{.+}}, %c0{{.*}}, %{{.+}}, %{{.+}}] : memref<2x1x100x77xi1>
// CHECK:         scf.if
// CHECK:           arith.truncf %{{.+}} : f32 to bf16
// CHECK:           memref.store %{{.+}} : memref<2x8x100x24xbf16>

// MMA-LABEL: gpu.func @features_attention_0(
// MMA-SAME:    kind = "simt"

func.func @features(%q: tensor<2x8x100x40xbf16>, %k: tensor<2x2x77x40xbf16>,
                    %v: tensor<2x2x77x24xbf16>, %m: tensor<2x1x100x77xi1>,
                    %b: tensor<1x8x1x77xbf16>) -> tensor<2x8x100x24xbf16> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x1x100x77xi1>)
         bias(%b : tensor<1x8x1x77xbf16>) causal(bottom_right) window(16, 0)
         scale(0.25) softcap(30.0)
         : tensor<2x8x100x40xbf16>, tensor<2x2x77x40xbf16>, tensor<2x2x77x24xbf16>
           -> tensor<2x8x100x24xbf16>
  return %o : tensor<2x8x100x24xbf16>
}

// -----

// With tensor-cores, f16 goes to the mma.sync kernel: 16 rows per warp,
// K and V tiles padded by 8 halves, B operands by ldmatrix (V transposed),
// m16n8k16 products, quad reductions by gpu.shuffle xor 1 and 2.

// MMA-LABEL: func.func @f16(
// MMA:         gpu.launch_func @mha_kernels::@f16_attention_0
// MMA:       gpu.func @f16_attention_0(
// MMA-SAME:    workgroup(%[[KS:.+]] : memref<64x136xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %[[VS:.+]] : memref<64x136xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// MMA-SAME:    known_block_size = array<i32: 128, 1, 1>
// MMA-SAME:    kind = "mma", kv_tile = 64 : i64, num_warps = 4 : i64, query_tile = 64 : i64
// MMA:         vector.load %{{.+}} : memref<1x4x256x128xf16>, vector<2xf16>
// MMA:         scf.for
// MMA:           gpu.barrier
// MMA:           vector.load %{{.+}} : memref<1x4x256x128xf16>, vector<8xf16>
// MMA:           vector.store %{{.+}}, %[[KS]]
// MMA:           gpu.barrier
// MMA:           nvgpu.ldmatrix %[[KS]][{{.+}}] {numTiles = 4 : i32, transpose = false}
// MMA:           nvgpu.mma.sync({{.+}}) {mmaShape = [16, 8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
// MMA:           gpu.shuffle xor %{{.+}}, %c1_i32
// MMA:           gpu.shuffle xor %{{.+}}, %c2_i32
// MMA:           llvm.call_intrinsic "llvm.nvvm.ex2.approx.f32"
// MMA:           arith.truncf %{{.+}} : vector<4x2xf32> to vector<4x2xf16>
// MMA:           nvgpu.ldmatrix %[[VS]][{{.+}}] {numTiles = 4 : i32, transpose = true}
// MMA:           nvgpu.mma.sync
// MMA:         vector.store %{{.+}} : memref<1x4x256x128xf16>, vector<2xf16>

// Without tensor-cores the same op uses the SIMT kernel.
// CHECK-LABEL: gpu.func @f16_attention_0(
// CHECK-SAME:    kind = "simt"
// CHECK-NOT:     nvgpu.mma.sync

func.func @f16(%q: tensor<1x4x256x128xf16>, %k: tensor<1x4x256x128xf16>,
               %v: tensor<1x4x256x128xf16>) -> tensor<1x4x256x128xf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x4x256x128xf16>, tensor<1x4x256x128xf16>, tensor<1x4x256x128xf16>
           -> tensor<1x4x256x128xf16>
  return %o : tensor<1x4x256x128xf16>
}

// -----

// bf16 takes nvvm.mma.sync (nvgpu.mma.sync cannot lower bf16 in LLVM 22).

// MMA-LABEL: gpu.func @bf16_attention_0(
// MMA-SAME:    kind = "mma"
// MMA:         nvgpu.ldmatrix
// MMA:         nvvm.mma.sync A[{{.+}}] B[{{.+}}] C[{{.+}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 16>}

func.func @bf16(%q: tensor<1x4x64x32xbf16>, %k: tensor<1x4x64x32xbf16>,
                %v: tensor<1x4x64x32xbf16>) -> tensor<1x4x64x32xbf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x4x64x32xbf16>, tensor<1x4x64x32xbf16>, tensor<1x4x64x32xbf16>
           -> tensor<1x4x64x32xbf16>
  return %o : tensor<1x4x64x32xbf16>
}

// -----

// More than 48 KiB of tiles: dynamic workgroup memory, viewed per buffer,
// and its size on the launch.

// CHECK-LABEL: func.func @wide(
// CHECK:         gpu.launch_func @mha_kernels::@wide_attention_0
// CHECK-SAME:      dynamic_shared_memory_size %{{.+}}
// CHECK:       gpu.func @wide_attention_0(
// CHECK:         %[[DYN:.+]] = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
// CHECK:         memref.view %[[DYN]]
// CHECK-SAME:      to memref<{{.+}}x256xf32, #gpu.address_space<workgroup>>
// CHECK:         memref.view %[[DYN]]
// CHECK-SAME:      to memref<32x257xf32, #gpu.address_space<workgroup>>

func.func @wide(%q: tensor<1x1x64x256xf32>, %k: tensor<1x1x64x256xf32>,
                %v: tensor<1x1x64x256xf32>) -> tensor<1x1x64x256xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x1x64x256xf32>, tensor<1x1x64x256xf32>, tensor<1x1x64x256xf32>
           -> tensor<1x1x64x256xf32>
  return %o : tensor<1x1x64x256xf32>
}

// -----

// Two attentions in one function: one kernel each, chained through device
// memory; the intermediate result is freed after its last reader.

// CHECK-LABEL: func.func @chain(
// CHECK:         %[[A:.+]] = gpu.alloc
// CHECK:         gpu.launch_func @mha_kernels::@chain_attention_0
// CHECK:         %[[AT:.+]] = bufferization.to_tensor %[[A]]
// CHECK:         bufferization.to_buffer %[[AT]]
// CHECK:         gpu.launch_func @mha_kernels::@chain_attention_1
// CHECK-NEXT:    gpu.dealloc %[[A]]
// CHECK:       gpu.func @chain_attention_0(
// CHECK:       gpu.func @chain_attention_1(

func.func @chain(%q: tensor<1x2x32x32xf32>, %k: tensor<1x2x32x32xf32>,
                 %v: tensor<1x2x32x32xf32>) -> tensor<1x2x32x32xf32> {
  %a = mha.attention %q, %k, %v
         : tensor<1x2x32x32xf32>, tensor<1x2x32x32xf32>, tensor<1x2x32x32xf32>
           -> tensor<1x2x32x32xf32>
  %o = mha.attention %a, %k, %v causal(top_left)
         : tensor<1x2x32x32xf32>, tensor<1x2x32x32xf32>, tensor<1x2x32x32xf32>
           -> tensor<1x2x32x32xf32>
  return %o : tensor<1x2x32x32xf32>
}
