// Forecast intervals and back-test scores: the arithmetic, on small cases
// worked by hand, and the year-on-year spread of the shipped table.
#include "clients/study/forecast.h"

#include <cmath>

#include "gtest/gtest.h"

namespace frontdoor::study {
namespace {

const ForecastKpi& Kpi(const std::string& name) {
  for (const ForecastKpi& k : ForecastKpis()) {
    if (k.name == name) return k;
  }
  ADD_FAILURE() << name;
  return ForecastKpis()[0];
}

TEST(ForecastTest, IntervalWidensWithYearOnYearChange) {
  const Prediction replication_only =
      Predict({100, 102, 98, 101, 99}, 0, false);
  const Prediction honest = Predict({100, 102, 98, 101, 99}, 0.1, false);
  EXPECT_DOUBLE_EQ(replication_only.mean, 100);
  EXPECT_LT(replication_only.hi95 - replication_only.lo95, 8);
  EXPECT_GT(honest.hi95 - honest.lo95, 38);  // about 2 x 1.96 x 10%
  EXPECT_LT(honest.lo95, 83);
  EXPECT_GT(honest.hi95, 121);
}

TEST(ForecastTest, AShareStopsAtOne) {
  const Prediction p = Predict({0.9, 0.92}, 0.5, true);
  EXPECT_EQ(p.hi95, 1);
  EXPECT_GT(p.lo95, 0);
}

TEST(ForecastTest, ScoresEachKpiBesideItsBaselines) {
  // Two authorities: the model off by 10% and 30%, persistence by 20% and
  // 20%, England by 50% twice; one published value inside its interval.
  std::vector<ScoredForecast> forecasts = {
      {"A", "referrals_per_10k", {110, 100, 120}, 100, 120, 150},
      {"B", "referrals_per_10k", {260, 250, 270}, 200, 160, 100},
  };
  const std::vector<KpiScore> scores = Score(forecasts);
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_EQ(scores[0].authorities, 2);
  EXPECT_NEAR(scores[0].model_mape, 20, 1e-9);
  EXPECT_NEAR(scores[0].model_median_ape, 20, 1e-9);
  EXPECT_NEAR(scores[0].persistence_mape, 20, 1e-9);
  EXPECT_NEAR(scores[0].national_mape, 50, 1e-9);
  EXPECT_NEAR(scores[0].coverage, 0.5, 1e-9);
}

TEST(ForecastTest, YearOnYearSpreadComesFromYearsUpToTheOneGiven) {
  absl::StatusOr<LaTable> table =
      LaTable::Load(std::string(FRONTDOOR_SOURCE_DIR) + "/data/la_inputs.csv");
  ASSERT_TRUE(table.ok()) << table.status();
  const double referrals =
      YearOnYearSpread(*table, Kpi("referrals_per_10k"), "2022-23");
  // Authorities' referral rates move by a tenth or more a year.
  EXPECT_GT(referrals, 0.08);
  EXPECT_LT(referrals, 0.5);
  EXPECT_NE(referrals,
            YearOnYearSpread(*table, Kpi("referrals_per_10k"), "2023-24"));
}

}  // namespace
}  // namespace frontdoor::study
