// --mha-tile-attention rejects what its static tile shapes cannot express: a dynamic head count.
// RUN: mha-opt %s -mha-tile-attention="query-tile=16 kv-tile=32" -split-input-file -verify-diagnostics
// Out-of-range options are errors too.
// RUN: mha-opt %S/Inputs/mha-tile-attention-options.mlir -mha-tile-attention="query-tile=-1" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-tile-attention-options.mlir -mha-tile-attention="kv-tile=0" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-tile-attention-options.mlir -mha-tile-attention="wide-tile-kv-kib=-1" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-tile-attention-options.mlir -mha-tile-attention="wide-tile-kv-kib=1099511627777" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-tile-attention-options.mlir -mha-tile-attention="remainder-tile=-1" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-tile-attention-options.mlir -mha-tile-attention="kv-splits=-1" -verify-diagnostics
// RUN: mha-opt %S/Inputs/mha-tile-attention-options.mlir -mha-tile-attention="kv-splits=4097" -verify-diagnostics

// A dynamic Hq leaves the group size G = Hq / Hkv, hence the tile rows R = G * TQ, unknown.
func.func @dynamic_query_heads(%q: tensor<1x?x16x32xf32>, %k: tensor<1x2x16x32xf32>) -> tensor<1x?x16x32xf32> {
  // expected-error @+1 {{'mha.attention' op has a dynamic head count (Hq or Hkv), which --mha-tile-attention does not support; make dim 1 of 'query' and of 'key' or 'value' static (B, L and S may stay dynamic)}}
  %o = mha.attention %q, %k, %k : tensor<1x?x16x32xf32>, tensor<1x2x16x32xf32>, tensor<1x2x16x32xf32> -> tensor<1x?x16x32xf32>
  return %o : tensor<1x?x16x32xf32>
}

// -----

// Hkv dynamic in both key and value: no operand gives it statically. (Key
// alone dynamic is accepted; see @hkv_from_value in mha-tile-attention.mlir.)
func.func @dynamic_kv_heads(%q: tensor<1x4x16x32xf32>, %k: tensor<1x?x16x32xf32>, %v: tensor<1x?x16x32xf32>) -> tensor<1x4x16x32xf32> {
  // expected-error @+1 {{'mha.attention' op has a dynamic head count (Hq or Hkv)}}
  %o = mha.attention %q, %k, %v : tensor<1x4x16x32xf32>, tensor<1x?x16x32xf32>, tensor<1x?x16x32xf32> -> tensor<1x4x16x32xf32>
  return %o : tensor<1x4x16x32xf32>
}

// -----

// Everything else may be dynamic, but not the heads: the diagnostic names the
// head count even when B, L and S are dynamic too.
func.func @dynamic_everything(%q: tensor<?x?x?x32xf16>, %k: tensor<?x?x?x32xf16>) -> tensor<?x?x?x32xf16> {
  // expected-error @+1 {{has a dynamic head count (Hq or Hkv)}}
  %o = mha.attention %q, %k, %k causal(top_left) : tensor<?x?x?x32xf16>, tensor<?x?x?x32xf16>, tensor<?x?x?x32xf16> -> tensor<?x?x?x32xf16>
  return %o : tensor<?x?x?x32xf16>
}

// -----

// Tiles are static tensors of G * TQ rows: 2^40 query heads over one
// key/value head would need tiles of 2^40 rows (and overflow their sizes).
func.func @huge_group(%q: tensor<1x1099511627776x16x32xf32>, %k: tensor<1x1x16x32xf32>) -> tensor<1x1099511627776x16x32xf32> {
  // expected-error @+1 {{'mha.attention' op needs tiles of G * TQ = 1099511627776 * 16 rows by up to 32 columns, more than the 2147483648 elements --mha-tile-attention supports; use smaller query-tile/kv-tile options or the unfused lowering (--mha-lower-attention-to-linalg, --mha-cpu-pipeline="flash=false")}}
  %o = mha.attention %q, %k, %k : tensor<1x1099511627776x16x32xf32>, tensor<1x1x16x32xf32>, tensor<1x1x16x32xf32> -> tensor<1x1099511627776x16x32xf32>
  return %o : tensor<1x1099511627776x16x32xf32>
}
