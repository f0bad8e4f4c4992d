// The check of a caller's certificate that every frontdoor server makes on
// every call. TLS takes any client certificate whose key the caller holds;
// this then verifies it against the deployment's CA, so that a refusal says
// why (to the caller, as UNAUTHENTICATED, and in the service's log with the
// caller's address) instead of gRPC's bare "Socket closed".
#ifndef FRONTDOOR_SERVICES_COMMON_SECURITY_PEER_CHECK_H_
#define FRONTDOOR_SERVICES_COMMON_SECURITY_PEER_CHECK_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/security/auth_metadata_processor.h"

namespace frontdoor {

// The auth-context property a refused certificate's reason is left in for
// frontdoor's own methods, whose handlers log it with the caller's address
// and refuse the call (CallAuthority).
inline constexpr char kRefusedCertificateProperty[] = "frontdoor_refused";

// Why `cert_pem` is not a client certificate signed by `ca_pem` (expired,
// another CA's, not for clients, ...); OK when it is.
absl::Status VerifyClientCertificate(absl::string_view ca_pem,
                                     absl::string_view cert_pem);

// Verifies each call's client certificate against the CA, and serves only
// `allowed` common names when given. Thread-safe.
class PeerCheck : public grpc::AuthMetadataProcessor {
 public:
  PeerCheck(std::string ca_pem, std::vector<std::string> allowed)
      : ca_pem_(std::move(ca_pem)), allowed_(std::move(allowed)) {}

  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& metadata,
                       grpc::AuthContext* context, OutputMetadata* consumed,
                       OutputMetadata* response) override;

 private:
  // The verdict on one certificate, remembered: a connection's calls all
  // present the same one.
  absl::Status Verdict(const std::string& cert_pem);

  const std::string ca_pem_;
  const std::vector<std::string> allowed_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, absl::Status> verdicts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_SECURITY_PEER_CHECK_H_
