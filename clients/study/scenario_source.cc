// Loading a study's scenario from a file or an authority.
#include "clients/study/scenario_source.h"

#include "absl/strings/str_cat.h"
#include "clients/simulate/scenario_file.h"
#include "google/protobuf/util/message_differencer.h"
#include "lib/domain/scenario_checks.h"
#include "lib/domain/scenario_defaults.h"
#include "lib/domain/scenario_set.h"

namespace frontdoor::study {

absl::Status ApplySets(const std::vector<std::string>& sets,
                       v1::Scenario& scenario) {
  if (sets.empty()) return absl::OkStatus();
  v1::Scenario edited = scenario;
  for (const std::string& set : sets) {
    if (absl::Status s = SetScenarioField(edited, set); !s.ok()) return s;
  }
  if (absl::Status s = CheckScenario(edited); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("with --set: ", s.message()));
  }
  const v1::Scenario filled = WithDefaults(edited);
  // A value the defaults replace (0 for most fields) would be ignored in
  // silence: setting it again over the filled scenario shows it.
  for (const std::string& set : sets) {
    v1::Scenario again = filled;
    if (absl::Status s = SetScenarioField(again, set); !s.ok()) return s;
    if (!google::protobuf::util::MessageDifferencer::Equals(again, filled)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--set ", set,
                       ": that value stands for the field's default here; "
                       "give the value itself"));
    }
  }
  scenario = filled;
  return absl::OkStatus();
}

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
    if (absl::Status s = ApplySets(request.sets, source.scenario); !s.ok()) {
      return s;
    }
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
  if (absl::Status s = ApplySets(request.sets, source.scenario); !s.ok()) {
    return s;
  }
  source.la = *std::move(la);
  return source;
}

}  // namespace frontdoor::study
