// Event-time parsing, calendar dates and ages.
#include "lib/domain/event_time.h"

#include "gtest/gtest.h"

namespace frontdoor {
namespace {

TEST(EventTimeTest, ParsesRfc3339AndBareDates) {
  absl::StatusOr<absl::Time> t = ParseEventTime("2024-09-03T10:15:00+01:00");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(FormatEventTime(*t), "2024-09-03T09:15:00Z");
  // A bare date is midnight in England: BST in September.
  absl::StatusOr<absl::Time> day = ParseEventTime("2024-09-03");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(FormatEventTime(*day), "2024-09-02T23:00:00Z");
  EXPECT_EQ(FormatEventTime(*ParseEventTime("2024-01-03")),
            "2024-01-03T00:00:00Z");
  EXPECT_FALSE(ParseEventTime("yesterday").ok());
}

TEST(EventTimeTest, DaysAreEnglandsDays) {
  // 23:30 UTC on 1 July is 00:30 BST on 2 July; in January UTC is GMT.
  EXPECT_EQ(DayOf(*ParseEventTime("2024-07-01T23:30:00Z")),
            absl::CivilDay(2024, 7, 2));
  EXPECT_EQ(DayOf(*ParseEventTime("2024-01-01T23:30:00Z")),
            absl::CivilDay(2024, 1, 1));
}

TEST(EventTimeTest, TimestampRoundTripKeepsMicroseconds) {
  const absl::Time t = absl::FromUnixMicros(-1234567);
  EXPECT_EQ(FromProto(ToProto(t)), t);
}

TEST(EventTimeTest, ImpossibleCalendarDateNamesTheField) {
  v1::CalendarDate date;
  date.set_year(2023);
  date.set_month(2);
  date.set_day(29);
  absl::StatusOr<absl::CivilDay> day = ToCivilDay(date, "contact.dob");
  ASSERT_FALSE(day.ok());
  EXPECT_EQ(day.status().message(),
            "contact.dob: 2023-2-29 is not a calendar date");
}

TEST(EventTimeTest, AgeCountsCompletedYears) {
  const absl::CivilDay birth(2010, 6, 15);
  EXPECT_EQ(AgeInYears(birth, absl::CivilDay(2024, 6, 14)), 13);
  EXPECT_EQ(AgeInYears(birth, absl::CivilDay(2024, 6, 15)), 14);
  EXPECT_EQ(AgeInYears(absl::CivilDay(2024, 8, 1), absl::CivilDay(2024, 6, 1)),
            -1);
}

}  // namespace
}  // namespace frontdoor
