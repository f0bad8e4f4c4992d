// Scenario loading: a textproto file, completed with the defaults of
// services/common/scenario_defaults.h and checked.
#include "clients/simulate/scenario_file.h"

#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"
#include "services/common/text_files.h"

namespace frontdoor {
absl::Status ValidateScenario(const v1::Scenario& s) {
  const auto bad = [](absl::string_view field, absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
  };
  if (s.child_population() < 1000) {
    return bad("child_population", "must be at least 1000");
  }
  absl::StatusOr<v1::CalendarDate> start = ParseCalendarDate(s.start_date());
  if (!start.ok()) return bad("start_date", start.status().message());
  if (!ToCivilDay(*start, "start_date").ok()) {
    return bad("start_date", "is not a calendar date");
  }
  if (s.days() < 1 || s.days() > 3660) return bad("days", "must be 1 to 3660");
  if (s.warmup_days() < 0) return bad("warmup_days", "must not be negative");
  if (s.demand().need_mix_size() != 4) {
    return bad("demand.need_mix", "needs 4 weights (levels 1-4)");
  }
  if (s.demand().presentation_size() != 16) {
    return bad("demand.presentation", "needs 16 weights (4 rows of 4)");
  }
  const double share = s.demand().repeat_contact_share();
  if (share < 0 || share >= 1) {
    return bad("demand.repeat_contact_share", "must be in [0, 1)");
  }
  for (const v1::VolumeChange& change : s.volume_changes()) {
    absl::StatusOr<v1::CalendarDate> from =
        ParseCalendarDate(change.from_date());
    if (!from.ok() || !ToCivilDay(*from, "from_date").ok()) {
      return bad("volume_changes.from_date",
                 absl::StrCat("'", change.from_date(), "' is not a date"));
    }
    if (change.multiplier() <= 0) {
      return bad("volume_changes.multiplier", "must be above 0");
    }
  }
  if (s.mash().day_end_hour() <= s.mash().day_start_hour()) {
    return bad("mash.day_end_hour", "must be after day_start_hour");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Scenario> LoadScenarioFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  v1::Scenario scenario;
  if (absl::Status s = ParseTextProto(*text, path, &scenario); !s.ok()) {
    return s;
  }
  scenario = WithDefaults(std::move(scenario));
  if (absl::Status s = ValidateScenario(scenario); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
  }
  return scenario;
}

absl::CivilDay StartDay(const v1::Scenario& scenario) {
  const v1::CalendarDate date = *ParseCalendarDate(scenario.start_date());
  return absl::CivilDay(date.year(), date.month(), date.day());
}

}  // namespace frontdoor
