// Where a study's scenario comes from: a scenario file, or an authority and
// year from the published table on top of one.
#ifndef FRONTDOOR_CLIENTS_STUDY_SCENARIO_SOURCE_H_
#define FRONTDOOR_CLIENTS_STUDY_SCENARIO_SOURCE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "clients/study/la_scenario.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::study {

// What the user asked for.
struct ScenarioRequest {
  std::string scenario_file;  // the base scenario (required)
  std::string la;             // ONS code or name; empty for the file alone
  std::string year;           // "2023-24"; empty: the year after the table's
  std::string table_file;     // data/la_inputs.csv
};

// The scenario to run, defaults filled and checked, and for an authority
// the inputs it was built from.
struct ScenarioSource {
  v1::Scenario scenario;
  std::optional<LaScenario> la;
};

// Loads the file and, with an authority, builds its scenario on top.
absl::StatusOr<ScenarioSource> LoadScenarioSource(
    const ScenarioRequest& request);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_SCENARIO_SOURCE_H_
