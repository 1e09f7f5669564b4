#!/usr/bin/env bash
# Builds mha with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-asan/ (-DMHA_ENABLE_SANITIZERS=ON, configured once; asserts on in our
# code) and runs the whole lit suite with it: every mha-opt, mha-run and
# mha-compile call of every test runs instrumented, and any report (memory
# error, undefined behaviour, leak) fails that test. Ends with "N passed,
# N failed" like scripts/run-tests.sh.
#
# Only our code is instrumented; libMLIR.so and the JIT-compiled kernels are
# not (docs/Guarantees.md). Leaks of upstream MLIR singletons that live until
# exit are suppressed in scripts/lsan.supp, each with the reason.
# Usage: scripts/run-sanitizers.sh [lit args...]; ASAN_BUILD_DIR overrides
# build-asan/.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ASAN_BUILD_DIR:-$ROOT/build-asan}"
LLVM=/usr/lib/llvm-22

"$ROOT/scripts/setup.sh" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
if [[ ! -f "$BUILD/build.ninja" ]]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DCMAKE_C_COMPILER=$LLVM/bin/clang -DCMAKE_CXX_COMPILER=$LLVM/bin/clang++ \
    -DLLVM_ENABLE_LLD=ON -DMLIR_DIR=$LLVM/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=$LLVM/bin/lit -DMHA_ENABLE_SANITIZERS=ON >/dev/null ||
    { echo "0 passed, 1 failed"; exit 1; }
fi
ninja -C "$BUILD" || { echo "0 passed, 1 failed"; exit 1; }

# lit passes ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS on to the tests.
# exitcode=23 makes a report distinguishable from an ordinary error exit.
# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons its free slab space
# when compiled with ASan and unpoisons what it hands out. MLIR's attribute
# and type storage allocators are such allocators, shared between our
# (instrumented) inline copies and the uninstrumented libMLIR.so, whose
# allocations never unpoison: reading an attribute libMLIR created in a slab
# our code started is then a false use-after-poison. Real heap errors are
# still caught; only these manual annotations are ignored.
export ASAN_OPTIONS="detect_leaks=1:exitcode=23:abort_on_error=0:allow_user_poisoning=0:check_initialization_order=1:detect_stack_use_after_return=1:strict_string_checks=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$ROOT/scripts/lsan.supp:print_suppressions=0:exitcode=23:${LSAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=23:${UBSAN_OPTIONS:-}"
export ASAN_SYMBOLIZER_PATH="$LLVM/bin/llvm-symbolizer"

log="$(mktemp)"
# Instrumented tools are 2-4x slower: a generous per-test timeout.
$LLVM/bin/lit -sv -j"$(nproc)" --timeout=1200 "$@" "$BUILD/test" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
count() { grep -E "^ *$1 *: *[0-9]+" "$log" | awk -F: '{s+=$2} END {print s+0}'; }
passed=$(( $(count Passed) + $(count "Expectedly Failed") ))
failed=$(( $(count Failed) + $(count "Unexpectedly Passed") + $(count Unresolved) + $(count "Timed Out") ))
reports=$(grep -cE "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$log")
rm -f "$log"
if [[ $rc -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "sanitizer reports: $reports"
echo "$passed passed, $failed failed"
exit $rc
