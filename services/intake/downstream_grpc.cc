// gRPC implementation of Downstream.
#include "services/intake/downstream_grpc.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "lib/domain/event_time.h"
#include "services/common/rpc/grpc_status.h"
#include "services/common/security/credentials.h"

namespace frontdoor {
namespace {

void SetDeadline(grpc::ClientContext* context, absl::Duration deadline) {
  context->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
}

// Counts the call's outcome on the peer's stub (a channel that keeps
// failing is renewed) and names the peer in errors, so that an outage says
// which service is down.
template <typename Service>
absl::Status Checked(RenewableStub<Service>& stub, absl::string_view peer,
                     const grpc::Status& status) {
  stub.Note(status);
  if (status.ok()) return absl::OkStatus();
  return FromPeer(peer, FromGrpc(status));
}

}  // namespace

GrpcDownstream::GrpcDownstream(const std::string& threshold_address,
                               const std::string& stepping_address,
                               absl::Duration deadline)
    : threshold_(threshold_address),
      stepping_(stepping_address),
      deadline_(deadline) {}

absl::StatusOr<v1::ObserveResponse> GrpcDownstream::Observe(
    const v1::ObserveRequest& request) {
  grpc::ClientContext context;
  SetDeadline(&context, deadline_);
  v1::ObserveResponse response;
  const grpc::Status status = stepping_->Observe(&context, request, &response);
  if (absl::Status s = Checked(stepping_, "stepping", status); !s.ok()) {
    return s;
  }
  return response;
}

absl::StatusOr<v1::DecideBatchResponse> GrpcDownstream::DecideBatch(
    const v1::DecideBatchRequest& request) {
  grpc::ClientContext context;
  SetDeadline(&context, deadline_);
  v1::DecideBatchResponse response;
  const grpc::Status status =
      threshold_->DecideBatch(&context, request, &response);
  if (absl::Status s = Checked(threshold_, "threshold", status); !s.ok()) {
    return s;
  }
  return response;
}

absl::StatusOr<v1::ApplyBatchResponse> GrpcDownstream::ApplyBatch(
    const v1::ApplyBatchRequest& request) {
  grpc::ClientContext context;
  SetDeadline(&context, deadline_);
  v1::ApplyBatchResponse response;
  const grpc::Status status =
      stepping_->ApplyBatch(&context, request, &response);
  if (absl::Status s = Checked(stepping_, "stepping", status); !s.ok()) {
    return s;
  }
  return response;
}

absl::Status GrpcDownstream::ConfigureRun(const v1::RunConfig& config) {
  v1::ConfigureRunResponse response;
  {
    grpc::ClientContext context;
    SetDeadline(&context, deadline_);
    const grpc::Status status =
        threshold_->ConfigureRun(&context, config, &response);
    if (absl::Status s = Checked(threshold_, "threshold", status); !s.ok()) {
      return s;
    }
  }
  grpc::ClientContext context;
  SetDeadline(&context, deadline_);
  const grpc::Status status =
      stepping_->ConfigureRun(&context, config, &response);
  if (absl::Status s = Checked(stepping_, "stepping", status); !s.ok()) {
    return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> GrpcDownstream::DeleteRun(absl::string_view run_id) {
  v1::DeleteRunRequest request;
  request.set_run_id(std::string(run_id));
  int64_t deleted = 0;
  v1::DeleteRunResponse response;
  {
    grpc::ClientContext context;
    SetDeadline(&context, deadline_);
    const grpc::Status status =
        threshold_->DeleteRun(&context, request, &response);
    if (absl::Status s = Checked(threshold_, "threshold", status); !s.ok()) {
      return s;
    }
    deleted += response.records_deleted();
  }
  grpc::ClientContext context;
  SetDeadline(&context, deadline_);
  const grpc::Status status =
      stepping_->DeleteRun(&context, request, &response);
  if (absl::Status s = Checked(stepping_, "stepping", status); !s.ok()) {
    return s;
  }
  return deleted + response.records_deleted();
}

absl::StatusOr<v1::GetCaseloadsResponse> GrpcDownstream::Caseloads(
    absl::string_view run_id) {
  v1::GetCaseloadsRequest request;
  request.set_run_id(std::string(run_id));
  grpc::ClientContext context;
  SetDeadline(&context, deadline_);
  v1::GetCaseloadsResponse response;
  const grpc::Status status =
      stepping_->GetCaseloads(&context, request, &response);
  if (absl::Status s = Checked(stepping_, "stepping", status); !s.ok()) {
    return s;
  }
  return response;
}

absl::StatusOr<std::vector<v1::RunDigest>> GrpcDownstream::Digests(
    absl::string_view run_id) {
  v1::GetRunDigestRequest request;
  request.set_run_id(std::string(run_id));
  std::vector<v1::RunDigest> digests(2);
  {
    grpc::ClientContext context;
    SetDeadline(&context, deadline_);
    const grpc::Status status =
        threshold_->GetRunDigest(&context, request, &digests[0]);
    if (absl::Status s = Checked(threshold_, "threshold", status); !s.ok()) {
      return s;
    }
  }
  grpc::ClientContext context;
  SetDeadline(&context, deadline_);
  const grpc::Status status =
      stepping_->GetRunDigest(&context, request, &digests[1]);
  if (absl::Status s = Checked(stepping_, "stepping", status); !s.ok()) {
    return s;
  }
  return digests;
}

}  // namespace frontdoor
