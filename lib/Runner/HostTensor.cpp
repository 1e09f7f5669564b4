//===- HostTensor.cpp - element kinds and host-side tensors of mha-run -===//
#include "mha/Runner/Runner.h"
#include "mha/Support/FloatConversions.h"

#include <cstring>

using namespace mlir;
using namespace mlir::mha;
using namespace mlir::mha::runner;

double runner::roundToKind(ElementKind kind, double value) {
  switch (kind) {
  case ElementKind::F32:
    return static_cast<float>(value);
  case ElementKind::F16:
    return roundToHalf(static_cast<float>(value));
  case ElementKind::BF16:
    return roundToBFloat16(static_cast<float>(value));
  case ElementKind::I1:
    return value != 0.0 ? 1.0 : 0.0;
  }
  return value;
}

HostTensor::HostTensor(ElementKind kind, std::vector<int64_t> shape)
    : kind(kind), shape(std::move(shape)) {
  storage.resize(getNumElements() * getElementSize(kind));
}

int64_t HostTensor::getNumElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

double HostTensor::get(int64_t i) const {
  const uint8_t *p = storage.data() + i * getElementSize(kind);
  switch (kind) {
  case ElementKind::F32: {
    float f;
    std::memcpy(&f, p, sizeof(f));
    return f;
  }
  case ElementKind::F16:
  case ElementKind::BF16: {
    uint16_t bits;
    std::memcpy(&bits, p, sizeof(bits));
    return kind == ElementKind::F16 ? halfToFloat(bits) : bfloat16ToFloat(bits);
  }
  case ElementKind::I1:
    return *p ? 1.0 : 0.0;
  }
  return 0.0;
}

void HostTensor::set(int64_t i, double value) {
  uint8_t *p = storage.data() + i * getElementSize(kind);
  switch (kind) {
  case ElementKind::F32: {
    float f = static_cast<float>(value);
    std::memcpy(p, &f, sizeof(f));
    return;
  }
  case ElementKind::F16:
  case ElementKind::BF16: {
    float f = static_cast<float>(value);
    uint16_t bits =
        kind == ElementKind::F16 ? floatToHalf(f) : floatToBFloat16(f);
    std::memcpy(p, &bits, sizeof(bits));
    return;
  }
  case ElementKind::I1:
    *p = value != 0.0 ? 1 : 0;
    return;
  }
}

std::vector<double> HostTensor::toDoubles() const {
  std::vector<double> values(getNumElements());
  for (int64_t i = 0, e = values.size(); i < e; ++i)
    values[i] = get(i);
  return values;
}
