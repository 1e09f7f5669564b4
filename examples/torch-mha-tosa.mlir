// torch.nn.MultiheadAttention(embed_dim=64, num_heads=4, batch_first=True)
// called as mha(x, x, x, need_weights=False) on x of shape [2, 10, 64], in
// the TOSA form torch-mlir's TorchToTosa produces for it (the parameters are
// arguments, as when torch.export lifts them): the same PyTorch ops as
// examples/torch-mha-linalg.mlir, where each `linear` is a tosa.transpose of
// the weight, both operands reshaped to rank 3 with a batch of 1, a
// tosa.matmul, a reshape back and a tosa.add of the bias reshaped to
// [1, .., 1, M]; `select` is a tosa.slice and a reshape; views, unflatten,
// squeeze and unsqueeze are tosa.reshape; the attention core is as in
// examples/torch-sdpa-tosa.mlir (without a mask).
//
// Raise it, compile it and run it (docs/Raising.md):
//   mha-opt examples/torch-mha-tosa.mlir --mha-raise-attention -o mha.mlir
//   mha-run mha.mlir --entry=forward --seed=1
// The whole block becomes one
//   mha.multi_head_attention %x, %x, %x weights(...) biases(...) heads(4)
//     scale(2.500000e-01)
// with the q/k/v weights and biases sliced from the packed in_proj. With
// --mha-raise-attention=raise-projections=false only the attention core
// becomes an mha.attention on [2, 4, 10, 16] and the projections stay.

