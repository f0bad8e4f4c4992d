// The services a command talks to: the ones at --intake (and --threshold,
// --stepping; or FRONTDOOR_INTAKE and friends) when an address is given;
// else the stack running on the data folder (--data_dir or
// FRONTDOOR_DATA_DIR), found by its lock, or, with none, a local set started
// for the command and stopped after it. Which one is said on stderr.
#ifndef FRONTDOOR_CLIENTS_LIB_SERVICE_SESSION_H_
#define FRONTDOOR_CLIENTS_LIB_SERVICE_SESSION_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/cli_args.h"
#include "clients/lib/local_cluster.h"
#include "clients/lib/service_client.h"

namespace frontdoor::cli {

// The options ServiceSession::Open reads: AddressOptions() plus data_dir.
// With `with_policy`, also --policy: the policy file local services start
// with.
std::vector<OptionSpec> SessionOptions(bool with_policy = true);

// A connection to the three services, maybe with services of its own.
class ServiceSession {
 public:
  // Connects to the services given or running on the data folder, or
  // starts local ones; UNAVAILABLE when an address given explicitly does
  // not answer. `starts_with_policy`: --policy is the file
  // services started here begin with (false where the command loads its
  // --policy files itself, as replay does).
  static absl::StatusOr<std::unique_ptr<ServiceSession>> Open(
      const Args& args, bool starts_with_policy = true);

  ServiceClient& client() { return *client_; }

 private:
  std::unique_ptr<LocalCluster> cluster_;
  std::unique_ptr<ServiceClient> client_;
};

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_LIB_SERVICE_SESSION_H_
