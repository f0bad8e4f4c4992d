// Tokens implementation.
#include "services/common/security/tokens.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "lib/domain/cin_codes.h"
#include "lib/domain/text_files.h"
#include "openssl/evp.h"
#include "openssl/rand.h"
#include "services/common/security/record_file.h"

namespace frontdoor {
namespace {

// The roles a token may carry (kService is a certificate's, never a
// token's).
constexpr Role kRoles[] = {Role::kAgency, Role::kAnalyst, Role::kMash,
                           Role::kAdmin};

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), hash, &size, EVP_sha256(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(hash), size));
}

bool ValidAgency(absl::string_view agency) {
  if (agency.empty() || agency.size() > 64) return false;
  for (char c : agency) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string TokensFileOf(const std::string& data_dir) {
  return absl::StrCat(data_dir, "/tokens");
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAgency:
      return "agency";
    case Role::kAnalyst:
      return "analyst";
    case Role::kMash:
      return "mash";
    case Role::kAdmin:
      return "admin";
    case Role::kService:
      return "service";
  }
  return "agency";
}

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  for (Role role : kRoles) {
    if (RoleName(role) == name) return role;
  }
  return absl::InvalidArgumentError(
      "role: must be one of agency, analyst, mash, admin");
}

bool Allows(Role held, Role needed) {
  // Only intake delivers, sets runs up and deletes them in its peers; it
  // may also read what it delivered.
  if (held == Role::kService) return true;
  if (needed == Role::kService) return false;
  if (held == needed || held == Role::kAdmin) return true;
  return held == Role::kMash &&
         (needed == Role::kAgency || needed == Role::kAnalyst);
}

absl::StatusOr<TokenBook> TokenBook::Load(const std::string& path) {
  absl::StatusOr<std::vector<RecordLine>> lines = ReadRecordLines(path);
  if (!lines.ok()) return lines.status();
  TokenBook book;
  for (const RecordLine& line : *lines) {
    const std::vector<std::string>& fields = line.fields;
    TokenEntry entry;
    const bool sized = fields.size() == 5 || fields.size() == 6;
    absl::StatusOr<Role> role =
        sized ? ParseRole(fields[1]) : absl::StatusOr<Role>();
    if (!sized || fields[0].size() != 64 || !role.ok() ||
        !absl::SimpleAtoi(fields[3], &entry.issued_unix) ||
        (fields[4] != "0" && fields[4] != "1")) {
      return absl::DataLossError(
          absl::StrCat(path, ":", line.number, ": not a token line"));
    }
    entry.sha256 = fields[0];
    entry.role = *role;
    entry.agency = fields[2];
    entry.revoked = fields[4] == "1";
    if (fields.size() == 6 && fields[5] != "-") {
      entry.sources = absl::StrSplit(fields[5], ',');
    }
    book.entries_.push_back(std::move(entry));
  }
  return book;
}

absl::Status TokenBook::Save(const std::string& path) const {
  std::string text =
      "# frontdoor tokens: sha256-of-token role agency issued-unix revoked "
      "sources\n";
  for (const TokenEntry& e : entries_) {
    absl::StrAppend(&text, e.sha256, " ", RoleName(e.role), " ", e.agency, " ",
                    e.issued_unix, " ", e.revoked ? 1 : 0, " ",
                    e.sources.empty() ? "-" : absl::StrJoin(e.sources, ","),
                    "\n");
  }
  return WritePrivateFile(path, text);
}

absl::StatusOr<std::string> TokenBook::Issue(Role role,
                                             absl::string_view agency,
                                             int64_t now_unix,
                                             std::vector<std::string> sources) {
  if (!ValidAgency(agency)) {
    return absl::InvalidArgumentError(
        "agency: 1 to 64 letters, digits, '-', '_' or '.'");
  }
  if (role == Role::kService) {
    return absl::InvalidArgumentError(
        "role: service is intake's certificate, never a token");
  }
  if (role == Role::kAgency && sources.empty()) {
    return absl::InvalidArgumentError(
        "sources: an agency token names the ReferralSource codes it submits "
        "contacts as (e.g. 6 for police, 2A for schools)");
  }
  if (role != Role::kAgency && !sources.empty()) {
    return absl::InvalidArgumentError(
        "sources: only an agency token is limited to sources");
  }
  for (const std::string& source : sources) {
    if (!FindReferralSource(source)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sources: ", source, " is not a ReferralSource code (1, 2A, ... 9)"));
    }
  }
  unsigned char random[32];
  if (RAND_bytes(random, sizeof(random)) != 1) {
    return absl::InternalError("token: no randomness available");
  }
  const std::string token = absl::StrCat(
      "fd_", absl::BytesToHexString(absl::string_view(
                 reinterpret_cast<const char*>(random), sizeof(random))));
  entries_.push_back({.sha256 = Sha256Hex(token),
                      .role = role,
                      .agency = std::string(agency),
                      .issued_unix = now_unix,
                      .sources = std::move(sources)});
  return token;
}

int TokenBook::Revoke(absl::string_view sha256_prefix,
                      absl::string_view agency) {
  int revoked = 0;
  for (TokenEntry& e : entries_) {
    if (e.revoked) continue;
    const bool by_hash =
        sha256_prefix.size() >= 8 && absl::StartsWith(e.sha256, sha256_prefix);
    const bool by_agency = !agency.empty() && e.agency == agency;
    if (by_hash || by_agency) {
      e.revoked = true;
      ++revoked;
    }
  }
  return revoked;
}

const TokenEntry* TokenBook::Find(absl::string_view token) const {
  const std::string hash = Sha256Hex(absl::StripAsciiWhitespace(token));
  for (const TokenEntry& e : entries_) {
    if (e.sha256 == hash) return e.revoked ? nullptr : &e;
  }
  return nullptr;
}

absl::Status TokenGate::Refresh() {
  const int64_t mtime_ns = ChangedAtNs(path_);
  if (mtime_ns == loaded_mtime_ns_) return absl::OkStatus();
  absl::StatusOr<TokenBook> book = TokenBook::Load(path_);
  if (!book.ok()) return book.status();
  book_ = *std::move(book);
  loaded_mtime_ns_ = mtime_ns;
  return absl::OkStatus();
}

absl::StatusOr<Caller> TokenGate::Check(absl::string_view authorization,
                                        Role needed) {
  constexpr absl::string_view kBearer = "Bearer ";
  if (!absl::StartsWith(authorization, kBearer)) {
    return absl::UnauthenticatedError(
        "authorization: a token is required (frontdoor token issue)");
  }
  const absl::string_view token = authorization.substr(kBearer.size());
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Refresh(); !s.ok()) return s;
  const TokenEntry* entry = book_.Find(token);
  if (entry == nullptr) {
    return absl::UnauthenticatedError(
        "authorization: the token is unknown or revoked");
  }
  if (!Allows(entry->role, needed)) {
    return absl::PermissionDeniedError(
        absl::StrCat("authorization: a ", RoleName(entry->role),
                     " token may not do this (needs ", RoleName(needed), ")"));
  }
  return Caller{
      .role = entry->role, .agency = entry->agency, .sources = entry->sources};
}

bool Caller::MaySubmitAs(absl::string_view source) const {
  if (role != Role::kAgency) return true;
  for (const std::string& own : sources) {
    if (own == source) return true;
  }
  return false;
}

}  // namespace frontdoor
