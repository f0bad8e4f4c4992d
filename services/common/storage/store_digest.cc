// Digests of a run's records: SHA-256 over every record, and over its
// content with the run id taken out.
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/unknown_field_set.h"
#include "openssl/evp.h"
#include "services/common/storage/store.h"

namespace frontdoor {
namespace {

// SHA-256 over length-prefixed pieces, so that no two different sequences
// of pieces hash alike.
class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr);
  }
  void Add(absl::string_view bytes) {
    const uint64_t size = bytes.size();
    EVP_DigestUpdate(context_.get(), &size, sizeof(size));
    EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size());
  }
  // The hash in lower-case hex.
  std::string Hex() {
    unsigned char hash[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(context_.get(), hash, &size);
    return absl::BytesToHexString(
        absl::string_view(reinterpret_cast<const char*>(hash), size));
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
};

// `bytes` with every length-delimited field equal to `run_id` taken out,
// at any depth, when it parses as protobuf wire format; as it is when not.
// Schema-free, so one rule serves every family: a string that happens to
// parse is rewritten the same way in every run.
std::string WithoutRunId(absl::string_view bytes, absl::string_view run_id,
                         int depth = 0) {
  google::protobuf::UnknownFieldSet fields;
  if (depth > 8 || bytes.empty() ||
      !fields.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return std::string(bytes);
  }
  google::protobuf::UnknownFieldSet kept;
  for (int i = 0; i < fields.field_count(); ++i) {
    const google::protobuf::UnknownField& field = fields.field(i);
    if (field.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
      kept.AddField(field);
    } else if (field.length_delimited() != run_id) {
      kept.AddLengthDelimited(
          field.number(),
          WithoutRunId(field.length_delimited(), run_id, depth + 1));
    }
  }
  std::string out;
  kept.SerializeToString(&out);
  return out;
}

}  // namespace

v1::RunDigest CombineDigests(absl::string_view service,
                             const std::vector<v1::RunDigest>& parts) {
  Sha256 sha;
  Sha256 content;
  v1::RunDigest combined;
  combined.set_service(std::string(service));
  for (const v1::RunDigest& part : parts) {
    sha.Add(part.service());
    sha.Add(part.sha256());
    content.Add(part.service());
    content.Add(part.content_sha256());
    combined.set_records(combined.records() + part.records());
    *combined.add_parts() = part;
  }
  combined.set_sha256(sha.Hex());
  combined.set_content_sha256(content.Hex());
  return combined;
}

absl::StatusOr<v1::RunDigest> Store::Digest(
    absl::string_view service, const std::vector<std::string>& families,
    absl::string_view prefix, absl::string_view run_id) const {
  Sha256 sha;
  Sha256 content;
  v1::RunDigest digest;
  digest.set_service(std::string(service));
  for (const std::string& name : families) {
    rocksdb::ColumnFamilyHandle* family = Family(name);
    if (family == nullptr) {
      return absl::InternalError(absl::StrCat("no column family ", name));
    }
    sha.Add(name);
    content.Add(name);
    absl::Status scanned = ScanPrefix(
        family, prefix, [&](absl::string_view key, absl::string_view value) {
          sha.Add(key);
          sha.Add(value);
          content.Add(key.substr(prefix.size()));
          content.Add(WithoutRunId(value, run_id));
          digest.set_records(digest.records() + 1);
          return true;
        });
    if (!scanned.ok()) return scanned;
  }
  digest.set_sha256(sha.Hex());
  digest.set_content_sha256(content.Hex());
  return digest;
}

}  // namespace frontdoor
