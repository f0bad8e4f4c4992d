// frontdoor-intake: the front door's entry point for contacts.
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "services/common/rpc/health.h"
#include "services/common/rpc/log.h"
#include "services/common/rpc/metrics.h"
#include "services/common/rpc/server.h"
#include "services/common/rpc/service_flags.h"
#include "services/common/security/pseudonymiser.h"
#include "services/common/security/tokens.h"
#include "services/common/storage/store.h"
#include "services/intake/downstream_grpc.h"
#include "services/intake/intake.h"
#include "services/intake/intake_service.h"
#include "services/intake/intake_store.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, data_dir, "./frontdoor-data/intake",
          "RocksDB directory for contacts, histories and runs' ordered logs");
ABSL_FLAG(std::string, threshold_address, "127.0.0.1:50052",
          "host:port of frontdoor-threshold");
ABSL_FLAG(std::string, stepping_address, "127.0.0.1:50053",
          "host:port of frontdoor-stepping");
ABSL_FLAG(std::string, port_file, "",
          "if set, write the bound port here once serving");
ABSL_FLAG(int, parent_pid, 0,
          "stop when this process (the launcher) exits; 0: never");
ABSL_FLAG(bool, sync_writes, false, "fsync RocksDB's log on every write");
ABSL_FLAG(std::string, pseudonym_key, "",
          "key file (hex, at least 32 digits; `frontdoor up` makes "
          "DATA/pseudonym.key): every child id that enters is replaced by "
          "its keyed HMAC-SHA-256 pseudonym before it is stored or passed "
          "on, and child queries are hashed the same way. Empty: ids are "
          "kept as sent");
ABSL_FLAG(int, batch, 1000,
          "events delivered to threshold and stepping per batch at most");

