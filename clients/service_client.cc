// Service client implementation.
#include "clients/service_client.h"

#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "services/common/credentials.h"
#include "services/common/event_time.h"
#include "services/common/grpc_status.h"

namespace frontdoor::cli {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(15);

void SetDeadline(grpc::ClientContext* context) {
  context->set_deadline(absl::ToChronoTime(absl::Now() + kDeadline));
}

}  // namespace

std::vector<OptionSpec> AddressOptions() {
  return {
      {"intake", "127.0.0.1:50051", "address of frontdoor-intake"},
      {"stepping", "127.0.0.1:50053", "address of frontdoor-stepping"},
      {"threshold", "127.0.0.1:50052", "address of frontdoor-threshold"},
  };
}

ServiceClient::ServiceClient(const std::string& intake,
                             const std::string& stepping,
                             const std::string& threshold)
    : intake_address_(intake),
      intake_(v1::IntakeService::NewStub(MakeChannel(intake))),
      stepping_(v1::SteppingService::NewStub(MakeChannel(stepping))),
      threshold_(v1::ThresholdService::NewStub(MakeChannel(threshold))) {}

ServiceClient::ServiceClient(const Args& args)
    : ServiceClient(args.Get("intake"), args.Get("stepping"),
                    args.Get("threshold")) {}

absl::StatusOr<v1::SubmitContactResponse> ServiceClient::Submit(
    const v1::Contact& contact) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::SubmitContactRequest request;
  *request.mutable_contact() = contact;
  v1::SubmitContactResponse response;
  const grpc::Status status =
      intake_->SubmitContact(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

absl::StatusOr<v1::ListChildContactsResponse> ServiceClient::ChildContacts(
    const std::string& run_id, const std::string& child_id) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::ListChildContactsRequest request;
  request.set_run_id(run_id);
  request.set_child_id(child_id);
  v1::ListChildContactsResponse response;
  const grpc::Status status =
      intake_->ListChildContacts(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

absl::StatusOr<v1::GetChildResponse> ServiceClient::ChildLevel(
    const std::string& run_id, const std::string& child_id) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::GetChildRequest request;
  request.set_run_id(run_id);
  request.set_child_id(child_id);
  v1::GetChildResponse response;
  const grpc::Status status = stepping_->GetChild(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

absl::StatusOr<v1::GetCaseloadsResponse> ServiceClient::Caseloads(
    const std::string& run_id) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::GetCaseloadsRequest request;
  request.set_run_id(run_id);
  v1::GetCaseloadsResponse response;
  const grpc::Status status =
      stepping_->GetCaseloads(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

absl::StatusOr<std::vector<v1::ContactRecord>> ServiceClient::RunContacts(
    const std::string& run_id) {
  grpc::ClientContext context;
  v1::ListRunContactsRequest request;
  request.set_run_id(run_id);
  std::unique_ptr<grpc::ClientReader<v1::ContactRecord>> reader =
      intake_->ListRunContacts(&context, request);
  std::vector<v1::ContactRecord> records;
  v1::ContactRecord record;
  while (reader->Read(&record)) records.push_back(record);
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return FromGrpc(status);
  return records;
}

absl::StatusOr<v1::LoadPolicyResponse> ServiceClient::LoadPolicy(
    const v1::LoadPolicyRequest& request) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::LoadPolicyResponse response;
  const grpc::Status status =
      threshold_->LoadPolicy(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

absl::StatusOr<v1::ListPoliciesResponse> ServiceClient::ListPolicies() {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::ListPoliciesResponse response;
  const grpc::Status status =
      threshold_->ListPolicies(&context, v1::ListPoliciesRequest(), &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

absl::StatusOr<v1::Decision> ServiceClient::Evaluate(
    const v1::DecideRequest& request) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::EvaluateRequest evaluate;
  *evaluate.mutable_request() = request;
  v1::DecideResponse response;
  const grpc::Status status =
      threshold_->Evaluate(&context, evaluate, &response);
  if (!status.ok()) return FromGrpc(status);
  return response.decision();
}

absl::StatusOr<v1::RunInfo> ServiceClient::CreateRun(
    const v1::RunConfig& config) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::CreateRunRequest request;
  *request.mutable_config() = config;
  v1::RunInfo response;
  const grpc::Status status = intake_->CreateRun(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

absl::StatusOr<v1::ListRunsResponse> ServiceClient::ListRuns() {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::ListRunsResponse response;
  const grpc::Status status =
      intake_->ListRuns(&context, v1::ListRunsRequest(), &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

absl::StatusOr<int64_t> ServiceClient::DeleteRun(const std::string& run_id) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::DeleteRunRequest request;
  request.set_run_id(run_id);
  v1::DeleteRunResponse response;
  const grpc::Status status = intake_->DeleteRun(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response.records_deleted();
}

absl::StatusOr<v1::LevelChange> ServiceClient::RecordAssessment(
    const v1::RecordAssessmentRequest& request) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::EventResult response;
  const grpc::Status status =
      intake_->RecordAssessment(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response.finding();
}

absl::Status ServiceClient::AdvanceTo(const std::string& run_id,
                                      absl::Time to) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::AdvanceToRequest request;
  request.set_run_id(run_id);
  *request.mutable_event_time() = ToProto(to);
  v1::EventResult response;
  return FromGrpc(intake_->AdvanceTo(&context, request, &response));
}

absl::StatusOr<v1::RunDigest> ServiceClient::Digest(const std::string& run_id) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::GetRunDigestRequest request;
  request.set_run_id(run_id);
  v1::RunDigest response;
  const grpc::Status status =
      intake_->GetRunDigest(&context, request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

absl::StatusOr<std::vector<v1::RecordAssessmentRequest>>
ServiceClient::RunAssessments(const std::string& run_id) {
  grpc::ClientContext context;
  v1::ListRunChildrenRequest request;
  request.set_run_id(run_id);
  std::unique_ptr<grpc::ClientReader<v1::RecordAssessmentRequest>> reader =
      stepping_->ListRunAssessments(&context, request);
  std::vector<v1::RecordAssessmentRequest> findings;
  v1::RecordAssessmentRequest finding;
  while (reader->Read(&finding)) findings.push_back(finding);
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return FromGrpc(status);
  return findings;
}

absl::StatusOr<std::vector<v1::ChildRecord>> ServiceClient::RunChildren(
    const std::string& run_id) {
  grpc::ClientContext context;
  v1::ListRunChildrenRequest request;
  request.set_run_id(run_id);
  std::unique_ptr<grpc::ClientReader<v1::ChildRecord>> reader =
      stepping_->ListRunChildren(&context, request);
  std::vector<v1::ChildRecord> children;
  v1::ChildRecord child;
  while (reader->Read(&child)) children.push_back(child);
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return FromGrpc(status);
  return children;
}

}  // namespace frontdoor::cli
