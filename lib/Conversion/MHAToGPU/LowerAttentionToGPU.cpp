//===- LowerAttentionToGPU.cpp - mha.attention to GPU kernel launches ---===//
//
// The host side of the GPU lowering: every mha.attention becomes a
// gpu.launch_func of a FlashAttention kernel (SimtKernel.cpp,
// MmaKernel.cpp) in the gpu.module @mha_kernels, on buffers of its operands
// and a gpu.alloc'ed result. Kernels are written directly as gpu.func with
// explicit workgroup memory rather than mapped from the CPU's tiled linalg
// form; docs/GPU.md says why.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "mha/Conversion/MHAToGPU/MHAToGPU.h"
#include "mha/Conversion/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHALOWERATTENTIONTOGPU
#include "mha/Conversion/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::gpu_kernels;

/// The name of the gpu.module that receives the kernels.
static constexpr StringLiteral kKernelModuleName = "mha_kernels";

LogicalResult
mlir::mha::checkAttentionForGpu(AttentionOp op,
                                const AttentionGpuOptions & /*options*/) {
  auto check = [&](Value v, StringRef what) -> LogicalResult {
    if (!v)
      return success();
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || !type.hasStaticShape())
      return op.emitOpError()
             << "the GPU lowering needs static shapes, but the " << what
             << " has type " << v.getType();
    if (type.getNumElements() == 0)
      return op.emitOpError() << "the GPU lowering does not handle empty "
                                 "tensors, but the "
                              << what << " has type " << v.getType();
    return success();
  };
  if (failed(check(op.getQuery(), "query")) ||
      failed(check(op.getKey(), "key")) ||
      failed(check(op.getValue(), "value")) ||
      failed(check(op.getMask(), "mask")) ||
      failed(check(op.getBias(), "bias")) ||
      failed(check(op.getResult(), "result")))
    return failure();
  return success();
}

FailureOr<AttentionGpuKernel>
mlir::mha::buildAttentionKernel(OpBuilder &builder, AttentionOp op,
                                gpu::GPUModuleOp kernels, StringRef name,
                                const AttentionGpuOptions &options) {
  if (failed(checkAttentionForGpu(op, options)))
    return failure();
  AttentionProblem p = AttentionProblem::get(op);
  std::string error;
  FailureOr<AttentionGpuKernel> kernel =
      options.tensorCores && mmaKernelApplies(p)
          ? buildMmaKernel(builder, op.getLoc(), p, kernels, name, options,
                           error)
          : buildSimtKernel(builder, op.getLoc(), p, kernels, name, options,
                            error);
  if (failed(kernel))
    return op.emitOpError() << error;
  return kernel;
}

FailureOr<AttentionGpuKernel>
mlir::mha::lowerAttentionToGpu(RewriterBase &rewriter, AttentionOp op,
                               gpu::GPUModuleOp kernels,
                               const AttentionGpuOptions &options) {
  // A readable, unique kernel name: <function>_attention_<n>.
  std::string base = "attention";
  if (auto func = op->getParentOfType<FunctionOpInterface>())
    base = (func.getName() + "_attention").str();
  std::string name;
  for (unsigned n = 0;; ++n) {
    name = base + "_" + std::to_string(n);
    if (!SymbolTable::lookupSymbolIn(kernels, name))
      break;
  }

  FailureOr<AttentionGpuKernel> kernel =
      buildAttentionKernel(rewriter, op, kernels, name, options);
  if (failed(kernel))
    return failure();

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<Value> args;
  for (Value operand : {op.getQuery(), op.getKey(), op.getValue(), op.getMask(),
                        op.getBias()}) {
    if (!operand)
      continue;
    auto type = cast<RankedTensorType>(operand.getType());
    args.push_back(bufferization::ToBufferOp::create(
        rewriter, loc, MemRefType::get(type.getShape(), type.getElementType()),
        operand,
        /*read_only=*/true));
  }
  auto resultTensorType = cast<RankedTensorType>(op.getResult().getType());
  auto resultType = MemRefType::get(resultTensorType.getShape(),
                                    resultTensorType.getElementType());
  Value result = gpu::AllocOp::create(rewriter, loc, resultType,
                                      /*asyncToken=*/Type(), ValueRange{},
                                      ValueRange{}, ValueRange{})
                     .getMemref();
  args.push_back(result);

  auto index = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, v);
  };
  Value one = index(1);
  Value sharedBytes;
  if (kernel->dynamicSharedBytes)
    sharedBytes = arith::ConstantIntOp::create(rewriter, loc,
                                               kernel->dynamicSharedBytes, 32);
  gpu::LaunchFuncOp::create(
      rewriter, loc, kernel->func,
      gpu::KernelDim3{index(kernel->gridX), index(kernel->gridY),
                      index(kernel->gridZ)},
      gpu::KernelDim3{index(kernel->blockX), one, one}, sharedBytes, args);
  Value tensor = bufferization::ToTensorOp::create(
      rewriter, loc, resultTensorType, result, /*restrict=*/true,
      /*writable=*/true);
  rewriter.replaceOp(op, tensor);
  return kernel;
}

