// Date and date-time parsing for replay files.
#include "clients/replay/date_time.h"

#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace frontdoor {
namespace {

bool ToInt(absl::string_view text, int* value) {
  return !text.empty() && text.size() <= 4 &&
         absl::c_all_of(text, [](char c) { return absl::ascii_isdigit(c); }) &&
         absl::SimpleAtoi(text, value);
}

std::optional<absl::CivilDay> Day(int y, int m, int d) {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  const absl::CivilDay day(y, m, d);
  // CivilDay normalises 31/02 to 03/03: a real date comes back unchanged.
  if (day.year() != y || day.month() != m || day.day() != d) {
    return std::nullopt;
  }
  return day;
}

// Splits "09:15:00+01:00" into the clock part and the offset (seconds east
// of UTC), if any.
bool SplitOffset(absl::string_view time, absl::string_view* clock,
                 std::optional<int>* offset) {
  *offset = std::nullopt;
  if (!time.empty() && (time.back() == 'Z' || time.back() == 'z')) {
    *clock = time.substr(0, time.size() - 1);
    *offset = 0;
    return true;
  }
  const size_t sign = time.find_first_of("+-");
  if (sign == absl::string_view::npos) {
    *clock = time;
    return true;
  }
  *clock = time.substr(0, sign);
  std::string digits;
  for (char c : time.substr(sign + 1)) {
    if (c != ':') digits.push_back(c);
  }
  int hh = 0, mm = 0;
  if (digits.size() != 4 || !ToInt(digits.substr(0, 2), &hh) ||
      !ToInt(digits.substr(2, 2), &mm) || hh > 14 || mm > 59) {
    return false;
  }
  *offset = (time[sign] == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
  return true;
}

}  // namespace

std::optional<absl::CivilDay> ParseDay(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  int y = 0, m = 0, d = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    if (!ToInt(text.substr(0, 4), &y) || !ToInt(text.substr(5, 2), &m) ||
        !ToInt(text.substr(8, 2), &d)) {
      return std::nullopt;
    }
    return Day(y, m, d);
  }
  const std::vector<absl::string_view> p = absl::StrSplit(text, '/');
  if (p.size() != 3 || p[2].size() != 4 || p[0].size() > 2 || p[1].size() > 2 ||
      !ToInt(p[0], &d) || !ToInt(p[1], &m) || !ToInt(p[2], &y)) {
    return std::nullopt;
  }
  return Day(y, m, d);
}

std::optional<absl::Time> ParseDateTime(absl::string_view date,
                                        absl::string_view time,
                                        absl::TimeZone zone) {
  date = absl::StripAsciiWhitespace(date);
  time = absl::StripAsciiWhitespace(time);
  // The time may ride in the date field, after a space or a `T`.
  if (const size_t split = date.find_first_of(" T");
      split != absl::string_view::npos) {
    if (!time.empty()) return std::nullopt;
    time = absl::StripAsciiWhitespace(date.substr(split + 1));
    date = date.substr(0, split);
  }
  const std::optional<absl::CivilDay> day = ParseDay(date);
  if (!day) return std::nullopt;
  absl::string_view clock;
  std::optional<int> offset;
  if (!SplitOffset(time, &clock, &offset)) return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!clock.empty()) {
    if (const size_t dot = clock.find('.'); dot != absl::string_view::npos) {
      clock = clock.substr(0, dot);
    }
    const std::vector<absl::string_view> p = absl::StrSplit(clock, ':');
    if (p.size() < 2 || p.size() > 3 || p[0].size() > 2 || p[1].size() != 2 ||
        !ToInt(p[0], &hh) || !ToInt(p[1], &mm) ||
        (p.size() == 3 && (p[2].size() != 2 || !ToInt(p[2], &ss))) || hh > 23 ||
        mm > 59 || ss > 59) {
      return std::nullopt;
    }
  } else if (offset.has_value()) {
    return std::nullopt;  // an offset with no time
  }
  const absl::CivilSecond civil(day->year(), day->month(), day->day(), hh, mm,
                                ss);
  if (offset.has_value()) {
    return absl::FromCivil(civil, absl::UTCTimeZone()) - absl::Seconds(*offset);
  }
  return zone.At(civil).pre;
}

}  // namespace frontdoor
