// Working calendar implementation.
#include "lib/domain/working_calendar.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "lib/domain/event_time.h"

namespace frontdoor {
namespace {

using absl::CivilDay;

absl::Weekday WeekdayOf(CivilDay day) { return absl::GetWeekday(day); }

bool IsWeekend(CivilDay day) {
  const absl::Weekday w = WeekdayOf(day);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

// Easter Sunday (anonymous Gregorian algorithm).
CivilDay EasterSunday(int64_t year) {
  const int64_t a = year % 19, b = year / 100, c = year % 100;
  const int64_t d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int64_t h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
  const int64_t l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int64_t m = (a + 11 * h + 22 * l) / 451;
  const int64_t month = (h + l - 7 * m + 114) / 31;
  const int64_t day = ((h + l - 7 * m + 114) % 31) + 1;
  return CivilDay(year, month, day);
}

CivilDay FirstMonday(int64_t year, int month) {
  CivilDay d(year, month, 1);
  while (WeekdayOf(d) != absl::Weekday::monday) ++d;
  return d;
}

CivilDay LastMonday(int64_t year, int month) {
  CivilDay d = CivilDay(year, month + 1, 1) - 1;
  while (WeekdayOf(d) != absl::Weekday::monday) --d;
  return d;
}

// 1 January, or the next weekday when it falls at a weekend.
CivilDay NewYearHoliday(int64_t year) {
  CivilDay d(year, 1, 1);
  while (IsWeekend(d)) ++d;
  return d;
}

// Christmas Day and Boxing Day with their weekday substitutes.
bool IsChristmasHoliday(CivilDay day) {
  if (day.month() != 12 || day.day() < 25 || day.day() > 28) return false;
  const CivilDay christmas(day.year(), 12, 25);
  CivilDay first = christmas;
  while (IsWeekend(first)) ++first;
  CivilDay second = first + 1;
  while (IsWeekend(second)) ++second;
  return day == first || day == second;
}

bool IsOneOff(CivilDay day) {
  // Moved or added days: 2020 VE day, 2022 jubilee and state funeral, 2023
  // coronation.
  static const CivilDay kAdded[] = {CivilDay(2020, 5, 8), CivilDay(2022, 6, 2),
                                    CivilDay(2022, 6, 3), CivilDay(2022, 9, 19),
                                    CivilDay(2023, 5, 8)};
  return std::find(std::begin(kAdded), std::end(kAdded), day) !=
         std::end(kAdded);
}

bool IsMovedAway(CivilDay day) {
  // The early May holiday of 2020 moved to 8 May; spring 2022 to 2 June.
  return day == CivilDay(2020, 5, 4) || day == CivilDay(2022, 5, 30);
}

double HourOf(absl::Time t) {
  const absl::CivilSecond s = absl::ToCivilSecond(t, EnglandTime());
  return s.hour() + s.minute() / 60.0 + s.second() / 3600.0;
}

// `hour` o'clock on `day` on England's clocks: 9 is 09:00 BST in summer, so
// counted on the clock face, not as hours after midnight (the clocks change
// at 01:00 GMT on a Sunday, when no one works).
absl::Time At(CivilDay day, double hour) {
  return absl::FromCivil(absl::CivilSecond(day) + std::llround(hour * 3600),
                         EnglandTime());
}

// A year's rule-made holidays (Christmas aside), worked out once per year
// a thread asks about: the scheduler asks for every day it steps through.
struct YearHolidays {
  int64_t year = 0;
  std::array<CivilDay, 6> days;
};

const YearHolidays& HolidaysOf(int64_t year) {
  thread_local YearHolidays cached{.year = -1};
  if (cached.year != year) {
    const CivilDay easter = EasterSunday(year);
    cached = {.year = year,
              .days = {NewYearHoliday(year), easter - 2, easter + 1,
                       FirstMonday(year, 5), LastMonday(year, 5),
                       LastMonday(year, 8)}};
  }
  return cached;
}

}  // namespace

bool IsBankHoliday(CivilDay day) {
  if (IsMovedAway(day)) return false;
  if (IsOneOff(day)) return true;
  const YearHolidays& holidays = HolidaysOf(day.year());
  return std::find(holidays.days.begin(), holidays.days.end(), day) !=
             holidays.days.end() ||
         IsChristmasHoliday(day);
}

bool IsWorkingDay(CivilDay day) {
  return !IsWeekend(day) && !IsBankHoliday(day);
}

CivilDay AddWorkingDays(CivilDay day, int n) {
  while (!IsWorkingDay(day)) ++day;
  for (int i = 0; i < n; ++i) {
    ++day;
    while (!IsWorkingDay(day)) ++day;
  }
  return day;
}

int WorkingDaysBetween(CivilDay from, CivilDay to) {
  int n = 0;
  for (CivilDay d = from + 1; d <= to; ++d) {
    if (IsWorkingDay(d)) ++n;
  }
  return n;
}

bool IsSchoolHoliday(CivilDay day) {
  const int64_t y = day.year();
  const CivilDay summer_start(y, 7, 22), summer_end(y, 8, 31);
  if (day >= summer_start && day <= summer_end) return true;
  if ((day.month() == 12 && day.day() >= 20) ||
      (day.month() == 1 && day.day() <= 3)) {
    return true;
  }
  const CivilDay easter = EasterSunday(y);
  if (day >= easter - 7 && day <= easter + 7) return true;
  // Half terms: the last full week of October, the third week of February,
  // and the week of the late-May bank holiday.
  const CivilDay october = LastMonday(y, 10) - 7;
  if (day >= october && day < october + 5) return true;
  const CivilDay february = FirstMonday(y, 2) + 14;
  if (day >= february && day < february + 5) return true;
  const CivilDay may = LastMonday(y, 5);
  return day >= may && day < may + 5;
}

absl::Time NextWorkingMoment(absl::Time t, const WorkingHours& hours) {
  CivilDay day = DayOf(t);
  const double hour = HourOf(t);
  if (IsWorkingDay(day) && hour >= hours.start_hour && hour < hours.end_hour) {
    return t;
  }
  if (!IsWorkingDay(day) || hour >= hours.end_hour) {
    day = AddWorkingDays(day + 1, 0);
  }
  return At(day, hours.start_hour);
}

absl::Time AddWorkingTime(absl::Time start, absl::Duration work,
                          const WorkingHours& hours) {
  absl::Time t = NextWorkingMoment(start, hours);
  while (true) {
    const CivilDay day = DayOf(t);
    const absl::Time day_end = At(day, hours.end_hour);
    if (t + work <= day_end) return t + work;
    work -= day_end - t;
    t = NextWorkingMoment(day_end, hours);
  }
}

absl::Duration WorkingTimeBetween(absl::Time from, absl::Time to,
                                  const WorkingHours& hours,
                                  absl::Duration cap) {
  absl::Duration total;
  absl::Time t = NextWorkingMoment(from, hours);
  while (t < to && total < cap) {
    const absl::Time day_end = At(DayOf(t), hours.end_hour);
    total += std::min(to, day_end) - t;
    t = NextWorkingMoment(day_end, hours);
  }
  return std::min(total, cap);
}

absl::Time OneWorkingDayAfter(absl::Time received, const WorkingHours& hours) {
  const absl::Time from = NextWorkingMoment(received, hours);
  const CivilDay day = DayOf(from);
  const CivilDay next = AddWorkingDays(day + 1, 0);
  // The same time of day on England's clocks, across a change of the clocks.
  const absl::CivilSecond at = absl::ToCivilSecond(from, EnglandTime());
  return absl::FromCivil(
      absl::CivilSecond(next) + (at - absl::CivilSecond(day)), EnglandTime());
}

}  // namespace frontdoor
