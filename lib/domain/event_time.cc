// Event-time conversions.
#include "lib/domain/event_time.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace frontdoor {

absl::Time FromProto(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

google::protobuf::Timestamp ToProto(absl::Time t) {
  const int64_t micros = absl::ToUnixMicros(t);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>(rest * 1000));
  return ts;
}

absl::Time TruncateToMicros(absl::Time t) {
  return absl::FromUnixMicros(absl::ToUnixMicros(t));
}

const absl::TimeZone& EnglandTime() {
  static const absl::TimeZone* const zone = [] {
    auto* loaded = new absl::TimeZone;
    if (!absl::LoadTimeZone("Europe/London", loaded)) {
      std::fprintf(stderr,
                   "frontdoor: the Europe/London time zone is not installed "
                   "(Debian's tzdata package): working hours and dates are "
                   "England's\n");
      std::abort();
    }
    return loaded;
  }();
  return *zone;
}

absl::StatusOr<absl::Time> ParseEventTime(absl::string_view text) {
  absl::Time t;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, text, &t, &error)) return t;
  absl::CivilDay day;
  if (absl::ParseCivilTime(text, &day)) {
    return absl::FromCivil(day, EnglandTime());
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "'", text, "' is not an RFC 3339 time such as 2024-09-03T10:15:00Z"));
}

std::string FormatEventTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

absl::StatusOr<absl::CivilDay> ToCivilDay(const v1::CalendarDate& date,
                                          absl::string_view field) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1900 || date.year() > 2200 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", date.year(), "-", date.month(), "-",
                     date.day(), " is not a calendar date"));
  }
  return day;
}

absl::StatusOr<v1::CalendarDate> ParseCalendarDate(absl::string_view text) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  int year = 0, month = 0, day = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &month) ||
      !absl::SimpleAtoi(parts[2], &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a date of the form YYYY-MM-DD"));
  }
  v1::CalendarDate date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

absl::CivilDay DayOf(absl::Time t) {
  return absl::ToCivilDay(t, EnglandTime());
}

int AgeInYears(absl::CivilDay birth, absl::CivilDay on) {
  int years = static_cast<int>(on.year() - birth.year());
  if (on.month() < birth.month() ||
      (on.month() == birth.month() && on.day() < birth.day())) {
    --years;
  }
  return years;
}

}  // namespace frontdoor
