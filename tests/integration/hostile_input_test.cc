// Hostile input sent straight to each service, as a caller holding intake's
// certificate could send it: every request is refused with INVALID_ARGUMENT
// naming the field, the error quotes at most a short prefix of what was sent,
// and nothing is stored (every service's digest of the run is unchanged).
#include <string>

#include "gtest/gtest.h"
#include "services/common/security/local_ca.h"
#include "tests/integration/spine_fixture.h"

namespace frontdoor {
namespace {

class HostileInputTest : public SpineTest {
 protected:
  void SetUp() override {
    SpineTest::SetUp();
    // Straight to threshold and stepping as intake, the only caller they
    // take these requests from: what they refuse, they refuse even from it.
    for (ServiceName peer : {ServiceName::kThreshold, ServiceName::kStepping}) {
      ASSERT_TRUE(
          UseTransportFor(cluster_->address(peer),
                          {.files = FilesOf(TlsDirOf(dir_.path()), "intake")})
              .ok());
    }
    Connect();
    v1::SubmitContactResponse response;
    ASSERT_TRUE(Submit(MakeContact("H-1", "C1", "2024-01-08T09:00:00Z", {"3B"}),
                       &response)
                    .ok());
    before_ = Digests();
  }

  // Each service's digest of run "it" and of the default run.
  std::string Digests() {
    std::string all;
    for (const std::string run : {"it", ""}) {
      v1::GetRunDigestRequest request;
      request.set_run_id(run);
      v1::RunDigest digest;
      {
        grpc::ClientContext context;
        EXPECT_TRUE(threshold_->GetRunDigest(&context, request, &digest).ok());
        all += digest.sha256();
      }
      {
        grpc::ClientContext context;
        EXPECT_TRUE(stepping_->GetRunDigest(&context, request, &digest).ok());
        all += digest.sha256();
      }
      {
        grpc::ClientContext context;
        EXPECT_TRUE(intake_->GetRunDigest(&context, request, &digest).ok());
        all += digest.sha256();
      }
    }
    return all;
  }

  // A refusal naming `field`, with a short message.
  static void ExpectRefused(const grpc::Status& status,
                            const std::string& field) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << field << ": " << status.error_message().substr(0, 200);
    EXPECT_EQ(status.error_message().rfind(field, 0), 0u)
        << "want the message to start with " << field << ", got "
        << status.error_message().substr(0, 200);
    EXPECT_LT(status.error_message().size(), 300u) << field;
  }

  v1::DecideRequest GoodDecide() {
    v1::DecideRequest request;
    request.set_contact_id("6:H-2");
    *request.mutable_contact() =
        MakeContact("H-2", "C2", "2024-01-09T09:00:00Z", {"3B"});
    return request;
  }

  // One contact in a batch of run "it", as a caller outside intake's flow
  // would send it.
  grpc::Status Decide(const v1::DecideRequest& one) {
    grpc::ClientContext context;
    v1::DecideBatchRequest request;
    request.set_run_id("it");
    *request.add_requests() = one;
    v1::DecideBatchResponse response;
    return threshold_->DecideBatch(&context, request, &response);
  }

  v1::ApplyDecisionRequest GoodApply() {
    v1::ApplyDecisionRequest request;
    request.set_run_id("it");
    request.set_child_id("C2");
    request.set_contact_id("6:H-2");
    request.set_outcome(v1::OUTCOME_EARLY_HELP);
    request.set_need_level(2);
    *request.mutable_event_time() =
        ToProto(*ParseEventTime("2024-01-09T09:00:00Z"));
    return request;
  }

  grpc::Status Apply(const v1::ApplyDecisionRequest& one) {
    grpc::ClientContext context;
    v1::ApplyBatchRequest request;
    request.set_run_id("it");
    *request.add_decisions() = one;
    v1::ApplyBatchResponse response;
    return stepping_->ApplyBatch(&context, request, &response);
  }

