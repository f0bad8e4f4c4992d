// Who is making a call, from its certificate and its token: the one check
// every frontdoor service makes before a handler does anything.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_CALL_AUTH_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_CALL_AUTH_H_

#include <optional>

#include "absl/status/statusor.h"
#include "services/common/rpc/call_slots.h"
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
  // A checked call, held by its handler until it returns.
  struct Admission {
    Caller caller;
    // Its place among its caller's calls in flight (none for intake's).
    std::optional<CallSlots::Slot> slot;
  };

  // Check, then a place among the calls in flight: at most 512 at once and
  // 64 of one caller (RESOURCE_EXHAUSTED past them); intake's own calls to
  // its peers are not counted.
  absl::StatusOr<Admission> Admit(const grpc::ServerContext& context,
                                  Role needed) const;

 private:
  // Check without the log line.
  absl::StatusOr<Caller> Identify(const grpc::ServerContext& context,
                                  Role needed) const;

  TokenGate* const gate_;
  RevocationGate* const revoked_;
  mutable CallSlots calls_{/*total=*/512, /*per_caller=*/64};
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_CALL_AUTH_H_
