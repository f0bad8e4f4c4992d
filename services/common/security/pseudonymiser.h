// Pseudonymisation: identifiers replaced by keyed hashes (HMAC-SHA-256), so
// the same child maps to the same pseudonym under the same key, and without
// the key a pseudonym cannot be traced back. Replay uses it on the rows it
// reads; intake on every child id that enters, so raw ids never reach a disk.
#ifndef FRONTDOOR_SERVICES_COMMON_SECURITY_PSEUDONYMISER_H_
#define FRONTDOOR_SERVICES_COMMON_SECURITY_PSEUDONYMISER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace frontdoor {

// A key's HMAC-SHA-256 digest states (pseudonymiser.cc).
struct HmacKey;

// Keyed pseudonyms of identifiers. Thread-safe; cheap to copy.
class Pseudonymiser {
 public:
  // `key` is the raw secret (at least 16 bytes).
  static absl::StatusOr<Pseudonymiser> FromKey(std::string key);
  // Reads a key file (hex); NOT_FOUND when there is none, so that a service
  // never starts with a key nobody else holds.
  static absl::StatusOr<Pseudonymiser> FromKeyFile(const std::string& path);

  // `prefix` followed by the first `hex_digits` (at most 64) hex digits of
  // HMAC-SHA-256(key, id).
  std::string Pseudonym(absl::string_view prefix, absl::string_view id,
                        int hex_digits = 16) const;

  // A child id as intake stores it: kChildPrefix and 24 hex digits (96
  // bits). An id already in that form is kept, so a client can hand back
  // the ids it was given.
  std::string ChildId(absl::string_view id) const;
  // Whether `id` is in the form ChildId gives.
  static bool IsChildPseudonym(absl::string_view id);
  static constexpr absl::string_view kChildPrefix = "ps-";

 private:
  explicit Pseudonymiser(std::shared_ptr<const HmacKey> key)
      : key_(std::move(key)) {}
  std::shared_ptr<const HmacKey> key_;
};

// Where a local data folder keeps intake's key: DATA/pseudonym.key.
std::string PseudonymKeyFileOf(const std::string& data_dir);

// Writes a key file with 32 random bytes (hex, mode 0600) unless `path`
// exists already.
absl::Status EnsureKeyFile(const std::string& path);

// HMAC-SHA-256 of `data` under `key`, as 64 lowercase hex digits.
std::string HmacSha256Hex(absl::string_view key, absl::string_view data);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_SECURITY_PSEUDONYMISER_H_
