// gRPC implementation of Downstream.
#include "services/intake/downstream_grpc.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "lib/domain/event_time.h"
#include "services/common/rpc/grpc_status.h"
#include "services/common/security/credentials.h"

namespace frontdoor {

GrpcDownstream::GrpcDownstream(const std::string& threshold_address,
                               const std::string& stepping_address,
                               absl::Duration deadline,
                               PeerCallObserver observe)
    : threshold_(threshold_address),
      stepping_(stepping_address),
      deadline_(deadline),
      observe_(std::move(observe)) {}

// Counts the call's outcome on the peer's stub (a channel that keeps
// failing is renewed), tells the observer how it went, and names the peer
// in errors, so that an outage says which service is down.
template <typename Service, typename Response, typename Invoke>
absl::StatusOr<Response> GrpcDownstream::Call(RenewableStub<Service>& stub,
                                              const std::string& peer,
                                              const std::string& method,
                                              Invoke invoke) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
  Response response;
  const absl::Time start = absl::Now();
  const grpc::Status status = invoke(*stub.operator->(), &context, &response);
  if (observe_) {
    observe_(peer, method,
             absl::StatusCodeToString(
                 static_cast<absl::StatusCode>(status.error_code())),
             absl::ToDoubleSeconds(absl::Now() - start));
  }
  stub.Note(status);
  if (!status.ok()) return FromPeer(peer, FromGrpc(status));
  return response;
}

absl::StatusOr<v1::ObserveResponse> GrpcDownstream::Observe(
    const v1::ObserveRequest& request) {
  return Call<v1::SteppingService, v1::ObserveResponse>(
      stepping_, "stepping", "Observe",
      [&](auto& stub, grpc::ClientContext* context, auto* response) {
        return stub.Observe(context, request, response);
      });
}

absl::StatusOr<v1::DecideBatchResponse> GrpcDownstream::DecideBatch(
    const v1::DecideBatchRequest& request) {
  return Call<v1::ThresholdService, v1::DecideBatchResponse>(
      threshold_, "threshold", "DecideBatch",
      [&](auto& stub, grpc::ClientContext* context, auto* response) {
        return stub.DecideBatch(context, request, response);
      });
}

absl::StatusOr<v1::ApplyBatchResponse> GrpcDownstream::ApplyBatch(
    const v1::ApplyBatchRequest& request) {
  return Call<v1::SteppingService, v1::ApplyBatchResponse>(
      stepping_, "stepping", "ApplyBatch",
      [&](auto& stub, grpc::ClientContext* context, auto* response) {
        return stub.ApplyBatch(context, request, response);
      });
}

absl::Status GrpcDownstream::ConfigureRun(const v1::RunConfig& config) {
  const auto configure = [&](auto& stub, grpc::ClientContext* context,
                             auto* response) {
    return stub.ConfigureRun(context, config, response);
  };
  if (absl::StatusOr<v1::ConfigureRunResponse> t =
          Call<v1::ThresholdService, v1::ConfigureRunResponse>(
              threshold_, "threshold", "ConfigureRun", configure);
      !t.ok()) {
    return t.status();
  }
  return Call<v1::SteppingService, v1::ConfigureRunResponse>(
             stepping_, "stepping", "ConfigureRun", configure)
      .status();
}

absl::StatusOr<int64_t> GrpcDownstream::DeleteRun(absl::string_view run_id) {
  v1::DeleteRunRequest request;
  request.set_run_id(std::string(run_id));
  const auto remove = [&](auto& stub, grpc::ClientContext* context,
                          auto* response) {
    return stub.DeleteRun(context, request, response);
  };
  absl::StatusOr<v1::DeleteRunResponse> t =
      Call<v1::ThresholdService, v1::DeleteRunResponse>(threshold_, "threshold",
                                                        "DeleteRun", remove);
  if (!t.ok()) return t.status();
  absl::StatusOr<v1::DeleteRunResponse> s =
      Call<v1::SteppingService, v1::DeleteRunResponse>(stepping_, "stepping",
                                                       "DeleteRun", remove);
  if (!s.ok()) return s.status();
  return t->records_deleted() + s->records_deleted();
}

absl::StatusOr<v1::GetCaseloadsResponse> GrpcDownstream::Caseloads(
    absl::string_view run_id) {
  v1::GetCaseloadsRequest request;
  request.set_run_id(std::string(run_id));
  return Call<v1::SteppingService, v1::GetCaseloadsResponse>(
      stepping_, "stepping", "GetCaseloads",
      [&](auto& stub, grpc::ClientContext* context, auto* response) {
        return stub.GetCaseloads(context, request, response);
      });
}

absl::StatusOr<std::vector<v1::RunDigest>> GrpcDownstream::Digests(
    absl::string_view run_id) {
  v1::GetRunDigestRequest request;
  request.set_run_id(std::string(run_id));
  const auto digest = [&](auto& stub, grpc::ClientContext* context,
                          auto* response) {
    return stub.GetRunDigest(context, request, response);
  };
  absl::StatusOr<v1::RunDigest> t = Call<v1::ThresholdService, v1::RunDigest>(
      threshold_, "threshold", "GetRunDigest", digest);
  if (!t.ok()) return t.status();
  absl::StatusOr<v1::RunDigest> s = Call<v1::SteppingService, v1::RunDigest>(
      stepping_, "stepping", "GetRunDigest", digest);
  if (!s.ok()) return s.status();
  return std::vector<v1::RunDigest>{*std::move(t), *std::move(s)};
}

}  // namespace frontdoor
