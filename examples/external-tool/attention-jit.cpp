//===- attention-jit.cpp - an out-of-tree tool built on the installed mha -===//
//
// Builds an attention graph with the C++ API of the mha dialect, lowers it
// with the CPU pipeline, JIT-compiles it with MLIR's ExecutionEngine, calls
// it and checks a property of the result. With a file argument it instead
// lowers that file with the CPU pipeline and prints the LLVM dialect.
//
//   attention-jit                 build, lower, run, check: prints PASS
//   attention-jit graph.mlir      print graph.mlir in the LLVM dialect
//
//===----------------------------------------------------------------------===//
#include "mha/Dialect/MHA/IR/MHAOps.h"
#include "mha/InitAll.h"
#include "mha/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdlib>
#include <vector>

using namespace mlir;

namespace {
// 4 query heads over 2 key/value heads, 32 queries against 48 keys of 16.
constexpr int64_t B = 1, Hq = 4, Hkv = 2, L = 32, S = 48, E = 16;

/// func.func @attention(%q, %k, %v) { mha.attention causal(bottom_right) }
OwningOpRef<ModuleOp> buildGraph(MLIRContext &context) {
  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  Type f32 = builder.getF32Type();
  auto qType = RankedTensorType::get({B, Hq, L, E}, f32);
  auto kvType = RankedTensorType::get({B, Hkv, S, E}, f32);
  auto func = func::FuncOp::create(
      builder, loc, "attention",
      builder.getFunctionType({qType, kvType, kvType}, {qType}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  auto attention = mha::AttentionOp::create(
      builder, loc, qType, body->getArgument(0), body->getArgument(1),
      body->getArgument(2), /*mask=*/Value(), /*bias=*/Value(),
      mha::CausalMode::bottom_right, /*window=*/nullptr, /*scale=*/nullptr,
      /*softcap=*/nullptr);
  func::ReturnOp::create(builder, loc, attention.getResult());
  return module;
}

int lowerFile(MLIRContext &context, const char *path) {
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(path, &context);
  if (!module)
    return 1;
  PassManager pm(&context);
  mha::CpuPipelineOptions options;
  mha::buildCpuPipeline(pm, options);
  if (failed(pm.run(*module)))
    return 1;
  module->print(llvm::outs());
  return 0;
}

int buildAndRun(MLIRContext &context) {
  OwningOpRef<ModuleOp> module = buildGraph(context);
  if (failed(verify(*module)))
    return 1;
  module->print(llvm::outs());

  // Sequential code: the JIT then needs no OpenMP runtime.
  PassManager pm(&context);
  std::unique_ptr<mha::CpuPipelineOptions> options =
      mha::CpuPipelineOptions::createFromString("num-threads=1");
  mha::buildCpuPipeline(pm, *options);
  if (failed(pm.run(*module)))
    return 1;
  llvm::outs() << "lowered to the LLVM dialect: ";
  for (auto func : module->getOps<LLVM::LLVMFuncOp>())
    if (!func.isExternal())
      llvm::outs() << func.getName() << " ";
  llvm::outs() << "\n";

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  ExecutionEngineOptions engineOptions;
  SmallVector<StringRef> libs = {MLIR_C_RUNNER_UTILS};
  engineOptions.sharedLibPaths = libs;
  auto engine = ExecutionEngine::create(*module, engineOptions);
  if (!engine) {
    llvm::errs() << "JIT: " << llvm::toString(engine.takeError()) << "\n";
    return 1;
  }
  (*engine)->initialize();

  // Random q and k; v[b, kh, j, e] = kh + 1, so that every output row of
  // query head h is (h / G) + 1: the softmax weights of a row sum to one.
  std::vector<float> q(B * Hq * L * E), k(B * Hkv * S * E), v(k.size());
  srand(7);
  for (float &x : q)
    x = rand() / (float)RAND_MAX - 0.5f;
  for (float &x : k)
    x = rand() / (float)RAND_MAX - 0.5f;
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<float>(i / (S * E) % Hkv + 1);
  auto describe = [](std::vector<float> &data, int64_t h, int64_t n) {
    StridedMemRefType<float, 4> desc;
    desc.basePtr = desc.data = data.data();
    desc.offset = 0;
    int64_t sizes[4] = {B, h, n, E};
    int64_t stride = 1;
    for (int d = 3; d >= 0; --d) {
      desc.sizes[d] = sizes[d];
      desc.strides[d] = stride;
      stride *= sizes[d];
    }
    return desc;
  };
  StridedMemRefType<float, 4> qDesc = describe(q, Hq, L),
                              kDesc = describe(k, Hkv, S),
                              vDesc = describe(v, Hkv, S), result;
  void *resultPtr = &result, *qPtr = &qDesc, *kPtr = &kDesc, *vPtr = &vDesc;
  void *packed[] = {&resultPtr, &qPtr, &kPtr, &vPtr};
  if (llvm::Error err =
          (*engine)->invokePacked("_mlir_ciface_attention", packed)) {
    llvm::errs() << "call: " << llvm::toString(std::move(err)) << "\n";
    return 1;
  }

  double maxError = 0.0;
  for (int64_t h = 0; h < Hq; ++h)
    for (int64_t i = 0; i < L; ++i)
      for (int64_t e = 0; e < E; ++e) {
        float out = result.data[result.offset + h * result.strides[1] +
                                i * result.strides[2] + e * result.strides[3]];
        double expected = h / (Hq / Hkv) + 1;
        maxError = std::max(maxError, std::fabs(out - expected));
      }
  free(result.basePtr);
  bool pass = maxError < 1e-5;
  llvm::outs() << "max |out - expected| = " << maxError << "\n"
               << (pass ? "PASS" : "FAIL") << "\n";
  return pass ? 0 : 1;
}
} // namespace

int main(int argc, char **argv) {
  // The toolkit's one registration entry point: the mha dialect, the
  // upstream dialects it lowers through and the LLVM IR translations.
  DialectRegistry registry;
  mha::registerAllDialects(registry);
  mha::registerAllPasses();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  return argc > 1 ? lowerFile(context, argv[1]) : buildAndRun(context);
}
