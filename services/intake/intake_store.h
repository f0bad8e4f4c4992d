// Intake's RocksDB records: contacts as received, each child's contact
// history by event time, and the outbox of contacts not yet decided.
#ifndef FRONTDOOR_SERVICES_INTAKE_INTAKE_STORE_H_
#define FRONTDOOR_SERVICES_INTAKE_INTAKE_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "frontdoor/v1/intake.pb.h"
#include "frontdoor/v1/runs.pb.h"
#include "services/common/store.h"

namespace frontdoor {

// Where an undelivered contact is, for redelivery in event-time order.
struct PendingContact {
  std::string run_id;
  std::string contact_id;
};

// Typed access to intake's store. Thread-safe; callers serialise the
// check-then-write of a contact.
class IntakeStore {
 public:
  // The column families the store needs.
  static std::vector<std::string> Families();

  // `store` must outlive this object and have been opened with Families().
  explicit IntakeStore(Store* store);

  // The record of a contact, if it was received.
  absl::StatusOr<std::optional<v1::ContactRecord>> Find(
      absl::string_view run_id, absl::string_view contact_id) const;

  // Contacts about the child with event time in [at - 365 days, at).
  absl::StatusOr<int> CountPriorContacts(absl::string_view run_id,
                                         absl::string_view child_id,
                                         absl::Time at) const;

  // Stores a new contact, its place in the child's history and its outbox
  // entry, all in one batch.
  absl::Status Accept(const v1::ContactRecord& record);

  // Stores the decided record and clears its outbox entry, in one batch.
  absl::Status Complete(const v1::ContactRecord& record);

  // Contacts still in the outbox, oldest event time first within each run.
  absl::StatusOr<std::vector<PendingContact>> Pending() const;

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
  // Runs with a config or with contacts, by id, with counts and clocks.
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
  rocksdb::ColumnFamilyHandle* const outbox_;
  rocksdb::ColumnFamilyHandle* const timeline_;
  rocksdb::ColumnFamilyHandle* const runs_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_INTAKE_INTAKE_STORE_H_
