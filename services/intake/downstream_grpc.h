// Downstream over gRPC: the threshold and stepping services' stubs.
#ifndef FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_GRPC_H_
#define FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_GRPC_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "frontdoor/v1/stepping.grpc.pb.h"
#include "frontdoor/v1/threshold.grpc.pb.h"
#include "services/common/rpc/renewable_stub.h"
#include "services/intake/downstream.h"

namespace frontdoor {

// What a peer call is told to, once done: the peer ("threshold",
// "stepping"), the method, the status code's name and the seconds it took.
using PeerCallObserver = std::function<void(
    const std::string&, const std::string&, const std::string&, double)>;

// Calls the threshold and stepping services, each call with a deadline,
// each timed for `observe` (when set).
class GrpcDownstream final : public Downstream {
 public:
  GrpcDownstream(const std::string& threshold_address,
                 const std::string& stepping_address,
                 absl::Duration deadline = absl::Seconds(5),
                 PeerCallObserver observe = nullptr);

  absl::StatusOr<v1::ObserveResponse> Observe(
      const v1::ObserveRequest& request) override;
  absl::StatusOr<v1::DecideBatchResponse> DecideBatch(
      const v1::DecideBatchRequest& request) override;
  absl::StatusOr<v1::ApplyBatchResponse> ApplyBatch(
      const v1::ApplyBatchRequest& request) override;
  absl::Status ConfigureRun(const v1::RunConfig& config) override;
  absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id) override;
  absl::StatusOr<v1::GetCaseloadsResponse> Caseloads(
      absl::string_view run_id) override;
  absl::StatusOr<std::vector<v1::RunDigest>> Digests(
      absl::string_view run_id) override;

 private:
  // One unary call to `peer` with the deadline, timed and checked.
  template <typename Service, typename Response, typename Invoke>
  absl::StatusOr<Response> Call(RenewableStub<Service>& stub,
                                const std::string& peer,
                                const std::string& method, Invoke invoke);

  RenewableStub<v1::ThresholdService> threshold_;
  RenewableStub<v1::SteppingService> stepping_;
  const absl::Duration deadline_;
  const PeerCallObserver observe_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_GRPC_H_
