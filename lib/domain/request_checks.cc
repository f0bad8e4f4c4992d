// Request field checks.
#include "lib/domain/request_checks.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "lib/domain/event_time.h"

namespace frontdoor {
namespace {

// Event times outside these years are taken to be typing errors. The
// bounds in Unix seconds (1990-01-01 and 2101-01-01 UTC), so the check on
// every contact and operation does no calendar arithmetic; compared in
// seconds, no year however absurd overflows.
constexpr int kFirstYear = 1990;
constexpr int kLastYear = 2100;
constexpr int64_t kFirstSecond = 631152000;
constexpr int64_t kAfterLastSecond = 4133980800;
constexpr size_t kQuotedLength = 24;

}  // namespace

absl::Status FieldError(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

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
    return FieldError(field, absl::StrCat("unknown value ", value));
  }
  if (value == 0 && presence == Presence::kRequired) {
    return FieldError(field, "is required");
  }
  return absl::OkStatus();
}

absl::Status CheckRange(absl::string_view field, int64_t value, int64_t min,
                        int64_t max) {
  if (value < min || value > max) {
    return FieldError(field,
                      absl::StrCat(value, " is outside ", min, " to ", max));
  }
  return absl::OkStatus();
}

absl::Status CheckEventTime(absl::string_view field,
                            const google::protobuf::Timestamp& time,
                            bool is_set) {
  if (!is_set) {
    return FieldError(field, "is required");
  }
  if (time.nanos() < 0 || time.nanos() >= 1000000000) {
    return FieldError(field, "nanos outside 0 to 999999999");
  }
  if (time.seconds() < kFirstSecond || time.seconds() >= kAfterLastSecond) {
    return FieldError(field, absl::StrCat("not a plausible time (years ",
                                          kFirstYear, " to ", kLastYear, ")"));
  }
  return absl::OkStatus();
}

}  // namespace frontdoor
