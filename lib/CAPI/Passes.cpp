//===- Passes.cpp - C API of the mha passes -------------------------------===//
#include "mha-c/Passes.h"

#include "mha/Conversion/Passes.h"
#include "mha/Dialect/MHA/Transforms/Passes.h"
#include "mha/Pipelines/Pipelines.h"

#include "mlir/CAPI/Pass.h"
#include "mlir/Pass/Pass.h"

// The generated definitions call the C++ create*/register* functions
// unqualified.
using namespace mlir;
using namespace mlir::mha;

#ifdef __cplusplus
extern "C" {
#endif

#include "mha-c/ConversionPasses.capi.cpp.inc"
#include "mha-c/TransformPasses.capi.cpp.inc"

void mlirMHARegisterAllPasses(void) {
  mha::registerMHAPasses();
  mha::registerMHAConversionPasses();
  mha::registerPipelines();
}

#ifdef __cplusplus
}
#endif
