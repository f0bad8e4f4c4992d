#include "clients/simulate/kpi_catalogue.h"

#include <set>

#include "clients/simulate/kpis.h"
#include "gtest/gtest.h"

namespace frontdoor {
namespace {

// A KPI added to KpiSet without a label and unit would print as its field
// name: every one is catalogued, each label once.
TEST(KpiCatalogueTest, EveryScalarKpiHasItsOwnLabelAndUnit) {
  std::set<std::string> labels;
  for (const auto& [name, value] : ScalarKpis(v1::KpiSet())) {
    const KpiInfo info = KpiInfoOf(name);
    EXPECT_NE(info.label, name) << name << " is not catalogued";
    EXPECT_TRUE(labels.insert(std::string(info.label)).second)
        << info.label << " labels two KPIs";
  }
  EXPECT_EQ(labels.size(), KpiCatalogue().size());
}

TEST(KpiCatalogueTest, SharesInPercentCountsWholeNeverAnExponent) {
  EXPECT_EQ(FormatKpi(KpiUnit::kShare, 0.1444), "14.4%");
  EXPECT_EQ(FormatKpiDifference(KpiUnit::kShare, 0.001444), "+0.1 pp");
  EXPECT_EQ(FormatKpi(KpiUnit::kCount, 15070), "15,070");
  EXPECT_EQ(FormatKpi(KpiUnit::kCount, 1234567), "1,234,567");
  EXPECT_EQ(FormatKpi(KpiUnit::kHours, 19.73), "19.7");
  EXPECT_EQ(FormatKpi(KpiUnit::kRate, 0.0009889), "0.0010");
  EXPECT_EQ(FormatKpiDifference(KpiUnit::kCount, -340), "-340");
  EXPECT_EQ(FormatNumber(-0.25), "-0.250");
  EXPECT_EQ(LabelWithUnit(KpiInfoOf("decision_hours_p50")),
            "Median decision time (hours)");
  EXPECT_EQ(LabelWithUnit(KpiInfoOf("vacancy_rate")),
            "Social-worker posts vacant");
  EXPECT_EQ(KpiInfoOf("vacancy_rate").unit, KpiUnit::kShare);
}

}  // namespace
}  // namespace frontdoor
