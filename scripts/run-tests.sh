#!/usr/bin/env bash
# Installs, builds and runs the whole mha test suite (lit: FileCheck tests of
# every pass and executed numeric checks). Ends with "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh" || { echo "0 passed, 1 failed"; exit 1; }

log="$(mktemp)"
/usr/lib/llvm-22/bin/lit -sv -j"$(nproc)" "$BUILD_DIR/test" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
count() { grep -E "^ *$1 *: *[0-9]+" "$log" | awk -F: '{s+=$2} END {print s+0}'; }
passed=$(( $(count Passed) + $(count "Expectedly Failed") ))
failed=$(( $(count Failed) + $(count "Unexpectedly Passed") + $(count Unresolved) + $(count "Timed Out") ))
rm -f "$log"
if [[ $rc -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $rc
