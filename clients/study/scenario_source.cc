// Loading a study's scenario from a file or an authority.
#include "clients/study/scenario_source.h"

#include "absl/strings/str_cat.h"
#include "clients/simulate/scenario_file.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor::study {

absl::StatusOr<ScenarioSource> LoadScenarioSource(
    const ScenarioRequest& request) {
  absl::StatusOr<v1::Scenario> base = LoadScenarioFile(request.scenario_file);
  if (!base.ok()) return base.status();
  ScenarioSource source;
  if (request.la.empty()) {
    if (!request.year.empty()) {
      return absl::InvalidArgumentError("--year: only with --la");
    }
    source.scenario = *std::move(base);
    return source;
  }
  absl::StatusOr<LaTable> table = LaTable::Load(request.table_file);
  if (!table.ok()) return table.status();
  absl::StatusOr<std::string> code = table->Resolve(request.la);
  if (!code.ok()) return code.status();
  const std::string year =
      request.year.empty() ? NextYear(table->LastYear()) : request.year;
  absl::StatusOr<LaScenario> la =
      BuildLaScenario(*table, *code, year, *std::move(base));
  if (!la.ok()) return la.status();
  source.scenario = WithDefaults(la->scenario);
  if (absl::Status s = ValidateScenario(source.scenario); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(la->name, " ", year, ": ", s.message()));
  }
  source.la = *std::move(la);
  return source;
}

}  // namespace frontdoor::study
