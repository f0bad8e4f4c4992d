// frontdoor-stepping: children's levels of service, episodes and caseloads.
#include <cstdio>
#include <memory>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "services/common/rpc/log.h"
#include "services/common/rpc/metrics.h"
#include "services/common/rpc/server.h"
#include "services/common/rpc/service_flags.h"
#include "services/common/security/local_ca.h"
#include "services/common/storage/store.h"
#include "services/stepping/stepping.h"
#include "services/stepping/stepping_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50053",
          "host:port to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, data_dir, "./frontdoor-data/stepping",
          "RocksDB directory for children's levels of service");
ABSL_FLAG(std::string, port_file, "",
          "if set, write the bound port here once serving");
ABSL_FLAG(int, parent_pid, 0,
          "stop when this process (the launcher) exits; 0: never");
ABSL_FLAG(bool, sync_writes, false, "fsync RocksDB's log on every write");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "frontdoor-stepping: applies decisions to children's levels of "
      "service.\nUsage: frontdoor-stepping --data_dir=DIR "
      "[--listen=HOST:PORT]");
  frontdoor::UseServiceFlagsHelp();
  frontdoor::PrivateFilesOnly();
  absl::ParseCommandLine(argc, argv);
  frontdoor::SetLogService("stepping");
  if (absl::Status s = frontdoor::UseTransportFlags(); !s.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, s.ToString());
    return 2;
  }

  absl::StatusOr<frontdoor::StoreBudget> budget =
      frontdoor::StoreBudgetFromFlags();
  if (!budget.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, budget.status().ToString());
    return 2;
  }
  absl::StatusOr<std::unique_ptr<frontdoor::Store>> store =
      frontdoor::Store::Open(
          {.path = absl::GetFlag(FLAGS_data_dir),
           .families = frontdoor::SteppingStore::Families(),
           .sync_writes = absl::GetFlag(FLAGS_sync_writes),
           .block_cache_mib = budget->cache_mib,
           .write_buffer_mib = budget->write_buffer_mib,
           .scan_only = frontdoor::SteppingStore::ScanOnlyFamilies(),
           .reserve_mib = budget->reserve_mib,
           .on_disk_space = frontdoor::LogDiskSpace});
  if (!store.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, store.status().ToString());
    return 2;
  }
  const frontdoor::SteppingStore records(store->get());
  frontdoor::Stepping stepping(&records);
  absl::StatusOr<frontdoor::ServiceAccess> access =
      frontdoor::ServiceAccessFromFlags();
  if (!access.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, access.status().ToString());
    return 2;
  }
  frontdoor::SteppingService service(&stepping, access->tokens.get(),
                                     access->revoked.get());
  absl::StatusOr<std::unique_ptr<frontdoor::Metrics>> metrics =
      frontdoor::MetricsFromFlags("stepping");
  if (!metrics.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, metrics.status().ToString());
    return 2;
  }
  if (*metrics != nullptr) (*metrics)->AddStoreSizes(store->get());
  const absl::Status served = frontdoor::ServeUntilSignalled(
      {.name = "frontdoor-stepping",
       .listen_address = absl::GetFlag(FLAGS_listen),
       .port_file = absl::GetFlag(FLAGS_port_file),
       .parent_pid = absl::GetFlag(FLAGS_parent_pid),
       // Only intake, and admin tools, reach this service.
       .allowed_peers = {frontdoor::CommonNameOf("intake"),
                         frontdoor::CommonNameOf("admin")},
       .observe_rpc = *metrics ? (*metrics)->RpcObserver() : nullptr},
      {&service});
  if (!served.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, served.ToString());
    return 1;
  }
  return 0;
}
