// Scenario loading: a textproto file, completed with the defaults of
// lib/domain/scenario_defaults.h and checked.
#include "clients/simulate/scenario_file.h"

#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"
#include "lib/domain/text_files.h"

namespace frontdoor {

absl::StatusOr<v1::Scenario> LoadScenarioFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  v1::Scenario scenario;
  if (absl::Status s = ParseTextProto(*text, path, &scenario); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckScenario(scenario); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
  }
  return WithDefaults(std::move(scenario));
}

absl::CivilDay StartDay(const v1::Scenario& scenario) {
  const v1::CalendarDate date = *ParseCalendarDate(scenario.start_date());
  return absl::CivilDay(date.year(), date.month(), date.day());
}

}  // namespace frontdoor
