// Scenario checks shared by the clients that build scenarios and the
// services that are given them (CreateRun, ConfigureRun): every field in a
// range, errors naming the field.
#ifndef FRONTDOOR_LIB_DOMAIN_SCENARIO_CHECKS_H_
#define FRONTDOOR_LIB_DOMAIN_SCENARIO_CHECKS_H_

#include "absl/status/status.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor {

// Checks a scenario as given (before defaults): no negative number where
// the defaults would otherwise silently replace it, then every field of it
// with defaults filled. INVALID_ARGUMENT names the first field out of range.
absl::Status CheckScenario(const v1::Scenario& scenario);

// Checks a scenario with defaults filled; errors name the field.
absl::Status ValidateScenario(const v1::Scenario& scenario);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_SCENARIO_CHECKS_H_
