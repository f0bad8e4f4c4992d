// Stepping: decisions open and step up episodes, step-downs and closures,
// idempotency, caseloads and persistence, on a real RocksDB.
#include "services/stepping/stepping.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/common/event_time.h"
#include "services/common/level_of_service.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

class SteppingTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    stepping_.reset();
    records_.reset();
    store_.reset();
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(
        {.path = dir_.path(), .families = SteppingStore::Families()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    records_ = std::make_unique<SteppingStore>(store_.get());
    stepping_ = std::make_unique<Stepping>(records_.get());
  }

  absl::StatusOr<v1::LevelChange> Apply(const std::string& child,
                                        const std::string& contact,
                                        v1::Outcome outcome, int day,
                                        const std::string& run = "") {
    v1::ApplyDecisionRequest request;
    request.set_run_id(run);
    request.set_child_id(child);
    request.set_contact_id(contact);
    request.set_outcome(outcome);
    *request.mutable_event_time() = ToProto(
        absl::FromCivil(absl::CivilDay(2024, 1, day), absl::UTCTimeZone()));
    absl::StatusOr<v1::ApplyDecisionResponse> response = ApplyOne(request);
    if (!response.ok()) return response.status();
    return response->change();
  }

  // One finding in a batch of its own, as intake's flow sends it.
  absl::StatusOr<v1::LevelChange> RecordOne(
      const v1::RecordAssessmentRequest& request) {
    v1::ObserveRequest batch;
    batch.set_run_id(request.run_id());
    *batch.add_ops()->mutable_finding() = request;
    absl::StatusOr<v1::ObserveResponse> response = stepping_->Observe(batch);
    if (!response.ok()) return response.status();
    return response->results(0).change();
  }

  // One decision in a batch of its own, as intake's flow sends it.
  absl::StatusOr<v1::ApplyDecisionResponse> ApplyOne(
      const v1::ApplyDecisionRequest& request) {
    v1::ApplyBatchRequest batch;
    batch.set_run_id(request.run_id());
    *batch.add_decisions() = request;
    absl::StatusOr<v1::ApplyBatchResponse> response =
        stepping_->ApplyBatch(batch);
    if (!response.ok()) return response.status();
    return response->results(0);
  }

  absl::StatusOr<v1::LevelChange> StepDown(const std::string& child,
                                           const std::string& request_id,
                                           v1::ServiceLevel to, int day) {
    v1::StepDownRequest request;
    request.set_child_id(child);
    request.set_request_id(request_id);
    request.set_to_level(to);
    *request.mutable_event_time() = ToProto(
        absl::FromCivil(absl::CivilDay(2024, 2, day), absl::UTCTimeZone()));
    return stepping_->StepDown(request);
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SteppingStore> records_;
  std::unique_ptr<Stepping> stepping_;
};

TEST(LevelOfServiceTest, OutcomesMapToLevels) {
  EXPECT_EQ(LevelFor(v1::OUTCOME_NO_FURTHER_ACTION), v1::SERVICE_LEVEL_NONE);
  EXPECT_EQ(LevelFor(v1::OUTCOME_INFORMATION_AND_ADVICE),
            v1::SERVICE_LEVEL_NONE);
  EXPECT_EQ(LevelFor(v1::OUTCOME_EARLY_HELP), v1::SERVICE_LEVEL_EARLY_HELP);
  EXPECT_EQ(LevelFor(v1::OUTCOME_SOCIAL_CARE_ASSESSMENT),
            v1::SERVICE_LEVEL_CHILD_IN_NEED);
  EXPECT_EQ(LevelFor(v1::OUTCOME_STRATEGY_DISCUSSION),
            v1::SERVICE_LEVEL_CHILD_IN_NEED);
  EXPECT_EQ(LevelFor(v1::OUTCOME_IMMEDIATE_PROTECTION),
            v1::SERVICE_LEVEL_CHILD_PROTECTION);
}

TEST_F(SteppingTest, EarlyHelpDecisionOpensAnEpisode) {
  absl::StatusOr<v1::LevelChange> change =
      Apply("c1", "2A:1", v1::OUTCOME_EARLY_HELP, 5);
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->transition(), v1::TRANSITION_OPENED);
  EXPECT_EQ(change->to_level(), v1::SERVICE_LEVEL_EARLY_HELP);
  absl::StatusOr<internal::ChildState> child = stepping_->Child("", "c1");
  ASSERT_TRUE(child.ok());
  ASSERT_EQ(child->episodes_size(), 1);
  EXPECT_EQ(child->episodes(0).opened_by(), "2A:1");
  EXPECT_FALSE(child->episodes(0).has_end_time());
}

