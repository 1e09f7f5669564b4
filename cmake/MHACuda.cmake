# CUDA for the GPU path (docs/GPU.md). The compiler itself needs no CUDA:
# LLVM's NVPTX backend emits PTX. What needs the toolkit:
#   - ptxas (and fatbinary) in MHA_CUDA_TOOLKIT_DIR/bin: cubins from
#     --mha-gpu-pipeline and the ptxas lit tests;
#   - cuda.h and the driver stub libcuda.so: libmha_cuda_runtime and the GPU
#     bench, built only with MHA_ENABLE_CUDA (default ON when both are found).
# The stub is linked by name (-L/-lcuda), never by path, so no rpath points
# at it: at run time the loader finds the driver's real libcuda.so.1.
set(MHA_CUDA_TOOLKIT_DIR "/usr/local/cuda" CACHE PATH
  "CUDA toolkit: ptxas, fatbinary, cuda.h, the libcuda stub")
find_path(MHA_CUDA_INCLUDE_DIR cuda.h
  PATHS "${MHA_CUDA_TOOLKIT_DIR}/include" NO_DEFAULT_PATH)
find_path(MHA_CUDA_STUB_DIR libcuda.so
  PATHS "${MHA_CUDA_TOOLKIT_DIR}/lib64/stubs"
        "${MHA_CUDA_TOOLKIT_DIR}/targets/x86_64-linux/lib/stubs"
  NO_DEFAULT_PATH)
find_program(MHA_PTXAS ptxas PATHS "${MHA_CUDA_TOOLKIT_DIR}/bin" NO_DEFAULT_PATH)

if(MHA_CUDA_INCLUDE_DIR AND MHA_CUDA_STUB_DIR)
  set(MHA_CUDA_FOUND ON)
else()
  set(MHA_CUDA_FOUND OFF)
endif()
option(MHA_ENABLE_CUDA
  "Build libmha_cuda_runtime and mha-gpu-bench (needs cuda.h and libcuda)"
  ${MHA_CUDA_FOUND})
if(MHA_ENABLE_CUDA AND NOT MHA_CUDA_FOUND)
  message(FATAL_ERROR "MHA_ENABLE_CUDA is ON but cuda.h or libcuda.so was "
    "not found under MHA_CUDA_TOOLKIT_DIR=${MHA_CUDA_TOOLKIT_DIR}")
endif()
message(STATUS "mha CUDA runtime and GPU bench: ${MHA_ENABLE_CUDA} "
  "(toolkit ${MHA_CUDA_TOOLKIT_DIR}, ptxas: ${MHA_PTXAS})")
