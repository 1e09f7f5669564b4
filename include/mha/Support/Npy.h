//===- Npy.h - read and write NumPy .npy files ------------------*- C++ -*-===//
//
// The subset of the .npy format (versions 1.0, 2.0 and 3.0) that attention
// inputs and outputs need: C-order arrays of little-endian float32, float16,
// float64, bool and uint8. Anything else is rejected with an error that names
// the file and the problem; malformed or truncated files never crash.
//
//===----------------------------------------------------------------------===//
#ifndef MHA_SUPPORT_NPY_H
#define MHA_SUPPORT_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir {
namespace mha {

/// Element types of the supported .npy files.
enum class NpyDType { Float32, Float16, Float64, Bool, UInt8 };

/// The NumPy descr string of `dtype` ("<f4", "|b1", ...).
llvm::StringRef getNpyDescr(NpyDType dtype);
/// The NumPy name of `dtype` ("float32", "bool", ...), for messages.
llvm::StringRef getNpyDTypeName(NpyDType dtype);
/// Bytes per element of `dtype`.
int64_t getNpyElementSize(NpyDType dtype);

/// An array read from or to be written to a .npy file. `data` holds the raw
/// little-endian elements in C order.
struct NpyArray {
  NpyDType dtype = NpyDType::Float32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;

  /// Product of the shape (1 for a 0-d array).
  int64_t getNumElements() const;
};

/// Parses the contents of a .npy file; `name` is used in error messages.
llvm::Expected<NpyArray> parseNpy(llvm::ArrayRef<uint8_t> contents,
                                  llvm::StringRef name);

/// Reads and parses the .npy file at `path`.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Serializes `array` as a version 1.0 file (2.0 when the header needs it).
std::vector<uint8_t> serializeNpy(const NpyArray &array);

/// Writes `array` to `path`.
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

} // namespace mha
} // namespace mlir

#endif // MHA_SUPPORT_NPY_H
