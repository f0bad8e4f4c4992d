// The services' logs: one JSON object a line on standard error, with the
// time (UTC, RFC 3339), level, service and run, so that a log shipper reads
// them without a parser of its own. Never log a child's id, date of birth
// or any free text a contact carries: only ids of runs, codes and counts.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_LOG_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_LOG_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace frontdoor {

// How much a line matters.
enum class LogLevel { kInfo, kWarning, kError };

// A line's fields beyond time, level, service, run and message; values are
// written as JSON strings.
using LogFields = std::vector<std::pair<std::string, std::string>>;

// Names the service every line carries ("intake"); set once in main.
void SetLogService(absl::string_view service);

// Writes one line. `run_id` may be empty (a line about the whole service).
void Log(LogLevel level, absl::string_view message,
         absl::string_view run_id = {}, const LogFields& fields = {});

// The line Log writes, without its newline (for tests).
std::string LogLine(absl::Time time, LogLevel level, absl::string_view service,
                    absl::string_view message, absl::string_view run_id,
                    const LogFields& fields);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_LOG_H_