  std::string before_;
};

TEST_F(HostileInputTest, ThresholdRefusesWhatIntakeWouldAndStoresNothing) {
  v1::DecideRequest r = GoodDecide();
  r.mutable_contact()->set_run_id(std::string("h\0/evil", 7));
  ExpectRefused(Decide(r), "contact.run_id");

  r = GoodDecide();
  r.mutable_contact()->set_run_id(std::string(100000, 'r'));
  ExpectRefused(Decide(r), "contact.run_id");

  r = GoodDecide();
  r.set_current_level(static_cast<v1::ServiceLevel>(77));
  ExpectRefused(Decide(r), "current_level");

  r = GoodDecide();
  r.set_prior_contacts_12m(-5);
  ExpectRefused(Decide(r), "prior_contacts_12m");

  r = GoodDecide();
  r.mutable_contact()->set_door(static_cast<v1::Door>(99));
  ExpectRefused(Decide(r), "contact.door");

  r = GoodDecide();
  r.mutable_contact()->set_source(std::string(1 << 20, 'S'));
  ExpectRefused(Decide(r), "contact.source");

  r = GoodDecide();
  r.mutable_contact()->mutable_event_time()->set_seconds(-62135596800);
  ExpectRefused(Decide(r), "contact.event_time");

  EXPECT_EQ(Digests(), before_);
}

TEST_F(HostileInputTest, SteppingRefusesUnknownValuesAndStoresNothing) {
  v1::ApplyDecisionRequest a = GoodApply();
  a.set_outcome(static_cast<v1::Outcome>(99));
  ExpectRefused(Apply(a), "outcome");

  a = GoodApply();
  a.set_need_level(-7);
  ExpectRefused(Apply(a), "need_level");

  a = GoodApply();
  a.mutable_event_time()->set_seconds(-62135596800);  // year 1
  ExpectRefused(Apply(a), "event_time");

  a = GoodApply();
  a.mutable_event_time()->set_seconds(253370764800);  // year 9999
  ExpectRefused(Apply(a), "event_time");

  {
    grpc::ClientContext context;
    v1::ObserveRequest request;
    request.set_run_id("it");
    v1::RecordAssessmentRequest* finding = request.add_ops()->mutable_finding();
    finding->set_child_id("C1");
    finding->set_contact_id("6:H-1");
    finding->set_finding(static_cast<v1::AssessmentFinding>(99));
    *finding->mutable_event_time() =
        ToProto(*ParseEventTime("2024-01-20T09:00:00Z"));
    v1::ObserveResponse response;
    ExpectRefused(stepping_->Observe(&context, request, &response),
                  "finding.finding");
  }
  {
    grpc::ClientContext context;
    v1::StepDownRequest request;
    request.set_run_id("it");
    request.set_child_id("C1");
    request.set_request_id("sd-1");
    request.set_to_level(static_cast<v1::ServiceLevel>(77));
    *request.mutable_event_time() =
        ToProto(*ParseEventTime("2024-01-20T09:00:00Z"));
    v1::StepDownResponse response;
    ExpectRefused(stepping_->StepDown(&context, request, &response),
                  "to_level");
  }
  EXPECT_EQ(Digests(), before_);
}

TEST_F(HostileInputTest, IntakeRefusesUnknownValuesAndBoundsItsErrors) {
  v1::SubmitContactResponse response;
  v1::Contact c = MakeContact("H-3", "C3", "2024-01-10T09:00:00Z", {"3B"});
  c.set_door(static_cast<v1::Door>(99));
  ExpectRefused(Submit(c, &response), "contact.door");

  c = MakeContact("H-3", "C3", "2024-01-10T09:00:00Z", {"3B"});
  c.set_source(std::string(1 << 20, 'S'));
  ExpectRefused(Submit(c, &response), "contact.source");

  c = MakeContact("H-3", "C3", "2024-01-10T09:00:00Z", {"3B"});
  c.add_factors("Jane Doe, 12 Acacia Avenue, a long note about the family");
  const grpc::Status named = Submit(c, &response);
  ExpectRefused(named, "contact.factors[1]");
  EXPECT_EQ(named.error_message().find("note about the family"),
            std::string::npos)
      << "free text beyond a short prefix is not echoed";
  {
    grpc::ClientContext context;
    v1::RecordAssessmentRequest finding;
    finding.set_run_id("it");
    finding.set_child_id("C1");
    finding.set_contact_id("6:H-1");
    finding.set_finding(static_cast<v1::AssessmentFinding>(99));
    *finding.mutable_event_time() =
        ToProto(*ParseEventTime("2024-01-20T09:00:00Z"));
    v1::EventResult result;
    ExpectRefused(intake_->RecordAssessment(&context, finding, &result),
                  "finding.finding");
  }
  for (const std::string field : {"assessed_at", "s47_started_at"}) {
    // An assessment or an enquiry dated after the finding it led to.
    grpc::ClientContext context;
    v1::RecordAssessmentRequest finding;
    finding.set_run_id("it");
    finding.set_child_id("C1");
    finding.set_contact_id("6:H-1");
    finding.set_finding(v1::ASSESSMENT_FINDING_CHILD_IN_NEED);
    *finding.mutable_event_time() =
        ToProto(*ParseEventTime("2024-01-20T09:00:00Z"));
    const google::protobuf::Timestamp later =
        ToProto(*ParseEventTime("2024-01-21T09:00:00Z"));
    *(field == "assessed_at" ? finding.mutable_assessed_at()
                             : finding.mutable_s47_started_at()) = later;
    v1::EventResult result;
    ExpectRefused(intake_->RecordAssessment(&context, finding, &result),
                  "finding." + field);
  }
  for (const auto& [kind, level] :
       std::vector<std::pair<v1::AssessmentFinding, int>>{
           {v1::ASSESSMENT_FINDING_EARLY_HELP_ASSESSED, 0},
           {v1::ASSESSMENT_FINDING_EARLY_HELP_ASSESSED, 7},
           {v1::ASSESSMENT_FINDING_CHILD_IN_NEED, 3}}) {
    // An early-help assessment without a level of need, or with one
    // outside 1 to 4; a social-care finding with one.
    grpc::ClientContext context;
    v1::RecordAssessmentRequest finding;
    finding.set_run_id("it");
    finding.set_child_id("C1");
    finding.set_contact_id("6:H-1");
    finding.set_finding(kind);
    finding.set_need_level(level);
    *finding.mutable_event_time() =
        ToProto(*ParseEventTime("2024-01-20T09:00:00Z"));
    v1::EventResult result;
    ExpectRefused(intake_->RecordAssessment(&context, finding, &result),
                  "finding.need_level");
  }
  EXPECT_EQ(Digests(), before_);
}

TEST_F(HostileInputTest, InvalidUtf8IsInvalidArgumentAtEveryService) {
  const std::string bad("C\xff\xfe", 3);
  {
    v1::SubmitContactResponse response;
    v1::Contact c = MakeContact("H-4", bad, "2024-01-10T09:00:00Z", {"3B"});
    ExpectRefused(Submit(c, &response), "request");
  }
  {
    v1::DecideRequest r = GoodDecide();
    r.mutable_contact()->set_source(bad);
    ExpectRefused(Decide(r), "request");
  }
  {
    grpc::ClientContext context;
    v1::GetChildRequest request;
    request.set_run_id("it");
    request.set_child_id(bad);
    v1::GetChildResponse response;
    ExpectRefused(stepping_->GetChild(&context, request, &response), "request");
  }
  {
    // A server stream's request, too.
    grpc::ClientContext context;
    v1::ListRunContactsRequest request;
    request.set_run_id(bad);
    auto reader = intake_->ListRunContacts(&context, request);
    v1::ContactRecord record;
    while (reader->Read(&record)) {
    }
    ExpectRefused(reader->Finish(), "request");
  }
  EXPECT_EQ(Digests(), before_);
}

TEST_F(HostileInputTest, AnOversizedRequestIsRefusedBeforeItIsRead) {
  v1::SubmitContactResponse response;
  v1::Contact c = MakeContact("H-5", "C5", "2024-01-10T09:00:00Z", {"3B"});
  c.set_source(std::string(9 << 20, 'S'));  // over the 8 MiB limit
  const grpc::Status status = Submit(c, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << status.error_message().substr(0, 200);
  EXPECT_LT(status.error_message().size(), 300u);
  EXPECT_EQ(Digests(), before_);
}

TEST_F(HostileInputTest, AnEmptyRunIdDeletesNothingAnywhere) {
  v1::DeleteRunRequest request;  // run_id empty
  v1::DeleteRunResponse response;
  {
    grpc::ClientContext context;
    ExpectRefused(intake_->DeleteRun(&context, request, &response), "run_id");
  }
  {
    grpc::ClientContext context;
    ExpectRefused(threshold_->DeleteRun(&context, request, &response),
                  "run_id");
  }
  {
    grpc::ClientContext context;
    ExpectRefused(stepping_->DeleteRun(&context, request, &response), "run_id");
  }
  EXPECT_EQ(Digests(), before_);
}

}  // namespace
}  // namespace frontdoor
