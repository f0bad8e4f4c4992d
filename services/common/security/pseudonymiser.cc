// Pseudonymisation with OpenSSL's SHA-256. HMAC is computed from the key's
// inner and outer digest states, worked out once: a pseudonym then costs
// two short digests and no allocation, so intake can hash every contact.
#include "services/common/security/pseudonymiser.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "lib/domain/text_files.h"

namespace frontdoor {
namespace {

constexpr size_t kBlock = 64;  // SHA-256's block size
constexpr int kChildHexDigits = 24;

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// A digest state that has absorbed one block: the key xor `pad`.
MdCtx Absorbed(absl::string_view key, unsigned char pad) {
  unsigned char block[kBlock] = {};
  std::string k(key);
  if (k.size() > kBlock) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(k.data(), k.size(), digest, &n, EVP_sha256(), nullptr);
    k.assign(reinterpret_cast<const char*>(digest), n);
  }
  for (size_t i = 0; i < kBlock; ++i) {
    block[i] = static_cast<unsigned char>(i < k.size() ? k[i] : 0) ^ pad;
  }
  MdCtx ctx(EVP_MD_CTX_new());
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx.get(), block, kBlock);
  return ctx;
}

}  // namespace

struct HmacKey {
  MdCtx inner;
  MdCtx outer;

  // The 32 bytes of HMAC-SHA-256(key, data).
  std::string Mac(absl::string_view data) const {
    thread_local MdCtx work(EVP_MD_CTX_new());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_MD_CTX_copy_ex(work.get(), inner.get());
    EVP_DigestUpdate(work.get(), data.data(), data.size());
    EVP_DigestFinal_ex(work.get(), digest, &n);
    EVP_MD_CTX_copy_ex(work.get(), outer.get());
    EVP_DigestUpdate(work.get(), digest, n);
    EVP_DigestFinal_ex(work.get(), digest, &n);
    return std::string(reinterpret_cast<const char*>(digest), n);
  }
};

std::string HmacSha256Hex(absl::string_view key, absl::string_view data) {
  const HmacKey hmac{Absorbed(key, 0x36), Absorbed(key, 0x5c)};
  return absl::BytesToHexString(hmac.Mac(data));
}

absl::StatusOr<Pseudonymiser> Pseudonymiser::FromKey(std::string key) {
  if (key.size() < 16) {
    return absl::InvalidArgumentError(
        "pseudonymisation key: at least 16 bytes (32 hex digits) needed");
  }
  return Pseudonymiser(std::make_shared<const HmacKey>(
      HmacKey{Absorbed(key, 0x36), Absorbed(key, 0x5c)}));
}

absl::StatusOr<Pseudonymiser> Pseudonymiser::FromKeyFile(
    const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return absl::NotFoundError(
        absl::StrCat("key file ", path, ": does not exist"));
  }
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  const std::string hex(absl::StripAsciiWhitespace(*text));
  if (hex.empty() || hex.size() % 2 != 0 ||
      hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", path, ": not a hex key"));
  }
  return FromKey(absl::HexStringToBytes(hex));
}

std::string Pseudonymiser::Pseudonym(absl::string_view prefix,
                                     absl::string_view id,
                                     int hex_digits) const {
  std::string hex = absl::BytesToHexString(key_->Mac(id));
  hex.resize(std::min<size_t>(hex.size(), static_cast<size_t>(hex_digits)));
  return absl::StrCat(prefix, hex);
}

std::string Pseudonymiser::ChildId(absl::string_view id) const {
  if (IsChildPseudonym(id)) return std::string(id);
  return Pseudonym(kChildPrefix, id, kChildHexDigits);
}

bool Pseudonymiser::IsChildPseudonym(absl::string_view id) {
  if (!absl::ConsumePrefix(&id, kChildPrefix)) return false;
  return id.size() == kChildHexDigits &&
         id.find_first_not_of("0123456789abcdef") == absl::string_view::npos;
}

std::string PseudonymKeyFileOf(const std::string& data_dir) {
  return absl::StrCat(data_dir, "/pseudonym.key");
}

absl::Status EnsureKeyFile(const std::string& path) {
  std::error_code error;
  if (std::filesystem::exists(path, error)) return absl::OkStatus();
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return absl::InternalError("cannot draw a random key");
  }
  const std::string key(reinterpret_cast<const char*>(bytes), sizeof(bytes));
  const std::filesystem::path parent =
      std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  return WritePrivateFile(path,
                          absl::StrCat(absl::BytesToHexString(key), "\n"));
}

}  // namespace frontdoor
