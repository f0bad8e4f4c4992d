// The early-help team: places, a first-come waiting list, and the day's
// figures.
#include "clients/simulate/early_help_team.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor {
namespace {

// 10,000 children, one worker per 10,000 holding two: two places.
v1::Scenario TwoPlaces() {
  v1::Scenario scenario;
  scenario.set_child_population(10000);
  scenario.mutable_early_help()->set_workers_per_10k(1);
  scenario.mutable_early_help()->set_caseload(2);
  return WithDefaults(scenario);
}

EarlyHelpReferral Referral(int i, absl::CivilDay since) {
  return {.contact_id = absl::StrCat("2A:", i),
          .child_id = absl::StrCat("c", i),
          .need = 2,
          .since = since};
}

TEST(EarlyHelpTeamTest, ChildrenWaitForAPlaceFirstComeFirstServed) {
  EarlyHelpTeam team(TwoPlaces());
  // Monday 8 January 2024.
  const absl::CivilDay monday(2024, 1, 8);
  // A decision that waited for partners until Wednesday goes first in the
  // list, but does not hold up the others.
  team.Refer(Referral(0, monday + 2));
  for (int i = 1; i <= 3; ++i) team.Refer(Referral(i, monday));
  team.Refer(Referral(1, monday));  // already waiting: no second place
  // Nothing decided today is allocated today.
  EXPECT_FALSE(team.NextWaiting(monday).has_value());
  const absl::CivilDay tuesday = monday + 1;
  // What Tuesday's allocations would look up, in their order.
  EXPECT_TRUE(team.Ready(monday, 5).empty());
  EXPECT_EQ(team.Ready(tuesday, 2), (std::vector<std::string>{"c1", "c2"}));
  EXPECT_EQ(team.Ready(tuesday, 5),
            (std::vector<std::string>{"c1", "c2", "c3"}));
  std::optional<EarlyHelpReferral> first = team.NextWaiting(tuesday);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->child_id, "c1");
  // Assessed ten working days after allocation: Tuesday 23 January.
  EXPECT_EQ(team.Allocate(*first, tuesday), absl::CivilDay(2024, 1, 23));
  team.Allocate(*team.NextWaiting(tuesday), tuesday);
  // Both places taken: the third waits.
  EXPECT_FALSE(team.NextWaiting(tuesday).has_value());
  WorkforceDay day;
  team.Record(day);
  EXPECT_EQ(day.early_help_workers, 1);
  EXPECT_EQ(day.early_help_held, 2);
  EXPECT_EQ(day.early_help_waiting, 2);
  EXPECT_EQ(day.early_help_allocated, 2);
  EXPECT_EQ(day.early_help_wait_days, 2);
  // Looked up the day after the assessment; one has left early help.
  EXPECT_TRUE(team.DueChecks(absl::CivilDay(2024, 1, 23)).empty());
  EXPECT_EQ(team.DueChecks(absl::CivilDay(2024, 1, 24)),
            (std::vector<std::string>{"c1", "c2"}));
  team.Close("c1");
  // By then Wednesday's decision is known, and first in the list.
  std::optional<EarlyHelpReferral> next =
      team.NextWaiting(absl::CivilDay(2024, 1, 24));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->child_id, "c0");
}

TEST(EarlyHelpTeamTest, NoLimitByDefault) {
  v1::Scenario scenario;
  scenario.set_child_population(10000);
  EarlyHelpTeam team(WithDefaults(scenario));
  const absl::CivilDay monday(2024, 1, 8);
  for (int i = 1; i <= 500; ++i) team.Refer(Referral(i, monday));
  int allocated = 0;
  while (std::optional<EarlyHelpReferral> next = team.NextWaiting(monday + 1)) {
    team.Allocate(*next, monday + 1);
    ++allocated;
  }
  EXPECT_EQ(allocated, 500);
  // Stepped-down children hold places too.
  team.TakeOn("stepped", monday);
  EXPECT_TRUE(team.Holds("stepped"));
  WorkforceDay day;
  team.Record(day);
  EXPECT_EQ(day.early_help_workers, 0);
  EXPECT_EQ(day.early_help_held, 501);
}

}  // namespace
}  // namespace frontdoor
