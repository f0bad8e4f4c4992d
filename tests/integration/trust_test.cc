// Transport security and identity, against real services on loopback:
// plaintext and unauthenticated callers are refused, an agency over mutual
// TLS with its token is served, roles limit what a token may do, and only
// intake (and admin tools) reach threshold and stepping.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "frontdoor/v1/intake.grpc.pb.h"
#include "frontdoor/v1/threshold.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "services/common/local_ca.h"
#include "services/common/text_files.h"
#include "services/common/tokens.h"
#include "tests/integration/spine_fixture.h"

namespace frontdoor {
namespace {

class TrustTest : public SpineTest {
 protected:
  // A TLS channel presenting `identity`'s certificate (none when empty).
  std::shared_ptr<grpc::Channel> Tls(const std::string& address,
                                     const std::string& identity,
                                     const std::string& token = "") {
    const TlsFiles files =
        FilesOf(TlsDirOf(dir_.path()), identity.empty() ? "admin" : identity);
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = *ReadTextFile(files.ca);
    if (!identity.empty()) {
      options.pem_private_key = *ReadTextFile(files.key);
      options.pem_cert_chain = *ReadTextFile(files.cert);
    }
    std::shared_ptr<grpc::ChannelCredentials> credentials =
        grpc::SslCredentials(options);
    if (!token.empty()) {
      credentials = grpc::CompositeChannelCredentials(
          credentials, grpc::AccessTokenCredentials(token));
    }
    return grpc::CreateChannel(address, credentials);
  }

  std::string Issue(Role role, const std::string& agency) {
    const std::string path = TokensFileOf(dir_.path());
    absl::StatusOr<TokenBook> book = TokenBook::Load(path);
    EXPECT_TRUE(book.ok()) << book.status();
    absl::StatusOr<std::string> token = book->Issue(role, agency, 0);
    EXPECT_TRUE(token.ok()) << token.status();
    EXPECT_TRUE(book->Save(path).ok());
    return *token;
  }

  grpc::Status Submit(const std::shared_ptr<grpc::Channel>& channel,
                      const std::string& id) {
    auto stub = v1::IntakeService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    v1::SubmitContactRequest request;
    *request.mutable_contact() =
        MakeContact(id, "TRUST-CHILD", "2024-09-03T10:00:00Z", {"18C"});
    v1::SubmitContactResponse response;
    return stub->SubmitContact(&context, request, &response);
  }

  grpc::Status ReadChild(const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = v1::IntakeService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    v1::ListChildContactsRequest request;
    request.set_run_id("it");
    request.set_child_id("TRUST-CHILD");
    v1::ListChildContactsResponse response;
    return stub->ListChildContacts(&context, request, &response);
  }

  std::string intake() const { return cluster_->address(ServiceName::kIntake); }
};

TEST_F(TrustTest, PlaintextClientIsRefused) {
  const grpc::Status status = Submit(
      grpc::CreateChannel(intake(), grpc::InsecureChannelCredentials()), "T-1");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
}

TEST_F(TrustTest, TlsClientWithoutCertificateIsRefused) {
  const grpc::Status status =
      Submit(Tls(intake(), "", Issue(Role::kAgency, "police")), "T-1");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
}

TEST_F(TrustTest, TlsClientWithoutTokenIsUnauthenticated) {
  const grpc::Status status = Submit(Tls(intake(), "admin"), "T-1");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << status.error_message();
  EXPECT_EQ(Contacts("TRUST-CHILD").contacts_size(), 0);
}

TEST_F(TrustTest, UnknownTokenIsUnauthenticated) {
  const grpc::Status status =
      Submit(Tls(intake(), "admin", "fd_not-a-token"), "T-1");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TrustTest, AgencyOverMutualTlsWithItsTokenIsServed) {
  const grpc::Status status =
      Submit(Tls(intake(), "admin", Issue(Role::kAgency, "police")), "T-1");
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Contacts("TRUST-CHILD").contacts_size(), 1);
}

TEST_F(TrustTest, RevokedTokenIsRefusedAtOnce) {
  const std::string token = Issue(Role::kAgency, "health");
  const auto channel = Tls(intake(), "admin", token);
  ASSERT_TRUE(Submit(channel, "T-1").ok());
  const std::string path = TokensFileOf(dir_.path());
  absl::StatusOr<TokenBook> book = TokenBook::Load(path);
  ASSERT_TRUE(book.ok());
  EXPECT_EQ(book->Revoke("", "health"), 1);
  ASSERT_TRUE(book->Save(path).ok());
  EXPECT_EQ(Submit(channel, "T-2").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TrustTest, AnalystCannotReadAChildButMashCan) {
  ASSERT_TRUE(
      Submit(Tls(intake(), "admin", Issue(Role::kAgency, "school")), "T-1")
          .ok());
  const grpc::Status analyst =
      ReadChild(Tls(intake(), "admin", Issue(Role::kAnalyst, "insight")));
  EXPECT_EQ(analyst.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << analyst.error_message();
  const grpc::Status agency =
      ReadChild(Tls(intake(), "admin", Issue(Role::kAgency, "school")));
  EXPECT_EQ(agency.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status mash =
      ReadChild(Tls(intake(), "admin", Issue(Role::kMash, "mash-team")));
  EXPECT_TRUE(mash.ok()) << mash.error_message();
}

TEST_F(TrustTest, ThresholdServesOnlyIntakeAndAdmin) {
  const auto list = [&](const std::string& identity) {
    auto stub = v1::ThresholdService::NewStub(
        Tls(cluster_->address(ServiceName::kThreshold), identity));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    v1::ListPoliciesResponse response;
    return stub->ListPolicies(&context, v1::ListPoliciesRequest(), &response);
  };
  EXPECT_EQ(list("stepping").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(list("admin").ok());
  EXPECT_TRUE(list("intake").ok());
}

}  // namespace
}  // namespace frontdoor
