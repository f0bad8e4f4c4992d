// Identifier helpers.
#include "lib/domain/ids.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "lib/domain/request_checks.h"

namespace frontdoor {

std::string RunOrDefault(absl::string_view run_id) {
  return std::string(run_id.empty() ? kDefaultRun : run_id);
}

std::string ContactId(absl::string_view source,
                      absl::string_view source_contact_id) {
  return absl::StrCat(source, ":", source_contact_id);
}

absl::Status ValidateId(absl::string_view field, absl::string_view value,
                        size_t max_length) {
  if (value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  if (value.size() > max_length) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": longer than ", max_length, " characters"));
  }
  for (char c : value) {
    if (!absl::ascii_isgraph(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": only printable characters without spaces are allowed"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateRunId(absl::string_view field, absl::string_view value) {
  if (value.size() > 64) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": longer than 64 characters"));
  }
  for (char c : value) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' &&
        c != '-' && c != '_') {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": ", Quoted(value),
                       " may hold only letters, digits and .-_"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSameRun(absl::string_view field, absl::string_view batch_run,
                          absl::string_view item_run) {
  if (item_run.empty() || RunOrDefault(item_run) == RunOrDefault(batch_run)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": differs from the batch's run_id"));
}

}  // namespace frontdoor
