// The simulated social workers: case-holding posts filled by permanent or
// agency workers who come and go, a queue of referred children waiting for
// one, and assessments that take longer as a worker's caseload grows. The
// simulator plays them a day at a time; every draw depends only on the
// scenario's seed and the post or referral, so a run is reproducible.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_SOCIAL_WORK_TEAM_H_
#define FRONTDOOR_CLIENTS_SIMULATE_SOCIAL_WORK_TEAM_H_

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor {

// The team on one day, as the KPIs read it.
struct WorkforceDay {
  absl::CivilDay day;
  int posts = 0;
  // Posts with a permanent worker, and with an agency worker.
  int permanent = 0;
  int agency = 0;
  // Children allocated to a worker, and referred children waiting for one.
  int cases = 0;
  int unallocated = 0;
  // Workers holding more than 20 and more than 30 cases.
  int over_20 = 0;
  int over_30 = 0;
  // Cases handed to another worker today because theirs left.
  int worker_changes = 0;
  // The early-help workers (0 with no limit on places), the children they
  // hold and the children waiting for them; the children allocated today
  // and the days they had waited, summed (EarlyHelpTeam fills these).
  int early_help_workers = 0;
  int early_help_held = 0;
  int early_help_waiting = 0;
  int early_help_allocated = 0;
  double early_help_wait_days = 0;
};

// Work that concluded: the referral's contact and its child.
struct ConcludedWork {
  std::string contact_id;
  std::string child_id;
};

// A local authority's case-holding social workers (scenario.social_work).
class SocialWorkTeam {
 public:
  // `scenario` has its defaults filled; the team's first day is `first`.
  SocialWorkTeam(const v1::Scenario& scenario, absl::CivilDay first);

  // A referral of `child_id` received on `referred` (keyed by its contact)
  // that needs `work_days` of a worker's time at a manageable caseload.
  // With `due`, it concludes on that day whatever the team's load (a
  // conference's date), though the child still needs a worker.
  void Refer(const std::string& contact_id, const std::string& child_id,
             absl::CivilDay referred, double work_days,
             std::optional<absl::CivilDay> due = std::nullopt);

  // Moves to `day`, the day after the last: workers leave and start, the
  // cases of leavers are handed on, waiting children are allocated. Returns
  // the work that concludes on `day`.
  std::vector<ConcludedWork> StartDay(absl::CivilDay day);

  // The child's case stays with its worker until `check_on`, when the
  // simulator asks again whether the child is still open to social care.
  void HoldUntil(const std::string& child_id, absl::CivilDay check_on);

  // The child's case closes and leaves its worker's caseload.
  void Close(const std::string& child_id);

  // Children whose hold has run out today and who have no work in progress.
  std::vector<std::string> DueChecks() const;

  // The team today, after StartDay.
  WorkforceDay Today() const;

 private:
  enum class Filled { kVacant, kPermanent, kAgency };
  // One case-holding post and the worker in it.
  struct Post {
    // Held vacant all run (no permanent worker is ever recruited).
    bool held_vacant = false;
    // A held post that agency workers cover, one after another; the others
    // stay empty.
    bool covered = false;
    Filled filled = Filled::kVacant;
    // The worker's last day, when someone is in post.
    absl::CivilDay leaves_on;
    // When the post's next worker starts, while it is between workers.
    absl::CivilDay next_start;
    // Workers hired so far, a key for the next one's draws.
    int hires = 0;
    int cases = 0;
  };
  // A referral's work in progress.
  struct Work {
    std::string contact_id;
    absl::CivilDay referred;
    // Working days it needs at a manageable caseload; after a handover,
    // the working days it had left.
    double work_days = 0;
    bool handed_on = false;
    bool fixed = false;
    std::optional<absl::CivilDay> due;
  };
  // A child on the team's books.
  struct Case {
    // The contact that first referred the child: it orders cases, since
    // child ids are pseudonyms that differ from one deployment to the next.
    std::string first_contact;
    // The team of the child's locality: posts [team * team_size, ...).
    int team = 0;
    int post = -1;  // -1 while waiting for a worker
    std::vector<Work> work;
    std::optional<absl::CivilDay> check_on;
  };

  void Hire(int post, Filled filled);
  void Leave(int post);
  void UpdatePost(int post);
  void Allocate();
  // The worker in post in `team` with the fewest cases, if any is below the
  // cap; -1 if none.
  int LeastLoaded(int team) const;
  void Schedule(Work& work, int caseload);

  v1::SocialWork settings_;
  uint64_t seed_;
  absl::CivilDay today_;
  std::vector<Post> posts_;
  absl::flat_hash_map<std::string, Case> cases_;
  std::deque<std::string> queue_;
  int changes_today_ = 0;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_SOCIAL_WORK_TEAM_H_