func.func @forward(%arg0: tensor<2x10x64xf32>, %arg1: tensor<192x64xf32>, %arg2: tensor<192xf32>, %arg3: tensor<64x64xf32>, %arg4: tensor<64xf32>) -> tensor<2x10x64xf32> {
  // query.transpose(1, 0) (batch_first)
  %0 = tosa.transpose %arg0 {perms = array<i32: 1, 0, 2>} : (tensor<2x10x64xf32>) -> tensor<10x2x64xf32>
  // in_proj: linear(x, w, b) = matmul(x, w.t()) + b
  %1 = tosa.transpose %arg1 {perms = array<i32: 1, 0>} : (tensor<192x64xf32>) -> tensor<64x192xf32>
  %2 = tosa.const_shape  {values = dense<[1, 20, 64]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %3 = tosa.reshape %0, %2 : (tensor<10x2x64xf32>, !tosa.shape<3>) -> tensor<1x20x64xf32>
  %4 = tosa.const_shape  {values = dense<[1, 64, 192]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %5 = tosa.reshape %1, %4 : (tensor<64x192xf32>, !tosa.shape<3>) -> tensor<1x64x192xf32>
  %6 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %7 = tosa.matmul %3, %5, %6, %6 : (tensor<1x20x64xf32>, tensor<1x64x192xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x20x192xf32>
  %8 = tosa.const_shape  {values = dense<[10, 2, 192]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %9 = tosa.reshape %7, %8 : (tensor<1x20x192xf32>, !tosa.shape<3>) -> tensor<10x2x192xf32>
  %10 = tosa.const_shape  {values = dense<[1, 1, 192]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %11 = tosa.reshape %arg2, %10 : (tensor<192xf32>, !tosa.shape<3>) -> tensor<1x1x192xf32>
  %12 = tosa.add %9, %11 : (tensor<10x2x192xf32>, tensor<1x1x192xf32>) -> tensor<10x2x192xf32>
  // unflatten(-1, (3, E)).unsqueeze(0).transpose(0, -2).squeeze(-2)
  %13 = tosa.const_shape  {values = dense<[1, 10, 2, 3, 64]> : tensor<5xindex>} : () -> !tosa.shape<5>
  %14 = tosa.reshape %12, %13 : (tensor<10x2x192xf32>, !tosa.shape<5>) -> tensor<1x10x2x3x64xf32>
  %15 = tosa.transpose %14 {perms = array<i32: 3, 1, 2, 0, 4>} : (tensor<1x10x2x3x64xf32>) -> tensor<3x10x2x1x64xf32>
  %16 = tosa.const_shape  {values = dense<[3, 10, 2, 64]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %17 = tosa.reshape %15, %16 : (tensor<3x10x2x1x64xf32>, !tosa.shape<4>) -> tensor<3x10x2x64xf32>
  // q = proj[0] (select), q.view(L, B*H, D).transpose(0, 1).view(B, H, L, D)
  %18 = tosa.const_shape  {values = dense<[0, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %19 = tosa.const_shape  {values = dense<[1, 10, 2, 64]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %20 = tosa.slice %17, %18, %19 : (tensor<3x10x2x64xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x10x2x64xf32>
  %21 = tosa.const_shape  {values = dense<[10, 2, 64]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %22 = tosa.reshape %20, %21 : (tensor<1x10x2x64xf32>, !tosa.shape<3>) -> tensor<10x2x64xf32>
  %23 = tosa.const_shape  {values = dense<[10, 8, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %24 = tosa.reshape %22, %23 : (tensor<10x2x64xf32>, !tosa.shape<3>) -> tensor<10x8x16xf32>
  %25 = tosa.transpose %24 {perms = array<i32: 1, 0, 2>} : (tensor<10x8x16xf32>) -> tensor<8x10x16xf32>
  %26 = tosa.const_shape  {values = dense<[2, 4, 10, 16]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %27 = tosa.reshape %25, %26 : (tensor<8x10x16xf32>, !tosa.shape<4>) -> tensor<2x4x10x16xf32>
  // k = proj[1] (select), k.view(L, B*H, D).transpose(0, 1).view(B, H, L, D)
  %28 = tosa.const_shape  {values = dense<[1, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %29 = tosa.slice %17, %28, %19 : (tensor<3x10x2x64xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x10x2x64xf32>
  %30 = tosa.reshape %29, %21 : (tensor<1x10x2x64xf32>, !tosa.shape<3>) -> tensor<10x2x64xf32>
  %31 = tosa.reshape %30, %23 : (tensor<10x2x64xf32>, !tosa.shape<3>) -> tensor<10x8x16xf32>
  %32 = tosa.transpose %31 {perms = array<i32: 1, 0, 2>} : (tensor<10x8x16xf32>) -> tensor<8x10x16xf32>
  %33 = tosa.reshape %32, %26 : (tensor<8x10x16xf32>, !tosa.shape<4>) -> tensor<2x4x10x16xf32>
  // v = proj[2] (select), v.view(L, B*H, D).transpose(0, 1).view(B, H, L, D)
  %34 = tosa.const_shape  {values = dense<[2, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %35 = tosa.slice %17, %34, %19 : (tensor<3x10x2x64xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x10x2x64xf32>
  %36 = tosa.reshape %35, %21 : (tensor<1x10x2x64xf32>, !tosa.shape<3>) -> tensor<10x2x64xf32>
  %37 = tosa.reshape %36, %23 : (tensor<10x2x64xf32>, !tosa.shape<3>) -> tensor<10x8x16xf32>
  %38 = tosa.transpose %37 {perms = array<i32: 1, 0, 2>} : (tensor<10x8x16xf32>) -> tensor<8x10x16xf32>
  %39 = tosa.reshape %38, %26 : (tensor<8x10x16xf32>, !tosa.shape<4>) -> tensor<2x4x10x16xf32>
  // scaled_dot_product_attention(q, k, v): matmul(q, k.transpose(-2, -1)) * 1/sqrt(D)
  %40 = tosa.transpose %33 {perms = array<i32: 0, 1, 3, 2>} : (tensor<2x4x10x16xf32>) -> tensor<2x4x16x10xf32>
  %41 = tosa.const_shape  {values = dense<[8, 10, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %42 = tosa.reshape %27, %41 : (tensor<2x4x10x16xf32>, !tosa.shape<3>) -> tensor<8x10x16xf32>
  %43 = tosa.const_shape  {values = dense<[8, 16, 10]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %44 = tosa.reshape %40, %43 : (tensor<2x4x16x10xf32>, !tosa.shape<3>) -> tensor<8x16x10xf32>
  %45 = tosa.matmul %42, %44, %6, %6 : (tensor<8x10x16xf32>, tensor<8x16x10xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<8x10x10xf32>
  %46 = tosa.const_shape  {values = dense<[2, 4, 10, 10]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %47 = tosa.reshape %45, %46 : (tensor<8x10x10xf32>, !tosa.shape<4>) -> tensor<2x4x10x10xf32>
  %48 = "tosa.const"() <{values = dense<2.500000e-01> : tensor<f32>}> : () -> tensor<f32>
  %49 = tosa.const_shape  {values = dense<1> : tensor<4xindex>} : () -> !tosa.shape<4>
  %50 = tosa.reshape %48, %49 : (tensor<f32>, !tosa.shape<4>) -> tensor<1x1x1x1xf32>
  %51 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %52 = tosa.mul %47, %50, %51 : (tensor<2x4x10x10xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<2x4x10x10xf32>
  // softmax(-1): max, sub, exp, sum, reciprocal, mul
  %53 = tosa.reduce_max %52 {axis = 3 : i32} : (tensor<2x4x10x10xf32>) -> tensor<2x4x10x1xf32>
  %54 = tosa.sub %52, %53 : (tensor<2x4x10x10xf32>, tensor<2x4x10x1xf32>) -> tensor<2x4x10x10xf32>
  %55 = tosa.exp %54 : (tensor<2x4x10x10xf32>) -> tensor<2x4x10x10xf32>
  %56 = tosa.reduce_sum %55 {axis = 3 : i32} : (tensor<2x4x10x10xf32>) -> tensor<2x4x10x1xf32>
  %57 = tosa.reciprocal %56 : (tensor<2x4x10x1xf32>) -> tensor<2x4x10x1xf32>
  %58 = tosa.mul %55, %57, %51 : (tensor<2x4x10x10xf32>, tensor<2x4x10x1xf32>, tensor<1xi8>) -> tensor<2x4x10x10xf32>
  // matmul(p, v)
  %59 = tosa.const_shape  {values = dense<[8, 10, 10]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %60 = tosa.reshape %58, %59 : (tensor<2x4x10x10xf32>, !tosa.shape<3>) -> tensor<8x10x10xf32>
  %61 = tosa.reshape %39, %41 : (tensor<2x4x10x16xf32>, !tosa.shape<3>) -> tensor<8x10x16xf32>
  %62 = tosa.matmul %60, %61, %6, %6 : (tensor<8x10x10xf32>, tensor<8x10x16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<8x10x16xf32>
  %63 = tosa.reshape %62, %26 : (tensor<8x10x16xf32>, !tosa.shape<4>) -> tensor<2x4x10x16xf32>
  // attn_output.permute(2, 0, 1, 3).contiguous().view(L * B, E)
  %64 = tosa.transpose %63 {perms = array<i32: 2, 0, 1, 3>} : (tensor<2x4x10x16xf32>) -> tensor<10x2x4x16xf32>
  %65 = tosa.const_shape  {values = dense<[20, 64]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %66 = tosa.reshape %64, %65 : (tensor<10x2x4x16xf32>, !tosa.shape<2>) -> tensor<20x64xf32>
  // out_proj: linear(x, w, b) = matmul(x, w.t()) + b
  %67 = tosa.transpose %arg3 {perms = array<i32: 1, 0>} : (tensor<64x64xf32>) -> tensor<64x64xf32>
  %68 = tosa.reshape %66, %2 : (tensor<20x64xf32>, !tosa.shape<3>) -> tensor<1x20x64xf32>
  %69 = tosa.const_shape  {values = dense<[1, 64, 64]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %70 = tosa.reshape %67, %69 : (tensor<64x64xf32>, !tosa.shape<3>) -> tensor<1x64x64xf32>
  %71 = tosa.matmul %68, %70, %6, %6 : (tensor<1x20x64xf32>, tensor<1x64x64xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x20x64xf32>
  %72 = tosa.reshape %71, %65 : (tensor<1x20x64xf32>, !tosa.shape<2>) -> tensor<20x64xf32>
  %73 = tosa.const_shape  {values = dense<[1, 64]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %74 = tosa.reshape %arg4, %73 : (tensor<64xf32>, !tosa.shape<2>) -> tensor<1x64xf32>
  %75 = tosa.add %72, %74 : (tensor<20x64xf32>, tensor<1x64xf32>) -> tensor<20x64xf32>
  // view(L, B, E).transpose(1, 0) (batch_first)
  %76 = tosa.reshape %75, %21 : (tensor<20x64xf32>, !tosa.shape<3>) -> tensor<10x2x64xf32>
  %77 = tosa.transpose %76 {perms = array<i32: 1, 0, 2>} : (tensor<10x2x64xf32>) -> tensor<2x10x64xf32>
  return %77 : tensor<2x10x64xf32>
}
