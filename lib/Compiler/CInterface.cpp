//===- CInterface.cpp - plain C entry points around the lowered code ----===//
//
// The lowered functions take and return memref descriptors through their
// `_mlir_ciface_` wrappers. The C entry points built here take one plain
// pointer per tensor and one int64_t per dynamic size, build the argument
// descriptors on the stack and call the wrapper. Results with static shapes
// are out-parameters of the lowered code (the pipeline's
// results-to-out-params), so the wrapper gets descriptors of the caller's
// buffers and the code writes into them; otherwise it returns each result,
// which is copied into the caller's buffer and freed. The runtime routines the lowered
// code calls outside libc/libm are defined here too, so that the object
// needs no MLIR runtime library.
//
//===----------------------------------------------------------------------===//
#include "CompilerInternal.h"

#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::compiler;

namespace {

/// Alignment of the workspace an entry point allocates (that of every
/// buffer the lowered code allocates).
constexpr uint64_t kWorkspaceAlignment = 64;

/// `{ptr allocated, ptr aligned, i64 offset, [R x i64] sizes, [R x i64]
/// strides}`, or `{ptr, ptr, i64}` for rank 0: MLIR's ranked memref
/// descriptor.
llvm::StructType *getDescriptorType(llvm::LLVMContext &ctx, unsigned rank) {
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  if (rank == 0)
    return llvm::StructType::get(ctx, {ptr, ptr, i64});
  llvm::Type *array = llvm::ArrayType::get(i64, rank);
  return llvm::StructType::get(ctx, {ptr, ptr, i64, array, array});
}

/// Address of element `index` of array field `field` (3: sizes, 4: strides)
/// of the descriptor at `desc`.
llvm::Value *fieldElement(llvm::IRBuilder<> &b, llvm::StructType *descType,
                          llvm::Value *desc, unsigned field, unsigned index) {
  return b.CreateInBoundsGEP(
      descType, desc, {b.getInt32(0), b.getInt32(field), b.getInt32(index)});
}

/// Emits a counted loop `for (i = begin; i < end; ++i) body(i)` at the
/// builder's insertion point and leaves the builder after it.
void emitLoop(llvm::IRBuilder<> &b, llvm::Value *begin, llvm::Value *end,
              llvm::function_ref<void(llvm::Value *)> body) {
  llvm::Function *fn = b.GetInsertBlock()->getParent();
  llvm::LLVMContext &ctx = b.getContext();
  llvm::BasicBlock *pre = b.GetInsertBlock();
  llvm::BasicBlock *header = llvm::BasicBlock::Create(ctx, "loop", fn);
  llvm::BasicBlock *bodyBlock = llvm::BasicBlock::Create(ctx, "body", fn);
  llvm::BasicBlock *exit = llvm::BasicBlock::Create(ctx, "exit", fn);
  b.CreateBr(header);
  b.SetInsertPoint(header);
  llvm::PHINode *iv = b.CreatePHI(b.getInt64Ty(), 2, "i");
  iv->addIncoming(begin, pre);
  b.CreateCondBr(b.CreateICmpSLT(iv, end), bodyBlock, exit);
  b.SetInsertPoint(bodyBlock);
  body(iv);
  llvm::Value *next = b.CreateAdd(iv, b.getInt64(1));
  iv->addIncoming(next, b.GetInsertBlock());
  b.CreateBr(header);
  b.SetInsertPoint(exit);
}

/// `void __mha_copy_strided(i64 rank, ptr sizes, ptr src, ptr srcStrides,
/// ptr dst, ptr dstStrides, i64 elementSize)`: copies a strided array
/// element by element, or with one memcpy when both sides are row-major
/// contiguous (the usual case). Offsets are in elements, pointers point at
/// element 0.
llvm::Function *getOrCreateCopyFunction(llvm::Module &m) {
  if (llvm::Function *fn = m.getFunction("__mha_copy_strided"))
    return fn;
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  auto *fnType = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx),
                                         {i64, ptr, ptr, ptr, ptr, ptr, i64},
                                         /*isVarArg=*/false);
  llvm::Function *fn = llvm::Function::Create(
      fnType, llvm::GlobalValue::InternalLinkage, "__mha_copy_strided", m);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  auto argIt = fn->arg_begin();
  llvm::Value *rank = &*argIt++;
  llvm::Value *sizes = &*argIt++;
  llvm::Value *src = &*argIt++;
  llvm::Value *srcStrides = &*argIt++;
  llvm::Value *dst = &*argIt++;
  llvm::Value *dstStrides = &*argIt++;
  llvm::Value *elementSize = &*argIt++;

  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  auto load = [&](llvm::Value *base, llvm::Value *index) {
    return b.CreateLoad(i64, b.CreateInBoundsGEP(i64, base, index));
  };
  // Total size and contiguity, innermost dimension first; dims of size 1
  // may have any stride.
  llvm::Value *totalSlot = b.CreateAlloca(i64);
  llvm::Value *contiguousSlot = b.CreateAlloca(b.getInt1Ty());
  b.CreateStore(b.getInt64(1), totalSlot);
  b.CreateStore(b.getTrue(), contiguousSlot);
  emitLoop(b, b.getInt64(0), rank, [&](llvm::Value *i) {
    llvm::Value *d = b.CreateSub(b.CreateSub(rank, b.getInt64(1)), i);
    llvm::Value *size = load(sizes, d);
    llvm::Value *total = b.CreateLoad(i64, totalSlot);
    llvm::Value *ok =
        b.CreateOr(b.CreateICmpEQ(size, b.getInt64(1)),
                   b.CreateAnd(b.CreateICmpEQ(load(srcStrides, d), total),
                               b.CreateICmpEQ(load(dstStrides, d), total)));
    b.CreateStore(b.CreateAnd(b.CreateLoad(b.getInt1Ty(), contiguousSlot), ok),
                  contiguousSlot);
    b.CreateStore(b.CreateMul(total, size), totalSlot);
  });
  llvm::Value *total = b.CreateLoad(i64, totalSlot);
  llvm::BasicBlock *fast = llvm::BasicBlock::Create(ctx, "contiguous", fn);
  llvm::BasicBlock *slow = llvm::BasicBlock::Create(ctx, "strided", fn);
  llvm::BasicBlock *done = llvm::BasicBlock::Create(ctx, "done", fn);
  llvm::BasicBlock *nonEmpty = llvm::BasicBlock::Create(ctx, "nonempty", fn);
  b.CreateCondBr(b.CreateICmpSLE(total, b.getInt64(0)), done, nonEmpty);
  b.SetInsertPoint(nonEmpty);
  b.CreateCondBr(b.CreateLoad(b.getInt1Ty(), contiguousSlot), fast, slow);

  b.SetInsertPoint(fast);
  b.CreateMemCpy(dst, llvm::MaybeAlign(1), src, llvm::MaybeAlign(1),
                 b.CreateMul(total, elementSize));
  b.CreateBr(done);

  // Strided: walk the row-major index space with an odometer.
  b.SetInsertPoint(slow);
  llvm::Value *index = b.CreateAlloca(i64, rank, "index");
  b.CreateMemSet(index, b.getInt8(0), b.CreateMul(rank, b.getInt64(8)),
                 llvm::MaybeAlign(8));
  llvm::Value *srcOffset = b.CreateAlloca(i64);
  llvm::Value *dstOffset = b.CreateAlloca(i64);
  llvm::Value *carry = b.CreateAlloca(b.getInt1Ty());
  emitLoop(b, b.getInt64(0), total, [&](llvm::Value *) {
    b.CreateStore(b.getInt64(0), srcOffset);
    b.CreateStore(b.getInt64(0), dstOffset);
    emitLoop(b, b.getInt64(0), rank, [&](llvm::Value *d) {
      llvm::Value *at = load(index, d);
      b.CreateStore(b.CreateAdd(b.CreateLoad(i64, srcOffset),
                                b.CreateMul(at, load(srcStrides, d))),
                    srcOffset);
      b.CreateStore(b.CreateAdd(b.CreateLoad(i64, dstOffset),
                                b.CreateMul(at, load(dstStrides, d))),
                    dstOffset);
    });
    llvm::Value *from =
        b.CreateGEP(b.getInt8Ty(), src,
                    b.CreateMul(b.CreateLoad(i64, srcOffset), elementSize));
    llvm::Value *to =
        b.CreateGEP(b.getInt8Ty(), dst,
                    b.CreateMul(b.CreateLoad(i64, dstOffset), elementSize));
    b.CreateMemCpy(to, llvm::MaybeAlign(1), from, llvm::MaybeAlign(1),
                   elementSize);
    // index += 1, innermost first.
    b.CreateStore(b.getTrue(), carry);
    emitLoop(b, b.getInt64(0), rank, [&](llvm::Value *i) {
      llvm::Value *d = b.CreateSub(b.CreateSub(rank, b.getInt64(1)), i);
      llvm::Value *slot = b.CreateInBoundsGEP(i64, index, d);
      llvm::Value *bumped =
          b.CreateAdd(b.CreateLoad(i64, slot),
                      b.CreateZExt(b.CreateLoad(b.getInt1Ty(), carry), i64));
      llvm::Value *wraps = b.CreateICmpSGE(bumped, load(sizes, d));
      b.CreateStore(b.CreateSelect(wraps, b.getInt64(0), bumped), slot);
      b.CreateStore(b.CreateAnd(b.CreateLoad(b.getInt1Ty(), carry), wraps),
                    carry);
    });
  });
  b.CreateBr(done);
  b.SetInsertPoint(done);
  b.CreateRetVoid();
  return fn;
}