TEST_F(SteppingTest, SocialCareDecisionStepsEarlyHelpUp) {
  ASSERT_TRUE(Apply("c1", "2A:1", v1::OUTCOME_EARLY_HELP, 5).ok());
  absl::StatusOr<v1::LevelChange> change =
      Apply("c1", "6:9", v1::OUTCOME_SOCIAL_CARE_ASSESSMENT, 20);
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->transition(), v1::TRANSITION_STEPPED_UP);
  EXPECT_EQ(change->from_level(), v1::SERVICE_LEVEL_EARLY_HELP);
  absl::StatusOr<internal::ChildState> child = stepping_->Child("", "c1");
  ASSERT_EQ(child->episodes_size(), 2);
  EXPECT_EQ(child->episodes(0).end_reason(), v1::EPISODE_END_REASON_STEP_UP);
  EXPECT_EQ(child->episodes(0).closed_by(), "6:9");
  EXPECT_EQ(child->episodes(0).end_time().seconds(),
            child->episodes(1).start_time().seconds());
  EXPECT_EQ(child->level(), v1::SERVICE_LEVEL_CHILD_IN_NEED);
}

TEST_F(SteppingTest, LowerDecisionLeavesTheChildWhereItIs) {
  ASSERT_TRUE(Apply("c1", "6:1", v1::OUTCOME_STRATEGY_DISCUSSION, 5).ok());
  absl::StatusOr<v1::LevelChange> change =
      Apply("c1", "2A:2", v1::OUTCOME_EARLY_HELP, 6);
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->transition(), v1::TRANSITION_NO_CHANGE);
  EXPECT_EQ(stepping_->Child("", "c1")->episodes_size(), 1);
}

TEST_F(SteppingTest, RepeatedContactChangesNothing) {
  ASSERT_TRUE(Apply("c1", "2A:1", v1::OUTCOME_EARLY_HELP, 5).ok());
  // The retry claims a different outcome: the first result stands.
  absl::StatusOr<v1::LevelChange> again =
      Apply("c1", "2A:1", v1::OUTCOME_STRATEGY_DISCUSSION, 5);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->transition(), v1::TRANSITION_OPENED);
  EXPECT_EQ(again->to_level(), v1::SERVICE_LEVEL_EARLY_HELP);
  EXPECT_EQ(stepping_->Child("", "c1")->episodes_size(), 1);
}

TEST_F(SteppingTest, StepDownToEarlyHelpThenClose) {
  ASSERT_TRUE(Apply("c1", "6:1", v1::OUTCOME_SOCIAL_CARE_ASSESSMENT, 5).ok());
  absl::StatusOr<v1::LevelChange> down =
      StepDown("c1", "review-1", v1::SERVICE_LEVEL_EARLY_HELP, 1);
  ASSERT_TRUE(down.ok()) << down.status();
  EXPECT_EQ(down->transition(), v1::TRANSITION_STEPPED_DOWN);
  absl::StatusOr<v1::LevelChange> closed =
      StepDown("c1", "review-2", v1::SERVICE_LEVEL_NONE, 20);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->transition(), v1::TRANSITION_CLOSED);
  absl::StatusOr<internal::ChildState> child = stepping_->Child("", "c1");
  EXPECT_EQ(child->level(), v1::SERVICE_LEVEL_NONE);
  ASSERT_EQ(child->episodes_size(), 2);
  EXPECT_EQ(child->episodes(0).end_reason(), v1::EPISODE_END_REASON_STEP_DOWN);
  EXPECT_EQ(child->episodes(1).end_reason(), v1::EPISODE_END_REASON_CLOSED);
}

