//===- Passes.h - conversions out of the mha dialect ------------*- C++ -*-===//
#ifndef MHA_CONVERSION_PASSES_H
#define MHA_CONVERSION_PASSES_H

#include "mha/Conversion/MHAToGPU/MHAToGPU.h"
#include "mha/Conversion/MHAToLinalg/MHAToLinalg.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace mha {

#define GEN_PASS_DECL
#include "mha/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mha/Conversion/Passes.h.inc"

} // namespace mha
} // namespace mlir

#endif // MHA_CONVERSION_PASSES_H
