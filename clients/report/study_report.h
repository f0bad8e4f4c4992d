// The page of a forecast or a back-test: the scores beside both baselines,
// and per KPI each authority's forecast with its 95% interval, against what
// was published where it was; every chart with its text alternative and
// its table.
#ifndef FRONTDOOR_CLIENTS_REPORT_STUDY_REPORT_H_
#define FRONTDOOR_CLIENTS_REPORT_STUDY_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "clients/study/forecast.h"

namespace frontdoor::report {

// One authority's forecast of one KPI, and the published value if known.
struct StudyPoint {
  std::string la_code;
  std::string la_name;
  study::Prediction model;
  std::optional<double> published;
};

// One KPI's forecasts over the authorities.
struct StudyKpi {
  std::string kpi;
  bool share = false;
  std::vector<StudyPoint> points;
};

// The page: `title`, a line of what was run, the scores (none for a
// forecast) and the KPIs.
std::string StudyReport(const std::string& title, const std::string& meta,
                        const std::vector<study::KpiScore>& scores,
                        const std::vector<StudyKpi>& kpis);

// Writes StudyReport(...) to `file`.
absl::Status WriteStudyReport(const std::string& file, const std::string& title,
                              const std::string& meta,
                              const std::vector<study::KpiScore>& scores,
                              const std::vector<StudyKpi>& kpis);

}  // namespace frontdoor::report

#endif  // FRONTDOOR_CLIENTS_REPORT_STUDY_REPORT_H_
