// The pages of a plan and of a sensitivity study: the plan's cost
// frontier (each target's probability at every setting tried, by cost),
// its recommendation and stress tests, and tornado charts of what moves
// each KPI most.
#ifndef FRONTDOOR_CLIENTS_REPORT_PLAN_REPORT_H_
#define FRONTDOOR_CLIENTS_REPORT_PLAN_REPORT_H_

#include <string>
#include <vector>

#include "clients/study/sensitivity.h"
#include "frontdoor/v1/plan.pb.h"

namespace frontdoor::report {

// The plan's page: `title`, a line of what was run, the recommendation,
// the frontier chart and table over the `fields` varied, the stress tests
// (`stresses`, one per report.stressed()), the notes, and a tornado per
// KPI in `tornadoes` (none: the page says how to ask for them).
std::string PlanPage(const std::string& title, const std::string& meta,
                     const v1::PlanReport& report,
                     const std::vector<std::string>& fields,
                     const std::vector<std::string>& stresses,
                     const std::vector<study::Tornado>& tornadoes);

// A sensitivity study's page: `title`, a line of what was run, and a
// tornado per KPI.
std::string SensitivityPage(const std::string& title, const std::string& meta,
                            const std::vector<study::Tornado>& tornadoes);

}  // namespace frontdoor::report

#endif  // FRONTDOOR_CLIENTS_REPORT_PLAN_REPORT_H_