/// MLIR's `memrefCopy(i64 elementSize, UnrankedMemRef *src, UnrankedMemRef
/// *dst)` from libmlir_c_runner_utils, which the memref lowering calls for
/// copies it cannot prove contiguous. An unranked memref is `{i64 rank,
/// ptr descriptor}`.
void defineMemrefCopy(llvm::Module &m, llvm::Function *decl) {
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::Function *copy = getOrCreateCopyFunction(m);
  decl->setLinkage(llvm::GlobalValue::InternalLinkage);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", decl));
  auto argIt = decl->arg_begin();
  llvm::Value *elementSize = &*argIt++;
  llvm::Value *srcUnranked = &*argIt++;
  llvm::Value *dstUnranked = &*argIt++;
  auto field = [&](llvm::Value *base, int64_t byteOffset, llvm::Type *type) {
    return b.CreateLoad(
        type, b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), base, byteOffset));
  };
  llvm::Value *rank = field(srcUnranked, 0, i64);
  auto unpack = [&](llvm::Value *unranked, llvm::Value *&data,
                    llvm::Value *&sizes, llvm::Value *&strides) {
    llvm::Value *desc = field(unranked, 8, ptr);
    llvm::Value *aligned = field(desc, 8, ptr);
    llvm::Value *offset = field(desc, 16, i64);
    data =
        b.CreateGEP(b.getInt8Ty(), aligned, b.CreateMul(offset, elementSize));
    sizes = b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), desc, 24);
    strides = b.CreateInBoundsGEP(i64, sizes, rank);
  };
  llvm::Value *src, *srcSizes, *srcStrides, *dst, *dstSizes, *dstStrides;
  unpack(srcUnranked, src, srcSizes, srcStrides);
  unpack(dstUnranked, dst, dstSizes, dstStrides);
  b.CreateCall(copy,
               {rank, srcSizes, src, srcStrides, dst, dstStrides, elementSize});
  b.CreateRetVoid();
  (void)ptr;
}

