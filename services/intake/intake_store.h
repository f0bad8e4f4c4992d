// Intake's RocksDB records: contacts as received, each child's contact
// history by event time, findings received, and each run's ordered log of
// events not yet delivered.
#ifndef FRONTDOOR_SERVICES_INTAKE_INTAKE_STORE_H_
#define FRONTDOOR_SERVICES_INTAKE_INTAKE_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/intake.pb.h"
#include "frontdoor/v1/runs.pb.h"
#include "services/common/storage/store.h"

namespace frontdoor {

// An event in a run's ordered log: its place, and what it is.
struct LogEntry {
  uint64_t seq = 0;
  internal::LoggedEvent event;
};

// Typed access to intake's store. Thread-safe; callers serialise the
// check-then-write of a contact.
class IntakeStore {
 public:
  // The column families the store needs.
  static std::vector<std::string> Families();
  // Those only ever scanned (StoreOptions::scan_only).
  static std::vector<std::string> ScanOnlyFamilies();

  // `store` must outlive this object and have been opened with Families().
  explicit IntakeStore(Store* store);

  // The record of a contact, if it was received.
  absl::StatusOr<std::optional<v1::ContactRecord>> Find(
      absl::string_view run_id, absl::string_view contact_id) const;

  // Which of a run's contact ids have a record, in one lookup pass.
  absl::StatusOr<std::vector<bool>> Received(
      absl::string_view run_id,
      const std::vector<std::string>& contact_ids) const;

  // The histories of many children at once, by child id (empty for a
  // child never seen).
  absl::StatusOr<absl::flat_hash_map<std::string, internal::ChildHistory>>
  Histories(absl::string_view run_id,
            const std::vector<std::string>& child_ids) const;

  // The child's contacts so far (empty for a child never seen).
  absl::StatusOr<internal::ChildHistory> History(
      absl::string_view run_id, absl::string_view child_id) const;

  // Stores a batch of accepted events in one write: each new contact with
  // its place in the timeline, the histories of their children as they now
  // are (by child id), each new finding, every event's log entry, and the
  // run's counters and next log position.
  absl::Status Accept(
      absl::string_view run_id,
      const std::vector<const v1::ContactRecord*>& contacts,
      const absl::flat_hash_map<std::string, internal::ChildHistory>& histories,
      const std::vector<const v1::RecordAssessmentRequest*>& findings,
      const std::vector<LogEntry>& log, const internal::IntakeRunState& state,
      uint64_t next_seq);

  // Stores a batch's decided records, removes its events [first_seq,
  // end_seq) from the log and its plan, in one write.
  absl::Status Complete(absl::string_view run_id,
                        const std::vector<const v1::ContactRecord*>& decided,
                        uint64_t first_seq, uint64_t end_seq);

  // Records a batch about to be delivered, so that after a restart the
  // same events are sent again as the same batch; Complete removes it.
  absl::Status PlanBatch(absl::string_view run_id,
                         const internal::DeliveryState& batch);

  // Every run's planned batches not yet complete.
  absl::Status ScanPlannedBatches(
      const std::function<void(const std::string&, internal::DeliveryState)>&
          visit) const;

  // Every run's undelivered events, by run then order.
  absl::Status ScanLog(const std::function<bool(const std::string& run_id,
                                                LogEntry entry)>& visit) const;

  // A finding received before, if any.
  absl::StatusOr<std::optional<v1::RecordAssessmentRequest>> FindFinding(
      absl::string_view run_id, absl::string_view contact_id) const;

  // The log position a run's next event gets (0 for a run never seen).
  absl::StatusOr<uint64_t> NextSeq(absl::string_view run_id) const;

  // A run's counters (zero for a run never seen).
  absl::StatusOr<internal::IntakeRunState> RunState(
      absl::string_view run_id) const;

  // A stable hash over every record of the run (the log aside: it is empty
  // once the run is decided).
  absl::StatusOr<v1::RunDigest> Digest(absl::string_view run_id) const;

  // Calls `visit` with each contact record of a run in event-time order
  // until it returns false.
  absl::Status ScanRun(
      absl::string_view run_id,
      const std::function<bool(const v1::ContactRecord&)>& visit) const;

  // The config of a created run, if any.
  absl::StatusOr<std::optional<v1::RunConfig>> FindRun(
      absl::string_view run_id) const;
  // Stores a run's config.
  absl::Status PutRun(const v1::RunConfig& config);
  // Whether a run was finished.
  absl::StatusOr<bool> Finished(absl::string_view run_id) const;
  // Marks a run finished (at `finished_unix`, wall clock).
  absl::Status Finish(absl::string_view run_id, int64_t finished_unix);
  // Runs with a config or with contacts, by id, with counts and clocks
  // (queued_events and stalled are the caller's to fill).
  absl::StatusOr<std::vector<v1::RunInfo>> ListRuns() const;
  // Deletes every record of a run; returns how many.
  absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id);

  // A child's contact records, oldest first.
  absl::StatusOr<std::vector<v1::ContactRecord>> ChildContacts(
      absl::string_view run_id, absl::string_view child_id) const;

 private:
  Store* const store_;
  rocksdb::ColumnFamilyHandle* const contacts_;
  rocksdb::ColumnFamilyHandle* const history_;
  rocksdb::ColumnFamilyHandle* const log_;
  rocksdb::ColumnFamilyHandle* const timeline_;
  rocksdb::ColumnFamilyHandle* const runs_;
  rocksdb::ColumnFamilyHandle* const findings_;
  rocksdb::ColumnFamilyHandle* const run_state_;
  rocksdb::ColumnFamilyHandle* const delivery_;
  rocksdb::ColumnFamilyHandle* const position_;
  rocksdb::ColumnFamilyHandle* const finished_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_INTAKE_INTAKE_STORE_H_
