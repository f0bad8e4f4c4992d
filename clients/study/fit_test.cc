// The fit's arithmetic: targets from the table, the gap and its tolerance,
// and a step that moves each parameter the right way.
#include "clients/study/fit.h"

#include "gtest/gtest.h"
#include "lib/domain/scenario_defaults.h"
#include "lib/domain/text_files.h"

namespace frontdoor::study {
namespace {

LaYear Row(std::map<std::string, double, std::less<>> figures) {
  return {"E00000001", "Testshire",  "2022-23",
          "999",       "North East", std::move(figures)};
}

const LaYear kEngland = {
    "E92000001", "England", "2022-23",
    "",          "",        {{"nfa_pct", 7.1}, {"not_in_need_pct", 29.9}}};

TEST(FitTest, TargetsArePerTenThousandAndShares) {
  const absl::StatusOr<FitTargets> t =
      TargetsFrom(Row({{"referrals", 500},
                       {"population_0_17", 10000},
                       {"rereferral_pct", 20},
                       {"nfa_pct", 5},
                       {"not_in_need_pct", 30}}),
                  kEngland);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_DOUBLE_EQ(t->referrals_per_10k, 500);
  EXPECT_DOUBLE_EQ(t->re_referral_share, 0.2);
  EXPECT_DOUBLE_EQ(t->nfa_share, 0.05);
  EXPECT_DOUBLE_EQ(t->not_in_need_share, 0.3);
}

TEST(FitTest, SuppressedNfaTakesEnglandsSplit) {
  const absl::StatusOr<FitTargets> t =
      TargetsFrom(Row({{"referrals", 500},
                       {"population_0_17", 10000},
                       {"rereferral_pct", 20},
                       {"not_in_need_pct", 29.9}}),
                  kEngland);
  ASSERT_TRUE(t.ok());
  EXPECT_NEAR(t->nfa_share, 0.071, 1e-12);
}

TEST(FitTest, NothingToFitToIsAnError) {
  EXPECT_EQ(
      TargetsFrom(Row({{"population_0_17", 10000}}), kEngland).status().code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(FitTest, GapWithinToleranceIsAFit) {
  const FitTargets t{500, 0.2, 0.05, 0.3};
  v1::KpiSet close;
  close.set_referrals_per_10k(510);  // +2%
  close.set_re_referral_share(0.21);
  close.set_referral_nfa_share(0.04);
  close.set_assessed_not_in_need_share(0.31);
  EXPECT_TRUE(GapOf(t, close).within_tolerance);
  v1::KpiSet far = close;
  far.set_referrals_per_10k(550);  // +10%
  EXPECT_FALSE(GapOf(t, far).within_tolerance);
  EXPECT_NEAR(GapOf(t, far).referrals_per_10k, 0.1, 1e-12);
}

// A new child's contacts presented at level 3 or 4, the ones the default
// policy refers, over all of them.
double ReferredShare(const v1::Demand& d) {
  double referred = 0, total = 0;
  for (int need = 0; need < 4; ++need) {
    referred += d.need_mix(need) *
                (d.presentation(4 * need + 2) + d.presentation(4 * need + 3));
    total += d.need_mix(need);
  }
  return referred / total;
}

TEST(FitTest, StepMovesEachParameterTowardItsTarget) {
  v1::Scenario s = WithDefaults(v1::Scenario());
  const v1::Scenario before = s;
  const FitTargets t{500, 0.2, 0.02, 0.2};
  v1::KpiSet simulated;
  simulated.set_referrals_per_10k(400);            // too few: more contacts
  simulated.set_re_referral_share(0.25);           // too many repeats
  simulated.set_referral_nfa_share(0.06);          // too much NFA for the split
  simulated.set_assessed_not_in_need_share(0.30);  // too much no-service
  FitStep(t, simulated, s);
  // Less no-service wanted (0.22 against 0.36): low need weighs that much
  // less, and high need the same.
  EXPECT_NEAR(s.demand().need_mix(0), before.demand().need_mix(0) * 0.22 / 0.36,
              1e-9);
  EXPECT_EQ(s.demand().need_mix(3), before.demand().need_mix(3));
  // 25% more referrals wanted: with less low need a contact is more often
  // referred, so contacts move by what the mix does not give.
  EXPECT_NEAR(s.demand().contacts_per_10k() * ReferredShare(s.demand()),
              before.demand().contacts_per_10k() *
                  ReferredShare(before.demand()) * 1.25,
              1e-6);
  EXPECT_NEAR(s.demand().repeat_contact_share(),
              before.demand().repeat_contact_share() * 0.8, 1e-9);
  // Split 0.02/0.22 wanted against 0.06/0.36 simulated.
  EXPECT_LT(s.services().nfa_at_referral_share(), 0.1);
}

TEST(FitTest, OpenCasesAreFittedWithoutLookedAfterChildren) {
  const absl::StatusOr<FitTargets> t =
      TargetsFrom(Row({{"referrals", 500},
                       {"population_0_17", 10000},
                       {"rereferral_pct", 20},
                       {"nfa_pct", 5},
                       {"not_in_need_pct", 30},
                       {"cin_at_31mar", 330},
                       {"cla_at_31mar", 70},
                       {"cpp_at_31mar", 40}}),
                  kEngland);
  ASSERT_TRUE(t.ok());
  EXPECT_DOUBLE_EQ(t->cin_per_10k, 260);
  EXPECT_DOUBLE_EQ(t->cp_per_10k, 40);
  v1::Scenario s = WithDefaults(v1::Scenario());
  const v1::Scenario before = s;
  v1::KpiSet simulated;
  simulated.set_referrals_per_10k(500);
  simulated.set_re_referral_share(0.2);
  simulated.set_referral_nfa_share(0.05);
  simulated.set_assessed_not_in_need_share(0.3);
  simulated.set_cin_per_10k_at_end(230);  // 200 in need, 30 on plans
  simulated.set_cp_per_10k_at_end(30);
  EXPECT_FALSE(GapOf(*t, simulated).within_tolerance);
  FitStep(*t, simulated, s);
  EXPECT_NEAR(s.services().child_protection_days(),
              before.services().child_protection_days() * 40 / 30, 1e-9);
  EXPECT_NEAR(s.services().child_in_need_days(),
              before.services().child_in_need_days() * 220 / 200, 1e-9);
}

TEST(FitTest, YearBeforeMovesOnlyTheDates) {
  v1::Scenario s = WithDefaults(v1::Scenario());
  s.set_start_date("2024-04-01");
  s.set_days(365);
  const v1::Scenario before = YearBefore(s);
  EXPECT_EQ(before.start_date(), "2023-04-01");
  EXPECT_EQ(before.days(), 366);
  EXPECT_EQ(before.child_population(), s.child_population());
}

TEST(FitTest, ScenarioTextReadsBackAsTheSameScenario) {
  v1::Scenario s = WithDefaults(v1::Scenario());
  s.set_name("Testshire");
  const std::string text = ScenarioText(s, "a header\nof two lines");
  EXPECT_NE(text.find("# of two lines\n"), std::string::npos);
  v1::Scenario read;
  ASSERT_TRUE(ParseTextProto(text, "fitted.textproto", &read).ok());
  EXPECT_EQ(read.SerializeAsString(), s.SerializeAsString());
}

}  // namespace
}  // namespace frontdoor::study
