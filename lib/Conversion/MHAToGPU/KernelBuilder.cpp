//===- KernelBuilder.cpp - shared pieces of the attention GPU kernels ---===//
#include "KernelBuilder.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include <limits>

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::gpu_kernels;

//===----------------------------------------------------------------------===//
// AttentionProblem
//===----------------------------------------------------------------------===//

static MemRefType memrefOf(Value tensor) {
  if (!tensor)
    return {};
  auto type = cast<RankedTensorType>(tensor.getType());
  return MemRefType::get(type.getShape(), type.getElementType());
}

AttentionProblem AttentionProblem::get(AttentionOp op) {
  AttentionProblem p;
  auto q = cast<RankedTensorType>(op.getQuery().getType());
  auto k = cast<RankedTensorType>(op.getKey().getType());
  auto v = cast<RankedTensorType>(op.getValue().getType());
  p.batch = q.getDimSize(0);
  p.numHeads = q.getDimSize(1);
  p.queryLen = q.getDimSize(2);
  p.headDim = q.getDimSize(3);
  p.numKvHeads = k.getDimSize(1);
  p.keyLen = k.getDimSize(2);
  p.valueHeadDim = v.getDimSize(3);
  p.groupSize = p.numKvHeads > 0 ? p.numHeads / p.numKvHeads : 0;
  p.elementType = q.getElementType();
  p.scale = op.getEffectiveScale();
  if (std::optional<APFloat> softcap = op.getSoftcap())
    p.softcap = softcap->convertToDouble();
  p.causal = op.getCausal();
  if (auto w = op.getWindowAttr())
    p.window = std::array<int64_t, 2>{w[0], w[1]};
  p.queryType = memrefOf(op.getQuery());
  p.keyType = memrefOf(op.getKey());
  p.valueType = memrefOf(op.getValue());
  p.maskType = memrefOf(op.getMask());
  p.biasType = memrefOf(op.getBias());
  p.resultType = memrefOf(op.getResult());
  return p;
}

FunctionType AttentionProblem::kernelType(MLIRContext *ctx) const {
  SmallVector<Type> inputs = {queryType, keyType, valueType};
  if (hasMask())
    inputs.push_back(maskType);
  if (hasBias())
    inputs.push_back(biasType);
  inputs.push_back(resultType);
  return FunctionType::get(ctx, inputs, {});
}

int64_t gpu_kernels::byteSize(MemRefType type) {
  return type.getNumElements() *
         static_cast<int64_t>(type.getElementTypeBitWidth() / 8);
}

//===----------------------------------------------------------------------===//
// Kernel function and workgroup memory
//===----------------------------------------------------------------------===//

