// The torch-mlir style inputs of examples/, end to end as
// docs/Raising.md describes: raise, compile with the CPU pipeline, run, and
// compare with the input run as written (mha-run's CPU pipeline lowers the
// TOSA itself). The raised SDPA is one mha.attention, so --check also
// compares it with the float64 reference.

// RUN: rm -rf %t && mkdir -p %t

// scaled_dot_product_attention(is_causal=True), TOSA, [2, 4, 64, 32].
// RUN: mha-run %mha_src_root/examples/torch-sdpa-tosa.mlir --entry=forward --seed=81 --output=%t/sdpa.a.npy | FileCheck %s --check-prefix=SDPA-RAN
// RUN: mha-opt %mha_src_root/examples/torch-sdpa-tosa.mlir --mha-raise-attention -o %t/sdpa.raised.mlir
// RUN: FileCheck %s --check-prefix=SDPA-IR < %t/sdpa.raised.mlir
// RUN: mha-run %t/sdpa.raised.mlir --entry=forward --seed=81 --check --output=%t/sdpa.b.npy | FileCheck %s --check-prefix=SDPA-CHECKED
// RUN: %python %S/Inputs/compare_npy.py %t/sdpa.a.npy %t/sdpa.b.npy | FileCheck %s --check-prefix=SDPA-SAME
// SDPA-RAN: output: result 0 tensor<2x4x64x32xf32> shape=2x4x64x32
// SDPA-IR: func.func @forward
// SDPA-IR-NEXT: mha.attention %arg0, %arg1, %arg2 causal(top_left) scale(0.176776692)
// SDPA-IR-NEXT: return
// SDPA-CHECKED: check: result 0: rel_l2={{.*}} tol=1e-05 PASS
// SDPA-CHECKED-NEXT: check: PASS
// SDPA-SAME: compare: shape=2x4x64x32 rel_l2={{.*}} PASS

// nn.MultiheadAttention(64, 4, batch_first=True), linalg, x: [2, 10, 64]:
// raised whole (mha.multi_head_attention on slices of the packed in_proj),
// and with raise-projections=false (mha.attention between the linalg
// projections).
// RUN: mha-run %mha_src_root/examples/torch-mha-linalg.mlir --entry=forward --seed=82 --output=%t/mha.a.npy | FileCheck %s --check-prefix=MHA-RAN
// RUN: mha-opt %mha_src_root/examples/torch-mha-linalg.mlir --mha-raise-attention -o %t/mha.raised.mlir
// RUN: FileCheck %s --check-prefix=MHA-IR < %t/mha.raised.mlir
// RUN: mha-run %t/mha.raised.mlir --entry=forward --seed=82 --output=%t/mha.b.npy | FileCheck %s --check-prefix=MHA-RAN
// RUN: %python %S/Inputs/compare_npy.py %t/mha.a.npy %t/mha.b.npy | FileCheck %s --check-prefix=MHA-SAME
// RUN: mha-opt %mha_src_root/examples/torch-mha-linalg.mlir --mha-raise-attention=raise-projections=false -o %t/core.raised.mlir
// RUN: FileCheck %s --check-prefix=CORE-IR < %t/core.raised.mlir
// RUN: mha-run %t/core.raised.mlir --entry=forward --seed=82 --output=%t/core.b.npy | FileCheck %s --check-prefix=MHA-RAN
// RUN: %python %S/Inputs/compare_npy.py %t/mha.a.npy %t/core.b.npy | FileCheck %s --check-prefix=MHA-SAME
// MHA-RAN: output: result 0 tensor<2x10x64xf32> shape=2x10x64
// MHA-IR-NOT: linalg.matmul
// MHA-IR: mha.multi_head_attention %arg0, %arg0, %arg0 weights({{.+}}) biases({{.+}}) heads(4) scale(2.500000e-01)
// MHA-IR-NOT: linalg.matmul
// CORE-IR-NOT: linalg.batch_matmul
// CORE-IR: mha.attention %{{.+}}, %{{.+}}, %{{.+}} scale(2.500000e-01) : tensor<2x4x10x16xf32>
// CORE-IR-NOT: linalg.batch_matmul
// MHA-SAME: compare: shape=2x10x64 rel_l2={{.*}} PASS

// The same nn.MultiheadAttention in TOSA (examples/torch-mha-tosa.mlir):
// raised whole, and with raise-projections=false.
// RUN: mha-run %mha_src_root/examples/torch-mha-tosa.mlir --entry=forward --seed=83 --output=%t/tmha.a.npy | FileCheck %s --check-prefix=MHA-RAN
// RUN: mha-opt %mha_src_root/examples/torch-mha-tosa.mlir --mha-raise-attention -o %t/tmha.raised.mlir
// RUN: FileCheck %s --check-prefix=TMHA-IR < %t/tmha.raised.mlir
// RUN: mha-run %t/tmha.raised.mlir --entry=forward --seed=83 --output=%t/tmha.b.npy | FileCheck %s --check-prefix=MHA-RAN
// RUN: %python %S/Inputs/compare_npy.py %t/tmha.a.npy %t/tmha.b.npy | FileCheck %s --check-prefix=MHA-SAME
// RUN: mha-opt %mha_src_root/examples/torch-mha-tosa.mlir --mha-raise-attention=raise-projections=false -o %t/tcore.raised.mlir
// RUN: FileCheck %s --check-prefix=TCORE-IR < %t/tcore.raised.mlir
// RUN: mha-run %t/tcore.raised.mlir --entry=forward --seed=83 --output=%t/tcore.b.npy | FileCheck %s --check-prefix=MHA-RAN
// RUN: %python %S/Inputs/compare_npy.py %t/tmha.a.npy %t/tcore.b.npy | FileCheck %s --check-prefix=MHA-SAME
// TMHA-IR-NOT: tosa.matmul
// TMHA-IR: mha.multi_head_attention %arg0, %arg0, %arg0 weights({{.+}}) biases({{.+}}) heads(4) scale(2.500000e-01)
// TMHA-IR-NOT: tosa.matmul
// TCORE-IR-NOT: tosa.reduce_max
// TCORE-IR: mha.attention %{{.+}}, %{{.+}}, %{{.+}} scale(2.500000e-01) : tensor<2x4x10x16xf32>
// TCORE-IR-NOT: tosa.reduce_max
