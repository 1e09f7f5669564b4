//===- CpuPipeline.cpp - mha ops on tensors to the LLVM dialect ---------===//
#include "mha/Pipelines/Pipelines.h"

#include "mha/Conversion/Passes.h"
#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;

ArrayRef<std::string> mha::keepSingleIterationForall() {
  // The debug name of upstream's pattern (llvm::getTypeName of a type in an
  // anonymous namespace), as clang and GCC spell it. A lit test
  // (test/Pipelines/mha-cpu-pipeline-single-tile.mlir) fails if neither
  // matches any more.
  static const std::string names[] = {
      "(anonymous namespace)::ForallOpSingleOrZeroIterationDimsFolder",
      "{anonymous}::ForallOpSingleOrZeroIterationDimsFolder"};
  return names;
}

void mha::buildCpuPipeline(OpPassManager &pm,
                           const CpuPipelineOptions &options) {
  // TOSA around the mha ops (a frontend's graph, or what a raise left) to
  // linalg, arith and tensor ops, as upstream's tosa-to-linalg pipeline
  // orders them; functions without TOSA are unchanged.
  pm.addNestedPass<func::FuncOp>(tosa::createTosaToLinalgNamed());
  pm.addNestedPass<func::FuncOp>(tosa::createTosaToLinalg());
  pm.addNestedPass<func::FuncOp>(createTosaToArithPass());
  pm.addNestedPass<func::FuncOp>(createTosaToTensorPass());
  // linalg.softmax (and other aggregated linalg ops) as generics.
  pm.addPass(mha::createMHADecomposeAggregatedOps());

  // Tensor level: mha ops to linalg.
  pm.addPass(mha::createMHADecomposeMultiHeadAttention());
  if (options.flash && options.vectorize) {
    MHATileProjectionsOptions projectionOptions;
    projectionOptions.rowTile = options.projectionRowTile;
    projectionOptions.colTile = options.projectionColTile;
    projectionOptions.weightBlockKiB = options.projectionWeightBlockKiB;
    projectionOptions.rowStep = options.registerRows;
    pm.addPass(mha::createMHATileProjections(projectionOptions));
  }
  if (options.flash) {
    MHATileAttentionOptions tileOptions;
    tileOptions.queryTile = options.queryTile;
    tileOptions.keyValueTile = options.keyValueTile;
    tileOptions.unfusedMaxScores = options.unfusedMaxScores;
    tileOptions.wideTileKiB = options.wideTileKiB;
    tileOptions.remainderTile = options.remainderTile;
    // One thread has no use for shares of the key range: they only add
    // their combination.
    tileOptions.keyValueSplits =
        options.kvSplits == 0 && options.numThreads == 1
            ? int64_t(1)
            : static_cast<int64_t>(options.kvSplits);
    pm.addPass(mha::createMHATileAttention(tileOptions));
    // --mha-vectorize-tiles works on the ops inside the tile loops
    // (scf.forall). A loop of a single iteration (B = 1, one key/value head
    // and one query tile: multi-query decoding; one projection tile) must
    // stay a loop until then: folded into its parent, its tiles stayed
    // scalar code, 8-30x slower (docs/perf/flash-cpu-notes.md).
    pm.addPass(createCanonicalizerPass(GreedyRewriteConfig(),
                                       keepSingleIterationForall()));
    if (options.vectorize) {
      MHAVectorizeTilesOptions vectorOptions;
      vectorOptions.registerRows = options.registerRows;
      vectorOptions.registerCols = options.registerCols;
      vectorOptions.kBlock = options.kBlock;
      pm.addPass(mha::createMHAVectorizeTiles(vectorOptions));
    }
  }
  pm.addPass(mha::createMHALowerAttentionToLinalg());
  // Elementwise arith and math ops on whole tensors (a frontend's scale or
  // mask) have no bufferization: as linalg.generic ops they bufferize and
  // fuse like the rest.
  pm.addPass(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  if (options.fuseElementwise)
    pm.addPass(createLinalgElementwiseOpFusionPass());
  pm.addPass(createCSEPass());

  // Buffers: identity layouts at function boundaries so that callers pass
  // plain row-major descriptors; ownership-based deallocation frees every
  // temporary.
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  bufferizeOptions.allowReturnAllocsFromLoops = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // A tile computed into a tensor.empty and inserted into a larger tensor
  // (the attention's normalized output rows) is computed in that tensor's
  // slice instead of in a buffer of its own that is then copied.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  // CSE first: row loops write and "copy" the same subview through two
  // identical memref.subview ops; once merged, the self-copy folds away.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  // Static temporaries of a loop body (the score tile of every key/value
  // step) are allocated once before the loop instead of every iteration.
  // Upstream's hoisting stops at parallel loops: each thread keeps its own.
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  if (options.resultsToOutParams)
    pm.addPass(mha::createMHAResultsToOutParams());
  if (options.workspace)
    pm.addPass(mha::createMHAHoistAllocsToWorkspace());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createCanonicalizerPass());

  pm.addNestedPass<func::FuncOp>(mha::createMHALowerStridedCopies());

  // Loops: the parallel tile loop of the flash path runs on OpenMP threads.
  if (options.numThreads == 1) {
    pm.addPass(createForallToForLoopPass());
  } else {
    pm.addPass(createForallToParallelLoopPass());
    ConvertSCFToOpenMPPassOptions ompOptions;
    ompOptions.numThreads = options.numThreads;
    pm.addPass(createConvertSCFToOpenMPPass(ompOptions));
    MHASetOmpScheduleOptions scheduleOptions;
    scheduleOptions.kind = options.ompSchedule;
    pm.addPass(mha::createMHASetOmpSchedule(scheduleOptions));
    pm.addPass(mha::createMHAInlineAllocaScopes());
  }
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createLoopInvariantCodeMotionPass());
  pm.addPass(createCanonicalizerPass());

  // Vectors: n-D transfers to loops of 1-D ones, then LLVM.
  // Unrolled, so that the 2-D transfers of the transposing copies become
  // 1-D row loads and stores around the in-register transpose rather than
  // a round trip through a stack buffer.
  pm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addPass(createLowerAffinePass());

  // LLVM.
  if (options.emitCInterface)
    pm.addPass(mha::createMHAAddCInterface());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  // Vector loads of the i1 mask as bytes: upstream's lowering reads
  // vector<Nxi1> from memory as packed bits.
  pm.addPass(mha::createMHALowerBoolVectorAccesses());
  // 16x16 f32 transposes (the transposing tile copies on AVX-512) become
  // shuffle sequences; other shapes are lowered element by element.
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.vectorTransposeLowering =
      vector::VectorTransposeLowering::Shuffle16x16;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Loop hints the tile passes set on scf.for (no unrolling of large copy
  // loops) reach LLVM as !llvm.loop metadata.
  pm.addPass(mha::createMHAApplyLoopAnnotations());
}

