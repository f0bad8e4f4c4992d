// Threshold gRPC edge.
#include "services/threshold/threshold_service.h"

#include "services/common/rpc/grpc_status.h"

namespace frontdoor {

grpc::Status ThresholdService::DecideBatch(
    grpc::ServerContext* context, const v1::DecideBatchRequest* request,
    v1::DecideBatchResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kService);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::DecideBatchResponse> result =
      threshold_->DecideBatch(*request);
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status ThresholdService::GetRunDigest(
    grpc::ServerContext* context, const v1::GetRunDigestRequest* request,
    v1::RunDigest* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::RunDigest> digest = threshold_->Digest(request->run_id());
  if (!digest.ok()) return ToGrpc(digest.status());
  *response = *std::move(digest);
  return grpc::Status::OK;
}

grpc::Status ThresholdService::GetDecision(
    grpc::ServerContext* context, const v1::GetDecisionRequest* request,
    v1::DecideResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kMash);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::Decision> decision =
      threshold_->Find(request->run_id(), request->contact_id());
  if (!decision.ok()) return ToGrpc(decision.status());
  *response->mutable_decision() = *std::move(decision);
  return grpc::Status::OK;
}

grpc::Status ThresholdService::GetPolicy(grpc::ServerContext* context,
                                         const v1::GetPolicyRequest*,
                                         v1::GetPolicyResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  for (v1::PolicySummary& summary : policies_->List()) {
    if (summary.active()) *response->mutable_policy() = std::move(summary);
  }
  if (!response->has_policy()) {
    return ToGrpc(absl::FailedPreconditionError("no policy is active"));
  }
  return grpc::Status::OK;
}

grpc::Status ThresholdService::Evaluate(grpc::ServerContext* context,
                                        const v1::EvaluateRequest* request,
                                        v1::DecideResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::Decision> decision =
      threshold_->Evaluate(request->request());
  if (!decision.ok()) return ToGrpc(decision.status());
  *response->mutable_decision() = *std::move(decision);
  return grpc::Status::OK;
}

grpc::Status ThresholdService::LoadPolicy(grpc::ServerContext* context,
                                          const v1::LoadPolicyRequest* request,
                                          v1::LoadPolicyResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAdmin);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::LoadPolicyResponse> loaded = policies_->Load(
      request->policy(), request->source_name(), request->activate());
  if (!loaded.ok()) return ToGrpc(loaded.status());
  *response = *std::move(loaded);
  return grpc::Status::OK;
}

grpc::Status ThresholdService::ListPolicies(
    grpc::ServerContext* context, const v1::ListPoliciesRequest*,
    v1::ListPoliciesResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  for (v1::PolicySummary& summary : policies_->List()) {
    *response->add_policies() = std::move(summary);
  }
  return grpc::Status::OK;
}

grpc::Status ThresholdService::ConfigureRun(grpc::ServerContext* context,
                                            const v1::RunConfig* request,
                                            v1::ConfigureRunResponse*) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kService);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  return ToGrpc(threshold_->ConfigureRun(*request));
}

grpc::Status ThresholdService::DeleteRun(grpc::ServerContext* context,
                                         const v1::DeleteRunRequest* request,
                                         v1::DeleteRunResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kService);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<int64_t> deleted = threshold_->DeleteRun(request->run_id());
  if (!deleted.ok()) return ToGrpc(deleted.status());
  response->set_records_deleted(*deleted);
  return grpc::Status::OK;
}

}  // namespace frontdoor
