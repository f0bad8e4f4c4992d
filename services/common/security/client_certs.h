// Client certificates for partner agencies, signed by the deployment's CA:
// issued by `frontdoor secrets issue --agency`, listed with their serials in
// TLS_DIR/certificates, and refused by every service once revoked there.
#ifndef FRONTDOOR_SERVICES_COMMON_SECURITY_CLIENT_CERTS_H_
#define FRONTDOOR_SERVICES_COMMON_SECURITY_CLIENT_CERTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "services/common/security/local_ca.h"

namespace frontdoor {

// Where a TLS folder lists the client certificates it issued.
std::string CertificatesFileOf(const std::string& tls_dir);

// One issued client certificate, as the list keeps it.
struct CertificateEntry {
  std::string serial;  // upper-case hex, as OpenSSL prints it
  std::string agency;
  int64_t issued_unix = 0;
  bool revoked = false;
};

// The certificates file: a line per certificate, "serial agency issued
// revoked".
class CertificateBook {
 public:
  // Reads `path`; a missing file is an empty book.
  static absl::StatusOr<CertificateBook> Load(const std::string& path);
  // Writes the book to `path` (mode 0600, replaced atomically).
  absl::Status Save(const std::string& path) const;

  // Signs a client certificate for `agency` with the CA in `tls_dir`
  // (ca.pem, ca.key) and lists it; its common name is
  // "frontdoor-agency-AGENCY".
  absl::StatusOr<SignedCertificate> Issue(const std::string& tls_dir,
                                          absl::string_view agency,
                                          int64_t now_unix);
  // Revokes the live certificates of `agency`, or the one of `serial`;
  // returns how many.
  int Revoke(absl::string_view agency, absl::string_view serial);
  // Whether `serial` was issued here and revoked.
  bool IsRevoked(absl::string_view serial) const;

  const std::vector<CertificateEntry>& entries() const { return entries_; }

 private:
  std::vector<CertificateEntry> entries_;
};

// Checks peers' certificates against a certificates file, read again when
// it changes. Thread-safe.
class RevocationGate {
 public:
  explicit RevocationGate(std::string path) : path_(std::move(path)) {}

  // PERMISSION_DENIED when the certificate (PEM) was revoked.
  absl::Status Check(absl::string_view cert_pem);

 private:
  const std::string path_;
  absl::Mutex mu_;
  CertificateBook book_ ABSL_GUARDED_BY(mu_);
  int64_t loaded_mtime_ns_ ABSL_GUARDED_BY(mu_) = -1;
  bool any_revoked_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_SECURITY_CLIENT_CERTS_H_
