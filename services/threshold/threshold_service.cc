// Threshold gRPC edge.
#include "services/threshold/threshold_service.h"

#include "services/common/grpc_status.h"

namespace frontdoor {

grpc::Status ThresholdService::Decide(grpc::ServerContext*,
                                      const v1::DecideRequest* request,
                                      v1::DecideResponse* response) {
  absl::StatusOr<v1::Decision> decision = threshold_->Decide(*request);
  if (!decision.ok()) return ToGrpc(decision.status());
  *response->mutable_decision() = *std::move(decision);
  return grpc::Status::OK;
}

grpc::Status ThresholdService::GetDecision(
    grpc::ServerContext*, const v1::GetDecisionRequest* request,
    v1::DecideResponse* response) {
  absl::StatusOr<v1::Decision> decision =
      threshold_->Find(request->run_id(), request->contact_id());
  if (!decision.ok()) return ToGrpc(decision.status());
  *response->mutable_decision() = *std::move(decision);
  return grpc::Status::OK;
}

grpc::Status ThresholdService::GetPolicy(grpc::ServerContext*,
                                         const v1::GetPolicyRequest*,
                                         v1::GetPolicyResponse* response) {
  const std::shared_ptr<const Policy> policy = threshold_->policy();
  response->set_policy_id(policy->id());
  response->set_policy_version(policy->version());
  response->set_description(policy->description());
  return grpc::Status::OK;
}

}  // namespace frontdoor
