// Process setup every service main does: help for the services' own flags
// (Abseil's --help lists only flags defined in a file named after the
// program, so `frontdoor-intake --help` printed "No flags matched"), and
// private file modes, and the transport flags (--tls_*, --insecure).
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_SERVICE_FLAGS_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_SERVICE_FLAGS_H_

#include "absl/flags/declare.h"
#include "absl/status/status.h"

// Plaintext with no certificates and no tokens (service_flags.cc).
ABSL_DECLARE_FLAG(bool, insecure);

namespace frontdoor {

// Call before absl::ParseCommandLine.
void UseServiceFlagsHelp();

// Makes every file and folder the process creates its user's alone (0600,
// 0700): the stores hold children's records. Call before opening the store.
void PrivateFilesOnly();

// Sets the process's transport from --tls_ca, --tls_cert, --tls_key and
// --insecure (see UseTransport); call after absl::ParseCommandLine.
absl::Status UseTransportFlags();

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_SERVICE_FLAGS_H_
