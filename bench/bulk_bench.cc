// End-to-end benchmark of the spine: the three real service binaries on
// loopback with durable RocksDB state, driven as `frontdoor simulate` and
// `replay` drive them. Prints figures; never passes or fails on speed.
//
//   bulk_bench --contacts=1000000       bulk contacts/s through all three
//   bulk_bench --runs=8                 the same contacts as 8 runs at once,
//                                       beside one of those runs alone
//   bulk_bench --stored=10000000        the same for a window of contacts
//                                       sent after that many are stored
//   bulk_bench --live=2000              one live contact's latency
//
// Contacts come from the simulator's generator (children come back, needs
// drift), generated before the clock starts so the figure is the services'.
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/process_stats.h"
#include "clients/lib/event_stream.h"
#include "clients/lib/local_cluster.h"
#include "clients/lib/service_client.h"
#include "clients/simulate/contact_generator.h"
#include "clients/simulate/scenario_file.h"
#include "grpcpp/grpcpp.h"
#include "services/common/security/credentials.h"

ABSL_FLAG(int64_t, contacts, 1000000,
          "contacts sent in bulk and timed (0: skip the bulk figure)");
ABSL_FLAG(int64_t, stored, 0,
          "contacts stored first (untimed) before a timed window of --window "
          "contacts (0: skip)");
ABSL_FLAG(int64_t, window, 100000, "contacts timed after --stored");
ABSL_FLAG(int, live, 2000,
          "live contacts submitted one at a time for latency (0: skip)");
ABSL_FLAG(int, batch, 1000, "events per batch on the bulk stream");
ABSL_FLAG(int, runs, 1,
          "runs the --contacts are split over, sent at once on their own "
          "streams (more than 1: one of them is first timed alone)");
ABSL_FLAG(std::string, data_dir, "",
          "data folder for the services (default: a new folder in /tmp)");

namespace frontdoor {
namespace {

using bench::CpuSeconds;
using bench::PeakRssMb;
using bench::PrintPerContact;
using bench::Snapshot;

// Contacts of one generated year-on-year stream, `count` of them.
class Demand {
 public:
  // About `per_year` contacts a year, from the default scenario's mix.
  Demand(const std::string& run_id, int64_t per_year)
      : scenario_(Scenario(per_year)),
        generator_(scenario_, run_id),
        day_(StartDay(scenario_)) {}

  const v1::Scenario& scenario() const { return scenario_; }

  // The next `count` contacts, in event-time order.
  std::vector<v1::RunEvent> Next(int64_t count) {
    std::vector<v1::RunEvent> events;
    events.reserve(count);
    while (static_cast<int64_t>(events.size()) < count) {
      if (buffered_.empty()) {
        for (GeneratedContact& g : generator_.Day(day_)) {
          buffered_.push_back(std::move(g.contact));
        }
        std::reverse(buffered_.begin(), buffered_.end());
        ++day_;
        continue;
      }
      v1::RunEvent event;
      *event.mutable_contact() = std::move(buffered_.back());
      buffered_.pop_back();
      events.push_back(std::move(event));
    }
    return events;
  }

 private:
  static v1::Scenario Scenario(int64_t per_year) {
    v1::Scenario s = WithDefaults(v1::Scenario());
    const double default_population = s.child_population();
    // contacts_per_10k children a year, so the population sets the volume.
    s.set_child_population(std::max<int64_t>(
        1000, per_year * 10000 / s.demand().contacts_per_10k()));
    // Screeners in proportion, so the MASH is as busy as in the default
    // scenario: with the default five, a million contacts a year queue for
    // decades, and decisions due after 2100 stall the run (stepping refuses
    // times outside 1990-2100).
    s.mutable_mash()->set_screeners(
        s.mash().screeners() *
        std::max(1.0, s.child_population() / default_population));
    s.set_days(3650);
    return s;
  }

