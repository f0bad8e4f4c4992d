// The MASH screening queue: when a contact is decided, given who is on duty.
// Red contacts go to the duty team at once, any hour; amber and green wait
// for the first free screener in working hours.
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
  // `mash` gives capacity and handling times; `state` the screeners' free
  // times as stored (empty for a new run).
  MashQueue(const v1::Mash& mash, const internal::MashQueue& state);

  // Schedules a contact arriving at `arrival` with `rag`; returns when it
  // is decided.
  absl::Time Schedule(absl::Time arrival, v1::Rag rag);

  // The state to store.
  internal::MashQueue State() const;

  // The team's working hours.
  const WorkingHours& hours() const { return hours_; }

 private:
  WorkingHours hours_;
  absl::Duration red_, amber_, green_;
  std::vector<absl::Time> free_at_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_THRESHOLD_MASH_QUEUE_H_
