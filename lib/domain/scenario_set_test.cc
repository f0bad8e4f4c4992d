// Setting scenario fields by path: numbers, lists, enums and nested
// messages, and errors that name what is wrong and change nothing.
#include "lib/domain/scenario_set.h"

#include "gtest/gtest.h"

namespace frontdoor {
namespace {

TEST(ScenarioSetTest, SetsNestedScalarsAndLists) {
  v1::Scenario s;
  ASSERT_TRUE(SetScenarioField(s, "mash.screeners=6").ok());
  ASSERT_TRUE(SetScenarioField(s, "demand.volume_multiplier = 1.1").ok());
  ASSERT_TRUE(SetScenarioField(s, "demand.need_mix=0.5,0.3,0.15,0.05").ok());
  ASSERT_TRUE(SetScenarioField(s, "front_door.separate_doors=true").ok());
  ASSERT_TRUE(SetScenarioField(s, "name=my what-if").ok());
  EXPECT_EQ(s.mash().screeners(), 6);
  EXPECT_DOUBLE_EQ(s.demand().volume_multiplier(), 1.1);
  ASSERT_EQ(s.demand().need_mix_size(), 4);
  EXPECT_DOUBLE_EQ(s.demand().need_mix(3), 0.05);
  EXPECT_TRUE(s.front_door().separate_doors());
  EXPECT_EQ(s.name(), "my what-if");
  // An optional field set to zero is set, not left to its default.
  ASSERT_TRUE(SetScenarioField(s, "social_work.vacancy_rate=0").ok());
  EXPECT_TRUE(s.social_work().has_vacancy_rate());
}

TEST(ScenarioSetTest, AnUnknownFieldIsNamedWithWhatExists) {
  v1::Scenario s;
  s.mutable_mash()->set_screeners(4);
  const absl::Status status = SetScenarioField(s, "mash.screenerz=6");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("mash.screenerz is not a scenario field"),
            std::string::npos)
      << status;
  EXPECT_NE(status.message().find("screeners"), std::string::npos) << status;
  EXPECT_EQ(s.mash().screeners(), 4);
}

TEST(ScenarioSetTest, BadValuesAndShapesAreRefusedAndChangeNothing) {
  v1::Scenario s;
  s.mutable_demand()->add_need_mix(1);
  for (const char* bad :
       {"mash.screeners=six", "days=1.5", "mash=3", "child_population.x=1",
        "demand.need_mix=0.5,lots", "no_equals", "=5",
        "front_door.separate_doors=maybe", "demand.volume_multiplier=nan"}) {
    const absl::Status status = SetScenarioField(s, bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(status.message().find("--set"), std::string::npos) << status;
  }
  EXPECT_FALSE(s.has_mash());
  EXPECT_EQ(s.days(), 0);
  ASSERT_EQ(s.demand().need_mix_size(), 1);
}

}  // namespace
}  // namespace frontdoor
