//===- HostMemory.cpp - mha-run's allocator for tensors and JIT code ---===//
//
// allocateHostBytes / freeHostBytes (mha/Runner/Runner.h): 2 MiB-aligned,
// huge-page-advised blocks for large requests, kept for reuse once freed;
// malloc for the rest.
//
//===----------------------------------------------------------------------===//
#include "mha/Runner/Runner.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/ErrorHandling.h"

#include <cstdlib>
#include <map>
#include <mutex>
#ifdef __linux__
#include <sys/mman.h>
#endif

using namespace mlir::mha::runner;

namespace {
constexpr size_t kHugePage = size_t(2) << 20;
/// Freed large blocks kept for reuse, at most this many bytes in all.
constexpr size_t kMaxCachedBytes = size_t(1) << 30;

struct LargeBlocks {
  std::mutex mutex;
  /// Every live or cached large block and its (rounded) size.
  llvm::DenseMap<void *, size_t> sizes;
  /// Freed blocks by size.
  std::multimap<size_t, void *> cached;
  size_t cachedBytes = 0;
};

LargeBlocks &largeBlocks() {
  // Never destroyed: compiled code may free after static destructors ran.
  static LargeBlocks *blocks = new LargeBlocks();
  return *blocks;
}
} // namespace

void *mlir::mha::runner::allocateHostBytes(size_t bytes) {
  if (bytes < kHugePage) {
    if (void *p = std::malloc(bytes ? bytes : 1))
      return p;
    llvm::report_bad_alloc_error("mha-run: out of host memory");
  }
  size_t size = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  LargeBlocks &blocks = largeBlocks();
  {
    std::lock_guard<std::mutex> lock(blocks.mutex);
    auto it = blocks.cached.find(size);
    if (it != blocks.cached.end()) {
      void *p = it->second;
      blocks.cached.erase(it);
      blocks.cachedBytes -= size;
      return p;
    }
  }
  void *p = nullptr;
  if (posix_memalign(&p, kHugePage, size) != 0)
    llvm::report_bad_alloc_error("mha-run: out of host memory");
#ifdef __linux__
  // Advice only: where THP is off or no huge page is free, the block is
  // ordinary pages.
  (void)madvise(p, size, MADV_HUGEPAGE);
#endif
  std::lock_guard<std::mutex> lock(blocks.mutex);
  blocks.sizes[p] = size;
  return p;
}

void mlir::mha::runner::freeHostBytes(void *ptr) {
  if (!ptr)
    return;
  LargeBlocks &blocks = largeBlocks();
  {
    std::lock_guard<std::mutex> lock(blocks.mutex);
    auto it = blocks.sizes.find(ptr);
    if (it != blocks.sizes.end()) {
      size_t size = it->second;
      if (blocks.cachedBytes + size <= kMaxCachedBytes) {
        blocks.cached.emplace(size, ptr);
        blocks.cachedBytes += size;
        return;
      }
      blocks.sizes.erase(it);
    }
  }
  std::free(ptr);
}
