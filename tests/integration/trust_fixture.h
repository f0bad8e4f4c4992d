// Real services over mutual TLS with tokens, and clients that present a
// chosen certificate and token: what the trust tests share.
#ifndef FRONTDOOR_TESTS_INTEGRATION_TRUST_FIXTURE_H_
#define FRONTDOOR_TESTS_INTEGRATION_TRUST_FIXTURE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "lib/domain/text_files.h"
#include "services/common/security/local_ca.h"
#include "services/common/security/tokens.h"
#include "tests/integration/spine_fixture.h"

namespace frontdoor {

// The three services with the local CA and tokens, as `frontdoor up` runs
// them.
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

  // A token for `agency`; an agency's submits as `sources` (by default
  // the fixture's contacts' source, 6).
  std::string Issue(Role role, const std::string& agency,
                    std::vector<std::string> sources = {"6"}) {
    const std::string path = TokensFileOf(dir_.path());
    absl::StatusOr<TokenBook> book = TokenBook::Load(path);
    EXPECT_TRUE(book.ok()) << book.status();
    if (role != Role::kAgency) sources.clear();
    absl::StatusOr<std::string> token =
        book->Issue(role, agency, 0, std::move(sources));
    EXPECT_TRUE(token.ok()) << token.status();
    EXPECT_TRUE(book->Save(path).ok());
    return *token;
  }

  grpc::Status Submit(const std::shared_ptr<grpc::Channel>& channel,
                      const std::string& id,
                      v1::SubmitContactResponse* response = nullptr) {
    return SubmitAs(
        channel,
        MakeContact(id, "TRUST-CHILD", "2024-09-03T10:00:00Z", {"18C"}),
        response);
  }

  grpc::Status SubmitAs(const std::shared_ptr<grpc::Channel>& channel,
                        const v1::Contact& contact,
                        v1::SubmitContactResponse* response = nullptr) {
    auto stub = v1::IntakeService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    v1::SubmitContactRequest request;
    *request.mutable_contact() = contact;
    v1::SubmitContactResponse ignored;
    return stub->SubmitContact(&context, request,
                               response == nullptr ? &ignored : response);
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

  // Expects intake's log to hold a "refused a caller" line naming the
  // caller's loopback address and `reason`.
  void ExpectRefusalLogged(const std::string& reason) {
    const absl::StatusOr<std::string> log =
        ReadTextFile(absl::StrCat(dir_.path(), "/logs/intake.log"));
    ASSERT_TRUE(log.ok());
    const size_t line = log->find("refused a caller");
    ASSERT_NE(line, std::string::npos) << *log;
    const std::string refusal = log->substr(line, log->find('\n', line) - line);
    EXPECT_NE(refusal.find("\"peer\":\"ipv4:127.0.0.1:"), std::string::npos)
        << refusal;
    EXPECT_NE(refusal.find(reason), std::string::npos) << refusal;
  }
};

}  // namespace frontdoor

#endif  // FRONTDOOR_TESTS_INTEGRATION_TRUST_FIXTURE_H_
