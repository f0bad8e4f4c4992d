// Stepping: step-up requests and the manager's answer, assessment
// findings and what they close or step down, early-help assessments,
// handovers and findings that never come, on a real RocksDB.
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "lib/domain/event_time.h"
#include "services/stepping/stepping.h"
#include "services/stepping/stepping_test_fixture.h"

namespace frontdoor {
namespace {

TEST_F(SteppingTest, StepUpRequestWaitsForTheManager) {
  v1::RunConfig config;
  config.set_run_id("sim");
  config.mutable_scenario()->set_seed(3);
  v1::Services* services = config.mutable_scenario()->mutable_services();
  // Every spell (of need below 3: no assessment found more) asks to step
  // up, and the manager agrees.
  services->set_step_up_probability(1);
  services->set_step_up_acceptance_low_need(1);
  services->set_step_up_delay_days(4);
  ASSERT_TRUE(stepping_->ConfigureRun(config).ok());
  ASSERT_TRUE(Apply("c1", "a:1", v1::OUTCOME_EARLY_HELP, 1, "sim").ok());
  const absl::Time due =
      FromProto(stepping_->Child("sim", "c1")->episodes(0).due_end());
  ASSERT_EQ(*stepping_->AdvanceTo("sim", due), 1);
  absl::StatusOr<internal::ChildState> child = stepping_->Child("sim", "c1");
  ASSERT_EQ(child->step_up_requests_size(), 1);
  EXPECT_FALSE(child->step_up_requests(0).has_decided_at());
  EXPECT_EQ(child->level(), v1::SERVICE_LEVEL_EARLY_HELP);

  // The manager's decision, then whatever the new episode's own timers do.
  ASSERT_GE(*stepping_->AdvanceTo("sim", due + absl::Hours(24 * 365)), 2);
  child = stepping_->Child("sim", "c1");
  EXPECT_TRUE(child->step_up_requests(0).accepted());
  EXPECT_EQ(child->episodes(0).end_reason(), v1::EPISODE_END_REASON_STEP_UP);
  EXPECT_EQ(child->episodes(1).level(), v1::SERVICE_LEVEL_CHILD_IN_NEED);
  EXPECT_GT(FromProto(child->step_up_requests(0).decided_at()), due);
}

TEST_F(SteppingTest, AssessmentFindingClosesOrStepsDownTheReferral) {
  ASSERT_TRUE(Apply("c1", "6:1", v1::OUTCOME_SOCIAL_CARE_ASSESSMENT, 1).ok());
  ASSERT_TRUE(Apply("c2", "6:2", v1::OUTCOME_SOCIAL_CARE_ASSESSMENT, 1).ok());
  v1::RecordAssessmentRequest request;
  request.set_child_id("c1");
  request.set_contact_id("6:1");
  request.set_finding(v1::ASSESSMENT_FINDING_REFERRAL_NFA);
  *request.mutable_event_time() =
      ToProto(absl::FromCivil(absl::CivilDay(2024, 1, 3), absl::UTCTimeZone()));
  ASSERT_TRUE(RecordOne(request).ok());
  request.set_child_id("c2");
  request.set_contact_id("6:2");
  request.set_finding(v1::ASSESSMENT_FINDING_EARLY_HELP);
  absl::StatusOr<v1::LevelChange> change = RecordOne(request);
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->transition(), v1::TRANSITION_STEPPED_DOWN);

