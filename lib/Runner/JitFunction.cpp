//===- JitFunction.cpp - JIT-compile a lowered module and call it -----===//
#include "JitFunction.h"

#include "mha/Pipelines/Pipelines.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <chrono>
#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::runner;

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
JitFunction::createTargetMachine(StringRef mattr) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  llvm::Expected<llvm::orc::JITTargetMachineBuilder> tmBuilder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!tmBuilder)
    return tmBuilder.takeError();
  tmBuilder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  SmallVector<StringRef> features;
  mattr.split(features, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  if (!features.empty()) {
    // Checked against the target's feature table first: LLVM itself only
    // warns about (and ignores) features it does not know.
    llvm::Expected<std::unique_ptr<llvm::TargetMachine>> host =
        tmBuilder->createTargetMachine();
    if (!host)
      return host.takeError();
    if (llvm::Error err = checkTargetFeatures(mattr, **host, "--mattr"))
      return std::move(err);
    llvm::StringMap<bool> hostFeatures = llvm::sys::getHostCPUFeatures();
    for (StringRef feature : features) {
      feature = feature.trim();
      StringRef name = feature.drop_front();
      // The code runs here: a feature the host lacks would be SIGILL.
      auto onHost = hostFeatures.find(name);
      if (feature[0] == '+' && onHost != hostFeatures.end() &&
          !onHost->second)
        return llvm::createStringError(
            "--mattr: the host CPU does not have '" + name.str() +
            "', and the JIT runs the code on the host");
      tmBuilder->getFeatures().AddFeature(feature);
    }
  }
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> tm =
      tmBuilder->createTargetMachine();
  if (!tm)
    return tm.takeError();
  return tm;
}

llvm::Expected<std::unique_ptr<JitFunction>>
JitFunction::create(ModuleOp module, StringRef entry,
                    ArrayRef<std::string> sharedLibs,
                    ArrayRef<ResultSignature> results,
                    std::unique_ptr<llvm::TargetMachine> tm) {
  llvm::TargetMachine *tmPtr = tm.get();

  auto transformer = [tmPtr](llvm::Module *llvmModule) {
    optimizeLLVMModule(*llvmModule, tmPtr, /*optLevel=*/3);
    return llvm::Error::success();
  };
  SmallVector<StringRef> libs(sharedLibs.begin(), sharedLibs.end());
  ExecutionEngineOptions options;
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  options.sharedLibPaths = libs;
  options.enableGDBNotificationListener = false;
  // MHA_PERF_JIT=1: a jitdump for `perf inject --jit`, so that perf names
  // the JIT-compiled function (docs/UserGuide.md, section 3).
  options.enablePerfNotificationListener =
      std::getenv("MHA_PERF_JIT") != nullptr;
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      ExecutionEngine::create(module, options, std::move(tm));
  if (!engine)
    return engine.takeError();
  // The compiled code allocates its buffers (results, temporaries) through
  // mha-run's allocator: huge-page-advised large blocks, kept for the next
  // call (allocateHostBytes, mha/Runner/Runner.h). Its `malloc` and `free`
  // resolve here before the process's.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner("malloc")] =
        llvm::orc::ExecutorSymbolDef::fromPtr(&allocateHostBytes);
    symbols[interner("free")] =
        llvm::orc::ExecutorSymbolDef::fromPtr(&freeHostBytes);
    return symbols;
  });

  std::unique_ptr<JitFunction> fn(new JitFunction());
  fn->engine = std::move(*engine);
  fn->engine->initialize();
  std::string wrapper = ("_mlir_ciface_" + entry).str();
  llvm::Expected<void (*)(void **)> packed = fn->engine->lookupPacked(wrapper);
  if (!packed) {
    llvm::consumeError(packed.takeError());
    return llvm::createStringError(
        "the lowered module has no '" + wrapper +
        "' (is the CPU pipeline's emit-c-interface option off, or the "
        "function private?)");
  }
  fn->packedFn = *packed;
  fn->resultSignatures.assign(results.begin(), results.end());
  return fn;
}

