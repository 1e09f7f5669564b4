// torch.nn.MultiheadAttention(embed_dim=64, num_heads=4, batch_first=True)
// on x of shape [2, 10, 64] in the TOSA form torch-mlir produces
// (examples/torch-mha-tosa.mlir, which explains each op). By default the
// whole block becomes one mha.multi_head_attention whose q/k/v weights and
// biases are column slices of the packed, transposed in_proj (the rank-3
// [1, 64, 192] weight of the tosa.matmul and the [1, 1, 192] bias of the
// tosa.add are read back as the [64, 192] and [192] tensors they reshape);
// with raise-projections=false only the attention core becomes an
// mha.attention and the two projections (the packed in_proj and the
// out_proj, each a tosa.matmul) stay.
// RUN: mha-opt %mha_src_root/examples/torch-mha-tosa.mlir -mha-raise-attention | FileCheck %s
// RUN: mha-opt %mha_src_root/examples/torch-mha-tosa.mlir -mha-raise-attention=raise-projections=false | FileCheck %s --check-prefix=CORE

// CHECK-LABEL: func.func @forward(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x10x64xf32>, %[[WIN:[^:]+]]: tensor<192x64xf32>, %[[BIN:[^:]+]]: tensor<192xf32>, %[[WOUT:[^:]+]]: tensor<64x64xf32>, %[[BOUT:[^:]+]]: tensor<64xf32>
// CHECK-NEXT:    %[[WINT:.+]] = tosa.transpose %[[WIN]] {perms = array<i32: 1, 0>} : (tensor<192x64xf32>) -> tensor<64x192xf32>
// CHECK-NEXT:    %[[WOUTT:.+]] = tosa.transpose %[[WOUT]] {perms = array<i32: 1, 0>} : (tensor<64x64xf32>) -> tensor<64x64xf32>
// CHECK-NEXT:    %[[WQ:.+]] = tensor.extract_slice %[[WINT]][0, 0] [64, 64] [1, 1] : tensor<64x192xf32> to tensor<64x64xf32>
// CHECK-NEXT:    %[[WK:.+]] = tensor.extract_slice %[[WINT]][0, 64] [64, 64] [1, 1] : tensor<64x192xf32> to tensor<64x64xf32>
// CHECK-NEXT:    %[[WV:.+]] = tensor.extract_slice %[[WINT]][0, 128] [64, 64] [1, 1] : tensor<64x192xf32> to tensor<64x64xf32>
// CHECK-NEXT:    %[[BQ:.+]] = tensor.extract_slice %[[BIN]][0] [64] [1] : tensor<192xf32> to tensor<64xf32>
// CHECK-NEXT:    %[[BK:.+]] = tensor.extract_slice %[[BIN]][64] [64] [1] : tensor<192xf32> to tensor<64xf32>
// CHECK-NEXT:    %[[BV:.+]] = tensor.extract_slice %[[BIN]][128] [64] [1] : tensor<192xf32> to tensor<64xf32>
// CHECK-NEXT:    %[[Y:.+]] = mha.multi_head_attention %[[X]], %[[X]], %[[X]] weights(%[[WQ]], %[[WK]], %[[WV]], %[[WOUTT]] : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) biases(%[[BQ]], %[[BK]], %[[BV]], %[[BOUT]] : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) heads(4) scale(2.500000e-01) : tensor<2x10x64xf32>, tensor<2x10x64xf32>, tensor<2x10x64xf32> -> tensor<2x10x64xf32>
// CHECK-NEXT:    return %[[Y]] : tensor<2x10x64xf32>
// CHECK-NEXT:  }

// CORE-LABEL: func.func @forward(
// CORE:          tosa.matmul {{.+}} -> tensor<1x20x192xf32>
// CORE-NOT:      tosa.matmul
// CORE-NOT:      tosa.reduce_max
// CORE:          mha.attention %{{.+}}, %{{.+}}, %{{.+}} scale(2.500000e-01) : tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32> -> tensor<2x4x10x16xf32>
// CORE-NOT:      tosa.reduce_max
// CORE:          tosa.matmul {{.+}} -> tensor<1x20x64xf32>
// CORE-NOT:      tosa.matmul
// CORE:          return
