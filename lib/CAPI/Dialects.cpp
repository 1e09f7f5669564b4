//===- Dialects.cpp - C API of the mha dialect ----------------------------===//
#include "mha-c/Dialects.h"

#include "mha/Dialect/MHA/IR/MHADialect.h"
#include "mha/InitAll.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(MHA, mha, mlir::mha::MHADialect)

void mlirMHARegisterAllDialects(MlirDialectRegistry registry) {
  mlir::mha::registerAllDialects(*unwrap(registry));
}
