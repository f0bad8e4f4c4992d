// Files of one record a line ("field field ..."), as the tokens file and
// the certificates list are: read whole, and watched for changes so that
// the services take an issue or a revoke at once.
#ifndef FRONTDOOR_SERVICES_COMMON_SECURITY_RECORD_FILE_H_
#define FRONTDOOR_SERVICES_COMMON_SECURITY_RECORD_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace frontdoor {

// One record: its line number in the file, and its space-separated fields.
struct RecordLine {
  int number = 0;
  std::vector<std::string> fields;
};

// The records of `path`, blank lines and "#" comments skipped; a missing
// file has none.
absl::StatusOr<std::vector<RecordLine>> ReadRecordLines(
    const std::string& path);

// When `path` last changed, in nanoseconds since the epoch; 0 when it does
// not exist.
int64_t ChangedAtNs(const std::string& path);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_SECURITY_RECORD_FILE_H_
