// One scenario field set from the command line ("mash.screeners=6"), so
// that a what-if needs no copy of a scenario file.
#ifndef FRONTDOOR_LIB_DOMAIN_SCENARIO_SET_H_
#define FRONTDOOR_LIB_DOMAIN_SCENARIO_SET_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor {

// Sets the field at `assignment`'s textproto path ("FIELD.FIELD=VALUE") in
// `scenario`: a number, true/false, an enum's name, text, or for a repeated
// field its values comma-separated. INVALID_ARGUMENT names an unknown field
// (with the fields there) or a value the field cannot hold; `scenario` is
// then unchanged.
absl::Status SetScenarioField(v1::Scenario& scenario,
                              absl::string_view assignment);

// The number at `path` ("FIELD.FIELD") in `scenario`, for a field that
// holds one number; INVALID_ARGUMENT names a path that does not.
absl::StatusOr<double> ScenarioNumber(const v1::Scenario& scenario,
                                      absl::string_view path);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_SCENARIO_SET_H_
