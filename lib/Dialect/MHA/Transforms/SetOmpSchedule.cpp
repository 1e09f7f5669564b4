//===- SetOmpSchedule.cpp - schedule clause of OpenMP worksharing loops --===//
#include "mha/Dialect/MHA/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"

#include <limits>

namespace mlir {
namespace mha {
#define GEN_PASS_DEF_MHASETOMPSCHEDULE
#include "mha/Dialect/MHA/Transforms/Passes.h.inc"
} // namespace mha
} // namespace mlir

using namespace mlir;

namespace {
struct SetOmpSchedulePass
    : mha::impl::MHASetOmpScheduleBase<SetOmpSchedulePass> {
  using MHASetOmpScheduleBase::MHASetOmpScheduleBase;

  void runOnOperation() override {
    std::optional<omp::ClauseScheduleKind> parsed =
        omp::symbolizeClauseScheduleKind(kind);
    bool known = parsed && (*parsed == omp::ClauseScheduleKind::Static ||
                            *parsed == omp::ClauseScheduleKind::Dynamic ||
                            *parsed == omp::ClauseScheduleKind::Guided);
    if (!known || chunk < 1 || chunk > std::numeric_limits<int32_t>::max()) {
      emitError(getOperation()->getLoc())
          << "--mha-set-omp-schedule: kind must be static, dynamic or "
             "guided and chunk in [1, 2^31 - 1]; got kind='"
          << kind << "' chunk=" << static_cast<int64_t>(chunk);
      return signalPassFailure();
    }
    // static is what a wsloop without a schedule clause already does.
    if (*parsed == omp::ClauseScheduleKind::Static)
      return;
    getOperation()->walk([&](omp::WsloopOp loop) {
      if (loop.getScheduleKind() || loop.getScheduleChunk())
        return;
      OpBuilder builder(loop);
      Value chunkValue = arith::ConstantIntOp::create(
          builder, loop.getLoc(), builder.getI32Type(), chunk);
      loop.setScheduleKindAttr(
          omp::ClauseScheduleKindAttr::get(loop.getContext(), *parsed));
      loop.getScheduleChunkMutable().assign(chunkValue);
    });
  }
};
} // namespace
