// "My authority, next year": a scenario for one local authority and
// reporting year, built from what the authority published the year before.
#ifndef FRONTDOOR_CLIENTS_STUDY_LA_SCENARIO_H_
#define FRONTDOOR_CLIENTS_STUDY_LA_SCENARIO_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/study/la_table.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::study {

// One input of an authority's scenario: the field set, its value and where
// the value came from, so that the user can check every one.
struct LaInput {
  std::string field;   // scenario field, "demand.contacts_per_10k"
  double value = 0;    // as set
  std::string source;  // the published figures and the arithmetic
};

// An authority's scenario and the inputs it was built from.
struct LaScenario {
  std::string code;  // ONS code
  std::string name;
  std::string year;       // the year simulated, "2023-24"
  std::string from_year;  // the year whose figures it uses, "2022-23"
  v1::Scenario scenario;  // defaults not yet filled
  std::vector<LaInput> inputs;
};

// Builds authority `code`'s scenario for reporting year `year` on top of
// `base` (a scenario file's contents: policy, seed, what-ifs), from the
// authority's and England's figures of the year before `year` only.
// FAILED_PRECONDITION names a figure the authority did not publish that
// the scenario cannot do without (its population or referrals).
absl::StatusOr<LaScenario> BuildLaScenario(const LaTable& table,
                                           const std::string& code,
                                           const std::string& year,
                                           v1::Scenario base);

// The inputs as an aligned table for the terminal.
std::string InputsText(const LaScenario& la);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_LA_SCENARIO_H_
