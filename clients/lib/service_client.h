// The CLI's view of the three services: stubs on channels to the addresses
// given by --intake, --threshold and --stepping.
#ifndef FRONTDOOR_CLIENTS_LIB_SERVICE_CLIENT_H_
#define FRONTDOOR_CLIENTS_LIB_SERVICE_CLIENT_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/lib/cli_args.h"
#include "frontdoor/v1/intake.grpc.pb.h"
#include "frontdoor/v1/stepping.grpc.pb.h"
#include "frontdoor/v1/threshold.grpc.pb.h"
#include "services/common/rpc/renewable_stub.h"

namespace frontdoor::cli {

// Options naming the services' addresses, shared by every client command.
std::vector<OptionSpec> AddressOptions();

// How calls wait out a service that is down or restarting.
struct RetryOptions {
  // How long a call keeps retrying UNAVAILABLE (and RESOURCE_EXHAUSTED, a
  // store short of disk), with backoff. Every call is safe to repeat:
  // reads, idempotent creates and deduplicated submissions.
  absl::Duration patience = absl::Seconds(5);
  // Told when a service becomes unreachable or answers again; may be empty.
  std::function<void(const std::string&)> notice;
};

// The retry of commands that run for minutes (simulate, replay, submit):
// three minutes of patience, each wait and recovery told on stderr.
RetryOptions PatientRetry();

// Calls to the services with a deadline, retried through a restart, errors
// as absl::Status.
class ServiceClient {
 public:
  ServiceClient(const std::string& intake, const std::string& stepping,
                const std::string& threshold = "127.0.0.1:50052");
  // Built from the options of AddressOptions().
  explicit ServiceClient(const Args& args);

  absl::StatusOr<v1::SubmitContactResponse> Submit(const v1::Contact& contact);
  absl::StatusOr<v1::ListChildContactsResponse> ChildContacts(
      const std::string& run_id, const std::string& child_id);
  absl::StatusOr<v1::GetChildResponse> ChildLevel(const std::string& run_id,
                                                  const std::string& child_id);
  // Many children's levels, in the order given, in as few calls as the
  // service's limit per call allows.
  absl::StatusOr<std::vector<v1::GetChildResponse>> ChildLevels(
      const std::string& run_id, const std::vector<std::string>& child_ids);
  absl::StatusOr<v1::GetCaseloadsResponse> Caseloads(const std::string& run_id);
  // Every contact of a run, in event-time order.
  absl::StatusOr<std::vector<v1::ContactRecord>> RunContacts(
      const std::string& run_id);
  absl::StatusOr<v1::LoadPolicyResponse> LoadPolicy(
      const v1::LoadPolicyRequest& request);
  absl::StatusOr<v1::ListPoliciesResponse> ListPolicies();
  absl::StatusOr<v1::Decision> Evaluate(const v1::DecideRequest& request);
  absl::StatusOr<v1::RunInfo> CreateRun(const v1::RunConfig& config);
  absl::StatusOr<v1::ListRunsResponse> ListRuns();
  // The run as intake lists it; NOT_FOUND naming it otherwise.
  absl::StatusOr<v1::RunInfo> FindRun(const std::string& run_id);
  // OK when intake holds the run (or the id is empty: the default run);
  // NOT_FOUND naming it otherwise, so commands about a missing run fail
  // instead of printing zeros.
  absl::Status RequireRun(const std::string& run_id);
  absl::StatusOr<int64_t> DeleteRun(const std::string& run_id);
  // Marks a run finished: read-only from then on.
  absl::StatusOr<v1::RunInfo> FinishRun(const std::string& run_id);
  absl::StatusOr<v1::LevelChange> RecordAssessment(
      const v1::RecordAssessmentRequest& request);
  // Moves a run's clock, in the run's order (through intake).
  absl::Status AdvanceTo(const std::string& run_id, absl::Time to);
  // The run's digest in every service, combined.
  absl::StatusOr<v1::RunDigest> Digest(const std::string& run_id);
  // The address of intake, for streams of its own.
  const std::string& intake_address() const { return intake_address_; }
  // How later calls retry: long-running commands wait minutes for a
  // restarting service, interactive ones seconds.
  void set_retry(RetryOptions retry) { retry_ = std::move(retry); }
  // Every assessment finding of a run, in event-time order.
  absl::StatusOr<std::vector<v1::RecordAssessmentRequest>> RunAssessments(
      const std::string& run_id);
  // Every child of a run with its episodes.
  absl::StatusOr<std::vector<v1::ChildRecord>> RunChildren(
      const std::string& run_id);

 private:
  // Runs `rpc` with a fresh context (and, with `deadline`, a deadline) until
  // it ends other than UNAVAILABLE or patience runs out.
  grpc::Status WithRetry(
      const std::function<grpc::Status(grpc::ClientContext*)>& rpc,
      bool deadline = true);
  // One unary call with retry: `rpc(context, &response)` returns its
  // grpc::Status; the response, or the call's error as an absl::Status.
  template <typename Response, typename Rpc>
  absl::StatusOr<Response> Call(const Rpc& rpc);
  // Every message of a server stream, read again from the start if the
  // stream breaks.
  template <typename T, typename Open>
  absl::StatusOr<std::vector<T>> ReadAll(const Open& open);

  RetryOptions retry_;
  std::string intake_address_;
  RenewableStub<v1::IntakeService> intake_;
  RenewableStub<v1::SteppingService> stepping_;
  RenewableStub<v1::ThresholdService> threshold_;
};

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_LIB_SERVICE_CLIENT_H_
