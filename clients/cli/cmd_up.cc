// `frontdoor up`: the three services on loopback until Ctrl-C.
#include <signal.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/cli/commands.h"
#include "clients/lib/data_folder.h"
#include "clients/lib/local_cluster.h"

namespace frontdoor::cli {
namespace {

std::atomic<bool> g_stop_requested{false};

void RequestStop(int) { g_stop_requested = true; }

bool ParsePort(const Args& args, const char* name, int* port) {
  if (absl::SimpleAtoi(args.Get(name), port) && *port >= 0 && *port < 65536) {
    return true;
  }
  std::fprintf(stderr, "frontdoor up: --%s: not a port number\n", name);
  return false;
}

// Sleeps for `wait`, or less if a stop is requested.
void SleepUnlessStopped(absl::Duration wait) {
  const absl::Time until = absl::Now() + wait;
  while (!g_stop_requested && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(50));
  }
}

// Until Ctrl-C: a service that dies is started again on its port and data,
// after a pause that doubles with each failure in a row (1 s to 30 s), so a
// service that cannot start does not spin; clients ride through on their
// retries. Each exit and restart is logged on stderr.
void Supervise(LocalCluster& cluster) {
  std::array<absl::Duration, 3> backoff;
  backoff.fill(absl::Seconds(1));
  std::array<absl::Time, 3> started;
  started.fill(absl::Now());
  while (!g_stop_requested) {
    const std::optional<LocalCluster::Exit> exited = cluster.WaitForAnyExit();
    if (!exited.has_value() || g_stop_requested) continue;
    const int i = static_cast<int>(exited->service);
    const char* label = ServiceLabel(exited->service);
    // A service that ran a minute is a new failure, not the same one again.
    if (absl::Now() - started[i] > absl::Minutes(1)) {
      backoff[i] = absl::Seconds(1);
    }
    std::fprintf(stderr, "frontdoor up: frontdoor-%s %s (log: %s)\n", label,
                 exited->how.c_str(),
                 cluster.log_path(exited->service).c_str());
    while (!g_stop_requested) {
      std::fprintf(stderr, "frontdoor up: restarting frontdoor-%s in %s\n",
                   label, absl::FormatDuration(backoff[i]).c_str());
      SleepUnlessStopped(backoff[i]);
      if (g_stop_requested) break;
      backoff[i] = std::min(backoff[i] * 2, absl::Seconds(30));
      started[i] = absl::Now();
      const absl::Status restarted = cluster.Restart(exited->service);
      if (restarted.ok()) {
        std::fprintf(stderr, "frontdoor up: frontdoor-%s restarted at %s\n",
                     label, cluster.address(exited->service).c_str());
        break;
      }
      std::fprintf(stderr, "frontdoor up: frontdoor-%s did not start: %s\n",
                   label, std::string(restarted.message()).c_str());
      (void)cluster.Terminate(exited->service);
    }
  }
}

int RunUp(const Args& args) {
  ClusterOptions options;
  options.data_dir = args.Get("data_dir");
  options.shared = true;
  options.policy_file = args.Get("policy");
  options.insecure = args.Flag("insecure");
  if (!ParsePort(args, "intake_port", &options.intake_port) ||
      !ParsePort(args, "threshold_port", &options.threshold_port) ||
      !ParsePort(args, "stepping_port", &options.stepping_port) ||
      !ParsePort(args, "intake_metrics_port", &options.metrics_ports[0]) ||
      !ParsePort(args, "threshold_metrics_port", &options.metrics_ports[1]) ||
      !ParsePort(args, "stepping_metrics_port", &options.metrics_ports[2])) {
    return 2;
  }
  if (!args.Flag("metrics")) options.metrics_ports = {-1, -1, -1};
  // Installed before the services start; posix_spawn resets handlers in the
  // children, which take Ctrl-C themselves and are then reaped below.
  struct sigaction action = {};
  action.sa_handler = RequestStop;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  absl::StatusOr<std::unique_ptr<LocalCluster>> cluster =
      LocalCluster::Start(options);
  if (!cluster.ok()) {
    std::fprintf(stderr, "frontdoor up: %s\n",
                 std::string(cluster.status().message()).c_str());
    return 1;
  }
  for (ServiceName s : {ServiceName::kIntake, ServiceName::kThreshold,
                        ServiceName::kStepping}) {
    std::printf("%-10s %s   log: %s\n", ServiceLabel(s),
                (*cluster)->address(s).c_str(),
                (*cluster)->log_path(s).c_str());
    if (const std::string url = (*cluster)->metrics_url(s); !url.empty()) {
      std::printf("%-10s metrics: %s\n", "", url.c_str());
    }
  }
  if (options.insecure) {
    std::printf("plaintext, no tokens (--insecure)\n");
  } else {
    std::printf(
        "mutual TLS: CA %s/tls/ca.pem; local tools call as admin "
        "(%s/tls/admin.*); a partner agency needs `frontdoor secrets issue "
        "--agency=NAME --sources=CODES`\n",
        options.data_dir.c_str(), options.data_dir.c_str());
  }
  std::printf("frontdoor is up (data in %s). Press Ctrl-C to stop.\n",
              options.data_dir.c_str());
  std::fflush(stdout);
  Supervise(**cluster);
  std::printf("stopping...\n");
  (void)(*cluster)->Stop();
  std::printf("stopped.\n");
  return 0;
}

}  // namespace

Command UpCommand() {
  return {{"up",
           "start the three services on loopback, wait until healthy, "
           "restart any that dies (with backoff), stop them cleanly on "
           "Ctrl-C",
           "frontdoor up [--data_dir=DIR] [--policy=FILE]",
           {
               {"data_dir", DefaultDataDir(),
                "folder with one data directory per service, and logs/"},
               {"policy", "",
                "threshold policy file (default: the shipped "
                "policies/default.textproto)"},
               {"intake_port", "50051", "port of frontdoor-intake"},
               {"threshold_port", "50052", "port of frontdoor-threshold"},
               {"stepping_port", "50053", "port of frontdoor-stepping"},
               {"metrics", "true",
                "serve each service's Prometheus metrics over HTTP at "
                "http://127.0.0.1:PORT/metrics"},
               {"intake_metrics_port", "9151",
                "metrics port of frontdoor-intake (0 picks a free port)"},
               {"threshold_metrics_port", "9152",
                "metrics port of frontdoor-threshold (0 picks a free port)"},
               {"stepping_metrics_port", "9153",
                "metrics port of frontdoor-stepping (0 picks a free port)"},
               {"insecure", "false",
                "plaintext with no certificates and no tokens (loopback "
                "development only); by default the services talk mutual TLS "
                "with a local CA made in DIR/tls, and intake checks tokens "
                "(`frontdoor token`)"},
           }},
          RunUp};
}

}  // namespace frontdoor::cli
