//===- Compiler.cpp - mha functions to an object file with a C ABI ------===//
#include "CompilerInternal.h"

#include "mha/InitAll.h"
#include "mha/Pipelines/Pipelines.h"
#include "mha/Support/SymbolReachability.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/AsmParser/AsmParserState.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::compiler;

#ifndef MHA_LLVM_TOOLS_DIR
#define MHA_LLVM_TOOLS_DIR "/usr/lib/llvm-22/bin"
#endif
#ifndef MHA_LLVM_LIBRARY_DIR
#define MHA_LLVM_LIBRARY_DIR "/usr/lib/llvm-22/lib"
#endif

namespace {

void initializeTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
  });
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const CompilerOptions &options, std::string &cpu) {
  initializeTargets();
  llvm::Triple hostTriple(llvm::sys::getDefaultTargetTriple());
  llvm::Triple triple(options.targetTriple.empty()
                          ? hostTriple.str()
                          : llvm::Triple::normalize(options.targetTriple));
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return llvm::createStringError("unknown target '" + triple.str() +
                                   "': " + error);

  // The host's CPU and features only when compiling for the host.
  bool forHost = triple.getArch() == hostTriple.getArch() &&
                 triple.getOS() == hostTriple.getOS();
  std::string features;
  cpu = options.cpu;
  if (cpu.empty() || cpu == "host" || cpu == "native") {
    if (forHost) {
      cpu = llvm::sys::getHostCPUName().str();
      for (const auto &feature : llvm::sys::getHostCPUFeatures())
        features += (features.empty() ? "" : ",") +
                    std::string(feature.second ? "+" : "-") +
                    feature.first().str();
    } else {
      cpu = "generic";
    }
  }
  if (!options.features.empty())
    features += (features.empty() ? "" : ",") + options.features;

  llvm::CodeGenOptLevel level = llvm::CodeGenOptLevel::Aggressive;
  if (options.optLevel == 0)
    level = llvm::CodeGenOptLevel::None;
  else if (options.optLevel == 1)
    level = llvm::CodeGenOptLevel::Less;
  else if (options.optLevel == 2)
    level = llvm::CodeGenOptLevel::Default;
  llvm::TargetOptions targetOptions;
  // Position independent, so that the object also goes into shared
  // libraries and PIE executables.
  std::unique_ptr<llvm::TargetMachine> tm(
      target->createTargetMachine(triple, cpu, features, targetOptions,
                                  llvm::Reloc::PIC_, std::nullopt, level));
  if (!tm)
    return llvm::createStringError("cannot create a target machine for '" +
                                   triple.str() + "'");
  if (!tm->getMCSubtargetInfo()->isCPUStringValid(cpu))
    return llvm::createStringError("unknown CPU '" + cpu + "' for '" +
                                   triple.str() + "'");
  if (llvm::Error err =
          checkTargetFeatures(options.features, *tm, "--mattr"))
    return std::move(err);
  if (tm->createDataLayout().getPointerSizeInBits() != 64)
    return llvm::createStringError(
        "target '" + triple.str() +
        "' has no 64-bit pointers; the CPU pipeline lowers index to i64");
  return tm;
}

/// Keeps only the functions reachable from the entry points' functions,
/// renamed so that the C entry points can take their names.
LogicalResult prepareForLowering(ModuleOp module, ArrayRef<EntryPlan> plans) {
  SymbolTable symbols(module);
  SmallVector<StringRef> roots;
  for (const EntryPlan &plan : plans)
    roots.push_back(plan.info.functionName);
  llvm::DenseSet<Operation *> reachable =
      mha::getReachableSymbols(module, roots);
  for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (!reachable.contains(func))
      symbols.erase(func);
  for (const EntryPlan &plan : plans) {
    Operation *func = symbols.lookup(plan.info.functionName);
    if (!func)
      return failure();
    auto newName = StringAttr::get(module.getContext(), plan.implName);
    if (symbols.lookup(newName))
      return module.emitError("the module already has a symbol '")
             << plan.implName << "'";
    if (failed(SymbolTable::replaceAllSymbolUses(func, newName, module)))
      return failure();
    symbols.setSymbolName(func, newName);
  }
  return success();
}

std::string makeHeaderGuard(StringRef headerName) {
  std::string guard = "MHA_GENERATED_";
  for (char c : llvm::sys::path::filename(headerName))
    guard += llvm::isAlnum(c) ? llvm::toUpper(c) : '_';
  if (headerName.empty() || headerName == "-")
    guard += "KERNELS_H";
  return guard;
}

} // namespace

