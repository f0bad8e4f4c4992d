// Scenario files: every shipped scenario loads and passes the checks a
// user's own would meet.
#include "clients/simulate/scenario_file.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor {
namespace {

TEST(ScenarioFileTest, EveryShippedScenarioLoads) {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::string(FRONTDOOR_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".textproto") continue;
    absl::StatusOr<v1::Scenario> scenario =
        LoadScenarioFile(entry.path().string());
    EXPECT_TRUE(scenario.ok()) << entry.path() << ": " << scenario.status();
    ++loaded;
  }
  EXPECT_GE(loaded, 8);
}

TEST(ScenarioFileTest, AWarmStartIsCheckedFieldByField) {
  const auto check = [](double open, double plans, int arrival_days) {
    v1::Scenario s;
    s.mutable_warm_start()->set_children_in_need_per_10k(open);
    s.mutable_warm_start()->set_on_plan_per_10k(plans);
    s.mutable_warm_start()->set_arrival_days(arrival_days);
    return ValidateScenario(WithDefaults(s));
  };
  EXPECT_TRUE(check(263, 42, 0).ok());
  EXPECT_TRUE(check(263, 42, 365).ok());
  for (const auto& [status, field] :
       {std::pair{check(-1, 0, 0), "children_in_need_per_10k"},
        std::pair{check(100, 120, 0), "on_plan_per_10k"},
        std::pair{check(263, 42, 366), "arrival_days"}}) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(status.message().find(std::string("warm_start.") + field),
              std::string::npos)
        << status;
  }
}

}  // namespace
}  // namespace frontdoor
