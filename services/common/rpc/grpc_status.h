// The one place where absl::Status becomes grpc::Status and back.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_GRPC_STATUS_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace frontdoor {

// The gRPC status a service returns for a domain status (same code, message).
grpc::Status ToGrpc(const absl::Status& status);
// The domain status for a gRPC status a peer returned.
absl::Status FromGrpc(const grpc::Status& status);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_GRPC_STATUS_H_