TEST_F(SteppingTest, StepDownMustGoDown) {
  ASSERT_TRUE(Apply("c1", "2A:1", v1::OUTCOME_EARLY_HELP, 5).ok());
  absl::StatusOr<v1::LevelChange> down =
      StepDown("c1", "r", v1::SERVICE_LEVEL_EARLY_HELP, 1);
  EXPECT_TRUE(absl::IsFailedPrecondition(down.status())) << down.status();
  absl::StatusOr<v1::LevelChange> sideways =
      StepDown("c1", "r", v1::SERVICE_LEVEL_CHILD_IN_NEED, 1);
  EXPECT_TRUE(absl::IsInvalidArgument(sideways.status()));
  EXPECT_EQ(stepping_->Child("", "c1")->level(), v1::SERVICE_LEVEL_EARLY_HELP);
}

TEST_F(SteppingTest, CaseloadsCountOpenChildrenPerRun) {
  ASSERT_TRUE(Apply("c1", "a:1", v1::OUTCOME_EARLY_HELP, 1).ok());
  ASSERT_TRUE(Apply("c2", "a:2", v1::OUTCOME_EARLY_HELP, 1).ok());
  ASSERT_TRUE(Apply("c3", "a:3", v1::OUTCOME_STRATEGY_DISCUSSION, 1).ok());
  ASSERT_TRUE(Apply("c4", "a:4", v1::OUTCOME_NO_FURTHER_ACTION, 1).ok());
  ASSERT_TRUE(Apply("c1", "a:1", v1::OUTCOME_EARLY_HELP, 1, "other").ok());
  absl::StatusOr<std::map<v1::ServiceLevel, int64_t>> caseloads =
      stepping_->Caseloads("");
  ASSERT_TRUE(caseloads.ok());
  EXPECT_EQ((*caseloads)[v1::SERVICE_LEVEL_EARLY_HELP], 2);
  // A strategy discussion opens an enquiry, not yet a protection plan.
  EXPECT_EQ((*caseloads)[v1::SERVICE_LEVEL_CHILD_IN_NEED], 1);
  EXPECT_EQ((*caseloads)[v1::SERVICE_LEVEL_CHILD_PROTECTION], 0);
  EXPECT_EQ((*stepping_->Caseloads("other"))[v1::SERVICE_LEVEL_EARLY_HELP], 1);
}

TEST_F(SteppingTest, ChildrenAreReadInTheOrderAsked) {
  ASSERT_TRUE(Apply("c1", "a:1", v1::OUTCOME_EARLY_HELP, 1).ok());
  ASSERT_TRUE(Apply("c3", "a:3", v1::OUTCOME_STRATEGY_DISCUSSION, 1).ok());
  absl::StatusOr<std::vector<internal::ChildState>> children =
      stepping_->Children("", {"c3", "c2", "c1", "c3"});
  ASSERT_TRUE(children.ok()) << children.status();
  ASSERT_EQ(children->size(), 4);
  EXPECT_EQ((*children)[0].level(), v1::SERVICE_LEVEL_CHILD_IN_NEED);
  EXPECT_EQ((*children)[1].level(), v1::SERVICE_LEVEL_NONE);
  EXPECT_EQ((*children)[1].episodes_size(), 0);
  EXPECT_EQ((*children)[2].level(), v1::SERVICE_LEVEL_EARLY_HELP);
  EXPECT_EQ((*children)[3].episodes_size(), 1);
  // Another run's children are not these.
  EXPECT_EQ(stepping_->Children("other", {"c1"})->at(0).level(),
            v1::SERVICE_LEVEL_NONE);
}

