// The plan's arithmetic and search order, without services.
#include "clients/study/plan_search.h"

#include <gtest/gtest.h>

#include "clients/study/plan.h"

namespace frontdoor::study {
namespace {

v1::KpiSet Caseload(double caseload) {
  v1::KpiSet k;
  k.set_caseload_per_worker(caseload);
  return k;
}

TEST(PlanTest, AllowedMissesRoundsTheShareUp) {
  EXPECT_EQ(AllowedMisses(5, 0.9), 0);  // 4.5 needs all 5
  EXPECT_EQ(AllowedMisses(10, 0.9), 1);
  EXPECT_EQ(AllowedMisses(3, 0.5), 1);
  EXPECT_EQ(AllowedMisses(4, 1.0), 0);
}

TEST(PlanTest, APointRuledOutEarlyFailsAsItWouldAfterAll) {
  const std::vector<Target> targets = {*ParseTarget("caseload_per_worker<=18")};
  const v1::PlanPoint early =
      MeasurePoint({"mash.screeners=2"}, 100, targets, {Caseload(20)}, 5, 0.9);
  EXPECT_FALSE(early.meets());
  EXPECT_EQ(early.replications(), 1);
  EXPECT_EQ(early.failing_size(), 1);
  EXPECT_EQ(early.fields().at("mash.screeners"), "2");
  // Every run so far met, but not all have run: not yet a recommendation.
  const v1::PlanPoint unfinished =
      MeasurePoint({}, 100, targets, {Caseload(10)}, 5, 0.9);
  EXPECT_FALSE(unfinished.meets());
  EXPECT_EQ(unfinished.failing_size(), 0);
  EXPECT_DOUBLE_EQ(unfinished.probability().at("caseload_per_worker<=18"), 1);
}

TEST(PlanSearchTest, TriesEachSettingOnceBeforeFinishingAny) {
  const std::vector<Target> targets = {*ParseTarget("caseload_per_worker<=18")};
  PlanSearch search(6, 5, 0.9, targets);
  using Runs = std::vector<std::pair<size_t, int>>;
  EXPECT_EQ(search.NextRuns(4), (Runs{{0, 0}, {1, 0}, {2, 0}, {3, 0}}));
  search.Record(0, 0, Caseload(25));  // ruled out
  search.Record(1, 0, Caseload(15));  // may meet: the rest of it next
  search.Record(2, 0, Caseload(25));
  search.Record(3, 0, Caseload(15));
  EXPECT_TRUE(search.RuledOut(0));
  EXPECT_FALSE(search.RuledOut(1));
  EXPECT_FALSE(search.Done());
  EXPECT_EQ(search.NextRuns(4), (Runs{{1, 1}, {1, 2}, {1, 3}, {1, 4}}));
  for (int r = 1; r < 4; ++r) search.Record(1, r, Caseload(15));
  search.Record(1, 4, Caseload(19));  // one miss of five: 80% < 90%
  EXPECT_TRUE(search.RuledOut(1));
  EXPECT_EQ(search.NextRuns(4), (Runs{{3, 1}, {3, 2}, {3, 3}, {3, 4}}));
  for (int r = 1; r < 5; ++r) search.Record(3, r, Caseload(15));
  EXPECT_TRUE(search.Done());
  EXPECT_EQ(search.Cheapest(), 3u);
}

TEST(PlanSearchTest, EndsWithNoAnswerWhenEverySettingIsRuledOut) {
  const std::vector<Target> targets = {*ParseTarget("caseload_per_worker<18")};
  PlanSearch search(2, 3, 0.5, targets);
  search.Record(0, 0, Caseload(18));
  EXPECT_FALSE(search.RuledOut(0));  // one miss of three is allowed
  search.Record(0, 1, Caseload(20));
  search.Record(1, 0, Caseload(30));
  search.Record(1, 1, Caseload(30));
  EXPECT_TRUE(search.Done());
  EXPECT_EQ(search.Cheapest(), std::nullopt);
}

}  // namespace
}  // namespace frontdoor::study
