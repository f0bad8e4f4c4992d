// The page of a sweep: each KPI against each varied field, one line per
// setting of the other fields, with the 95% interval of the mean as a
// band; every chart with its text alternative and its table.
#ifndef FRONTDOOR_CLIENTS_REPORT_SWEEP_REPORT_H_
#define FRONTDOOR_CLIENTS_REPORT_SWEEP_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "clients/study/sweep.h"
#include "frontdoor/v1/reports.pb.h"

namespace frontdoor::report {

// A sweep as the page draws it: its axes, its points (each as its
// "FIELD=VALUE" settings, in axis order) and each point's replications.
struct SweepResult {
  std::vector<study::SweepAxis> axes;
  std::vector<std::vector<std::string>> points;
  std::vector<v1::ReplicationReport> reports;
};

// The page: `title`, a line of what was run, and for each KPI in `kpis`
// (KpiSet names) a chart against each axis.
std::string SweepReport(const std::string& title, const std::string& meta,
                        const SweepResult& sweep,
                        const std::vector<std::string>& kpis);

// Writes SweepReport(...) to `file`.
absl::Status WriteSweepReport(const std::string& file, const std::string& title,
                              const std::string& meta, const SweepResult& sweep,
                              const std::vector<std::string>& kpis);

}  // namespace frontdoor::report

#endif  // FRONTDOOR_CLIENTS_REPORT_SWEEP_REPORT_H_
