// The stepping service's domain: each child's level of service and episodes,
// changed by decisions (open, step up) and by step-down requests, idempotent
// on the contact or request id.
#ifndef FRONTDOOR_SERVICES_STEPPING_STEPPING_H_
#define FRONTDOOR_SERVICES_STEPPING_STEPPING_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/stepping.pb.h"
#include "services/common/store.h"

namespace frontdoor {

// Children's levels of service in a Store. Thread-safe.
class Stepping {
 public:
  // The column families Stepping needs in its store.
  static std::vector<std::string> Families();

  // `store` must outlive this object and have been opened with Families().
  explicit Stepping(Store* store);

  // Applies a decision: opens an episode or steps the child up when the
  // outcome calls for a higher level; otherwise changes nothing. A repeat of
  // the same contact returns the first result.
  absl::StatusOr<v1::LevelChange> Apply(
      const v1::ApplyDecisionRequest& request);

  // Steps the child down to early help or closes its episode. A repeat of
  // the same request returns the first result.
  absl::StatusOr<v1::LevelChange> StepDown(const v1::StepDownRequest& request);

  // A child's level and episodes (level NONE, no episodes, if never seen).
  absl::StatusOr<internal::ChildState> Child(absl::string_view run_id,
                                             absl::string_view child_id) const;

  // Children open at each level above NONE in a run.
  absl::StatusOr<std::map<v1::ServiceLevel, int64_t>> Caseloads(
      absl::string_view run_id) const;

 private:
  // Reads a child's state (level NONE when the key is absent).
  absl::StatusOr<internal::ChildState> LoadChild(const std::string& key) const;
  // The stored result of an operation already applied, if any.
  absl::StatusOr<std::optional<v1::LevelChange>> PriorResult(
      const std::string& key) const;
  // Stores the child and the operation's result in one batch.
  absl::Status Save(const std::string& child_key,
                    const internal::ChildState& child,
                    const std::string& operation_key,
                    const v1::LevelChange& change);

  Store* const store_;
  rocksdb::ColumnFamilyHandle* const children_;
  rocksdb::ColumnFamilyHandle* const applied_;
  // Serialises read-modify-write of children.
  absl::Mutex mu_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_STEPPING_STEPPING_H_
