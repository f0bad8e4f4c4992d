// Intake gRPC edge.
#include "services/intake/intake_service.h"

#include <deque>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "lib/domain/event_time.h"
#include "services/common/rpc/grpc_status.h"
#include "services/intake/run_queue.h"

namespace frontdoor {

grpc::Status IntakeService::SubmitContact(
    grpc::ServerContext* context, const v1::SubmitContactRequest* request,
    v1::SubmitContactResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAgency);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  const Caller& caller = admitted->caller;
  absl::StatusOr<v1::SubmitContactResponse> result =
      intake_->Submit(request->contact(), caller);
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status IntakeService::SubmitEvents(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::SubmitEventsResponse, v1::SubmitEventsRequest>*
        stream) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  const Caller& caller = admitted->caller;
  absl::StatusOr<CallSlots::Slot> slot =
      streams_.Take(caller.agency, "SubmitEvents streams");
  if (!slot.ok()) return ToGrpc(slot.status());
  // This thread reads and appends; a writer answers each batch once it is
  // delivered, so a client keeps several batches in flight.
  struct InFlight {
    int64_t batch = 0;
    std::unique_ptr<Intake::Ticket> ticket;
  };
  absl::Mutex mu;
  absl::CondVar more;
  std::deque<InFlight> in_flight;
  bool reading_done = false;
  std::thread writer([&] {
    while (true) {
      InFlight next;
      {
        absl::MutexLock lock(&mu);
        while (in_flight.empty() && !reading_done) more.Wait(&mu);
        if (in_flight.empty()) return;
        next = std::move(in_flight.front());
        in_flight.pop_front();
      }
      const auto cancelled = [context] { return context->IsCancelled(); };
      while (!intake_->Await(*next.ticket, absl::Now() + absl::Seconds(1),
                             false, cancelled)) {
        if (context->IsCancelled()) return;
      }
      v1::SubmitEventsResponse response;
      response.set_batch(next.batch);
      for (v1::EventResult& result : Intake::TakeResults(*next.ticket)) {
        response.mutable_results()->Add(std::move(result));
      }
      if (!stream->Write(response)) return;
    }
  });
  absl::Status refused;
  v1::SubmitEventsRequest request;
  while (stream->Read(&request)) {
    absl::StatusOr<std::unique_ptr<Intake::Ticket>> ticket =
        intake_->Append(request.run_id(), request.events(), caller);
    if (!ticket.ok()) {
      refused = ticket.status();
      break;
    }
    absl::MutexLock lock(&mu);
    in_flight.push_back({request.batch(), *std::move(ticket)});
    more.Signal();
  }
  {
    absl::MutexLock lock(&mu);
    reading_done = true;
    more.Signal();
  }
  writer.join();
  return ToGrpc(refused);
}

grpc::Status IntakeService::RecordAssessment(
    grpc::ServerContext* context, const v1::RecordAssessmentRequest* request,
    v1::EventResult* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAgency);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  const Caller& caller = admitted->caller;
  absl::StatusOr<v1::EventResult> result =
      intake_->RecordAssessment(*request, caller);
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status IntakeService::AdvanceTo(grpc::ServerContext* context,
                                      const v1::AdvanceToRequest* request,
                                      v1::EventResult* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAdmin);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  if (!request->has_event_time()) {
    return ToGrpc(absl::InvalidArgumentError("event_time: is required"));
  }
  absl::StatusOr<v1::EventResult> result =
      intake_->AdvanceTo(request->run_id(), FromProto(request->event_time()));
  if (!result.ok()) return ToGrpc(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status IntakeService::GetRunDigest(grpc::ServerContext* context,
                                         const v1::GetRunDigestRequest* request,
                                         v1::RunDigest* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::RunDigest> digest = intake_->Digest(request->run_id());
  if (!digest.ok()) return ToGrpc(digest.status());
  *response = *std::move(digest);
  return grpc::Status::OK;
}

grpc::Status IntakeService::GetCaseloads(grpc::ServerContext* context,
                                         const v1::GetCaseloadsRequest* request,
                                         v1::GetCaseloadsResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::GetCaseloadsResponse> caseloads =
      intake_->Caseloads(request->run_id());
  if (!caseloads.ok()) return ToGrpc(caseloads.status());
  *response = *std::move(caseloads);
  return grpc::Status::OK;
}

grpc::Status IntakeService::ListChildContacts(
    grpc::ServerContext* context, const v1::ListChildContactsRequest* request,
    v1::ListChildContactsResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kMash);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<std::vector<v1::ContactRecord>> records =
      intake_->ChildContacts(request->run_id(), request->child_id());
  if (!records.ok()) return ToGrpc(records.status());
  for (v1::ContactRecord& record : *records) {
    *response->add_contacts() = std::move(record);
  }
  response->set_child_id(intake_->StoredChildId(request->child_id()));
  return grpc::Status::OK;
}

}  // namespace frontdoor

namespace frontdoor {

grpc::Status IntakeService::ListRunContacts(
    grpc::ServerContext* context, const v1::ListRunContactsRequest* request,
    grpc::ServerWriter<v1::ContactRecord>* writer) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kMash);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  return ToGrpc(intake_->RunContacts(
      request->run_id(), [&](const v1::ContactRecord& record) {
        return !context->IsCancelled() && writer->Write(record);
      }));
}

grpc::Status IntakeService::CreateRun(grpc::ServerContext* context,
                                      const v1::CreateRunRequest* request,
                                      v1::RunInfo* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::RunInfo> info = intake_->CreateRun(request->config());
  if (!info.ok()) return ToGrpc(info.status());
  *response = *std::move(info);
  return grpc::Status::OK;
}

grpc::Status IntakeService::ListRuns(grpc::ServerContext* context,
                                     const v1::ListRunsRequest*,
                                     v1::ListRunsResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<std::vector<v1::RunInfo>> runs = intake_->ListRuns();
  if (!runs.ok()) return ToGrpc(runs.status());
  for (v1::RunInfo& run : *runs) *response->add_runs() = std::move(run);
  return grpc::Status::OK;
}

grpc::Status IntakeService::DeleteRun(grpc::ServerContext* context,
                                      const v1::DeleteRunRequest* request,
                                      v1::DeleteRunResponse* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAdmin);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<int64_t> deleted = intake_->DeleteRun(request->run_id());
  if (!deleted.ok()) return ToGrpc(deleted.status());
  response->set_records_deleted(*deleted);
  return grpc::Status::OK;
}

grpc::Status IntakeService::FinishRun(grpc::ServerContext* context,
                                      const v1::FinishRunRequest* request,
                                      v1::RunInfo* response) {
  absl::StatusOr<CallAuthority::Admission> admitted =
      auth_.Admit(*context, Role::kAnalyst);
  if (!admitted.ok()) return ToGrpc(admitted.status());
  absl::StatusOr<v1::RunInfo> info = intake_->FinishRun(request->run_id());
  if (!info.ok()) return ToGrpc(info.status());
  *response = *std::move(info);
  return grpc::Status::OK;
}

}  // namespace frontdoor
