// Service client implementation.
#include "clients/lib/service_client.h"

#include <algorithm>
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "lib/domain/event_time.h"
#include "services/common/rpc/grpc_status.h"
#include "services/common/security/credentials.h"

namespace frontdoor::cli {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(15);

}  // namespace

RetryOptions PatientRetry() {
  return {.patience = absl::Minutes(3), .notice = [](const std::string& text) {
            std::fprintf(stderr, "frontdoor: %s\n", text.c_str());
          }};
}

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
      intake_(intake),
      stepping_(stepping),
      threshold_(threshold) {}

ServiceClient::ServiceClient(const Args& args)
    : ServiceClient(args.Get("intake"), args.Get("stepping"),
                    args.Get("threshold")) {}

grpc::Status ServiceClient::WithRetry(
    const std::function<grpc::Status(grpc::ClientContext*)>& rpc,
    bool deadline) {
  const absl::Time give_up = absl::Now() + retry_.patience;
  absl::Duration backoff = absl::Milliseconds(100);
  bool waiting = false;
  bool unreachable = false;
  absl::Time renewed = absl::Now();
  while (true) {
    // Unreachable for long: the next try goes on fresh channels (which
    // service the call is for, `rpc` alone knows). A full disk answers, so
    // its channel is kept.
    if (unreachable && absl::Now() - renewed > kRenewChannelAfter) {
      intake_.Renew();
      stepping_.Renew();
      threshold_.Renew();
      renewed = absl::Now();
    }
    grpc::ClientContext context;
    if (deadline) {
      context.set_deadline(absl::ToChronoTime(absl::Now() + kDeadline));
    }
    const grpc::Status status = rpc(&context);
    // RESOURCE_EXHAUSTED: a store refusing writes until its disk has room.
    const bool full =
        status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED;
    // CANCELLED: a stopping server cancels the calls still in flight (this
    // client cancels none of its own); the restarted one answers.
    unreachable = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                  status.error_code() == grpc::StatusCode::CANCELLED;
    if ((!unreachable && !full) || absl::Now() + backoff > give_up) {
      if (waiting && status.ok() && retry_.notice) {
        retry_.notice("the services answer again");
      }
      return status;
    }
    if (!waiting && retry_.notice) {
      retry_.notice(absl::StrCat(
          full ? "a service cannot write now (" : "a service is unreachable (",
          status.error_message(), "); retrying for up to ",
          absl::FormatDuration(retry_.patience)));
    }
    waiting = true;
    std::this_thread::sleep_for(absl::ToChronoNanoseconds(backoff));
    backoff = std::min(backoff * 2, absl::Seconds(2));
  }
}

template <typename Response, typename Rpc>
absl::StatusOr<Response> ServiceClient::Call(const Rpc& rpc) {
  Response response;
  const grpc::Status status = WithRetry(
      [&](grpc::ClientContext* context) { return rpc(context, &response); });
  if (!status.ok()) return FromGrpc(status);
  return response;
}

template <typename T, typename Open>
absl::StatusOr<std::vector<T>> ServiceClient::ReadAll(const Open& open) {
  std::vector<T> items;
  const grpc::Status status = WithRetry(
      [&](grpc::ClientContext* context) {
        // A broken stream is read again from the start.
        items.clear();
        std::unique_ptr<grpc::ClientReader<T>> reader = open(context);
        T item;
        while (reader->Read(&item)) items.push_back(item);
        return reader->Finish();
      },
      false);
  if (!status.ok()) return FromGrpc(status);
  return items;
}

absl::StatusOr<v1::SubmitContactResponse> ServiceClient::Submit(
    const v1::Contact& contact) {
  v1::SubmitContactRequest request;
  *request.mutable_contact() = contact;
  return Call<v1::SubmitContactResponse>(
      [&](grpc::ClientContext* context, v1::SubmitContactResponse* response) {
        return intake_->SubmitContact(context, request, response);
      });
}

