#!/usr/bin/env bash
# The main job: installs and builds mha, then compiles the GPT-2 small
# attention block from examples/ with the CPU pipeline, runs it, checks it
# against the float64 reference and measures it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"

echo
echo "== mha-opt: examples/gpt2-small.mlir after --mha-decompose-multi-head-attention"
"$BUILD_DIR/bin/mha-opt" "$ROOT/examples/gpt2-small.mlir" \
  --mha-decompose-multi-head-attention --canonicalize | grep -E "mha\.|linalg\.(matmul|transpose)" | sed 's/^ */  /'
echo
echo "== mha-run: compile, run, check against the float64 reference, time"
"$BUILD_DIR/bin/mha-run" "$ROOT/examples/gpt2-small.mlir" --entry=gpt2_attention \
  --seed=1 --check --bench=3
