// RUN: not mha-opt %s --mha-gpu-pipeline="format=sass" 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not mha-opt %s --mha-gpu-pipeline="chip=gfx90a" 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not mha-opt %s --mha-gpu-pipeline="chip=sm_75 tensor-cores=1" 2>&1 | FileCheck %s --check-prefix=SM75
// RUN: not mha-opt %s --mha-gpu-pipeline="format=cubin cuda-path=/nonexistent" 2>&1 | FileCheck %s --check-prefix=PTXAS

// Options the pipeline cannot honour are rejected before any pass runs.
// FORMAT: mha-gpu-pipeline: format must be ptx, cubin or fatbin, got 'sass'
// CHIP: mha-gpu-pipeline: chip must look like sm_90, got 'gfx90a'
// SM75: mha-gpu-pipeline: tensor-cores needs mma.sync.m16n8k16 with f16/bf16, i.e. sm_80 or newer; chip is sm_75
// PTXAS: mha-gpu-pipeline: format=cubin needs /nonexistent/bin/ptxas (set cuda-path, or use format=ptx)

func.func @attn(%q: tensor<1x1x16x16xf16>, %k: tensor<1x1x16x16xf16>,
                %v: tensor<1x1x16x16xf16>) -> tensor<1x1x16x16xf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x1x16x16xf16>, tensor<1x1x16x16xf16>, tensor<1x1x16x16xf16>
           -> tensor<1x1x16x16xf16>
  return %o : tensor<1x1x16x16xf16>
}
