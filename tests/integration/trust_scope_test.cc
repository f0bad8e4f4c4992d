// What each caller may reach, against real services over mutual TLS with
// tokens: an agency submits only as its own sources, into live runs, and
// learns nothing of another agency's contacts; a finished run is read-only;
// threshold and stepping ask every caller but intake for a token, and only
// intake deletes there; admin requests are checked field by field. Each
// test is a case issue 35 measured.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frontdoor/v1/intake.grpc.pb.h"
#include "frontdoor/v1/stepping.grpc.pb.h"
#include "frontdoor/v1/threshold.grpc.pb.h"
#include "gtest/gtest.h"
#include "lib/policy/policy_file.h"
#include "tests/integration/trust_fixture.h"

namespace frontdoor {
namespace {

using grpc::StatusCode;

std::chrono::system_clock::time_point Soon() {
  return std::chrono::system_clock::now() + std::chrono::seconds(20);
}

class TrustScopeTest : public TrustTest {
 protected:
  // Creates `run_id` of `kind` through the fixture's admin channel.
  grpc::Status CreateRun(const std::string& run_id, v1::RunKind kind,
                         const v1::Scenario& scenario = v1::Scenario()) {
    grpc::ClientContext context;
    context.set_deadline(Soon());
    v1::CreateRunRequest request;
    request.mutable_config()->set_run_id(run_id);
    request.mutable_config()->set_kind(kind);
    *request.mutable_config()->mutable_scenario() = scenario;
    v1::RunInfo info;
    return intake_->CreateRun(&context, request, &info);
  }

  grpc::Status FinishRun(const std::string& run_id) {
    grpc::ClientContext context;
    context.set_deadline(Soon());
    v1::FinishRunRequest request;
    request.set_run_id(run_id);
    v1::RunInfo info;
    return intake_->FinishRun(&context, request, &info);
  }

  // The fixture's contact in another run.
  static v1::Contact InRun(const std::string& run_id, const std::string& id) {
    v1::Contact contact =
        MakeContact(id, "SCOPE-CHILD", "2024-09-03T10:00:00Z", {"18C"});
    contact.set_run_id(run_id);
    return contact;
  }

