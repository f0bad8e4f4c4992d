// Pseudonymisation with OpenSSL's HMAC-SHA-256.
#include "clients/replay/pseudonymiser.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace frontdoor {

std::string HmacSha256Hex(absl::string_view key, absl::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t out_len = 0;
  EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(),
            out, sizeof(out), &out_len);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(out), out_len));
}

absl::StatusOr<Pseudonymiser> Pseudonymiser::FromKey(std::string key) {
  if (key.size() < 16) {
    return absl::InvalidArgumentError(
        "pseudonymisation key: at least 16 bytes (32 hex digits) needed");
  }
  return Pseudonymiser(std::move(key));
}

absl::StatusOr<Pseudonymiser> Pseudonymiser::FromKeyFile(
    const std::string& path) {
  if (!std::filesystem::exists(path)) {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
      return absl::InternalError("cannot draw a random key");
    }
    const std::string key(reinterpret_cast<const char*>(bytes), sizeof(bytes));
    std::filesystem::create_directories(
        std::filesystem::path(path).parent_path());
    {
      std::ofstream out(path, std::ios::trunc);
      out << absl::BytesToHexString(key) << "\n";
      if (!out) {
        return absl::FailedPreconditionError(
            absl::StrCat("key file: cannot write ", path));
      }
    }
    chmod(path.c_str(), 0600);
    return Pseudonymiser(key);
  }
  std::ifstream in(path);
  std::string hex;
  in >> hex;
  hex = std::string(absl::StripAsciiWhitespace(hex));
  if (hex.size() % 2 != 0 ||
      hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", path, ": not a hex key"));
  }
  return FromKey(absl::HexStringToBytes(hex));
}

std::string Pseudonymiser::Pseudonym(absl::string_view prefix,
                                     absl::string_view id) const {
  return absl::StrCat(prefix, HmacSha256Hex(key_, id).substr(0, 16));
}

}  // namespace frontdoor
