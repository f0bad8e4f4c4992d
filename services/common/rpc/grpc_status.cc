// absl <-> gRPC status mapping. The code spaces are identical by design
// (both follow google.rpc.Code), so the mapping keeps the code and message.
#include "services/common/rpc/grpc_status.h"

#include <string>

namespace frontdoor {

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

}  // namespace frontdoor
