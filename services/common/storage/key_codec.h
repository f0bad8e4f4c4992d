// Order-preserving RocksDB key encoding shared by every store: each key starts
// with the run id, strings are escaped, numbers and times are big-endian.
#ifndef FRONTDOOR_SERVICES_COMMON_STORAGE_KEY_CODEC_H_
#define FRONTDOOR_SERVICES_COMMON_STORAGE_KEY_CODEC_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace frontdoor {

// Builds a key segment by segment so that byte order equals tuple order:
// ("a", 2) < ("a", 10) < ("ab", 0), and a key built from a prefix of the
// segments is a byte prefix of the full key.
class KeyBuilder {
 public:
  // Every key starts with its run, so that runs never share a key.
  explicit KeyBuilder(absl::string_view run_id) { Str(run_id); }

  // Appends a string; 0x00 is escaped as 0x00 0xFF and the segment ends with
  // 0x00 0x01, so no string segment is a prefix of another.
  KeyBuilder& Str(absl::string_view s);
  // Appends an unsigned number, big-endian.
  KeyBuilder& U64(uint64_t v);
  // Appends an event time with microsecond precision, ordered by time.
  KeyBuilder& Time(absl::Time t);

  // The key built so far.
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

// Reads back the segments written by KeyBuilder, in order.
class KeyReader {
 public:
  explicit KeyReader(absl::string_view key) : rest_(key) {}

  // Reads a string segment; false when the next bytes are not one.
  bool Str(std::string* out);
  // Reads a big-endian number.
  bool U64(uint64_t* out);
  // Reads an event time.
  bool Time(absl::Time* out);

 private:
  absl::string_view rest_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_STORAGE_KEY_CODEC_H_
