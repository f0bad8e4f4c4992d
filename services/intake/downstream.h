// What intake needs from the services after it: the child's level of
// service, a decision, and the decision applied. An interface so that the
// intake domain has no gRPC in it.
#ifndef FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_H_
#define FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_H_

#include "absl/status/statusor.h"
#include "frontdoor/v1/stepping.pb.h"
#include "frontdoor/v1/threshold.pb.h"

namespace frontdoor {

// The threshold and stepping services as intake calls them. Both calls that
// change state are idempotent on the contact id, so a retry is always safe.
class Downstream {
 public:
  virtual ~Downstream() = default;

  // The child's current level of service.
  virtual absl::StatusOr<v1::ServiceLevel> CurrentLevel(
      absl::string_view run_id, absl::string_view child_id) = 0;
  // Decides a contact (threshold service).
  virtual absl::StatusOr<v1::Decision> Decide(
      const v1::DecideRequest& request) = 0;
  // Applies a decision to the child (stepping service).
  virtual absl::StatusOr<v1::LevelChange> Apply(
      const v1::ApplyDecisionRequest& request) = 0;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_INTAKE_DOWNSTREAM_H_
