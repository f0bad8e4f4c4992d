// The intake service's domain: accepts a contact once, stores it with its
// outbox entry, then drives it through threshold and stepping.
#ifndef FRONTDOOR_SERVICES_INTAKE_INTAKE_H_
#define FRONTDOOR_SERVICES_INTAKE_INTAKE_H_

#include <array>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "frontdoor/v1/intake.pb.h"
#include "services/intake/downstream.h"
#include "services/intake/intake_store.h"

namespace frontdoor {

// Accepts contacts and delivers them downstream. Thread-safe.
class Intake {
 public:
  // `store` and `downstream` must outlive this object.
  Intake(IntakeStore* store, Downstream* downstream);

  // Validates and accepts a contact, then delivers it. A bad contact is
  // refused with nothing stored. A contact received before returns its
  // record with `duplicate` set and changes nothing (a pending one is
  // retried). When a downstream service is unreachable the contact stays
  // accepted and pending, and the response says so.
  absl::StatusOr<v1::SubmitContactResponse> Submit(v1::Contact contact);

  // Retries delivery of every pending contact, oldest first; returns how many
  // were delivered, or the first error that stopped it.
  absl::StatusOr<int> DeliverPending();

  // Creates a run and configures it in threshold and stepping. The same
  // config again is a no-op; another config under the id: ALREADY_EXISTS.
  absl::StatusOr<v1::RunInfo> CreateRun(const v1::RunConfig& config);
  // Every run intake holds: created ones and any with contacts.
  absl::StatusOr<std::vector<v1::RunInfo>> ListRuns() const;
  // Deletes a run from all three services; returns records removed.
  absl::StatusOr<int64_t> DeleteRun(absl::string_view run_id);

  // Calls `visit` with each contact of a run in event-time order until it
  // returns false.
  absl::Status RunContacts(
      absl::string_view run_id,
      const std::function<bool(const v1::ContactRecord&)>& visit) const;

  // A child's contacts with their decisions, oldest first.
  absl::StatusOr<std::vector<v1::ContactRecord>> ChildContacts(
      absl::string_view run_id, absl::string_view child_id) const;

 private:
  // Decides and applies one accepted contact and stores the result.
  absl::StatusOr<v1::ContactRecord> Deliver(v1::ContactRecord record);
  // Delivers unless the record is already decided; a downstream outage
  // leaves it pending instead of failing the call.
  absl::StatusOr<v1::ContactRecord> DeliverIfPending(v1::ContactRecord record);
  // The lock that orders deliveries for one child.
  absl::Mutex& ChildLock(absl::string_view run_id, absl::string_view child_id);

  IntakeStore* const store_;
  Downstream* const downstream_;
  // Serialises the check-then-accept of contacts.
  absl::Mutex accept_mu_;
  // Deliveries for the same child run one at a time, so each sees the level
  // of service the previous one left.
  std::array<absl::Mutex, 64> child_mu_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_INTAKE_INTAKE_H_
