// `frontdoor up`: the three services on loopback until Ctrl-C.
#include <signal.h>

#include <atomic>
#include <cstdio>

#include "absl/strings/numbers.h"
#include "clients/cli/commands.h"
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

int RunUp(const Args& args) {
  ClusterOptions options;
  options.data_dir = args.Get("data_dir");
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
        "(%s/tls/admin.*); agencies need `frontdoor token issue`\n",
        options.data_dir.c_str(), options.data_dir.c_str());
  }
  std::printf("frontdoor is up (data in %s). Press Ctrl-C to stop.\n",
              options.data_dir.c_str());
  std::fflush(stdout);
  while (!g_stop_requested) {
    const std::string exited = (*cluster)->WaitForAnyExit();
    if (!exited.empty() && !g_stop_requested) {
      std::fprintf(stderr, "frontdoor up: %s; stopping the others\n",
                   exited.c_str());
      (void)(*cluster)->Stop();
      return 1;
    }
  }
  std::printf("stopping...\n");
  (void)(*cluster)->Stop();
  std::printf("stopped.\n");
  return 0;
}

}  // namespace

Command UpCommand() {
  return {{"up",
           "start the three services on loopback, wait until healthy, stop "
           "them cleanly on Ctrl-C",
           "frontdoor up [--data_dir=DIR] [--policy=FILE]",
           {
               {"data_dir", "./frontdoor-data",
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
