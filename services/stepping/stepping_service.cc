// Stepping gRPC edge.
#include "services/stepping/stepping_service.h"

#include "services/common/grpc_status.h"

namespace frontdoor {

grpc::Status SteppingService::ApplyDecision(
    grpc::ServerContext*, const v1::ApplyDecisionRequest* request,
    v1::ApplyDecisionResponse* response) {
  absl::StatusOr<v1::LevelChange> change = stepping_->Apply(*request);
  if (!change.ok()) return ToGrpc(change.status());
  *response->mutable_change() = *std::move(change);
  return grpc::Status::OK;
}

grpc::Status SteppingService::StepDown(grpc::ServerContext*,
                                       const v1::StepDownRequest* request,
                                       v1::StepDownResponse* response) {
  absl::StatusOr<v1::LevelChange> change = stepping_->StepDown(*request);
  if (!change.ok()) return ToGrpc(change.status());
  *response->mutable_change() = *std::move(change);
  return grpc::Status::OK;
}

grpc::Status SteppingService::GetChild(grpc::ServerContext*,
                                       const v1::GetChildRequest* request,
                                       v1::GetChildResponse* response) {
  absl::StatusOr<internal::ChildState> child =
      stepping_->Child(request->run_id(), request->child_id());
  if (!child.ok()) return ToGrpc(child.status());
  response->set_level(child->level());
  *response->mutable_episodes() = std::move(*child->mutable_episodes());
  return grpc::Status::OK;
}

grpc::Status SteppingService::GetCaseloads(
    grpc::ServerContext*, const v1::GetCaseloadsRequest* request,
    v1::GetCaseloadsResponse* response) {
  absl::StatusOr<std::map<v1::ServiceLevel, int64_t>> counts =
      stepping_->Caseloads(request->run_id());
  if (!counts.ok()) return ToGrpc(counts.status());
  for (const auto& [level, children] : *counts) {
    v1::Caseload* caseload = response->add_caseloads();
    caseload->set_level(level);
    caseload->set_children(children);
  }
  return grpc::Status::OK;
}

}  // namespace frontdoor
