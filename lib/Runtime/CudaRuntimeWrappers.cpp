//===- CudaRuntimeWrappers.cpp - mgpu* runtime on the CUDA driver API ---===//
//
// What code from `--mha-gpu-pipeline` links against: the functions that
// gpu-to-llvm and the gpu.binary translation of LLVM 22 call (their
// signatures are the ones LLVM 22 emits, see include/mha/Runtime/
// CudaRuntime.h), implemented on the CUDA driver API only, so that a program
// needs nothing but libcuda.so.1 at run time. Unlike upstream's wrappers it
// keeps a sticky error state instead of only printing, reuses streams
// (generated host code creates and destroys one per call), and can time
// every kernel launch with CUDA events.
//
//===----------------------------------------------------------------------===//

#include "mha/Runtime/CudaRuntime.h"

#include "cuda.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace {

/// The runtime's state. Kernel modules are loaded by global constructors
/// that may run before this file's dynamic initializers, so everything that
/// is not constant-initialized lives in a function-local static.
struct State {
  std::mutex mutex;      // streams, events, profiling
  std::mutex errorMutex; // lastError; never held around driver calls
  std::string lastError;
  /// Idle streams: generated host code creates a stream per call and
  /// destroys it after synchronizing, so a destroyed stream is idle and can
  /// be reused.
  std::vector<CUstream> streamPool;
  /// Event timing of launches (mhaCudaProfileBegin/End).
  bool profiling = false;
  std::vector<std::pair<CUevent, CUevent>> pendingTimings;
  std::vector<CUevent> eventPool;
};

State &state() {
  static State *s = new State(); // never destroyed: used by global dtors
  return *s;
}

std::atomic<int64_t> errorCount{0};
int32_t defaultDevice = 0;

bool isDebugEnabled() {
  static const bool enabled = std::getenv("MHA_CUDA_DEBUG") != nullptr;
  return enabled;
}

/// Records and prints an error message.
void recordError(const std::string &message) {
  {
    std::lock_guard<std::mutex> lock(state().errorMutex);
    state().lastError = message;
  }
  ++errorCount;
  std::fprintf(stderr, "mha_cuda_runtime: %s\n", message.c_str());
}

/// Records and prints a failed driver call (`expr` is the call's source
/// text; its function name is kept); returns true if it failed.
bool report(CUresult result, const char *expr) {
  if (result == CUDA_SUCCESS)
    return false;
  const char *name = nullptr;
  const char *text = nullptr;
  if (cuGetErrorName(result, &name) != CUDA_SUCCESS)
    name = nullptr;
  if (cuGetErrorString(result, &text) != CUDA_SUCCESS)
    text = nullptr;
  if (!name) // the stub libcuda.so answers no names
    name = result == CUDA_ERROR_STUB_LIBRARY
               ? "CUDA_ERROR_STUB_LIBRARY (the toolkit's stub libcuda was "
                 "loaded, not the driver's)"
           : result == CUDA_ERROR_NO_DEVICE ? "CUDA_ERROR_NO_DEVICE"
                                            : "unknown CUresult";
  std::string call(expr);
  call = call.substr(0, call.find('('));
  recordError(call + " failed with " + name + " (" +
              std::to_string(static_cast<int>(result)) + ")" +
              (text ? std::string(": ") + text : std::string()));
  return true;
}

#define CUDA_REPORT_IF_ERROR(expr) report((expr), #expr)

/// The primary context of the default device, retained once. Null if the
/// driver or the device is unusable (the failure is recorded).
CUcontext primaryContext(CUresult *status = nullptr) {
  static CUresult initStatus = CUDA_SUCCESS;
  static CUcontext context = [] {
    CUcontext ctx = nullptr;
    CUdevice device;
    if (report(initStatus = cuInit(/*Flags=*/0), "cuInit"))
      return ctx;
    if (report(initStatus = cuDeviceGet(&device, defaultDevice), "cuDeviceGet"))
      return ctx;
    if (report(initStatus = cuDevicePrimaryCtxRetain(&ctx, device),
               "cuDevicePrimaryCtxRetain"))
      ctx = nullptr;
    return ctx;
  }();
  if (status)
    *status = initStatus;
  return context;
}

/// Makes the primary context current for the lifetime of the object.
class ScopedContext {
public:
  ScopedContext() {
    if (CUcontext context = primaryContext())
      pushed = !CUDA_REPORT_IF_ERROR(cuCtxPushCurrent(context));
  }
  ~ScopedContext() {
    if (pushed)
      CUDA_REPORT_IF_ERROR(cuCtxPopCurrent(nullptr));
  }
  explicit operator bool() const { return pushed; }

private:
  bool pushed = false;
};

