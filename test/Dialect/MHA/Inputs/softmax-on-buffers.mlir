// Input of mha-decompose-aggregated-ops.mlir: linalg.softmax on memrefs.
func.func @on_buffers(%x: memref<2x5xf32>, %y: memref<2x5xf32>) {
  // expected-error @below {{'linalg.softmax' op can only be decomposed on tensors}}
  linalg.softmax dimension(1) ins(%x : memref<2x5xf32>) outs(%y : memref<2x5xf32>)
  return
}
