// Service flag help.
#include "services/common/rpc/service_flags.h"

#include <sys/stat.h>

#include "absl/flags/flag.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "services/common/security/credentials.h"

ABSL_FLAG(std::string, tls_ca, "",
          "PEM of the CA whose certificates this service trusts (callers "
          "must present one it signed)");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate this service serves with, and (intake) calls its "
          "peers with");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(bool, insecure, false,
          "serve plaintext with no certificates and no tokens (loopback "
          "development only)");

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

absl::Status UseTransportFlags() {
  return UseTransport({.insecure = absl::GetFlag(FLAGS_insecure),
                       .files = {.ca = absl::GetFlag(FLAGS_tls_ca),
                                 .cert = absl::GetFlag(FLAGS_tls_cert),
                                 .key = absl::GetFlag(FLAGS_tls_key)}});
}

}  // namespace frontdoor
