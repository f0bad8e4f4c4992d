// Server bootstrap shared by the three services: listening address, health
// checking, reflection, credentials and graceful shutdown on SIGTERM/SIGINT.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_SERVER_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_SERVER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace grpc {
class Service;
}  // namespace grpc

namespace frontdoor {

// How a service listens.
struct ServerOptions {
  // The service's name in logs, e.g. "frontdoor-intake".
  std::string name;
  // host:port to listen on; port 0 picks a free port.
  std::string listen_address;
  // When set, the port actually bound is written here once serving (written
  // to a temporary file and renamed, so readers never see half a number).
  std::string port_file;
  // When set, the service stops (as on SIGTERM) when this process, its
  // launcher, dies: services started by `frontdoor up` never outlive it.
  int parent_pid = 0;
  // Certificate common names this server serves (empty: any the CA
  // signed); ignored when serving plaintext.
  std::vector<std::string> allowed_peers;
  // When set, hears of every call as it finishes (method, status code name,
  // seconds): the metrics' RPC histogram.
  std::function<void(const std::string& method, const std::string& code,
                     double seconds)>
      observe_rpc;
  // When set, asked every second whether the service can do its work (the
  // peers it needs answer): while it says no, the health service reports
  // NOT_SERVING for `health_name` (the process itself, "", stays SERVING),
  // and each change is logged once.
  std::function<absl::Status()> readiness;
  // The service's full name in the health service
  // ("frontdoor.v1.IntakeService").
  std::string health_name;
};

// Serves `services` until SIGTERM or SIGINT, then stops accepting calls,
// lets calls in flight finish (up to 5 s) and returns. `on_stopping` runs
// after the signal, before the server shuts down (e.g. to stop workers).
absl::Status ServeUntilSignalled(const ServerOptions& options,
                                 const std::vector<grpc::Service*>& services,
                                 const std::function<void()>& on_stopping = {});

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_SERVER_H_
