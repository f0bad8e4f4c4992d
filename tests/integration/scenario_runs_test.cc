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

// Children open to social care and not looked after, and children looked
// after per 10,000, averaged over the measured year's first and last three
// months.
struct OpenCases {
  double first = 0, last = 0;
  double care_first = 0, care_last = 0;
};
OpenCases OpenCasesFirstAndLastQuarter(const v1::RunKpis& kpis,
                                       int64_t children) {
  const int n = kpis.months_size();
  OpenCases c;
  const auto in_need = [children](const v1::KpiSet& k) {
    return k.social_care_open() - k.cla_per_10k_at_end() * children / 1e4;
  };
  for (int m = 0; m < 3; ++m) {
    c.first += in_need(kpis.months(m)) / 3.0;
    c.last += in_need(kpis.months(n - 1 - m)) / 3.0;
    c.care_first += kpis.months(m).cla_per_10k_at_end() / 3.0;
    c.care_last += kpis.months(n - 1 - m).cla_per_10k_at_end() / 3.0;
  }
  return c;
}

TEST_F(SimulationTest, WarmStartHoldsOpenCasesLevelThroughASteadyYear) {
  // A year of steady demand after one year of warm-up from England's stock
  // at 31 March 2023 (the default scenario's: children in need less looked
  // after, on plans, and looked after, per 10,000), beside two years of
  // warm-up from none and one from none.
  v1::Scenario warm = DefaultScenario();
  warm.set_child_population(20000);
  warm.set_warmup_days(0);
  ASSERT_GT(warm.warm_start().looked_after_per_10k(), 60);
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
  const OpenCases warm_open = OpenCasesFirstAndLastQuarter(w, 20000);
  const OpenCases two_open = OpenCasesFirstAndLastQuarter(t, 20000);
  const OpenCases one_open = OpenCasesFirstAndLastQuarter(o, 20000);
  // Level through the year, and where two years of warm-up leave it.
  EXPECT_NEAR(warm_open.last / warm_open.first, 1.0, 0.10)
      << warm_open.first << " to " << warm_open.last;
  EXPECT_NEAR(warm_open.first / two_open.first, 1.0, 0.10)
      << warm_open.first << " against " << two_open.first;
  // Care is level through the year too, where two years from none are far
  // from full (a stay lasts 900 days on average).
  EXPECT_NEAR(warm_open.care_last / warm_open.care_first, 1.0, 0.10)
      << warm_open.care_first << " to " << warm_open.care_last;
  EXPECT_LT(two_open.care_last, 0.8 * warm_open.care_last)
      << two_open.care_last << " against " << warm_open.care_last;
  // One year from none still fills through the measured year.
  EXPECT_GT(one_open.last / one_open.first, 1.08)
      << one_open.first << " to " << one_open.last;
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