void mha::tuneCpuPipelineForTarget(CpuPipelineOptions &options,
                                   const llvm::TargetMachine &tm) {
  bool avx512 = tm.getTargetTriple().isX86() &&
                tm.getMCSubtargetInfo()->checkFeatures("+avx512f");
  if (!options.registerRows.hasValue())
    options.registerRows = avx512 ? 8 : 6;
  if (!options.registerCols.hasValue())
    options.registerCols = avx512 ? 32 : 16;
  // Projection row tiles: a multiple of the register block's rows.
  if (!options.projectionRowTile.hasValue())
    options.projectionRowTile = avx512 ? 32 : 30;
}

void mha::registerPipelines() {
  PassPipelineRegistration<CpuPipelineOptions>(
      "mha-cpu-pipeline",
      "Lower mha ops on tensors inside func.func to the LLVM dialect, ready "
      "to execute on the CPU",
      buildCpuPipeline);
}

llvm::Error mha::checkTargetFeatures(llvm::StringRef features,
                                     const llvm::TargetMachine &tm,
                                     llvm::StringRef flag) {
  SmallVector<StringRef> entries;
  features.split(entries, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  ArrayRef<llvm::SubtargetFeatureKV> known =
      tm.getMCSubtargetInfo()->getAllProcessorFeatures();
  for (StringRef entry : entries) {
    entry = entry.trim();
    if (entry.size() < 2 || (entry[0] != '+' && entry[0] != '-'))
      return llvm::createStringError(
          flag.str() + ": '" + entry.str() +
          "' is not +feature or -feature (as llc -mattr)");
    StringRef name = entry.drop_front();
    if (llvm::none_of(known, [&](const llvm::SubtargetFeatureKV &kv) {
          return name == kv.Key;
        }))
      return llvm::createStringError(flag.str() + ": unknown feature '" +
                                     name.str() + "' for target '" +
                                     tm.getTargetTriple().str() + "'");
  }
  return llvm::Error::success();
}
