//===- MmaKernel.cpp - the f16/bf16 tensor-core FlashAttention kernel ---===//
//
// FlashAttention-2 on mma.sync.m16n8k16 with f32 accumulation. One thread
// block per (query tile, query head, batch) with 16 query rows per warp;
// each warp keeps its rows' Q fragments, online-softmax state and output
// accumulator in registers for the whole key loop.
//
// Per key/value tile of BK keys: the block copies K and V into workgroup
// memory with 16-byte vector loads and stores (rows padded by 8 elements so
// that the 8 row addresses of an ldmatrix hit distinct banks);
// S = Q K^T takes its B operands from K by ldmatrix (K is stored
// [key][e], which is the "col" layout mma.sync wants); the online softmax
// runs on the accumulator fragments (a thread holds 2 rows; row max and sum
// are all-reduced over the 4 lanes of a quad by gpu.shuffle xor); the S
// fragments, rounded to the element type, are directly the A operands of
// P V (the FlashAttention-2 register reuse); V's B operands come from
// ldmatrix.trans.
//
// f16 uses nvgpu.mma.sync; bf16 uses nvvm.mma.sync, because LLVM 22's
// nvgpu.mma.sync cannot lower bf16 operands.
//
// Fragment layouts (PTX ISA, mma.m16n8k16, g = lane / 4, t = lane % 4):
//   A 16x16: reg0 (g, 2t..2t+1), reg1 (g+8, 2t..), reg2 (g, 2t+8..),
//            reg3 (g+8, 2t+8..)
//   B 16x8:  reg0 (k 2t..2t+1, n g), reg1 (k 2t+8..2t+9, n g)
//   C 16x8:  row 0 (g, 2t..2t+1), row 1 (g+8, 2t..2t+1)
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"

#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::gpu_kernels;

bool gpu_kernels::mmaKernelApplies(const AttentionProblem &p) {
  return (p.elementType.isF16() || p.elementType.isBF16()) &&
         p.headDim % 16 == 0 && p.valueHeadDim % 16 == 0;
}

namespace {

/// Fragment-level helpers on top of KernelBuilder.
class MmaBuilder {
public:
  MmaBuilder(KernelBuilder &kb, Type elementType)
      : kb(kb), b(kb.b), loc(kb.loc), t(elementType),
        v2(VectorType::get({2}, elementType)),
        v4x2(VectorType::get({4, 2}, elementType)),
        v2x2(VectorType::get({2, 2}, elementType)),
        acc(VectorType::get({2, 2}, kb.f32)),
        accRow(VectorType::get({2}, kb.f32)) {}

  KernelBuilder &kb;
  OpBuilder &b;
  Location loc;
  Type t;
  VectorType v2, v4x2, v2x2, acc, accRow;

  Value extract(Value v, int64_t i) {
    return vector::ExtractOp::create(b, loc, v, ArrayRef<int64_t>{i});
  }
  Value insert(Value x, Value into, int64_t i) {
    return vector::InsertOp::create(b, loc, x, into, ArrayRef<int64_t>{i});
  }
  Value zeros(VectorType type) { return kb.zeroOf(type); }

  /// Rows [first, first + 2) of a vector<4x2xT> as a vector<2x2xT> (a B
  /// operand out of an x4 ldmatrix).
  Value pair(Value v4, int64_t first) {
    Value r = insert(extract(v4, first), zeros(v2x2), 0);
    return insert(extract(v4, first + 1), r, 1);
  }

  /// Packs rows (vectors of 2) into a vector<Nx2>.
  Value stack(ArrayRef<Value> rows, VectorType type) {
    Value r = zeros(type);
    for (auto [i, row] : llvm::enumerate(rows))
      r = insert(row, r, static_cast<int64_t>(i));
    return r;
  }

  Value ldmatrix(Value smem, Value row, Value col, bool transpose) {
    return nvgpu::LdMatrixOp::create(b, loc, v4x2, smem, ValueRange{row, col},
                                     transpose, /*numTiles=*/4);
  }

