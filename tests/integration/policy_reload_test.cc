// Policies in running services: a new version loads without restart and
// later decisions record it; dry runs store nothing; a run's recorded
// contacts stream back in event-time order.
#include "lib/policy/policy_file.h"
#include "tests/integration/spine_fixture.h"

namespace frontdoor {
namespace {

class PolicyReloadTest : public SpineTest {
 protected:
  grpc::Status LoadPolicy(const std::string& file, bool activate,
                          v1::LoadPolicyResponse* response) {
    absl::StatusOr<Policy> policy =
        LoadPolicyFile(std::string(FRONTDOOR_SOURCE_DIR) + "/policies/" + file);
    EXPECT_TRUE(policy.ok()) << policy.status();
    grpc::ClientContext context;
    v1::LoadPolicyRequest request;
    *request.mutable_policy() = policy->spec();
    request.set_activate(activate);
    request.set_source_name(file);
    return threshold_->LoadPolicy(&context, request, response);
  }
};

TEST_F(PolicyReloadTest, NewVersionDecidesLaterContactsOnly) {
  v1::SubmitContactResponse before;
  ASSERT_TRUE(
      Submit(MakeContact("P-1", "C1", "2024-01-03T10:00:00Z", {"3B"}), &before)
          .ok());
  EXPECT_EQ(before.record().decision().policy_version(), 1);
  EXPECT_EQ(before.record().decision().outcome(),
            v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);

  v1::LoadPolicyResponse loaded;
  ASSERT_TRUE(LoadPolicy("da-to-early-help.textproto", true, &loaded).ok());
  EXPECT_TRUE(loaded.newly_loaded());
  EXPECT_TRUE(loaded.policy().active());

  v1::SubmitContactResponse after;
  ASSERT_TRUE(
      Submit(MakeContact("P-2", "C2", "2024-01-04T10:00:00Z", {"3B"}), &after)
          .ok());
  EXPECT_EQ(after.record().decision().policy_version(), 2);
  EXPECT_EQ(after.record().decision().outcome(), v1::OUTCOME_EARLY_HELP);

  // The first decision still records version 1.
  v1::DecideResponse stored;
  ASSERT_TRUE(Decision("6:P-1", &stored).ok());
  EXPECT_EQ(stored.decision().policy_version(), 1);

  // A restart with the default policy file keeps version 2 active: version
  // 1 is not new to this data directory.
  // Drop our own connection first: a graceful shutdown waits (up to 5 s)
  // while a client still holds one open.
  threshold_.reset();
  ASSERT_TRUE(cluster_->Terminate(ServiceName::kThreshold).ok());
  ASSERT_TRUE(cluster_->Restart(ServiceName::kThreshold).ok());
  Connect();
  grpc::ClientContext context;
  v1::GetPolicyResponse active;
  ASSERT_TRUE(
      threshold_->GetPolicy(&context, v1::GetPolicyRequest(), &active).ok());
  EXPECT_EQ(active.policy().policy_version(), 2);
}

TEST_F(PolicyReloadTest, BadOrConflictingPolicyIsRefusedAndChangesNothing) {
  absl::StatusOr<Policy> policy = LoadPolicyFile(
      std::string(FRONTDOOR_SOURCE_DIR) + "/policies/default.textproto");
  ASSERT_TRUE(policy.ok());
  v1::LoadPolicyRequest request;
  *request.mutable_policy() = policy->spec();
  request.mutable_policy()->mutable_rules(0)->set_outcome(
      v1::OUTCOME_EARLY_HELP);  // same id and version, other content
  request.set_activate(true);
  v1::LoadPolicyResponse response;
  grpc::ClientContext conflict;
  EXPECT_EQ(threshold_->LoadPolicy(&conflict, request, &response).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  request.mutable_policy()->set_version(7);
  request.mutable_policy()->mutable_level_outcomes()->RemoveLast();
  grpc::ClientContext invalid;
  const grpc::Status bad = threshold_->LoadPolicy(&invalid, request, &response);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad.error_message(), "level_outcomes: missing outcome for level 4");

  grpc::ClientContext list_context;
  v1::ListPoliciesResponse list;
  ASSERT_TRUE(
      threshold_->ListPolicies(&list_context, v1::ListPoliciesRequest(), &list)
          .ok());
  ASSERT_EQ(list.policies_size(), 1);
  EXPECT_EQ(list.policies(0).policy_version(), 1);
}

TEST_F(PolicyReloadTest, EvaluateIsADryRunUnderTheNamedVersion) {
  v1::LoadPolicyResponse loaded;
  ASSERT_TRUE(LoadPolicy("da-to-early-help.textproto", false, &loaded).ok());
  v1::EvaluateRequest request;
  request.mutable_request()->set_contact_id("6:DRY");
  *request.mutable_request()->mutable_contact() =
      MakeContact("DRY", "C1", "2024-01-03T10:00:00Z", {"3B"});
  request.mutable_request()->set_policy_id("england-continuum");
  request.mutable_request()->set_policy_version(2);
  grpc::ClientContext context;
  v1::DecideResponse response;
  ASSERT_TRUE(threshold_->Evaluate(&context, request, &response).ok());
  EXPECT_EQ(response.decision().outcome(), v1::OUTCOME_EARLY_HELP);
  EXPECT_EQ(response.decision().policy_version(), 2);

  v1::DecideResponse stored;
  EXPECT_EQ(Decision("6:DRY", &stored).error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.mutable_request()->set_policy_version(9);
  grpc::ClientContext missing;
  EXPECT_EQ(threshold_->Evaluate(&missing, request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(PolicyReloadTest, RunContactsStreamInEventTimeOrder) {
  v1::SubmitContactResponse r;
  ASSERT_TRUE(
      Submit(MakeContact("B", "C1", "2024-03-01T00:00:00Z", {}), &r).ok());
  ASSERT_TRUE(
      Submit(MakeContact("A", "C2", "2024-01-01T00:00:00Z", {}), &r).ok());
  v1::Contact other_run = MakeContact("C", "C1", "2024-02-01T00:00:00Z", {});
  other_run.set_run_id("other");
  ASSERT_TRUE(Submit(other_run, &r).ok());

  grpc::ClientContext context;
  v1::ListRunContactsRequest request;
  request.set_run_id("it");
  auto reader = intake_->ListRunContacts(&context, request);
  std::vector<std::string> ids;
  v1::ContactRecord record;
  while (reader->Read(&record)) ids.push_back(record.contact_id());
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"6:A", "6:B"}));
}

}  // namespace
}  // namespace frontdoor