CUevent timingEvent() {
  std::vector<CUevent> &eventPool = state().eventPool;
  if (!eventPool.empty()) {
    CUevent event = eventPool.back();
    eventPool.pop_back();
    return event;
  }
  CUevent event = nullptr;
  CUDA_REPORT_IF_ERROR(cuEventCreate(&event, CU_EVENT_DEFAULT));
  return event;
}

/// Launch-time setting for kernels that use more than the default 48 KiB of
/// dynamic shared memory.
void allowSharedMemory(CUfunction function, int32_t smem) {
  if (smem <= 48 * 1024)
    return;
  CUDA_REPORT_IF_ERROR(cuFuncSetAttribute(
      function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, smem));
}

template <typename LaunchFn>
void launchTimed(CUstream stream, LaunchFn launch) {
  std::pair<CUevent, CUevent> timing{nullptr, nullptr};
  {
    std::lock_guard<std::mutex> lock(state().mutex);
    if (state().profiling)
      timing = {timingEvent(), timingEvent()};
  }
  if (timing.first)
    CUDA_REPORT_IF_ERROR(cuEventRecord(timing.first, stream));
  launch();
  if (timing.second) {
    CUDA_REPORT_IF_ERROR(cuEventRecord(timing.second, stream));
    std::lock_guard<std::mutex> lock(state().mutex);
    state().pendingTimings.push_back(timing);
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// Modules and launches.
//===----------------------------------------------------------------------===//

extern "C" void *mgpuModuleLoad(void *data, uint64_t size) {
  ScopedContext scopedContext;
  if (!scopedContext)
    return nullptr;
  CUmodule module = nullptr;
  if (isDebugEnabled())
    std::fprintf(stderr, "mha_cuda_runtime: loading a %llu-byte module\n",
                 static_cast<unsigned long long>(size));
  CUDA_REPORT_IF_ERROR(cuModuleLoadData(&module, data));
  return module;
}

extern "C" void *mgpuModuleLoadJIT(void *data, int optLevel) {
  ScopedContext scopedContext;
  if (!scopedContext)
    return nullptr;
  CUmodule module = nullptr;
  char log[8192] = {0};
  CUjit_option options[] = {CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                            CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {log, reinterpret_cast<void *>(sizeof(log)),
                    reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  if (CUDA_REPORT_IF_ERROR(
          cuModuleLoadDataEx(&module, data, 3, options, values)))
    std::fprintf(stderr, "mha_cuda_runtime: PTX JIT log: %s\n", log);
  return module;
}

extern "C" void mgpuModuleUnload(void *module) {
  if (!module)
    return;
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuModuleUnload(static_cast<CUmodule>(module)));
}

extern "C" void *mgpuModuleGetFunction(void *module, const char *name) {
  if (!module) {
    recordError(std::string("kernel ") + name +
                ": its module was not loaded (see the first error)");
    return nullptr;
  }
  CUfunction function = nullptr;
  CUDA_REPORT_IF_ERROR(
      cuModuleGetFunction(&function, static_cast<CUmodule>(module), name));
  return function;
}

extern "C" void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                                 intptr_t gridZ, intptr_t blockX,
                                 intptr_t blockY, intptr_t blockZ, int32_t smem,
                                 void *stream, void **params, void **extra,
                                 size_t /*paramsCount*/) {
  if (!function)
    return;
  ScopedContext scopedContext;
  auto fn = static_cast<CUfunction>(function);
  auto cuStream = static_cast<CUstream>(stream);
  allowSharedMemory(fn, smem);
  if (isDebugEnabled())
    std::fprintf(stderr,
                 "mha_cuda_runtime: launch grid=(%ld,%ld,%ld) "
                 "block=(%ld,%ld,%ld) smem=%d\n",
                 static_cast<long>(gridX), static_cast<long>(gridY),
                 static_cast<long>(gridZ), static_cast<long>(blockX),
                 static_cast<long>(blockY), static_cast<long>(blockZ), smem);
  launchTimed(cuStream, [&] {
    CUDA_REPORT_IF_ERROR(cuLaunchKernel(fn, gridX, gridY, gridZ, blockX, blockY,
                                        blockZ, smem, cuStream, params, extra));
  });
}

extern "C" void mgpuLaunchClusterKernel(void *function, intptr_t clusterX,
                                        intptr_t clusterY, intptr_t clusterZ,
                                        intptr_t gridX, intptr_t gridY,
                                        intptr_t gridZ, intptr_t blockX,
                                        intptr_t blockY, intptr_t blockZ,
                                        int32_t smem, void *stream,
                                        void **params, void **extra) {
  if (!function)
    return;
  ScopedContext scopedContext;
  auto fn = static_cast<CUfunction>(function);
  auto cuStream = static_cast<CUstream>(stream);
  allowSharedMemory(fn, smem);
  CUlaunchAttribute attribute;
  attribute.id = CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION;
  attribute.value.clusterDim.x = static_cast<unsigned>(clusterX);
  attribute.value.clusterDim.y = static_cast<unsigned>(clusterY);
  attribute.value.clusterDim.z = static_cast<unsigned>(clusterZ);
  CUlaunchConfig config;
  std::memset(&config, 0, sizeof(config));
  config.gridDimX = static_cast<unsigned>(gridX);
  config.gridDimY = static_cast<unsigned>(gridY);
  config.gridDimZ = static_cast<unsigned>(gridZ);
  config.blockDimX = static_cast<unsigned>(blockX);
  config.blockDimY = static_cast<unsigned>(blockY);
  config.blockDimZ = static_cast<unsigned>(blockZ);
  config.sharedMemBytes = static_cast<unsigned>(smem);
  config.hStream = cuStream;
  config.attrs = &attribute;
  config.numAttrs = 1;
  CUDA_REPORT_IF_ERROR(cuFuncSetAttribute(
      fn, CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED, 1));
  launchTimed(cuStream, [&] {
    CUDA_REPORT_IF_ERROR(cuLaunchKernelEx(&config, fn, params, extra));
  });
}

//===----------------------------------------------------------------------===//
// Streams and events.
//===----------------------------------------------------------------------===//

extern "C" void *mgpuStreamCreate() {
  {
    std::lock_guard<std::mutex> lock(state().mutex);
    std::vector<CUstream> &pool = state().streamPool;
    if (!pool.empty()) {
      CUstream stream = pool.back();
      pool.pop_back();
      return stream;
    }
  }
  ScopedContext scopedContext;
  CUstream stream = nullptr;
  if (scopedContext)
    CUDA_REPORT_IF_ERROR(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING));
  return stream;
}

extern "C" void mgpuStreamDestroy(void *stream) {
  if (!stream)
    return;
  // Generated code synchronizes before destroying, so the stream is idle; a
  // later call reuses it instead of paying for cuStreamCreate again.
  std::lock_guard<std::mutex> lock(state().mutex);
  state().streamPool.push_back(static_cast<CUstream>(stream));
}

extern "C" void mgpuStreamSynchronize(void *stream) {
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuStreamSynchronize(static_cast<CUstream>(stream)));
}

