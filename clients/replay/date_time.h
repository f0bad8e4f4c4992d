// Dates and date-times as analysts' files hold them: Excel and
// case-management exports write "27/02/2023 09:15", ISO exports
// "2023-02-27 09:15", "2023-02-27T09:15:00" or "2023-02-27T09:15:00+01:00".
// Without an offset a time is local time in the given zone (Europe/London
// for replay), summer time included.
#ifndef FRONTDOOR_CLIENTS_REPLAY_DATE_TIME_H_
#define FRONTDOOR_CLIENTS_REPLAY_DATE_TIME_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace frontdoor {

// "2023-02-27" or "27/02/2023" (day first, as UK files write it).
std::optional<absl::CivilDay> ParseDay(absl::string_view text);

// A moment from a date field and an optional separate time field. The date
// field may carry the time itself after a space or `T`; a time is HH:MM or
// HH:MM:SS (fractions ignored), optionally followed by `Z` or an offset
// (+01:00, +0100). No time means midnight; no offset means local time in
// `zone` (an hour that summer time skips or repeats takes its first
// meaning).
std::optional<absl::Time> ParseDateTime(absl::string_view date,
                                        absl::string_view time,
                                        absl::TimeZone zone);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_REPLAY_DATE_TIME_H_
