// Stepping: children looked after (care entered from a plan or a
// child-in-need episode, or found by an assessment, and counted in the
// caseloads), and the draws of episodes that timers open, on a real
// RocksDB.
#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "lib/domain/event_time.h"
#include "services/stepping/stepping.h"
#include "services/stepping/stepping_test_fixture.h"

namespace frontdoor {
namespace {

// A run whose plans last about 10 days and end in care with probability
// `from_plan`, and whose care lasts about 20.
v1::RunConfig CareRun(const std::string& run_id, double from_plan) {
  v1::RunConfig config;
  config.set_run_id(run_id);
  config.mutable_scenario()->set_seed(5);
  v1::Services* services = config.mutable_scenario()->mutable_services();
  services->set_child_protection_days(10);
  services->set_child_in_need_days(10);
  services->set_looked_after_days(20);
  services->set_looked_after_from_plan(from_plan);
  services->set_looked_after_from_child_in_need(0);
  services->set_step_down_probability(0.01);
  return config;
}

TEST_F(SteppingTest, APlanEndsInCareOrStepsDownAndCareCloses) {
  ASSERT_TRUE(stepping_->ConfigureRun(CareRun("care", 1)).ok());
  ASSERT_TRUE(stepping_->ConfigureRun(CareRun("home", 0)).ok());
  for (const std::string run : {"care", "home"}) {
    ASSERT_TRUE(
        Apply("c1", "6:1", v1::OUTCOME_IMMEDIATE_PROTECTION, 1, run).ok());
  }
  const absl::Time plan_end =
      FromProto(stepping_->Child("care", "c1")->episodes(0).due_end());
  ASSERT_TRUE(stepping_->AdvanceTo("care", plan_end).ok());
  ASSERT_TRUE(stepping_->AdvanceTo("home", plan_end).ok());

  absl::StatusOr<internal::ChildState> in_care = stepping_->Child("care", "c1");
  ASSERT_EQ(in_care->episodes_size(), 2);
  EXPECT_EQ(in_care->level(), v1::SERVICE_LEVEL_LOOKED_AFTER);
  EXPECT_EQ(in_care->episodes(0).end_reason(), v1::EPISODE_END_REASON_STEP_UP);
  EXPECT_EQ(in_care->episodes(1).opened_by(), "care");
  EXPECT_EQ(in_care->episodes(1).need_level(), 4);
  EXPECT_EQ(stepping_->Child("home", "c1")->level(),
            v1::SERVICE_LEVEL_CHILD_IN_NEED);

  absl::StatusOr<std::map<v1::ServiceLevel, int64_t>> caseloads =
      stepping_->Caseloads("care");
  ASSERT_TRUE(caseloads.ok());
  EXPECT_EQ(caseloads->at(v1::SERVICE_LEVEL_LOOKED_AFTER), 1);

  // Care ends by closing.
  const absl::Time care_end = FromProto(in_care->episodes(1).due_end());
  ASSERT_TRUE(stepping_->AdvanceTo("care", care_end).ok());
  in_care = stepping_->Child("care", "c1");
  EXPECT_EQ(in_care->level(), v1::SERVICE_LEVEL_NONE);
  EXPECT_EQ(in_care->episodes(1).end_reason(), v1::EPISODE_END_REASON_CLOSED);
}

TEST_F(SteppingTest, AnAssessmentCanFindTheChildLookedAfter) {
  ASSERT_TRUE(Apply("c1", "6:1", v1::OUTCOME_SOCIAL_CARE_ASSESSMENT, 1).ok());
  v1::RecordAssessmentRequest request;
  request.set_child_id("c1");
  request.set_contact_id("6:1");
  request.set_finding(v1::ASSESSMENT_FINDING_LOOKED_AFTER);
  *request.mutable_event_time() =
      ToProto(absl::FromCivil(absl::CivilDay(2024, 2, 1), absl::UTCTimeZone()));
  absl::StatusOr<v1::LevelChange> change = RecordOne(request);
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->transition(), v1::TRANSITION_STEPPED_UP);
  EXPECT_EQ(change->to_level(), v1::SERVICE_LEVEL_LOOKED_AFTER);
  // A later contact's decision does not move a child in care down.
  ASSERT_TRUE(Apply("c1", "6:2", v1::OUTCOME_EARLY_HELP, 20).ok());
  EXPECT_EQ(stepping_->Child("", "c1")->level(),
            v1::SERVICE_LEVEL_LOOKED_AFTER);
}

// Episodes a timer opens are named by it ("step-down"), the same for every
// child: their lengths must still be each child's own.
TEST_F(SteppingTest, EpisodesTimersOpenDrawTheirOwnLengths) {
  ASSERT_TRUE(stepping_->ConfigureRun(CareRun("sim", 0)).ok());
  constexpr int kChildren = 20;
  for (int i = 0; i < kChildren; ++i) {
    ASSERT_TRUE(Apply(absl::StrCat("c", i), absl::StrCat("6:", i),
                      v1::OUTCOME_IMMEDIATE_PROTECTION, 1, "sim")
                    .ok());
  }
  ASSERT_TRUE(stepping_
                  ->AdvanceTo("sim", absl::FromCivil(absl::CivilDay(2024, 3, 1),
                                                     absl::UTCTimeZone()))
                  .ok());
  std::set<int64_t> lengths;
  for (int i = 0; i < kChildren; ++i) {
    absl::StatusOr<internal::ChildState> child =
        stepping_->Child("sim", absl::StrCat("c", i));
    ASSERT_GE(child->episodes_size(), 2);
    const v1::Episode& stepped_down = child->episodes(1);
    ASSERT_EQ(stepped_down.opened_by(), "step-down");
    const absl::Time end = stepped_down.has_end_time()
                               ? FromProto(stepped_down.end_time())
                               : FromProto(stepped_down.due_end());
    lengths.insert(
        absl::ToInt64Seconds(end - FromProto(stepped_down.start_time())));
  }
  EXPECT_GT(lengths.size(), kChildren / 2);
}

}  // namespace
}  // namespace frontdoor
