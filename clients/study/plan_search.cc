// The plan's search, round by round.
#include "clients/study/plan_search.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/study/study_runs.h"

namespace frontdoor::study {

PlanSearch::PlanSearch(size_t settings, int replications, double required,
                       const std::vector<Target>& targets)
    : replications_(replications),
      allowed_misses_(AllowedMisses(replications, required)),
      targets_(targets),
      measured_(settings),
      ruled_out_(settings, false) {}

std::vector<std::pair<size_t, int>> PlanSearch::NextRuns(
    size_t parallel) const {
  std::vector<std::pair<size_t, int>> runs;
  for (size_t s = 0; s < measured_.size() && runs.size() < parallel; ++s) {
    if (ruled_out_[s]) continue;
    const int done = static_cast<int>(measured_[s].size());
    // One replication of an untried setting rules most out; the rest are
    // run once it has not.
    const int last = done == 0 ? 1 : replications_;
    for (int r = done; r < last && runs.size() < parallel; ++r) {
      runs.emplace_back(s, r);
    }
  }
  return runs;
}

void PlanSearch::Record(size_t setting, int replication,
                        const v1::KpiSet& kpis) {
  std::vector<v1::KpiSet>& measured = measured_[setting];
  if (static_cast<int>(measured.size()) != replication) return;
  measured.push_back(kpis);
  for (const Target& t : targets_) {
    int misses = 0;
    for (const v1::KpiSet& k : measured) misses += !t.MetBy(KpiValue(k, t.kpi));
    if (misses > allowed_misses_) ruled_out_[setting] = true;
  }
}

bool PlanSearch::RuledOut(size_t setting) const { return ruled_out_[setting]; }

bool PlanSearch::Done() const {
  for (size_t s = 0; s < measured_.size(); ++s) {
    if (ruled_out_[s]) continue;
    return static_cast<int>(measured_[s].size()) == replications_;
  }
  return true;
}

std::optional<size_t> PlanSearch::Cheapest() const {
  for (size_t s = 0; s < measured_.size(); ++s) {
    if (ruled_out_[s]) continue;
    if (static_cast<int>(measured_[s].size()) == replications_) return s;
    return std::nullopt;
  }
  return std::nullopt;
}

absl::StatusOr<PlanSearch> SearchCheapest(
    cli::ServiceClient& client, const std::vector<v1::Scenario>& scenarios,
    const std::vector<std::string>& names, const std::vector<Target>& targets,
    int replications, double required, const std::string& label,
    const std::string& journal_dir) {
  constexpr size_t kParallel = 4;
  PlanSearch search(scenarios.size(), replications, required, targets);
  for (int round = 1; !search.Done(); ++round) {
    const std::vector<std::pair<size_t, int>> next = search.NextRuns(kParallel);
    std::vector<PlannedRun> runs;
    for (const auto& [setting, replication] : next) {
      PlannedRun run{absl::StrCat(names[setting], "-r", replication + 1),
                     scenarios[setting]};
      run.scenario.set_seed(scenarios[setting].seed() + replication);
      runs.push_back(std::move(run));
    }
    const std::vector<absl::StatusOr<MeasuredRun>> measured = RunPlan(
        client, runs, kParallel, absl::StrFormat("%s, round %d", label, round),
        /*delete_after=*/true, journal_dir);
    for (size_t i = 0; i < measured.size(); ++i) {
      if (!measured[i].ok()) return measured[i].status();
      search.Record(next[i].first, next[i].second, measured[i]->kpis.overall());
    }
  }
  return search;
}

}  // namespace frontdoor::study
