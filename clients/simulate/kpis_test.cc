// KPI arithmetic that needs no services: XmR control charts over weeks,
// replications' confidence and prediction intervals.
#include "clients/simulate/kpis.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace frontdoor {
namespace {

v1::RunKpis Weeks(const std::vector<std::pair<std::string, int64_t>>& weeks) {
  v1::RunKpis kpis;
  for (const auto& [name, contacts] : weeks) {
    v1::KpiSet* week = kpis.add_weeks();
    week->set_period(name);
    week->set_contacts(contacts);
    week->set_decided_within_one_working_day(1);
  }
  return kpis;
}

const v1::ControlChart* Chart(const std::vector<v1::ControlChart>& charts,
                              const std::string& kpi) {
  for (const v1::ControlChart& c : charts) {
    if (c.kpi() == kpi) return &c;
  }
  return nullptr;
}

TEST(ControlChartTest, AWeekOutsideTheLimitsIsFlagged) {
  // Eleven steady weeks around 100, one at 200; a partial week at 5 is left
  // out of the chart.
  std::vector<std::pair<std::string, int64_t>> weeks = {{"2024-01-01*", 5}};
  const int64_t steady[] = {100, 104, 98, 101, 97, 103, 99, 102, 100, 96, 101};
  for (int i = 0; i < 11; ++i) {
    weeks.emplace_back(absl::StrCat("w", i), steady[i]);
  }
  weeks.emplace_back("spike", 200);
  const std::vector<v1::ControlChart> charts = ControlCharts(Weeks(weeks));
  const v1::ControlChart* contacts = Chart(charts, "contacts");
  ASSERT_NE(contacts, nullptr);
  // Mean of the whole weeks, 2.66 mean moving ranges either side.
  double sum = 200, ranges = 200 - steady[10];
  for (int i = 0; i < 11; ++i) sum += steady[i];
  for (int i = 1; i < 11; ++i) ranges += std::abs(steady[i] - steady[i - 1]);
  EXPECT_DOUBLE_EQ(contacts->centre(), sum / 12);
  EXPECT_DOUBLE_EQ(contacts->upper_limit(), sum / 12 + 2.66 * ranges / 11);
  ASSERT_EQ(contacts->flagged_size(), 1);
  EXPECT_EQ(contacts->flagged(0).week(), "spike");
  EXPECT_EQ(contacts->flagged(0).value(), 200);
  // A share stays within [0, 1]: a steady 100% has limits 1 and 1, and
  // nothing flagged.
  const v1::ControlChart* timely =
      Chart(charts, "decided_within_one_working_day");
  ASSERT_NE(timely, nullptr);
  EXPECT_EQ(timely->upper_limit(), 1);
  EXPECT_EQ(timely->flagged_size(), 0);
}

TEST(ControlChartTest, TooFewWeeksMakeNoChart) {
  EXPECT_TRUE(ControlCharts(Weeks({{"a", 1}, {"b", 2}})).empty());
}

TEST(ReplicateTest, PredictionIntervalIsWiderThanTheConfidenceInterval) {
  std::vector<v1::RunKpis> runs(3);
  for (int i = 0; i < 3; ++i) {
    runs[i].set_run_id(absl::StrCat("r", i));
    runs[i].mutable_overall()->set_referrals(100 + 10 * i);  // 100, 110, 120
  }
  const v1::ReplicationReport report = Replicate(runs);
  const v1::ReplicatedKpi* referrals = nullptr;
  for (const v1::ReplicatedKpi& k : report.kpis()) {
    if (k.name() == "referrals") referrals = &k;
  }
  ASSERT_NE(referrals, nullptr);
  // Mean 110, s = 10, t(2) = 4.303: the mean within 4.303 * 10 / sqrt(3),
  // one more run within 4.303 * 10 * sqrt(1 + 1/3).
  EXPECT_DOUBLE_EQ(referrals->mean(), 110);
  EXPECT_NEAR(referrals->ci_high() - 110, 24.84, 0.01);
  EXPECT_NEAR(110 - referrals->ci_low(), 24.84, 0.01);
  EXPECT_NEAR(referrals->pi_high() - 110, 49.69, 0.01);
  EXPECT_NEAR(110 - referrals->pi_low(), 49.69, 0.01);
}

}  // namespace
}  // namespace frontdoor
