#!/usr/bin/env bash
# Installs, builds and runs the whole mha test suite (lit: FileCheck tests of
# every pass and executed numeric checks). Ends with "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh" || { echo "0 passed, 1 failed"; exit 1; }
# The fuzzer has its own sanitizer build (build-fuzz/); building it is a
# separate step so that the bounded fuzz run below is only the run.
# FUZZ_SECONDS=0 skips both.
FUZZ_SECONDS="${FUZZ_SECONDS:-75}"
fuzz_built=1
if [[ "$FUZZ_SECONDS" -gt 0 ]]; then
  FUZZ_BUILD_ONLY=1 "$ROOT/scripts/fuzz.sh" || fuzz_built=0
fi

log="$(mktemp)"
/usr/lib/llvm-22/bin/lit -sv -j"$(nproc)" "$BUILD_DIR/test" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
count() { grep -E "^ *$1 *: *[0-9]+" "$log" | awk -F: '{s+=$2} END {print s+0}'; }
passed=$(( $(count Passed) + $(count "Expectedly Failed") ))
failed=$(( $(count Failed) + $(count "Unexpectedly Passed") + $(count Unresolved) + $(count "Timed Out") ))
rm -f "$log"
if [[ $rc -ne 0 && $failed -eq 0 ]]; then failed=1; fi
# One more test: mha-fuzz for FUZZ_SECONDS (its seed corpus included)
# from a fresh corpus with a fixed seed; a crash, leak, timeout or OOM fails.
if [[ "$FUZZ_SECONDS" -gt 0 ]]; then
  fuzz_corpus="$(mktemp -d)"
  if [[ $fuzz_built -eq 1 ]] && FUZZ_CORPUS="$fuzz_corpus" "$ROOT/scripts/fuzz.sh" "$FUZZ_SECONDS"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); rc=1
  fi
  rm -rf "$fuzz_corpus"
fi
echo "$passed passed, $failed failed"
exit $rc
