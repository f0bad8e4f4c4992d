// Scenario files: every shipped scenario loads and passes the checks a
// user's own would meet.
#include "clients/simulate/scenario_file.h"

#include <filesystem>

#include "gtest/gtest.h"

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

}  // namespace
}  // namespace frontdoor
