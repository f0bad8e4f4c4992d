// The gRPC edge of the threshold service: unpacks requests, calls Threshold,
// maps statuses.
#ifndef FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_SERVICE_H_
#define FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_SERVICE_H_

#include "frontdoor/v1/threshold.grpc.pb.h"
#include "services/threshold/threshold.h"

namespace frontdoor {

// frontdoor.v1.ThresholdService over a Threshold.
class ThresholdService final : public v1::ThresholdService::Service {
 public:
  // `threshold` must outlive the service.
  explicit ThresholdService(Threshold* threshold) : threshold_(threshold) {}

  grpc::Status Decide(grpc::ServerContext* context,
                      const v1::DecideRequest* request,
                      v1::DecideResponse* response) override;
  grpc::Status GetDecision(grpc::ServerContext* context,
                           const v1::GetDecisionRequest* request,
                           v1::DecideResponse* response) override;
  grpc::Status GetPolicy(grpc::ServerContext* context,
                         const v1::GetPolicyRequest* request,
                         v1::GetPolicyResponse* response) override;

 private:
  Threshold* const threshold_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_SERVICE_H_
