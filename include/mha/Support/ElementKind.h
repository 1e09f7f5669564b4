//===- ElementKind.h - element types of tensors crossing the host ABI -*- C++ -*-===//
//
// The element types mha's tools exchange with compiled code (mha-run's host
// tensors, mha-compile's C entry points): one enum and its properties, so
// that both agree on sizes and names.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_SUPPORT_ELEMENTKIND_H
#define MHA_SUPPORT_ELEMENTKIND_H

#include "mlir/IR/Types.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace mlir {
namespace mha {

/// Element types of arguments and results.
enum class ElementKind { F32, F16, BF16, I1 };

/// Bytes per element in a memref of `kind` (i1 is stored as one byte).
inline int64_t getElementSize(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return 4;
  case ElementKind::F16:
  case ElementKind::BF16:
    return 2;
  case ElementKind::I1:
    return 1;
  }
  return 1;
}

/// "f32", "f16", "bf16" or "i1".
inline llvm::StringRef getElementKindName(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
    return "f32";
  case ElementKind::F16:
    return "f16";
  case ElementKind::BF16:
    return "bf16";
  case ElementKind::I1:
    return "i1";
  }
  return "?";
}

/// The kind of `type`, or failure for other element types.
inline FailureOr<ElementKind> getElementKind(Type type) {
  if (type.isF32())
    return ElementKind::F32;
  if (type.isF16())
    return ElementKind::F16;
  if (type.isBF16())
    return ElementKind::BF16;
  if (type.isInteger(1))
    return ElementKind::I1;
  return failure();
}

} // namespace mha
} // namespace mlir

#endif // MHA_SUPPORT_ELEMENTKIND_H
