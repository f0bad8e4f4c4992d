// The page of a national run: England beside its published figures, its
// funnel from contact to plan, the regions side by side with theirs, and
// the authorities furthest from their own published figures.
#ifndef FRONTDOOR_CLIENTS_REPORT_NATIONAL_REPORT_H_
#define FRONTDOOR_CLIENTS_REPORT_NATIONAL_REPORT_H_

#include <string>
#include <vector>

#include "clients/study/la_table.h"
#include "clients/study/national.h"

namespace frontdoor::report {

// A published figure a KPI is set beside.
struct PublishedFigure {
  std::string kpi;    // KpiSet name
  std::string label;  // in words
  double value = 0;   // as the KPI holds it
  // The model over the same authorities, with its interval.
  v1::ReplicatedKpi model;
  // The authorities that published it, of those in the run.
  int authorities = 0;
  int of = 0;
  // With every authority run: England's own published figure (NaN
  // otherwise), which counts the authorities the run leaves out as well.
  double england = 0;
};

// The published figures of the run's year summed over the run's
// authorities that published them (England's, less any left out, when all
// ran), each beside the model over the same authorities: referrals,
// re-referrals, children in need, on a plan and looked after at 31 March.
// None when the year is not in `table`.
std::vector<PublishedFigure> PublishedFigures(
    const study::NationalResult& result, const study::LaTable& table);

// The page; `table` gives the published figures of the run's year, when
// it holds them.
std::string NationalPage(const study::NationalResult& result,
                         const study::LaTable& table);

}  // namespace frontdoor::report

#endif  // FRONTDOOR_CLIENTS_REPORT_NATIONAL_REPORT_H_