/// Defines `name` as a weak hidden function of `type` whose body `build`
/// writes, kept alive for the code generator (its calls appear only after
/// instruction selection).
void defineLibcall(
    llvm::Module &m, llvm::StringRef name, llvm::FunctionType *type,
    llvm::function_ref<llvm::Value *(llvm::IRBuilder<> &, llvm::Value *)>
        build) {
  if (llvm::Function *existing = m.getFunction(name))
    if (!existing->isDeclaration())
      return;
  llvm::Function *fn =
      llvm::cast<llvm::Function>(m.getOrInsertFunction(name, type).getCallee());
  fn->setLinkage(llvm::GlobalValue::WeakAnyLinkage);
  fn->setVisibility(llvm::GlobalValue::HiddenVisibility);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(m.getContext(), "entry", fn));
  b.CreateRet(build(b, &*fn->arg_begin()));
  llvm::appendToCompilerUsed(m, {fn});
}

/// x86 without AVX512-BF16 (and without F16C for f16) converts f32 to
/// bf16/f16 and f16 to f32 through the compiler runtime's `__truncsfbf2`,
/// `__truncsfhf2` and `__extendhfsf2`. libgcc has them only from GCC 13
/// (bf16) or 12 (f16), so the object carries its own, in integer
/// arithmetic (round to nearest even, NaN stays NaN).
void defineFloatConversions(llvm::Module &m) {
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *f32 = llvm::Type::getFloatTy(ctx);
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type *i16 = llvm::Type::getInt16Ty(ctx);

  defineLibcall(
      m, "__truncsfbf2",
      llvm::FunctionType::get(llvm::Type::getBFloatTy(ctx), {f32}, false),
      [&](llvm::IRBuilder<> &b, llvm::Value *x) {
        llvm::Value *u = b.CreateBitCast(x, i32);
        llvm::Value *isNaN = b.CreateICmpUGT(
            b.CreateAnd(u, b.getInt32(0x7fffffff)), b.getInt32(0x7f800000));
        llvm::Value *lsb = b.CreateAnd(b.CreateLShr(u, 16), b.getInt32(1));
        llvm::Value *rounded = b.CreateLShr(
            b.CreateAdd(u, b.CreateAdd(b.getInt32(0x7fff), lsb)), 16);
        llvm::Value *quiet = b.CreateOr(b.CreateLShr(u, 16), b.getInt32(0x40));
        llvm::Value *bits =
            b.CreateTrunc(b.CreateSelect(isNaN, quiet, rounded), i16);
        return b.CreateBitCast(bits, llvm::Type::getBFloatTy(ctx));
      });

  // F. Giesen's float_to_half_fast3_rtne.
  defineLibcall(
      m, "__truncsfhf2",
      llvm::FunctionType::get(llvm::Type::getHalfTy(ctx), {f32}, false),
      [&](llvm::IRBuilder<> &b, llvm::Value *x) {
        llvm::Value *u = b.CreateBitCast(x, i32);
        llvm::Value *sign =
            b.CreateAnd(b.CreateLShr(u, 16), b.getInt32(0x8000));
        llvm::Value *a = b.CreateAnd(u, b.getInt32(0x7fffffff));
        // Inf or NaN, or too large: all exponent bits set.
        llvm::Value *special =
            b.CreateSelect(b.CreateICmpUGT(a, b.getInt32(0x7f800000)),
                           b.getInt32(0x7e00), b.getInt32(0x7c00));
        // Subnormal or zero: let an f32 addition do the rounding.
        llvm::Value *magic = b.getInt32(126u << 23);
        llvm::Value *sum =
            b.CreateFAdd(b.CreateBitCast(a, f32), b.CreateBitCast(magic, f32));
        llvm::Value *subnormal = b.CreateSub(b.CreateBitCast(sum, i32), magic);
        // Normal: rebias the exponent, round to nearest even.
        llvm::Value *odd = b.CreateAnd(b.CreateLShr(a, 13), b.getInt32(1));
        llvm::Value *normal = b.CreateLShr(
            b.CreateAdd(b.CreateAdd(a, b.getInt32(static_cast<uint32_t>(
                                                      (15 - 127) * (1 << 23)) +
                                                  0xfff)),
                        odd),
            13);
        llvm::Value *magnitude = b.CreateSelect(
            b.CreateICmpUGE(a, b.getInt32(143u << 23)), special,
            b.CreateSelect(b.CreateICmpULT(a, b.getInt32(113u << 23)),
                           subnormal, normal));
        llvm::Value *bits = b.CreateTrunc(b.CreateOr(magnitude, sign), i16);
        return b.CreateBitCast(bits, llvm::Type::getHalfTy(ctx));
      });

  // F. Giesen's half_to_float.
  defineLibcall(
      m, "__extendhfsf2",
      llvm::FunctionType::get(f32, {llvm::Type::getHalfTy(ctx)}, false),
      [&](llvm::IRBuilder<> &b, llvm::Value *x) {
        llvm::Value *h = b.CreateZExt(b.CreateBitCast(x, i16), i32);
        llvm::Value *o = b.CreateShl(b.CreateAnd(h, b.getInt32(0x7fff)), 13);
        llvm::Value *exp = b.CreateAnd(o, b.getInt32(0x7c00 << 13));
        o = b.CreateAdd(o, b.getInt32((127 - 15) << 23));
        llvm::Value *infNaN = b.CreateAdd(o, b.getInt32((128 - 16) << 23));
        llvm::Value *magic = b.getInt32(113 << 23);
        llvm::Value *renormalized = b.CreateBitCast(
            b.CreateFSub(
                b.CreateBitCast(b.CreateAdd(o, b.getInt32(1 << 23)), f32),
                b.CreateBitCast(magic, f32)),
            i32);
        llvm::Value *magnitude = b.CreateSelect(
            b.CreateICmpEQ(exp, b.getInt32(0x7c00 << 13)), infNaN,
            b.CreateSelect(b.CreateICmpEQ(exp, b.getInt32(0)), renormalized,
                           o));
        llvm::Value *sign = b.CreateShl(b.CreateAnd(h, b.getInt32(0x8000)), 16);
        return b.CreateBitCast(b.CreateOr(magnitude, sign), f32);
      });
}