absl::StatusOr<v1::ListChildContactsResponse> ServiceClient::ChildContacts(
    const std::string& run_id, const std::string& child_id) {
  v1::ListChildContactsRequest request;
  request.set_run_id(run_id);
  request.set_child_id(child_id);
  return Call<v1::ListChildContactsResponse>(
      [&](grpc::ClientContext* context,
          v1::ListChildContactsResponse* response) {
        return intake_->ListChildContacts(context, request, response);
      });
}

absl::StatusOr<v1::GetChildResponse> ServiceClient::ChildLevel(
    const std::string& run_id, const std::string& child_id) {
  v1::GetChildRequest request;
  request.set_run_id(run_id);
  request.set_child_id(child_id);
  return Call<v1::GetChildResponse>(
      [&](grpc::ClientContext* context, v1::GetChildResponse* response) {
        return stepping_->GetChild(context, request, response);
      });
}

absl::StatusOr<std::vector<v1::GetChildResponse>> ServiceClient::ChildLevels(
    const std::string& run_id, const std::vector<std::string>& child_ids) {
  // Stepping reads at most 10,000 children a call.
  constexpr size_t kPerCall = 5000;
  std::vector<v1::GetChildResponse> levels;
  levels.reserve(child_ids.size());
  for (size_t from = 0; from < child_ids.size(); from += kPerCall) {
    v1::GetChildrenRequest request;
    request.set_run_id(run_id);
    const size_t to = std::min(child_ids.size(), from + kPerCall);
    request.mutable_child_ids()->Add(child_ids.begin() + from,
                                     child_ids.begin() + to);
    absl::StatusOr<v1::GetChildrenResponse> part =
        Call<v1::GetChildrenResponse>([&](grpc::ClientContext* context,
                                          v1::GetChildrenResponse* response) {
          return stepping_->GetChildren(context, request, response);
        });
    if (!part.ok()) return part.status();
    if (part->children_size() != static_cast<int>(to - from)) {
      return absl::InternalError(
          absl::StrCat("stepping answered ", part->children_size(),
                       " children of ", to - from, " asked for"));
    }
    for (v1::GetChildResponse& child : *part->mutable_children()) {
      levels.push_back(std::move(child));
    }
  }
  return levels;
}

absl::StatusOr<v1::GetCaseloadsResponse> ServiceClient::Caseloads(
    const std::string& run_id) {
  v1::GetCaseloadsRequest request;
  request.set_run_id(run_id);
  return Call<v1::GetCaseloadsResponse>(
      [&](grpc::ClientContext* context, v1::GetCaseloadsResponse* response) {
        return intake_->GetCaseloads(context, request, response);
      });
}

absl::StatusOr<std::vector<v1::ContactRecord>> ServiceClient::RunContacts(
    const std::string& run_id) {
  v1::ListRunContactsRequest request;
  request.set_run_id(run_id);
  return ReadAll<v1::ContactRecord>([&](grpc::ClientContext* context) {
    return intake_->ListRunContacts(context, request);
  });
}

absl::StatusOr<v1::LoadPolicyResponse> ServiceClient::LoadPolicy(
    const v1::LoadPolicyRequest& request) {
  return Call<v1::LoadPolicyResponse>(
      [&](grpc::ClientContext* context, v1::LoadPolicyResponse* response) {
        return threshold_->LoadPolicy(context, request, response);
      });
}

absl::StatusOr<v1::ListPoliciesResponse> ServiceClient::ListPolicies() {
  return Call<v1::ListPoliciesResponse>(
      [&](grpc::ClientContext* context, v1::ListPoliciesResponse* response) {
        return threshold_->ListPolicies(context, v1::ListPoliciesRequest(),
                                        response);
      });
}

absl::StatusOr<v1::Decision> ServiceClient::Evaluate(
    const v1::DecideRequest& request) {
  v1::EvaluateRequest evaluate;
  *evaluate.mutable_request() = request;
  absl::StatusOr<v1::DecideResponse> response = Call<v1::DecideResponse>(
      [&](grpc::ClientContext* context, v1::DecideResponse* out) {
        return threshold_->Evaluate(context, evaluate, out);
      });
  if (!response.ok()) return response.status();
  return response->decision();
}

