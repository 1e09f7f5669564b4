// f32 -> f16/bf16 rounding of mha-run's inputs (nearest even, with
// subnormals, overflow, signed zero, infinities and NaN) and the f16/bf16
// -> float32 conversion of its outputs, checked against NumPy.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/check_conversions.py make %t
// RUN: mha-run %s --entry=copy --input=%t/x.npy,%t/x.npy \
// RUN:   --output=%t/h.npy,%t/b.npy | FileCheck %s --check-prefix=COPY
// RUN: mha-run %s --entry=copy --input=%t/x16.npy,%t/x.npy \
// RUN:   --output=%t/h16.npy | FileCheck %s --check-prefix=RUN16
// RUN: %python %S/Inputs/check_conversions.py check %t | FileCheck %s
// COPY-DAG: output: result 0 tensor<20xf16> shape=20 -> {{.*}}h.npy
// COPY-DAG: output: result 1 tensor<20xbf16> shape=20 -> {{.*}}b.npy
// RUN16: input: arg 0 tensor<20xf16> shape=20 from {{.*}}x16.npy
// CHECK: h: OK
// CHECK: h16: OK
// CHECK: b: OK

func.func @copy(%h: tensor<20xf16>, %b: tensor<20xbf16>)
    -> (tensor<20xf16>, tensor<20xbf16>) {
  %eh = tensor.empty() : tensor<20xf16>
  %h2 = linalg.copy ins(%h : tensor<20xf16>) outs(%eh : tensor<20xf16>)
          -> tensor<20xf16>
  %eb = tensor.empty() : tensor<20xbf16>
  %b2 = linalg.copy ins(%b : tensor<20xbf16>) outs(%eb : tensor<20xbf16>)
          -> tensor<20xbf16>
  return %h2, %b2 : tensor<20xf16>, tensor<20xbf16>
}
