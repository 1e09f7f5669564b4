//===- Pipelines.h - end-to-end pass pipelines of the toolkit ---*- C++ -*-===//
#ifndef MHA_PIPELINES_PIPELINES_H
#define MHA_PIPELINES_PIPELINES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace mlir {
namespace mha {

/// Options of `--mha-cpu-pipeline`.
struct CpuPipelineOptions : public PassPipelineOptions<CpuPipelineOptions> {
  PassOptions::Option<bool> emitCInterface{
      *this, "emit-c-interface",
      llvm::cl::desc("Give public functions a _mlir_ciface_ wrapper"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> flash{
      *this, "flash",
      llvm::cl::desc("Lower mha.attention through the tiled FlashAttention "
                     "form (--mha-tile-attention) instead of the unfused "
                     "linalg form"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> queryTile{
      *this, "query-tile",
      llvm::cl::desc("Flash path: query rows per head in one tile (0: about "
                     "64 rows per tile shared by the heads of a group)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> keyValueTile{
      *this, "kv-tile",
      llvm::cl::desc("Flash path: key/value rows per online-softmax step, at "
                     "most (a static S that is no multiple of it is split "
                     "into equal steps)"),
      llvm::cl::init(64)};
  PassOptions::Option<int64_t> wideTileKiB{
      *this, "wide-tile-kv-kib",
      llvm::cl::desc("Flash path: with query-tile=0, about 128 query rows per "
                     "tile instead of 64 where one key/value head takes at "
                     "least this many KiB, and f16/bf16 keys and values "
                     "widened to f32 once where one head's f32 copy takes "
                     "less (0: no limit: never wider tiles, always widened "
                     "once)"),
      llvm::cl::init(2048)};
  PassOptions::Option<int64_t> remainderTile{
      *this, "remainder-tile",
      llvm::cl::desc("Flash path: with a dynamic L, the query rows left "
                     "after the whole tiles are taken in tiles of this many "
                     "rows in all (a single row left: a one-row tile); with "
                     "a dynamic S, the keys left after the whole kv-tile "
                     "steps in steps of this many rows (0: one more full "
                     "tile)"),
      llvm::cl::init(16)};
  PassOptions::Option<int64_t> kvSplits{
      *this, "kv-splits",
      llvm::cl::desc("Flash path: shares of each query tile's key range "
                     "computed by separate parallel iterations and combined "
                     "(flash-decoding); 0: automatic where the parallel "
                     "loop has fewer than 16 iterations (a dynamic S: "
                     "chosen at run time), and none with num-threads=1; 1: "
                     "none"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> unfusedMaxScores{
      *this, "unfused-max-scores",
      llvm::cl::desc("Flash path: attention with a static L*S at most this "
                     "takes the unfused path (0: never)"),
      llvm::cl::init(32)};
  PassOptions::Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Flash path: register-blocked vector code for the tiles "
                     "(--mha-vectorize-tiles)"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> registerRows{
      *this, "register-rows",
      llvm::cl::desc("Rows of the register block of the tile products"),
      llvm::cl::init(6)};
  PassOptions::Option<int64_t> registerCols{
      *this, "register-cols",
      llvm::cl::desc("f32 lanes per row of the register block"),
      llvm::cl::init(16)};
  PassOptions::Option<int64_t> kBlock{
      *this, "k-block",
      llvm::cl::desc("k panel of the tile products (0: one panel)"),
      llvm::cl::init(128)};
  PassOptions::Option<int64_t> projectionRowTile{
      *this, "projection-row-tile",
      llvm::cl::desc("Flash path: rows of X per projection tile "
                     "(--mha-tile-projections row-tile)"),
      llvm::cl::init(32)};
  PassOptions::Option<int64_t> projectionColTile{
      *this, "projection-col-tile",
      llvm::cl::desc("Flash path: weight columns per projection tile "
                     "(--mha-tile-projections col-tile)"),
      llvm::cl::init(64)};
  PassOptions::Option<int64_t> projectionWeightBlockKiB{
      *this, "projection-weight-block-kib",
      llvm::cl::desc("Flash path: KiB of packed weight panels per column "
                     "block of a projection (--mha-tile-projections "
                     "weight-block-kib)"),
      llvm::cl::init(1024)};
  PassOptions::Option<unsigned> numThreads{
      *this, "num-threads",
      llvm::cl::desc("Threads of the parallel tile loop: 0 lets the OpenMP "
                     "runtime decide (OMP_NUM_THREADS, else all cores), 1 "
                     "emits sequential code without OpenMP"),
      llvm::cl::init(0)};
  PassOptions::Option<bool> workspace{
      *this, "workspace",
      llvm::cl::desc("Public functions without memref results take their "
                     "top-level static buffers from a trailing workspace "
                     "argument (--mha-hoist-allocs-to-workspace; mha-compile "
                     "sets it)"),
      llvm::cl::init(false)};
  PassOptions::Option<std::string> ompSchedule{
      *this, "omp-schedule",
      llvm::cl::desc("How the threads share the parallel tile loops "
                     "(--mha-set-omp-schedule kind): dynamic hands out one "
                     "tile at a time, static one contiguous share each"),
      llvm::cl::init("dynamic")};
  PassOptions::Option<bool> resultsToOutParams{
      *this, "results-to-out-params",
      llvm::cl::desc("Functions whose results all have static shapes take "
                     "them as trailing memref arguments and compute them in "
                     "place (--mha-results-to-out-params; mha-compile sets "
                     "it)"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> fuseElementwise{
      *this, "fuse-elementwise",
      llvm::cl::desc("Fuse elementwise linalg ops before bufferization"),
      llvm::cl::init(true)};
};

/// From mha ops on tensors inside func.func to the LLVM dialect, ready to
/// execute: decompose, lower to linalg, bufferize, loops, LLVM.
void buildCpuPipeline(OpPassManager &pm, const CpuPipelineOptions &options);

/// Applies the transform script `schedule` (its
/// `transform.named_sequence @__transform_main`, which takes the payload
/// module as its argument) to `payload`, before buildCpuPipeline: a tiling
/// or fusion schedule of one's own for the mha ops (mha.attention
/// implements TilingInterface). Errors go to the context's diagnostic
/// handler. mha-run's --transform uses it.
LogicalResult applyTransformSchedule(ModuleOp payload, ModuleOp schedule);

/// Parses the transform script at `path` for applyTransformSchedule; null,
/// with `error` set ("cannot open ...", "cannot parse ..."), when the file
/// is missing or does not parse (the parser's diagnostics go to the
/// context's handler).
OwningOpRef<ModuleOp> parseTransformSchedule(StringRef path,
                                             MLIRContext *context,
                                             std::string &error);

/// The canonicalization patterns (debug names, for createCanonicalizerPass's
/// disabledPatterns) that buildCpuPipeline leaves out between the tiling
/// passes and --mha-vectorize-tiles: the folding of an scf.forall of a
/// single iteration into its parent. The vectorizer works on the ops inside
/// the tile loops; a pipeline of one's own that canonicalizes in between
/// needs the same.
llvm::ArrayRef<std::string> keepSingleIterationForall();

/// The LLVM IR half of the CPU pipeline, for the translated module of
/// buildCpuPipeline's output: LLVM's default module pipeline at `optLevel`
/// (0-3) for `tm`'s target, with unrolling and the vectorizers from -O2 on.
/// mha-run's JIT (at 3) and mha-compile both use it.
void optimizeLLVMModule(llvm::Module &module, llvm::TargetMachine *tm,
                        unsigned optLevel);

/// Sets the options that were not given explicitly to the best known values
/// for `tm`'s CPU and features: register blocks of 6 x 16 lanes (12 ymm
/// accumulators) and projection row tiles of 30 rows without AVX-512F,
/// 8 x 32 lanes (16 zmm accumulators) and 32 rows with it. mha-run (for its
/// JIT's target, the host unless --mattr says otherwise) and mha-compile
/// (for --target/--cpu/--mattr) both use it.
void tuneCpuPipelineForTarget(CpuPipelineOptions &options,
                              const llvm::TargetMachine &tm);

/// Checks target features written as llc's -mattr (`+name` or `-name`,
/// comma-separated) against `tm`'s feature table: LLVM itself only warns
/// about a feature it does not know, and ignores it. The error names the
/// offending entry, after `flag` (e.g. "--mattr").
llvm::Error checkTargetFeatures(llvm::StringRef features,
                                const llvm::TargetMachine &tm,
                                llvm::StringRef flag);

/// Options of `--mha-gpu-pipeline` (docs/GPU.md).
struct GpuPipelineOptions : public PassPipelineOptions<GpuPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip", llvm::cl::desc("NVIDIA GPU to compile for (sm_XY)"),
      llvm::cl::init("sm_90")};
  PassOptions::Option<std::string> features{
      *this, "features",
      llvm::cl::desc("NVPTX features, e.g. +ptx80 (empty: the lowest PTX "
                     "version the chip allows)"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What gpu.binary holds: ptx (PTX text, JIT-compiled by "
                     "the driver), cubin (needs ptxas), fatbin (cubin + PTX; "
                     "needs ptxas and fatbinary); empty: cubin when "
                     "<cuda-path>/bin/ptxas exists, else ptx"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> cudaPath{
      *this, "cuda-path",
      llvm::cl::desc("CUDA toolkit used by gpu-module-to-binary for cubin "
                     "and fatbin (ptxas, fatbinary); PTX needs none"),
      llvm::cl::init("/usr/local/cuda")};
  PassOptions::Option<bool> tensorCores{
      *this, "tensor-cores",
      llvm::cl::desc("f16/bf16 attention on mma.sync (rounds the softmax "
                     "weights to the element type, as FlashAttention does); "
                     "off: the exact f32 SIMT kernel"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> queryTile{
      *this, "query-tile",
      llvm::cl::desc("Query rows per thread block (0: per kernel)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> keyValueTile{
      *this, "kv-tile",
      llvm::cl::desc("Key/value rows per online-softmax step (0: per kernel)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> numWarps{
      *this, "num-warps", llvm::cl::desc("Warps per thread block"),
      llvm::cl::init(4)};
  PassOptions::Option<int> optLevel{
      *this, "opt-level",
      llvm::cl::desc("LLVM optimization level of the device code"),
      llvm::cl::init(3)};
  PassOptions::Option<bool> emitCInterface{
      *this, "emit-c-interface",
      llvm::cl::desc("Give public functions a _mlir_ciface_ wrapper"),
      llvm::cl::init(true)};
};

/// From mha.attention on static-shaped tensors inside func.func to the LLVM
/// dialect plus gpu.binary: FlashAttention kernels compiled for `chip`, and
/// host functions that take and return device buffers and launch them
/// through the mgpu* runtime (libmha_cuda_runtime).
void buildGpuPipeline(OpPassManager &pm, const GpuPipelineOptions &options);

/// Registers `--mha-gpu-pipeline`.
void registerGpuPipeline();

/// Registers every pipeline of the toolkit with the pass registry.
void registerPipelines();

} // namespace mha
} // namespace mlir

#endif // MHA_PIPELINES_PIPELINES_H
