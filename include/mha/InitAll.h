//===- InitAll.h - one registration entry point for the toolkit -*- C++ -*-===//
#ifndef MHA_INITALL_H
#define MHA_INITALL_H

#include "mlir/IR/DialectRegistry.h"

namespace mlir {
namespace mha {

/// Registers the mha dialect plus the upstream dialects, interface models
/// and LLVM IR translations that graphs of mha ops are written and lowered
/// with (func, arith, math, tensor, linalg, scf, memref, vector,
/// bufferization, tosa, gpu, nvvm, llvm, transform, ...).
void registerAllDialects(DialectRegistry &registry);

/// Registers every mha pass and pipeline plus the upstream passes.
void registerAllPasses();

} // namespace mha
} // namespace mlir

#endif // MHA_INITALL_H
