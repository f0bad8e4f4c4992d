// Client side of grpc.health.v1: asks whether a service is serving.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_HEALTH_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_HEALTH_H_

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

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_HEALTH_H_
