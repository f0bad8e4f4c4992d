// Reading protobuf records back from a store, with corruption reported as
// DATA_LOSS rather than silently ignored.
#ifndef FRONTDOOR_SERVICES_COMMON_STORED_PROTO_H_
#define FRONTDOOR_SERVICES_COMMON_STORED_PROTO_H_

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace frontdoor {

// Parses a record of type T that a store returned; `what` names it in errors.
template <typename T>
absl::StatusOr<T> ParseStored(absl::string_view bytes, absl::string_view what) {
  T message;
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("stored ", what, " is corrupt"));
  }
  return message;
}

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_STORED_PROTO_H_
