// Who is making a call, from its certificate and its token: the one check
// every frontdoor service makes before a handler does anything.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_CALL_AUTH_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_CALL_AUTH_H_

#include "absl/status/statusor.h"
#include "services/common/security/client_certs.h"
#include "services/common/security/tokens.h"

namespace grpc {
class ServerContext;
}  // namespace grpc

namespace frontdoor {

// Checks each call against a service's tokens. Thread-safe.
class CallAuthority {
 public:
  // `gate` (may be null, and must outlive this) checks tokens; without one
  // (plaintext on loopback) every caller is trusted with everything.
  // `revoked` (may be null) refuses the client certificates revoked.
  explicit CallAuthority(TokenGate* gate, RevocationGate* revoked = nullptr)
      : gate_(gate), revoked_(revoked) {}

  // The caller of `context` when it may do what needs `needed`: intake's
  // certificate is the service role, anyone else needs a live token whose
  // role allows it, and no caller a revoked certificate. UNAUTHENTICATED or
  // PERMISSION_DENIED otherwise.
  absl::StatusOr<Caller> Check(const grpc::ServerContext& context,
                               Role needed) const;
  // Check, for a handler that needs only the verdict.
  absl::Status Allow(const grpc::ServerContext& context, Role needed) const {
    return Check(context, needed).status();
  }

 private:
  // Check without the log line.
  absl::StatusOr<Caller> Identify(const grpc::ServerContext& context,
                                  Role needed) const;

  TokenGate* const gate_;
  RevocationGate* const revoked_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_CALL_AUTH_H_
