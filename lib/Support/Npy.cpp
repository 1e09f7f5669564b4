//===- Npy.cpp - read and write NumPy .npy files ----------------------===//
#include "mha/Support/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>

using namespace mlir;
using namespace mlir::mha;
using llvm::ArrayRef;
using llvm::StringRef;

static constexpr char kMagic[] = "\x93NUMPY";
static constexpr size_t kMagicSize = 6;

StringRef mha::getNpyDescr(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::Float32:
    return "<f4";
  case NpyDType::Float16:
    return "<f2";
  case NpyDType::Float64:
    return "<f8";
  case NpyDType::Bool:
    return "|b1";
  case NpyDType::UInt8:
    return "|u1";
  }
  return "?";
}

StringRef mha::getNpyDTypeName(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::Float32:
    return "float32";
  case NpyDType::Float16:
    return "float16";
  case NpyDType::Float64:
    return "float64";
  case NpyDType::Bool:
    return "bool";
  case NpyDType::UInt8:
    return "uint8";
  }
  return "?";
}

int64_t mha::getNpyElementSize(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::Float32:
    return 4;
  case NpyDType::Float16:
    return 2;
  case NpyDType::Float64:
    return 8;
  case NpyDType::Bool:
  case NpyDType::UInt8:
    return 1;
  }
  return 1;
}

int64_t NpyArray::getNumElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string s = "(";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ", ";
    s += std::to_string(d);
  }
  if (shape.size() == 1)
    s += ",";
  return s + ")";
}

namespace {
/// Recursive-descent parser of the header, a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
class HeaderParser {
public:
  HeaderParser(StringRef text, StringRef name) : text(text), name(name) {}

  llvm::Error parse(NpyArray &array) {
    std::optional<std::string> descr;
    std::optional<bool> fortranOrder;
    std::optional<std::vector<int64_t>> shape;

    skipSpace();
    if (!consume('{'))
      return error("expected '{' at the start of the header dictionary");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (llvm::Error err = parseString(key))
        return err;
      skipSpace();
      if (!consume(':'))
        return error("expected ':' after key '" + key + "'");
      skipSpace();
      if (key == "descr") {
        if (descr)
          return error("duplicate key 'descr'");
        std::string value;
        if (llvm::Error err = parseString(value))
          return err;
        descr = value;
      } else if (key == "fortran_order") {
        if (fortranOrder)
          return error("duplicate key 'fortran_order'");
        if (text.substr(pos).starts_with("True")) {
          fortranOrder = true;
          pos += 4;
        } else if (text.substr(pos).starts_with("False")) {
          fortranOrder = false;
          pos += 5;
        } else {
          return error("expected True or False for 'fortran_order'");
        }
      } else if (key == "shape") {
        if (shape)
          return error("duplicate key 'shape'");
        std::vector<int64_t> dims;
        if (llvm::Error err = parseShape(dims))
          return err;
        shape = std::move(dims);
      } else {
        return error("unexpected key '" + key + "'");
      }
      skipSpace();
      if (consume(','))
        continue;
      if (consume('}'))
        break;
      return error("expected ',' or '}' after the value of '" + key + "'");
    }
    skipSpace();
    if (pos != text.size())
      return error("unexpected text after the header dictionary");
    if (!descr || !fortranOrder || !shape)
      return error("the header must have the keys 'descr', 'fortran_order' "
                   "and 'shape'");

    if (*fortranOrder)
      return failure("Fortran-order arrays are not supported; save a C-order "
                     "array (np.ascontiguousarray)");
    std::optional<NpyDType> dtype = parseDescr(*descr);
    if (!dtype) {
      if (!descr->empty() && (*descr)[0] == '>')
        return failure("big-endian dtype '" + *descr +
                       "' is not supported; convert with "
                       "arr.astype(arr.dtype.newbyteorder('<'))");
      return failure("unsupported dtype '" + *descr +
                     "' (supported: float32 '<f4', float16 '<f2', float64 "
                     "'<f8', bool '|b1', uint8 '|u1')");
    }
    array.dtype = *dtype;
    array.shape = std::move(*shape);
    return llvm::Error::success();
  }

private:
  static std::optional<NpyDType> parseDescr(StringRef descr) {
    // Single-byte types carry no byte order; NumPy writes '|' but '<' and
    // '=' are harmless spellings of the same thing.
    if (descr == "|b1" || descr == "<b1" || descr == "=b1")
      return NpyDType::Bool;
    if (descr == "|u1" || descr == "<u1" || descr == "=u1")
      return NpyDType::UInt8;
    if (descr == "<f4")
      return NpyDType::Float32;
    if (descr == "<f2")
      return NpyDType::Float16;
    if (descr == "<f8")
      return NpyDType::Float64;
    return std::nullopt;
  }

  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                                 text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }

  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  llvm::Error parseString(std::string &out) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return error("expected a quoted string");
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == StringRef::npos)
      return error("unterminated string");
    out = text.slice(pos, end).str();
    pos = end + 1;
    return llvm::Error::success();
  }

  llvm::Error parseShape(std::vector<int64_t> &dims) {
    if (!consume('('))
      return error("expected '(' to start 'shape'");
    while (true) {
      skipSpace();
      if (consume(')'))
        return llvm::Error::success();
      size_t start = pos;
      while (pos < text.size() && llvm::isDigit(text[pos]))
        ++pos;
      if (start == pos)
        return error("expected a non-negative integer in 'shape'");
      uint64_t dim;
      if (text.slice(start, pos).getAsInteger(10, dim) ||
          dim > static_cast<uint64_t>(INT64_MAX))
        return error("dimension in 'shape' is too large");
      dims.push_back(static_cast<int64_t>(dim));
      skipSpace();
      if (consume(','))
        continue;
      if (consume(')'))
        return llvm::Error::success();
      return error("expected ',' or ')' in 'shape'");
    }
  }

  llvm::Error error(const llvm::Twine &message) {
    return failure("malformed header: " + message + " (at offset " +
                   llvm::Twine(pos) + " of the header)");
  }

  llvm::Error failure(const llvm::Twine &message) {
    return llvm::createStringError("'" + name + "': " + message);
  }

  StringRef text;
  StringRef name;
  size_t pos = 0;
};
} // namespace