namespace {

struct LowerAttentionToGPUPass
    : public mha::impl::MHALowerAttentionToGPUBase<LowerAttentionToGPUPass> {
  using MHALowerAttentionToGPUBase::MHALowerAttentionToGPUBase;

  /// The host side of a function with mha.attention must not compute on
  /// tensors otherwise: those values would be device memory after
  /// bufferization, and host loops cannot read it.
  LogicalResult checkHostCode(Operation *root) {
    bool ok = true;
    root->walk(
        [&](Operation *op) {
          if (isa<AttentionOp, func::ReturnOp, FunctionOpInterface>(op))
            return;
          if (isa<MultiHeadAttentionOp>(op)) {
            op->emitOpError()
                << "is not supported by the GPU lowering (its projections "
                   "have no GPU kernels yet); use mha.attention on projected "
                   "heads";
            ok = false;
            return;
          }
          auto isTensor = [](Type t) { return isa<TensorType>(t); };
          if (llvm::any_of(op->getOperandTypes(), isTensor) ||
              llvm::any_of(op->getResultTypes(), isTensor)) {
            op->emitOpError()
                << "computes on tensors in a function with mha.attention; the "
                   "GPU lowering supports functions whose tensors flow only "
                   "between arguments, mha.attention and return (they are "
                   "device memory after lowering)";
            ok = false;
          }
        });
    return success(ok);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<AttentionOp> ops;
    SetVector<Operation *> funcs;
    module.walk([&](Operation *op) {
      if (!isa<AttentionOp, MultiHeadAttentionOp>(op))
        return;
      if (auto attention = dyn_cast<AttentionOp>(op))
        ops.push_back(attention);
      Operation *func = op->getParentOfType<FunctionOpInterface>();
      funcs.insert(func ? func : op);
    });
    if (funcs.empty())
      return;
    bool ok = true;
    for (Operation *func : funcs)
      ok &= succeeded(checkHostCode(func));
    AttentionGpuOptions options;
    options.tensorCores = tensorCores;
    options.queryTile = queryTile;
    options.keyValueTile = keyValueTile;
    options.numWarps = numWarps;
    for (AttentionOp op : ops)
      ok &= succeeded(checkAttentionForGpu(op, options));
    if (!ok)
      return signalPassFailure();

    MLIRContext *ctx = &getContext();
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    UnitAttr::get(ctx));
    auto kernels = dyn_cast_or_null<gpu::GPUModuleOp>(
        SymbolTable::lookupSymbolIn(module, kKernelModuleName));
    if (!kernels) {
      OpBuilder builder(ctx);
      builder.setInsertionPointToEnd(module.getBody());
      kernels =
          gpu::GPUModuleOp::create(builder, module.getLoc(), kKernelModuleName);
      SymbolTable(module).insert(kernels);
    }

    IRRewriter rewriter(ctx);
    for (AttentionOp op : ops)
      if (failed(lowerAttentionToGpu(rewriter, op, kernels, options)))
        return signalPassFailure();
    for (Operation *func : funcs)
      freeIntermediateResults(rewriter, func);
  }

  /// A result that only feeds later attentions (not returned) is freed
  /// after the last launch that reads it; the launches are ordered on one
  /// stream, so gpu.dealloc after them is safe.
  void freeIntermediateResults(RewriterBase &rewriter, Operation *root) {
    root->walk([&](bufferization::ToTensorOp toTensor) {
      auto alloc = toTensor.getBuffer().getDefiningOp<gpu::AllocOp>();
      if (!alloc)
        return;
      Operation *lastLaunch = nullptr;
      for (Operation *user : toTensor->getUsers()) {
        auto toBuffer = dyn_cast<bufferization::ToBufferOp>(user);
        if (!toBuffer)
          return;
        for (Operation *reader : toBuffer->getUsers()) {
          if (!isa<gpu::LaunchFuncOp>(reader) ||
              reader->getBlock() != alloc->getBlock())
            return;
          if (!lastLaunch || lastLaunch->isBeforeInBlock(reader))
            lastLaunch = reader;
        }
      }
      if (!lastLaunch)
        return;
      rewriter.setInsertionPointAfter(lastLaunch);
      gpu::DeallocOp::create(rewriter, alloc.getLoc(), TypeRange{},
                             ValueRange{}, alloc.getMemref());
    });
  }
};

} // namespace
