// Forecasts of published KPIs for authorities, their 95% prediction
// intervals, and the scores of a back-test against what was published.
// Plain arithmetic on KPIs and the table: no services, no files.
#ifndef FRONTDOOR_CLIENTS_STUDY_FORECAST_H_
#define FRONTDOOR_CLIENTS_STUDY_FORECAST_H_

#include <optional>
#include <string>
#include <vector>

#include "clients/study/la_table.h"
#include "frontdoor/v1/reports.pb.h"

namespace frontdoor::study {

// A KPI that the model predicts and DfE publishes per authority.
struct ForecastKpi {
  std::string name;  // "referrals_per_10k", as RunKpis names it
  // The model's value in one run.
  double (*model)(const v1::RunKpis&);
  // The published value in a year's row, if published.
  std::optional<double> (*published)(const LaYear&);
  // A share: its interval stops at 1.
  bool share = false;
};

// The KPIs forecast and scored, in the order they are printed.
const std::vector<ForecastKpi>& ForecastKpis();

// The spread of year-on-year change of a KPI across authorities: the
// standard deviation of log(this year / last year) over every authority
// and every pair of consecutive years up to and including `last_year`.
double YearOnYearSpread(const LaTable& table, const ForecastKpi& kpi,
                        const std::string& last_year);

// One forecast with its 95% prediction interval.
struct Prediction {
  double mean = 0;
  double lo95 = 0;
  double hi95 = 0;
};

// The mean of the replications' values, with an interval that holds both
// what another run could give (replication noise) and what a year can
// change that the inputs do not know (`yoy_spread`, on the log scale).
// A share's interval stops at 1.
Prediction Predict(const std::vector<double>& replications, double yoy_spread,
                   bool share);

// One authority's forecast of one KPI beside what was then published and
// the two baselines.
struct ScoredForecast {
  std::string la_code;
  std::string kpi;
  Prediction model;
  double published = 0;
  double persistence = 0;  // the authority's own figure of the year before
  double national = 0;     // England's figure of the year before
};

// A KPI's scores over the authorities.
struct KpiScore {
  std::string kpi;
  int authorities = 0;
  double model_mape = 0;  // mean absolute percentage error, in percent
  double model_median_ape = 0;
  double coverage = 0;  // share of published values inside the interval
  double persistence_mape = 0;
  double persistence_median_ape = 0;
  double national_mape = 0;
};

// Scores each KPI; a published value of zero has no percentage error and
// is left out of the errors (not of the coverage).
std::vector<KpiScore> Score(const std::vector<ScoredForecast>& forecasts);

// The scores as a table for the terminal.
std::string ScoresText(const std::vector<KpiScore>& scores);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_FORECAST_H_
