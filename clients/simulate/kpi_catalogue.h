// Every scalar KPI's English label and unit: the one table the terminal
// summary, `compare`, the CSV files' descriptions and the report all read,
// so a KPI is called and measured the same way wherever it is shown.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_KPI_CATALOGUE_H_
#define FRONTDOOR_CLIENTS_SIMULATE_KPI_CATALOGUE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace frontdoor {

// How a KPI is measured, and so how it is written.
// In the order of the unit names in kpi_catalogue.cc.
enum class KpiUnit {
  kCount,   // whole things: contacts, children, plans
  kShare,   // 0 to 1: a percentage in text, a fraction in json and csv
  kRate,    // a ratio such as "per referral" or "per s47"
  kPer10k,  // per 10,000 children
  kHours,   // hours
  kDays,    // calendar days
  kWorkingDays,
  kCasesPerWorker,
  kKappa,  // Cohen's kappa, -1 to 1
};

// A scalar KPI as people read it.
struct KpiInfo {
  absl::string_view name;   // the KpiSet field: kpis-summary.csv's `kpi`
  absl::string_view label;  // in words, sentence case
  KpiUnit unit;
};

// The KPI named `name` (a KpiSet field). A name not in the catalogue (a
// file written by a newer frontdoor) has its name as label and a unit of
// kCount.
KpiInfo KpiInfoOf(absl::string_view name);

// Every KPI of the catalogue, in KpiSet field order.
const std::vector<KpiInfo>& KpiCatalogue();

// The unit in words ("%", "hours", "per 10,000 children"), for headers and
// axis titles; empty for a count.
absl::string_view UnitText(KpiUnit unit);

// The label with its unit where neither it nor the value shows it: "Median
// decision time (hours)", but "Contacts", "Referrals per 10k children" and
// "Agency social workers" (a share is written with its %).
std::string LabelWithUnit(const KpiInfo& info);

// The unit as a machine-readable word for CSV and JSON: count, share,
// rate, per_10k, hours, days, working_days, cases_per_worker, kappa.
absl::string_view UnitCode(KpiUnit unit);

// `value` of a KPI for people: shares as "12.3%", counts whole with
// thousands separated, others to three significant digits; never in
// scientific notation.
std::string FormatKpi(KpiUnit unit, double value);

// A difference between two values of a KPI for people: "+1.2 pp" for a
// share, "+340" for a count, "+0.05" otherwise.
std::string FormatKpiDifference(KpiUnit unit, double difference);

// A number for people to three significant digits at most (whole numbers
// in full, with thousands separated), never in scientific notation.
std::string FormatNumber(double value);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_KPI_CATALOGUE_H_