llvm::Expected<NpyArray> mha::parseNpy(ArrayRef<uint8_t> contents,
                                       StringRef name) {
  auto fail = [&](const llvm::Twine &message) {
    return llvm::createStringError("'" + name + "': " + message);
  };
  if (contents.size() < kMagicSize + 2 ||
      std::memcmp(contents.data(), kMagic, kMagicSize) != 0)
    return fail("not a .npy file (missing the \\x93NUMPY magic string)");
  // unsigned, not uint8_t: a Twine would print uint8_t as a character.
  unsigned major = contents[kMagicSize], minor = contents[kMagicSize + 1];
  if (major < 1 || major > 3)
    return fail("unsupported .npy format version " + llvm::Twine(major) + "." +
                llvm::Twine(minor) + " (supported: 1.0, 2.0, 3.0)");

  // Version 1 stores the header length in 2 bytes, versions 2 and 3 in 4.
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t prefix = kMagicSize + 2 + lengthSize;
  if (contents.size() < prefix)
    return fail("truncated header: the file ends inside the header length");
  uint64_t headerLength = 0;
  for (size_t i = 0; i < lengthSize; ++i)
    headerLength |= static_cast<uint64_t>(contents[kMagicSize + 2 + i])
                    << (8 * i);
  if (contents.size() - prefix < headerLength)
    return fail("truncated header: it claims " + llvm::Twine(headerLength) +
                " bytes but the file has " +
                llvm::Twine(contents.size() - prefix) + " after the prefix");

  StringRef header(reinterpret_cast<const char *>(contents.data() + prefix),
                   headerLength);
  NpyArray array;
  if (llvm::Error err = HeaderParser(header, name).parse(array))
    return std::move(err);

  // The byte count is computed with overflow checks: a corrupt shape must
  // produce an error, not a huge allocation.
  uint64_t bytes = static_cast<uint64_t>(getNpyElementSize(array.dtype));
  for (int64_t d : array.shape) {
    if (d != 0 && bytes > UINT64_MAX / static_cast<uint64_t>(d))
      return fail("shape " + formatShape(array.shape) + " is too large");
    bytes *= static_cast<uint64_t>(d);
  }
  uint64_t available = contents.size() - prefix - headerLength;
  if (available < bytes)
    return fail("truncated data: shape " + formatShape(array.shape) + " of " +
                getNpyDTypeName(array.dtype) + " needs " + llvm::Twine(bytes) +
                " bytes but the file has " + llvm::Twine(available));
  if (available > bytes)
    return fail("unexpected " + llvm::Twine(available - bytes) +
                " trailing bytes after the data of shape " +
                formatShape(array.shape));
  const uint8_t *data = contents.data() + prefix + headerLength;
  array.data.assign(data, data + bytes);
  return array;
}

llvm::Expected<NpyArray> mha::readNpy(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (std::error_code ec = buffer.getError())
    return llvm::createStringError("cannot open '" + path +
                                   "': " + ec.message());
  StringRef contents = (*buffer)->getBuffer();
  return parseNpy(
      ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(contents.data()),
                        contents.size()),
      path);
}

std::vector<uint8_t> mha::serializeNpy(const NpyArray &array) {
  std::string dict =
      "{'descr': '" + getNpyDescr(array.dtype).str() +
      "', 'fortran_order': False, 'shape': " + formatShape(array.shape) + ", }";
  // NumPy pads with spaces and ends with '\n' so that the data starts at a
  // multiple of 64 bytes.
  auto paddedLength = [&](size_t prefix) {
    size_t total = prefix + dict.size() + 1;
    return dict.size() + 1 + (64 - total % 64) % 64;
  };
  uint8_t major = 1;
  size_t headerLength = paddedLength(kMagicSize + 2 + 2);
  if (headerLength > 0xffff) {
    major = 2;
    headerLength = paddedLength(kMagicSize + 2 + 4);
  }
  std::vector<uint8_t> out(kMagic, kMagic + kMagicSize);
  out.push_back(major);
  out.push_back(0);
  size_t lengthSize = major == 1 ? 2 : 4;
  for (size_t i = 0; i < lengthSize; ++i)
    out.push_back(static_cast<uint8_t>(headerLength >> (8 * i)));
  out.insert(out.end(), dict.begin(), dict.end());
  out.insert(out.end(), headerLength - dict.size() - 1, ' ');
  out.push_back('\n');
  out.insert(out.end(), array.data.begin(), array.data.end());
  return out;
}

llvm::Error mha::writeNpy(StringRef path, const NpyArray &array) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError("cannot write '" + path +
                                   "': " + ec.message());
  std::vector<uint8_t> bytes = serializeNpy(array);
  os.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  os.close();
  if (os.has_error()) {
    std::error_code writeError = os.error();
    os.clear_error();
    return llvm::createStringError("cannot write '" + path +
                                   "': " + writeError.message());
  }
  return llvm::Error::success();
}
