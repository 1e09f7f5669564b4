// REQUIRES: ptxas
// RUN: mha-opt %s --mha-gpu-pipeline="format=ptx tensor-cores=1" | %python %S/Inputs/extract_ptx.py > %t.ptx
// RUN: %ptxas -v --gpu-name sm_90 %t.ptx -o %t.cubin 2>&1 | FileCheck %s
// RUN: mha-opt %s --mha-gpu-pipeline="format=cubin cuda-path=%cuda_path tensor-cores=1" | FileCheck %s --check-prefix=CUBIN

// ptxas accepts the PTX of every kernel for sm_90 and none spills: the
// bench shapes of the mma.sync kernel (f16, head dims 64 and 128, causal
// off and on), bf16 with grouped-query heads, and the SIMT kernel in f32
// and with every feature. (A test without ptxas is reported UNSUPPORTED.)

// CHECK-COUNT-8: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// CHECK-NOT:     bytes spill stores

// With format=cubin, gpu.binary holds an ELF for sm_90 that ptxas made.
// CUBIN: gpu.binary @mha_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_90">, properties = {{.+}}, bin = "\7FELF

func.func @f16_d64(%q: tensor<4x16x1024x64xf16>, %k: tensor<4x16x1024x64xf16>,
                   %v: tensor<4x16x1024x64xf16>) -> tensor<4x16x1024x64xf16> {
  %o = mha.attention %q, %k, %v
         : tensor<4x16x1024x64xf16>, tensor<4x16x1024x64xf16>, tensor<4x16x1024x64xf16>
           -> tensor<4x16x1024x64xf16>
  return %o : tensor<4x16x1024x64xf16>
}

func.func @f16_d64_causal(%q: tensor<4x16x1024x64xf16>, %k: tensor<4x16x1024x64xf16>,
                          %v: tensor<4x16x1024x64xf16>) -> tensor<4x16x1024x64xf16> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<4x16x1024x64xf16>, tensor<4x16x1024x64xf16>, tensor<4x16x1024x64xf16>
           -> tensor<4x16x1024x64xf16>
  return %o : tensor<4x16x1024x64xf16>
}

func.func @f16_d128(%q: tensor<4x16x4096x128xf16>, %k: tensor<4x16x4096x128xf16>,
                    %v: tensor<4x16x4096x128xf16>) -> tensor<4x16x4096x128xf16> {
  %o = mha.attention %q, %k, %v
         : tensor<4x16x4096x128xf16>, tensor<4x16x4096x128xf16>, tensor<4x16x4096x128xf16>
           -> tensor<4x16x4096x128xf16>
  return %o : tensor<4x16x4096x128xf16>
}

func.func @f16_d128_causal(%q: tensor<4x16x4096x128xf16>, %k: tensor<4x16x4096x128xf16>,
                           %v: tensor<4x16x4096x128xf16>) -> tensor<4x16x4096x128xf16> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<4x16x4096x128xf16>, tensor<4x16x4096x128xf16>, tensor<4x16x4096x128xf16>
           -> tensor<4x16x4096x128xf16>
  return %o : tensor<4x16x4096x128xf16>
}

func.func @bf16_gqa(%q: tensor<2x8x512x128xbf16>, %k: tensor<2x2x512x128xbf16>,
                    %v: tensor<2x2x512x128xbf16>) -> tensor<2x8x512x128xbf16> {
  %o = mha.attention %q, %k, %v causal(bottom_right)
         : tensor<2x8x512x128xbf16>, tensor<2x2x512x128xbf16>, tensor<2x2x512x128xbf16>
           -> tensor<2x8x512x128xbf16>
  return %o : tensor<2x8x512x128xbf16>
}

func.func @f32_d64(%q: tensor<4x16x1024x64xf32>, %k: tensor<4x16x1024x64xf32>,
                   %v: tensor<4x16x1024x64xf32>) -> tensor<4x16x1024x64xf32> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<4x16x1024x64xf32>, tensor<4x16x1024x64xf32>, tensor<4x16x1024x64xf32>
           -> tensor<4x16x1024x64xf32>
  return %o : tensor<4x16x1024x64xf32>
}

func.func @f32_d128(%q: tensor<4x16x1024x128xf32>, %k: tensor<4x16x1024x128xf32>,
                    %v: tensor<4x16x1024x128xf32>) -> tensor<4x16x1024x128xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<4x16x1024x128xf32>, tensor<4x16x1024x128xf32>, tensor<4x16x1024x128xf32>
           -> tensor<4x16x1024x128xf32>
  return %o : tensor<4x16x1024x128xf32>
}

func.func @f32_features(%q: tensor<2x8x100x40xf32>, %k: tensor<2x2x77x40xf32>,
                        %v: tensor<2x2x77x24xf32>, %m: tensor<2x1x100x77xi1>,
                        %b: tensor<1x8x1x77xf32>) -> tensor<2x8x100x24xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x1x100x77xi1>)
         bias(%b : tensor<1x8x1x77xf32>) causal(bottom_right) window(16, 0)
         scale(0.25) softcap(30.0)
         : tensor<2x8x100x40xf32>, tensor<2x2x77x40xf32>, tensor<2x2x77x24xf32>
           -> tensor<2x8x100x24xf32>
  return %o : tensor<2x8x100x24xf32>
}
