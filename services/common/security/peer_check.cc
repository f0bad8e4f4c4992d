// Peer check on OpenSSL 3: the CA in a store of its own, the certificate
// verified for client use at the current time.
#include "services/common/security/peer_check.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpc/grpc_security_constants.h"
#include "openssl/bio.h"
#include "openssl/pem.h"
#include "openssl/x509.h"
#include "openssl/x509_vfy.h"
#include "openssl/x509v3.h"

namespace frontdoor {
namespace {

using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

Cert ParseCert(absl::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (bio == nullptr) return Cert(nullptr, &X509_free);
  return Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
              &X509_free);
}

// "CN=..., O=..." of a name.
std::string NameOf(const X509_NAME* name) {
  char buffer[256];
  X509_NAME_oneline(name, buffer, sizeof(buffer));
  return buffer;
}

// Certificates remembered at most: more distinct ones than a deployment's
// callers would have means someone is trying many; start again.
constexpr size_t kMaxVerdicts = 4096;

}  // namespace

absl::Status VerifyClientCertificate(absl::string_view ca_pem,
                                     absl::string_view cert_pem) {
  Cert ca = ParseCert(ca_pem);
  Cert cert = ParseCert(cert_pem);
  if (ca == nullptr) return absl::InternalError("tls: the CA does not parse");
  if (cert == nullptr) {
    return absl::UnauthenticatedError(
        "certificate: the client certificate does not parse");
  }
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(
      X509_STORE_new(), &X509_STORE_free);
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(
      X509_STORE_CTX_new(), &X509_STORE_CTX_free);
  if (store == nullptr || context == nullptr ||
      X509_STORE_add_cert(store.get(), ca.get()) != 1 ||
      X509_STORE_CTX_init(context.get(), store.get(), cert.get(), nullptr) !=
          1 ||
      X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_CLIENT) != 1) {
    return absl::InternalError("tls: cannot set up certificate verification");
  }
  if (X509_verify_cert(context.get()) == 1) return absl::OkStatus();
  return absl::UnauthenticatedError(absl::StrCat(
      "certificate: ",
      X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get())),
      " (subject ", NameOf(X509_get_subject_name(cert.get())), ", issuer ",
      NameOf(X509_get_issuer_name(cert.get())),
      "): use a certificate signed by this deployment's CA (`frontdoor "
      "secrets issue`)"));
}

absl::Status PeerCheck::Verdict(const std::string& cert_pem) {
  if (cert_pem.empty()) {
    return absl::UnauthenticatedError(
        "certificate: none presented; use a certificate signed by this "
        "deployment's CA (`frontdoor secrets issue`)");
  }
  absl::MutexLock lock(&mu_);
  if (auto it = verdicts_.find(cert_pem); it != verdicts_.end()) {
    return it->second;
  }
  if (verdicts_.size() >= kMaxVerdicts) verdicts_.clear();
  absl::Status verdict = VerifyClientCertificate(ca_pem_, cert_pem);
  verdicts_.emplace(cert_pem, verdict);
  return verdict;
}

grpc::Status PeerCheck::Process(const InputMetadata& metadata,
                                grpc::AuthContext* context, OutputMetadata*,
                                OutputMetadata*) {
  std::string cert_pem;
  for (const grpc::string_ref& pem :
       context->FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME)) {
    cert_pem.assign(pem.data(), pem.size());
  }
  if (absl::Status verdict = Verdict(cert_pem); !verdict.ok()) {
    const auto path = metadata.find(":path");
    const bool own_method =
        path != metadata.end() &&
        absl::StartsWith(
            absl::string_view(path->second.data(), path->second.size()),
            "/frontdoor.v1.");
    // Frontdoor's own methods refuse it themselves, where the caller's
    // address is known to log; anything else (health, reflection) here.
    if (own_method) {
      context->AddProperty(kRefusedCertificateProperty,
                           std::string(verdict.message()));
      return grpc::Status::OK;
    }
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        std::string(verdict.message()));
  }
  if (allowed_.empty()) return grpc::Status::OK;
  for (const grpc::string_ref& name :
       context->FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME)) {
    for (const std::string& allowed : allowed_) {
      if (allowed == absl::string_view(name.data(), name.size())) {
        return grpc::Status::OK;
      }
    }
  }
  return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                      "this service serves only frontdoor-intake and "
                      "admin tools");
}

}  // namespace frontdoor
