//===- SimtKernel.cpp - the f32 SIMT FlashAttention kernel --------------===//
//
// The correctness baseline of the GPU lowering: plain f32 arithmetic (f16 and
// bf16 operands are widened when they are staged), every feature of
// mha.attention. One thread block per (query tile, query head, batch); each
// warp owns RPW = BQ / warps query rows.
//
// Per key/value tile of BK keys: the block stages K (rows padded to E + 1
// words, so that the lanes of a warp, which read different key rows, hit
// different banks) and V in workgroup memory; lane l computes the scores of
// keys l, l + 32, ... for each of its warp's rows (Q is read from workgroup
// memory as a broadcast); the row maximum and sum are warp all-reductions
// by gpu.shuffle xor; the softmax weights are broadcast to the lanes by
// gpu.shuffle idx for the product with V, where lane l owns the output
// columns l, l + 32, ...
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::gpu_kernels;

namespace {

struct SimtTiles {
  int64_t queryTile, keyTile, warps;
  int64_t sharedBytes(const AttentionProblem &p) const {
    return 4 * (queryTile * p.headDim + keyTile * (p.headDim + 1) +
                keyTile * p.valueHeadDim) +
           32;
  }
};

} // namespace

FailureOr<AttentionGpuKernel> gpu_kernels::buildSimtKernel(
    OpBuilder &builder, Location loc, const AttentionProblem &p,
    gpu::GPUModuleOp kernels, StringRef name,
    const AttentionGpuOptions &options, std::string &error) {
  using P = arith::CmpIPredicate;
  const int64_t E = p.headDim, Ev = p.valueHeadDim;
  const int64_t L = p.queryLen, S = p.keyLen;

  SimtTiles tiles{options.queryTile, options.keyValueTile, options.numWarps};
  const int64_t NW = tiles.warps;
  if (!tiles.keyTile)
    tiles.keyTile = std::min<int64_t>(64, llvm::alignTo(S, 32));
  if (!tiles.queryTile)
    tiles.queryTile = std::min<int64_t>(8 * NW, llvm::alignTo(L, NW));
  while (!options.keyValueTile && tiles.keyTile > 32 &&
         tiles.sharedBytes(p) > kStaticSharedLimit)
    tiles.keyTile /= 2;
  while (!options.queryTile && tiles.queryTile > NW &&
         tiles.sharedBytes(p) > kStaticSharedLimit)
    tiles.queryTile = std::max(NW, tiles.queryTile / 2 / NW * NW);
  const int64_t BQ = tiles.queryTile, BK = tiles.keyTile;
  if (NW < 1 || NW > 32) {
    error = "num-warps must be in [1, 32], got " + std::to_string(NW);
    return failure();
  }
  if (BK < 32 || BK % 32 != 0) {
    error = "the SIMT kernel needs a kv-tile that is a positive multiple of "
            "32, got " +
            std::to_string(BK);
    return failure();
  }
  if (BQ < NW || BQ % NW != 0) {
    error = "the SIMT kernel needs a query-tile that is a positive multiple "
            "of num-warps (" +
            std::to_string(NW) + "), got " + std::to_string(BQ);
    return failure();
  }
  if (tiles.sharedBytes(p) > kMaxSharedBytes) {
    error = "the SIMT kernel would need " +
            std::to_string(tiles.sharedBytes(p)) +
            " bytes of workgroup memory (query-tile " + std::to_string(BQ) +
            ", kv-tile " + std::to_string(BK) + ", E " + std::to_string(E) +
            ", Ev " + std::to_string(Ev) + "); the limit is " +
            std::to_string(kMaxSharedBytes);
    return failure();
  }
  const int64_t NT = 32 * NW, RPW = BQ / NW, KPL = BK / 32;
  const int64_t EPL = llvm::divideCeil(Ev, 32);
  const int64_t numQueryTiles = llvm::divideCeil(L, BQ);

  AttentionGpuKernel kernel;
  kernel.kind = "simt";
  kernel.queryTile = BQ;
  kernel.keyValueTile = BK;
  kernel.numWarps = NW;
  kernel.gridX = numQueryTiles;
  kernel.gridY = p.numHeads;
  kernel.gridZ = p.batch;
  kernel.blockX = NT;

  Type f32 = builder.getF32Type();
  SmallVector<Value> shared;
  gpu::GPUFuncOp func = createKernelFunc(builder, loc, p, kernels, name,
                                         {MemRefType::get({BQ, E}, f32),
                                          MemRefType::get({BK, E + 1}, f32),
                                          MemRefType::get({BK, Ev}, f32)},
                                         NT, shared, kernel);
  Value qs = shared[0], ks = shared[1], vs = shared[2];

  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(&func.getBody().front());
  KernelBuilder kb(builder, loc, p);
  kb.bindKernel(func, BQ, BK);
  const double negInf = -std::numeric_limits<double>::infinity();

  Value tid = gpu::ThreadIdOp::create(builder, loc, gpu::Dimension::x);
  Value lane = kb.remU(tid, 32);
  Value warp = kb.divU(tid, 32);
  Value blockX = gpu::BlockIdOp::create(builder, loc, gpu::Dimension::x);
  Value h = gpu::BlockIdOp::create(builder, loc, gpu::Dimension::y);
  Value bIdx = gpu::BlockIdOp::create(builder, loc, gpu::Dimension::z);
  // With a band, later query tiles have more key tiles: start those first.
  Value qTile =
      p.hasBand() ? kb.sub(kb.idx(numQueryTiles - 1), blockX) : blockX;
  Value q0 = kb.mul(qTile, BQ);
  Value kh = kb.divU(h, p.groupSize);
  Value zero = kb.f32Const(0.0);

  // Stage `rows` x `cols` elements of src[bIdx, head, start + r, c] into
  // dst[r, c] as f32; rows at or past `limit` are zero.
  auto stage = [&](Value src, Value head, Value start, int64_t rows,
                   int64_t cols, int64_t limit, bool mayOverflow, Value dst) {
    kb.forLoop(
        tid, kb.idx(rows * cols), kb.idx(NT), {},
        [&](Value linear, ValueRange) -> SmallVector<Value> {
          Value r = kb.divU(linear, cols);
          Value c = kb.remU(linear, cols);
          Value row = kb.add(start, r);
          Value loadRow = kb.clampRow(row, limit, mayOverflow);
          Value v = kb.toF32(memref::LoadOp::create(
              builder, loc, src, ValueRange{bIdx, head, loadRow, c}));
          if (mayOverflow)
            v = kb.select(kb.cmp(P::slt, row, limit), v, zero);
          memref::StoreOp::create(builder, loc, v, dst, ValueRange{r, c});
          return {};
        });
  };

  stage(kb.query, h, q0, BQ, E, L, kb.rowsMayOverflow, qs);

  Value firstRow = q0;
  Value lastRow = kb.add(kb.minS(kb.add(q0, BQ), L), -1);
  auto [tileBegin, tileEnd] = kb.keyTileRange(firstRow, lastRow, BK);
  Value warpRow0 = kb.add(q0, kb.mul(warp, RPW));
  Value warpRowLast = kb.add(warpRow0, RPW - 1);

  // Loop-carried state: m[RPW], l[RPW], acc[RPW][EPL].
  SmallVector<Value> init;
  for (int64_t r = 0; r < RPW; ++r)
    init.push_back(kb.f32Const(negInf));
  for (int64_t r = 0; r < RPW; ++r)
    init.push_back(zero);
  for (int64_t r = 0; r < RPW * EPL; ++r)
    init.push_back(zero);

  SmallVector<Value> final = kb.forLoop(
      tileBegin, tileEnd, kb.idx(1), init,
      [&](Value t, ValueRange state) -> SmallVector<Value> {
        SmallVector<Value> m(state.begin(), state.begin() + RPW);
        SmallVector<Value> l(state.begin() + RPW, state.begin() + 2 * RPW);
        SmallVector<Value> acc(state.begin() + 2 * RPW, state.end());
        Value k0 = kb.mul(t, BK);

        // The previous tile's readers are done before it is overwritten.
        gpu::BarrierOp::create(builder, loc);
        stage(kb.key, kh, k0, BK, E, S, kb.keysMayOverflow, ks);
        stage(kb.value, kh, k0, BK, Ev, S, kb.keysMayOverflow, vs);
        gpu::BarrierOp::create(builder, loc);

        // Scores s[r][kk] = q_(row r) . k_(lane + 32 kk).
        SmallVector<Value> keyRows;
        for (int64_t kk = 0; kk < KPL; ++kk)
          keyRows.push_back(kb.add(lane, 32 * kk));
        SmallVector<Value> sInit(RPW * KPL, zero);
        SmallVector<Value> s = kb.forLoop(
            0, E, 1, sInit, [&](Value e, ValueRange sIn) -> SmallVector<Value> {
              SmallVector<Value> kv, out(sIn.begin(), sIn.end());
              for (int64_t kk = 0; kk < KPL; ++kk)
                kv.push_back(memref::LoadOp::create(
                    builder, loc, ks, ValueRange{keyRows[kk], e}));
              for (int64_t r = 0; r < RPW; ++r) {
                Value qv = memref::LoadOp::create(
                    builder, loc, qs,
                    ValueRange{kb.add(kb.mul(warp, RPW), r), e});
                for (int64_t kk = 0; kk < KPL; ++kk)
                  out[r * KPL + kk] = kb.fma(qv, kv[kk], out[r * KPL + kk]);
              }
              return out;
            });

        // Epilogue: scale, softcap, bias, mask and band (-inf outside).
        auto epilogue = [&](bool checkBand) {
          SmallVector<Value> x;
          for (int64_t r = 0; r < RPW; ++r)
            for (int64_t kk = 0; kk < KPL; ++kk)
              x.push_back(kb.scoreEpilogue(s[r * KPL + kk], bIdx, h,
                                           kb.add(warpRow0, r),
                                           kb.add(k0, keyRows[kk]), checkBand));
          return x;
        };
        SmallVector<Value> x;
        if (Value inside = kb.tileInsideBand(warpRow0, warpRowLast, k0, BK)) {
          SmallVector<Type> types(RPW * KPL, f32);
          x = kb.ifElse(
              inside, types, [&] { return epilogue(false); },
              [&] { return epilogue(true); });
        } else {
          x = epilogue(false);
        }

        // Online softmax per row.
        SmallVector<Value> prob(RPW * KPL);
        for (int64_t r = 0; r < RPW; ++r) {
          Value tileMax = x[r * KPL];
          for (int64_t kk = 1; kk < KPL; ++kk)
            tileMax = kb.fmax(tileMax, x[r * KPL + kk]);
          tileMax = kb.shuffleReduce(tileMax, /*isMax=*/true, {16, 8, 4, 2, 1});
          Value mNew = kb.fmax(m[r], tileMax);
          // A row with nothing allowed so far keeps m = -inf; subtracting 0
          // instead keeps exp(-inf - m) = 0 rather than NaN.
          Value noneYet =
              arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::OEQ,
                                    mNew, kb.f32Const(negInf));
          Value mUse = kb.select(noneYet, zero, mNew);
          Value rowSum;
          for (int64_t kk = 0; kk < KPL; ++kk) {
            prob[r * KPL + kk] = kb.exp(kb.fsub(x[r * KPL + kk], mUse));
            rowSum = rowSum ? kb.fadd(rowSum, prob[r * KPL + kk])
                            : prob[r * KPL + kk];
          }
          rowSum = kb.shuffleReduce(rowSum, /*isMax=*/false, {16, 8, 4, 2, 1});
          Value alpha = kb.exp(kb.fsub(m[r], mUse));
          l[r] = kb.fma(l[r], alpha, rowSum);
          m[r] = mNew;
          for (int64_t c = 0; c < EPL; ++c)
            acc[r * EPL + c] = kb.fmul(acc[r * EPL + c], alpha);
        }

        // acc[r][c] += sum_j p[r][j] * V[j][lane + 32 c]; p[r][j] lives in
        // lane j % 32 and is broadcast with gpu.shuffle idx.
        Value width = kb.i32Const(32);
        SmallVector<Value> cols;
        for (int64_t c = 0; c < EPL; ++c) {
          Value col = kb.add(lane, 32 * c);
          if ((c + 1) * 32 > Ev)
            col = kb.minS(col, Ev - 1);
          cols.push_back(col);
        }
        for (int64_t kk = 0; kk < KPL; ++kk) {
          acc = kb.forLoop(
              0, 32, 1, acc,
              [&](Value src, ValueRange accIn) -> SmallVector<Value> {
                SmallVector<Value> out(accIn.begin(), accIn.end());
                Value keyRow = kb.add(src, 32 * kk);
                SmallVector<Value> vv;
                for (int64_t c = 0; c < EPL; ++c)
                  vv.push_back(memref::LoadOp::create(
                      builder, loc, vs, ValueRange{keyRow, cols[c]}));
                Value srcLane =
                    arith::IndexCastOp::create(builder, loc, kb.i32, src);
                for (int64_t r = 0; r < RPW; ++r) {
                  Value pj = gpu::ShuffleOp::create(
                                 builder, loc, prob[r * KPL + kk], srcLane,
                                 width, gpu::ShuffleMode::IDX)
                                 .getShuffleResult();
                  for (int64_t c = 0; c < EPL; ++c)
                    out[r * EPL + c] = kb.fma(pj, vv[c], out[r * EPL + c]);
                }
                return out;
              });
        }

        SmallVector<Value> next = m;
        next.append(l);
        next.append(acc);
        return next;
      });

  // result[row, c] = acc / l, or 0 for a row with nothing allowed (l = 0).
  for (int64_t r = 0; r < RPW; ++r) {
    Value row = kb.add(warpRow0, r);
    Value l = final[RPW + r];
    auto store = [&] {
      Value empty = arith::CmpFOp::create(builder, loc,
                                          arith::CmpFPredicate::OEQ, l, zero);
      for (int64_t c = 0; c < EPL; ++c) {
        Value col = kb.add(lane, 32 * c);
        auto storeOne = [&] {
          Value o =
              kb.select(empty, zero, kb.fdiv(final[2 * RPW + r * EPL + c], l));
          memref::StoreOp::create(builder, loc, kb.fromF32(o, p.elementType),
                                  kb.result, ValueRange{bIdx, h, row, col});
        };
        if ((c + 1) * 32 > Ev)
          kb.ifThen(kb.cmp(P::slt, col, Ev), storeOne);
        else
          storeOne();
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
