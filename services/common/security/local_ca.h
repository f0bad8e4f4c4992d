// A throwaway certificate authority for one machine: what `frontdoor up`
// makes on first start so that the services talk mutual TLS from the first
// run, with no certificates to find or install. Real deployments mount
// their own (the TLS flags take any paths).
#ifndef FRONTDOOR_SERVICES_COMMON_SECURITY_LOCAL_CA_H_
#define FRONTDOOR_SERVICES_COMMON_SECURITY_LOCAL_CA_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace frontdoor {

// The files of one identity under a TLS directory.
struct TlsFiles {
  std::string ca;    // PEM of the CA every frontdoor peer trusts
  std::string cert;  // this identity's certificate, PEM
  std::string key;   // its private key, PEM (mode 0600)
};

// The identities a local CA issues: one per service (each serves with it
// and intake also calls its peers with it), and "admin" for local tools.
inline constexpr const char* kLocalIdentities[] = {"intake", "threshold",
                                                   "stepping", "admin"};

// Where a local data folder keeps its CA and certificates: DATA/tls.
std::string TlsDirOf(const std::string& data_dir);

// The certificate common name of an identity, e.g. "frontdoor-intake".
std::string CommonNameOf(const std::string& identity);

// The files of `identity` under `dir` (dir/ca.pem, dir/<identity>.pem,
// dir/<identity>.key).
TlsFiles FilesOf(const std::string& dir, const std::string& identity);

// A client certificate and its key, PEM, with the certificate's serial.
struct SignedCertificate {
  std::string cert_pem;
  std::string key_pem;
  std::string serial;  // upper-case hex
};

// Signs a new key's certificate for a client named `common_name` with the
// CA in `dir` (ca.pem and ca.key): how a partner agency gets its identity.
absl::StatusOr<SignedCertificate> SignClientCertificate(
    const std::string& dir, const std::string& common_name);

// The serial of a PEM certificate, upper-case hex; empty if it does not
// parse.
std::string SerialOf(absl::string_view cert_pem);

// Makes `dir` (mode 0700) with a new CA and a certificate for every local
// identity, unless dir/ca.pem exists already. Server certificates name
// localhost, 127.0.0.1 and the service's own name (for containers).
absl::Status EnsureLocalCa(const std::string& dir);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_SECURITY_LOCAL_CA_H_