  /// D = A B + C for one m16n8k16 tile.
  Value mma(Value a, Value bOperand, Value c) {
    if (t.isF16())
      return nvgpu::MmaSyncOp::create(b, loc, a, bOperand, c,
                                      ArrayRef<int64_t>{16, 8, 16});
    // bf16: nvvm.mma.sync on the 32-bit registers.
    Type i32 = kb.i32;
    auto reg = [&](Value pairOf16) -> Value {
      Value asInt = vector::BitCastOp::create(b, loc, VectorType::get({1}, i32),
                                              pairOf16);
      return vector::ExtractOp::create(b, loc, asInt, ArrayRef<int64_t>{0});
    };
    SmallVector<Value> aRegs, bRegs, cRegs;
    for (int64_t i = 0; i < 4; ++i)
      aRegs.push_back(reg(extract(a, i)));
    for (int64_t i = 0; i < 2; ++i)
      bRegs.push_back(reg(extract(bOperand, i)));
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t j = 0; j < 2; ++j)
        cRegs.push_back(
            vector::ExtractOp::create(b, loc, c, ArrayRef<int64_t>{i, j}));
    Type f32 = kb.f32;
    auto structType =
        LLVM::LLVMStructType::getLiteral(b.getContext(), {f32, f32, f32, f32});
    Value d = NVVM::MmaOp::create(
        b, loc, structType, aRegs, bRegs, cRegs, ArrayRef<int64_t>{16, 8, 16},
        std::nullopt, std::nullopt,
        std::array<NVVM::MMATypes, 2>{NVVM::MMATypes::bf16,
                                      NVVM::MMATypes::bf16},
        std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                       NVVM::MMALayout::col});
    SmallVector<Value> out;
    for (int64_t i = 0; i < 4; ++i)
      out.push_back(
          LLVM::ExtractValueOp::create(b, loc, d, ArrayRef<int64_t>{i}));
    Value row0 = vector::FromElementsOp::create(b, loc, accRow,
                                                ValueRange{out[0], out[1]});
    Value row1 = vector::FromElementsOp::create(b, loc, accRow,
                                                ValueRange{out[2], out[3]});
    return stack({row0, row1}, acc);
  }
};

} // namespace

