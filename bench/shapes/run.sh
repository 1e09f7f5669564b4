#!/usr/bin/env bash
# Times every shape of bench/shapes/ with one or more mha-run binaries,
# alternating them per shape (the machine is shared: compare side by side).
#
# Usage: bench/shapes/run.sh [-t THREADS] [-n CALLS] MHA_RUN [MHA_RUN ...]
#   e.g. bench/shapes/run.sh /tmp/mha-run.old build/bin/mha-run
# Prints one line per shape and binary: the median time of CALLS timed calls.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
threads=1
calls=10
while getopts "t:n:" opt; do
  case "$opt" in
    t) threads="$OPTARG" ;;
    n) calls="$OPTARG" ;;
    *) echo "usage: $0 [-t THREADS] [-n CALLS] MHA_RUN..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [[ $# -eq 0 ]]; then
  echo "usage: $0 [-t THREADS] [-n CALLS] MHA_RUN..." >&2
  exit 2
fi
for file in "$HERE"/*.mlir; do
  for bin in "$@"; do
    median=$(OMP_NUM_THREADS="$threads" "$bin" "$file" --bench="$calls" \
               --cpu-pipeline="num-threads=$threads" | grep -o 'median=[0-9.]* ms')
    printf '%-28s T=%s %-40s %s\n' "$(basename "$file" .mlir)" "$threads" "$bin" "$median"
  done
done
