// Event time: conversions between absl::Time, protobuf Timestamps, RFC 3339
// text and calendar dates. Services never read the wall clock to decide.
#ifndef FRONTDOOR_LIB_DOMAIN_EVENT_TIME_H_
#define FRONTDOOR_LIB_DOMAIN_EVENT_TIME_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "frontdoor/v1/types.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace frontdoor {

// The instant a Timestamp names.
absl::Time FromProto(const google::protobuf::Timestamp& ts);
// The Timestamp of an instant (microsecond precision).
google::protobuf::Timestamp ToProto(absl::Time t);

// `t` rounded down to a whole microsecond, the precision of stored times, so
// that a time read back from storage equals the one written.
absl::Time TruncateToMicros(absl::Time t);

// England's civil time (Europe/London: GMT in winter, BST in summer), from
// the system's tzdata: working hours, days, weeks and months are counted in
// it. A process without tzdata stops here, saying so, rather than count an
// hour wrong half the year.
const absl::TimeZone& EnglandTime();

// Parses "2024-09-03T10:15:00Z" (RFC 3339, any offset) or a bare date
// "2024-09-03" (midnight in England).
absl::StatusOr<absl::Time> ParseEventTime(absl::string_view text);
// Formats an instant as RFC 3339 in UTC.
std::string FormatEventTime(absl::Time t);

// The calendar day of a CalendarDate; an error naming `field` when the date
// does not exist (2023-02-29, month 13).
absl::StatusOr<absl::CivilDay> ToCivilDay(const v1::CalendarDate& date,
                                          absl::string_view field);
// Parses "YYYY-MM-DD" into a CalendarDate.
absl::StatusOr<v1::CalendarDate> ParseCalendarDate(absl::string_view text);
// The calendar day of an instant in England.
absl::CivilDay DayOf(absl::Time t);
// Whole years completed between a birth day and a day (negative if unborn).
int AgeInYears(absl::CivilDay birth, absl::CivilDay on);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_EVENT_TIME_H_
