//===- TransformSchedule.cpp - a transform script before the pipeline ----===//
#include "mha/Pipelines/Pipelines.h"

#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;

LogicalResult mlir::mha::applyTransformSchedule(ModuleOp payload,
                                                ModuleOp schedule) {
  StringRef entryName = transform::TransformDialect::kTransformEntryPointSymbolName;
  Operation *entry = transform::detail::findTransformEntryPoint(
      schedule, schedule, entryName);
  if (!entry)
    return failure(); // findTransformEntryPoint reported it.
  transform::TransformOptions options;
  // Expensive checks catch handles used after their payload was erased.
  options.enableExpensiveChecks(true);
  return transform::applyTransformNamedSequence(payload, entry, schedule,
                                                options);
}
