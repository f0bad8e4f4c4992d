// The English working calendar: weekends, England and Wales bank holidays
// (the rules plus the one-off days of 2020-2023), school holidays, and
// working time within working hours. Times are read on England's clocks
// (Europe/London), so 9 to 5 is 09:00 to 17:00 BST in summer.
#ifndef FRONTDOOR_LIB_DOMAIN_WORKING_CALENDAR_H_
#define FRONTDOOR_LIB_DOMAIN_WORKING_CALENDAR_H_

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace frontdoor {

// True on an England and Wales bank holiday.
bool IsBankHoliday(absl::CivilDay day);
// True on a weekday that is not a bank holiday.
bool IsWorkingDay(absl::CivilDay day);
// The working day `n` working days after `day` (n >= 0; 0 is `day` itself
// if it is a working day, else the next one).
absl::CivilDay AddWorkingDays(absl::CivilDay day, int n);
// Working days after `from` up to and including `to` (0 if `to` is not
// later): DfE's "working days from referral" to an assessment's end.
int WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to);
// True in a typical English school holiday: summer (22 Jul - 31 Aug),
// Christmas (20 Dec - 3 Jan), Easter (the week either side of Easter
// Sunday), and the October, February and late-May half terms.
bool IsSchoolHoliday(absl::CivilDay day);

// Working hours of a team, as hours after midnight.
struct WorkingHours {
  double start_hour = 9;
  double end_hour = 17;
};

// The first moment at or after `t` inside working hours on a working day.
absl::Time NextWorkingMoment(absl::Time t, const WorkingHours& hours);
// `start` plus `work` of working time, spread over working days.
absl::Time AddWorkingTime(absl::Time start, absl::Duration work,
                          const WorkingHours& hours);
// Working time between `from` and `to` (zero if `to` is not later),
// counted no further than `cap`: callers ask "at least this much?", and a
// months-long gap need not be walked day by day.
absl::Duration WorkingTimeBetween(absl::Time from, absl::Time to,
                                  const WorkingHours& hours,
                                  absl::Duration cap);
// The deadline for a decision "within one working day" of `received`: the
// same time on the next working day (a contact received outside working
// hours counts from the next working moment).
absl::Time OneWorkingDayAfter(absl::Time received, const WorkingHours& hours);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_WORKING_CALENDAR_H_
