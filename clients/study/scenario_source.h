// Where a study's scenario comes from: a scenario file, or an authority and
// year from the published table on top of one.
#ifndef FRONTDOOR_CLIENTS_STUDY_SCENARIO_SOURCE_H_
#define FRONTDOOR_CLIENTS_STUDY_SCENARIO_SOURCE_H_

#include <optional>
#include <string>
#include <vector>

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
  // "FIELD=VALUE" settings applied last, over the file and the authority's
  // inputs (SetScenarioField).
  std::vector<std::string> sets;
};

// The scenario to run, defaults filled and checked, and for an authority
// the inputs it was built from.
struct ScenarioSource {
  v1::Scenario scenario;
  std::optional<LaScenario> la;
};

// Applies `sets` ("FIELD=VALUE") over `scenario` (defaults filled), checks
// the result and fills its defaults again; a value the defaults would
// replace is refused rather than ignored. `scenario` is unchanged on error.
absl::Status ApplySets(const std::vector<std::string>& sets,
                       v1::Scenario& scenario);

// Loads the file and, with an authority, builds its scenario on top; then
// applies the settings and checks the result.
absl::StatusOr<ScenarioSource> LoadScenarioSource(
    const ScenarioRequest& request);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_SCENARIO_SOURCE_H_
