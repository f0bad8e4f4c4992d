// The early-help service's workers, as the simulator plays them: children
// the front door sends to early help wait for a place, first come first
// served; a worker assesses each (the finding carries the child's true
// need) and holds the place while the child's early-help episode is open.
// Children stepped down from social care take places without waiting.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_EARLY_HELP_TEAM_H_
#define FRONTDOOR_CLIENTS_SIMULATE_EARLY_HELP_TEAM_H_

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/time/civil_time.h"
#include "clients/simulate/social_work_team.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor {

// A child waiting for an early-help worker.
struct EarlyHelpReferral {
  // The contact whose decision sent the child; its finding's key.
  std::string contact_id;
  std::string child_id;
  // The child's true level of need, which the assessment finds.
  int need = 2;
  absl::CivilDay since;
};

// Places, a waiting list and the children held. Plain and deterministic:
// the caller asks the services which children are still in early help.
class EarlyHelpTeam {
 public:
  // `scenario` has its defaults filled in.
  explicit EarlyHelpTeam(const v1::Scenario& scenario);

  // A child the front door sent to early help on `day`. A child already
  // waiting keeps its place in the list.
  void Refer(EarlyHelpReferral referral);
  // A child early help took on without a referral of its own (stepped
  // down, or an assessment's "early help"): holds a place from now.
  void TakeOn(const std::string& child_id, absl::CivilDay day);
  // True while the child holds a place.
  bool Holds(const std::string& child_id) const {
    return held_.contains(child_id);
  }

  // The longest-waiting child referred before `day`, if a place is free
  // (the caller checks it is still in early help, then calls Allocate, or
  // drops it).
  std::optional<EarlyHelpReferral> NextWaiting(absl::CivilDay day);
  // The children NextWaiting would take next on `day` (at most `limit`,
  // longest waiting first), whether or not places are free: what to look
  // up ahead.
  std::vector<std::string> Ready(absl::CivilDay day, int limit) const;
  // Gives the child taken by NextWaiting a place on `day`; its assessment
  // concludes `assessment_days` working days later, returned.
  absl::CivilDay Allocate(const EarlyHelpReferral& referral,
                          absl::CivilDay day);

  // Children held whose early-help status should be looked up on `day`.
  std::vector<std::string> DueChecks(absl::CivilDay day) const;
  // Looks the child up again on `day`.
  void HoldUntil(const std::string& child_id, absl::CivilDay day);
  // The child left early help: its place is free.
  void Close(const std::string& child_id);

  // Today's figures (the early-help fields of a WorkforceDay), and resets
  // the day's counts.
  void Record(WorkforceDay& day);

 private:
  int workers_ = 0;
  // Places; -1 for no limit.
  int places_ = -1;
  int assessment_days_ = 10;
  std::deque<EarlyHelpReferral> waiting_;
  absl::flat_hash_set<std::string> waiting_children_;
  // Child -> the day to look it up again.
  absl::flat_hash_map<std::string, absl::CivilDay> held_;
  int allocated_today_ = 0;
  double waited_today_ = 0;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_EARLY_HELP_TEAM_H_
