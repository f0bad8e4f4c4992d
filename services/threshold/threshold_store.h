// Threshold's RocksDB records and their keys, in one place:
//   decisions  run | contact id   -> v1::Decision
//   runs       run | "config"     -> v1::RunConfig
//              run | "queue"      -> internal::MashQueue
//   answers    (BatchAnswers)     the latest answers to intake's batches
//   policies   "policy" | id | v  -> internal::StoredPolicy (service-wide)
//              "active"           -> internal::ActivePolicy
#ifndef FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_STORE_H_
#define FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/runs.pb.h"
#include "frontdoor/v1/types.pb.h"
#include "rocksdb/write_batch.h"
#include "services/common/storage/batch_answers.h"
#include "services/common/storage/store.h"

namespace frontdoor {

// Typed access to threshold's store. Thread-safe; callers serialise their
// check-then-write sequences.
class ThresholdStore {
 public:
  // The column families the store needs.
  static std::vector<std::string> Families();

  // `store` must outlive this object and have been opened with Families().
  explicit ThresholdStore(Store* store);

  // A run's settings, if the run was configured.
  absl::StatusOr<std::optional<v1::RunConfig>> Config(
      absl::string_view run_id) const;
  // A run's screeners' state (empty before its first decision).
  absl::StatusOr<internal::MashQueue> Queue(absl::string_view run_id) const;
  // The stored decision on a contact, if any.
  absl::StatusOr<std::optional<v1::Decision>> FindDecision(
      absl::string_view run_id, absl::string_view contact_id) const;

  void PutConfig(const v1::RunConfig& config, rocksdb::WriteBatch* batch) const;
  void PutQueue(absl::string_view run_id, const internal::MashQueue& queue,
                rocksdb::WriteBatch* batch) const;
  void PutDecision(absl::string_view run_id, const v1::Decision& decision,
                   rocksdb::WriteBatch* batch) const;

  // Every stored policy, in key order; `each` returns false to stop.
  absl::Status ScanPolicies(
      const std::function<absl::StatusOr<bool>(internal::StoredPolicy)>& each)
      const;
  // The active policy, if one was ever activated.
  absl::StatusOr<std::optional<internal::ActivePolicy>> Active() const;
  void PutPolicy(const internal::StoredPolicy& policy,
                 rocksdb::WriteBatch* batch) const;
  void PutActive(const internal::ActivePolicy& active,
                 rocksdb::WriteBatch* batch) const;

  // Deletes a run's decisions, settings, queue and answers; returns the
  // number of records removed.
  absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id) const;
  // A stable hash over the run's decisions and settings.
  absl::StatusOr<v1::RunDigest> Digest(absl::string_view run_id) const;

  // Applies a batch built with the Put methods above, durably.
  absl::Status Write(rocksdb::WriteBatch* batch) const;
  // Answers to intake's numbered batches, written in the same batches.
  const BatchAnswers& answers() const { return answers_; }

 private:
  Store* const store_;
  rocksdb::ColumnFamilyHandle* const decisions_;
  rocksdb::ColumnFamilyHandle* const runs_;
  rocksdb::ColumnFamilyHandle* const policies_;
  const BatchAnswers answers_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_STORE_H_
