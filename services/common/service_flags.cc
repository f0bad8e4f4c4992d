// Service flag help.
#include "services/common/service_flags.h"

#include <sys/stat.h>

#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"

namespace frontdoor {

void UseServiceFlagsHelp() {
  absl::FlagsUsageConfig config;
  config.contains_help_flags = [](absl::string_view file) {
    return absl::StrContains(file, "services/");
  };
  config.contains_helpshort_flags = config.contains_help_flags;
  absl::SetFlagsUsageConfig(config);
}

void PrivateFilesOnly() { umask(0077); }

}  // namespace frontdoor
