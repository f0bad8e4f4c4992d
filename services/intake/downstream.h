// What intake needs from the services after it: the child's level of
// service, a decision, and the decision applied. An interface so that the
// intake domain has no gRPC in it.
#ifndef FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_H_
#define FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "frontdoor/v1/runs.pb.h"
#include "frontdoor/v1/stepping.pb.h"
#include "frontdoor/v1/threshold.pb.h"

namespace frontdoor {

// The threshold and stepping services as intake calls them. Both calls that
// change state are idempotent on the contact id, so a retry is always safe.
class Downstream {
 public:
  virtual ~Downstream() = default;

  // The child's level of service as of `as_of` (the run's clock moves on
  // to then first).
  virtual absl::StatusOr<v1::ServiceLevel> CurrentLevel(
      absl::string_view run_id, absl::string_view child_id,
      absl::Time as_of) = 0;
  // Decides a contact (threshold service).
  virtual absl::StatusOr<v1::Decision> Decide(
      const v1::DecideRequest& request) = 0;
  // Applies a decision to the child (stepping service).
  virtual absl::StatusOr<v1::LevelChange> Apply(
      const v1::ApplyDecisionRequest& request) = 0;
  // Configures a run in both services.
  virtual absl::Status ConfigureRun(const v1::RunConfig& config) = 0;
  // Deletes a run from both services; returns the records removed.
  virtual absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id) = 0;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_H_
