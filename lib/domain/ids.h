// Identifiers shared by the services: runs, contacts, and their checks.
#ifndef FRONTDOOR_LIB_DOMAIN_IDS_H_
#define FRONTDOOR_LIB_DOMAIN_IDS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace frontdoor {

// The run used when a request leaves run_id empty.
inline constexpr absl::string_view kDefaultRun = "default";

// The run a request names, or kDefaultRun when it names none.
std::string RunOrDefault(absl::string_view run_id);

// The id of a contact within its run: "<source>:<source_contact_id>".
std::string ContactId(absl::string_view source,
                      absl::string_view source_contact_id);

// Checks an identifier: not empty, at most `max_length` bytes, printable ASCII
// without spaces. The error names `field`.
absl::Status ValidateId(absl::string_view field, absl::string_view value,
                        size_t max_length);

// Checks a run id: empty (the default run), or letters, digits and ".-_", at
// most 64 characters.
absl::Status ValidateRunId(absl::string_view field, absl::string_view value);

// Checks that an item of a batch (a contact, a finding, a decision) names
// the batch's run or none; the error names `field` ("contact.run_id").
absl::Status CheckSameRun(absl::string_view field, absl::string_view batch_run,
                          absl::string_view item_run);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_IDS_H_
