/*===-- mha-c/Dialects.h - C API of the mha dialect ---------------*- C -*-===*\
|*                                                                            *|
|* The mha dialect and the toolkit's dialect registration for C callers and   *|
|* language bindings, following MLIR's C API conventions (mlir-c/IR.h).       *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
#ifndef MHA_C_DIALECTS_H
#define MHA_C_DIALECTS_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/// mlirGetDialectHandle__mha__(): the handle of the mha dialect, for
/// mlirDialectHandleRegisterDialect / mlirDialectHandleLoadDialect /
/// mlirDialectHandleInsertDialect.
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(MHA, mha);

/// Inserts into `registry` everything graphs of mha ops are written and
/// lowered with: the mha dialect, the upstream dialects and their interface
/// models, and the translations to LLVM IR (mlir::mha::registerAllDialects).
MLIR_CAPI_EXPORTED void mlirMHARegisterAllDialects(MlirDialectRegistry registry);

#ifdef __cplusplus
}
#endif

#endif /* MHA_C_DIALECTS_H */
