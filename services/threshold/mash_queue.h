// The MASH screening queue: when a contact is decided, given who is on duty.
// Red contacts go to the duty team at once, any hour; amber and green wait
// for the first free screener in working hours, then for partners'
// information if the screener asked for it, then for a manager's sign-off if
// the policy wants one. A team that falls behind copes as the scenario says:
// overtime, agency cover, and signposting low-level contacts after a wait.
#ifndef FRONTDOOR_SERVICES_THRESHOLD_MASH_QUEUE_H_
#define FRONTDOOR_SERVICES_THRESHOLD_MASH_QUEUE_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "frontdoor/internal/state.pb.h"
#include "frontdoor/v1/scenario.pb.h"
#include "frontdoor/v1/types.pb.h"
#include "lib/domain/working_calendar.h"

namespace frontdoor {

// One contact as the queue sees it.
struct MashWork {
  absl::Time arrival;
  v1::Rag rag = v1::RAG_UNSPECIFIED;
  // Working hours the decision waits, after screening, for a partner
  // agency's information (0 when the screener asks for none).
  double partner_wait_hours = 0;
  // The decision needs a manager's sign-off.
  bool needs_sign_off = false;
  // A green contact to be closed or answered with advice: one that may be
  // signposted instead of waiting long for a screener.
  bool signpostable = false;
};

// When a contact's screening ended and when its decision was made.
struct MashTimes {
  absl::Time screened;
  absl::Time decided;
  // Signposted at the scenario's limit rather than screened.
  bool signposted = false;
};

// One run's screeners and managers and their next free times. Deterministic:
// the same arrivals in the same order give the same decision times.
class MashQueue {
 public:
  // `mash` gives capacity, handling times and how the team copes; `state`
  // the screeners' free times as stored (empty for a new run).
  MashQueue(const v1::Mash& mash, const internal::MashQueue& state);

  // Schedules a contact's screening and sign-off, in arrival order.
  MashTimes Schedule(const MashWork& work);
  // When a contact with no partner check or sign-off is decided.
  absl::Time Schedule(absl::Time arrival, v1::Rag rag) {
    return Schedule(MashWork{.arrival = arrival, .rag = rag}).decided;
  }

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
  // Screens an amber or green contact; `screened` and `signposted` only.
  MashTimes Screen(const MashWork& work);
  // When the first free manager has signed off a decision screened at
  // `screened`.
  absl::Time SignOff(absl::Time screened);

  WorkingHours hours_;
  WorkingHours overtime_hours_;
  absl::Duration red_, amber_, green_;
  absl::Duration sign_off_;
  absl::Duration overtime_after_, agency_after_, signpost_after_;
  int agency_screeners_ = 0;
  int agency_lead_days_ = 0;
  std::vector<absl::Time> free_at_;
  std::vector<absl::Time> agency_free_at_;
  std::vector<absl::Time> manager_free_at_;
};

// Steps (-1, 0 or 1) by which a screener's own judgement moves a contact's
// level of need: drawn per contact from the run's seed, so that staffing
// and arrival order never change it. `mash` has its defaults applied.
int ScreenerJudgement(const v1::Mash& mash, uint64_t seed,
                      absl::string_view contact_id);

// Working hours an amber or green contact's decision waits for a partner
// agency's information (0 when the screener asks for none), drawn per
// contact like ScreenerJudgement.
double PartnerWaitHours(const v1::Mash& mash, uint64_t seed,
                        absl::string_view contact_id, v1::Rag rag);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_THRESHOLD_MASH_QUEUE_H_
