// Client certificates: the list beside the CA, and the check every service
// makes of a peer's certificate against it.
#include "services/common/security/client_certs.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/domain/text_files.h"
#include "services/common/security/record_file.h"

namespace frontdoor {

std::string CertificatesFileOf(const std::string& tls_dir) {
  return absl::StrCat(tls_dir, "/certificates");
}

absl::StatusOr<CertificateBook> CertificateBook::Load(const std::string& path) {
  absl::StatusOr<std::vector<RecordLine>> lines = ReadRecordLines(path);
  if (!lines.ok()) return lines.status();
  CertificateBook book;
  for (const RecordLine& line : *lines) {
    const std::vector<std::string>& fields = line.fields;
    CertificateEntry entry;
    if (fields.size() != 4 ||
        !absl::SimpleAtoi(fields[2], &entry.issued_unix) ||
        (fields[3] != "0" && fields[3] != "1")) {
      return absl::DataLossError(
          absl::StrCat(path, ":", line.number, ": not a certificate line"));
    }
    entry.serial = fields[0];
    entry.agency = fields[1];
    entry.revoked = fields[3] == "1";
    book.entries_.push_back(std::move(entry));
  }
  return book;
}

absl::Status CertificateBook::Save(const std::string& path) const {
  std::string text =
      "# frontdoor client certificates: serial agency "
      "issued-unix revoked\n";
  for (const CertificateEntry& e : entries_) {
    absl::StrAppend(&text, e.serial, " ", e.agency, " ", e.issued_unix, " ",
                    e.revoked ? 1 : 0, "\n");
  }
  return WritePrivateFile(path, text);
}

absl::StatusOr<SignedCertificate> CertificateBook::Issue(
    const std::string& tls_dir, absl::string_view agency, int64_t now_unix) {
  absl::StatusOr<SignedCertificate> signed_cert = SignClientCertificate(
      tls_dir, CommonNameOf(absl::StrCat("agency-", agency)));
  if (!signed_cert.ok()) return signed_cert.status();
  entries_.push_back({.serial = signed_cert->serial,
                      .agency = std::string(agency),
                      .issued_unix = now_unix});
  return signed_cert;
}

int CertificateBook::Revoke(absl::string_view agency,
                            absl::string_view serial) {
  int revoked = 0;
  for (CertificateEntry& e : entries_) {
    if (e.revoked) continue;
    if ((!agency.empty() && e.agency == agency) ||
        (!serial.empty() && absl::EqualsIgnoreCase(e.serial, serial))) {
      e.revoked = true;
      ++revoked;
    }
  }
  return revoked;
}

bool CertificateBook::IsRevoked(absl::string_view serial) const {
  for (const CertificateEntry& e : entries_) {
    if (e.revoked && e.serial == serial) return true;
  }
  return false;
}

absl::Status RevocationGate::Check(absl::string_view cert_pem) {
  absl::MutexLock lock(&mu_);
  const int64_t mtime_ns = ChangedAtNs(path_);
  if (mtime_ns != loaded_mtime_ns_) {
    absl::StatusOr<CertificateBook> book = CertificateBook::Load(path_);
    if (!book.ok()) return book.status();
    book_ = *std::move(book);
    loaded_mtime_ns_ = mtime_ns;
    any_revoked_ = false;
    for (const CertificateEntry& e : book_.entries()) {
      any_revoked_ = any_revoked_ || e.revoked;
    }
  }
  // Parsing the certificate is needed only once something was revoked.
  if (!any_revoked_ || !book_.IsRevoked(SerialOf(cert_pem))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "certificate: revoked (`frontdoor secrets issue` gives a new one)");
}

}  // namespace frontdoor
