// A staffing plan: targets on KPIs, the settings a plan may choose among,
// what staff cost, and which settings meet every target often enough.
#ifndef FRONTDOOR_CLIENTS_STUDY_PLAN_H_
#define FRONTDOOR_CLIENTS_STUDY_PLAN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontdoor/v1/plan.pb.h"
#include "frontdoor/v1/reports.pb.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::study {

// A target on one overall KPI: "decided_within_one_working_day>=0.8".
struct Target {
  std::string text;  // as given
  std::string kpi;   // a scalar KpiSet field
  bool at_least = true;
  bool strict = false;
  double bound = 0;

  // Whether `value` meets it.
  bool MetBy(double value) const;
};

// OK when `kpi` names an overall KPI that holds one number; otherwise
// INVALID_ARGUMENT listing the ones that do.
absl::Status CheckScalarKpi(absl::string_view kpi);

// Parses a target; INVALID_ARGUMENT names an unknown KPI (with the ones
// there are) or a malformed comparison.
absl::StatusOr<Target> ParseTarget(absl::string_view text);

// The value of the scalar KPI `kpi` in `k` (a count or a double).
double KpiValue(const v1::KpiSet& k, const std::string& kpi);

// Staff cost a year of `scenario` (defaults filled) at `costs`: screeners,
// permanent and agency social workers, early-help workers.
double AnnualCost(const v1::Scenario& scenario, const v1::Costs& costs);

// The misses a target may have in `replications` runs and still be met in
// at least `required` of them.
int AllowedMisses(int replications, double required);

// One setting measured: its settings ("FIELD=VALUE"), cost, and each
// target's share of the replications run that met it. A target fails when
// it missed in more of them than `required` of `replications` allows, so a
// setting ruled out after a few runs fails as it would after all; the
// setting meets when none fails and all `replications` ran.
v1::PlanPoint MeasurePoint(const std::vector<std::string>& settings,
                           double cost, const std::vector<Target>& targets,
                           const std::vector<v1::KpiSet>& measured,
                           int replications, double required);

// Notes where a target's probability fell, by more than a fifth of the
// runs, between two settings that differ in one field and ran as many
// replications, at the costlier one: the plan's search assumes that paying
// more is never worse.
std::vector<std::string> MonotonicityNotes(
    const std::vector<std::vector<std::string>>& settings,
    const std::vector<v1::PlanPoint>& points,
    const std::vector<Target>& targets);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_PLAN_H_
