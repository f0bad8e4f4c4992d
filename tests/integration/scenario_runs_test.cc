// Scenarios through the three real services: a warm start holds open cases
// level through a steady year, and the services refuse an absurd scenario
// with nothing stored.
#include <string>
#include <utility>

#include "lib/domain/scenario_checks.h"
#include "lib/domain/scenario_defaults.h"
#include "tests/integration/simulation_fixture.h"

namespace frontdoor {
namespace {

// Children open to social care, averaged over the measured year's first and
// last three months.
std::pair<double, double> OpenCasesFirstAndLastQuarter(
    const v1::RunKpis& kpis) {
  const int n = kpis.months_size();
  double first = 0, last = 0;
  for (int m = 0; m < 3; ++m) {
    first += kpis.months(m).social_care_open() / 3.0;
    last += kpis.months(n - 1 - m).social_care_open() / 3.0;
  }
  return {first, last};
}

TEST_F(SimulationTest, WarmStartHoldsOpenCasesLevelThroughASteadyYear) {
  // A year of steady demand after one year of warm-up from England's stock
  // at 31 March 2023 (children in need less looked after, and on plans, per
  // 10,000), beside two years of warm-up from none and one from none.
  v1::Scenario warm = DefaultScenario();
  warm.set_child_population(20000);
  warm.set_warmup_days(0);
  warm.mutable_warm_start()->set_children_in_need_per_10k(263);
  warm.mutable_warm_start()->set_on_plan_per_10k(42);
  warm = WithDefaults(warm);
  ASSERT_EQ(warm.warmup_days(), 365);
  ASSERT_TRUE(ValidateScenario(warm).ok());
  v1::Scenario two_years = warm;
  two_years.clear_warm_start();
  two_years.set_warmup_days(730);
  v1::Scenario one_year = two_years;
  one_year.set_warmup_days(365);

  const v1::RunKpis w = Run(warm, "warm-start");
  const v1::RunKpis t = Run(two_years, "warm-up-730");
  const v1::RunKpis o = Run(one_year, "warm-up-365");
  const auto [warm_first, warm_last] = OpenCasesFirstAndLastQuarter(w);
  const auto [two_first, two_last] = OpenCasesFirstAndLastQuarter(t);
  const auto [one_first, one_last] = OpenCasesFirstAndLastQuarter(o);
  // Level through the year, and where two years of warm-up leave it.
  EXPECT_NEAR(warm_last / warm_first, 1.0, 0.10)
      << warm_first << " to " << warm_last;
  EXPECT_NEAR(warm_first / two_first, 1.0, 0.10)
      << warm_first << " against " << two_first;
  // One year from none still fills through the measured year.
  EXPECT_GT(one_last / one_first, 1.12) << one_first << " to " << one_last;
  // The same children come back as after two years of warm-up.
  EXPECT_NEAR(w.overall().re_referral_share(), t.overall().re_referral_share(),
              0.015);
  EXPECT_EQ(w.overall().contacts(), t.overall().contacts());
}

TEST_F(SimulationTest, ServicesRefuseAnAbsurdScenarioAndStoreNothing) {
  // What a client that skips the CLI's checks could send.
  v1::Scenario huge;
  huge.set_child_population(1000000000000);
  v1::Scenario negative;
  negative.mutable_mash()->set_screeners(-3);
  v1::Scenario torrent;
  torrent.mutable_demand()->set_contacts_per_10k(1e12);
  for (const auto& [scenario, field] :
       {std::pair{huge, "config.scenario.child_population: must be at most"},
        std::pair{negative,
                  "config.scenario.mash.screeners: must not be "
                  "negative"},
        std::pair{
            torrent,
            "config.scenario.demand.contacts_per_10k: must be at most"}}) {
    v1::RunConfig config;
    config.set_run_id("absurd");
    *config.mutable_scenario() = scenario;
    const absl::Status created = client_->CreateRun(config).status();
    EXPECT_EQ(created.code(), absl::StatusCode::kInvalidArgument) << created;
    EXPECT_NE(created.message().find(field), std::string::npos) << created;
  }
  absl::StatusOr<v1::ListRunsResponse> runs = client_->ListRuns();
  ASSERT_TRUE(runs.ok()) << runs.status();
  for (const v1::RunInfo& run : runs->runs()) {
    EXPECT_NE(run.config().run_id(), "absurd");
  }
}

}  // namespace
}  // namespace frontdoor