bool usesHalfOrBFloat(llvm::Module &m) {
  auto isNarrow = [](llvm::Type *type) {
    llvm::Type *scalar = type->getScalarType();
    return scalar->isHalfTy() || scalar->isBFloatTy();
  };
  for (llvm::Function &fn : m)
    for (llvm::BasicBlock &block : fn)
      for (llvm::Instruction &inst : block) {
        if (isNarrow(inst.getType()))
          return true;
        for (llvm::Value *operand : inst.operands())
          if (isNarrow(operand->getType()))
            return true;
      }
  return false;
}

/// Builds the C entry point of `plan`: with `takesWorkspace`, the form that
/// takes the caller's workspace as a last `void *` parameter; otherwise the
/// one that allocates it (when the lowered function takes one).
llvm::Error createEntryPoint(llvm::Module &m, const EntryPlan &plan,
                             bool takesWorkspace) {
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);

  std::string cifaceName = "_mlir_ciface_" + plan.implName;
  llvm::Function *ciface = m.getFunction(cifaceName);
  if (!ciface || ciface->isDeclaration())
    return llvm::createStringError("the lowered module has no '" + cifaceName +
                                   "' (is emit-c-interface off?)");
  std::string symbol =
      takesWorkspace ? plan.getWorkspaceSymbol() : plan.info.symbol;
  if (m.getNamedValue(symbol))
    return llvm::createStringError("the C entry point '" + symbol +
                                   "' clashes with a symbol of the kernels or "
                                   "another entry point");

  // Parameters: per tensor, its pointer, then its dynamic sizes.
  SmallVector<llvm::Type *> paramTypes;
  SmallVector<std::string> paramNames;
  // For each tensor: index of its pointer among the function's arguments,
  // and for each dim the index of its size argument (or -1: static).
  SmallVector<unsigned> pointerArg;
  SmallVector<SmallVector<int>> sizeArg;
  for (unsigned p = 0, e = plan.getNumParams(); p < e; ++p) {
    const TensorParam &param = plan.getParam(p);
    pointerArg.push_back(paramTypes.size());
    paramTypes.push_back(ptr);
    paramNames.push_back(param.name);
    SmallVector<int> sizes;
    for (auto [d, size] : llvm::enumerate(param.shape)) {
      if (ShapedType::isDynamic(size)) {
        sizes.push_back(paramTypes.size());
        paramTypes.push_back(i64);
        paramNames.push_back(param.name + "_dim" + std::to_string(d));
      } else {
        sizes.push_back(-1);
      }
    }
    sizeArg.push_back(std::move(sizes));
  }
  int workspaceArg = -1;
  if (takesWorkspace) {
    workspaceArg = paramTypes.size();
    paramTypes.push_back(ptr);
    paramNames.push_back("workspace");
  }
  auto *fnType = llvm::FunctionType::get(i32, paramTypes, false);
  llvm::Function *fn = llvm::Function::Create(
      fnType, llvm::GlobalValue::ExternalLinkage, symbol, m);
  for (auto [arg, name] : llvm::zip_equal(fn->args(), paramNames))
    arg.setName(name);
  for (unsigned p = 0, e = plan.getNumParams(); p < e; ++p)
    fn->addParamAttr(pointerArg[p], llvm::Attribute::NoUndef);

  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  // Stack slots go to the entry block, where mem2reg/SROA find them.
  llvm::IRBuilder<> allocas(&fn->getEntryBlock());
  auto createAlloca = [&](llvm::Type *type, llvm::Value *count,
                          const llvm::Twine &name) {
    allocas.SetInsertPoint(&fn->getEntryBlock(),
                           fn->getEntryBlock().getFirstInsertionPt());
    return allocas.CreateAlloca(type, count, name);
  };
  auto sizeOf = [&](unsigned p, unsigned d) -> llvm::Value * {
    int arg = sizeArg[p][d];
    if (arg < 0)
      return b.getInt64(plan.getParam(p).shape[d]);
    return fn->getArg(arg);
  };
  auto operandValue = [&](const SizeOperand &operand) -> llvm::Value * {
    if (operand.isConstant)
      return b.getInt64(operand.constant);
    return sizeOf(operand.ref.param, operand.ref.dim);
  };

  // Size checks before anything runs.
  llvm::Value *bad = b.getFalse();
  for (unsigned p = 0, e = plan.getNumParams(); p < e; ++p)
    for (int arg : sizeArg[p])
      if (arg >= 0)
        bad = b.CreateOr(bad, b.CreateICmpSLT(fn->getArg(arg), b.getInt64(0)));
  for (const SizeCheck &check : plan.checks) {
    llvm::Value *lhs = operandValue(check.lhs);
    llvm::Value *rhs = operandValue(check.rhs);
    if (check.kind == SizeCheck::Kind::Equal) {
      bad = b.CreateOr(bad, b.CreateICmpNE(lhs, rhs));
      continue;
    }
    llvm::Value *nonPositive = b.CreateICmpSLE(lhs, b.getInt64(0));
    llvm::Value *divisor = b.CreateSelect(nonPositive, b.getInt64(1), lhs);
    bad = b.CreateOr(
        bad, b.CreateOr(nonPositive, b.CreateICmpNE(b.CreateSRem(rhs, divisor),
                                                    b.getInt64(0))));
  }
  llvm::BasicBlock *fail = llvm::BasicBlock::Create(ctx, "size_mismatch", fn);
  llvm::BasicBlock *run = llvm::BasicBlock::Create(ctx, "run", fn);
  b.CreateCondBr(bad, fail, run);
  b.SetInsertPoint(fail);
  b.CreateRet(llvm::ConstantInt::get(i32, KernelSizeMismatch));

  // Argument descriptors: row-major, offset 0, allocated == aligned. With
  // out-parameters, the caller's result buffers follow the arguments as
  // descriptors of the same form, and the code writes into them.
  b.SetInsertPoint(run);
  unsigned numArgs = plan.info.arguments.size();
  unsigned numDescriptors =
      plan.resultsAsOutParams ? plan.getNumParams() : numArgs;
  SmallVector<llvm::Value *> callArgs;
  llvm::Type *resultType = nullptr;
  SmallVector<llvm::StructType *> resultDescTypes;
  if (!plan.resultsAsOutParams)
    for (const TensorParam &result : plan.info.results)
      resultDescTypes.push_back(getDescriptorType(ctx, result.shape.size()));
  if (resultDescTypes.size() == 1)
    resultType = resultDescTypes[0];
  else if (!resultDescTypes.empty())
    resultType = llvm::StructType::get(
        ctx, SmallVector<llvm::Type *>(resultDescTypes.begin(),
                                       resultDescTypes.end()));
  llvm::Value *resultSlot = nullptr;
  if (resultType) {
    resultSlot = createAlloca(resultType, nullptr, "results");
    callArgs.push_back(resultSlot);
  }
  // The workspace: the caller's, or one allocated here (64-byte aligned, as
  // the lowered code's buffers are) and freed before every return below.
  llvm::Value *workspace = nullptr;
  llvm::Value *ownedWorkspace = nullptr;
  llvm::FunctionCallee freeFn = m.getOrInsertFunction(
      "free", llvm::FunctionType::get(b.getVoidTy(), {ptr}, false));
  if (plan.info.workspaceBytes > 0) {
    if (takesWorkspace) {
      workspace = fn->getArg(workspaceArg);
    } else {
      llvm::FunctionCallee alignedAlloc = m.getOrInsertFunction(
          "aligned_alloc", llvm::FunctionType::get(ptr, {i64, i64}, false));
      workspace = ownedWorkspace = b.CreateCall(
          alignedAlloc,
          {b.getInt64(kWorkspaceAlignment),
           b.getInt64(llvm::alignTo(plan.info.workspaceBytes,
                                    kWorkspaceAlignment))});
      llvm::BasicBlock *noMemory =
          llvm::BasicBlock::Create(ctx, "out_of_memory", fn);
      llvm::BasicBlock *haveMemory =
          llvm::BasicBlock::Create(ctx, "workspace_ready", fn);
      b.CreateCondBr(b.CreateIsNull(workspace), noMemory, haveMemory);
      b.SetInsertPoint(noMemory);
      b.CreateRet(llvm::ConstantInt::get(i32, KernelOutOfMemory));
      b.SetInsertPoint(haveMemory);
    }
  }
  auto releaseWorkspace = [&] {
    if (ownedWorkspace)
      b.CreateCall(freeFn, {ownedWorkspace});
  };

  // A row-major descriptor of `data` with `sizes`: offset 0, allocated ==
  // aligned.
  auto rowMajorDescriptor = [&](llvm::Value *data,
                                ArrayRef<llvm::Value *> sizes,
                                const llvm::Twine &name) {
    unsigned rank = sizes.size();
    llvm::StructType *descType = getDescriptorType(ctx, rank);
    llvm::Value *desc = createAlloca(descType, nullptr, name);
    b.CreateStore(data, b.CreateStructGEP(descType, desc, 0));
    b.CreateStore(data, b.CreateStructGEP(descType, desc, 1));
    b.CreateStore(b.getInt64(0), b.CreateStructGEP(descType, desc, 2));
    llvm::Value *stride = b.getInt64(1);
    for (int d = rank - 1; d >= 0; --d) {
      b.CreateStore(sizes[d], fieldElement(b, descType, desc, 3, d));
      b.CreateStore(stride, fieldElement(b, descType, desc, 4, d));
      stride = b.CreateMul(stride, sizes[d]);
    }
    return desc;
  };
  for (unsigned p = 0; p < numDescriptors; ++p) {
    SmallVector<llvm::Value *> sizes;
    for (unsigned d = 0, e = plan.getParam(p).shape.size(); d < e; ++d)
      sizes.push_back(sizeOf(p, d));
    callArgs.push_back(rowMajorDescriptor(fn->getArg(pointerArg[p]), sizes,
                                          plan.getParam(p).name + "_desc"));
  }
  // The workspace: memref<N x i8>.
  if (workspace)
    callArgs.push_back(rowMajorDescriptor(
        workspace, {b.getInt64(plan.info.workspaceBytes)}, "workspace_desc"));
  if (ciface->getFunctionType()->getNumParams() != callArgs.size())
    return llvm::createStringError(
        "'" + cifaceName + "' takes " + llvm::Twine(ciface->arg_size()) +
        " parameters, expected " + llvm::Twine(callArgs.size()));
  b.CreateCall(ciface, callArgs);
  if (plan.resultsAsOutParams) {
    releaseWorkspace();
    b.CreateRet(llvm::ConstantInt::get(i32, KernelOk));
    return llvm::Error::success();
  }

  // Results: check the sizes, copy, free what the call allocated.
  llvm::Value *status = createAlloca(i32, nullptr, "status");
  b.CreateStore(llvm::ConstantInt::get(i32, KernelOk), status);
  llvm::Function *copyFn = getOrCreateCopyFunction(m);
  SmallVector<llvm::Value *> freed;
  for (auto [r, result] : llvm::enumerate(plan.info.results)) {
    unsigned p = numArgs + r;
    unsigned rank = result.shape.size();
    llvm::StructType *descType = resultDescTypes[r];
    llvm::Value *desc = resultDescTypes.size() == 1
                            ? resultSlot
                            : b.CreateStructGEP(resultType, resultSlot, r,
                                                result.name + "_desc");
    llvm::Value *allocated =
        b.CreateLoad(ptr, b.CreateStructGEP(descType, desc, 0), "allocated");
    llvm::Value *aligned =
        b.CreateLoad(ptr, b.CreateStructGEP(descType, desc, 1));
    llvm::Value *offset =
        b.CreateLoad(i64, b.CreateStructGEP(descType, desc, 2));
    int64_t elementSize = getElementSize(result.kind);

    llvm::Value *sizesMatch = b.getTrue();
    llvm::Value *sizes = nullptr, *srcStrides = nullptr, *dstStrides = nullptr;
    if (rank > 0) {
      sizes = fieldElement(b, descType, desc, 3, 0);
      srcStrides = fieldElement(b, descType, desc, 4, 0);
      dstStrides = createAlloca(i64, b.getInt64(rank), "strides");
    } else {
      sizes = srcStrides = dstStrides =
          llvm::ConstantPointerNull::get(llvm::PointerType::getUnqual(ctx));
    }
    llvm::Value *stride = b.getInt64(1);
    for (int d = rank - 1; d >= 0; --d) {
      llvm::Value *expected = sizeOf(p, d);
      llvm::Value *actual =
          b.CreateLoad(i64, b.CreateConstInBoundsGEP1_32(i64, sizes, d));
      sizesMatch = b.CreateAnd(sizesMatch, b.CreateICmpEQ(actual, expected));
      b.CreateStore(stride, b.CreateConstInBoundsGEP1_32(i64, dstStrides, d));
      stride = b.CreateMul(stride, expected);
    }
    llvm::BasicBlock *copy =
        llvm::BasicBlock::Create(ctx, result.name + "_copy", fn);
    llvm::BasicBlock *mismatch =
        llvm::BasicBlock::Create(ctx, result.name + "_mismatch", fn);
    llvm::BasicBlock *release =
        llvm::BasicBlock::Create(ctx, result.name + "_release", fn);
    b.CreateCondBr(sizesMatch, copy, mismatch);
    b.SetInsertPoint(copy);
    llvm::Value *src = b.CreateGEP(
        b.getInt8Ty(), aligned, b.CreateMul(offset, b.getInt64(elementSize)));
    b.CreateCall(copyFn, {b.getInt64(rank), sizes, src, srcStrides,
                          fn->getArg(pointerArg[p]), dstStrides,
                          b.getInt64(elementSize)});
    b.CreateBr(release);
    b.SetInsertPoint(mismatch);
    b.CreateStore(llvm::ConstantInt::get(i32, KernelResultSizeMismatch),
                  status);
    b.CreateBr(release);

    // A result may alias an argument, a global (memref.get_global gives a
    // 0xdeadbeef `allocated`) or an earlier result: only free each malloc'ed
    // buffer once.
    b.SetInsertPoint(release);
    llvm::Value *notOwned = b.CreateIsNull(allocated);
    auto aliases = [&](llvm::Value *other) {
      notOwned = b.CreateOr(notOwned, b.CreateICmpEQ(allocated, other));
    };
    aliases(b.CreateIntToPtr(b.getInt64(0xdeadbeef), ptr));
    for (unsigned a = 0; a < numArgs; ++a)
      aliases(fn->getArg(pointerArg[a]));
    for (llvm::Value *earlier : freed)
      aliases(earlier);
    llvm::BasicBlock *doFree =
        llvm::BasicBlock::Create(ctx, result.name + "_free", fn);
    llvm::BasicBlock *next =
        llvm::BasicBlock::Create(ctx, result.name + "_done", fn);
    b.CreateCondBr(notOwned, next, doFree);
    b.SetInsertPoint(doFree);
    b.CreateCall(freeFn, {allocated});
    b.CreateBr(next);
    b.SetInsertPoint(next);
    freed.push_back(allocated);
  }
  releaseWorkspace();
  b.CreateRet(b.CreateLoad(i32, status));
  return llvm::Error::success();
}

} // namespace

