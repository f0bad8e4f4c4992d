// What sweep, plan and sensitivity share: the folder they write to and the
// services they run on.
#ifndef FRONTDOOR_CLIENTS_CLI_STUDY_OUTPUT_H_
#define FRONTDOOR_CLIENTS_CLI_STUDY_OUTPUT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/cli_args.h"
#include "clients/lib/service_session.h"

namespace frontdoor::cli {

// --name and --out, with `what` saying what NAME names.
std::vector<OptionSpec> StudyOutputOptions(const std::string& default_name,
                                           const std::string& what);

// Makes the --out folder, then opens the services (starting them when none
// run) with patient retries, as a study of many runs needs.
absl::StatusOr<std::unique_ptr<ServiceSession>> OpenStudy(const Args& args);

// OUT/NAME.EXTENSION.
std::string StudyFile(const Args& args, const std::string& extension);

// Writes `text` to `path`; PERMISSION_DENIED names it when it cannot.
absl::Status WriteStudyFile(const std::string& path, const std::string& text);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_CLI_STUDY_OUTPUT_H_