FailureOr<AttentionGpuKernel>
gpu_kernels::buildMmaKernel(OpBuilder &builder, Location loc,
                            const AttentionProblem &p, gpu::GPUModuleOp kernels,
                            StringRef name, const AttentionGpuOptions &options,
                            std::string &error) {
  using P = arith::CmpIPredicate;
  const int64_t E = p.headDim, Ev = p.valueHeadDim;
  const int64_t L = p.queryLen, S = p.keyLen;
  const int64_t NW = options.numWarps;
  const int64_t BQ = 16 * NW;
  // The S fragments of a 64-key tile cost 32 registers per thread; with
  // large head dims (Q fragments E / 4, accumulators Ev / 2 registers) half
  // the tile keeps the kernel within 255 registers.
  const int64_t defaultKeyTile = E + Ev > 256 ? 32 : 64;
  const int64_t BK =
      options.keyValueTile
          ? options.keyValueTile
          : std::min<int64_t>(defaultKeyTile, llvm::alignTo(S, 16));
  const int64_t NT = 32 * NW;
  if (NW < 1 || NW > 16) {
    error = "num-warps must be in [1, 16] for the mma.sync kernel, got " +
            std::to_string(NW);
    return failure();
  }
  if (options.queryTile && options.queryTile != BQ) {
    error = "the mma.sync kernel gives each warp 16 query rows: query-tile "
            "must be 16 * num-warps = " +
            std::to_string(BQ) + " (or 0), got " +
            std::to_string(options.queryTile);
    return failure();
  }
  if (BK < 16 || BK % 16 != 0) {
    error = "the mma.sync kernel needs a kv-tile that is a positive multiple "
            "of 16, got " +
            std::to_string(BK);
    return failure();
  }
  Type T = p.elementType;
  // Rows padded by 8 elements (16 bytes): ldmatrix row addresses 16 bytes
  // apart in bank terms, and every row stays 16-byte aligned.
  MemRefType kTileType = MemRefType::get({BK, E + 8}, T);
  MemRefType vTileType = MemRefType::get({BK, Ev + 8}, T);
  int64_t shared = byteSize(kTileType) + byteSize(vTileType);
  if (shared > kMaxSharedBytes) {
    error = "the mma.sync kernel would need " + std::to_string(shared) +
            " bytes of workgroup memory (kv-tile " + std::to_string(BK) +
            "); the limit is " + std::to_string(kMaxSharedBytes);
    return failure();
  }
  const int64_t numQueryTiles = llvm::divideCeil(L, BQ);

  AttentionGpuKernel kernel;
  kernel.kind = "mma";
  kernel.queryTile = BQ;
  kernel.keyValueTile = BK;
  kernel.numWarps = NW;
  kernel.gridX = numQueryTiles;
  kernel.gridY = p.numHeads;
  kernel.gridZ = p.batch;
  kernel.blockX = NT;

  SmallVector<Value> sharedBuffers;
  gpu::GPUFuncOp func =
      createKernelFunc(builder, loc, p, kernels, name, {kTileType, vTileType},
                       NT, sharedBuffers, kernel);
  Value ks = sharedBuffers[0], vs = sharedBuffers[1];

  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(&func.getBody().front());
  KernelBuilder kb(builder, loc, p);
  kb.bindKernel(func, BQ, BK);
  MmaBuilder mb(kb, T);
  Type f32 = kb.f32;
  const double negInf = -std::numeric_limits<double>::infinity();
  const double log2e = 1.4426950408889634;

  Value tid = gpu::ThreadIdOp::create(builder, loc, gpu::Dimension::x);
  Value lane = kb.remU(tid, 32);
  Value warp = kb.divU(tid, 32);
  Value group = kb.divU(lane, 4);    // g: the fragment row
  Value quadLane = kb.remU(lane, 4); // t: the fragment column pair
  Value blockX = gpu::BlockIdOp::create(builder, loc, gpu::Dimension::x);
  Value h = gpu::BlockIdOp::create(builder, loc, gpu::Dimension::y);
  Value bIdx = gpu::BlockIdOp::create(builder, loc, gpu::Dimension::z);
  Value qTile =
      p.hasBand() ? kb.sub(kb.idx(numQueryTiles - 1), blockX) : blockX;
  Value q0 = kb.mul(qTile, BQ);
  Value kh = kb.divU(h, p.groupSize);
  Value warpRow0 = kb.add(q0, kb.mul(warp, 16));
  Value warpRowLast = kb.add(warpRow0, 15);
  // The two rows this thread holds in every fragment.
  Value rows[2] = {kb.add(warpRow0, group), kb.add(kb.add(warpRow0, group), 8)};
  Value colPair = kb.mul(quadLane, 2);

  // Q fragments, straight from global memory, once per block.
  auto loadPair = [&](Value row, Value col) -> Value {
    Value loadRow = kb.clampRow(row, L, kb.rowsMayOverflow);
    Value v = kb.loadVector(kb.query, ValueRange{bIdx, h, loadRow, col}, mb.v2,
                            /*alignment=*/4);
    if (kb.rowsMayOverflow)
      v = kb.select(kb.cmp(P::slt, row, L), v, mb.zeros(mb.v2));
    return v;
  };
  SmallVector<Value> qFragments;
  for (int64_t kStep = 0; kStep < E / 16; ++kStep) {
    Value c0 = kb.add(colPair, 16 * kStep);
    Value c1 = kb.add(c0, 8);
    qFragments.push_back(
        mb.stack({loadPair(rows[0], c0), loadPair(rows[1], c0),
                  loadPair(rows[0], c1), loadPair(rows[1], c1)},
                 mb.v4x2));
  }

  // ldmatrix row/column offsets of this lane (see the file comment).
  // x4 over [16 keys][16 e] of K, B operands of two key tiles:
  Value kRowOffset = kb.add(kb.remU(lane, 8), kb.mul(kb.divU(lane, 16), 8));
  Value kColOffset = kb.mul(kb.remU(kb.divU(lane, 8), 2), 8);
  // x4.trans over [16 keys][16 c] of V, B operands of two column tiles:
  Value vRowOffset = kb.remU(lane, 16);
  Value vColOffset = kb.mul(kb.divU(lane, 16), 8);

  // Copies a BK x cols tile of src[bIdx, kh, k0 + r, :] into dst with
  // 16-byte vectors; keys at or past S are zero.
  VectorType chunkType = VectorType::get({8}, T);
  auto stage = [&](Value src, Value dst, Value k0, int64_t cols) {
    int64_t chunksPerRow = cols / 8;
    int64_t chunks = BK * chunksPerRow;
    int64_t iterations = llvm::divideCeil(chunks, NT);
    for (int64_t it = 0; it < iterations; ++it) {
      Value chunk = kb.add(tid, it * NT);
      auto copy = [&] {
        Value r = kb.divU(chunk, chunksPerRow);
        Value c = kb.mul(kb.remU(chunk, chunksPerRow), 8);
        Value key = kb.add(k0, r);
        Value loadKey = kb.clampRow(key, S, kb.keysMayOverflow);
        Value v = kb.loadVector(src, ValueRange{bIdx, kh, loadKey, c},
                                chunkType, /*alignment=*/16);
        if (kb.keysMayOverflow)
          v = kb.select(kb.cmp(P::slt, key, S), v, mb.zeros(chunkType));
        kb.storeVector(v, dst, ValueRange{r, c}, /*alignment=*/16);
      };
      if ((it + 1) * NT > chunks)
        kb.ifThen(kb.cmp(P::slt, chunk, chunks), copy);
      else
        copy();
    }
  };

  Value firstRow = q0;
  Value lastRow = kb.add(kb.minS(kb.add(q0, BQ), L), -1);
  auto [tileBegin, tileEnd] = kb.keyTileRange(firstRow, lastRow, BK);

  // Loop-carried state: acc[Ev / 8] (vector<2x2xf32>), m[2], l[2] (l is
  // this lane's partial row sum; the quad's lanes are summed at the end).
  const int64_t numColTiles = Ev / 8, numKeyTiles = BK / 8;
  SmallVector<Value> init(numColTiles, mb.zeros(mb.acc));
  init.push_back(kb.f32Const(negInf));
  init.push_back(kb.f32Const(negInf));
  init.push_back(kb.f32Const(0.0));
  init.push_back(kb.f32Const(0.0));

  SmallVector<Value> final = kb.forLoop(
      tileBegin, tileEnd, kb.idx(1), init,
      [&](Value t, ValueRange state) -> SmallVector<Value> {
        SmallVector<Value> acc(state.begin(), state.begin() + numColTiles);
        Value m[2] = {state[numColTiles], state[numColTiles + 1]};
        Value l[2] = {state[numColTiles + 2], state[numColTiles + 3]};
        Value k0 = kb.mul(t, BK);

        gpu::BarrierOp::create(builder, loc);
        stage(kb.key, ks, k0, E);
        stage(kb.value, vs, k0, Ev);
        gpu::BarrierOp::create(builder, loc);

        // S = Q K^T, BK / 8 accumulator tiles of 16 x 8.
        SmallVector<Value> s(numKeyTiles, mb.zeros(mb.acc));
        for (int64_t np = 0; np < BK / 16; ++np) {
          Value row = kb.add(kRowOffset, 16 * np);
          for (int64_t kStep = 0; kStep < E / 16; ++kStep) {
            Value bOperands = mb.ldmatrix(
                ks, row, kb.add(kColOffset, 16 * kStep), /*transpose=*/false);
            s[2 * np] =
                mb.mma(qFragments[kStep], mb.pair(bOperands, 0), s[2 * np]);
            s[2 * np + 1] =
                mb.mma(qFragments[kStep], mb.pair(bOperands, 2), s[2 * np + 1]);
          }
        }

        // Epilogue on the fragments: x[(nt * 2 + half) * 2 + o] is row
        // rows[half], key k0 + 8 nt + 2 t + o.
        auto epilogue = [&](bool checkBand) {
          SmallVector<Value> x;
          for (int64_t nt = 0; nt < numKeyTiles; ++nt)
            for (int64_t half = 0; half < 2; ++half)
              for (int64_t o = 0; o < 2; ++o) {
                Value sv = vector::ExtractOp::create(
                    builder, loc, s[nt], ArrayRef<int64_t>{half, o});
                Value key = kb.add(kb.add(k0, colPair), 8 * nt + o);
                x.push_back(
                    kb.scoreEpilogue(sv, bIdx, h, rows[half], key, checkBand));
              }
          return x;
        };
        SmallVector<Value> x;
        if (Value inside = kb.tileInsideBand(warpRow0, warpRowLast, k0, BK)) {
          SmallVector<Type> types(numKeyTiles * 4, f32);
          x = kb.ifElse(
              inside, types, [&] { return epilogue(false); },
              [&] { return epilogue(true); });
        } else {
          x = epilogue(false);
        }

        // Online softmax on the two rows; exp(x - m) as exp2 of one fma.
        Value alpha[2];
        SmallVector<Value> prob(x.size());
        for (int64_t half = 0; half < 2; ++half) {
          Value tileMax;
          for (int64_t nt = 0; nt < numKeyTiles; ++nt)
            for (int64_t o = 0; o < 2; ++o) {
              Value v = x[(nt * 2 + half) * 2 + o];
              tileMax = tileMax ? kb.fmax(tileMax, v) : v;
            }
          tileMax = kb.shuffleReduce(tileMax, /*isMax=*/true, {1, 2});
          Value mNew = kb.fmax(m[half], tileMax);
          Value noneYet =
              arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::OEQ,
                                    mNew, kb.f32Const(negInf));
          Value mUse = kb.select(noneYet, kb.f32Const(0.0), mNew);
          Value negScaledMax = kb.fmul(mUse, kb.f32Const(-log2e));
          Value rowSum;
          for (int64_t nt = 0; nt < numKeyTiles; ++nt)
            for (int64_t o = 0; o < 2; ++o) {
              int64_t at = (nt * 2 + half) * 2 + o;
              prob[at] =
                  kb.exp2(kb.fma(x[at], kb.f32Const(log2e), negScaledMax));
              rowSum = rowSum ? kb.fadd(rowSum, prob[at]) : prob[at];
            }
          alpha[half] =
              kb.exp2(kb.fma(m[half], kb.f32Const(log2e), negScaledMax));
          l[half] = kb.fma(l[half], alpha[half], rowSum);
          m[half] = mNew;
        }
        Value rescale = vector::FromElementsOp::create(
            builder, loc, mb.acc,
            ValueRange{alpha[0], alpha[0], alpha[1], alpha[1]});
        for (Value &a : acc)
          a = kb.fmul(a, rescale);

        // O += P V: the S fragments of keys [16 kk, 16 kk + 16), rounded to
        // the element type, are the A operand.
        VectorType probRows = VectorType::get({4, 2}, f32);
        for (int64_t kk = 0; kk < BK / 16; ++kk) {
          SmallVector<Value> elems;
          for (int64_t nt : {2 * kk, 2 * kk + 1})
            for (int64_t half = 0; half < 2; ++half)
              for (int64_t o = 0; o < 2; ++o)
                elems.push_back(prob[(nt * 2 + half) * 2 + o]);
          SmallVector<Value> rowsOf2;
          for (int64_t r = 0; r < 4; ++r)
            rowsOf2.push_back(vector::FromElementsOp::create(
                builder, loc, mb.accRow,
                ValueRange{elems[2 * r], elems[2 * r + 1]}));
          Value pA = kb.fromF32(mb.stack(rowsOf2, probRows), T);
          Value vRow = kb.add(vRowOffset, 16 * kk);
          for (int64_t cp = 0; cp < Ev / 16; ++cp) {
            Value bOperands = mb.ldmatrix(vs, vRow, kb.add(vColOffset, 16 * cp),
                                          /*transpose=*/true);
            acc[2 * cp] = mb.mma(pA, mb.pair(bOperands, 0), acc[2 * cp]);
            acc[2 * cp + 1] =
                mb.mma(pA, mb.pair(bOperands, 2), acc[2 * cp + 1]);
          }
        }

        SmallVector<Value> next = acc;
        next.append({m[0], m[1], l[0], l[1]});
        return next;
      });

  // result = acc / l, or 0 for rows with nothing allowed.
  for (int64_t half = 0; half < 2; ++half) {
    Value l = kb.shuffleReduce(final[numColTiles + 2 + half], /*isMax=*/false,
                               {1, 2});
    Value row = rows[half];
    auto store = [&] {
      Value empty = arith::CmpFOp::create(
          builder, loc, arith::CmpFPredicate::OEQ, l, kb.f32Const(0.0));
      Value denominator =
          vector::BroadcastOp::create(builder, loc, mb.accRow, l);
      for (int64_t ct = 0; ct < numColTiles; ++ct) {
        Value o = mb.extract(final[ct], half);
        o = kb.select(empty, mb.zeros(mb.accRow), kb.fdiv(o, denominator));
        kb.storeVector(kb.fromF32(o, T), kb.result,
                       ValueRange{bIdx, h, row, kb.add(colPair, 8 * ct)},
                       /*alignment=*/4);
      }
    };
    if (kb.rowsMayOverflow)
      kb.ifThen(kb.cmp(P::slt, row, L), store);
    else
      store();
  }
  gpu::ReturnOp::create(builder, loc);
  return kernel;
}
