#!/usr/bin/env bash
# Installs the mha build tree to a fresh prefix, then configures, builds and
# runs one project from examples/ against that installation only.
#
#   check-install.sh BUILD_DIR SOURCE_DIR WORK_DIR EXAMPLE [ARGS...]
#
# EXAMPLE is external-tool or c-kernel; ARGS go to the example's program.
set -euo pipefail
build_dir=$1 source_dir=$2 work_dir=$3 example=$4
shift 4

rm -rf "$work_dir"
mkdir -p "$work_dir"
prefix=$work_dir/prefix

step() { echo "check-install: $*"; }

step "install to $prefix"
cmake --install "$build_dir" --prefix "$prefix" >"$work_dir/install.log"
test -f "$prefix/lib/cmake/mha/MHAConfig.cmake"
test -f "$prefix/lib/cmake/mha/MHAConfigVersion.cmake"
test -f "$prefix/include/mha/InitAll.h"
test -f "$prefix/include/mha-c/Dialects.h"
test -n "$(find "$prefix/include/mha" -name 'MHAOps.h.inc')"
for tool in mha-opt mha-run mha-compile; do test -x "$prefix/bin/$tool"; done

# The compilers of the main build, when it recorded them.
cache=$build_dir/CMakeCache.txt
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$cache" | head -1)
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$cache" | head -1)
config=(-G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=$prefix")
[[ -n "$cc" ]] && config+=("-DCMAKE_C_COMPILER=$cc")
[[ -n "$cxx" ]] && config+=("-DCMAKE_CXX_COMPILER=$cxx")
if command -v ld.lld >/dev/null 2>&1 && [[ "${cxx:-}${cc:-}" == *clang* ]]; then
  config+=("-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld")
fi

step "configure examples/$example"
cmake -S "$source_dir/examples/$example" -B "$work_dir/build" "${config[@]}" \
  >"$work_dir/configure.log" || { cat "$work_dir/configure.log"; exit 1; }
grep "MHAConfig.cmake" "$work_dir/configure.log" || true
step "build examples/$example"
cmake --build "$work_dir/build" >"$work_dir/build.log" 2>&1 ||
  { cat "$work_dir/build.log"; exit 1; }

case $example in
  external-tool) program=$work_dir/build/attention-jit ;;
  c-kernel) program=$work_dir/build/c-kernel ;;
  *) echo "unknown example $example" >&2; exit 1 ;;
esac
# The example must not use the build tree: nothing in it may point there.
if grep -rq "$build_dir/lib" "$work_dir/build/build.ninja"; then
  echo "check-install: examples/$example links from the build tree" >&2
  exit 1
fi
step "run $(basename "$program") $*"
"$program" "$@"