  std::string threshold() const {
    return cluster_->address(ServiceName::kThreshold);
  }
  std::string stepping() const {
    return cluster_->address(ServiceName::kStepping);
  }
};

TEST_F(TrustScopeTest, AnAgencySubmitsOnlyAsItsOwnSources) {
  const auto school =
      Tls(intake(), "admin", Issue(Role::kAgency, "school", {"2A", "2B"}));
  // The fixture's contacts come from the police (source 6).
  const grpc::Status as_police = Submit(school, "S-1");
  EXPECT_EQ(as_police.error_code(), StatusCode::PERMISSION_DENIED)
      << as_police.error_message();
  EXPECT_NE(as_police.error_message().find("contact.source"), std::string::npos)
      << as_police.error_message();
  EXPECT_EQ(Contacts("TRUST-CHILD").contacts_size(), 0);
  v1::Contact own =
      MakeContact("S-1", "TRUST-CHILD", "2024-09-03T10:00:00Z", {"18C"});
  own.set_source("2A");
  EXPECT_TRUE(SubmitAs(school, own).ok());
}

TEST_F(TrustScopeTest, AnotherAgencysContactIsNeitherFoundNorDisclosed) {
  const auto police = Tls(intake(), "admin", Issue(Role::kAgency, "police"));
  const auto other = Tls(intake(), "admin", Issue(Role::kAgency, "btp"));
  v1::SubmitContactResponse first;
  ASSERT_TRUE(Submit(police, "P-1", &first).ok());
  ASSERT_EQ(first.record().submitted_by(), "police");

  // The same (source, source contact id) from another agency that submits
  // as the same source: a contact of its own, not police's record.
  v1::SubmitContactResponse same;
  const grpc::Status same_status = Submit(other, "P-1", &same);
  ASSERT_TRUE(same_status.ok()) << same_status.error_message();
  EXPECT_FALSE(same.duplicate());
  EXPECT_EQ(same.record().submitted_by(), "btp");
  EXPECT_NE(same.record().contact_id(), first.record().contact_id());

  // A wrong guess at a field answers as a right one does: no conflict that
  // would confirm the first record's content.
  v1::Contact guess =
      MakeContact("P-1", "OTHER-CHILD", "2024-09-03T10:00:00Z", {"18C"});
  v1::SubmitContactResponse guessed;
  const auto other2 = Tls(intake(), "admin", Issue(Role::kAgency, "nca"));
  const grpc::Status wrong = SubmitAs(other2, guess, &guessed);
  EXPECT_TRUE(wrong.ok()) << wrong.error_message();
  EXPECT_FALSE(guessed.duplicate());
  EXPECT_EQ(guessed.record().submitted_by(), "nca");

  // Police's own resubmission is still its duplicate.
  v1::SubmitContactResponse again;
  ASSERT_TRUE(Submit(police, "P-1", &again).ok());
  EXPECT_TRUE(again.duplicate());
  EXPECT_EQ(again.record().contact_id(), first.record().contact_id());
}

TEST_F(TrustScopeTest, AnAgencyRecordsFindingsOnlyOnItsOwnContacts) {
  v1::SubmitContactResponse submitted;
  ASSERT_TRUE(Submit(Tls(intake(), "admin", Issue(Role::kAgency, "police")),
                     "P-1", &submitted)
                  .ok());
  auto stub = v1::IntakeService::NewStub(
      Tls(intake(), "admin", Issue(Role::kAgency, "health", {"3A"})));
  grpc::ClientContext context;
  context.set_deadline(Soon());
  v1::RecordAssessmentRequest finding;
  finding.set_run_id("it");
  finding.set_child_id("TRUST-CHILD");
  finding.set_contact_id(submitted.record().contact_id());
  finding.set_finding(v1::ASSESSMENT_FINDING_CHILD_IN_NEED);
  *finding.mutable_event_time() = ToProto(*ParseEventTime("2024-09-20"));
  v1::EventResult result;
  const grpc::Status status =
      stub->RecordAssessment(&context, finding, &result);
  EXPECT_EQ(status.error_code(), StatusCode::PERMISSION_DENIED)
      << status.error_message();
}

TEST_F(TrustScopeTest, AnAgencyWritesOnlyToLiveRuns) {
  ASSERT_TRUE(CreateRun("sim", v1::RUN_KIND_SIMULATION).ok());
  ASSERT_TRUE(CreateRun("replayed", v1::RUN_KIND_REPLAY).ok());
  ASSERT_TRUE(CreateRun("live", v1::RUN_KIND_LIVE).ok());
  const auto police = Tls(intake(), "admin", Issue(Role::kAgency, "police"));
  for (const std::string run : {"sim", "replayed"}) {
    const grpc::Status status = SubmitAs(police, InRun(run, "P-1"));
    EXPECT_EQ(status.error_code(), StatusCode::PERMISSION_DENIED)
        << run << ": " << status.error_message();
  }
  EXPECT_TRUE(SubmitAs(police, InRun("live", "P-1")).ok());
  // The default run, never created, is live.
  EXPECT_TRUE(SubmitAs(police, InRun("", "P-2")).ok());
  // The MASH (like analysts, on the bulk path) fills simulations.
  const auto mash = Tls(intake(), "admin", Issue(Role::kMash, "mash-team"));
  EXPECT_TRUE(SubmitAs(mash, InRun("sim", "P-1")).ok());
}

TEST_F(TrustScopeTest, AFinishedRunIsReadOnly) {
  v1::SubmitContactResponse response;
  ASSERT_TRUE(SpineTest::Submit(InRun("it", "F-1"), &response).ok());
  ASSERT_TRUE(FinishRun("it").ok());
  // What it holds is answered again, so a command run again over it ends
  // as it did ...
  v1::SubmitContactResponse again;
  ASSERT_TRUE(SpineTest::Submit(InRun("it", "F-1"), &again).ok());
  EXPECT_TRUE(again.duplicate());
  // ... but not even the admin adds to it, nor moves its clock.
  const grpc::Status late = SpineTest::Submit(InRun("it", "F-2"), &response);
  EXPECT_EQ(late.error_code(), StatusCode::FAILED_PRECONDITION)
      << late.error_message();
  {
    grpc::ClientContext context;
    context.set_deadline(Soon());
    v1::AdvanceToRequest advance;
    advance.set_run_id("it");
    *advance.mutable_event_time() = ToProto(*ParseEventTime("2024-10-01"));
    v1::EventResult result;
    EXPECT_EQ(intake_->AdvanceTo(&context, advance, &result).error_code(),
              StatusCode::FAILED_PRECONDITION);
  }
  grpc::ClientContext context;
  context.set_deadline(Soon());
  v1::ListRunsResponse runs;
  ASSERT_TRUE(intake_->ListRuns(&context, v1::ListRunsRequest(), &runs).ok());
  ASSERT_EQ(runs.runs_size(), 1);
  EXPECT_TRUE(runs.runs(0).finished());
  EXPECT_EQ(runs.runs(0).contacts(), 1);
}

TEST_F(TrustScopeTest, ThresholdAndSteppingAskEveryCallerButIntakeForAToken) {
  // An admin certificate alone reads nothing.
  {
    auto stub = v1::ThresholdService::NewStub(Tls(threshold(), "admin"));
    grpc::ClientContext context;
    context.set_deadline(Soon());
    v1::ListPoliciesResponse policies;
    EXPECT_EQ(stub->ListPolicies(&context, v1::ListPoliciesRequest(), &policies)
                  .error_code(),
              StatusCode::UNAUTHENTICATED);
  }
  // A child's level: not without a token, nor with an analyst's; the MASH
  // may read it.
  const auto get_child = [&](const std::string& token) {
    auto stub = v1::SteppingService::NewStub(Tls(stepping(), "admin", token));
    grpc::ClientContext context;
    context.set_deadline(Soon());
    v1::GetChildRequest request;
    request.set_run_id("it");
    request.set_child_id("TRUST-CHILD");
    v1::GetChildResponse child;
    return stub->GetChild(&context, request, &child).error_code();
  };
  EXPECT_EQ(get_child(""), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(get_child(Issue(Role::kAnalyst, "insight")),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(get_child(Issue(Role::kMash, "mash-team")), StatusCode::OK);
}

TEST_F(TrustScopeTest, ARunIsDeletedOnlyThroughIntakeAndThenEverywhere) {
  v1::SubmitContactResponse response;
  ASSERT_TRUE(SpineTest::Submit(InRun("it", "D-1"), &response).ok());
  const std::string admin = Issue(Role::kAdmin, "ops");
  v1::DeleteRunRequest request;
  request.set_run_id("it");
  v1::DeleteRunResponse deleted;
  {
    auto stub = v1::ThresholdService::NewStub(Tls(threshold(), "admin", admin));
    grpc::ClientContext context;
    context.set_deadline(Soon());
    EXPECT_EQ(stub->DeleteRun(&context, request, &deleted).error_code(),
              StatusCode::PERMISSION_DENIED);
  }
  {
    auto stub = v1::SteppingService::NewStub(Tls(stepping(), "admin", admin));
    grpc::ClientContext context;
    context.set_deadline(Soon());
    EXPECT_EQ(stub->DeleteRun(&context, request, &deleted).error_code(),
              StatusCode::PERMISSION_DENIED);
  }
  // The run is untouched, and intake's delete takes it from all three.
  v1::DecideResponse decision;
  EXPECT_TRUE(Decision(response.record().contact_id(), &decision).ok());
  auto stub = v1::IntakeService::NewStub(Tls(intake(), "admin", admin));
  grpc::ClientContext context;
  context.set_deadline(Soon());
  ASSERT_TRUE(stub->DeleteRun(&context, request, &deleted).ok());
  EXPECT_EQ(Decision(response.record().contact_id(), &decision).error_code(),
            StatusCode::NOT_FOUND);
  grpc::ClientContext list_context;
  v1::ListRunsResponse runs;
  ASSERT_TRUE(
      intake_->ListRuns(&list_context, v1::ListRunsRequest(), &runs).ok());
  EXPECT_EQ(runs.runs_size(), 0);
}

TEST_F(TrustScopeTest, AdminRequestsAreCheckedFieldByField) {
  const auto refused = [&](v1::Scenario scenario, const std::string& field) {
    const grpc::Status status =
        CreateRun("bad", v1::RUN_KIND_SIMULATION, scenario);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_NE(status.error_message().find(field), std::string::npos)
        << status.error_message();
  };
  v1::Scenario scenario;
  scenario.set_child_population(-5);
  refused(scenario, "child_population");
  scenario = v1::Scenario();
  scenario.set_days(1000000000);
  refused(scenario, "days");
  scenario = v1::Scenario();
  scenario.mutable_mash()->set_screeners(-3);
  refused(scenario, "mash.screeners");
  scenario = v1::Scenario();
  scenario.set_local_authority("../../etc");
  refused(scenario, "local_authority");

  // A policy whose own cases fail is refused by threshold itself.
  absl::StatusOr<Policy> compiled = LoadPolicyFile(
      std::string(FRONTDOOR_SOURCE_DIR) + "/policies/default.textproto");
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  std::optional<v1::ThresholdPolicy> policy = compiled->spec();
  policy->set_version(policy->version() + 1);
  ASSERT_GT(policy->tests_size(), 0);
  policy->mutable_tests(0)->mutable_expect()->set_outcome(
      v1::OUTCOME_STRATEGY_DISCUSSION);
  grpc::ClientContext context;
  context.set_deadline(Soon());
  v1::LoadPolicyRequest request;
  *request.mutable_policy() = *policy;
  request.set_source_name("broken.textproto");
  v1::LoadPolicyResponse loaded;
  const grpc::Status status =
      threshold_->LoadPolicy(&context, request, &loaded);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("policy.tests"), std::string::npos)
      << status.error_message();
}

}  // namespace
}  // namespace frontdoor
