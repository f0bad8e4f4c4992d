// Pseudonymisation on ingest: identifiers are replaced by keyed hashes
// (HMAC-SHA-256), so the same child maps to the same pseudonym under the
// same key, and without the key a pseudonym cannot be traced back.
#ifndef FRONTDOOR_CLIENTS_REPLAY_PSEUDONYMISER_H_
#define FRONTDOOR_CLIENTS_REPLAY_PSEUDONYMISER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace frontdoor {

// Keyed pseudonyms of identifiers.
class Pseudonymiser {
 public:
  // `key` is the raw secret (at least 16 bytes).
  static absl::StatusOr<Pseudonymiser> FromKey(std::string key);
  // Reads a key file (hex), or creates one with 32 random bytes (mode 0600)
  // when it does not exist.
  static absl::StatusOr<Pseudonymiser> FromKeyFile(const std::string& path);

  // `prefix` followed by the first 16 hex digits of HMAC-SHA-256(key, id).
  std::string Pseudonym(absl::string_view prefix, absl::string_view id) const;

 private:
  explicit Pseudonymiser(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

// HMAC-SHA-256 of `data` under `key`, as 64 lowercase hex digits.
std::string HmacSha256Hex(absl::string_view key, absl::string_view data);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_REPLAY_PSEUDONYMISER_H_
