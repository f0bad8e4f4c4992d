// The simulated social workers, a day at a time.
#include "clients/simulate/social_work_team.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/domain/stable_random.h"
#include "lib/domain/working_calendar.h"

namespace frontdoor {
namespace {

// Working days in a year, to turn annual rates into working-day gaps.
constexpr double kWorkingDaysPerYear = 252;

}  // namespace

SocialWorkTeam::SocialWorkTeam(const v1::Scenario& scenario,
                               absl::CivilDay first)
    : settings_(scenario.social_work()), seed_(scenario.seed()), today_(first) {
  int posts =
      std::max<int>(1, std::lround(settings_.posts_per_10k() *
                                   scenario.child_population() / 10000.0));
  // A permanent post is between workers for `gap` of its time; the rest of
  // the vacancy rate is posts held vacant all run.
  const double gap =
      settings_.replacement_working_days() /
      (kWorkingDaysPerYear / std::max(settings_.turnover(), 1e-9) +
       settings_.replacement_working_days());
  const double held =
      std::max(0.0, (settings_.vacancy_rate() - gap) / (1.0 - gap));
  // Exactly the expected number of posts is held vacant, chosen by a draw
  // per post, so a run's vacancy rate does not swing with its seed.
  posts_.resize(posts);
  std::vector<std::pair<double, int>> order;
  for (int p = 0; p < posts; ++p) {
    StableRandom random(seed_, {"post", absl::StrCat(p), "held"});
    order.emplace_back(random.Uniform(), p);
  }
  std::sort(order.begin(), order.end());
  const int held_posts = std::lround(held * posts);
  const int covered = std::lround(held_posts * settings_.agency_cover());
  // Cover above one: agency workers beyond the vacancies, in posts of their
  // own (DfE counts some authorities' agency FTE above their vacant FTE).
  const int extra = std::max(0, covered - held_posts);
  for (int e = 0; e < extra; ++e) {
    posts_.emplace_back();
    order.emplace_back(-1.0, posts + e);  // first in order: held and covered
  }
  std::sort(order.begin(), order.end());
  posts += extra;
  for (int i = 0; i < posts; ++i) {
    const int p = order[i].second;
    Post& post = posts_[p];
    post.held_vacant = i < held_posts + extra;
    post.covered = post.held_vacant && i < covered + extra;
    if (!post.held_vacant) {
      Hire(p, Filled::kPermanent);
    } else if (post.covered) {
      Hire(p, Filled::kAgency);
    }
  }
  today_ = first - 1;
}

void SocialWorkTeam::Hire(int p, Filled filled) {
  Post& post = posts_[p];
  StableRandom random(seed_,
                      {"post", absl::StrCat(p), absl::StrCat(post.hires)});
  ++post.hires;
  post.filled = filled;
  const double tenure_days =
      random.Exponential(365.0 / std::max(settings_.turnover(), 1e-9));
  post.leaves_on = today_ + std::max<int64_t>(1, std::lround(tenure_days));
}

void SocialWorkTeam::Leave(int p) {
  Post& post = posts_[p];
  // Their cases go back to the front of the queue, to the next worker free.
  std::vector<std::pair<std::string, std::string>> handed;  // first contact
  for (auto& [child, c] : cases_) {
    if (c.post != p) continue;
    c.post = -1;
    for (Work& w : c.work) {
      if (w.fixed || !w.due.has_value()) continue;
      w.work_days = WorkingDaysBetween(today_, *w.due);
      w.handed_on = true;
      w.due.reset();
    }
    handed.emplace_back(c.first_contact, child);
  }
  // Longest known first; pushed to the front in reverse to keep that order.
  std::sort(handed.rbegin(), handed.rend());
  for (const auto& [first, child] : handed) queue_.push_front(child);
  changes_today_ += static_cast<int>(handed.size());
  post.cases = 0;
  post.filled = Filled::kVacant;
}

void SocialWorkTeam::UpdatePost(int p) {
  Post& post = posts_[p];
  const int replacement = std::lround(settings_.replacement_working_days());
  if (post.filled != Filled::kVacant && post.leaves_on <= today_) {
    const bool covering = !post.held_vacant && post.filled == Filled::kAgency;
    Leave(p);
    // An agency worker covering a gap leaves it to the replacement already
    // on the way; anyone else leaves a post to recruit to.
    if (!covering) post.next_start = AddWorkingDays(today_, replacement);
    StableRandom random(
        seed_, {"post", absl::StrCat(p), absl::StrCat(post.hires), "cover"});
    if (!covering && !post.held_vacant &&
        random.Uniform() < settings_.agency_cover()) {
      Hire(p, Filled::kAgency);
    }
  }
  if (post.filled == Filled::kPermanent || today_ < post.next_start) return;
  if (!post.held_vacant) {
    if (post.filled == Filled::kAgency) Leave(p);
    Hire(p, Filled::kPermanent);
  } else if (post.filled == Filled::kVacant && post.covered) {
    Hire(p, Filled::kAgency);  // the next agency worker, after the gap
  }
}

void SocialWorkTeam::Schedule(Work& work, int caseload) {
  if (work.fixed) return;
  double days;
  if (work.handed_on) {
    days = work.work_days + settings_.handover_working_days();
  } else {
    const double load = std::max(
        1.0, caseload / std::max(settings_.manageable_caseload(), 1.0));
    days =
        work.work_days * load / std::max(0.05, 1.0 - settings_.absence_rate());
  }
  absl::CivilDay due =
      AddWorkingDays(today_, std::max<int>(1, std::lround(days)));
  // 45 working days from referral is a maximum teams work to: most finish
  // in the last week rather than run over.
  const absl::CivilDay deadline = AddWorkingDays(work.referred, 45);
  StableRandom random(seed_, {work.contact_id, "deadline"});
  if (due > deadline && random.Uniform() < settings_.deadline_push()) {
    const int day = 40 + static_cast<int>(random.Uniform() * 6);
    due =
        std::max(AddWorkingDays(work.referred, day), AddWorkingDays(today_, 1));
  }
  work.due = due;
}

int SocialWorkTeam::LeastLoaded(int team) const {
  const int cap = static_cast<int>(std::lround(settings_.caseload_cap()));
  const int size = settings_.team_size();
  const int end = std::min<int>(posts_.size(), (team + 1) * size);
  int best = -1;
  for (int p = team * size; p < end; ++p) {
    const Post& post = posts_[p];
    if (post.filled == Filled::kVacant || post.cases >= cap) continue;
    if (best < 0 || post.cases < posts_[best].cases) best = p;
  }
  return best;
}

void SocialWorkTeam::Allocate() {
  // First come, first allocated within each team; a full team's children
  // wait, in order, while other teams take theirs.
  std::deque<std::string> waiting;
  while (!queue_.empty()) {
    const std::string child = std::move(queue_.front());
    queue_.pop_front();
    auto it = cases_.find(child);
    if (it == cases_.end() || it->second.post >= 0) continue;
    const int best = LeastLoaded(it->second.team);
    if (best < 0) {
      waiting.push_back(child);
      continue;
    }
    it->second.post = best;
    const int caseload = ++posts_[best].cases;
    for (Work& w : it->second.work) {
      if (!w.due.has_value()) Schedule(w, caseload);
    }
  }
  queue_ = std::move(waiting);
}

void SocialWorkTeam::Refer(const std::string& contact_id,
                           const std::string& child_id, absl::CivilDay referred,
                           double work_days,
                           std::optional<absl::CivilDay> due) {
  auto [it, added] = cases_.try_emplace(child_id);
  Case& c = it->second;
  if (added) {
    c.first_contact = contact_id;
    // The locality: a post drawn at random, so that teams take children in
    // proportion to their posts.
    StableRandom random(seed_, {contact_id, "team"});
    const int post =
        std::min<int>(posts_.size() - 1, random.Uniform() * posts_.size());
    c.team = post / settings_.team_size();
    queue_.push_back(child_id);
  }
  Work work{.contact_id = contact_id,
            .referred = referred,
            .work_days = work_days,
            .fixed = due.has_value(),
            .due = due};
  if (c.post >= 0) Schedule(work, posts_[c.post].cases);
  c.work.push_back(std::move(work));
}

std::vector<ConcludedWork> SocialWorkTeam::StartDay(absl::CivilDay day) {
  today_ = day;
  changes_today_ = 0;
  for (int p = 0; p < static_cast<int>(posts_.size()); ++p) UpdatePost(p);
  if (IsWorkingDay(day)) Allocate();
  std::vector<ConcludedWork> concluded;
  for (auto& [child, c] : cases_) {
    auto done = std::stable_partition(
        c.work.begin(), c.work.end(),
        [day](const Work& w) { return !w.due.has_value() || *w.due > day; });
    for (auto w = done; w != c.work.end(); ++w) {
      concluded.push_back({w->contact_id, child});
    }
    c.work.erase(done, c.work.end());
  }
  std::sort(concluded.begin(), concluded.end(),
            [](const ConcludedWork& a, const ConcludedWork& b) {
              return a.contact_id < b.contact_id;
            });
  return concluded;
}

void SocialWorkTeam::HoldUntil(const std::string& child_id,
                               absl::CivilDay check_on) {
  auto it = cases_.find(child_id);
  if (it != cases_.end()) it->second.check_on = check_on;
}

void SocialWorkTeam::Close(const std::string& child_id) {
  auto it = cases_.find(child_id);
  if (it == cases_.end()) return;
  if (!it->second.work.empty()) {
    // Another referral of the child is still being assessed.
    it->second.check_on.reset();
    return;
  }
  if (it->second.post >= 0) --posts_[it->second.post].cases;
  cases_.erase(it);
}

std::vector<std::string> SocialWorkTeam::DueChecks() const {
  std::vector<std::string> due;
  for (const auto& [child, c] : cases_) {
    if (c.work.empty() && c.check_on.has_value() && *c.check_on <= today_) {
      due.push_back(child);
    }
  }
  std::sort(due.begin(), due.end());
  return due;
}

WorkforceDay SocialWorkTeam::Today() const {
  WorkforceDay d;
  d.day = today_;
  d.posts = static_cast<int>(posts_.size());
  for (const Post& post : posts_) {
    if (post.filled == Filled::kVacant) continue;
    ++(post.filled == Filled::kPermanent ? d.permanent : d.agency);
    d.cases += post.cases;
    if (post.cases > 20) ++d.over_20;
    if (post.cases > 30) ++d.over_30;
  }
  for (const auto& [child, c] : cases_) {
    if (c.post < 0) ++d.unallocated;
  }
  d.worker_changes = changes_today_;
  return d;
}

}  // namespace frontdoor
