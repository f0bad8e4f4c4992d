// The MASH screening queue: when a contact is decided, given who is on duty.
// Red contacts go to the duty team at once, any hour; amber and green wait
// for the first free screener in working hours. A team that falls behind
// copes as the scenario says: overtime, then agency cover.
#ifndef FRONTDOOR_SERVICES_THRESHOLD_MASH_QUEUE_H_
#define FRONTDOOR_SERVICES_THRESHOLD_MASH_QUEUE_H_

#include <vector>

#include "absl/time/time.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/scenario.pb.h"
#include "frontdoor/v1/types.pb.h"
#include "services/common/working_calendar.h"

namespace frontdoor {

// One run's screeners and their next free times. Deterministic: the same
// arrivals in the same order give the same decision times.
class MashQueue {
 public:
  // `mash` gives capacity, handling times and how the team copes; `state`
  // the screeners' free times as stored (empty for a new run).
  MashQueue(const v1::Mash& mash, const internal::MashQueue& state);

  // Schedules a contact arriving at `arrival` with `rag`; returns when it
  // is decided.
  absl::Time Schedule(absl::Time arrival, v1::Rag rag);

  // The state to store.
  internal::MashQueue State() const;

  // The team's working hours (without overtime).
  const WorkingHours& hours() const { return hours_; }

 private:
  // The screener (permanent or agency) free first.
  absl::Time* FirstFree();
  // Books agency cover, if the scenario has any, starting a lead time
  // after `arrival`.
  void BookAgency(absl::Time arrival);

  WorkingHours hours_;
  WorkingHours overtime_hours_;
  absl::Duration red_, amber_, green_;
  absl::Duration overtime_after_, agency_after_;
  int agency_screeners_ = 0;
  int agency_lead_days_ = 0;
  std::vector<absl::Time> free_at_;
  std::vector<absl::Time> agency_free_at_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_THRESHOLD_MASH_QUEUE_H_
