#!/usr/bin/env bash
# Builds the libFuzzer target mha-fuzz in build-fuzz/ (configured once with
# -DMHA_ENABLE_FUZZER=ON: ASan + UBSan + coverage on our code) and fuzzes the
# parser, the verifiers, the mha passes and the CPU pipeline for SECONDS,
# starting from a seed corpus cut out of test/ and examples/.
#
# Usage: scripts/fuzz.sh SECONDS [extra libFuzzer flags...]
#   FUZZ_BUILD_ONLY=1   configure and build, do not fuzz
#   FUZZ_BUILD_DIR      the build dir (default: build-fuzz)
#   FUZZ_CORPUS         the corpus that grows (default: $FUZZ_BUILD_DIR/corpus)
#   FUZZ_SEED           libFuzzer's -seed (default: 1, so a run is repeatable)
# Exit code: 0 no crash, 1 a crash, leak, timeout or OOM was found (the
# reproducer is in $FUZZ_BUILD_DIR/artifacts/), 2 the build failed.
# Replay a reproducer: $FUZZ_BUILD_DIR/bin/mha-fuzz FILE; every crash also
# becomes a lit test under test/Fuzz/ (docs/Guarantees.md).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
LLVM=/usr/lib/llvm-22

if [[ -z "${FUZZ_BUILD_ONLY:-}" && ! "${1:-}" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh SECONDS [libFuzzer flags...]" >&2
  exit 2
fi
SECONDS_TO_RUN="${1:-0}"
shift || true

if [[ ! -f "$BUILD/build.ninja" ]]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DCMAKE_C_COMPILER=$LLVM/bin/clang -DCMAKE_CXX_COMPILER=$LLVM/bin/clang++ \
    -DLLVM_ENABLE_LLD=ON -DMLIR_DIR=$LLVM/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=$LLVM/bin/lit -DMHA_ENABLE_FUZZER=ON >/dev/null ||
    { echo "fuzz: cmake failed" >&2; exit 2; }
fi
ninja -C "$BUILD" mha-fuzz || { echo "fuzz: build failed" >&2; exit 2; }
[[ -n "${FUZZ_BUILD_ONLY:-}" ]] && exit 0

SEEDS="$BUILD/corpus-seed"
rm -rf "$SEEDS"
/usr/bin/python3 "$ROOT/scripts/fuzz-corpus.py" "$SEEDS" >/dev/null || exit 2
CORPUS="${FUZZ_CORPUS:-$BUILD/corpus}"
ARTIFACTS="$BUILD/artifacts"
mkdir -p "$CORPUS" "$ARTIFACTS"

# Leaks are findings too; upstream singletons that live until exit are
# suppressed in scripts/lsan.supp (see the comments there).
# allow_user_poisoning=0: see scripts/run-sanitizers.sh (MLIR's storage
# allocators are shared with the uninstrumented libMLIR.so).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=1:allow_user_poisoning=0:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$ROOT/scripts/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"

echo "fuzz: mha-fuzz for ${SECONDS_TO_RUN}s, corpus $CORPUS + $(ls "$SEEDS" | wc -l) seeds"
log="$BUILD/fuzz.log"
"$BUILD/bin/mha-fuzz" "$CORPUS" "$SEEDS" \
  -max_total_time="$SECONDS_TO_RUN" -seed="${FUZZ_SEED:-1}" \
  -timeout=60 -rss_limit_mb=4096 -max_len=16384 \
  -dict="$ROOT/tools/mha-fuzz/mha.dict" \
  -artifact_prefix="$ARTIFACTS/" -print_final_stats=1 "$@" >"$log" 2>&1
rc=$?
tail -n 12 "$log"
if [[ $rc -ne 0 ]]; then
  echo "fuzz: FAILED (exit $rc): reproducer in $ARTIFACTS/, full log $log"
  exit 1
fi
echo "fuzz: no crash"