  EXPECT_EQ(stepping_->Child("", "c1")->episodes(0).end_reason(),
            v1::EPISODE_END_REASON_REFERRAL_NFA);
  absl::StatusOr<internal::ChildState> c2 = stepping_->Child("", "c2");
  EXPECT_EQ(c2->episodes(0).end_reason(), v1::EPISODE_END_REASON_NOT_IN_NEED);
  EXPECT_EQ(c2->level(), v1::SERVICE_LEVEL_EARLY_HELP);
  // The same finding again changes nothing.
  EXPECT_EQ(RecordOne(request)->transition(), v1::TRANSITION_STEPPED_DOWN);
  EXPECT_EQ(stepping_->Child("", "c2")->episodes_size(), 2);
}

TEST_F(SteppingTest, AwaitedFindingStartsTheEpisodesLength) {
  v1::RunConfig config;
  config.set_run_id("sim");
  config.mutable_scenario()->set_seed(3);
  v1::Services* services = config.mutable_scenario()->mutable_services();
  services->set_child_in_need_days(10);
  services->set_await_findings(true);
  ASSERT_TRUE(stepping_->ConfigureRun(config).ok());
  ASSERT_TRUE(
      Apply("c1", "6:1", v1::OUTCOME_SOCIAL_CARE_ASSESSMENT, 1, "sim").ok());
  // Early help waits for its own assessment too.
  ASSERT_TRUE(Apply("c2", "2A:1", v1::OUTCOME_EARLY_HELP, 1, "sim").ok());
  EXPECT_FALSE(stepping_->Child("sim", "c2")->episodes(0).has_due_end());

  // The referral's episode outlasts any child-in-need length while it waits
  // for its assessment.
  absl::StatusOr<internal::ChildState> child = stepping_->Child("sim", "c1");
  ASSERT_FALSE(child->episodes(0).has_due_end());
  const absl::Time assessed =
      absl::FromCivil(absl::CivilDay(2024, 3, 1), absl::UTCTimeZone());
  ASSERT_TRUE(stepping_->AdvanceTo("sim", assessed).ok());
  EXPECT_EQ(stepping_->Child("sim", "c1")->level(),
            v1::SERVICE_LEVEL_CHILD_IN_NEED);

  // The finding confirms the level; the episode's length counts from it.
  v1::RecordAssessmentRequest request;
  request.set_run_id("sim");
  request.set_child_id("c1");
  request.set_contact_id("6:1");
  request.set_finding(v1::ASSESSMENT_FINDING_CHILD_IN_NEED);
  *request.mutable_event_time() = ToProto(assessed);
  absl::StatusOr<v1::LevelChange> change = RecordOne(request);
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->transition(), v1::TRANSITION_NO_CHANGE);
  child = stepping_->Child("sim", "c1");
  ASSERT_EQ(child->episodes_size(), 1);
  ASSERT_TRUE(child->episodes(0).has_due_end());
  const absl::Time due = FromProto(child->episodes(0).due_end());
  EXPECT_GT(due, assessed);
  ASSERT_EQ(*stepping_->AdvanceTo("sim", due), 1);
  EXPECT_EQ(stepping_->Child("sim", "c1")->level(), v1::SERVICE_LEVEL_NONE);
}

// An early-help assessment sets the need the episode carries and starts
// its length; step-up requests and the manager's answers follow that need.
TEST_F(SteppingTest, EarlyHelpAssessmentSetsNeedAndStepUpsFollowIt) {
  v1::RunConfig config;
  config.set_run_id("sim");
  config.mutable_scenario()->set_seed(3);
  v1::Services* services = config.mutable_scenario()->mutable_services();
  services->set_await_findings(true);
  services->set_early_help_days(20);
  // Every high-need episode asks, and is accepted; almost no low-need one
  // asks, and any that did would be refused.
  services->set_step_up_probability_high_need(1);
  services->set_step_up_acceptance(1);
  services->set_step_up_probability(1e-9);
  services->set_step_up_acceptance_low_need(0);
  ASSERT_TRUE(stepping_->ConfigureRun(config).ok());
  const absl::Time assessed =
      absl::FromCivil(absl::CivilDay(2024, 1, 15), absl::UTCTimeZone());
  for (const auto& [child, need] :
       std::vector<std::pair<std::string, int>>{{"high", 4}, {"low", 2}}) {
    const std::string contact = absl::StrCat("2A:", child);
    ASSERT_TRUE(Apply(child, contact, v1::OUTCOME_EARLY_HELP, 1, "sim").ok());
    v1::RecordAssessmentRequest request;
    request.set_run_id("sim");
    request.set_child_id(child);
    request.set_contact_id(contact);
    request.set_finding(v1::ASSESSMENT_FINDING_EARLY_HELP_ASSESSED);
    request.set_need_level(need);
    *request.mutable_event_time() = ToProto(assessed);
    absl::StatusOr<v1::LevelChange> change = RecordOne(request);
    ASSERT_TRUE(change.ok()) << change.status();
    EXPECT_EQ(change->transition(), v1::TRANSITION_NO_CHANGE);
    absl::StatusOr<internal::ChildState> state = stepping_->Child("sim", child);
    EXPECT_EQ(state->episodes(0).need_level(), need);
    ASSERT_TRUE(state->episodes(0).has_due_end());
    EXPECT_GT(FromProto(state->episodes(0).due_end()), assessed);
  }
  ASSERT_TRUE(
      stepping_->AdvanceTo("sim", assessed + absl::Hours(24 * 365)).ok());
  absl::StatusOr<internal::ChildState> high = stepping_->Child("sim", "high");
  ASSERT_EQ(high->step_up_requests_size(), 1);
  EXPECT_TRUE(high->step_up_requests(0).accepted());
  EXPECT_EQ(high->episodes(1).level(), v1::SERVICE_LEVEL_CHILD_IN_NEED);
  absl::StatusOr<internal::ChildState> low = stepping_->Child("sim", "low");
  EXPECT_EQ(low->step_up_requests_size(), 0);
  EXPECT_EQ(low->level(), v1::SERVICE_LEVEL_NONE);
  // A need level outside 1 to 4 is refused, naming the field.
  v1::RecordAssessmentRequest bad;
  bad.set_run_id("sim");
  bad.set_child_id("low");
  bad.set_contact_id("2A:other");
  bad.set_finding(v1::ASSESSMENT_FINDING_EARLY_HELP_ASSESSED);
  bad.set_need_level(9);
  *bad.mutable_event_time() = ToProto(assessed + absl::Hours(24 * 400));
  EXPECT_EQ(RecordOne(bad).status().code(), absl::StatusCode::kInvalidArgument);
}