extern "C" void mgpuStreamWaitEvent(void *stream, void *event) {
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuStreamWaitEvent(static_cast<CUstream>(stream),
                                         static_cast<CUevent>(event),
                                         /*Flags=*/0));
}

extern "C" void *mgpuEventCreate() {
  ScopedContext scopedContext;
  CUevent event = nullptr;
  if (scopedContext)
    CUDA_REPORT_IF_ERROR(cuEventCreate(&event, CU_EVENT_DISABLE_TIMING));
  return event;
}

extern "C" void mgpuEventDestroy(void *event) {
  if (!event)
    return;
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuEventDestroy(static_cast<CUevent>(event)));
}

extern "C" void mgpuEventSynchronize(void *event) {
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuEventSynchronize(static_cast<CUevent>(event)));
}

extern "C" void mgpuEventRecord(void *event, void *stream) {
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuEventRecord(static_cast<CUevent>(event),
                                     static_cast<CUstream>(stream)));
}

//===----------------------------------------------------------------------===//
// Memory.
//===----------------------------------------------------------------------===//

extern "C" void *mgpuMemAlloc(uint64_t sizeBytes, void * /*stream*/,
                              uint8_t isHostShared) {
  ScopedContext scopedContext;
  CUdeviceptr ptr = 0;
  if (!scopedContext || sizeBytes == 0)
    return nullptr;
  if (isHostShared)
    CUDA_REPORT_IF_ERROR(
        cuMemAllocManaged(&ptr, sizeBytes, CU_MEM_ATTACH_GLOBAL));
  else
    CUDA_REPORT_IF_ERROR(cuMemAlloc(&ptr, sizeBytes));
  return reinterpret_cast<void *>(ptr);
}

extern "C" void mgpuMemFree(void *ptr, void * /*stream*/) {
  if (!ptr)
    return;
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuMemFree(reinterpret_cast<CUdeviceptr>(ptr)));
}

extern "C" void mgpuMemcpy(void *dst, void *src, size_t sizeBytes,
                           void *stream) {
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                                     reinterpret_cast<CUdeviceptr>(src),
                                     sizeBytes, static_cast<CUstream>(stream)));
}

