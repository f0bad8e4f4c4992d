// Request field checks.
#include "services/common/request_checks.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"

namespace frontdoor {
namespace {

// Event times outside these years are taken to be typing errors.
constexpr int kFirstYear = 1990;
constexpr int kLastYear = 2100;
constexpr size_t kQuotedLength = 24;

}  // namespace

std::string Quoted(absl::string_view value) {
  std::string out = "\"";
  for (size_t i = 0; i < value.size() && i < kQuotedLength; ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    out.push_back(absl::ascii_isprint(c) ? static_cast<char>(c) : '?');
  }
  if (value.size() > kQuotedLength) out += "...";
  return out + "\"";
}

absl::Status CheckEnum(absl::string_view field, int value,
                       bool (*is_valid)(int), Presence presence) {
  if (!is_valid(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": unknown value ", value));
  }
  if (value == 0 && presence == Presence::kRequired) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  return absl::OkStatus();
}

absl::Status CheckRange(absl::string_view field, int64_t value, int64_t min,
                        int64_t max) {
  if (value < min || value > max) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", value, " is outside ", min, " to ", max));
  }
  return absl::OkStatus();
}

absl::Status CheckEventTime(absl::string_view field,
                            const google::protobuf::Timestamp& time,
                            bool is_set) {
  if (!is_set) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  if (time.nanos() < 0 || time.nanos() >= 1000000000) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": nanos outside 0 to 999999999"));
  }
  // Compared in seconds so that no year, however absurd, overflows.
  const int64_t first = absl::ToUnixSeconds(absl::FromCivil(
      absl::CivilSecond(kFirstYear, 1, 1), absl::UTCTimeZone()));
  const int64_t after = absl::ToUnixSeconds(absl::FromCivil(
      absl::CivilSecond(kLastYear + 1, 1, 1), absl::UTCTimeZone()));
  if (time.seconds() < first || time.seconds() >= after) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": not a plausible time (years ", kFirstYear,
                     " to ", kLastYear, ")"));
  }
  return absl::OkStatus();
}

}  // namespace frontdoor
