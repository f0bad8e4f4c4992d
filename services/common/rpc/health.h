// Client side of grpc.health.v1: asks whether a service is serving.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_HEALTH_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_HEALTH_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace frontdoor {

// OK once the service at `address` answers SERVING, retrying until
// `timeout` (a zero timeout asks once); UNAVAILABLE (with the last reason)
// when it never does.
absl::Status WaitUntilServing(const std::string& address,
                              absl::Duration timeout);

// Whether the service at `address` reports SERVING for `service_name` (""
// for the process as a whole); UNAVAILABLE when it does not answer.
absl::StatusOr<bool> IsServing(const std::string& address,
                               const std::string& service_name);

// Asks one service again and again whether it is serving, over one kept
// channel: a new channel per check pays a TLS handshake each time, and
// under load that handshake alone outlasted the check's deadline (intake's
// readiness flapped with no fault). Thread-compatible.
class HealthProbe {
 public:
  explicit HealthProbe(std::string address);
  ~HealthProbe();
  HealthProbe(const HealthProbe&) = delete;
  HealthProbe& operator=(const HealthProbe&) = delete;

  // OK when the service answers SERVING within `deadline`; UNAVAILABLE,
  // with the reason, when it does not.
  absl::Status Check(absl::Duration deadline);

 private:
  struct Channel;
  const std::string address_;
  std::unique_ptr<Channel> channel_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_HEALTH_H_