TEST_F(SteppingTest, ChildrenReadRefusesTooManyOrBadIds) {
  const std::vector<std::string> many(Stepping::kMaxChildrenRead + 1, "c1");
  EXPECT_TRUE(absl::IsInvalidArgument(stepping_->Children("", many).status()));
  absl::StatusOr<std::vector<internal::ChildState>> bad =
      stepping_->Children("", {"c1", ""});
  ASSERT_TRUE(absl::IsInvalidArgument(bad.status()));
  EXPECT_NE(bad.status().message().find("child_ids[1]"), std::string::npos)
      << bad.status();
}

TEST_F(SteppingTest, StateSurvivesReopening) {
  ASSERT_TRUE(Apply("c1", "a:1", v1::OUTCOME_EARLY_HELP, 1).ok());
  Open();
  EXPECT_EQ(stepping_->Child("", "c1")->level(), v1::SERVICE_LEVEL_EARLY_HELP);
  // The idempotency record survived too.
  absl::StatusOr<v1::LevelChange> again =
      Apply("c1", "a:1", v1::OUTCOME_EARLY_HELP, 1);
  EXPECT_EQ(again->transition(), v1::TRANSITION_OPENED);
  EXPECT_EQ(stepping_->Child("", "c1")->episodes_size(), 1);
}

TEST_F(SteppingTest, EpisodesEndOnTimersInEventTimeAndSurviveRestart) {
  v1::RunConfig config;
  config.set_run_id("sim");
  config.mutable_scenario()->set_seed(3);
  v1::Services* services = config.mutable_scenario()->mutable_services();
  services->set_early_help_days(10);
  services->set_step_up_probability(1e-9);  // every early-help spell closes
  ASSERT_TRUE(stepping_->ConfigureRun(config).ok());
  ASSERT_TRUE(Apply("c1", "a:1", v1::OUTCOME_EARLY_HELP, 1, "sim").ok());
  absl::StatusOr<internal::ChildState> child = stepping_->Child("sim", "c1");
  ASSERT_TRUE(child->episodes(0).has_due_end());
  const absl::Time due = FromProto(child->episodes(0).due_end());

  // Nothing fires before the due time, even after a restart.
  ASSERT_EQ(*stepping_->AdvanceTo("sim", due - absl::Seconds(1)), 0);
  Open();
  EXPECT_EQ(stepping_->Child("sim", "c1")->level(),
            v1::SERVICE_LEVEL_EARLY_HELP);
  // At the due time the episode closes, stamped with that event time.
  ASSERT_EQ(*stepping_->AdvanceTo("sim", due), 1);
  child = stepping_->Child("sim", "c1");
  EXPECT_EQ(child->level(), v1::SERVICE_LEVEL_NONE);
  EXPECT_EQ(child->episodes(0).end_reason(), v1::EPISODE_END_REASON_CLOSED);
  EXPECT_EQ(FromProto(child->episodes(0).end_time()), due);
}

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

TEST_F(SteppingTest, MissingFieldsAreNamed) {
  v1::ApplyDecisionRequest request;
  request.set_child_id("c1");
  request.set_outcome(v1::OUTCOME_EARLY_HELP);
  absl::StatusOr<v1::ApplyDecisionResponse> change = ApplyOne(request);
  EXPECT_EQ(change.status().message(), "contact_id: is required");
}

