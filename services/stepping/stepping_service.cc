// Stepping gRPC edge.
#include "services/stepping/stepping_service.h"

#include "services/common/event_time.h"
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
  std::optional<absl::Time> as_of;
  if (request->has_as_of()) as_of = FromProto(request->as_of());
  absl::StatusOr<internal::ChildState> child =
      stepping_->Child(request->run_id(), request->child_id(), as_of);
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

grpc::Status SteppingService::ConfigureRun(grpc::ServerContext*,
                                           const v1::RunConfig* request,
                                           v1::ConfigureRunResponse*) {
  return ToGrpc(stepping_->ConfigureRun(*request));
}

grpc::Status SteppingService::AdvanceTo(grpc::ServerContext*,
                                        const v1::AdvanceToRequest* request,
                                        v1::AdvanceToResponse* response) {
  if (!request->has_event_time()) {
    return ToGrpc(absl::InvalidArgumentError("event_time: is required"));
  }
  absl::StatusOr<int64_t> fired =
      stepping_->AdvanceTo(request->run_id(), FromProto(request->event_time()));
  if (!fired.ok()) return ToGrpc(fired.status());
  response->set_timers_fired(*fired);
  return grpc::Status::OK;
}

grpc::Status SteppingService::RecordAssessment(
    grpc::ServerContext*, const v1::RecordAssessmentRequest* request,
    v1::RecordAssessmentResponse* response) {
  absl::StatusOr<v1::LevelChange> change =
      stepping_->RecordAssessment(*request);
  if (!change.ok()) return ToGrpc(change.status());
  *response->mutable_change() = *std::move(change);
  return grpc::Status::OK;
}

grpc::Status SteppingService::ListRunAssessments(
    grpc::ServerContext* context, const v1::ListRunChildrenRequest* request,
    grpc::ServerWriter<v1::RecordAssessmentRequest>* writer) {
  return ToGrpc(stepping_->ScanAssessments(
      request->run_id(), [&](const v1::RecordAssessmentRequest& r) {
        return !context->IsCancelled() && writer->Write(r);
      }));
}

grpc::Status SteppingService::ListRunChildren(
    grpc::ServerContext* context, const v1::ListRunChildrenRequest* request,
    grpc::ServerWriter<v1::ChildRecord>* writer) {
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

grpc::Status SteppingService::DeleteRun(grpc::ServerContext*,
                                        const v1::DeleteRunRequest* request,
                                        v1::DeleteRunResponse* response) {
  absl::StatusOr<int64_t> deleted = stepping_->DeleteRun(request->run_id());
  if (!deleted.ok()) return ToGrpc(deleted.status());
  response->set_records_deleted(*deleted);
  return grpc::Status::OK;
}

}  // namespace frontdoor