extern "C" void mgpuMemset32(void *dst, uint32_t value, size_t count,
                             void *stream) {
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(dst),
                                        value, count,
                                        static_cast<CUstream>(stream)));
}

extern "C" void mgpuMemset16(void *dst, uint16_t value, size_t count,
                             void *stream) {
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(dst),
                                        value, count,
                                        static_cast<CUstream>(stream)));
}

extern "C" void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes) {
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuMemHostRegister(ptr, sizeBytes, /*Flags=*/0));
}

namespace {
/// The leading fields of a ranked memref descriptor of any rank:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct MemRefDescriptorPrefix {
  char *allocated;
  char *aligned;
  int64_t offset;
  int64_t sizesAndStrides[1];
};
} // namespace

extern "C" void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor,
                                          int64_t elementSizeBytes) {
  auto *desc = static_cast<MemRefDescriptorPrefix *>(descriptor);
  // Registers the dense extent [offset, offset + prod(sizes)).
  uint64_t count = 1;
  for (int64_t i = 0; i < rank; ++i)
    count *= static_cast<uint64_t>(desc->sizesAndStrides[i]);
  mgpuMemHostRegister(desc->aligned + desc->offset * elementSizeBytes,
                      count * elementSizeBytes);
}

extern "C" void mgpuMemHostUnregister(void *ptr) {
  ScopedContext scopedContext;
  CUDA_REPORT_IF_ERROR(cuMemHostUnregister(ptr));
}

extern "C" void mgpuMemHostUnregisterMemRef(int64_t /*rank*/, void *descriptor,
                                            int64_t elementSizeBytes) {
  auto *desc = static_cast<MemRefDescriptorPrefix *>(descriptor);
  mgpuMemHostUnregister(desc->aligned + desc->offset * elementSizeBytes);
}

extern "C" void mgpuSetDefaultDevice(int32_t device) {
  // Takes effect if called before the first other call (the context of the
  // default device is created once).
  defaultDevice = device;
}

//===----------------------------------------------------------------------===//
// mha* helpers.
//===----------------------------------------------------------------------===//

extern "C" int mhaCudaInit() {
  CUresult status = CUDA_SUCCESS;
  primaryContext(&status);
  return static_cast<int>(status);
}

extern "C" void mhaCudaDeviceName(char *name, size_t size) {
  if (!size)
    return;
  name[0] = '\0';
  CUdevice device;
  if (!primaryContext() || cuDeviceGet(&device, defaultDevice) != CUDA_SUCCESS)
    return;
  CUDA_REPORT_IF_ERROR(cuDeviceGetName(name, static_cast<int>(size), device));
  name[size - 1] = '\0';
}

extern "C" int mhaCudaComputeCapability() {
  CUdevice device;
  if (!primaryContext() || cuDeviceGet(&device, defaultDevice) != CUDA_SUCCESS)
    return 0;
  int major = 0, minor = 0;
  CUDA_REPORT_IF_ERROR(cuDeviceGetAttribute(
      &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device));
  CUDA_REPORT_IF_ERROR(cuDeviceGetAttribute(
      &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device));
  return major * 10 + minor;
}

extern "C" int64_t mhaCudaErrorCount() { return errorCount.load(); }

extern "C" const char *mhaCudaLastError() {
  static thread_local std::string copy;
  std::lock_guard<std::mutex> lock(state().errorMutex);
  copy = state().lastError;
  return copy.c_str();
}

extern "C" void mhaCudaResetErrors() {
  std::lock_guard<std::mutex> lock(state().errorMutex);
  errorCount = 0;
  state().lastError.clear();
}

extern "C" void mhaCudaProfileBegin() {
  std::lock_guard<std::mutex> lock(state().mutex);
  state().profiling = true;
}

extern "C" double mhaCudaProfileEnd(int64_t *launches) {
  std::vector<std::pair<CUevent, CUevent>> timings;
  {
    std::lock_guard<std::mutex> lock(state().mutex);
    state().profiling = false;
    timings.swap(state().pendingTimings);
  }
  ScopedContext scopedContext;
  double total = 0;
  for (auto &[start, stop] : timings) {
    float ms = 0;
    if (!CUDA_REPORT_IF_ERROR(cuEventSynchronize(stop)) &&
        !CUDA_REPORT_IF_ERROR(cuEventElapsedTime(&ms, start, stop)))
      total += ms;
  }
  {
    std::lock_guard<std::mutex> lock(state().mutex);
    for (auto &[start, stop] : timings) {
      state().eventPool.push_back(start);
      state().eventPool.push_back(stop);
    }
  }
  if (launches)
    *launches = static_cast<int64_t>(timings.size());
  return total;
}
