// Transport security and identity, against real services on loopback:
// plaintext and unauthenticated callers are refused, an agency over mutual
// TLS with its token is served, roles limit what a token may do, and only
// intake (and admin tools) reach threshold and stepping.
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "frontdoor/v1/intake.grpc.pb.h"
#include "frontdoor/v1/threshold.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "lib/domain/text_files.h"
#include "services/common/security/local_ca.h"
#include "services/common/security/pseudonymiser.h"
#include "services/common/security/tokens.h"
#include "tests/integration/trust_fixture.h"

namespace frontdoor {
namespace {

TEST_F(TrustTest, PlaintextClientIsRefused) {
  const grpc::Status status = Submit(
      grpc::CreateChannel(intake(), grpc::InsecureChannelCredentials()), "T-1");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
}

// Refused per call, not at the handshake: the refusal says why, and the
// service logs it with the caller's address.
TEST_F(TrustTest, TlsClientWithoutCertificateIsRefusedAndLogged) {
  const grpc::Status status =
      Submit(Tls(intake(), "", Issue(Role::kAgency, "police")), "T-1");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << status.error_message();
  EXPECT_NE(status.error_message().find("certificate: none presented"),
            std::string::npos)
      << status.error_message();
  EXPECT_EQ(Contacts("TRUST-CHILD").contacts_size(), 0);
  ExpectRefusalLogged("certificate: none presented");
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
  const auto list = [&](const std::string& identity, const std::string& token) {
    auto stub = v1::ThresholdService::NewStub(
        Tls(cluster_->address(ServiceName::kThreshold), identity, token));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    v1::ListPoliciesResponse response;
    return stub->ListPolicies(&context, v1::ListPoliciesRequest(), &response);
  };
  const std::string analyst = Issue(Role::kAnalyst, "insight");
  EXPECT_EQ(list("stepping", analyst).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(list("admin", analyst).ok());
  EXPECT_TRUE(list("intake", "").ok());
}

// Every byte the services keep (RocksDB files and logs alike), by path.
std::vector<std::pair<std::string, std::string>> Kept(const std::string& root) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    absl::StatusOr<std::string> bytes = ReadTextFile(entry.path().string());
    if (bytes.ok()) files.emplace_back(entry.path().string(), *bytes);
  }
  return files;
}

TEST_F(TrustTest, RawChildIdsNeverReachADiskAndQueriesFindThePseudonym) {
  const std::string raw = "RAW-CHILD-7f3a9c";
  const auto agency = Tls(intake(), "admin", Issue(Role::kAgency, "police"));
  v1::SubmitContactResponse submitted;
  {
    auto stub = v1::IntakeService::NewStub(agency);
    grpc::ClientContext context;
    v1::SubmitContactRequest request;
    *request.mutable_contact() =
        MakeContact("T-1", raw, "2024-09-03T10:00:00Z", {"3B"});
    ASSERT_TRUE(stub->SubmitContact(&context, request, &submitted).ok());
  }
  const std::string pseudonym = submitted.record().contact().child_id();
  EXPECT_TRUE(Pseudonymiser::IsChildPseudonym(pseudonym)) << pseudonym;
  {
    // A finding names the child by its raw id too.
    auto stub = v1::IntakeService::NewStub(agency);
    grpc::ClientContext context;
    v1::RecordAssessmentRequest finding;
    finding.set_run_id("it");
    finding.set_child_id(raw);
    finding.set_contact_id(submitted.record().contact_id());
    finding.set_finding(v1::ASSESSMENT_FINDING_CHILD_IN_NEED);
    *finding.mutable_event_time() = ToProto(*ParseEventTime("2024-09-20"));
    v1::EventResult result;
    const grpc::Status status =
        stub->RecordAssessment(&context, finding, &result);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_FALSE(result.has_error()) << result.error().message();
  }
  // Queries hash the raw id the same way, and say what it is stored as.
  const v1::ListChildContactsResponse by_raw = Contacts(raw);
  EXPECT_EQ(by_raw.contacts_size(), 1);
  EXPECT_EQ(by_raw.child_id(), pseudonym);
  EXPECT_EQ(Contacts(pseudonym).contacts_size(), 1);
  EXPECT_EQ(Level(raw).episodes_size(), 1);
  ASSERT_TRUE(cluster_->Stop().ok());
  int holding_pseudonym = 0;
  for (const auto& [path, bytes] : Kept(dir_.path())) {
    EXPECT_EQ(bytes.find(raw), std::string::npos) << path;
    if (bytes.find(pseudonym) != std::string::npos) ++holding_pseudonym;
  }
  // The search can find an id: the pseudonym is there.
  EXPECT_GT(holding_pseudonym, 0);
}

TEST_F(TrustTest, DataFoldersAndFilesAreTheirOwnersAlone) {
  ASSERT_TRUE(
      Submit(Tls(intake(), "admin", Issue(Role::kAgency, "police")), "T-1")
          .ok());
  ASSERT_TRUE(cluster_->Stop().ok());
  int checked = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(dir_.path())) {
    const auto perms = std::filesystem::status(entry.path()).permissions();
    EXPECT_EQ(perms & (std::filesystem::perms::group_all |
                       std::filesystem::perms::others_all),
              std::filesystem::perms::none)
        << entry.path();
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

}  // namespace
}  // namespace frontdoor
