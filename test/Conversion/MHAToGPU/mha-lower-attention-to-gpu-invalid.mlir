// RUN: mha-opt %s --mha-lower-attention-to-gpu -split-input-file -verify-diagnostics
// RUN: not mha-opt %s --mha-lower-attention-to-gpu="tensor-cores=1 query-tile=32" -split-input-file 2>&1 | FileCheck %s --check-prefix=MMA

func.func @dynamic(%q: tensor<?x4x128x64xf32>, %k: tensor<?x4x128x64xf32>,
                   %v: tensor<?x4x128x64xf32>) -> tensor<?x4x128x64xf32> {
  // expected-error @+1 {{'mha.attention' op the GPU lowering needs static shapes, but the query has type 'tensor<?x4x128x64xf32>'}}
  %o = mha.attention %q, %k, %v
         : tensor<?x4x128x64xf32>, tensor<?x4x128x64xf32>, tensor<?x4x128x64xf32>
           -> tensor<?x4x128x64xf32>
  return %o : tensor<?x4x128x64xf32>
}

// -----

func.func @dynamic_mask(%q: tensor<1x4x128x64xf32>, %k: tensor<1x4x128x64xf32>,
                        %v: tensor<1x4x128x64xf32>, %m: tensor<1x1x?x128xi1>)
    -> tensor<1x4x128x64xf32> {
  // expected-error @+1 {{the GPU lowering needs static shapes, but the mask has type 'tensor<1x1x?x128xi1>'}}
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x?x128xi1>)
         : tensor<1x4x128x64xf32>, tensor<1x4x128x64xf32>, tensor<1x4x128x64xf32>
           -> tensor<1x4x128x64xf32>
  return %o : tensor<1x4x128x64xf32>
}

// -----

func.func @host_compute(%q: tensor<1x4x128x64xf32>, %k: tensor<1x4x128x64xf32>,
                        %v: tensor<1x4x128x64xf32>) -> tensor<1x4x128x64xf32> {
  %o = mha.attention %q, %k, %v
         : tensor<1x4x128x64xf32>, tensor<1x4x128x64xf32>, tensor<1x4x128x64xf32>
           -> tensor<1x4x128x64xf32>
  // expected-error @+1 {{'arith.addf' op computes on tensors in a function with mha.attention; the GPU lowering supports functions whose tensors flow only between arguments, mha.attention and return}}
  %r = arith.addf %o, %q : tensor<1x4x128x64xf32>
  return %r : tensor<1x4x128x64xf32>
}

// -----

func.func @constant_mask(%q: tensor<1x4x128x64xf32>, %k: tensor<1x4x128x64xf32>,
                         %v: tensor<1x4x128x64xf32>) -> tensor<1x4x128x64xf32> {
  // expected-error @+1 {{'arith.constant' op computes on tensors in a function with mha.attention}}
  %m = arith.constant dense<true> : tensor<1x1x1x128xi1>
  %o = mha.attention %q, %k, %v mask(%m : tensor<1x1x1x128xi1>)
         : tensor<1x4x128x64xf32>, tensor<1x4x128x64xf32>, tensor<1x4x128x64xf32>
           -> tensor<1x4x128x64xf32>
  return %o : tensor<1x4x128x64xf32>
}

// -----

func.func @block(%x: tensor<1x16x64xf32>, %w: tensor<64x64xf32>) -> tensor<1x16x64xf32> {
  // expected-error @+1 {{'mha.multi_head_attention' op is not supported by the GPU lowering (its projections have no GPU kernels yet); use mha.attention on projected heads}}
  %y = mha.multi_head_attention %x, %x, %x
         weights(%w, %w, %w, %w : tensor<64x64xf32>, tensor<64x64xf32>,
                                  tensor<64x64xf32>, tensor<64x64xf32>)
         heads(4)
         : tensor<1x16x64xf32>, tensor<1x16x64xf32>, tensor<1x16x64xf32>
           -> tensor<1x16x64xf32>
  return %y : tensor<1x16x64xf32>
}

// -----

// MMA: error: 'mha.attention' op the mma.sync kernel gives each warp 16 query rows: query-tile must be 16 * num-warps = 64 (or 0), got 32
func.func @mma_query_tile(%q: tensor<1x4x128x64xf16>, %k: tensor<1x4x128x64xf16>,
                          %v: tensor<1x4x128x64xf16>) -> tensor<1x4x128x64xf16> {
  %o = mha.attention %q, %k, %v
         : tensor<1x4x128x64xf16>, tensor<1x4x128x64xf16>, tensor<1x4x128x64xf16>
           -> tensor<1x4x128x64xf16>
  return %o : tensor<1x4x128x64xf16>
}