llvm::Expected<CompiledModule>
compiler::compileModule(ModuleOp module, const CompilerOptions &options,
                        OutputKind outputKind, StringRef headerGuard,
                        StringRef sourceName) {
  std::unique_ptr<CpuPipelineOptions> pipelineOptions =
      CpuPipelineOptions::createFromString(options.cpuPipelineOptions);
  if (!pipelineOptions)
    return llvm::createStringError("invalid --cpu-pipeline options '" +
                                   options.cpuPipelineOptions + "'");
  // The entry points call the `_mlir_ciface_` wrappers.
  pipelineOptions->emitCInterface = true;
  // Results with static shapes are computed in the caller's buffers; the
  // entry points rely on it (EntryPlan::resultsAsOutParams).
  pipelineOptions->resultsToOutParams = true;
  // Top-level buffers come from a workspace: the entry points come in a form
  // that takes it and one that allocates it (EntryPlan::workspaceBytes).
  pipelineOptions->workspace = true;

  llvm::Expected<std::vector<EntryPlan>> plans =
      planEntryPoints(module, options);
  if (!plans)
    return plans.takeError();

  CompiledModule compiled;
  std::string cpu;
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> tm =
      createTargetMachine(options, cpu);
  if (!tm)
    return tm.takeError();
  const llvm::Triple &triple = (*tm)->getTargetTriple();
  compiled.targetTriple = triple.str();
  compiled.cpu = cpu;
  // Register blocks and tiles for the target's vector registers.
  tuneCpuPipelineForTarget(*pipelineOptions, **tm);

  // Lower a clone; the caller's module stays as it was.
  OwningOpRef<ModuleOp> lowered = module.clone();
  if (failed(prepareForLowering(*lowered, *plans)))
    return llvm::createStringError("cannot rename the entry functions");
  MLIRContext *context = module.getContext();
  (*lowered)->setAttr(LLVM::LLVMDialect::getTargetTripleAttrName(),
                      StringAttr::get(context, triple.str()));
  (*lowered)->setAttr(
      LLVM::LLVMDialect::getDataLayoutAttrName(),
      StringAttr::get(context,
                      (*tm)->createDataLayout().getStringRepresentation()));
  if (options.transformSchedule &&
      failed(applyTransformSchedule(*lowered, options.transformSchedule)))
    return llvm::createStringError("the transform script failed "
                                   "(diagnostics above)");
  PassManager pm(context);
  (void)applyPassManagerCLOptions(pm);
  buildCpuPipeline(pm, *pipelineOptions);
  if (failed(pm.run(*lowered)))
    return llvm::createStringError("the CPU pipeline failed (diagnostics "
                                   "above)");

  // What the pipeline did to each entry function's calling convention.
  for (EntryPlan &plan : *plans)
    if (auto fn = lowered->lookupSymbol<LLVM::LLVMFuncOp>(plan.implName)) {
      plan.resultsAsOutParams = fn->hasAttr("mha.results_as_out_params");
      if (auto bytes = fn->getAttrOfType<IntegerAttr>("mha.workspace_bytes"))
        plan.info.workspaceBytes = bytes.getInt();
    }

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*lowered, llvmContext, "mha-kernels");
  if (!llvmModule)
    return llvm::createStringError("translation to LLVM IR failed "
                                   "(diagnostics above)");
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout((*tm)->createDataLayout());
  if (llvm::Error err = generateEntryPoints(*llvmModule, *plans, triple))
    return std::move(err);
  std::string verifyErrors;
  llvm::raw_string_ostream verifyStream(verifyErrors);
  if (llvm::verifyModule(*llvmModule, &verifyStream))
    return llvm::createStringError("the generated LLVM IR is invalid: " +
                                   verifyErrors);
  optimizeLLVMModule(*llvmModule, tm->get(), options.optLevel);

  for (const llvm::Function &fn : *llvmModule)
    if (fn.isDeclaration() && fn.getName().starts_with("__kmpc_"))
      compiled.usesOpenMP = true;

  if (outputKind == OutputKind::LLVMIR) {
    llvm::raw_svector_ostream os(compiled.object);
    llvmModule->print(os, nullptr);
  } else {
    llvm::raw_svector_ostream os(compiled.object);
    llvm::legacy::PassManager codegen;
    if ((*tm)->addPassesToEmitFile(codegen, os, nullptr,
                                   outputKind == OutputKind::Object
                                       ? llvm::CodeGenFileType::ObjectFile
                                       : llvm::CodeGenFileType::AssemblyFile))
      return llvm::createStringError("target '" + triple.str() +
                                     "' cannot emit this file type");
    codegen.run(*llvmModule);
  }

  for (const EntryPlan &plan : *plans)
    compiled.entryPoints.push_back(plan.info);
  compiled.header = generateHeader(*plans, headerGuard, sourceName,
                                   triple.str(), cpu, compiled.usesOpenMP);
  return compiled;
}