llvm::Error compiler::generateEntryPoints(llvm::Module &module,
                                          ArrayRef<EntryPlan> plans,
                                          const llvm::Triple &triple) {
  for (const EntryPlan &plan : plans) {
    if (llvm::Error err = createEntryPoint(module, plan, false))
      return err;
    if (plan.info.workspaceBytes > 0)
      if (llvm::Error err = createEntryPoint(module, plan, true))
        return err;
  }

  if (llvm::Function *memrefCopy = module.getFunction("memrefCopy"))
    if (memrefCopy->isDeclaration())
      defineMemrefCopy(module, memrefCopy);
  if (triple.isX86() && usesHalfOrBFloat(module))
    defineFloatConversions(module);

  // Only the entry points are exported: the lowered functions, their
  // `_mlir_ciface_` wrappers and helpers like `dealloc_helper` become
  // internal, so that objects from several mha-compile runs link together
  // and the optimizer can inline everything into the entry points.
  llvm::StringSet<> exported;
  for (const EntryPlan &plan : plans) {
    exported.insert(plan.info.symbol);
    if (plan.info.workspaceBytes > 0)
      exported.insert(plan.getWorkspaceSymbol());
  }
  for (llvm::Function &fn : module) {
    if (fn.isDeclaration() || exported.contains(fn.getName()) ||
        fn.hasWeakLinkage())
      continue;
    fn.setLinkage(llvm::GlobalValue::InternalLinkage);
  }
  for (llvm::GlobalVariable &global : module.globals()) {
    if (global.isDeclaration() || global.getName().starts_with("llvm."))
      continue;
    global.setLinkage(llvm::GlobalValue::InternalLinkage);
  }
  return llvm::Error::success();
}
