// The early-help team.
#include "clients/simulate/early_help_team.h"

#include <algorithm>
#include <cmath>

#include "lib/domain/working_calendar.h"

namespace frontdoor {

EarlyHelpTeam::EarlyHelpTeam(const v1::Scenario& scenario) {
  const v1::EarlyHelp& e = scenario.early_help();
  assessment_days_ =
      std::max(1, static_cast<int>(std::lround(e.assessment_working_days())));
  if (e.workers_per_10k() <= 0) return;
  const double workers =
      e.workers_per_10k() * scenario.child_population() / 10000.0;
  workers_ = std::max(1, static_cast<int>(std::lround(workers)));
  places_ = std::max(1, static_cast<int>(std::lround(workers * e.caseload())));
}

void EarlyHelpTeam::Refer(EarlyHelpReferral referral) {
  if (!waiting_children_.insert(referral.child_id).second) return;
  waiting_.push_back(std::move(referral));
}

void EarlyHelpTeam::TakeOn(const std::string& child_id, absl::CivilDay day) {
  held_[child_id] = day + 1;
}

std::optional<EarlyHelpReferral> EarlyHelpTeam::NextWaiting(
    absl::CivilDay day) {
  if (places_ >= 0 && static_cast<int>(held_.size()) >= places_) {
    return std::nullopt;
  }
  // A decision takes effect at its time: one made today (or, after a wait
  // for partners, later) is not yet known to have opened early help, and
  // does not hold up those behind it.
  const auto ready =
      std::find_if(waiting_.begin(), waiting_.end(),
                   [day](const EarlyHelpReferral& r) { return r.since < day; });
  if (ready == waiting_.end()) return std::nullopt;
  EarlyHelpReferral next = std::move(*ready);
  waiting_.erase(ready);
  waiting_children_.erase(next.child_id);
  return next;
}

absl::CivilDay EarlyHelpTeam::Allocate(const EarlyHelpReferral& referral,
                                       absl::CivilDay day) {
  ++allocated_today_;
  waited_today_ += static_cast<double>(day - referral.since);
  const absl::CivilDay assessed = AddWorkingDays(day + 1, assessment_days_ - 1);
  held_[referral.child_id] = assessed + 1;
  return assessed;
}

std::vector<std::string> EarlyHelpTeam::Ready(absl::CivilDay day,
                                              int limit) const {
  std::vector<std::string> ready;
  for (const EarlyHelpReferral& r : waiting_) {
    if (static_cast<int>(ready.size()) >= limit) break;
    if (r.since < day) ready.push_back(r.child_id);
  }
  return ready;
}

std::vector<std::string> EarlyHelpTeam::DueChecks(absl::CivilDay day) const {
  std::vector<std::string> due;
  for (const auto& [child, check] : held_) {
    if (check <= day) due.push_back(child);
  }
  // Hash order is not an order: the services are asked in a stable one.
  std::sort(due.begin(), due.end());
  return due;
}

void EarlyHelpTeam::HoldUntil(const std::string& child_id, absl::CivilDay day) {
  held_[child_id] = day;
}

void EarlyHelpTeam::Close(const std::string& child_id) {
  held_.erase(child_id);
}

void EarlyHelpTeam::Record(WorkforceDay& day) {
  day.early_help_workers = workers_;
  day.early_help_held = static_cast<int>(held_.size());
  day.early_help_waiting = static_cast<int>(waiting_.size());
  day.early_help_allocated = allocated_today_;
  day.early_help_wait_days = waited_today_;
  allocated_today_ = 0;
  waited_today_ = 0;
}

}  // namespace frontdoor