llvm::Error compiler::linkSharedLibrary(StringRef objectPath,
                                        StringRef outputPath,
                                        StringRef targetTriple, bool openmp) {
  llvm::ErrorOr<std::string> clang =
      llvm::sys::findProgramByName("clang", {MHA_LLVM_TOOLS_DIR});
  if (!clang)
    clang = llvm::sys::findProgramByName("clang-22");
  if (!clang)
    return llvm::createStringError("--shared needs clang (looked in " +
                                   llvm::Twine(MHA_LLVM_TOOLS_DIR) +
                                   " and PATH)");
  std::vector<std::string> args = {*clang,
                                   "--target=" + targetTriple.str(),
                                   "-shared",
                                   "-o",
                                   outputPath.str(),
                                   objectPath.str(),
                                   "-lm"};
  if (llvm::ErrorOr<std::string> lld =
          llvm::sys::findProgramByName("ld.lld", {MHA_LLVM_TOOLS_DIR}))
    args.push_back("-fuse-ld=lld");
  if (openmp) {
    args.push_back("-L" MHA_LLVM_LIBRARY_DIR);
    args.push_back("-Wl,-rpath," MHA_LLVM_LIBRARY_DIR);
    args.push_back("-lomp");
  }
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*clang, argRefs, std::nullopt, {}, 0, 0,
                                     &message);
  if (rc != 0) {
    std::string command;
    for (const std::string &arg : args)
      command += (command.empty() ? "" : " ") + arg;
    return llvm::createStringError("linking the shared library failed (" +
                                   command + ")" +
                                   (message.empty() ? "" : ": " + message));
  }
  return llvm::Error::success();
}

int compiler::compileFileMain(const CompileFileOptions &options,
                              llvm::raw_ostream &errs) {
  auto fail = [&](const llvm::Twine &message) {
    errs << "mha-compile: error: " << message << "\n";
    return 1;
  };
  if (options.outputFilename.empty())
    return fail("no output file (-o)");

  DialectRegistry registry;
  mha::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(options.inputFilename, &errorMessage);
  if (!input)
    return fail(errorMessage);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context, errs);

  // Parse with the parser's state so that the SSA names of the functions'
  // arguments can name the C parameters.
  Block block;
  AsmParserState asmState;
  ParserConfig config(&context);
  if (failed(parseAsmSourceFile(sourceMgr, &block, config, &asmState)))
    return fail("cannot parse '" + options.inputFilename +
                "' (diagnostics above)");
  OwningOpRef<ModuleOp> module =
      detail::constructContainerOpForParserIfNecessary<ModuleOp>(
          &block, &context,
          FileLineColLoc::get(&context, options.inputFilename, 0, 0));
  if (!module || failed(verify(*module)))
    return fail("invalid module in '" + options.inputFilename +
                "' (diagnostics above)");

  CompilerOptions compilerOptions = options.compiler;
  OwningOpRef<ModuleOp> script;
  if (!options.transformFilename.empty()) {
    std::string error;
    script = parseTransformSchedule(options.transformFilename, &context,
                                    error);
    if (!script)
      return fail(error);
    compilerOptions.transformSchedule = *script;
  }
  for (auto func : module->getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    const AsmParserState::BlockDefinition *def =
        asmState.getBlockDef(&func.getBody().front());
    if (!def)
      continue;
    std::vector<std::string> names;
    for (const AsmParserState::SMDefinition &arg : def->arguments) {
      const char *begin = arg.loc.Start.getPointer();
      const char *end = arg.loc.End.getPointer();
      StringRef name =
          begin && end > begin ? StringRef(begin, end - begin) : StringRef();
      names.push_back(name.starts_with("%") ? name.drop_front().str() : "");
    }
    compilerOptions.argumentNames.try_emplace(func.getName(), names);
  }

  std::string headerPath = options.headerFilename;
  if (headerPath.empty()) {
    SmallString<128> path(options.outputFilename);
    llvm::sys::path::replace_extension(path, ".h");
    headerPath = path.str().str();
  }
  llvm::Expected<CompiledModule> compiled = compileModule(
      *module, compilerOptions, options.outputKind, makeHeaderGuard(headerPath),
      llvm::sys::path::filename(options.inputFilename));
  if (!compiled)
    return fail(llvm::toString(compiled.takeError()));

  auto writeFile = [&](StringRef path, StringRef contents,
                       bool binary) -> bool {
    std::error_code ec;
    llvm::ToolOutputFile file(
        path, ec, binary ? llvm::sys::fs::OF_None : llvm::sys::fs::OF_Text);
    if (ec) {
      fail("cannot write '" + path + "': " + ec.message());
      return false;
    }
    file.os() << contents;
    file.keep();
    return true;
  };
  StringRef object(compiled->object.data(), compiled->object.size());
  if (options.shared) {
    if (options.outputKind != OutputKind::Object)
      return fail("--shared needs object output");
    SmallString<128> objectPath;
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("mha-compile", "o", objectPath))
      return fail("cannot create a temporary file: " + ec.message());
    llvm::FileRemover remover(objectPath);
    if (!writeFile(objectPath, object, true))
      return 1;
    if (llvm::Error err =
            linkSharedLibrary(objectPath, options.outputFilename,
                              compiled->targetTriple, compiled->usesOpenMP))
      return fail(llvm::toString(std::move(err)));
  } else if (!writeFile(options.outputFilename, object,
                        options.outputKind == OutputKind::Object)) {
    return 1;
  }
  if (headerPath != "-" && !writeFile(headerPath, compiled->header, false))
    return 1;
  return 0;
}
