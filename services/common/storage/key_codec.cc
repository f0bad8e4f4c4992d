// Implementation of the order-preserving key encoding.
#include "services/common/storage/key_codec.h"

namespace frontdoor {
namespace {

constexpr char kEscape = '\x00';
constexpr char kEscapedZero = '\xFF';
constexpr char kTerminator = '\x01';

// Flipping the sign bit makes signed numbers sort as unsigned bytes.
constexpr uint64_t kSignBit = uint64_t{1} << 63;

}  // namespace

KeyBuilder& KeyBuilder::Str(absl::string_view s) {
  for (char c : s) {
    key_.push_back(c);
    if (c == kEscape) key_.push_back(kEscapedZero);
  }
  key_.push_back(kEscape);
  key_.push_back(kTerminator);
  return *this;
}

KeyBuilder& KeyBuilder::U64(uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    key_.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
  return *this;
}

KeyBuilder& KeyBuilder::Time(absl::Time t) {
  const int64_t micros = absl::ToUnixMicros(t);
  return U64(static_cast<uint64_t>(micros) ^ kSignBit);
}

bool KeyReader::Str(std::string* out) {
  out->clear();
  size_t i = 0;
  while (i < rest_.size()) {
    const char c = rest_[i];
    if (c != kEscape) {
      out->push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= rest_.size()) return false;
    if (rest_[i + 1] == kTerminator) {
      rest_.remove_prefix(i + 2);
      return true;
    }
    if (rest_[i + 1] != kEscapedZero) return false;
    out->push_back(kEscape);
    i += 2;
  }
  return false;
}

bool KeyReader::U64(uint64_t* out) {
  if (rest_.size() < 8) return false;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) {
    v = (v << 8) | static_cast<uint8_t>(rest_[i]);
  }
  rest_.remove_prefix(8);
  *out = v;
  return true;
}

bool KeyReader::Time(absl::Time* out) {
  uint64_t raw = 0;
  if (!U64(&raw)) return false;
  *out = absl::FromUnixMicros(static_cast<int64_t>(raw ^ kSignBit));
  return true;
}

}  // namespace frontdoor
