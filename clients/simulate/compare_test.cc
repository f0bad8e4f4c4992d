// Comparisons of runs: units, intervals and the three outputs.
#include "clients/simulate/compare.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/lib/json_out.h"
#include "clients/replay/csv_reader.h"
#include "clients/simulate/kpis.h"
#include "gtest/gtest.h"

namespace frontdoor {
namespace {

v1::RunKpis KpisOf(const std::string& id, uint64_t seed, int64_t contacts,
                   double timely) {
  v1::RunKpis kpis;
  kpis.set_run_id(id);
  kpis.set_seed(seed);
  kpis.mutable_overall()->set_contacts(contacts);
  kpis.mutable_overall()->set_decided_within_one_working_day(timely);
  return kpis;
}

const v1::ComparedKpi& Kpi(const v1::Comparison& c, const std::string& name) {
  for (const v1::ComparedKpi& k : c.kpis()) {
    if (k.name() == name) return k;
  }
  static const v1::ComparedKpi kNone;
  ADD_FAILURE() << "no " << name;
  return kNone;
}

TEST(CompareTest, SharesDifferInPercentagePointsAndCountsRelatively) {
  const v1::Comparison c = Compare({"a", {KpisOf("a", 1, 1000, 0.80)}},
                                   {"b", {KpisOf("b", 1, 1100, 0.85)}});
  EXPECT_EQ(c.interval_method(), "none");
  const v1::ComparedKpi& timely = Kpi(c, "decided_within_one_working_day");
  EXPECT_EQ(timely.unit(), "share");
  EXPECT_EQ(timely.label(), "Decided within 1 working day");
  EXPECT_NEAR(timely.a(), 0.80, 1e-12);
  EXPECT_NEAR(timely.difference(), 0.05, 1e-12);
  EXPECT_FALSE(timely.has_interval());
  const v1::ComparedKpi& contacts = Kpi(c, "contacts");
  EXPECT_EQ(contacts.unit(), "count");
  EXPECT_EQ(contacts.difference(), 100);
  EXPECT_NEAR(contacts.relative_change(), 0.1, 1e-12);
}

TEST(CompareTest, SameSeedsArePairedAndTheIntervalFollowsTheDifferences) {
  // B is A plus 10 contacts, give or take one: paired, the interval is
  // tight around 10 although each side's own spread is 100.
  const ComparedSide a{
      "a",
      {KpisOf("a-r1", 1, 900, 0.8), KpisOf("a-r2", 2, 1000, 0.8),
       KpisOf("a-r3", 3, 1100, 0.8)}};
  const ComparedSide b{
      "b",
      {KpisOf("b-r1", 1, 909, 0.8), KpisOf("b-r2", 2, 1010, 0.8),
       KpisOf("b-r3", 3, 1111, 0.8)}};
  const v1::Comparison paired = Compare(a, b);
  EXPECT_EQ(paired.interval_method(), "paired");
  const v1::ComparedKpi& k = Kpi(paired, "contacts");
  ASSERT_TRUE(k.has_interval());
  EXPECT_NEAR(k.difference(), 10, 1e-9);
  // d = 9, 10, 11: sd 1, half-width t(2) * 1 / sqrt(3).
  EXPECT_NEAR(k.difference_high() - k.difference(), 4.302653 / std::sqrt(3.0),
              1e-5);
  // The headline names it in words, with the interval.
  const std::vector<std::string> headline = Headline(paired, 5);
  ASSERT_FALSE(headline.empty());
  EXPECT_TRUE(absl::StartsWith(
      headline[0], "Contacts rises from 1,000 to 1,010 (+10; 95% interval +"))
      << headline[0];

  ComparedSide other_seeds = b;
  for (int i = 0; i < 3; ++i) other_seeds.runs[i].set_seed(10 + i);
  const v1::Comparison welch = Compare(a, other_seeds);
  EXPECT_EQ(welch.interval_method(), "welch");
  const v1::ComparedKpi& w = Kpi(welch, "contacts");
  ASSERT_TRUE(w.has_interval());
  EXPECT_LT(w.difference_low(), 0);
  EXPECT_GT(w.difference_high(), 20);
}

TEST(CompareTest, CsvHasOneRowPerKpiWithRunsAsColumnsNotNames) {
  const v1::Comparison c = Compare(
      {"base",
       {KpisOf("base-r1", 1, 900, 0.8), KpisOf("base-r2", 2, 1000, 0.9)}},
      {"half",
       {KpisOf("half-r1", 1, 950, 0.7), KpisOf("half-r2", 2, 1060, 0.75)}});
  const std::vector<std::string> lines =
      absl::StrSplit(ComparisonCsv(c), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 1 + ScalarKpis(v1::KpiSet()).size());
  EXPECT_TRUE(absl::StartsWith(lines[0], "run_a,run_b,"));
  // Labels hold commas ("Decision time, 90th percentile"): read as CSV.
  absl::StatusOr<std::vector<CsvRecord>> rows = ParseCsv(ComparisonCsv(c));
  ASSERT_TRUE(rows.ok()) << rows.status();
  const size_t columns = (*rows)[0].fields.size();
  bool timely_seen = false;
  for (size_t i = 1; i < rows->size(); ++i) {
    const std::vector<std::string>& cells = (*rows)[i].fields;
    ASSERT_EQ(cells.size(), columns) << lines[i];
    EXPECT_EQ(cells[0], "base");
    EXPECT_EQ(cells[1], "half");
    EXPECT_EQ(cells[12], "paired");
    if (cells[4] == "decided_within_one_working_day") {
      timely_seen = true;
      EXPECT_EQ(cells[5], "Decided within 1 working day");
      EXPECT_EQ(cells[6], "share");
      EXPECT_EQ(cells[9], "-0.125");
      EXPECT_FALSE(cells[10].empty());
    }
  }
  EXPECT_TRUE(timely_seen);
  EXPECT_FALSE(absl::StrContains(lines[0], "base"));
}

TEST(CompareTest, ReplicatedRunsAreFoundByTheirReplicationsFile) {
  const std::string out = ::testing::TempDir() + "/compare-sides";
  std::filesystem::remove_all(out);
  v1::ReplicationReport report;
  for (int i = 1; i <= 2; ++i) {
    const std::string id = absl::StrCat("x-r", i);
    ASSERT_TRUE(
        WriteKpiFiles(KpisOf(id, i, 100 * i, 0.5), out + "/" + id).ok());
    report.add_run_ids(id);
  }
  std::ofstream(out + "/x-replications.json") << ToAnalystJson(report);
  absl::StatusOr<ComparedSide> side = LoadComparedSide(out, "x");
  ASSERT_TRUE(side.ok()) << side.status();
  ASSERT_EQ(side->runs.size(), 2u);
  EXPECT_EQ(side->runs[1].overall().contacts(), 200);
  absl::StatusOr<ComparedSide> missing = LoadComparedSide(out, "y");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(missing.status().message(), "--replications"));
}

// Quantiles as published tables give them, at degrees of freedom the old
// 20-row table rounded (25, 60) or had no row for (fractional Welch ones).
TEST(StudentT95Test, MatchesPublishedQuantilesAtEveryDegreeOfFreedom) {
  EXPECT_NEAR(StudentT95(1), 12.706, 5e-4);
  EXPECT_NEAR(StudentT95(9), 2.262, 5e-4);
  EXPECT_NEAR(StudentT95(25), 2.060, 5e-4);
  EXPECT_NEAR(StudentT95(60), 2.000, 5e-4);
  EXPECT_NEAR(StudentT95(1e6), 1.960, 5e-4);
  EXPECT_GT(StudentT95(9.5), StudentT95(10));
  EXPECT_LT(StudentT95(9.5), StudentT95(9));
  EXPECT_EQ(StudentT95(0), 0);
}

}  // namespace
}  // namespace frontdoor
