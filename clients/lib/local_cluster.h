// Starts the three services on loopback as child processes, each with its
// own data directory under one folder: what `frontdoor up`, `frontdoor demo`
// and the integration tests run.
#ifndef FRONTDOOR_CLIENTS_LIB_LOCAL_CLUSTER_H_
#define FRONTDOOR_CLIENTS_LIB_LOCAL_CLUSTER_H_

#include <sys/types.h>

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/security/credentials.h"

namespace frontdoor {

// The three services.
enum class ServiceName { kIntake = 0, kThreshold = 1, kStepping = 2 };

// How to start a local cluster.
struct ClusterOptions {
  // Folder holding frontdoor-intake, -threshold and -stepping; empty means
  // the folder of the running program.
  std::string bin_dir;
  // Root data folder: each service gets <data_dir>/<service>, and its log
  // goes to <data_dir>/logs/<service>.log.
  std::string data_dir = "./frontdoor-data";
  // The threshold policy file; empty means the shipped default.
  std::string policy_file;
  // Ports on 127.0.0.1; 0 picks a free one.
  int intake_port = 50051;
  int threshold_port = 50052;
  int stepping_port = 50053;
  // Services stop when the thread that started them exits (Linux's
  // parent-death signal): on for commands, off where a helper thread
  // restarts services (the crash test).
  bool exit_with_launcher = true;
  // Other commands may use this stack (`frontdoor up`), and its lock says
  // so. A command's own stack is not shared: it stops when that command
  // ends, and a second command on it would be cut short.
  bool shared = false;
  // Plaintext, no certificates and no tokens. Otherwise the cluster makes a
  // local CA under <data_dir>/tls on first start, serves mutual TLS, checks
  // tokens against <data_dir>/tokens, and this process calls it as admin.
  // Either way intake pseudonymises child ids with <data_dir>/pseudonym.key,
  // made on first start.
  bool insecure = false;
  // Ports on 127.0.0.1 for each service's Prometheus metrics (intake,
  // threshold, stepping); 0 picks a free one, -1 serves none.
  std::array<int, 3> metrics_ports = {-1, -1, -1};
  // Seconds after which the services close a connection with no call; 0
  // keeps their default (five minutes).
  int idle_connection_timeout_s = 0;
};

// A running set of the three services. Stops them (SIGTERM) when destroyed.
class LocalCluster {
 public:
  // Starts stepping, threshold, then intake, and waits until all three
  // answer health checks. FAILED_PRECONDITION when another stack already
  // runs on the data folder.
  static absl::StatusOr<std::unique_ptr<LocalCluster>> Start(
      ClusterOptions options);
  ~LocalCluster();

  LocalCluster(const LocalCluster&) = delete;
  LocalCluster& operator=(const LocalCluster&) = delete;

  // "127.0.0.1:PORT" of a service.
  std::string address(ServiceName service) const;
  // A running service's process id (0 when stopped): for benchmarks that
  // read its resident memory.
  pid_t pid(ServiceName service) const {
    return pids_[static_cast<int>(service)];
  }
  // "http://127.0.0.1:PORT/metrics" of a service, or empty when it serves
  // no metrics.
  std::string metrics_url(ServiceName service) const;
  // The port of that URL, or -1.
  int metrics_port(ServiceName service) const {
    return metrics_ports_[static_cast<int>(service)];
  }
  // Where a service writes its log.
  std::string log_path(ServiceName service) const;

  // Stops all services gracefully (SIGTERM, then SIGKILL after 10 s).
  absl::Status Stop();
  // Kills a service with SIGKILL, as a crash would.
  absl::Status Kill(ServiceName service);
  // Stops a service gracefully.
  absl::Status Terminate(ServiceName service);
  // Starts a stopped service again on the same port and data directory.
  absl::Status Restart(ServiceName service);
  // A service that exited, and how ("killed by signal 9").
  struct Exit {
    ServiceName service;
    std::string how;
  };
  // Blocks until any service exits, or a signal interrupts the wait
  // (nullopt).
  std::optional<Exit> WaitForAnyExit();

 private:
  explicit LocalCluster(ClusterOptions options)
      : options_(std::move(options)) {}
  // Starts `service` and waits until it serves.
  absl::Status Launch(ServiceName service);
  // The command line `service` is started with.
  std::vector<std::string> LaunchArgs(
      ServiceName service, const std::string& port_file,
      const std::string& metrics_port_file) const;
  absl::Status StopOne(ServiceName service, int signal_number);

  ClusterOptions options_;
  // How this process calls the cluster.
  Transport client_;
  std::array<pid_t, 3> pids_ = {0, 0, 0};
  std::array<int, 3> ports_ = {0, 0, 0};
  std::array<int, 3> metrics_ports_ = {-1, -1, -1};
  // The data folder's lock (<data_dir>/stack.lock), held while the cluster
  // lives, so no second stack starts on the same stores.
  int lock_fd_ = -1;
};

// Makes this process call services whose data is under `data_dir` as
// their local admin: its certificate and token from <data_dir>/tls, or
// plaintext when the services there were started insecure (or never with
// TLS). FRONTDOOR_TOKEN, when set, is sent instead of the admin token.
absl::Status UseLocalAdminTransport(const std::string& data_dir);

// A file shipped with frontdoor (e.g. "policies/default.textproto"): the one
// under the current folder if present, else the one in the source tree this
// binary was built from.
std::string ShippedFile(const std::string& relative_path);

// The lowercase name of a service ("intake").
const char* ServiceLabel(ServiceName service);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_LIB_LOCAL_CLUSTER_H_
