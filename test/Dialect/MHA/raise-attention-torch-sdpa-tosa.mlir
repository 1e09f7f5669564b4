// torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True),
// B = 2, H = 4, L = S = 64, E = 32, in the TOSA form torch-mlir produces
// (the same IR as examples/torch-sdpa-tosa.mlir, which explains each op):
// --mha-raise-attention turns the whole function into one causal
// mha.attention with the 1/sqrt(32) of the tosa.const as its scale.
// RUN: mha-opt %s -mha-raise-attention | FileCheck %s

// CHECK-LABEL: func.func @forward(
// CHECK-SAME:    %[[Q:[^:]+]]: tensor<2x4x64x32xf32>, %[[K:[^:]+]]: tensor<2x4x64x32xf32>, %[[V:[^:]+]]: tensor<2x4x64x32xf32>
// CHECK-NEXT:    %[[A:.+]] = mha.attention %[[Q]], %[[K]], %[[V]] causal(top_left) scale(0.176776692) : tensor<2x4x64x32xf32>, tensor<2x4x64x32xf32>, tensor<2x4x64x32xf32> -> tensor<2x4x64x32xf32>
// CHECK-NEXT:    return %[[A]] : tensor<2x4x64x32xf32>
// CHECK-NEXT:  }
func.func @forward(%arg0: tensor<2x4x64x32xf32>, %arg1: tensor<2x4x64x32xf32>, %arg2: tensor<2x4x64x32xf32>) -> tensor<2x4x64x32xf32> {
  %0 = tosa.transpose %arg1 {perms = array<i32: 0, 1, 3, 2>} : (tensor<2x4x64x32xf32>) -> tensor<2x4x32x64xf32>
  %1 = tosa.const_shape  {values = dense<[8, 64, 32]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %2 = tosa.reshape %arg0, %1 : (tensor<2x4x64x32xf32>, !tosa.shape<3>) -> tensor<8x64x32xf32>
  %3 = tosa.const_shape  {values = dense<[8, 32, 64]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %4 = tosa.reshape %0, %3 : (tensor<2x4x32x64xf32>, !tosa.shape<3>) -> tensor<8x32x64xf32>
  %5 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %6 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %7 = tosa.matmul %2, %4, %5, %6 : (tensor<8x64x32xf32>, tensor<8x32x64xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<8x64x64xf32>
  %8 = tosa.const_shape  {values = dense<[2, 4, 64, 64]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %9 = tosa.reshape %7, %8 : (tensor<8x64x64xf32>, !tosa.shape<4>) -> tensor<2x4x64x64xf32>
  %10 = "tosa.const"() <{values = dense<0.176776692> : tensor<f32>}> : () -> tensor<f32>
  %11 = tosa.const_shape  {values = dense<1> : tensor<4xindex>} : () -> !tosa.shape<4>
  %12 = tosa.reshape %10, %11 : (tensor<f32>, !tosa.shape<4>) -> tensor<1x1x1x1xf32>
  %13 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %14 = tosa.mul %9, %12, %13 : (tensor<2x4x64x64xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<2x4x64x64xf32>
  %15 = "tosa.const"() <{values = dense<true> : tensor<64x64xi1>}> : () -> tensor<64x64xi1>
  %16 = "tosa.const"() <{values = dense<"0x0100000000000000030000000000000007000000000000000F000000000000001F000000000000003F000000000000007F00000000000000FF00000000000000FF01000000000000FF03000000000000FF07000000000000FF0F000000000000FF1F000000000000FF3F000000000000FF7F000000000000FFFF000000000000FFFF010000000000FFFF030000000000FFFF070000000000FFFF0F0000000000FFFF1F0000000000FFFF3F0000000000FFFF7F0000000000FFFFFF0000000000FFFFFF0100000000FFFFFF0300000000FFFFFF0700000000FFFFFF0F00000000FFFFFF1F00000000FFFFFF3F00000000FFFFFF7F00000000FFFFFFFF00000000FFFFFFFF01000000FFFFFFFF03000000FFFFFFFF07000000FFFFFFFF0F000000FFFFFFFF1F000000FFFFFFFF3F000000FFFFFFFF7F000000FFFFFFFFFF000000FFFFFFFFFF010000FFFFFFFFFF030000FFFFFFFFFF070000FFFFFFFFFF0F0000FFFFFFFFFF1F0000FFFFFFFFFF3F0000FFFFFFFFFF7F0000FFFFFFFFFFFF0000FFFFFFFFFFFF0100FFFFFFFFFFFF0300FFFFFFFFFFFF0700FFFFFFFFFFFF0F00FFFFFFFFFFFF1F00FFFFFFFFFFFF3F00FFFFFFFFFFFF7F00FFFFFFFFFFFFFF00FFFFFFFFFFFFFF01FFFFFFFFFFFFFF03FFFFFFFFFFFFFF07FFFFFFFFFFFFFF0FFFFFFFFFFFFFFF1FFFFFFFFFFFFFFF3FFFFFFFFFFFFFFF7FFFFFFFFFFFFFFFFF"> : tensor<64x64xi1>}> : () -> tensor<64x64xi1>
  %17 = "tosa.const"() <{values = dense<false> : tensor<64x64xi1>}> : () -> tensor<64x64xi1>
  %18 = tosa.select %16, %15, %17 : (tensor<64x64xi1>, tensor<64x64xi1>, tensor<64x64xi1>) -> tensor<64x64xi1>
  %19 = tosa.logical_not %18 : (tensor<64x64xi1>) -> tensor<64x64xi1>
  %20 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<64x64xf32>}> : () -> tensor<64x64xf32>
  %21 = "tosa.const"() <{values = dense<0xFF800000> : tensor<f32>}> : () -> tensor<f32>
  %22 = tosa.const_shape  {values = dense<1> : tensor<2xindex>} : () -> !tosa.shape<2>
  %23 = tosa.reshape %21, %22 : (tensor<f32>, !tosa.shape<2>) -> tensor<1x1xf32>
  %24 = tosa.select %19, %23, %20 : (tensor<64x64xi1>, tensor<1x1xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  %25 = "tosa.const"() <{values = dense<1.000000e+00> : tensor<f32>}> : () -> tensor<f32>
  %26 = tosa.reshape %25, %22 : (tensor<f32>, !tosa.shape<2>) -> tensor<1x1xf32>
  %27 = tosa.mul %24, %26, %13 : (tensor<64x64xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<64x64xf32>
  %28 = tosa.const_shape  {values = dense<[1, 1, 64, 64]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %29 = tosa.reshape %27, %28 : (tensor<64x64xf32>, !tosa.shape<4>) -> tensor<1x1x64x64xf32>
  %30 = tosa.add %14, %29 : (tensor<2x4x64x64xf32>, tensor<1x1x64x64xf32>) -> tensor<2x4x64x64xf32>
  %31 = tosa.reduce_max %30 {axis = 3 : i32} : (tensor<2x4x64x64xf32>) -> tensor<2x4x64x1xf32>
  %32 = tosa.reshape %25, %11 : (tensor<f32>, !tosa.shape<4>) -> tensor<1x1x1x1xf32>
  %33 = tosa.mul %31, %32, %13 : (tensor<2x4x64x1xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<2x4x64x1xf32>
  %34 = tosa.sub %30, %33 : (tensor<2x4x64x64xf32>, tensor<2x4x64x1xf32>) -> tensor<2x4x64x64xf32>
  %35 = tosa.exp %34 : (tensor<2x4x64x64xf32>) -> tensor<2x4x64x64xf32>
  %36 = tosa.reduce_sum %35 {axis = 3 : i32} : (tensor<2x4x64x64xf32>) -> tensor<2x4x64x1xf32>
  %37 = tosa.reciprocal %36 : (tensor<2x4x64x1xf32>) -> tensor<2x4x64x1xf32>
  %38 = tosa.mul %35, %37, %13 : (tensor<2x4x64x64xf32>, tensor<2x4x64x1xf32>, tensor<1xi8>) -> tensor<2x4x64x64xf32>
  %39 = tosa.const_shape  {values = dense<[8, 64, 64]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %40 = tosa.reshape %38, %39 : (tensor<2x4x64x64xf32>, !tosa.shape<3>) -> tensor<8x64x64xf32>
  %41 = tosa.reshape %arg2, %1 : (tensor<2x4x64x32xf32>, !tosa.shape<3>) -> tensor<8x64x32xf32>
  %42 = tosa.matmul %40, %41, %5, %6 : (tensor<8x64x64xf32>, tensor<8x64x32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<8x64x32xf32>
  %43 = tosa.const_shape  {values = dense<[2, 4, 64, 32]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %44 = tosa.reshape %42, %43 : (tensor<8x64x32xf32>, !tosa.shape<4>) -> tensor<2x4x64x32xf32>
  return %44 : tensor<2x4x64x32xf32>
}
