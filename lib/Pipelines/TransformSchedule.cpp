//===- TransformSchedule.cpp - a transform script before the pipeline ----===//
#include "mha/Pipelines/Pipelines.h"

#include "mlir/Dialect/Linalg/TransformOps/LinalgTransformOps.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

LogicalResult mlir::mha::applyTransformSchedule(ModuleOp payload,
                                                ModuleOp schedule) {
  StringRef entryName = transform::TransformDialect::kTransformEntryPointSymbolName;
  Operation *entry = transform::detail::findTransformEntryPoint(
      schedule, schedule, entryName);
  if (!entry)
    return failure(); // findTransformEntryPoint reported it.
  // Upstream MLIR 22 crashes (a null dereference in tileToForallOpImpl) on
  // a tile_using_forall whose tile sizes are all 0, whatever op it tiles:
  // refused here instead (docs/Guarantees.md, "Known upstream problems").
  WalkResult zeroTiles = schedule.walk([](transform::TileUsingForallOp op) {
    SmallVector<OpFoldResult> sizes = op.getMixedTileSizes();
    if (sizes.empty() || !llvm::all_of(sizes, [](OpFoldResult size) {
          return isConstantIntValue(size, 0);
        }))
      return WalkResult::advance();
    op.emitOpError("has only tile sizes of 0 (no loop to create), which "
                   "upstream MLIR 22 crashes on; leave the op out instead");
    return WalkResult::interrupt();
  });
  if (zeroTiles.wasInterrupted())
    return failure();
  transform::TransformOptions options;
  // Expensive checks catch handles used after their payload was erased.
  options.enableExpensiveChecks(true);
  return transform::applyTransformNamedSequence(payload, entry, schedule,
                                                options);
}

OwningOpRef<ModuleOp> mlir::mha::parseTransformSchedule(StringRef path,
                                                        MLIRContext *context,
                                                        std::string &error) {
  if (!llvm::sys::fs::exists(path)) {
    error = ("cannot open the transform script '" + path + "': no such file")
                .str();
    return nullptr;
  }
  // A SourceMgr of its own: the parser reads only a SourceMgr's main
  // buffer. Diagnostics go through the context's handler, which locates
  // them in the script by its file name.
  llvm::SourceMgr scriptMgr;
  OwningOpRef<ModuleOp> script =
      parseSourceFile<ModuleOp>(path, scriptMgr, ParserConfig(context));
  if (!script)
    error = ("cannot parse the transform script '" + path +
             "' (diagnostics above)")
                .str();
  return script;
}
