// frontdoor-threshold: decides contacts against a threshold policy file.
#include <cstdio>
#include <memory>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/threshold/policy_file.h"
#include "services/threshold/threshold.h"
#include "services/threshold/threshold_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052",
          "host:port to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, data_dir, "./frontdoor-data/threshold",
          "RocksDB directory for decisions");
ABSL_FLAG(std::string, policy, "policies/default.textproto",
          "threshold policy file (text-format frontdoor.v1.ThresholdPolicy)");
ABSL_FLAG(std::string, port_file, "",
          "if set, write the bound port here once serving");
ABSL_FLAG(bool, sync_writes, false, "fsync RocksDB's log on every write");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "frontdoor-threshold: decides contacts against a threshold policy.\n"
      "Usage: frontdoor-threshold --policy=FILE --data_dir=DIR "
      "[--listen=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);

  absl::StatusOr<frontdoor::Policy> policy =
      frontdoor::LoadPolicyFile(absl::GetFlag(FLAGS_policy));
  if (!policy.ok()) {
    std::fprintf(stderr, "frontdoor-threshold: %s\n",
                 policy.status().ToString().c_str());
    return 2;
  }
  absl::StatusOr<std::unique_ptr<frontdoor::Store>> store =
      frontdoor::Store::Open({.path = absl::GetFlag(FLAGS_data_dir),
                              .families = frontdoor::Threshold::Families(),
                              .sync_writes = absl::GetFlag(FLAGS_sync_writes)});
  if (!store.ok()) {
    std::fprintf(stderr, "frontdoor-threshold: %s\n",
                 store.status().ToString().c_str());
    return 2;
  }
  std::fprintf(stderr, "frontdoor-threshold: policy %s version %lld\n",
               policy->id().c_str(),
               static_cast<long long>(policy->version()));
  frontdoor::Threshold threshold(
      store->get(),
      std::make_shared<const frontdoor::Policy>(*std::move(policy)));
  frontdoor::ThresholdService service(&threshold);
  const absl::Status served = frontdoor::ServeUntilSignalled(
      {.name = "frontdoor-threshold",
       .listen_address = absl::GetFlag(FLAGS_listen),
       .port_file = absl::GetFlag(FLAGS_port_file)},
      {&service});
  if (!served.ok()) {
    std::fprintf(stderr, "frontdoor-threshold: %s\n",
                 served.ToString().c_str());
    return 1;
  }
  return 0;
}
