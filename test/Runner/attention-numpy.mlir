// Compiled attention agrees with mha-run's float64 reference (--check) and
// with an independent NumPy model (Inputs/attention_numpy.py) on the same
// inputs: the two references cross-check each other and the compiler.

// RUN: rm -rf %t && mkdir -p %t/full %t/special %t/f16 %t/mha %t/mhabf16
// RUN: %python %S/Inputs/attention_numpy.py make %t/full attn_f32_full
// RUN: mha-run %s --entry=attn_f32_full --check \
// RUN:   --input=%t/full/q.npy,%t/full/k.npy,%t/full/v.npy,%t/full/mask.npy,%t/full/bias.npy \
// RUN:   --output=%t/full/out.npy | FileCheck %s --check-prefix=FULL
// RUN: %python %S/Inputs/attention_numpy.py compare %t/full attn_f32_full \
// RUN:   | FileCheck %s --check-prefix=NP-FULL
// FULL: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// FULL: check: PASS
// NP-FULL: numpy: attn_f32_full {{.*}} nan_mismatches=0 {{.*}} PASS
func.func @attn_f32_full(%q: tensor<2x4x5x8xf32>, %k: tensor<2x2x7x8xf32>,
                         %v: tensor<2x2x7x6xf32>, %m: tensor<2x1x5x7xi1>,
                         %b: tensor<1x4x1x7xf32>) -> tensor<2x4x5x6xf32> {
  %o = mha.attention %q, %k, %v mask(%m : tensor<2x1x5x7xi1>)
         bias(%b : tensor<1x4x1x7xf32>) causal(bottom_right) window(3, 1)
         scale(0.3) softcap(2.0)
         : tensor<2x4x5x8xf32>, tensor<2x2x7x8xf32>, tensor<2x2x7x6xf32>
           -> tensor<2x4x5x6xf32>
  return %o : tensor<2x4x5x6xf32>
}

// RUN: %python %S/Inputs/attention_numpy.py make %t/special attn_f32_special
// RUN: mha-run %s --entry=attn_f32_special --check \
// RUN:   --input=%t/special/q.npy,%t/special/k.npy,%t/special/v.npy,%t/special/bias.npy \
// RUN:   --output=%t/special/out.npy | FileCheck %s --check-prefix=SPECIAL
// RUN: %python %S/Inputs/attention_numpy.py compare %t/special attn_f32_special \
// RUN:   | FileCheck %s --check-prefix=NP-SPECIAL
// SPECIAL: check: result 0: rel_l2={{.*}} PASS
// SPECIAL: check: PASS
// NP-SPECIAL: numpy: attn_f32_special {{.*}} nan_values=4 nan_mismatches=0 {{.*}} PASS
func.func @attn_f32_special(%q: tensor<1x2x6x4xf32>, %k: tensor<1x2x4x4xf32>,
                            %v: tensor<1x2x4x4xf32>, %b: tensor<1x1x6x4xf32>)
    -> tensor<1x2x6x4xf32> {
  %o = mha.attention %q, %k, %v bias(%b : tensor<1x1x6x4xf32>) causal(top_left)
         : tensor<1x2x6x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
           -> tensor<1x2x6x4xf32>
  return %o : tensor<1x2x6x4xf32>
}

// RUN: %python %S/Inputs/attention_numpy.py make %t/f16 attn_f16
// RUN: mha-run %s --entry=attn_f16 --check \
// RUN:   --input=%t/f16/q.npy,%t/f16/k.npy,%t/f16/v.npy --output=%t/f16/out.npy \
// RUN:   | FileCheck %s --check-prefix=F16
// RUN: %python %S/Inputs/attention_numpy.py compare %t/f16 attn_f16 \
// RUN:   | FileCheck %s --check-prefix=NP-F16
// F16: check: result 0: rel_l2={{.*}} tol=0.01 PASS
// NP-F16: numpy: attn_f16 {{.*}} PASS
func.func @attn_f16(%q: tensor<1x2x9x16xf16>, %k: tensor<1x1x9x16xf16>,
                    %v: tensor<1x1x9x16xf16>) -> tensor<1x2x9x16xf16> {
  %o = mha.attention %q, %k, %v causal(top_left)
         : tensor<1x2x9x16xf16>, tensor<1x1x9x16xf16>, tensor<1x1x9x16xf16>
           -> tensor<1x2x9x16xf16>
  return %o : tensor<1x2x9x16xf16>
}

