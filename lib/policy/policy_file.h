// Reading threshold policies from text-format files (*.textproto), with
// errors that name the file, line and field.
#ifndef FRONTDOOR_LIB_POLICY_POLICY_FILE_H_
#define FRONTDOOR_LIB_POLICY_POLICY_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontdoor/v1/policy.pb.h"
#include "lib/policy/policy.h"

namespace frontdoor {

// Parses policy text; `file_name` only labels errors
// ("policies/x.textproto:12:3: rules[1].outcome: is required").
absl::StatusOr<Policy> ParsePolicy(absl::string_view text,
                                   absl::string_view file_name);

// Reads, validates and compiles a policy file.
absl::StatusOr<Policy> LoadPolicyFile(const std::string& path);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_POLICY_POLICY_FILE_H_
