// Tokens: who may call a frontdoor service, as what. A token is shown once,
// when issued; the tokens file keeps only its SHA-256, with the agency and
// role it stands for, the contact sources an agency submits as, and whether
// it was revoked.
#ifndef FRONTDOOR_SERVICES_COMMON_SECURITY_TOKENS_H_
#define FRONTDOOR_SERVICES_COMMON_SECURITY_TOKENS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace frontdoor {

// What a caller may do.
enum class Role {
  kAgency,   // submit contacts and findings
  kAnalyst,  // runs and aggregates: create, simulate, replay, list, digest
  kMash,     // child-level reads, and everything an agency or analyst does
  kAdmin,    // everything: run deletes and clock moves included
  // Intake calling its peers, proven by its certificate rather than a
  // token: what only intake does (deliveries, run set-up and deletes), so
  // that a run is deleted everywhere or nowhere. No token carries it.
  kService,
};

// "agency", "analyst", "mash" or "admin".
absl::string_view RoleName(Role role);
// The role named `name`; INVALID_ARGUMENT listing the names otherwise.
absl::StatusOr<Role> ParseRole(absl::string_view name);
// Whether a caller holding `held` may do what needs `needed`.
bool Allows(Role held, Role needed);

// Where a local data folder keeps its tokens file: DATA/tokens.
std::string TokensFileOf(const std::string& data_dir);

// One issued token, as the file keeps it.
struct TokenEntry {
  std::string sha256;  // of the token, lower-case hex
  Role role = Role::kAgency;
  std::string agency;
  int64_t issued_unix = 0;
  bool revoked = false;
  // The ReferralSource codes an agency token submits contacts as; empty
  // for the other roles, which submit as any.
  std::vector<std::string> sources;
};

// The tokens file: a line per token, "sha256 role agency issued revoked
// sources" (sources comma-separated, "-" for none; lines written before
// sources existed have five fields and no sources).
class TokenBook {
 public:
  // Reads `path`; a missing file is an empty book.
  static absl::StatusOr<TokenBook> Load(const std::string& path);
  // Writes the book to `path` (mode 0600, replaced atomically).
  absl::Status Save(const std::string& path) const;

  // Issues a new token for `agency` (letters, digits, '-', '_', '.') and
  // returns it: the only time it is shown. An agency token needs the
  // ReferralSource codes it submits as; other roles take none.
  absl::StatusOr<std::string> Issue(Role role, absl::string_view agency,
                                    int64_t now_unix,
                                    std::vector<std::string> sources = {});
  // Revokes every live token whose hash starts with `sha256_prefix` (at
  // least 8 characters) or whose agency is `agency`; returns how many.
  int Revoke(absl::string_view sha256_prefix, absl::string_view agency);
  // The live entry a token stands for, or null. Whitespace around the
  // token (a token file's trailing newline) is not part of it.
  const TokenEntry* Find(absl::string_view token) const;

  const std::vector<TokenEntry>& entries() const { return entries_; }

 private:
  std::vector<TokenEntry> entries_;
};

// Who a checked call comes from.
struct Caller {
  Role role = Role::kAgency;
  std::string agency;
  // An agency's ReferralSource codes (TokenEntry::sources).
  std::vector<std::string> sources;

  // A caller trusted with everything: where no tokens are checked
  // (plaintext on loopback) and in-process tests.
  static Caller Trusted() { return {.role = Role::kService}; }
  // Whether this caller may submit a contact as `source`.
  bool MaySubmitAs(absl::string_view source) const;
};

// Checks calls' tokens against a tokens file, read again when it changes
// (so `frontdoor token revoke` takes effect without a restart). Thread-safe.
class TokenGate {
 public:
  explicit TokenGate(std::string path) : path_(std::move(path)) {}

  // The caller of a call whose "authorization" header is `authorization`
  // ("Bearer TOKEN"): UNAUTHENTICATED for a missing, unknown or revoked
  // token, PERMISSION_DENIED when its role does not allow `needed`.
  absl::StatusOr<Caller> Check(absl::string_view authorization, Role needed);

 private:
  absl::Status Refresh() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;
  absl::Mutex mu_;
  TokenBook book_ ABSL_GUARDED_BY(mu_);
  int64_t loaded_mtime_ns_ ABSL_GUARDED_BY(mu_) = -1;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_SECURITY_TOKENS_H_
