// RUN: mha-opt %s --mha-gpu-pipeline="format=ptx tensor-cores=1" | %python %S/Inputs/extract_ptx.py | FileCheck %s

// With tensor-cores, f16 and bf16 attention compile to mma.sync.m16n8k16
// with f32 accumulation, operands from workgroup memory by ldmatrix (V
// transposed), K/V tiles staged by 16-byte shared stores between barriers.

// CHECK-LABEL: .visible .entry f16_attention_0(
// CHECK-COUNT-2: .shared .align 16 .b8
// CHECK-DAG:     ld.global.v4.b32
// CHECK-DAG:     st.shared.v4.b32
// CHECK-DAG:     bar.sync 0;
// CHECK-DAG:     ldmatrix.sync.aligned.m8n8.x4.shared.b16
// CHECK-DAG:     mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// CHECK-DAG:     shfl.sync.bfly.b32 {{.+}}, 1, 31, -1;
// CHECK-DAG:     shfl.sync.bfly.b32 {{.+}}, 2, 31, -1;
// CHECK-DAG:     ex2.approx
// CHECK-DAG:     cvt.rn.f16x2.f32
// CHECK-DAG:     ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
// CHECK:         ret;

func.func @f16(%q: tensor<4x16x1024x128xf16>, %k: tensor<4x16x1024x128xf16>,
               %v: tensor<4x16x1024x128xf16>) -> tensor<4x16x1024x128xf16> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<4x16x1024x128xf16>, tensor<4x16x1024x128xf16>, tensor<4x16x1024x128xf16>
           -> tensor<4x16x1024x128xf16>
  return %o : tensor<4x16x1024x128xf16>
}

// CHECK-LABEL: .visible .entry bf16_attention_0(
// CHECK-DAG:     ldmatrix.sync.aligned.m8n8.x4.shared.b16
// CHECK-DAG:     mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// CHECK-DAG:     cvt.rn.bf16x2.f32
// CHECK-DAG:     ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
// CHECK:         ret;

func.func @bf16(%q: tensor<1x8x256x64xbf16>, %k: tensor<1x2x256x64xbf16>,
                %v: tensor<1x2x256x64xbf16>) -> tensor<1x8x256x64xbf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x8x256x64xbf16>, tensor<1x2x256x64xbf16>, tensor<1x2x256x64xbf16>
           -> tensor<1x8x256x64xbf16>
  return %o : tensor<1x8x256x64xbf16>
}
