//===- MHAOps.h - operations and attributes of the mha dialect --*- C++ -*-===//
#ifndef MHA_DIALECT_MHA_IR_MHAOPS_H
#define MHA_DIALECT_MHA_IR_MHAOPS_H

#include "mha/Dialect/MHA/IR/MHADialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/TilingInterface.h"

#include "mha/Dialect/MHA/IR/MHAEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "mha/Dialect/MHA/IR/MHAAttrs.h.inc"

#define GET_OP_CLASSES
#include "mha/Dialect/MHA/IR/MHAOps.h.inc"

#endif // MHA_DIALECT_MHA_IR_MHAOPS_H
