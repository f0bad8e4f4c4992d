// The working calendar against known England and Wales dates.
#include "lib/domain/working_calendar.h"

#include "gtest/gtest.h"
#include "lib/domain/event_time.h"

namespace frontdoor {
namespace {

using absl::CivilDay;

TEST(WorkingCalendarTest, KnownBankHolidays) {
  for (CivilDay day :
       {CivilDay(2023, 1, 2), CivilDay(2023, 4, 7), CivilDay(2023, 4, 10),
        CivilDay(2023, 5, 1), CivilDay(2023, 5, 8), CivilDay(2023, 5, 29),
        CivilDay(2023, 8, 28), CivilDay(2023, 12, 25), CivilDay(2023, 12, 26),
        CivilDay(2024, 3, 29), CivilDay(2024, 4, 1), CivilDay(2024, 5, 6),
        CivilDay(2024, 5, 27), CivilDay(2024, 8, 26), CivilDay(2025, 4, 18),
        CivilDay(2025, 4, 21), CivilDay(2026, 12, 28), CivilDay(2022, 6, 3)}) {
    EXPECT_TRUE(IsBankHoliday(day)) << day;
  }
  EXPECT_FALSE(IsBankHoliday(CivilDay(2022, 5, 30)));
  EXPECT_FALSE(IsBankHoliday(CivilDay(2024, 3, 28)));
}

TEST(WorkingCalendarTest, WorkingDaysSkipWeekendsAndHolidays) {
  // Thursday 28 March 2024 + 1 working day: Good Friday, weekend and Easter
  // Monday pass, so Tuesday 2 April.
  EXPECT_EQ(AddWorkingDays(CivilDay(2024, 3, 28), 1), CivilDay(2024, 4, 2));
  EXPECT_EQ(AddWorkingDays(CivilDay(2024, 3, 30), 0), CivilDay(2024, 4, 2));
  // And back: Easter counts nothing.
  EXPECT_EQ(WorkingDaysBetween(CivilDay(2024, 3, 28), CivilDay(2024, 4, 2)), 1);
  EXPECT_EQ(WorkingDaysBetween(CivilDay(2024, 3, 28), CivilDay(2024, 3, 28)),
            0);
  EXPECT_EQ(WorkingDaysBetween(CivilDay(2024, 4, 2), CivilDay(2024, 3, 28)), 0);
  EXPECT_EQ(WorkingDaysBetween(CivilDay(2024, 4, 3),
                               AddWorkingDays(CivilDay(2024, 4, 3), 45)),
            45);
}

TEST(WorkingCalendarTest, WorkingTimeSpillsIntoTheNextWorkingDay) {
  const WorkingHours hours;  // 9 to 17
  const absl::Time friday_4pm = *ParseEventTime("2024-03-22T16:00:00Z");
  EXPECT_EQ(FormatEventTime(AddWorkingTime(friday_4pm, absl::Hours(2), hours)),
            "2024-03-25T10:00:00Z");
  const absl::Time saturday = *ParseEventTime("2024-03-23T12:00:00Z");
  EXPECT_EQ(FormatEventTime(NextWorkingMoment(saturday, hours)),
            "2024-03-25T09:00:00Z");
}

TEST(WorkingCalendarTest, OneWorkingDayDeadline) {
  const WorkingHours hours;
  EXPECT_EQ(FormatEventTime(OneWorkingDayAfter(
                *ParseEventTime("2024-03-27T11:30:00Z"), hours)),
            "2024-03-28T11:30:00Z");
  // Received on Thursday evening before Easter: counts from Tuesday 9:00,
  // which is BST by then (the clocks went forward on Sunday 31 March).
  EXPECT_EQ(FormatEventTime(OneWorkingDayAfter(
                *ParseEventTime("2024-03-28T20:00:00Z"), hours)),
            "2024-04-03T08:00:00Z");
}

TEST(WorkingCalendarTest, WorkingHoursAreOnEnglandsClocks) {
  const WorkingHours hours;  // 9 to 17
  // 08:30 UTC in July is 09:30 BST: already working.
  const absl::Time july = *ParseEventTime("2024-07-02T08:30:00Z");
  EXPECT_EQ(NextWorkingMoment(july, hours), july);
  // 07:30 UTC is 08:30 BST: work starts at 09:00 BST, 08:00 UTC.
  EXPECT_EQ(FormatEventTime(NextWorkingMoment(
                *ParseEventTime("2024-07-02T07:30:00Z"), hours)),
            "2024-07-02T08:00:00Z");
  // 16:30 UTC is 17:30 BST: the day is over.
  EXPECT_EQ(FormatEventTime(NextWorkingMoment(
                *ParseEventTime("2024-07-02T16:30:00Z"), hours)),
            "2024-07-03T08:00:00Z");
  // In January England keeps GMT.
  EXPECT_EQ(FormatEventTime(NextWorkingMoment(
                *ParseEventTime("2024-01-09T07:30:00Z"), hours)),
            "2024-01-09T09:00:00Z");
}

TEST(WorkingCalendarTest, AWorkingDayAcrossTheClocksChangingIsOnTheClock) {
  const WorkingHours hours;
  // Friday 25 October 2024, 10:00 BST; the clocks go back on Sunday 27th, so
  // the deadline is Monday 10:00 GMT: 25 hours of elapsed time more than
  // the weekend.
  EXPECT_EQ(FormatEventTime(OneWorkingDayAfter(
                *ParseEventTime("2024-10-25T09:00:00Z"), hours)),
            "2024-10-28T10:00:00Z");
  // Four working hours from Friday 15:00 BST: two on Friday, two on Monday
  // from 09:00 GMT.
  EXPECT_EQ(
      FormatEventTime(AddWorkingTime(*ParseEventTime("2024-10-25T14:00:00Z"),
                                     absl::Hours(4), hours)),
      "2024-10-28T11:00:00Z");
}

TEST(WorkingCalendarTest, WorkingTimeBetweenCountsOnlyWorkingHours) {
  const WorkingHours hours;
  // Friday 16:00 to Monday 10:00 (GMT): an hour on Friday, one on Monday.
  EXPECT_EQ(WorkingTimeBetween(*ParseEventTime("2024-03-22T16:00:00Z"),
                               *ParseEventTime("2024-03-25T10:00:00Z"), hours,
                               absl::Hours(100)),
            absl::Hours(2));
  // Counted no further than the cap, and never negative.
  EXPECT_EQ(WorkingTimeBetween(*ParseEventTime("2024-01-01T00:00:00Z"),
                               *ParseEventTime("2024-12-31T00:00:00Z"), hours,
                               absl::Hours(20)),
            absl::Hours(20));
  EXPECT_EQ(WorkingTimeBetween(*ParseEventTime("2024-03-25T10:00:00Z"),
                               *ParseEventTime("2024-03-22T16:00:00Z"), hours,
                               absl::Hours(100)),
            absl::ZeroDuration());
}

TEST(WorkingCalendarTest, SchoolHolidays) {
  EXPECT_TRUE(IsSchoolHoliday(CivilDay(2024, 8, 10)));
  EXPECT_TRUE(IsSchoolHoliday(CivilDay(2024, 12, 27)));
  EXPECT_FALSE(IsSchoolHoliday(CivilDay(2024, 9, 10)));
  EXPECT_FALSE(IsSchoolHoliday(CivilDay(2024, 11, 12)));
}

}  // namespace
}  // namespace frontdoor
