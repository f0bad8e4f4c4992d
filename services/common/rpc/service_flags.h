// Process setup every service main does: help for the services' own flags
// (Abseil's --help lists only flags defined in a file named after the
// program, so `frontdoor-intake --help` printed "No flags matched"), and
// private file modes, the store's memory and disk budget (--cache_mib,
// --write_buffer_mib, --reserve_mib) and the transport flags (--tls_*,
// --insecure).
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_SERVICE_FLAGS_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_SERVICE_FLAGS_H_

#include <memory>

#include "absl/flags/declare.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/security/client_certs.h"
#include "services/common/security/tokens.h"

// Plaintext with no certificates and no tokens (service_flags.cc).
ABSL_DECLARE_FLAG(bool, insecure);

namespace frontdoor {

// Call before absl::ParseCommandLine.
void UseServiceFlagsHelp();

// Makes every file and folder the process creates its user's alone (0600,
// 0700): the stores hold children's records. Call before opening the store.
void PrivateFilesOnly();

// The memory a service's store may keep, in MiB, whatever it holds.
struct StoreBudget {
  int cache_mib = 64;         // block cache of every column family
  int write_buffer_mib = 64;  // memtables of every column family
  int reserve_mib = 256;      // disk kept free (StoreOptions::reserve_mib)
};

// The budget of --cache_mib, --write_buffer_mib and --reserve_mib;
// INVALID_ARGUMENT naming the flag out of range. Call after
// absl::ParseCommandLine.
absl::StatusOr<StoreBudget> StoreBudgetFromFlags();

// Logs a store's writes stopping for lack of disk space (a warning with
// the cause) and resuming; for StoreOptions::on_disk_space.
void LogDiskSpace(const absl::Status& room);

// Who a service lets in: what its CallAuthority checks calls against.
struct ServiceAccess {
  // Calls' tokens, from --tokens; null with --insecure and no --tokens.
  std::unique_ptr<TokenGate> tokens;
  // Revoked client certificates, from --certificates; null without it.
  std::unique_ptr<RevocationGate> revoked;
};

// The service's access from --tokens and --certificates; INVALID_ARGUMENT
// when TLS has no tokens file.
absl::StatusOr<ServiceAccess> ServiceAccessFromFlags();

// Sets the process's transport from --tls_ca, --tls_cert, --tls_key,
// --insecure and --idle_connection_timeout_s (see UseTransport);
// INVALID_ARGUMENT names a flag out of range. Call after
// absl::ParseCommandLine.
absl::Status UseTransportFlags();

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_SERVICE_FLAGS_H_
