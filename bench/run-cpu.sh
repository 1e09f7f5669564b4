#!/usr/bin/env bash
# The CPU benchmark in one command: measures the machine's fp32 FMA peak,
# runs mha-run over the attention/block grid with 1 and all threads, runs
# the same shapes through PyTorch, and writes docs/perf/cpu.{md,png,json}.
#
#   bash bench/run-cpu.sh            # full grid, ~30 min on 2 cores
#   bash bench/run-cpu.sh --quick    # L <= 2048, E = 64: a few minutes,
#                                    # writes docs/perf/cpu-quick.{md,png,json}
#   bash bench/run-cpu.sh --isa avx2 [--quick]
#       both sides restricted to AVX2+FMA (the issue's Zen 3 ISA), % of the
#       ymm peak; writes docs/perf/cpu-avx2[-quick].{md,png,json}
#
# Needs build/bin/mha-run (bash scripts/setup.sh builds it) and, from
# Debian: clang-22, python3-torch, libopenblas0-pthread, python3-matplotlib
# (installed here with apt-get when missing and running as root).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON=/usr/bin/python3
MHA_RUN="${MHA_RUN:-$ROOT/build/bin/mha-run}"

if [[ ! -x "$MHA_RUN" ]]; then
  echo "run-cpu.sh: $MHA_RUN not found; build it first (bash scripts/setup.sh)" >&2
  exit 1
fi

missing=()
command -v clang-22 >/dev/null || missing+=(clang-22)
"$PYTHON" -c "import torch" 2>/dev/null || missing+=(python3-torch libopenblas0-pthread)
"$PYTHON" -c "import matplotlib" 2>/dev/null || missing+=(python3-matplotlib)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "run-cpu.sh: missing ${missing[*]}; apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "== installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

cd "$ROOT"
exec "$PYTHON" bench/run_cpu.py --mha-run "$MHA_RUN" \
  --command "bash bench/run-cpu.sh${*:+ $*}" "$@"
