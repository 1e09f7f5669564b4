/*===-- mha-c/Passes.h - C API of the mha passes ------------------*- C -*-===*\
|*                                                                            *|
|* Registration and creation of the mha passes for C callers. The per-pass    *|
|* functions are generated from the Passes.td files:                          *|
|*   mlirRegisterMHAPasses(), mlirCreateMHA<PassDef>(),                       *|
|*     e.g. mlirCreateMHAMHATileAttention()       (Dialect/MHA/Transforms)    *|
|*   mlirRegisterMHAConversionPasses(), mlirCreateMHAConversion<PassDef>(),   *|
|*     e.g. mlirCreateMHAConversionMHALowerAttentionToLinalg()  (Conversion)  *|
|* Passes are created with their default options; to set options, register   *|
|* them and use mlirParsePassPipeline / mlirOpPassManagerAddPipeline.         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
#ifndef MHA_C_PASSES_H
#define MHA_C_PASSES_H

#include "mlir-c/Pass.h"

#include "mha-c/ConversionPasses.capi.h.inc"
#include "mha-c/TransformPasses.capi.h.inc"

#ifdef __cplusplus
extern "C" {
#endif

/// Registers every mha pass and pipeline (mlir::mha::registerAllPasses
/// without the upstream passes): the transforms, the conversions and
/// `mha-cpu-pipeline`, so that textual pipelines can name them.
MLIR_CAPI_EXPORTED void mlirMHARegisterAllPasses(void);

#ifdef __cplusplus
}
#endif

#endif /* MHA_C_PASSES_H */
