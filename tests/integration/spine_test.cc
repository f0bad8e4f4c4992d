// The spine end to end: the three real server binaries on free loopback
// ports with temporary data directories, driven over gRPC.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "clients/lib/event_stream.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/common/rpc/health.h"
#include "services/common/security/local_ca.h"
#include "services/common/security/tokens.h"
#include "tests/integration/spine_fixture.h"

namespace frontdoor {
namespace {

using ::google::protobuf::util::MessageDifferencer;

TEST_F(SpineTest, ContactBecomesDecisionAndEpisode) {
  v1::SubmitContactResponse response;
  ASSERT_TRUE(Submit(MakeContact("P-1", "C1", "2024-09-03T10:00:00Z", {"3B"}),
                     &response)
                  .ok());
  const v1::ContactRecord& record = response.record();
  EXPECT_EQ(record.status(), v1::CONTACT_STATUS_DECIDED);
  EXPECT_EQ(record.decision().outcome(), v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
  EXPECT_EQ(record.decision().policy_id(), "england-continuum");
  ASSERT_GE(record.decision().fired_rules_size(), 1);
  EXPECT_EQ(record.decision().fired_rules(0).rule_id(), "indicator:3B");

  v1::DecideResponse stored;
  ASSERT_TRUE(Decision("6:P-1", &stored).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(stored.decision(), record.decision()));
  const v1::GetChildResponse level = Level("C1");
  EXPECT_EQ(level.level(), v1::SERVICE_LEVEL_CHILD_IN_NEED);
  ASSERT_EQ(level.episodes_size(), 1);
  EXPECT_EQ(level.episodes(0).opened_by(), "6:P-1");

  // Read with others in one call, in the order asked: the same answer.
  grpc::ClientContext context;
  v1::GetChildrenRequest request;
  request.set_run_id("it");
  request.add_child_ids("never-seen");
  request.add_child_ids(Contacts("C1").child_id());
  v1::GetChildrenResponse children;
  ASSERT_TRUE(stepping_->GetChildren(&context, request, &children).ok());
  ASSERT_EQ(children.children_size(), 2);
  EXPECT_EQ(children.children(0).level(), v1::SERVICE_LEVEL_NONE);
  EXPECT_TRUE(MessageDifferencer::Equals(children.children(1), level));
}

TEST_F(SpineTest, DuplicateChangesNothing) {
  const v1::Contact contact =
      MakeContact("P-1", "C1", "2024-09-03T10:00:00Z", {"4B"});
  v1::SubmitContactResponse first, second;
  ASSERT_TRUE(Submit(contact, &first).ok());
  ASSERT_TRUE(Submit(contact, &second).ok());
  EXPECT_FALSE(first.duplicate());
  EXPECT_TRUE(second.duplicate());
  EXPECT_TRUE(MessageDifferencer::Equals(first.record(), second.record()));
  EXPECT_EQ(Contacts("C1").contacts_size(), 1);
  EXPECT_EQ(Level("C1").episodes_size(), 1);
}

TEST_F(SpineTest, BadContactIsRefusedWithTheFieldNamedAndLeavesNoTrace) {
  v1::SubmitContactResponse response;
  const grpc::Status status = Submit(
      MakeContact("P-9", "C9", "2024-09-03T10:00:00Z", {"99Z"}), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("contact.factors[0]:", 0), 0u)
      << status.error_message();
  EXPECT_EQ(Contacts("C9").contacts_size(), 0);
  EXPECT_EQ(Level("C9").level(), v1::SERVICE_LEVEL_NONE);
  v1::DecideResponse decision;
  EXPECT_EQ(Decision("6:P-9", &decision).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(SpineTest, EachServiceKilledAndRestartedKeepsItsState) {
  v1::SubmitContactResponse a, b;
  ASSERT_TRUE(
      Submit(MakeContact("P-1", "C1", "2024-01-03T10:00:00Z", {"4B"}), &a)
          .ok());
  ASSERT_TRUE(
      Submit(MakeContact("P-2", "C1", "2024-03-03T10:00:00Z", {"16A"}), &b)
          .ok());
  const v1::ListChildContactsResponse contacts_before = Contacts("C1");
  const v1::GetChildResponse level_before = Level("C1");

  for (ServiceName service : {ServiceName::kIntake, ServiceName::kThreshold,
                              ServiceName::kStepping}) {
    SCOPED_TRACE(ServiceLabel(service));
    ASSERT_TRUE(cluster_->Kill(service).ok());
    ASSERT_TRUE(cluster_->Restart(service).ok());
    Connect();
    EXPECT_TRUE(MessageDifferencer::Equals(Contacts("C1"), contacts_before));
    EXPECT_TRUE(MessageDifferencer::Equals(Level("C1"), level_before));
    v1::DecideResponse decision;
    ASSERT_TRUE(Decision("6:P-2", &decision).ok());
    EXPECT_TRUE(
        MessageDifferencer::Equals(decision.decision(), b.record().decision()));
  }
  // History survived too: a third contact sees the first two.
  v1::SubmitContactResponse c;
  ASSERT_TRUE(
      Submit(MakeContact("P-3", "C1", "2024-05-03T10:00:00Z", {}), &c).ok());
  EXPECT_EQ(c.record().prior_contacts_12m(), 2);
}

TEST_F(SpineTest, ContactAcceptedDuringAnOutageIsDecidedWhenThePeerReturns) {
  ASSERT_TRUE(cluster_->Kill(ServiceName::kThreshold).ok());
  v1::SubmitContactResponse response;
  ASSERT_TRUE(Submit(MakeContact("P-1", "C1", "2024-09-03T10:00:00Z", {"16A"}),
                     &response)
                  .ok());
  EXPECT_EQ(response.record().status(), v1::CONTACT_STATUS_PENDING);

  ASSERT_TRUE(cluster_->Restart(ServiceName::kThreshold).ok());
  // Intake sends the stalled batch again with backoff (up to 2 s); allow a
  // generous while on a loaded machine.
  v1::ContactStatus status = v1::CONTACT_STATUS_PENDING;
  for (int i = 0; i < 600 && status != v1::CONTACT_STATUS_DECIDED; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = Contacts("C1").contacts(0).status();
  }
  ASSERT_EQ(status, v1::CONTACT_STATUS_DECIDED);
  EXPECT_EQ(Contacts("C1").contacts(0).decision().outcome(),
            v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
  EXPECT_EQ(Level("C1").level(), v1::SERVICE_LEVEL_CHILD_IN_NEED);
}

TEST_F(SpineTest, IntakeSaysNotServingOnItsNameWhileAPeerIsDown) {
  const std::string intake = cluster_->address(ServiceName::kIntake);
  constexpr char kName[] = "frontdoor.v1.IntakeService";
  // Polls until intake's own name reports `want` (it checks its peers
  // every second; a loaded machine gets a minute).
  const auto becomes = [&](bool want) {
    for (int i = 0; i < 600; ++i) {
      absl::StatusOr<bool> serving = IsServing(intake, kName);
      if (serving.ok() && *serving == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  };
  ASSERT_TRUE(becomes(true));
  ASSERT_TRUE(cluster_->Kill(ServiceName::kThreshold).ok());
  EXPECT_TRUE(becomes(false));
  // The process itself still answers, and still accepts contacts.
  EXPECT_EQ(IsServing(intake, "").value_or(false), true);
  ASSERT_TRUE(cluster_->Restart(ServiceName::kThreshold).ok());
  EXPECT_TRUE(becomes(true));
}

TEST_F(SpineTest, APeerStoppingMidFlowNeverCancelsAStoredContact) {
  // Threshold gets SIGTERM while contacts keep coming: each is stored, so
  // each call says so (decided or pending), never CANCELLED or UNAVAILABLE.
  constexpr int kContacts = 120;
  std::atomic<bool> stop_now{false};
  std::thread terminator([&] {
    while (!stop_now.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_TRUE(cluster_->Terminate(ServiceName::kThreshold).ok());
  });
  int pending = 0;
  for (int i = 0; i < kContacts; ++i) {
    if (i == kContacts / 3) stop_now = true;
    // The last third surely finds threshold gone.
    if (i == 2 * kContacts / 3) terminator.join();
    v1::SubmitContactResponse response;
    const grpc::Status status =
        Submit(MakeContact(absl::StrCat("M-", i), absl::StrCat("C", i % 7),
                           absl::StrCat("2024-09-03T10:", 10 + i / 60, ":",
                                        10 + i % 60 / 2, "Z"),
                           {"16A"}),
               &response);
    // EXPECT: the terminator is joined below whatever happens.
    EXPECT_TRUE(status.ok())
        << i << ": " << status.error_code() << " " << status.error_message();
    if (response.record().status() == v1::CONTACT_STATUS_PENDING) ++pending;
  }
  EXPECT_GE(pending, kContacts / 3);

  ASSERT_TRUE(cluster_->Restart(ServiceName::kThreshold).ok());
  int decided = 0;
  for (int round = 0; round < 600 && decided < kContacts; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    decided = 0;
    for (int child = 0; child < 7; ++child) {
      const v1::ListChildContactsResponse listed =
          Contacts(absl::StrCat("C", child));
      for (const v1::ContactRecord& r : listed.contacts()) {
        decided += r.status() == v1::CONTACT_STATUS_DECIDED;
      }
    }
  }
  EXPECT_EQ(decided, kContacts);
}

TEST_F(SpineTest, EventStreamAnswersEachEventInOrderAndSurvivesABadOne) {
  cli::EventStream stream(cluster_->address(ServiceName::kIntake), "it");
  for (const v1::Contact& c : {
           MakeContact("S-1", "C1", "2024-09-03T10:00:00Z", {"4B"}),
           MakeContact("S-2", "C2", "2024-09-03T11:00:00Z", {"bad"}),
           MakeContact("S-3", "C3", "2024-09-03T12:00:00Z", {"19C"}),
       }) {
    v1::RunEvent event;
    *event.mutable_contact() = c;
    ASSERT_TRUE(stream.Add(std::move(event)).ok());
  }
  v1::RunEvent advance;
  *advance.mutable_advance_to() =
      ToProto(*ParseEventTime("2024-10-01T00:00:00Z"));
  ASSERT_TRUE(stream.Add(std::move(advance)).ok());
  absl::StatusOr<std::vector<v1::EventResult>> results = stream.Flush();
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 4u);
  EXPECT_EQ((*results)[0].contact().record().decision().outcome(),
            v1::OUTCOME_EARLY_HELP);
  EXPECT_EQ((*results)[1].error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ((*results)[2].contact().record().decision().outcome(),
            v1::OUTCOME_STRATEGY_DISCUSSION);
  EXPECT_TRUE((*results)[3].has_advanced());
}

TEST_F(SpineTest, SubmitWaitsForTheDecisionThroughARestart) {
  ASSERT_TRUE(cluster_->Kill(ServiceName::kThreshold).ok());
  const std::string bin =
      std::filesystem::read_symlink("/proc/self/exe").parent_path().string();
  const std::string command = absl::StrCat(
      "FRONTDOOR_DATA_DIR=", dir_.path(), " ", bin,
      "/frontdoor submit --source=6 --id=W-1 --child=CW --run=it ",
      "--dob=2019-04-02 --factors=16A --time=2024-09-03T10:15:00Z",
      " --intake=", cluster_->address(ServiceName::kIntake),
      " --stepping=", cluster_->address(ServiceName::kStepping),
      " --threshold=", cluster_->address(ServiceName::kThreshold), " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  // The contact is accepted and waits; threshold comes back a little later.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  ASSERT_TRUE(cluster_->Restart(ServiceName::kThreshold).ok());
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  ASSERT_EQ(pclose(pipe), 0) << output;
  EXPECT_NE(output.find("waiting for its decision"), std::string::npos)
      << output;
  EXPECT_NE(output.find("social care assessment"), std::string::npos) << output;
  EXPECT_EQ(Contacts("CW").contacts(0).status(), v1::CONTACT_STATUS_DECIDED);
}

// A command's exit status and what it printed (stdout and stderr).
std::pair<int, std::string> RunCommand(const std::string& command) {
  FILE* pipe = popen(absl::StrCat(command, " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  return {pclose(pipe), output};
}

TEST_F(SpineTest, PartnerOnboardedByTheToolSubmitsWithOnlyTheProtos) {
  // The partner's folder, as deploy/README.md onboards it: the CA, a client
  // certificate of its own and its token, from `frontdoor secrets issue`.
  const std::string bin =
      std::filesystem::read_symlink("/proc/self/exe").parent_path().string();
  const std::string partner = absl::StrCat(dir_.path(), "/partner-police");
  const auto [issued, issue_output] = RunCommand(
      absl::StrCat(bin, "/frontdoor secrets issue --data_dir=", dir_.path(),
                   " --agency=police --sources=3B --out=", partner));
  ASSERT_EQ(issued, 0) << issue_output;
  // The client: Debian's python3-grpcio and protoc, the protos and the
  // folder; nothing else of frontdoor's.
  const auto [status, output] = RunCommand(
      absl::StrCat("/usr/bin/python3 ", FRONTDOOR_SOURCE_DIR,
                   "/tests/python/submit_contact.py --address=",
                   cluster_->address(ServiceName::kIntake),
                   " --protos=", FRONTDOOR_SOURCE_DIR,
                   "/protos --partner=", partner, " --agency=police --run=it"));
  ASSERT_EQ(status, 0) << output;
  EXPECT_NE(output.find("OUTCOME_STRATEGY_DISCUSSION"), std::string::npos)
      << output;
  EXPECT_EQ(Contacts("PY-CHILD").contacts_size(), 1);
}

}  // namespace
}  // namespace frontdoor