namespace {

// The pseudonymiser of --pseudonym_key (none when empty).
absl::StatusOr<std::optional<frontdoor::Pseudonymiser>> PseudonymsFromFlag() {
  const std::string key = absl::GetFlag(FLAGS_pseudonym_key);
  if (key.empty()) return std::nullopt;
  absl::StatusOr<frontdoor::Pseudonymiser> loaded =
      frontdoor::Pseudonymiser::FromKeyFile(key);
  if (!loaded.ok()) {
    return absl::Status(
        loaded.status().code(),
        absl::StrCat("--pseudonym_key: ", loaded.status().ToString()));
  }
  return std::optional<frontdoor::Pseudonymiser>(*std::move(loaded));
}

// Intake's own metrics beside the store's sizes.
void AddIntakeMetrics(frontdoor::Metrics& m, const frontdoor::Intake& intake,
                      frontdoor::Store* store) {
  // One unlabelled sample of one field of intake's stats.
  const auto read = [&intake](int64_t frontdoor::IntakeStats::*field) {
    return [&intake, field] {
      return std::vector<frontdoor::MetricSample>{
          {{}, static_cast<double>(intake.Stats().*field)}};
    };
  };
  m.AddCounter("frontdoor_contacts_received_total",
               "New contacts stored since the service started (duplicates "
               "not counted)",
               read(&frontdoor::IntakeStats::contacts_received));
  m.AddGauge("frontdoor_outbox_depth",
             "Events accepted and not yet delivered to threshold and "
             "stepping",
             read(&frontdoor::IntakeStats::outbox_depth));
  m.AddGauge("frontdoor_runs_stalled",
             "Runs whose delivery is paused because a peer is unreachable "
             "or refusing",
             read(&frontdoor::IntakeStats::runs_stalled));
  // By run: runs are few (a study deletes its own), children never label.
  const auto by_run = [&intake](auto value) {
    return [&intake, value] {
      std::vector<frontdoor::MetricSample> samples;
      for (const frontdoor::IntakeStats::Run& run : intake.Stats().runs) {
        samples.push_back({{{"run_id", run.run_id}}, value(run)});
      }
      return samples;
    };
  };
  m.AddGauge("frontdoor_run_contacts", "Contacts a run holds, by run",
             by_run([](const frontdoor::IntakeStats::Run& r) {
               return static_cast<double>(r.contacts);
             }));
  m.AddGauge("frontdoor_run_queued_events",
             "Events of a run accepted and not yet delivered, by run",
             by_run([](const frontdoor::IntakeStats::Run& r) {
               return static_cast<double>(r.queued);
             }));
  m.AddGauge("frontdoor_run_stalled",
             "1 while a run's delivery is paused, by run",
             by_run([](const frontdoor::IntakeStats::Run& r) {
               return r.stalled ? 1.0 : 0.0;
             }));
  m.AddCounter(
      "frontdoor_peer_retries_total",
      "Deliveries a peer failed, each sent again after a pause, by "
      "peer",
      [&intake] {
        std::vector<frontdoor::MetricSample> samples;
        const std::map<std::string, int64_t> retries =
            intake.Stats().retries_by_peer;
        for (const std::string peer : {"threshold", "stepping"}) {
          const auto it = retries.find(peer);
          samples.push_back(
              {{{"peer", peer}},
               it == retries.end() ? 0.0 : static_cast<double>(it->second)});
        }
        return samples;
      });
  m.AddStoreSizes(store);
}

// Intake accepts contacts while a peer is down (they wait in its log), but
// cannot decide them: it says so on its own name.
// Asked once a second, over kept channels.
absl::Status PeersServing() {
  static auto* const peers = new std::array<frontdoor::HealthProbe, 2>{
      frontdoor::HealthProbe(absl::GetFlag(FLAGS_threshold_address)),
      frontdoor::HealthProbe(absl::GetFlag(FLAGS_stepping_address))};
  for (frontdoor::HealthProbe& peer : *peers) {
    if (absl::Status s = peer.Check(absl::Seconds(2)); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "frontdoor-intake: accepts contacts and drives them through the "
      "threshold and stepping services.\nUsage: frontdoor-intake "
      "--data_dir=DIR --threshold_address=HOST:PORT "
      "--stepping_address=HOST:PORT [--listen=HOST:PORT]");
  frontdoor::UseServiceFlagsHelp();
  frontdoor::PrivateFilesOnly();
  absl::ParseCommandLine(argc, argv);
  frontdoor::SetLogService("intake");
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
           .families = frontdoor::IntakeStore::Families(),
           .sync_writes = absl::GetFlag(FLAGS_sync_writes),
           .block_cache_mib = budget->cache_mib,
           .write_buffer_mib = budget->write_buffer_mib,
           .scan_only = frontdoor::IntakeStore::ScanOnlyFamilies(),
           .reserve_mib = budget->reserve_mib,
           .on_disk_space = frontdoor::LogDiskSpace});
  if (!store.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, store.status().ToString());
    return 2;
  }
  absl::StatusOr<std::optional<frontdoor::Pseudonymiser>> pseudonyms =
      PseudonymsFromFlag();
  if (!pseudonyms.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError,
                   std::string(pseudonyms.status().message()));
    return 2;
  }
  absl::StatusOr<std::unique_ptr<frontdoor::Metrics>> metrics =
      frontdoor::MetricsFromFlags("intake");
  if (!metrics.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, metrics.status().ToString());
    return 2;
  }
  frontdoor::IntakeStore intake_store(store->get());
  frontdoor::Metrics* const observed = metrics->get();
  frontdoor::GrpcDownstream downstream(
      absl::GetFlag(FLAGS_threshold_address),
      absl::GetFlag(FLAGS_stepping_address), absl::Seconds(5),
      observed == nullptr
          ? frontdoor::PeerCallObserver()
          : [observed](const std::string& peer, const std::string& method,
                       const std::string& code, double seconds) {
              observed->ObservePeerCall(peer, method, code, seconds);
            });
  frontdoor::Intake intake(
      &intake_store, &downstream,
      {.max_batch = std::max(1, absl::GetFlag(FLAGS_batch)),
       .pseudonyms = *std::move(pseudonyms)});
  if (absl::Status s = intake.Start(); !s.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, s.ToString());
    return 2;
  }
  absl::StatusOr<frontdoor::ServiceAccess> access =
      frontdoor::ServiceAccessFromFlags();
  if (!access.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, access.status().ToString());
    return 2;
  }
  frontdoor::IntakeService service(&intake, access->tokens.get(),
                                   access->revoked.get());
  if (*metrics != nullptr) AddIntakeMetrics(**metrics, intake, store->get());

  const absl::Status served = frontdoor::ServeUntilSignalled(
      {.name = "frontdoor-intake",
       .listen_address = absl::GetFlag(FLAGS_listen),
       .port_file = absl::GetFlag(FLAGS_port_file),
       .parent_pid = absl::GetFlag(FLAGS_parent_pid),
       .observe_rpc = *metrics ? (*metrics)->RpcObserver() : nullptr,
       // Intake accepts contacts while a peer is down (they wait in its
       // log), but cannot decide them: it says so on its own name.
       .readiness = PeersServing,
       .health_name = "frontdoor.v1.IntakeService"},
      {&service}, [&intake] { intake.Stop(); });
  if (!served.ok()) {
    frontdoor::Log(frontdoor::LogLevel::kError, served.ToString());
    return 1;
  }
  return 0;
}
