//===- Passes.h - transformations of the mha dialect ------------*- C++ -*-===//
#ifndef MHA_DIALECT_MHA_TRANSFORMS_PASSES_H
#define MHA_DIALECT_MHA_TRANSFORMS_PASSES_H

#include "mha/Dialect/MHA/IR/MHAOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace mha {

#define GEN_PASS_DECL
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"

} // namespace mha
} // namespace mlir

#endif // MHA_DIALECT_MHA_TRANSFORMS_PASSES_H
