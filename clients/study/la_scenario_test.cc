// An authority's scenario from the shipped table: every input from the
// year before, the authority found by code or name, clear refusals.
#include "clients/study/la_scenario.h"

#include "clients/simulate/scenario_file.h"
#include "gtest/gtest.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor::study {
namespace {

const LaTable& Table() {
  static const LaTable* table = [] {
    absl::StatusOr<LaTable> t = LaTable::Load(
        std::string(FRONTDOOR_SOURCE_DIR) + "/data/la_inputs.csv");
    EXPECT_TRUE(t.ok()) << t.status();
    return new LaTable(*std::move(t));
  }();
  return *table;
}

double Input(const LaScenario& la, const std::string& field) {
  for (const LaInput& input : la.inputs) {
    if (input.field == field) return input.value;
  }
  ADD_FAILURE() << "no input " << field;
  return 0;
}

TEST(LaTableTest, FindsAnAuthorityByCodeNameOrUniquePrefix) {
  EXPECT_EQ(*Table().Resolve("E08000028"), "E08000028");
  EXPECT_EQ(*Table().Resolve("sandwell"), "E08000028");
  EXPECT_EQ(*Table().Resolve("Sandw"), "E08000028");
  const absl::Status unknown = Table().Resolve("Atlantis").status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("--la"), std::string::npos);
  const absl::Status ambiguous = Table().Resolve("North").status();
  EXPECT_NE(ambiguous.message().find("could be"), std::string::npos);
}

TEST(LaTableTest, EndsAtTheLastPublishedYearBeforeTheTestYear) {
  EXPECT_EQ(Table().LastYear(), "2023-24");
  EXPECT_EQ(Table().Find("E08000028", "2024-25"), nullptr);
  EXPECT_EQ(*PreviousYear("2023-24"), "2022-23");
  EXPECT_EQ(NextYear("2023-24"), "2024-25");
  EXPECT_FALSE(PreviousYear("2023-25").ok());
}

TEST(LaScenarioTest, SandwellUsesOnlyThePreviousYearsFigures) {
  absl::StatusOr<LaScenario> la =
      BuildLaScenario(Table(), "E08000028", "2023-24", v1::Scenario());
  ASSERT_TRUE(la.ok()) << la.status();
  const v1::Scenario& s = la->scenario;
  EXPECT_EQ(la->from_year, "2022-23");
  EXPECT_EQ(s.start_date(), "2023-04-01");
  EXPECT_EQ(s.days(), 366);
  EXPECT_EQ(s.local_authority(), "333");
  // 2022-23 row: ONS 85,920 children; 4,205 referrals; England 640,430 for
  // 11,901,267 children. 2,500 x (489.4 / 538.1).
  EXPECT_EQ(s.child_population(), 85920);
  EXPECT_NEAR(s.demand().contacts_per_10k(),
              2500 * (4205.0 / 85920) / (640430.0 / 11901267), 0.01);
  // 6 NFA against 887 not in need: Sandwell assesses and closes.
  EXPECT_NEAR(s.services().nfa_at_referral_share(), 6.0 / 893, 1e-9);
  // Census of 30 September 2022: 85 agency FTE for 76.7 vacant.
  EXPECT_NEAR(s.social_work().agency_cover(), 85 / 76.7, 1e-9);
  EXPECT_NEAR(s.social_work().vacancy_rate(), 0.275, 1e-9);
  EXPECT_NEAR(s.social_work().turnover(), 0.28, 1e-9);
  EXPECT_EQ(Input(*la, "child_population"), 85920);
  // At 31 March 2023: 2,845 in need, 796 of them looked after, 333 on plans.
  EXPECT_NEAR(s.warm_start().children_in_need_per_10k(),
              (2845.0 - 796) * 1e4 / 85920, 1e-9);
  EXPECT_NEAR(s.warm_start().on_plan_per_10k(), 333.0 * 1e4 / 85920, 1e-9);
  EXPECT_EQ(s.warmup_days(), 365);
  EXPECT_TRUE(ValidateScenario(WithDefaults(s)).ok());
}

TEST(LaScenarioTest, ScreenersScaleWithTheContactsTheyScreen) {
  absl::StatusOr<LaScenario> big =
      BuildLaScenario(Table(), "E10000016", "2023-24", v1::Scenario());  // Kent
  absl::StatusOr<LaScenario> small = BuildLaScenario(
      Table(), "E06000017", "2023-24", v1::Scenario());  // Rutland
  ASSERT_TRUE(big.ok() && small.ok());
  EXPECT_GT(big->scenario.mash().screeners(), 20);
  EXPECT_EQ(small->scenario.mash().screeners(), 1);
}

TEST(LaScenarioTest, KeepsTheBaseScenariosOtherChoices) {
  v1::Scenario base;
  base.set_seed(7);
  base.set_policy_id("what-if");
  absl::StatusOr<LaScenario> la =
      BuildLaScenario(Table(), "E08000028", "2023-24", base);
  ASSERT_TRUE(la.ok());
  EXPECT_EQ(la->scenario.seed(), 7);
  EXPECT_EQ(la->scenario.policy_id(), "what-if");
}

TEST(LaScenarioTest, RefusesAYearTheTableCannotSupport) {
  const absl::Status later =
      BuildLaScenario(Table(), "E08000028", "2025-26", v1::Scenario()).status();
  EXPECT_EQ(later.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(later.message().find("2024-25"), std::string::npos);
  // Hampshire published no 2023-24 referrals, so 2024-25 cannot be built.
  const absl::Status blank =
      BuildLaScenario(Table(), "E10000014", "2024-25", v1::Scenario()).status();
  EXPECT_EQ(blank.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(blank.message().find("Hampshire"), std::string::npos);
}

}  // namespace
}  // namespace frontdoor::study
