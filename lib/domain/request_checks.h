// Checks every service applies to the fields of a request, so that all three
// validate the way intake validates contacts: enums set and known, counts
// and levels in range, times plausible, and error messages that name the
// field and quote at most a short, printable prefix of what was sent.
#ifndef FRONTDOOR_LIB_DOMAIN_REQUEST_CHECKS_H_
#define FRONTDOOR_LIB_DOMAIN_REQUEST_CHECKS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"

namespace frontdoor {

// INVALID_ARGUMENT "field: why": how every check names what it refuses.
absl::Status FieldError(absl::string_view field, absl::string_view why);

// A value as error messages may quote it: at most 24 characters, each
// outside printable ASCII shown as '?', "..." when cut, in double quotes.
// Errors never carry more of a value than this (a 1 MB field must not come
// back as 1 MB of error text, nor a child's name from a shifted column).
std::string Quoted(absl::string_view value);

// Whether a set enum value is required; 0 (_UNSPECIFIED) passes otherwise.
enum class Presence { kOptional, kRequired };

// OK for a known value of an enum (`is_valid` is the generated
// Enum_IsValid); INVALID_ARGUMENT naming `field` for an unknown number, or
// for _UNSPECIFIED when required. Unknown numbers would otherwise be kept:
// proto3 enums are open.
absl::Status CheckEnum(absl::string_view field, int value,
                       bool (*is_valid)(int), Presence presence);

// OK when `min <= value <= max`.
absl::Status CheckRange(absl::string_view field, int64_t value, int64_t min,
                        int64_t max);

// OK for a set, plausible event time: years 1990 to 2100, nanos in range.
absl::Status CheckEventTime(absl::string_view field,
                            const google::protobuf::Timestamp& time,
                            bool is_set);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_REQUEST_CHECKS_H_
