#!/usr/bin/env bash
# The GPU run of mha, for a machine with an NVIDIA GPU, CUDA and PyTorch but
# no MLIR: everything it runs was built elsewhere (docs/GPU.md). Carry
# build/bin/mha-gpu-bench (self-contained: needs libcuda.so.1 and glibc >=
# 2.34) with the repository, then from the repository root:
#
#   bash bench/gpu/run.sh
#
# 1. mha-gpu-bench --check: both kernels, every feature, vs float64.
# 2. mha-gpu-bench --bench: fp16, B=4 H=16 L=S in {1024,4096} D in {64,128},
#    causal off/on; kernel times from CUDA events; float64 slice checks;
#    inputs and outputs dumped.
# 3. compare_torch.py: the dumped outputs vs torch SDPA (rel L2 <= 1e-2),
#    SDPA timed the same way; writes docs/perf/gpu.md (date, GPU name).
# Results also go to $OUT (the device runner's output folder) when set.
# Sized to finish in well under 8 minutes on an H100/H200.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="${MHA_GPU_BENCH:-$ROOT/build/bin/mha-gpu-bench}"
RESULTS="${OUT:-$ROOT/bench/gpu/results}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mha-gpu.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$RESULTS"
status=0
start=$SECONDS
step() { echo; echo "== [$((SECONDS - start)) s] $*"; }

step "device"
nvidia-smi -L || { echo "run.sh: nvidia-smi sees no GPU"; exit 3; }
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm \
  --format=csv | tee "$RESULTS/nvidia-smi.csv"
if [[ ! -x "$BENCH" ]]; then
  echo "run.sh: $BENCH is missing: build it where MLIR is (ninja -C build" \
       "mha-gpu-bench) and carry it here"
  exit 2
fi
ldd "$BENCH" | tee "$RESULTS/ldd.txt"

step "correctness against the float64 reference (mha-gpu-bench --check)"
timeout 180 "$BENCH" --check --json="$RESULTS/check.jsonl" \
  2>&1 | tee "$RESULTS/check.txt"
(( PIPESTATUS[0] == 0 )) || { echo "run.sh: --check failed"; status=1; }

step "timing (mha-gpu-bench --bench)"
timeout 270 "$BENCH" --bench --dump-dir="$WORK/dump" \
  --json="$RESULTS/bench.jsonl" 2>&1 | tee "$RESULTS/bench.txt"
(( PIPESTATUS[0] == 0 )) || { echo "run.sh: --bench failed"; status=1; }

step "PyTorch: numerics and SDPA timing (compare_torch.py)"
if python3 -c "import torch; assert torch.cuda.is_available()" 2>/dev/null; then
  timeout 150 python3 "$ROOT/bench/gpu/compare_torch.py" \
    --dump-dir="$WORK/dump" --bench-json="$RESULTS/bench.jsonl" \
    --check-json="$RESULTS/check.jsonl" --out="$ROOT/docs/perf/gpu.md" \
    --results-json="$RESULTS/gpu.json" 2>&1 | tee "$RESULTS/torch.txt"
  (( PIPESTATUS[0] == 0 )) || { echo "run.sh: torch comparison failed"; status=1; }
  cp "$ROOT/docs/perf/gpu.md" "$RESULTS/gpu.md"
else
  echo "run.sh: no PyTorch with CUDA here; docs/perf/gpu.md not rewritten"
  status=1
fi

step "done (status $status); results in $RESULTS"
exit $status
