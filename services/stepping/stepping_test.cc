// Stepping: decisions open and step up episodes, step-downs and closures,
// idempotency, caseloads and persistence, on a real RocksDB.
#include "services/stepping/stepping.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "lib/domain/event_time.h"
#include "lib/domain/level_of_service.h"
#include "services/stepping/stepping_test_fixture.h"

namespace frontdoor {
namespace {

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
