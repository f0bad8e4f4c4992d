// What intake needs from the services after it, in batches: the children's
// levels and findings (stepping, first pass), decisions (threshold), and
// decisions applied (stepping, second pass). An interface so that the
// intake domain has no gRPC in it.
#ifndef FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_H_
#define FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontdoor/v1/runs.pb.h"
#include "frontdoor/v1/stepping.pb.h"
#include "frontdoor/v1/threshold.pb.h"

namespace frontdoor {

// `status` as a failure of `peer` ("threshold" or "stepping"): its message
// starts with the peer's name, for people, and the peer rides on the
// status as a payload, for intake's stall reports and metrics.
absl::Status FromPeer(absl::string_view peer, const absl::Status& status);

// The peer FromPeer named on `status`; "intake" for intake's own failures.
std::string PeerOf(const absl::Status& status);

// The threshold and stepping services as intake calls them. Every call that
// changes state is idempotent (a numbered batch as a whole, the rest on
// their ids), so a retry is always safe.
class Downstream {
 public:
  virtual ~Downstream() = default;

  // Levels at the contacts' times and findings applied (stepping).
  virtual absl::StatusOr<v1::ObserveResponse> Observe(
      const v1::ObserveRequest& request) = 0;
  // Decides contacts in order (threshold).
  virtual absl::StatusOr<v1::DecideBatchResponse> DecideBatch(
      const v1::DecideBatchRequest& request) = 0;
  // Schedules decisions and moves the clock (stepping).
  virtual absl::StatusOr<v1::ApplyBatchResponse> ApplyBatch(
      const v1::ApplyBatchRequest& request) = 0;
  // Configures a run in both services.
  virtual absl::Status ConfigureRun(const v1::RunConfig& config) = 0;
  // Deletes a run from both services; returns the records removed.
  virtual absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id) = 0;
  // How many children are open at each level (stepping).
  virtual absl::StatusOr<v1::GetCaseloadsResponse> Caseloads(
      absl::string_view run_id) = 0;
  // The run's digests in threshold and stepping.
  virtual absl::StatusOr<std::vector<v1::RunDigest>> Digests(
      absl::string_view run_id) = 0;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_H_
