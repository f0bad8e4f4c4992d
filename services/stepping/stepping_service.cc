// Stepping gRPC edge.
#include "services/stepping/stepping_service.h"

#include <string>
#include <vector>

#include "services/common/rpc/grpc_status.h"

namespace frontdoor {

grpc::Status SteppingService::Observe(grpc::ServerContext* context,
                                      const v1::ObserveRequest* request,
                                      v1::ObserveResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kService);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::ObserveResponse> result = stepping_->Observe(*request);
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status SteppingService::ApplyBatch(grpc::ServerContext* context,
                                         const v1::ApplyBatchRequest* request,
                                         v1::ApplyBatchResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kService);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::ApplyBatchResponse> result =
      stepping_->ApplyBatch(*request);
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status SteppingService::StepDown(grpc::ServerContext* context,
                                       const v1::StepDownRequest* request,
                                       v1::StepDownResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kMash);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::LevelChange> change = stepping_->StepDown(*request);
  if (!change.ok()) return ToGrpc(change.status());
  *response->mutable_change() = *std::move(change);
  return grpc::Status::OK;
}

grpc::Status SteppingService::GetChild(grpc::ServerContext* context,
                                       const v1::GetChildRequest* request,
                                       v1::GetChildResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kMash);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<internal::ChildState> child =
      stepping_->Child(request->run_id(), request->child_id());
  if (!child.ok()) return ToGrpc(child.status());
  response->set_level(child->level());
  *response->mutable_episodes() = std::move(*child->mutable_episodes());
  return grpc::Status::OK;
}

grpc::Status SteppingService::GetChildren(grpc::ServerContext* context,
                                          const v1::GetChildrenRequest* request,
                                          v1::GetChildrenResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kMash);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<std::vector<internal::ChildState>> children =
      stepping_->Children(request->run_id(),
                          std::vector<std::string>(request->child_ids().begin(),
                                                   request->child_ids().end()));
  if (!children.ok()) return ToGrpc(children.status());
  for (internal::ChildState& child : *children) {
    v1::GetChildResponse* out = response->add_children();
    out->set_level(child.level());
    *out->mutable_episodes() = std::move(*child.mutable_episodes());
  }
  return grpc::Status::OK;
}

grpc::Status SteppingService::GetCaseloads(
    grpc::ServerContext* context, const v1::GetCaseloadsRequest* request,
    v1::GetCaseloadsResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
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

grpc::Status SteppingService::ConfigureRun(grpc::ServerContext* context,
                                           const v1::RunConfig* request,
                                           v1::ConfigureRunResponse*) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kService);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  return ToGrpc(stepping_->ConfigureRun(*request));
}

grpc::Status SteppingService::ListRunAssessments(
    grpc::ServerContext* context, const v1::ListRunChildrenRequest* request,
    grpc::ServerWriter<v1::RecordAssessmentRequest>* writer) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kMash);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  return ToGrpc(stepping_->ScanAssessments(
      request->run_id(), [&](const v1::RecordAssessmentRequest& r) {
        return !context->IsCancelled() && writer->Write(r);
      }));
}

grpc::Status SteppingService::ListRunChildren(
    grpc::ServerContext* context, const v1::ListRunChildrenRequest* request,
    grpc::ServerWriter<v1::ChildRecord>* writer) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kMash);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  return ToGrpc(stepping_->ScanRun(
      request->run_id(),
      [&](const std::string& child_id, const internal::ChildState& state) {
        v1::ChildRecord record;
        record.set_child_id(child_id);
        record.set_level(state.level());
        *record.mutable_episodes() = state.episodes();
        *record.mutable_step_up_requests() = state.step_up_requests();
        return !context->IsCancelled() && writer->Write(record);
      }));
}

grpc::Status SteppingService::DeleteRun(grpc::ServerContext* context,
                                        const v1::DeleteRunRequest* request,
                                        v1::DeleteRunResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kService);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<int64_t> deleted = stepping_->DeleteRun(request->run_id());
  if (!deleted.ok()) return ToGrpc(deleted.status());
  response->set_records_deleted(*deleted);
  return grpc::Status::OK;
}

grpc::Status SteppingService::GetRunDigest(
    grpc::ServerContext* context, const v1::GetRunDigestRequest* request,
    v1::RunDigest* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::RunDigest> digest = stepping_->Digest(request->run_id());
  if (!digest.ok()) return ToGrpc(digest.status());
  *response = *std::move(digest);
  return grpc::Status::OK;
}

}  // namespace frontdoor
