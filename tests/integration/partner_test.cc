// A partner agency's certificate against real services: one signed by
// another CA is refused with its reason (UNAUTHENTICATED, not gRPC's bare
// "Socket closed") and the refusal is logged with the caller's address; one
// from `secrets issue` is served until it is revoked, and a new one issued
// for the agency rotates it.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "frontdoor/v1/intake.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/common/security/client_certs.h"
#include "tests/integration/trust_fixture.h"

namespace frontdoor {
namespace {

class PartnerTest : public TrustTest {
 protected:
  // A channel presenting `cert_pem` and `key_pem`, trusting this
  // deployment's CA for the server, with `token`.
  std::shared_ptr<grpc::Channel> Presenting(const std::string& cert_pem,
                                            const std::string& key_pem,
                                            const std::string& token) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs =
        *ReadTextFile(FilesOf(TlsDirOf(dir_.path()), "admin").ca);
    options.pem_cert_chain = cert_pem;
    options.pem_private_key = key_pem;
    return grpc::CreateChannel(
        intake(),
        grpc::CompositeChannelCredentials(grpc::SslCredentials(options),
                                          grpc::AccessTokenCredentials(token)));
  }

  // Issues a partner certificate for `agency`, as `secrets issue` does.
  SignedCertificate IssueCertificate(const std::string& agency) {
    const std::string tls = TlsDirOf(dir_.path());
    absl::StatusOr<CertificateBook> book =
        CertificateBook::Load(CertificatesFileOf(tls));
    EXPECT_TRUE(book.ok()) << book.status();
    absl::StatusOr<SignedCertificate> cert = book->Issue(tls, agency, 0);
    EXPECT_TRUE(cert.ok()) << cert.status();
    EXPECT_TRUE(book->Save(CertificatesFileOf(tls)).ok());
    return *cert;
  }

  int Revoke(const std::string& agency, const std::string& serial) {
    const std::string path = CertificatesFileOf(TlsDirOf(dir_.path()));
    absl::StatusOr<CertificateBook> book = CertificateBook::Load(path);
    EXPECT_TRUE(book.ok());
    const int revoked = book->Revoke(agency, serial);
    EXPECT_TRUE(book->Save(path).ok());
    return revoked;
  }
};

TEST_F(PartnerTest, AnotherCasCertificateIsRefusedWithItsReasonAndLogged) {
  testing::TempDir other;
  ASSERT_TRUE(EnsureLocalCa(TlsDirOf(other.path())).ok());
  const TlsFiles foreign = FilesOf(TlsDirOf(other.path()), "admin");
  const auto channel =
      Presenting(*ReadTextFile(foreign.cert), *ReadTextFile(foreign.key),
                 Issue(Role::kAgency, "police"));
  const grpc::Status status = Submit(channel, "X-1");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << status.error_message();
  EXPECT_NE(status.error_message().find("certificate: "), std::string::npos)
      << status.error_message();
  EXPECT_EQ(Contacts("TRUST-CHILD").contacts_size(), 0);

  // Health and reflection are refused too, with the same reason.
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(20));
  grpc::health::v1::HealthCheckResponse answer;
  EXPECT_EQ(
      health->Check(&context, grpc::health::v1::HealthCheckRequest(), &answer)
          .error_code(),
      grpc::StatusCode::UNAUTHENTICATED);

  // The service's log names the caller's address and the reason.
  ExpectRefusalLogged("certificate: ");
}

TEST_F(PartnerTest, APartnersCertificateIsServedUntilRevokedAndRotates) {
  const std::string token = Issue(Role::kAgency, "police");
  const SignedCertificate first = IssueCertificate("police");
  EXPECT_TRUE(
      Submit(Presenting(first.cert_pem, first.key_pem, token), "R-1").ok());

  // Rotation: a second certificate, then the first revoked by serial.
  const SignedCertificate second = IssueCertificate("police");
  EXPECT_NE(second.serial, first.serial);
  ASSERT_EQ(Revoke("", first.serial), 1);
  const grpc::Status revoked =
      Submit(Presenting(first.cert_pem, first.key_pem, token), "R-2");
  EXPECT_EQ(revoked.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << revoked.error_message();
  EXPECT_TRUE(
      Submit(Presenting(second.cert_pem, second.key_pem, token), "R-3").ok());

  // Revoking the agency takes its every certificate.
  ASSERT_EQ(Revoke("police", ""), 1);
  EXPECT_EQ(Submit(Presenting(second.cert_pem, second.key_pem, token), "R-4")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Contacts("TRUST-CHILD").contacts_size(), 2);
}

}  // namespace
}  // namespace frontdoor
