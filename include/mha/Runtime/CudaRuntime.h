//===- CudaRuntime.h - the CUDA runtime of generated GPU code ---*- C++ -*-===//
//
// The C ABI of libmha_cuda_runtime: the mgpu* functions that MLIR's
// gpu-to-llvm lowering and the gpu.binary translation (LLVM 22) call, on top
// of the CUDA driver API, plus a few mha* helpers for the programs that call
// generated code (the GPU bench): device queries, a sticky error state, and
// CUDA-event timing of every kernel launch.
//
// No CUDA header is needed to include this file: CUDA handles are opaque
// pointers here (CUmodule, CUfunction, CUstream and CUevent are pointers in
// cuda.h, so the ABI is the same).
//
//===----------------------------------------------------------------------===//
#ifndef MHA_RUNTIME_CUDARUNTIME_H
#define MHA_RUNTIME_CUDARUNTIME_H

#include <cstddef>
#include <cstdint>

extern "C" {

//===----------------------------------------------------------------------===//
// What generated code calls (signatures as LLVM 22 emits them).
//===----------------------------------------------------------------------===//

/// A cubin or fatbin of `size` bytes; called from a global constructor.
void *mgpuModuleLoad(void *data, uint64_t size);
/// NUL-terminated PTX, JIT-compiled by the driver at `optLevel` (0-4).
void *mgpuModuleLoadJIT(void *data, int optLevel);
void mgpuModuleUnload(void *module);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t smem, void *stream,
                      void **params, void **extra, size_t paramsCount);
void mgpuLaunchClusterKernel(void *function, intptr_t clusterX,
                             intptr_t clusterY, intptr_t clusterZ,
                             intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                             intptr_t blockX, intptr_t blockY, intptr_t blockZ,
                             int32_t smem, void *stream, void **params,
                             void **extra);

void *mgpuStreamCreate();
void mgpuStreamDestroy(void *stream);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamWaitEvent(void *stream, void *event);
void *mgpuEventCreate();
void mgpuEventDestroy(void *event);
void mgpuEventSynchronize(void *event);
void mgpuEventRecord(void *event, void *stream);

/// `isHostShared` is an i8 in the generated calls: nonzero = managed memory.
void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, uint8_t isHostShared);
void mgpuMemFree(void *ptr, void *stream);
void mgpuMemcpy(void *dst, void *src, size_t sizeBytes, void *stream);
void mgpuMemset32(void *dst, uint32_t value, size_t count, void *stream);
void mgpuMemset16(void *dst, uint16_t value, size_t count, void *stream);

void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes);
void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor,
                               int64_t elementSizeBytes);
void mgpuMemHostUnregister(void *ptr);
void mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                                 int64_t elementSizeBytes);
void mgpuSetDefaultDevice(int32_t device);

//===----------------------------------------------------------------------===//
// For programs that call generated code.
//===----------------------------------------------------------------------===//

/// Initializes the driver and the primary context of the default device.
/// Returns 0 on success; otherwise the CUresult (100 = no device, 999 =
/// unknown, 34 = stub library, ...), also recorded as the last error.
int mhaCudaInit();
/// Writes the device's name (NUL-terminated, truncated to `size`).
void mhaCudaDeviceName(char *name, size_t size);
/// The device's compute capability, e.g. 90 for sm_90; 0 without a device.
int mhaCudaComputeCapability();
/// How many driver calls failed since the start (or the last reset), and
/// the text of the last failure ("" if none).
int64_t mhaCudaErrorCount();
const char *mhaCudaLastError();
void mhaCudaResetErrors();

/// Kernel timing: between mhaCudaProfileBegin and mhaCudaProfileEnd, every
/// launch is bracketed by CUDA events on its stream. End waits for them and
/// returns the summed kernel time in milliseconds and the launch count.
void mhaCudaProfileBegin();
double mhaCudaProfileEnd(int64_t *launches);

} // extern "C"

#endif // MHA_RUNTIME_CUDARUNTIME_H
