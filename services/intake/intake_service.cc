// Intake gRPC edge.
#include "services/intake/intake_service.h"

#include "services/common/grpc_status.h"

namespace frontdoor {

grpc::Status IntakeService::SubmitContact(
    grpc::ServerContext*, const v1::SubmitContactRequest* request,
    v1::SubmitContactResponse* response) {
  absl::StatusOr<v1::SubmitContactResponse> result =
      intake_->Submit(request->contact());
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status IntakeService::StreamContacts(
    grpc::ServerContext*,
    grpc::ServerReaderWriter<v1::StreamContactsResponse,
                             v1::SubmitContactRequest>* stream) {
  v1::SubmitContactRequest request;
  int64_t index = 0;
  while (stream->Read(&request)) {
    v1::StreamContactsResponse response;
    response.set_index(index++);
    absl::StatusOr<v1::SubmitContactResponse> result =
        intake_->Submit(request.contact());
    if (result.ok()) {
      *response.mutable_accepted() = *std::move(result);
    } else {
      response.mutable_error()->set_code(
          static_cast<int32_t>(result.status().code()));
      response.mutable_error()->set_message(
          std::string(result.status().message()));
    }
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

grpc::Status IntakeService::ListChildContacts(
    grpc::ServerContext*, const v1::ListChildContactsRequest* request,
    v1::ListChildContactsResponse* response) {
  absl::StatusOr<std::vector<v1::ContactRecord>> records =
      intake_->ChildContacts(request->run_id(), request->child_id());
  if (!records.ok()) return ToGrpc(records.status());
  for (v1::ContactRecord& record : *records) {
    *response->add_contacts() = std::move(record);
  }
  return grpc::Status::OK;
}

}  // namespace frontdoor

namespace frontdoor {

grpc::Status IntakeService::ListRunContacts(
    grpc::ServerContext* context, const v1::ListRunContactsRequest* request,
    grpc::ServerWriter<v1::ContactRecord>* writer) {
  return ToGrpc(intake_->RunContacts(
      request->run_id(), [&](const v1::ContactRecord& record) {
        return !context->IsCancelled() && writer->Write(record);
      }));
}

grpc::Status IntakeService::CreateRun(grpc::ServerContext*,
                                      const v1::CreateRunRequest* request,
                                      v1::RunInfo* response) {
  absl::StatusOr<v1::RunInfo> info = intake_->CreateRun(request->config());
  if (!info.ok()) return ToGrpc(info.status());
  *response = *std::move(info);
  return grpc::Status::OK;
}

grpc::Status IntakeService::ListRuns(grpc::ServerContext*,
                                     const v1::ListRunsRequest*,
                                     v1::ListRunsResponse* response) {
  absl::StatusOr<std::vector<v1::RunInfo>> runs = intake_->ListRuns();
  if (!runs.ok()) return ToGrpc(runs.status());
  for (v1::RunInfo& run : *runs) *response->add_runs() = std::move(run);
  return grpc::Status::OK;
}

grpc::Status IntakeService::DeleteRun(grpc::ServerContext*,
                                      const v1::DeleteRunRequest* request,
                                      v1::DeleteRunResponse* response) {
  absl::StatusOr<int64_t> deleted = intake_->DeleteRun(request->run_id());
  if (!deleted.ok()) return ToGrpc(deleted.status());
  response->set_records_deleted(*deleted);
  return grpc::Status::OK;
}

}  // namespace frontdoor
