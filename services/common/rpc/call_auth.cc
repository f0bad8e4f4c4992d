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

// The peer's certificate, PEM; empty over plaintext.
std::string PeerCertificate(const grpc::ServerContext& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return "";
  for (const grpc::string_ref& pem :
       auth->FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME)) {
    return std::string(pem.data(), pem.size());
  }
  return "";
}

// Why PeerCheck refused the peer's certificate; empty when it did not.
std::string RefusedCertificate(const grpc::ServerContext& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return "";
  for (const grpc::string_ref& reason :
       auth->FindPropertyValues(kRefusedCertificateProperty)) {
    return std::string(reason.data(), reason.size());
  }
  return "";
}

// Whether the peer's certificate is intake's (TLS verified it against the
// CA before any call was read).
bool FromIntake(const grpc::ServerContext& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return false;
  const std::string intake = CommonNameOf("intake");
  for (const grpc::string_ref& name :
       auth->FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME)) {
    if (absl::string_view(name.data(), name.size()) == intake) return true;
  }
  return false;
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
  if (std::string refused = RefusedCertificate(context); !refused.empty()) {
    return absl::UnauthenticatedError(refused);
  }
  if (gate_ == nullptr) return Caller::Trusted();
  if (revoked_ != nullptr) {
    if (absl::Status s = revoked_->Check(PeerCertificate(context)); !s.ok()) {
      return s;
    }
  }
  if (FromIntake(context)) {
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