gpu::GPUFuncOp gpu_kernels::createKernelFunc(
    OpBuilder &builder, Location loc, const AttentionProblem &p,
    gpu::GPUModuleOp kernels, StringRef name,
    ArrayRef<MemRefType> sharedBuffers, int64_t blockSize,
    SmallVectorImpl<Value> &buffers, AttentionGpuKernel &kernel) {
  MLIRContext *ctx = builder.getContext();
  auto workgroup =
      gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  SmallVector<Type> workgroupTypes;
  SmallVector<int64_t> offsets;
  int64_t total = 0;
  for (MemRefType type : sharedBuffers) {
    workgroupTypes.push_back(
        MemRefType::get(type.getShape(), type.getElementType(),
                        MemRefLayoutAttrInterface(), workgroup));
    offsets.push_back(total);
    // 16-byte alignment for vector stores and ldmatrix rows.
    total += llvm::alignTo(byteSize(type), 16);
  }
  bool useStatic = total <= kStaticSharedLimit;

  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(kernels.getBody());
  auto func = gpu::GPUFuncOp::create(builder, loc, name, p.kernelType(ctx),
                                     useStatic ? TypeRange(workgroupTypes)
                                               : TypeRange());
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(),
                builder.getUnitAttr());
  func.setKnownBlockSizeAttr(
      builder.getDenseI32ArrayAttr({static_cast<int32_t>(blockSize), 1, 1}));
  func->setAttr(
      "mha.kernel_config",
      builder.getDictionaryAttr({
          builder.getNamedAttr("kind", builder.getStringAttr(kernel.kind)),
          builder.getNamedAttr("query_tile",
                               builder.getI64IntegerAttr(kernel.queryTile)),
          builder.getNamedAttr("kv_tile",
                               builder.getI64IntegerAttr(kernel.keyValueTile)),
          builder.getNamedAttr("num_warps",
                               builder.getI64IntegerAttr(kernel.numWarps)),
      }));

  builder.setInsertionPointToStart(&func.getBody().front());
  if (useStatic) {
    // 16-byte alignment: the lowering would otherwise align each buffer to
    // its element only, and 16-byte vector accesses and ldmatrix rows would
    // fault.
    for (unsigned i = 0, e = func.getNumWorkgroupAttributions(); i < e; ++i)
      func.setWorkgroupAttributionAttr(i, LLVM::LLVMDialect::getAlignAttrName(),
                                       builder.getI64IntegerAttr(16));
    for (BlockArgument arg : func.getWorkgroupAttributions())
      buffers.push_back(arg);
    kernel.staticSharedBytes = total;
    kernel.dynamicSharedBytes = 0;
  } else {
    auto bytesType =
        MemRefType::get({ShapedType::kDynamic}, builder.getI8Type(),
                        MemRefLayoutAttrInterface(), workgroup);
    Value dynamic = gpu::DynamicSharedMemoryOp::create(builder, loc, bytesType);
    for (auto [type, offset] : llvm::zip(workgroupTypes, offsets)) {
      Value shift = arith::ConstantIndexOp::create(builder, loc, offset);
      buffers.push_back(memref::ViewOp::create(builder, loc, type, dynamic,
                                               shift, ValueRange{}));
    }
    kernel.staticSharedBytes = 0;
    kernel.dynamicSharedBytes = total;
  }
  kernel.func = func;
  return func;
}

//===----------------------------------------------------------------------===//
// KernelBuilder
//===----------------------------------------------------------------------===//

KernelBuilder::KernelBuilder(OpBuilder &b, Location loc,
                             const AttentionProblem &p)
    : b(b), loc(loc), p(p), f32(b.getF32Type()), i32(b.getI32Type()),
      indexType(b.getIndexType()) {}

void KernelBuilder::bindKernel(gpu::GPUFuncOp func, int64_t queryTile,
                               int64_t keyTile) {
  rowsMayOverflow = p.queryLen % queryTile != 0;
  keysMayOverflow = p.keyLen % keyTile != 0;
  auto args = func.getArguments();
  unsigned a = 0;
  query = args[a++];
  key = args[a++];
  value = args[a++];
  if (p.hasMask())
    mask = args[a++];
  if (p.hasBias())
    bias = args[a++];
  result = args[a++];
}

Value KernelBuilder::idx(int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}
Value KernelBuilder::f32Const(double v) {
  return arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(v));
}
Value KernelBuilder::i32Const(int32_t v) {
  return arith::ConstantIntOp::create(b, loc, v, 32);
}
Value KernelBuilder::zeroOf(Type t) {
  return arith::ConstantOp::create(b, loc, t, b.getZeroAttr(t));
}

