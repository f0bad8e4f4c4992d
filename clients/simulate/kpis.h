// A run's key performance indicators, computed from what the services
// recorded (intake's contacts and decisions, stepping's episodes and
// findings) and the simulated social workers, overall, by month and week; and
// their tables, summaries, replications and comparisons.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_KPIS_H_
#define FRONTDOOR_CLIENTS_SIMULATE_KPIS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/simulate/social_work_team.h"
#include "frontdoor/v1/intake.pb.h"
#include "frontdoor/v1/reports.pb.h"
#include "frontdoor/v1/scenario.pb.h"
#include "frontdoor/v1/stepping.pb.h"

namespace frontdoor {

// A referral: a contact decided to an assessment, strategy discussion or
// immediate protection about a child not already open to social care.
bool IsReferral(const v1::ContactRecord& record);

// A decision that starts a section 47 enquiry at the front door: a
// strategy discussion or immediate protection.
bool IsSection47(const v1::Decision& decision);

// The KPIs of a run over the scenario's measured period (warm-up excluded),
// from intake's contacts, stepping's children and findings, and the
// simulated social workers day by day (none for a run without them).
v1::RunKpis ComputeKpis(
    const v1::Scenario& scenario, const std::string& run_id,
    const std::vector<v1::ContactRecord>& contacts,
    const std::vector<v1::ChildRecord>& children,
    const std::vector<v1::RecordAssessmentRequest>& findings,
    const std::vector<WorkforceDay>& workforce);

// The decision-time histogram's bins (KpiSet.decision_hours_histogram):
// kDecisionHoursBin hours wide, the last holding the rest.
inline constexpr int kDecisionHoursBin = 6;
inline constexpr int kDecisionHoursBins = 25;

// The scalar KPIs of a set, by field name, in field order.
std::vector<std::pair<std::string, double>> ScalarKpis(const v1::KpiSet& set);

// XmR control charts over a run's whole weeks (RunKpis.weeks) for contacts,
// referrals, decided within one working day and the MASH queue at week end.
std::vector<v1::ControlChart> ControlCharts(const v1::RunKpis& kpis);

// True for a KPI that is a share (0 to 1, kappa -1 to 1): its limits and
// intervals stop at one.
bool IsShareKpi(absl::string_view name);

// A terminal summary of a run's KPIs.
std::string SummaryText(const v1::RunKpis& kpis);

// Writes kpis.json, kpis-summary.csv (with each KPI's label and unit),
// kpis-monthly.csv and kpis-weekly.csv (wide) with kpis-monthly-long.csv
// and kpis-weekly-long.csv (run_id, period, kpi, value), control-charts.csv
// and control-chart-weeks.csv, outcomes.csv, referral-sources.csv and
// timeliness-by-rag.csv into `dir`.
absl::Status WriteKpiFiles(const v1::RunKpis& kpis, const std::string& dir);

// Reads a kpis.json written by WriteKpiFiles.
absl::StatusOr<v1::RunKpis> ReadKpiFile(const std::string& path);

// Mean, 95% confidence interval and 95% prediction interval of each overall
// scalar KPI.
v1::ReplicationReport Replicate(const std::vector<v1::RunKpis>& runs);

// Student's t for a 95% two-sided interval with `df` degrees of freedom,
// fractional ones too (Welch's); 0 for none.
double StudentT95(double df);

// The mean of `values` (0 for none) and their sample variance (0 for fewer
// than two): what replications, comparisons and the report's intervals are
// built from.
double Mean(const std::vector<double>& values);
double SampleVariance(const std::vector<double>& values);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_KPIS_H_
