// Scenario loading. The defaults are the calibration: see README "Calibration"
// for the published figures they reproduce.
#include "clients/scenario_file.h"

#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"
#include "services/common/text_files.h"
#include "services/stepping/stepping.h"
#include "services/threshold/mash_queue.h"

namespace frontdoor {
namespace {

// Latent need of newly contacted children, levels 1-4.
constexpr double kNeedMix[] = {0.54, 0.27, 0.14, 0.05};
// How latent need presents in a contact: row = latent level, columns =
// presented level 1-4. Tuned (with kNeedMix and a repeat-contact share of
// 0.48) so that a year of the default scenario under the default policy
// reproduces the England 2023-24 funnel; see README "Calibration".
constexpr double kPresentation[] = {
    0.939, 0.045, 0.016, 0.00,  //
    0.16,  0.68,  0.14,  0.02,  //
    0.02,  0.10,  0.74,  0.14,  //
    0.00,  0.04,  0.48,  0.48,  //
};

}  // namespace

v1::Scenario WithDefaults(v1::Scenario s) {
  if (s.name().empty()) s.set_name("unnamed scenario");
  if (s.local_authority().empty()) s.set_local_authority("000");
  if (s.child_population() == 0) s.set_child_population(60000);
  if (s.start_date().empty()) s.set_start_date("2023-04-01");
  if (s.days() == 0) s.set_days(365);
  if (s.warmup_days() == 0) s.set_warmup_days(365);
  if (s.seed() == 0) s.set_seed(1);
  v1::Demand* d = s.mutable_demand();
  if (d->contacts_per_10k() == 0) d->set_contacts_per_10k(2500);
  if (d->volume_multiplier() == 0) d->set_volume_multiplier(1);
  if (d->repeat_contact_share() == 0) d->set_repeat_contact_share(0.48);
  if (d->need_mix_size() == 0) {
    for (double w : kNeedMix) d->add_need_mix(w);
  }
  if (d->presentation_size() == 0) {
    for (double w : kPresentation) d->add_presentation(w);
  }
  if (d->school_holiday_factor() == 0) d->set_school_holiday_factor(0.8);
  if (d->weekend_factor() == 0) d->set_weekend_factor(0.35);
  if (d->bank_holiday_factor() == 0) d->set_bank_holiday_factor(0.35);
  *s.mutable_mash() = WithDefaults(s.mash());
  *s.mutable_services() = WithDefaults(s.services());
  v1::FrontDoor* door = s.mutable_front_door();
  if (door->early_help_door_share() == 0) door->set_early_help_door_share(0.6);
  return s;
}

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
