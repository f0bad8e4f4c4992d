// frontdoor-threshold: decides contacts against a threshold policy file.
#include <cstdio>
#include <memory>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "lib/policy/policy_file.h"
#include "services/common/rpc/log.h"
#include "services/common/rpc/metrics.h"
#include "services/common/rpc/server.h"
#include "services/common/rpc/service_flags.h"
#include "services/common/security/local_ca.h"
#include "services/common/storage/store.h"
#include "services/threshold/policy_registry.h"
#include "services/threshold/threshold.h"
#include "services/threshold/threshold_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052",
          "host:port to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, data_dir, "./frontdoor-data/threshold",
          "RocksDB directory for decisions");
ABSL_FLAG(std::string, policy, "policies/default.textproto",
          "threshold policy file (text-format frontdoor.v1.ThresholdPolicy) "
          "loaded at start. It becomes the active policy when its id and "
          "version are new to this data directory or nothing is active yet; "
          "otherwise the active policy stays as last set (e.g. by "
          "`frontdoor policy load`). Empty: load nothing");
ABSL_FLAG(std::string, port_file, "",
          "if set, write the bound port here once serving");
ABSL_FLAG(int, parent_pid, 0,
          "stop when this process (the launcher) exits; 0: never");
ABSL_FLAG(bool, sync_writes, false, "fsync RocksDB's log on every write");

namespace {

int Fail(const absl::Status& status) {
  frontdoor::Log(frontdoor::LogLevel::kError, status.ToString());
  return 2;
}

// "early_help" for OUTCOME_EARLY_HELP, given the prefix "OUTCOME_".
std::string CodeOf(const std::string& name, const std::string& prefix) {
  return absl::AsciiStrToLower(name.substr(prefix.size()));
}

// Decisions by outcome and RAG, and the MASH queue, read at each scrape.
void AddThresholdMetrics(frontdoor::Metrics& metrics,
                         const frontdoor::Threshold& threshold,
                         const frontdoor::Store& store) {
  namespace v1 = frontdoor::v1;
  metrics.AddCounter(
      "frontdoor_decisions_total",
      "Decisions made and stored since the service started, by outcome and "
      "RAG rating",
      [&threshold] {
        const frontdoor::ThresholdStats stats = threshold.Stats();
        std::vector<frontdoor::MetricSample> samples;
        for (int o = v1::OUTCOME_NO_FURTHER_ACTION;
             o <= v1::OUTCOME_IMMEDIATE_PROTECTION; ++o) {
          for (int r = v1::RAG_GREEN; r <= v1::RAG_RED; ++r) {
            samples.push_back(
                {{{"outcome", CodeOf(v1::Outcome_Name(o), "OUTCOME_")},
                  {"rag", CodeOf(v1::Rag_Name(r), "RAG_")}},
                 static_cast<double>(stats.decisions[o][r])});
          }
        }
        return samples;
      });
  metrics.AddGauge(
      "frontdoor_mash_queue_length",
      "Contacts waiting for the MASH's decision at each run's latest "
      "contact, summed over runs",
      [&threshold] {
        return std::vector<frontdoor::MetricSample>{
            {{}, static_cast<double>(threshold.Stats().mash_waiting)}};
      });
  metrics.AddStoreSizes(&store);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "frontdoor-threshold: decides contacts against a threshold policy.\n"
      "Usage: frontdoor-threshold --policy=FILE --data_dir=DIR "
      "[--listen=HOST:PORT]");
  frontdoor::UseServiceFlagsHelp();
  frontdoor::PrivateFilesOnly();
  absl::ParseCommandLine(argc, argv);
  frontdoor::SetLogService("threshold");
  if (absl::Status s = frontdoor::UseTransportFlags(); !s.ok()) return Fail(s);

  absl::StatusOr<frontdoor::StoreBudget> budget =
      frontdoor::StoreBudgetFromFlags();
  if (!budget.ok()) return Fail(budget.status());
  absl::StatusOr<std::unique_ptr<frontdoor::Store>> store =
      frontdoor::Store::Open({.path = absl::GetFlag(FLAGS_data_dir),
                              .families = frontdoor::ThresholdStore::Families(),
                              .sync_writes = absl::GetFlag(FLAGS_sync_writes),
                              .block_cache_mib = budget->cache_mib,
                              .write_buffer_mib = budget->write_buffer_mib,
                              .reserve_mib = budget->reserve_mib,
                              .on_disk_space = frontdoor::LogDiskSpace});
  if (!store.ok()) return Fail(store.status());
  const frontdoor::ThresholdStore records(store->get());
  absl::StatusOr<std::unique_ptr<frontdoor::PolicyRegistry>> policies =
      frontdoor::PolicyRegistry::Open(&records);
  if (!policies.ok()) return Fail(policies.status());

  const std::string policy_file = absl::GetFlag(FLAGS_policy);
  if (!policy_file.empty()) {
    absl::StatusOr<frontdoor::Policy> policy =
        frontdoor::LoadPolicyFile(policy_file);
    if (!policy.ok()) return Fail(policy.status());
    const bool none_active = !(*policies)->Active().ok();
    absl::StatusOr<frontdoor::v1::LoadPolicyResponse> loaded =
        (*policies)->Load(policy->spec(), policy_file, /*activate=*/false);
    if (!loaded.ok()) return Fail(loaded.status());
    if (loaded->newly_loaded() || none_active) {
      loaded = (*policies)->Load(policy->spec(), policy_file, true);
      if (!loaded.ok()) return Fail(loaded.status());
    }
  }
  absl::StatusOr<std::shared_ptr<const frontdoor::Policy>> active =
      (*policies)->Active();
  if (!active.ok()) return Fail(active.status());
  frontdoor::Log(frontdoor::LogLevel::kInfo, "active policy", {},
                 {{"policy_id", (*active)->id()},
                  {"policy_version", absl::StrCat((*active)->version())}});

  frontdoor::Threshold threshold(&records, policies->get());
  absl::StatusOr<frontdoor::ServiceAccess> access =
      frontdoor::ServiceAccessFromFlags();
  if (!access.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, access.status().ToString());
    return 2;
  }
  frontdoor::ThresholdService service(
      &threshold, policies->get(), access->tokens.get(), access->revoked.get());
  absl::StatusOr<std::unique_ptr<frontdoor::Metrics>> metrics =
      frontdoor::MetricsFromFlags("threshold");
  if (!metrics.ok()) return Fail(metrics.status());
  if (*metrics != nullptr) AddThresholdMetrics(**metrics, threshold, **store);
  const absl::Status served = frontdoor::ServeUntilSignalled(
      {.name = "frontdoor-threshold",
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
