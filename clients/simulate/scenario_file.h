// Scenario files (text-format frontdoor.v1.Scenario): reading, defaults
// calibrated to the England 2023-24 figures, and validation.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_SCENARIO_FILE_H_
#define FRONTDOOR_CLIENTS_SIMULATE_SCENARIO_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "frontdoor/v1/scenario.pb.h"
#include "lib/domain/scenario_checks.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor {

// Reads a scenario file, fills defaults and validates; errors name the file,
// line and field.
absl::StatusOr<v1::Scenario> LoadScenarioFile(const std::string& path);

// The first day measured.
absl::CivilDay StartDay(const v1::Scenario& scenario);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_SCENARIO_FILE_H_
