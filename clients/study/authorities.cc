// A study's authorities and their scenarios.
#include "clients/study/authorities.h"

#include "absl/strings/str_cat.h"
#include "clients/study/la_scenario.h"
#include "clients/study/scenario_source.h"
#include "lib/domain/scenario_checks.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor::study {

absl::StatusOr<AuthoritySet> LoadAuthorities(const LaTable& table,
                                             const AuthorityRequest& request) {
  const bool all = request.las.empty();
  std::vector<std::string> codes;
  if (all) {
    codes = table.Authorities();
  } else {
    for (const std::string& la : request.las) {
      absl::StatusOr<std::string> code = table.Resolve(la);
      if (!code.ok()) return code.status();
      codes.push_back(*code);
    }
  }
  AuthoritySet set;
  for (const std::string& code : codes) {
    absl::StatusOr<LaScenario> la =
        BuildLaScenario(table, code, request.year, request.base);
    if (la.ok() && request.require_published &&
        table.Find(code, request.year) == nullptr) {
      la = absl::FailedPreconditionError(
          absl::StrCat(code, " published nothing for ", request.year));
    }
    if (!la.ok()) {
      if (!all) return la.status();
      ++set.skipped;  // an authority that did not publish is not run
      continue;
    }
    v1::Scenario scenario = WithDefaults(la->scenario);
    if (absl::Status s = ValidateScenario(scenario); !s.ok()) {
      if (!all) {
        return absl::InvalidArgumentError(
            absl::StrCat(la->name, ": ", s.message()));
      }
      ++set.skipped;  // too small to simulate (the Isles of Scilly)
      continue;
    }
    if (absl::Status s = ApplySets(request.sets, scenario); !s.ok()) return s;
    const LaYear* row = table.Find(code, la->from_year);
    set.authorities.push_back({code, la->name,
                               row == nullptr ? "" : row->region,
                               std::move(scenario)});
  }
  if (set.authorities.empty()) {
    return absl::FailedPreconditionError("no authority can be run");
  }
  return set;
}

}  // namespace frontdoor::study
