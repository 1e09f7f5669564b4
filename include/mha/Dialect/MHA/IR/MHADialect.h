//===- MHADialect.h - the mha dialect ---------------------------*- C++ -*-===//
#ifndef MHA_DIALECT_MHA_IR_MHADIALECT_H
#define MHA_DIALECT_MHA_IR_MHADIALECT_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "mha/Dialect/MHA/IR/MHAOpsDialect.h.inc"

#endif // MHA_DIALECT_MHA_IR_MHADIALECT_H
