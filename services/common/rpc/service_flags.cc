// Service flag help.
#include "services/common/rpc/service_flags.h"

#include <sys/stat.h>

#include <utility>

#include "absl/flags/flag.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/rpc/log.h"
#include "services/common/security/credentials.h"

ABSL_FLAG(std::string, tokens, "",
          "tokens file (`frontdoor token issue` writes it): every call must "
          "carry a live token whose role allows it (intake's own calls to "
          "its peers are known by its certificate). Empty: no tokens are "
          "checked (with --insecure only)");
ABSL_FLAG(std::string, certificates, "",
          "client certificates file (`frontdoor secrets issue` lists what it "
          "signs there; `secrets revoke` marks them): a revoked certificate "
          "is refused on every call. Empty: none is refused");
ABSL_FLAG(int, idle_connection_timeout_s, 300,
          "close a connection that has had no call for this many seconds "
          "(its client reconnects for the next): idle connections cannot "
          "pile up");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM of the CA whose certificates this service trusts (callers "
          "must present one it signed)");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate this service serves with, and (intake) calls its "
          "peers with");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(int, cache_mib, 64,
          "RocksDB block cache shared by every column family, in MiB (8 to "
          "65536): what reads may keep in memory, however many runs the "
          "store holds");
ABSL_FLAG(int, write_buffer_mib, 64,
          "RocksDB memtables of every column family together, in MiB (8 to "
          "65536)");
ABSL_FLAG(int, reserve_mib, 256,
          "disk space, in MiB, the store keeps free (0 to 65536): writes "
          "that would find less are refused (RESOURCE_EXHAUSTED, logged) "
          "and resume by themselves once space returns");
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

absl::StatusOr<StoreBudget> StoreBudgetFromFlags() {
  const StoreBudget budget{
      .cache_mib = absl::GetFlag(FLAGS_cache_mib),
      .write_buffer_mib = absl::GetFlag(FLAGS_write_buffer_mib),
      .reserve_mib = absl::GetFlag(FLAGS_reserve_mib)};
  if (budget.reserve_mib < 0 || budget.reserve_mib > 65536) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--reserve_mib: ", budget.reserve_mib, " MiB is not from 0 to 65536"));
  }
  for (const auto& [flag, mib] :
       {std::pair{"--cache_mib", budget.cache_mib},
        {"--write_buffer_mib", budget.write_buffer_mib}}) {
    if (mib < 8 || mib > 65536) {
      return absl::InvalidArgumentError(
          absl::StrCat(flag, ": ", mib, " MiB is not from 8 to 65536"));
    }
  }
  return budget;
}

void LogDiskSpace(const absl::Status& room) {
  if (room.ok()) {
    Log(LogLevel::kInfo, "disk space returned: writes resume");
  } else {
    Log(LogLevel::kWarning, "writes refused: disk nearly full", {},
        {{"cause", std::string(room.message())}});
  }
}

absl::StatusOr<ServiceAccess> ServiceAccessFromFlags() {
  ServiceAccess access;
  const std::string tokens = absl::GetFlag(FLAGS_tokens);
  if (!tokens.empty()) {
    access.tokens = std::make_unique<TokenGate>(tokens);
  } else if (!absl::GetFlag(FLAGS_insecure)) {
    return absl::InvalidArgumentError(
        "--tokens is required with TLS (a tokens file from `frontdoor token "
        "issue`)");
  }
  if (const std::string certificates = absl::GetFlag(FLAGS_certificates);
      !certificates.empty()) {
    access.revoked = std::make_unique<RevocationGate>(certificates);
  }
  return access;
}

absl::Status UseTransportFlags() {
  const int idle_s = absl::GetFlag(FLAGS_idle_connection_timeout_s);
  if (idle_s < 1 || idle_s > 86400) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--idle_connection_timeout_s: ", idle_s, " is not from 1 to 86400"));
  }
  return UseTransport({.insecure = absl::GetFlag(FLAGS_insecure),
                       .files = {.ca = absl::GetFlag(FLAGS_tls_ca),
                                 .cert = absl::GetFlag(FLAGS_tls_cert),
                                 .key = absl::GetFlag(FLAGS_tls_key)},
                       .idle_connection_timeout = absl::Seconds(idle_s)});
}

}  // namespace frontdoor