  v1::Scenario scenario_;
  ContactGenerator generator_;
  absl::CivilDay day_;
  std::vector<v1::Contact> buffered_;
};

absl::Status CreateRun(cli::ServiceClient& client, const std::string& run_id,
                       const v1::Scenario& scenario) {
  v1::RunConfig config;
  config.set_run_id(run_id);
  *config.mutable_scenario() = scenario;
  config.set_description("bulk_bench");
  return client.CreateRun(config).status();
}

// Sends `events` on one stream and waits until every one is decided;
// returns contacts per second.
absl::StatusOr<double> SendTimed(const std::string& intake,
                                 const std::string& run_id,
                                 std::vector<v1::RunEvent> events) {
  const int64_t count = events.size();
  cli::EventStream stream(intake, run_id,
                          {.batch_size = absl::GetFlag(FLAGS_batch)});
  const absl::Time start = absl::Now();
  for (v1::RunEvent& event : events) {
    if (absl::Status s = stream.Add(std::move(event)); !s.ok()) return s;
  }
  absl::StatusOr<std::vector<v1::EventResult>> results = stream.Flush();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (!results.ok()) return results.status();
  int64_t decided = 0;
  for (const v1::EventResult& r : *results) {
    if (r.has_error()) {
      return absl::InternalError(
          absl::StrCat("a contact was refused: ", r.error().message()));
    }
    if (r.contact().record().status() == v1::CONTACT_STATUS_DECIDED) {
      ++decided;
    }
  }
  if (decided != count) {
    return absl::InternalError(
        absl::StrCat(decided, " of ", count, " contacts decided"));
  }
  return count / seconds;
}

// Sends each run's events on its own stream, all at once, and waits until
// every one is decided; returns contacts per second summed over the runs.
absl::StatusOr<double> SendRunsAtOnce(
    const std::string& intake, const std::vector<std::string>& run_ids,
    std::vector<std::vector<v1::RunEvent>> events) {
  int64_t count = 0;
  for (const auto& run : events) count += run.size();
  std::vector<absl::Status> statuses(run_ids.size());
  std::vector<std::thread> senders;
  const absl::Time start = absl::Now();
  for (size_t i = 0; i < run_ids.size(); ++i) {
    senders.emplace_back([&, i] {
      statuses[i] =
          SendTimed(intake, run_ids[i], std::move(events[i])).status();
    });
  }
  for (std::thread& sender : senders) sender.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  for (const absl::Status& s : statuses) {
    if (!s.ok()) return s;
  }
  return count / seconds;
}

// Prints bulk contacts/s for --contacts contacts: in one run, or split over
// --runs runs sent at once beside one of those runs sent alone.
absl::Status Bulk(LocalCluster& cluster, cli::ServiceClient& client) {
  const int64_t n = absl::GetFlag(FLAGS_contacts);
  const int runs = std::max(1, absl::GetFlag(FLAGS_runs));
  const int64_t per_run = n / runs;
  const std::string intake = cluster.address(ServiceName::kIntake);
  std::vector<std::string> run_ids;
  std::vector<std::vector<v1::RunEvent>> events;
  std::fprintf(stderr, "generating %lld contacts in %d run(s)...\n",
               static_cast<long long>(per_run * runs), runs);
  // A run alone first, when there are many, as the reference for the
  // many-runs speed-up.
  for (int i = runs > 1 ? -1 : 0; i < runs; ++i) {
    const std::string run_id = runs == 1 ? "bulk"
                               : i < 0   ? "bulk-alone"
                                         : absl::StrCat("bulk-", i);
    Demand demand(run_id, per_run);
    if (absl::Status s = CreateRun(client, run_id, demand.scenario());
        !s.ok()) {
      return s;
    }
    run_ids.push_back(run_id);
    events.push_back(demand.Next(per_run));
  }
  double alone = 0;
  if (runs > 1) {
    std::fprintf(stderr, "sending one run of %lld alone...\n",
                 static_cast<long long>(per_run));
    const Snapshot before = Snapshot::Take(cluster);
    absl::StatusOr<double> rate =
        SendTimed(intake, run_ids.front(), std::move(events.front()));
    if (!rate.ok()) return rate.status();
    PrintPerContact("one run alone", before, Snapshot::Take(cluster), per_run);
    std::printf(
        "end-to-end bulk, one run alone: %.0f contacts/s (%lld "
        "contacts, batches of %d)\n",
        *rate, static_cast<long long>(per_run), absl::GetFlag(FLAGS_batch));
    alone = *rate;
    run_ids.erase(run_ids.begin());
    events.erase(events.begin());
  }
  std::fprintf(stderr, "sending %d run(s) in batches of %d...\n", runs,
               absl::GetFlag(FLAGS_batch));
  const Snapshot before = Snapshot::Take(cluster);
  absl::StatusOr<double> rate =
      SendRunsAtOnce(intake, run_ids, std::move(events));
  if (!rate.ok()) return rate.status();
  if (runs == 1) {
    PrintPerContact("bulk", before, Snapshot::Take(cluster), per_run);
    std::printf(
        "end-to-end bulk: %.0f contacts/s (%lld contacts, batches of %d)\n",
        *rate, static_cast<long long>(per_run), absl::GetFlag(FLAGS_batch));
  } else {
    PrintPerContact(absl::StrCat(runs, " runs at once").c_str(), before,
                    Snapshot::Take(cluster), per_run * runs);
    std::printf(
        "end-to-end bulk, %d runs at once: %.0f contacts/s (%lld contacts, "
        "batches of %d); %.2fx one run alone\n",
        runs, *rate, static_cast<long long>(per_run * runs),
        absl::GetFlag(FLAGS_batch), *rate / alone);
  }
  std::fflush(stdout);
  return absl::OkStatus();
}

// Prints bulk contacts/s for a window sent after --stored are stored.
absl::Status Stored(LocalCluster& cluster, cli::ServiceClient& client) {
  const int64_t stored = absl::GetFlag(FLAGS_stored);
  const int64_t window = absl::GetFlag(FLAGS_window);
  // A year's volume of a tenth of what is stored, so children come back
  // across the years and histories grow.
  Demand demand("stored", std::max<int64_t>(window, stored / 10));
  if (absl::Status s = CreateRun(client, "stored", demand.scenario());
      !s.ok()) {
    return s;
  }
  const std::string intake = cluster.address(ServiceName::kIntake);
  const absl::Time start = absl::Now();
  for (int64_t done = 0; done < stored;) {
    const int64_t chunk = std::min<int64_t>(200000, stored - done);
    if (absl::StatusOr<double> r =
            SendTimed(intake, "stored", demand.Next(chunk));
        !r.ok()) {
      return r.status();
    }
    done += chunk;
    std::fprintf(stderr, "  stored %lld of %lld (%.0f s)\n",
                 static_cast<long long>(done), static_cast<long long>(stored),
                 absl::ToDoubleSeconds(absl::Now() - start));
  }
  absl::StatusOr<double> rate =
      SendTimed(intake, "stored", demand.Next(window));
  if (!rate.ok()) return rate.status();
  std::printf("bulk with %lld stored: %.0f contacts/s (next %lld contacts)\n",
              static_cast<long long>(stored), *rate,
              static_cast<long long>(window));
  std::fflush(stdout);
  return absl::OkStatus();
}

// Prints one live contact's latency, submitted one at a time (unary).
absl::Status Live(LocalCluster& cluster, cli::ServiceClient& client) {
  const int n = absl::GetFlag(FLAGS_live);
  Demand demand("live", 100000);
  if (absl::Status s = CreateRun(client, "live", demand.scenario()); !s.ok()) {
    return s;
  }
  auto stub = v1::IntakeService::NewStub(
      MakeChannel(cluster.address(ServiceName::kIntake)));
  std::vector<double> millis;
  for (v1::RunEvent& event : demand.Next(n)) {
    v1::SubmitContactRequest request;
    *request.mutable_contact() = std::move(*event.mutable_contact());
    v1::SubmitContactResponse response;
    grpc::ClientContext context;
    const absl::Time start = absl::Now();
    const grpc::Status status =
        stub->SubmitContact(&context, request, &response);
    millis.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
    if (!status.ok()) {
      return absl::InternalError(status.error_message());
    }
    if (response.record().status() != v1::CONTACT_STATUS_DECIDED) {
      return absl::InternalError("a live contact was not decided in time");
    }
  }
  std::sort(millis.begin(), millis.end());
  const auto at = [&](double q) {
    return millis[std::min(millis.size() - 1,
                           static_cast<size_t>(q * millis.size()))];
  };
  std::printf(
      "live contact: p50 %.2f ms, p99 %.2f ms (%d contacts, one at a "
      "time, through all three services)\n",
      at(0.50), at(0.99), n);
  std::fflush(stdout);
  return absl::OkStatus();
}

int Main() {
  std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (data_dir.empty()) {
    char pattern[] = "/tmp/frontdoor-bench-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    data_dir = pattern;
  }
  absl::StatusOr<std::unique_ptr<LocalCluster>> cluster =
      LocalCluster::Start({.data_dir = data_dir,
                           .intake_port = 0,
                           .threshold_port = 0,
                           .stepping_port = 0,
                           .metrics_ports = {0, 0, 0}});
  if (!cluster.ok()) {
    std::fprintf(stderr, "bulk_bench: %s\n",
                 std::string(cluster.status().message()).c_str());
    return 1;
  }
  cli::ServiceClient client((*cluster)->address(ServiceName::kIntake),
                            (*cluster)->address(ServiceName::kStepping),
                            (*cluster)->address(ServiceName::kThreshold));
  absl::Status status;
  if (status.ok() && absl::GetFlag(FLAGS_contacts) > 0) {
    status = Bulk(**cluster, client);
  }
  if (status.ok() && absl::GetFlag(FLAGS_stored) > 0) {
    status = Stored(**cluster, client);
  }
  if (status.ok() && absl::GetFlag(FLAGS_live) > 0) {
    status = Live(**cluster, client);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "bulk_bench: %s\n",
                 std::string(status.message()).c_str());
    return 1;
  }
  std::printf("CPU used: intake %.1f s, threshold %.1f s, stepping %.1f s\n",
              CpuSeconds((*cluster)->pid(ServiceName::kIntake)),
              CpuSeconds((*cluster)->pid(ServiceName::kThreshold)),
              CpuSeconds((*cluster)->pid(ServiceName::kStepping)));
  std::printf(
      "peak RSS: intake %.0f MB, threshold %.0f MB, stepping %.0f MB "
      "(data in %s)\n",
      PeakRssMb((*cluster)->pid(ServiceName::kIntake)),
      PeakRssMb((*cluster)->pid(ServiceName::kThreshold)),
      PeakRssMb((*cluster)->pid(ServiceName::kStepping)), data_dir.c_str());
  return 0;
}

}  // namespace
}  // namespace frontdoor

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "end-to-end benchmark of the three services: bulk contacts/s, "
      "throughput with many contacts stored, one live contact's latency, "
      "peak RSS");
  absl::ParseCommandLine(argc, argv);
  return frontdoor::Main();
}
