// frontdoor-intake: the front door's entry point for contacts.
#include <cstdio>
#include <memory>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/synchronization/notification.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/intake/downstream_grpc.h"
#include "services/intake/intake.h"
#include "services/intake/intake_service.h"
#include "services/intake/intake_store.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "host:port to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, data_dir, "./frontdoor-data/intake",
          "RocksDB directory for contacts, histories and the outbox");
ABSL_FLAG(std::string, threshold_address, "127.0.0.1:50052",
          "host:port of frontdoor-threshold");
ABSL_FLAG(std::string, stepping_address, "127.0.0.1:50053",
          "host:port of frontdoor-stepping");
ABSL_FLAG(std::string, port_file, "",
          "if set, write the bound port here once serving");
ABSL_FLAG(bool, sync_writes, false, "fsync RocksDB's log on every write");
ABSL_FLAG(absl::Duration, redeliver_every, absl::Seconds(1),
          "how often contacts left pending by an outage are retried");

namespace {

// Retries pending contacts until `stop` is notified. Wall-clock pacing is
// plumbing only: what a contact is decided never depends on it.
void RedeliverUntil(frontdoor::Intake* intake, absl::Notification* stop) {
  const absl::Duration every = absl::GetFlag(FLAGS_redeliver_every);
  do {
    absl::StatusOr<int> delivered = intake->DeliverPending();
    if (!delivered.ok()) {
      std::fprintf(stderr, "frontdoor-intake: redelivery paused: %s\n",
                   delivered.status().ToString().c_str());
    } else if (*delivered > 0) {
      std::fprintf(stderr, "frontdoor-intake: redelivered %d contacts\n",
                   *delivered);
    }
  } while (!stop->WaitForNotificationWithTimeout(every));
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "frontdoor-intake: accepts contacts and drives them through the "
      "threshold and stepping services.\nUsage: frontdoor-intake "
      "--data_dir=DIR --threshold_address=HOST:PORT "
      "--stepping_address=HOST:PORT [--listen=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);

  absl::StatusOr<std::unique_ptr<frontdoor::Store>> store =
      frontdoor::Store::Open({.path = absl::GetFlag(FLAGS_data_dir),
                              .families = frontdoor::IntakeStore::Families(),
                              .sync_writes = absl::GetFlag(FLAGS_sync_writes)});
  if (!store.ok()) {
    std::fprintf(stderr, "frontdoor-intake: %s\n",
                 store.status().ToString().c_str());
    return 2;
  }
  frontdoor::IntakeStore intake_store(store->get());
  frontdoor::GrpcDownstream downstream(absl::GetFlag(FLAGS_threshold_address),
                                       absl::GetFlag(FLAGS_stepping_address));
  frontdoor::Intake intake(&intake_store, &downstream);
  frontdoor::IntakeService service(&intake);

  absl::Notification stop;
  std::thread redelivery(RedeliverUntil, &intake, &stop);
  const absl::Status served = frontdoor::ServeUntilSignalled(
      {.name = "frontdoor-intake",
       .listen_address = absl::GetFlag(FLAGS_listen),
       .port_file = absl::GetFlag(FLAGS_port_file)},
      {&service}, [&stop] { stop.Notify(); });
  if (!stop.HasBeenNotified()) stop.Notify();
  redelivery.join();
  if (!served.ok()) {
    std::fprintf(stderr, "frontdoor-intake: %s\n", served.ToString().c_str());
    return 1;
  }
  return 0;
}