void JitFunction::pack(ArrayRef<HostTensor> args) {
  // A ranked memref descriptor is {allocated, aligned, offset, sizes[R],
  // strides[R]}, all 8-byte words; arguments are row-major with offset 0.
  argWords.assign(args.size(), {});
  for (auto [words, arg] : llvm::zip_equal(argWords, args)) {
    int64_t rank = arg.shape.size();
    words.assign(3 + 2 * rank, 0);
    auto data = reinterpret_cast<intptr_t>(arg.storage.data());
    words[0] = data;
    words[1] = data;
    words[2] = 0;
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      words[3 + d] = arg.shape[d];
      words[3 + rank + d] = stride;
      stride *= arg.shape[d];
    }
  }
  // One result is returned through a pointer to its descriptor, several
  // through a pointer to a struct of descriptors. Descriptors contain only
  // 8-byte words, so the struct has no padding and both cases are one
  // contiguous array of words.
  int64_t resultSize = 0;
  for (const ResultSignature &result : resultSignatures)
    resultSize += 3 + 2 * result.rank;
  resultWords.assign(resultSize, 0);

  // The packed wrapper takes an array of pointers to each C-interface
  // argument; each of those is itself a pointer to a descriptor.
  descriptorPtrs.clear();
  if (!resultSignatures.empty())
    descriptorPtrs.push_back(resultWords.data());
  for (std::vector<int64_t> &words : argWords)
    descriptorPtrs.push_back(words.data());
  packedArgs.clear();
  for (void *&ptr : descriptorPtrs)
    packedArgs.push_back(&ptr);
}

void JitFunction::unpack(ArrayRef<HostTensor> args,
                         std::vector<HostTensor> *results) {
  // A result can alias an argument or a global (memref.get_global lowers
  // to a 0xdeadbeef `allocated` pointer); only malloc'ed buffers are freed,
  // each once even when two results share it.
  llvm::DenseSet<void *> notOwned;
  for (const HostTensor &arg : args)
    notOwned.insert(const_cast<uint8_t *>(arg.storage.data()));
  notOwned.insert(reinterpret_cast<void *>(static_cast<intptr_t>(0xdeadbeef)));
  notOwned.insert(nullptr);

  if (results)
    results->clear();
  int64_t offset = 0;
  for (const ResultSignature &sig : resultSignatures) {
    const int64_t *words = resultWords.data() + offset;
    offset += 3 + 2 * sig.rank;
    auto *allocated = reinterpret_cast<void *>(words[0]);
    auto *aligned = reinterpret_cast<const uint8_t *>(words[1]);
    int64_t elementOffset = words[2];
    const int64_t *sizes = words + 3;
    const int64_t *strides = words + 3 + sig.rank;

    if (results) {
      HostTensor out(sig.kind, std::vector<int64_t>(sizes, sizes + sig.rank));
      const int64_t elementSize = getElementSize(sig.kind);
      const uint8_t *base = aligned + elementOffset * elementSize;
      // Walk the row-major index space and read through the strides, so any
      // layout the lowering chose is copied correctly.
      std::vector<int64_t> index(sig.rank, 0);
      for (int64_t i = 0, n = out.getNumElements(); i < n; ++i) {
        int64_t source = 0;
        for (int64_t d = 0; d < sig.rank; ++d)
          source += index[d] * strides[d];
        std::memcpy(out.storage.data() + i * elementSize,
                    base + source * elementSize, elementSize);
        for (int64_t d = sig.rank - 1; d >= 0; --d) {
          if (++index[d] < sizes[d])
            break;
          index[d] = 0;
        }
      }
      results->push_back(std::move(out));
    }
    if (notOwned.insert(allocated).second)
      freeHostBytes(allocated);
  }
}

void JitFunction::call(ArrayRef<HostTensor> args,
                       std::vector<HostTensor> *results) {
  pack(args);
  packedFn(packedArgs.data());
  unpack(args, results);
}

double JitFunction::timedCall(ArrayRef<HostTensor> args) {
  pack(args);
  auto start = std::chrono::steady_clock::now();
  packedFn(packedArgs.data());
  auto end = std::chrono::steady_clock::now();
  unpack(args, nullptr);
  return std::chrono::duration<double>(end - start).count();
}