// A child stepping down stays with the social worker until early help
// takes the case over.
TEST_F(SteppingTest, StepDownWaitsForTheHandover) {
  v1::RunConfig config;
  config.set_run_id("sim");
  config.mutable_scenario()->set_seed(3);
  v1::Services* services = config.mutable_scenario()->mutable_services();
  services->set_child_in_need_days(10);
  services->set_step_down_probability(1);
  services->set_looked_after_from_child_in_need(0);
  services->set_step_down_handover_days(7);
  ASSERT_TRUE(stepping_->ConfigureRun(config).ok());
  ASSERT_TRUE(
      Apply("c1", "6:1", v1::OUTCOME_SOCIAL_CARE_ASSESSMENT, 1, "sim").ok());
  const absl::Time due =
      FromProto(stepping_->Child("sim", "c1")->episodes(0).due_end());
  ASSERT_TRUE(stepping_->AdvanceTo("sim", due).ok());
  // The plan's end came: still in need for the handover's seven days.
  absl::StatusOr<internal::ChildState> child = stepping_->Child("sim", "c1");
  EXPECT_EQ(child->level(), v1::SERVICE_LEVEL_CHILD_IN_NEED);
  EXPECT_EQ(FromProto(child->episodes(0).due_end()), due + absl::Hours(24 * 7));
  ASSERT_TRUE(stepping_->AdvanceTo("sim", due + absl::Hours(24 * 7)).ok());
  child = stepping_->Child("sim", "c1");
  EXPECT_EQ(child->level(), v1::SERVICE_LEVEL_EARLY_HELP);
  EXPECT_EQ(child->episodes(0).end_reason(), v1::EPISODE_END_REASON_STEP_DOWN);
  EXPECT_EQ(FromProto(child->episodes(1).start_time()),
            due + absl::Hours(24 * 7));
}

TEST_F(SteppingTest, AFindingThatNeverComesStopsBeingAwaited) {
  v1::RunConfig config;
  config.set_run_id("sim");
  config.mutable_scenario()->set_seed(3);
  config.mutable_scenario()->mutable_services()->set_await_findings(true);
  ASSERT_TRUE(stepping_->ConfigureRun(config).ok());
  ASSERT_TRUE(
      Apply("c1", "6:1", v1::OUTCOME_IMMEDIATE_PROTECTION, 1, "sim").ok());
  const absl::Time opened =
      absl::FromCivil(absl::CivilDay(2024, 1, 1), absl::UTCTimeZone());
  ASSERT_TRUE(stepping_->AdvanceTo("sim", opened + absl::Hours(24 * 179)).ok());
  EXPECT_FALSE(stepping_->Child("sim", "c1")->episodes(0).has_due_end());
  // Half a year on, no assessment is coming: the length counts from then.
  const absl::Time overdue = opened + absl::Hours(24 * 180);
  ASSERT_TRUE(stepping_->AdvanceTo("sim", overdue).ok());
  absl::StatusOr<internal::ChildState> child = stepping_->Child("sim", "c1");
  ASSERT_TRUE(child->episodes(0).has_due_end());
  EXPECT_GT(FromProto(child->episodes(0).due_end()), overdue);
  EXPECT_EQ(child->level(), v1::SERVICE_LEVEL_CHILD_PROTECTION);
}

}  // namespace
}  // namespace frontdoor
