// Two runs, or two replicated runs, KPI by KPI: differences in the KPI's
// own unit (percentage points for shares) with 95% intervals when both
// sides have replications.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_COMPARE_H_
#define FRONTDOOR_CLIENTS_SIMULATE_COMPARE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "frontdoor/v1/reports.pb.h"

namespace frontdoor {

// One side of a comparison: a single run, or every replication of one.
struct ComparedSide {
  // The run id, or the replicated run's name (without "-rN").
  std::string name;
  // Its runs' KPIs, one per seed.
  std::vector<v1::RunKpis> runs;
};

// Loads OUT/RUN/kpis.json, or else the replications OUT/RUN-replications.json
// lists (each OUT/RUN-rN/kpis.json).
absl::StatusOr<ComparedSide> LoadComparedSide(const std::string& out_dir,
                                              const std::string& run);

// A against B: each overall scalar KPI, B minus A, and its 95% interval:
// paired by seed when both sides ran the same seeds (common random numbers
// make that interval much narrower), Welch's when they did not, none when a
// side is a single run.
v1::Comparison Compare(const ComparedSide& a, const ComparedSide& b);

// True when a KPI's 95% interval of B - A leaves out 0: B changed it
// beyond chance.
bool IntervalLeavesOutZero(const v1::ComparedKpi& kpi);

// The headline of a comparison: up to `most` KPIs whose interval leaves out
// 0, largest change first, each in words and numbers ("Decided within 1
// working day rises from 76.4% to 82.0% (+5.6 pp; 95% interval +4.1 pp to
// +7.0 pp)"). None without intervals.
std::vector<std::string> Headline(const v1::Comparison& comparison, int most);

// The comparison as a terminal table, a CSV (one row per KPI, with
// run_a and run_b columns) and JSON (numbers as numbers).
std::string ComparisonText(const v1::Comparison& comparison);
std::string ComparisonCsv(const v1::Comparison& comparison);
std::string ComparisonJson(const v1::Comparison& comparison);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_COMPARE_H_