Value KernelBuilder::add(Value x, Value y) {
  return arith::AddIOp::create(b, loc, x, y);
}
Value KernelBuilder::add(Value x, int64_t y) {
  return y == 0 ? x : add(x, idx(y));
}
Value KernelBuilder::sub(Value x, Value y) {
  return arith::SubIOp::create(b, loc, x, y);
}
Value KernelBuilder::mul(Value x, int64_t y) {
  return y == 1 ? x : arith::MulIOp::create(b, loc, x, idx(y)).getResult();
}
Value KernelBuilder::divU(Value x, int64_t y) {
  return y == 1 ? x : arith::DivUIOp::create(b, loc, x, idx(y)).getResult();
}
Value KernelBuilder::remU(Value x, int64_t y) {
  return arith::RemUIOp::create(b, loc, x, idx(y));
}
Value KernelBuilder::minS(Value x, Value y) {
  return arith::MinSIOp::create(b, loc, x, y);
}
Value KernelBuilder::minS(Value x, int64_t y) { return minS(x, idx(y)); }
Value KernelBuilder::maxS(Value x, Value y) {
  return arith::MaxSIOp::create(b, loc, x, y);
}
Value KernelBuilder::cmp(arith::CmpIPredicate pred, Value x, Value y) {
  return arith::CmpIOp::create(b, loc, pred, x, y);
}
Value KernelBuilder::cmp(arith::CmpIPredicate pred, Value x, int64_t y) {
  return cmp(pred, x, idx(y));
}
Value KernelBuilder::andI(Value x, Value y) {
  if (!x)
    return y;
  if (!y)
    return x;
  return arith::AndIOp::create(b, loc, x, y);
}

Value KernelBuilder::fadd(Value x, Value y) {
  return arith::AddFOp::create(b, loc, x, y);
}
Value KernelBuilder::fsub(Value x, Value y) {
  return arith::SubFOp::create(b, loc, x, y);
}
Value KernelBuilder::fmul(Value x, Value y) {
  return arith::MulFOp::create(b, loc, x, y);
}
Value KernelBuilder::fdiv(Value x, Value y) {
  return arith::DivFOp::create(b, loc, x, y);
}
// Math goes straight to LLVM and NVVM intrinsics rather than through the
// math dialect: convert-gpu-to-nvvm turns math ops into calls of libdevice
// (__nv_expf, __nv_fmaf, ...), which ties even PTX output to a CUDA toolkit.
Value KernelBuilder::intrinsic(StringRef name, ValueRange args) {
  return LLVM::CallIntrinsicOp::create(b, loc, args.front().getType(),
                                       b.getStringAttr(name), args)
      .getResult(0);
}
Value KernelBuilder::fma(Value x, Value y, Value acc) {
  return intrinsic("llvm.fma.f32", {x, y, acc});
}
Value KernelBuilder::exp2(Value x) {
  // ex2.approx.f32: relative error at most 2^-22.5, subnormals kept.
  return intrinsic("llvm.nvvm.ex2.approx.f32", {x});
}
Value KernelBuilder::fmax(Value x, Value y) {
  return arith::MaximumFOp::create(b, loc, x, y);
}
Value KernelBuilder::exp(Value x) {
  return exp2(fmul(x, f32Const(1.4426950408889634)));
}

Value KernelBuilder::tanh(Value y) {
  // tanh |y| = 1 - 2 / (exp(2 |y|) + 1), which cancels badly near 0; below
  // |y| = 0.25 the odd Taylor polynomial to y^9 is used instead (relative
  // error < 1e-8). Both are accurate to a few f32 ulps; NaN stays NaN and
  // +-inf gives +-1.
  Value a = intrinsic("llvm.fabs.f32", {y});
  Value e = exp2(fmul(a, f32Const(2.0 * 1.4426950408889634)));
  Value big = fsub(f32Const(1.0), fdiv(f32Const(2.0), fadd(e, f32Const(1.0))));
  Value a2 = fmul(a, a);
  Value poly = fma(a2, f32Const(62.0 / 2835.0), f32Const(-17.0 / 315.0));
  poly = fma(a2, poly, f32Const(2.0 / 15.0));
  poly = fma(a2, poly, f32Const(-1.0 / 3.0));
  Value small = fma(fmul(a, a2), poly, a);
  Value isSmall = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, a,
                                        f32Const(0.25));
  return intrinsic("llvm.copysign.f32", {select(isSmall, small, big), y});
}
Value KernelBuilder::select(Value cond, Value x, Value y) {
  return arith::SelectOp::create(b, loc, cond, x, y);
}
Value KernelBuilder::toF32(Value x) {
  Type t = x.getType();
  if (auto vt = dyn_cast<VectorType>(t)) {
    if (vt.getElementType().isF32())
      return x;
    return arith::ExtFOp::create(b, loc, vt.clone(f32), x);
  }
  return t.isF32() ? x : arith::ExtFOp::create(b, loc, f32, x).getResult();
}
Value KernelBuilder::fromF32(Value x, Type t) {
  if (auto vt = dyn_cast<VectorType>(x.getType())) {
    if (t.isF32())
      return x;
    return arith::TruncFOp::create(b, loc, vt.clone(t), x);
  }
  return t.isF32() ? x : arith::TruncFOp::create(b, loc, t, x).getResult();
}