// Event time is kept: a decision made days after the contact changes the
// child's level then, so a contact in between sees the level before it.
TEST_F(SteppingTest, DecisionTakesEffectAtItsDecisionTimeNotBefore) {
  const auto at = [](int day) {
    return ToProto(
        absl::FromCivil(absl::CivilDay(2024, 1, day), absl::UTCTimeZone()));
  };
  v1::ApplyBatchRequest apply;
  v1::ApplyDecisionRequest* decision = apply.add_decisions();
  decision->set_child_id("c1");
  decision->set_contact_id("6:1");
  decision->set_outcome(v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
  *decision->mutable_received_at() = at(1);
  *decision->mutable_event_time() = at(10);
  absl::StatusOr<v1::ApplyBatchResponse> applied = stepping_->ApplyBatch(apply);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_FALSE(applied->results(0).has_change());
  EXPECT_EQ(FromProto(applied->results(0).takes_effect_at()),
            FromProto(at(10)));

  v1::ObserveRequest observe;
  v1::LevelQuery* before = observe.add_ops()->mutable_level();
  before->set_contact_id("6:2");
  before->set_child_id("c1");
  *before->mutable_event_time() = at(5);
  absl::StatusOr<v1::ObserveResponse> seen = stepping_->Observe(observe);
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_EQ(seen->results(0).level(), v1::SERVICE_LEVEL_NONE);

  v1::LevelQuery* after = observe.mutable_ops(0)->mutable_level();
  after->set_contact_id("6:3");
  *after->mutable_event_time() = at(11);
  seen = stepping_->Observe(observe);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->results(0).level(), v1::SERVICE_LEVEL_CHILD_IN_NEED);
}

// Intake's numbered batches are idempotent as a whole: sent again (a lost
// reply, a restart) a batch gets its first answer and changes nothing, even
// after later batches changed the child.
TEST_F(SteppingTest, ANumberedBatchSentAgainIsAnsweredAsTheFirstTime) {
  const auto at = [](int day) {
    return ToProto(
        absl::FromCivil(absl::CivilDay(2024, 1, day), absl::UTCTimeZone()));
  };
  v1::ObserveRequest observe;
  observe.set_batch(1);
  v1::LevelQuery* query = observe.add_ops()->mutable_level();
  query->set_contact_id("6:1");
  query->set_child_id("c1");
  *query->mutable_event_time() = at(1);
  v1::ApplyBatchRequest apply;
  apply.set_batch(1);
  v1::ApplyDecisionRequest* decision = apply.add_decisions();
  decision->set_child_id("c1");
  decision->set_contact_id("6:1");
  decision->set_outcome(v1::OUTCOME_SOCIAL_CARE_ASSESSMENT);
  *decision->mutable_received_at() = at(1);
  *decision->mutable_event_time() = at(1);

  absl::StatusOr<v1::ObserveResponse> seen = stepping_->Observe(observe);
  ASSERT_TRUE(seen.ok()) << seen.status();
  absl::StatusOr<v1::ApplyBatchResponse> applied = stepping_->ApplyBatch(apply);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(applied->results(0).change().transition(), v1::TRANSITION_OPENED);

  // The same batch again: the level before the decision, the same change,
  // and still one episode.
  absl::StatusOr<v1::ObserveResponse> again = stepping_->Observe(observe);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->results(0).level(), v1::SERVICE_LEVEL_NONE);
  absl::StatusOr<v1::ApplyBatchResponse> reapplied =
      stepping_->ApplyBatch(apply);
  ASSERT_TRUE(reapplied.ok()) << reapplied.status();
  EXPECT_EQ(reapplied->SerializeAsString(), applied->SerializeAsString());
  EXPECT_EQ(stepping_->Child("", "c1")->episodes_size(), 1);

  // Two later batches on: the first is no longer kept, and is refused
  // rather than applied afresh.
  for (uint64_t batch : {2, 3}) {
    observe.set_batch(batch);
    query->set_contact_id(absl::StrCat("6:", batch));
    ASSERT_TRUE(stepping_->Observe(observe).ok());
  }
  observe.set_batch(1);
  EXPECT_EQ(stepping_->Observe(observe).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// Reads never write: looking at a child does not move the run's clock.
TEST_F(SteppingTest, ReadingAChildChangesNothing) {
  ASSERT_TRUE(Apply("c1", "a:1", v1::OUTCOME_EARLY_HELP, 1).ok());
  absl::StatusOr<v1::RunDigest> before = stepping_->Digest("");
  ASSERT_TRUE(stepping_->Child("", "c1").ok());
  ASSERT_TRUE(stepping_->Caseloads("").ok());
  EXPECT_EQ(stepping_->Digest("")->sha256(), before->sha256());
}

}  // namespace
}  // namespace frontdoor
