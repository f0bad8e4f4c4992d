// The search for a plan's cheapest setting. Settings are tried in order of
// cost with the same seeds at each, and a setting is ruled out as soon as
// one target has missed in more replications than the required share
// allows: a ruled-out setting could never meet it, so the answer is the
// one running every replication of every setting would give, for fewer
// runs.
#ifndef FRONTDOOR_CLIENTS_STUDY_PLAN_SEARCH_H_
#define FRONTDOOR_CLIENTS_STUDY_PLAN_SEARCH_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/service_client.h"
#include "clients/study/plan.h"
#include "frontdoor/v1/reports.pb.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::study {

// Where a search stands: each setting's replications measured so far and
// what they say.
class PlanSearch {
 public:
  // A search over `settings` settings, cheapest first, each to be run
  // `replications` times; `targets` must outlive it.
  PlanSearch(size_t settings, int replications, double required,
             const std::vector<Target>& targets);

  // The runs to make next, at most `parallel`, as (setting, replication):
  // the first replication of settings not yet tried, cheapest first, and
  // the rest of a setting once its first has not ruled it out.
  std::vector<std::pair<size_t, int>> NextRuns(size_t parallel) const;

  // Records replication `replication` of `setting`, in the order NextRuns
  // gave them.
  void Record(size_t setting, int replication, const v1::KpiSet& kpis);

  // Whether a target has missed too often at `setting` for it to meet.
  bool RuledOut(size_t setting) const;

  // Whether the search is over: the cheapest setting not ruled out has run
  // every replication (and so meets every target), or every setting is
  // ruled out.
  bool Done() const;

  // The cheapest setting that meets every target, once Done().
  std::optional<size_t> Cheapest() const;

  // Each replication of `setting` measured, in order.
  const std::vector<v1::KpiSet>& Measured(size_t setting) const {
    return measured_[setting];
  }

 private:
  int replications_;
  int allowed_misses_;
  const std::vector<Target>& targets_;
  std::vector<std::vector<v1::KpiSet>> measured_;
  std::vector<bool> ruled_out_;
};

// Runs the search over `scenarios` (cheapest first; run ids NAMES[i]-rR
// with seeds seed, seed+1, ... at every setting), four runs at a time, each
// deleted once measured, levels journalled in `journal_dir`. The first run
// that fails fails the search.
absl::StatusOr<PlanSearch> SearchCheapest(
    cli::ServiceClient& client, const std::vector<v1::Scenario>& scenarios,
    const std::vector<std::string>& names, const std::vector<Target>& targets,
    int replications, double required, const std::string& label,
    const std::string& journal_dir);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_PLAN_SEARCH_H_
