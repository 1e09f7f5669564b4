//===- GpuPipeline.cpp - mha ops on tensors to NVIDIA GPU kernels -------===//
//
// --mha-gpu-pipeline: mha.attention -> FlashAttention kernels in a
// gpu.module (--mha-lower-attention-to-gpu), host code bufferized onto
// device buffers, then upstream's NVVM path: the passes of
// gpu-lower-to-nvvm-pipeline (mlir/lib/Dialect/GPU/Pipelines), with the
// CUDA toolkit path, the chip and the binary format as options, and bare
// pointers for kernel arguments (all shapes are static).
//
//===----------------------------------------------------------------------===//
#include "mha/Pipelines/Pipelines.h"

#include "mha/Conversion/Passes.h"
#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/Transforms/OptimizeForNVVM.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"

using namespace mlir;

static std::string ptxasPath(const mha::GpuPipelineOptions &options) {
  llvm::SmallString<128> path(options.cudaPath.getValue());
  llvm::sys::path::append(path, "bin", "ptxas");
  return std::string(path);
}

/// The gpu-module-to-binary format for the pipeline's `format`.
static std::string binaryFormat(const mha::GpuPipelineOptions &options) {
  StringRef format = options.format;
  if (format.empty())
    return llvm::sys::fs::can_execute(ptxasPath(options)) ? "bin" : "isa";
  if (format == "ptx" || format == "isa")
    return "isa";
  if (format == "cubin" || format == "bin")
    return "bin";
  return format.str(); // fatbin
}

/// Rejects option combinations that would fail late or silently.
static LogicalResult
verifyGpuPipelineOptions(const mha::GpuPipelineOptions &options,
                         function_ref<LogicalResult(const Twine &)> error) {
  StringRef format = options.format;
  if (!llvm::is_contained({"", "ptx", "isa", "cubin", "bin", "fatbin"}, format))
    return error("mha-gpu-pipeline: format must be ptx, cubin or fatbin, "
                 "got '" +
                 format + "'");
  llvm::SmallVector<StringRef> match;
  if (!llvm::Regex("^sm_([0-9]+)[af]?$").match(options.chip, &match))
    return error("mha-gpu-pipeline: chip must look like sm_90, got '" +
                 options.chip + "'");
  unsigned sm = 0;
  match[1].getAsInteger(10, sm);
  if (options.tensorCores && sm < 80)
    return error("mha-gpu-pipeline: tensor-cores needs mma.sync.m16n8k16 "
                 "with f16/bf16, i.e. sm_80 or newer; chip is " +
                 options.chip);
  std::string binary = binaryFormat(options);
  if ((binary == "bin" || binary == "fatbin") &&
      !llvm::sys::fs::can_execute(ptxasPath(options)))
    return error("mha-gpu-pipeline: format=" + format + " needs " +
                 ptxasPath(options) + " (set cuda-path, or use format=ptx)");
  if (options.numWarps < 1)
    return error("mha-gpu-pipeline: num-warps must be positive");
  return success();
}

void mha::buildGpuPipeline(OpPassManager &pm,
                           const GpuPipelineOptions &options) {
  // Tensor level: kernels and their launches.
  MHALowerAttentionToGPUOptions lowerOptions;
  lowerOptions.tensorCores = options.tensorCores;
  lowerOptions.queryTile = options.queryTile;
  lowerOptions.keyValueTile = options.keyValueTile;
  lowerOptions.numWarps = options.numWarps;
  pm.addPass(mha::createMHALowerAttentionToGPU(lowerOptions));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Host buffers: function arguments and results become device memrefs
  // with identity layouts (the kernels take bare pointers).
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  pm.addPass(createCanonicalizerPass());
  if (options.emitCInterface)
    pm.addPass(mha::createMHAAddCInterface());
  // One stream per call: allocation, launches and the final wait.
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());

  // What gpu-lower-to-nvvm-pipeline does, host and device (its common
  // part), with our target options.
  pm.addPass(createConvertNVGPUToNVVMPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertNVVMToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  GpuNVVMAttachTargetOptions targetOptions;
  targetOptions.chip = options.chip;
  targetOptions.features = options.features;
  targetOptions.optLevel = options.optLevel;
  pm.addPass(createGpuNVVMAttachTarget(targetOptions));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Device: gpu.module to NVVM.
  ConvertGpuOpsToNVVMOpsOptions nvvmOptions;
  nvvmOptions.useBarePtrCallConv = true;
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToNVVMOps(nvvmOptions));
  pm.addNestedPass<gpu::GPUModuleOp>(LLVM::createNVVMOptimizeForTargetPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createCanonicalizerPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createCSEPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createReconcileUnrealizedCastsPass());

  // Host: launches to mgpu* calls, kernels to a binary.
  GpuToLLVMConversionPassOptions hostOptions;
  hostOptions.kernelBarePtrCallConv = true;
  pm.addPass(createGpuToLLVMConversionPass(hostOptions));
  GpuModuleToBinaryPassOptions binaryOptions;
  binaryOptions.compilationTarget = binaryFormat(options);
  // The kernels need no libdevice, so PTX needs no toolkit: pass the path
  // only where it exists (it was checked for cubin and fatbin).
  if (llvm::sys::fs::is_directory(options.cudaPath.getValue()))
    binaryOptions.toolkitPath = options.cudaPath;
  pm.addPass(createGpuModuleToBinaryPass(binaryOptions));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mha::registerGpuPipeline() {
  // PassPipelineRegistration<GpuPipelineOptions>, plus a check of the
  // options before any pass runs.
  registerPassPipeline(
      "mha-gpu-pipeline",
      "Lower mha.attention on static-shaped tensors inside func.func to "
      "FlashAttention kernels for an NVIDIA GPU (gpu.binary) and host code "
      "that launches them through the mgpu* runtime",
      [](OpPassManager &pm, StringRef optionsText,
         function_ref<LogicalResult(const Twine &)> errorHandler) {
        GpuPipelineOptions options;
        if (failed(options.parseFromString(optionsText)) ||
            failed(verifyGpuPipelineOptions(options, errorHandler)))
          return failure();
        buildGpuPipeline(pm, options);
        return success();
      },
      [](function_ref<void(const mlir::detail::PassOptions &)> optionHandler) {
        optionHandler(GpuPipelineOptions());
      });
}