// RUN: %python %S/Inputs/attention_numpy.py make %t/mha mha_f32
// RUN: mha-run %s --entry=mha_f32 --check \
// RUN:   --input=%t/mha/xq.npy,%t/mha/xk.npy,%t/mha/xv.npy,%t/mha/wq.npy,%t/mha/wk.npy,%t/mha/wv.npy,%t/mha/wo.npy \
// RUN:   --input=%t/mha/bq.npy,%t/mha/bk.npy,%t/mha/bv.npy,%t/mha/bo.npy,%t/mha/mask.npy \
// RUN:   --output=%t/mha/out.npy | FileCheck %s --check-prefix=MHA
// RUN: %python %S/Inputs/attention_numpy.py compare %t/mha mha_f32 \
// RUN:   | FileCheck %s --check-prefix=NP-MHA
// MHA: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// NP-MHA: numpy: mha_f32 {{.*}} PASS
func.func @mha_f32(%xq: tensor<2x6x12xf32>, %xk: tensor<2x6x12xf32>,
                   %xv: tensor<2x6x12xf32>, %wq: tensor<12x12xf32>,
                   %wk: tensor<12x6xf32>, %wv: tensor<12x6xf32>,
                   %wo: tensor<12x10xf32>, %bq: tensor<12xf32>,
                   %bk: tensor<6xf32>, %bv: tensor<6xf32>, %bo: tensor<10xf32>,
                   %m: tensor<1x1x6x6xi1>) -> tensor<2x6x10xf32> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<12x12xf32>, tensor<12x6xf32>,
                                      tensor<12x6xf32>, tensor<12x10xf32>)
         biases(%bq, %bk, %bv, %bo : tensor<12xf32>, tensor<6xf32>,
                                     tensor<6xf32>, tensor<10xf32>)
         mask(%m : tensor<1x1x6x6xi1>) heads(4, 2) causal(bottom_right)
         : tensor<2x6x12xf32>, tensor<2x6x12xf32>, tensor<2x6x12xf32>
           -> tensor<2x6x10xf32>
  return %y : tensor<2x6x10xf32>
}

// RUN: %python %S/Inputs/attention_numpy.py make %t/mhabf16 mha_bf16
// RUN: mha-run %s --entry=mha_bf16 --check \
// RUN:   --input=%t/mhabf16/xq.npy,%t/mhabf16/xk.npy,%t/mhabf16/xv.npy,%t/mhabf16/wq.npy \
// RUN:   --input=%t/mhabf16/wk.npy,%t/mhabf16/wv.npy,%t/mhabf16/wo.npy,%t/mhabf16/bias.npy \
// RUN:   --output=%t/mhabf16/out.npy | FileCheck %s --check-prefix=MHABF16
// RUN: %python %S/Inputs/attention_numpy.py compare %t/mhabf16 mha_bf16 \
// RUN:   | FileCheck %s --check-prefix=NP-MHABF16
// MHABF16: check: result 0: rel_l2={{.*}} tol=0.01 PASS
// NP-MHABF16: numpy: mha_bf16 {{.*}} PASS
func.func @mha_bf16(%xq: tensor<1x4x8xbf16>, %xk: tensor<1x7x6xbf16>,
                    %xv: tensor<1x7x5xbf16>, %wq: tensor<8x8xbf16>,
                    %wk: tensor<6x4xbf16>, %wv: tensor<5x3xbf16>,
                    %wo: tensor<6x5xbf16>, %b: tensor<1x2x4x7xbf16>)
    -> tensor<1x4x5xbf16> {
  %y = mha.multi_head_attention %xq, %xk, %xv
         weights(%wq, %wk, %wv, %wo : tensor<8x8xbf16>, tensor<6x4xbf16>,
                                      tensor<5x3xbf16>, tensor<6x5xbf16>)
         bias(%b : tensor<1x2x4x7xbf16>) heads(2, 1) scale(0.5)
         : tensor<1x4x8xbf16>, tensor<1x7x6xbf16>, tensor<1x7x5xbf16>
           -> tensor<1x4x5xbf16>
  return %y : tensor<1x4x5xbf16>
}
