// Call checks: the certificate's verdict and revocation, its common name,
// then the token. Every refusal is logged with the caller's address.
#include "services/common/rpc/call_auth.h"

#include "absl/strings/str_cat.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/auth_context.h"
#include "grpcpp/server_context.h"
#include "services/common/rpc/log.h"
#include "services/common/security/local_ca.h"
#include "services/common/security/peer_check.h"

namespace frontdoor {
namespace {

// The first value of an auth-context property of the call (the peer's
// certificate, its common name, PeerCheck's refusal); empty when it has
// none, as over plaintext.
std::string Property(const grpc::ServerContext& context,
                     const std::string& name) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return "";
  for (const grpc::string_ref& value : auth->FindPropertyValues(name)) {
    return std::string(value.data(), value.size());
  }
  return "";
}

}  // namespace

absl::StatusOr<Caller> CallAuthority::Check(const grpc::ServerContext& context,
                                            Role needed) const {
  absl::StatusOr<Caller> caller = Identify(context, needed);
  if (!caller.ok()) {
    Log(LogLevel::kWarning, "refused a caller", {},
        {{"peer", context.peer()},
         {"code", absl::StatusCodeToString(caller.status().code())},
         {"reason", std::string(caller.status().message())}});
  }
  return caller;
}

absl::StatusOr<CallAuthority::Admission> CallAuthority::Admit(
    const grpc::ServerContext& context, Role needed) const {
  absl::StatusOr<Caller> caller = Check(context, needed);
  if (!caller.ok()) return caller.status();
  Admission admission{.caller = *std::move(caller)};
  if (admission.caller.role == Role::kService) return admission;
  absl::StatusOr<CallSlots::Slot> slot =
      calls_.Take(admission.caller.agency, "calls");
  if (!slot.ok()) return slot.status();
  admission.slot.emplace(*std::move(slot));
  return admission;
}

absl::StatusOr<Caller> CallAuthority::Identify(
    const grpc::ServerContext& context, Role needed) const {
  if (std::string refused = Property(context, kRefusedCertificateProperty);
      !refused.empty()) {
    return absl::UnauthenticatedError(refused);
  }
  if (gate_ == nullptr) return Caller::Trusted();
  if (revoked_ != nullptr) {
    if (absl::Status s = revoked_->Check(
            Property(context, GRPC_X509_PEM_CERT_PROPERTY_NAME));
        !s.ok()) {
      return s;
    }
  }
  // Intake's certificate: PeerCheck verified it against the CA.
  if (Property(context, GRPC_X509_CN_PROPERTY_NAME) == CommonNameOf("intake")) {
    return Caller{.role = Role::kService, .agency = CommonNameOf("intake")};
  }
  if (needed == Role::kService) {
    return absl::PermissionDeniedError(
        "authorization: only intake does this (runs are set up, delivered "
        "and deleted through intake)");
  }
  const auto& metadata = context.client_metadata();
  const auto header = metadata.find("authorization");
  const absl::string_view authorization =
      header == metadata.end()
          ? absl::string_view()
          : absl::string_view(header->second.data(), header->second.size());
  return gate_->Check(authorization, needed);
}

}  // namespace frontdoor
