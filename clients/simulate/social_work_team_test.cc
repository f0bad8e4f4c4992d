// SocialWorkTeam: allocation under the cap, work that concludes on time,
// leavers who hand their cases on, vacancy and agency rates that match the
// scenario, and a team that plays the same way twice.
#include "clients/simulate/social_work_team.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "lib/domain/scenario_defaults.h"
#include "lib/domain/working_calendar.h"

namespace frontdoor {
namespace {

// Monday 3 April 2023, a working day.
const absl::CivilDay kMonday(2023, 4, 3);

// A team of `posts` posts with no vacancies, no leavers and no absence,
// unless a test says otherwise.
v1::Scenario SteadyTeam(int posts) {
  v1::Scenario scenario;
  scenario.set_seed(11);
  scenario.set_child_population(10000);
  v1::SocialWork& w = *scenario.mutable_social_work();
  w.set_posts_per_10k(posts);
  w.set_vacancy_rate(0);
  w.set_turnover(0);
  w.set_absence_rate(0);
  w.set_deadline_push(0);
  return WithDefaults(std::move(scenario));
}

std::string Child(int i) { return absl::StrCat("child-", i); }

TEST(SocialWorkTeamTest, AllocatesUpToTheCapAndQueuesTheRest) {
  v1::Scenario scenario = SteadyTeam(2);
  scenario.mutable_social_work()->set_caseload_cap(3);
  SocialWorkTeam team(scenario, kMonday);
  for (int i = 0; i < 8; ++i) {
    team.Refer(absl::StrCat("contact-", i), Child(i), kMonday, 100);
  }
  team.StartDay(kMonday);
  WorkforceDay today = team.Today();
  EXPECT_EQ(today.posts, 2);
  EXPECT_EQ(today.permanent, 2);
  EXPECT_EQ(today.cases, 6);
  EXPECT_EQ(today.unallocated, 2);

  // A closed case frees room for the child first in the queue.
  team.Close(Child(0));  // work still in progress: the case stays
  EXPECT_EQ(team.Today().cases, 6);
  team.StartDay(kMonday + 1);
  EXPECT_EQ(team.Today().unallocated, 2);
}

TEST(SocialWorkTeamTest, WorkConcludesAfterItsWorkingDaysAndTheCaseCloses) {
  SocialWorkTeam team(SteadyTeam(1), kMonday);
  team.Refer("contact-1", Child(1), kMonday, 10);
  absl::CivilDay concluded_on;
  for (absl::CivilDay day = kMonday; day < kMonday + 30; ++day) {
    for (const ConcludedWork& done : team.StartDay(day)) {
      EXPECT_EQ(done.contact_id, "contact-1");
      EXPECT_EQ(done.child_id, Child(1));
      concluded_on = day;
    }
  }
  // Allocated on Monday at a manageable caseload: ten working days later.
  EXPECT_EQ(concluded_on, AddWorkingDays(kMonday, 10));
  EXPECT_EQ(team.Today().cases, 1);  // held until the simulator closes it
  team.Close(Child(1));
  EXPECT_EQ(team.Today().cases, 0);
}

TEST(SocialWorkTeamTest, HeavierCaseloadsSlowAssessments) {
  v1::Scenario scenario = SteadyTeam(1);
  scenario.mutable_social_work()->set_manageable_caseload(5);
  scenario.mutable_social_work()->set_caseload_cap(30);
  SocialWorkTeam team(scenario, kMonday);
  // The tenth case arrives at twice the manageable caseload.
  for (int i = 0; i < 10; ++i) {
    team.Refer(absl::StrCat("contact-", i), Child(i), kMonday, 10);
  }
  absl::CivilDay last;
  for (absl::CivilDay day = kMonday; day < kMonday + 60; ++day) {
    for (const ConcludedWork& done : team.StartDay(day)) {
      if (done.contact_id == "contact-9") last = day;
    }
  }
  EXPECT_EQ(last, AddWorkingDays(kMonday, 20));
}

TEST(SocialWorkTeamTest, LeaversHandTheirCasesOnAndNoChildIsLost) {
  v1::Scenario scenario = SteadyTeam(4);
  scenario.mutable_social_work()->set_turnover(3);  // about 4 months each
  scenario.mutable_social_work()->set_agency_cover(0);
  SocialWorkTeam team(scenario, kMonday);
  for (int i = 0; i < 40; ++i) {
    team.Refer(absl::StrCat("contact-", i), Child(i), kMonday, 1);
  }
  int changes = 0;
  for (absl::CivilDay day = kMonday; day < kMonday + 365; ++day) {
    team.StartDay(day);
    for (int i = 0; i < 40; ++i) team.HoldUntil(Child(i), day + 400);
    const WorkforceDay today = team.Today();
    changes += today.worker_changes;
    EXPECT_EQ(today.cases + today.unallocated, 40) << day;
  }
  EXPECT_GT(changes, 20);
}

TEST(SocialWorkTeamTest, ChildrensPseudonymsDoNotChangeTheWork) {
  // Each deployment pseudonymises children under its own key: the same
  // referrals under other names, sorting the other way, must conclude on
  // the same days.
  v1::Scenario scenario = SteadyTeam(3);
  scenario.mutable_social_work()->set_turnover(4);
  scenario.mutable_social_work()->set_agency_cover(0);
  scenario.mutable_social_work()->set_caseload_cap(3);
  SocialWorkTeam a(scenario, kMonday), b(scenario, kMonday);
  std::vector<std::string> days_a, days_b;
  for (int d = 0; d < 300; ++d) {
    const absl::CivilDay day = kMonday + d;
    {
      a.Refer(absl::StrCat("contact-", d), absl::StrCat("a-", 1000 + d), day,
              15);
      b.Refer(absl::StrCat("contact-", d), absl::StrCat("b-", 1000 - d), day,
              15);
    }
    for (const ConcludedWork& done : a.StartDay(day)) {
      days_a.push_back(absl::StrCat(done.contact_id, "@", d));
      a.Close(done.child_id);
    }
    for (const ConcludedWork& done : b.StartDay(day)) {
      days_b.push_back(absl::StrCat(done.contact_id, "@", d));
      b.Close(done.child_id);
    }
  }
  EXPECT_GT(days_a.size(), 50u);
  EXPECT_EQ(days_a, days_b);
}

TEST(SocialWorkTeamTest, AFullTeamsChildrenWaitWhileOtherTeamsHaveRoom) {
  // Ten posts, two cases each: room for twenty children in one team of
  // ten, but not as ten teams of one, where children arrive unevenly.
  v1::Scenario scenario = SteadyTeam(10);
  scenario.mutable_social_work()->set_caseload_cap(2);
  v1::Scenario teams_of_one = scenario;
  teams_of_one.mutable_social_work()->set_team_size(1);
  scenario.mutable_social_work()->set_team_size(10);
  SocialWorkTeam one_team(scenario, kMonday), ten_teams(teams_of_one, kMonday);
  for (int i = 0; i < 20; ++i) {
    for (SocialWorkTeam* team : {&one_team, &ten_teams}) {
      team->Refer(absl::StrCat("contact-", i), Child(i), kMonday, 100);
    }
  }
  one_team.StartDay(kMonday);
  ten_teams.StartDay(kMonday);
  EXPECT_EQ(one_team.Today().cases, 20);
  EXPECT_EQ(one_team.Today().unallocated, 0);
  const WorkforceDay uneven = ten_teams.Today();
  EXPECT_EQ(uneven.cases + uneven.unallocated, 20);
  EXPECT_GT(uneven.unallocated, 0);
  EXPECT_LT(uneven.cases, 20);
}

class SocialWorkTeamRatesTest : public ::testing::TestWithParam<double> {};

TEST_P(SocialWorkTeamRatesTest, VacancyAndAgencyRatesMatchTheScenario) {
  v1::Scenario scenario;
  scenario.set_seed(3);
  scenario.set_child_population(200000);  // 310 posts
  scenario.mutable_social_work()->set_agency_cover(GetParam());
  scenario = WithDefaults(std::move(scenario));
  const v1::SocialWork& w = scenario.social_work();
  SocialWorkTeam team(scenario, kMonday);
  double vacancy = 0, agency = 0;
  int days = 0;
  for (absl::CivilDay day = kMonday; day < kMonday + 3 * 365; ++day) {
    team.StartDay(day);
    const WorkforceDay today = team.Today();
    vacancy += 1.0 - static_cast<double>(today.permanent) / today.posts;
    agency +=
        static_cast<double>(today.agency) / (today.permanent + today.agency);
    ++days;
  }
  EXPECT_NEAR(vacancy / days, w.vacancy_rate(), 0.02);
  // Agency workers are the covered share of the vacant posts.
  const double expected_agency =
      w.vacancy_rate() * w.agency_cover() /
      (1 - w.vacancy_rate() + w.vacancy_rate() * w.agency_cover());
  EXPECT_NEAR(agency / days, expected_agency, 0.02);
}

// England's cover (0.92), and half the vacancies covered.
INSTANTIATE_TEST_SUITE_P(Cover, SocialWorkTeamRatesTest,
                         ::testing::Values(0.92, 0.5));

TEST(SocialWorkTeamTest, CoverAboveOneAddsAgencyWorkersBeyondVacancies) {
  v1::Scenario scenario;
  scenario.set_seed(3);
  scenario.set_child_population(200000);
  scenario.mutable_social_work()->set_agency_cover(1.5);
  scenario = WithDefaults(std::move(scenario));
  const int posts = static_cast<int>(
      std::lround(scenario.social_work().posts_per_10k() * 20));
  SocialWorkTeam team(scenario, kMonday);
  team.StartDay(kMonday);
  const WorkforceDay first = team.Today();
  const int vacant = posts - first.permanent;
  ASSERT_GT(vacant, 10);
  EXPECT_EQ(first.posts, posts + (first.agency - vacant));
  EXPECT_NEAR(static_cast<double>(first.agency) / vacant, 1.5, 0.05);
}

TEST(SocialWorkTeamTest, SameScenarioSameTeamDayByDay) {
  v1::Scenario scenario;
  scenario.set_seed(5);
  scenario.set_child_population(30000);
  scenario = WithDefaults(std::move(scenario));
  v1::Scenario other = scenario;
  other.set_seed(6);
  SocialWorkTeam a(scenario, kMonday), b(scenario, kMonday), c(other, kMonday);
  bool differs = false;
  for (int d = 0; d < 200; ++d) {
    const absl::CivilDay day = kMonday + d;
    for (SocialWorkTeam* team : {&a, &b, &c}) {
      team->Refer(absl::StrCat("contact-", d), Child(d), day, 20);
    }
    const std::vector<ConcludedWork> done_a = a.StartDay(day);
    const std::vector<ConcludedWork> done_b = b.StartDay(day);
    c.StartDay(day);
    ASSERT_EQ(done_a.size(), done_b.size()) << day;
    for (size_t i = 0; i < done_a.size(); ++i) {
      EXPECT_EQ(done_a[i].contact_id, done_b[i].contact_id);
    }
    const WorkforceDay ta = a.Today(), tb = b.Today(), tc = c.Today();
    EXPECT_EQ(ta.permanent, tb.permanent);
    EXPECT_EQ(ta.agency, tb.agency);
    EXPECT_EQ(ta.cases, tb.cases);
    EXPECT_EQ(ta.worker_changes, tb.worker_changes);
    differs = differs || ta.permanent != tc.permanent || ta.agency != tc.agency;
  }
  EXPECT_TRUE(differs) << "another seed should staff the team differently";
}

}  // namespace
}  // namespace frontdoor