SmallVector<Value> KernelBuilder::forLoop(Value lb, Value ub, Value step,
                                          ValueRange init, LoopBody body) {
  auto forOp = scf::ForOp::create(b, loc, lb, ub, step, init);
  Block *block = forOp.getBody();
  OpBuilder::InsertionGuard guard(b);
  if (!block->empty() && block->back().hasTrait<OpTrait::IsTerminator>())
    b.setInsertionPoint(&block->back());
  else
    b.setInsertionPointToEnd(block);
  SmallVector<Value> yielded =
      body(forOp.getInductionVar(), forOp.getRegionIterArgs());
  if (!init.empty())
    scf::YieldOp::create(b, loc, yielded);
  return SmallVector<Value>(forOp.getResults().begin(),
                            forOp.getResults().end());
}

SmallVector<Value> KernelBuilder::forLoop(int64_t lb, int64_t ub, int64_t step,
                                          ValueRange init, LoopBody body) {
  return forLoop(idx(lb), idx(ub), idx(step), init, body);
}

SmallVector<Value> KernelBuilder::ifElse(Value cond, TypeRange types,
                                         Branch thenBranch, Branch elseBranch) {
  auto ifOp = scf::IfOp::create(b, loc, types, cond, /*withElseRegion=*/true);
  auto fill = [&](Block *block, Branch branch) {
    OpBuilder::InsertionGuard guard(b);
    if (!block->empty() && block->back().hasTrait<OpTrait::IsTerminator>())
      b.setInsertionPoint(&block->back());
    else
      b.setInsertionPointToEnd(block);
    SmallVector<Value> yielded = branch();
    if (!types.empty())
      scf::YieldOp::create(b, loc, yielded);
  };
  fill(ifOp.thenBlock(), thenBranch);
  fill(ifOp.elseBlock(), elseBranch);
  return SmallVector<Value>(ifOp.getResults().begin(), ifOp.getResults().end());
}

void KernelBuilder::ifThen(Value cond, function_ref<void()> thenBranch) {
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{}, cond,
                                /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
  thenBranch();
}

Value KernelBuilder::shuffleReduce(Value v, bool isMax,
                                   ArrayRef<int32_t> offsets) {
  for (int32_t offset : offsets) {
    Value other = gpu::ShuffleOp::create(b, loc, v, offset, /*width=*/32,
                                         gpu::ShuffleMode::XOR)
                      .getShuffleResult();
    v = isMax ? fmax(v, other) : fadd(v, other);
  }
  return v;
}

Value KernelBuilder::diagonal(Value i) {
  if (p.causal == CausalMode::bottom_right)
    return add(i, p.keyLen - p.queryLen);
  return i;
}

std::pair<Value, Value>
KernelBuilder::keyTileRange(Value firstRow, Value lastRow, int64_t tile) {
  Value lo = idx(0);
  Value hi = idx(p.keyLen);
  if (p.window)
    lo = maxS(lo, add(diagonal(firstRow), -(*p.window)[0]));
  if (p.causal != CausalMode::none)
    hi = minS(hi, add(diagonal(lastRow), 1));
  else if (p.window)
    hi = minS(hi, add(diagonal(lastRow), (*p.window)[1] + 1));
  Value begin = arith::DivSIOp::create(b, loc, lo, idx(tile));
  Value end = arith::CeilDivSIOp::create(b, loc, hi, idx(tile));
  return {begin, end};
}

