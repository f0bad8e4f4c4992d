// Stepping's RocksDB records and their keys, in one place:
//   children     run | child                 -> internal::ChildState
//   applied      run | kind | id             -> a call's answer, for calls
//                outside intake's numbered batches (kinds: level, contact,
//                effect, step-down, assessment)
//   runs         run                         -> internal::SteppingRun
//                run | "clock"               -> internal::SteppingClock
//   timers       run | time | child | episode | kind -> internal::Timer
//   assessments  run | time | contact        -> v1::RecordAssessmentRequest
//   answers      (BatchAnswers) the latest answers to intake's batches
#ifndef FRONTDOOR_SERVICES_STEPPING_STEPPING_STORE_H_
#define FRONTDOOR_SERVICES_STEPPING_STEPPING_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/runs.pb.h"
#include "frontdoor/v1/stepping.pb.h"
#include "rocksdb/write_batch.h"
#include "services/common/storage/batch_answers.h"
#include "services/common/storage/store.h"

namespace frontdoor {

// Typed access to stepping's store. Thread-safe; Stepping serialises its
// transactions.
class SteppingStore {
 public:
  // The column families the store needs.
  static std::vector<std::string> Families();
  // Those only ever scanned (StoreOptions::scan_only).
  static std::vector<std::string> ScanOnlyFamilies();

  // The key a child is stored under: also what caches of children use.
  static std::string ChildKey(absl::string_view run_id,
                              absl::string_view child_id);
  // The key of a call's answer outside numbered batches.
  static std::string OperationKey(absl::string_view run_id,
                                  absl::string_view kind, absl::string_view id);

  // `store` must outlive this object and have been opened with Families().
  explicit SteppingStore(Store* store);

  // The child stored under ChildKey `key`, if any.
  absl::StatusOr<std::optional<internal::ChildState>> Child(
      const std::string& key) const;
  // Every child of a run, in child-id order; `visit` returns false to stop.
  absl::Status ScanChildren(
      absl::string_view run_id,
      const std::function<bool(const std::string& child_id,
                               const internal::ChildState&)>& visit) const;
  // A call's stored answer by OperationKey, if any.
  absl::StatusOr<std::optional<std::string>> Operation(
      const std::string& key) const;
  // A run's configuration, if it was configured.
  absl::StatusOr<std::optional<internal::SteppingRun>> Run(
      absl::string_view run_id) const;
  // A run's clock, if it ever moved.
  absl::StatusOr<std::optional<absl::Time>> Clock(
      absl::string_view run_id) const;
  // The children with a timer due in [from, through]; `from` may be
  // InfinitePast.
  absl::Status ScanTimers(
      absl::string_view run_id, absl::Time from, absl::Time through,
      const std::function<void(const internal::Timer&)>& visit) const;
  // A run's findings as received, in event-time order.
  absl::Status ScanAssessments(
      absl::string_view run_id,
      const std::function<bool(const v1::RecordAssessmentRequest&)>& visit)
      const;

  void PutChild(const std::string& key, const internal::ChildState& child,
                rocksdb::WriteBatch* batch) const;
  void PutOperation(const std::string& key, const std::string& answer,
                    rocksdb::WriteBatch* batch) const;
  void PutRun(const internal::SteppingRun& run,
              rocksdb::WriteBatch* batch) const;
  void PutClock(absl::string_view run_id, absl::Time clock,
                rocksdb::WriteBatch* batch) const;
  void PutTimer(absl::string_view run_id, absl::Time at,
                const internal::Timer& timer, rocksdb::WriteBatch* batch) const;
  void DeleteTimer(absl::string_view run_id, absl::Time at,
                   const internal::Timer& timer,
                   rocksdb::WriteBatch* batch) const;
  void PutAssessment(absl::string_view run_id,
                     const v1::RecordAssessmentRequest& finding,
                     rocksdb::WriteBatch* batch) const;

  // Deletes every record of a run; returns how many.
  absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id) const;
  // A stable hash over the run's records (answers excluded).
  absl::StatusOr<v1::RunDigest> Digest(absl::string_view run_id) const;
  // Applies a batch built with the Put methods above, durably.
  absl::Status Write(rocksdb::WriteBatch* batch) const;
  // Answers to intake's numbered batches, written in the same batches.
  const BatchAnswers& answers() const { return answers_; }

 private:
  Store* const store_;
  rocksdb::ColumnFamilyHandle* const children_;
  rocksdb::ColumnFamilyHandle* const applied_;
  rocksdb::ColumnFamilyHandle* const runs_;
  rocksdb::ColumnFamilyHandle* const timers_;
  rocksdb::ColumnFamilyHandle* const assessments_;
  const BatchAnswers answers_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_STEPPING_STEPPING_STORE_H_