absl::StatusOr<v1::RunInfo> ServiceClient::CreateRun(
    const v1::RunConfig& config) {
  v1::CreateRunRequest request;
  *request.mutable_config() = config;
  return Call<v1::RunInfo>(
      [&](grpc::ClientContext* context, v1::RunInfo* response) {
        return intake_->CreateRun(context, request, response);
      });
}

absl::StatusOr<v1::ListRunsResponse> ServiceClient::ListRuns() {
  return Call<v1::ListRunsResponse>(
      [&](grpc::ClientContext* context, v1::ListRunsResponse* response) {
        return intake_->ListRuns(context, v1::ListRunsRequest(), response);
      });
}

absl::StatusOr<v1::RunInfo> ServiceClient::FindRun(const std::string& run_id) {
  absl::StatusOr<v1::ListRunsResponse> runs = ListRuns();
  if (!runs.ok()) return runs.status();
  for (const v1::RunInfo& run : runs->runs()) {
    if (run.config().run_id() == run_id) return run;
  }
  return absl::NotFoundError(
      absl::StrCat("no run '", run_id, "' (see `frontdoor runs list`)"));
}

absl::Status ServiceClient::RequireRun(const std::string& run_id) {
  if (run_id.empty()) return absl::OkStatus();
  return FindRun(run_id).status();
}

absl::StatusOr<int64_t> ServiceClient::DeleteRun(const std::string& run_id) {
  v1::DeleteRunRequest request;
  request.set_run_id(run_id);
  absl::StatusOr<v1::DeleteRunResponse> response = Call<v1::DeleteRunResponse>(
      [&](grpc::ClientContext* context, v1::DeleteRunResponse* out) {
        return intake_->DeleteRun(context, request, out);
      });
  if (!response.ok()) return response.status();
  return response->records_deleted();
}

absl::StatusOr<v1::RunInfo> ServiceClient::FinishRun(
    const std::string& run_id) {
  v1::FinishRunRequest request;
  request.set_run_id(run_id);
  return Call<v1::RunInfo>(
      [&](grpc::ClientContext* context, v1::RunInfo* response) {
        return intake_->FinishRun(context, request, response);
      });
}

absl::StatusOr<v1::LevelChange> ServiceClient::RecordAssessment(
    const v1::RecordAssessmentRequest& request) {
  absl::StatusOr<v1::EventResult> response = Call<v1::EventResult>(
      [&](grpc::ClientContext* context, v1::EventResult* out) {
        return intake_->RecordAssessment(context, request, out);
      });
  if (!response.ok()) return response.status();
  return response->finding();
}

absl::Status ServiceClient::AdvanceTo(const std::string& run_id,
                                      absl::Time to) {
  v1::AdvanceToRequest request;
  request.set_run_id(run_id);
  *request.mutable_event_time() = ToProto(to);
  v1::EventResult response;
  return FromGrpc(WithRetry([&](grpc::ClientContext* context) {
    return intake_->AdvanceTo(context, request, &response);
  }));
}

absl::StatusOr<v1::RunDigest> ServiceClient::Digest(const std::string& run_id) {
  v1::GetRunDigestRequest request;
  request.set_run_id(run_id);
  return Call<v1::RunDigest>(
      [&](grpc::ClientContext* context, v1::RunDigest* response) {
        return intake_->GetRunDigest(context, request, response);
      });
}

absl::StatusOr<std::vector<v1::RecordAssessmentRequest>>
ServiceClient::RunAssessments(const std::string& run_id) {
  v1::ListRunChildrenRequest request;
  request.set_run_id(run_id);
  return ReadAll<v1::RecordAssessmentRequest>(
      [&](grpc::ClientContext* context) {
        return stepping_->ListRunAssessments(context, request);
      });
}

absl::StatusOr<std::vector<v1::ChildRecord>> ServiceClient::RunChildren(
    const std::string& run_id) {
  v1::ListRunChildrenRequest request;
  request.set_run_id(run_id);
  return ReadAll<v1::ChildRecord>([&](grpc::ClientContext* context) {
    return stepping_->ListRunChildren(context, request);
  });
}

}  // namespace frontdoor::cli