Value KernelBuilder::tileInsideBand(Value firstRow, Value lastRow, Value k0,
                                    int64_t tile) {
  using P = arith::CmpIPredicate;
  Value inside;
  Value kLast = add(k0, tile - 1);
  if (keysMayOverflow)
    inside = andI(inside, cmp(P::slt, kLast, p.keyLen));
  if (p.causal != CausalMode::none)
    inside = andI(inside, cmp(P::sle, kLast, diagonal(firstRow)));
  if (p.window) {
    inside =
        andI(inside, cmp(P::sge, k0, add(diagonal(lastRow), -(*p.window)[0])));
    if (p.causal == CausalMode::none)
      inside = andI(
          inside, cmp(P::sle, kLast, add(diagonal(firstRow), (*p.window)[1])));
  }
  return inside;
}

Value KernelBuilder::clampRow(Value i, int64_t rows, bool clamp) {
  return clamp ? minS(i, rows - 1) : i;
}

/// Indices of a broadcastable rank-4 operand at (bIdx, h, i, j).
static SmallVector<Value> broadcastIndices(KernelBuilder &kb, MemRefType type,
                                           Value bIdx, Value h, Value i,
                                           Value j) {
  SmallVector<Value> indices = {bIdx, h, i, j};
  for (int64_t d = 0; d < 4; ++d)
    if (type.getDimSize(d) == 1)
      indices[d] = kb.idx(0);
  return indices;
}

Value KernelBuilder::scoreEpilogue(Value s, Value bIdx, Value h, Value i,
                                   Value j, bool checkBand) {
  using P = arith::CmpIPredicate;
  Value x = fmul(s, f32Const(p.scale));
  if (p.softcap) {
    Value cap = f32Const(*p.softcap);
    x = fmul(cap, tanh(fdiv(x, cap)));
  }
  // Loads of mask and bias read a clamped (row, key) for pairs past L or S;
  // those pairs are discarded (rows) or disallowed (keys).
  Value iLoad = clampRow(i, p.queryLen, rowsMayOverflow);
  Value jLoad = keysMayOverflow ? minS(j, p.keyLen - 1) : j;
  if (p.hasBias()) {
    Value v = memref::LoadOp::create(
        b, loc, bias,
        broadcastIndices(*this, p.biasType, bIdx, h, iLoad, jLoad));
    x = fadd(x, toF32(v));
  }
  Value allowed;
  if (p.hasMask())
    allowed = memref::LoadOp::create(
        b, loc, mask,
        broadcastIndices(*this, p.maskType, bIdx, h, iLoad, jLoad));
  if (checkBand) {
    if (keysMayOverflow)
      allowed = andI(allowed, cmp(P::slt, j, p.keyLen));
    if (p.causal != CausalMode::none)
      allowed = andI(allowed, cmp(P::sle, j, diagonal(i)));
    if (p.window) {
      Value d = diagonal(i);
      allowed = andI(allowed, cmp(P::sge, j, add(d, -(*p.window)[0])));
      if (p.causal == CausalMode::none)
        allowed = andI(allowed, cmp(P::sle, j, add(d, (*p.window)[1])));
    }
  }
  if (!allowed)
    return x;
  return select(allowed, x, f32Const(-std::numeric_limits<double>::infinity()));
}

Value KernelBuilder::loadVector(Value memref, ValueRange indices,
                                VectorType type, int64_t alignment) {
  return vector::LoadOp::create(b, loc, type, memref, indices,
                                /*nontemporal=*/false,
                                llvm::MaybeAlign(alignment));
}

void KernelBuilder::storeVector(Value v, Value memref, ValueRange indices,
                                int64_t alignment) {
  vector::StoreOp::create(b, loc, v, memref, indices, /*nontemporal=*/false,
                          llvm::MaybeAlign(alignment));
}
