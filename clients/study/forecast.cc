// Forecast KPIs, intervals and back-test scores.
#include "clients/study/forecast.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_format.h"
#include "clients/simulate/kpis.h"

namespace frontdoor::study {
namespace {

std::optional<double> PerTenThousand(const LaYear& row,
                                     absl::string_view column) {
  const std::optional<double> count = row.Get(column);
  const std::optional<double> children = row.Get("population_0_17");
  if (!count.has_value() || !children.has_value() || *children <= 0) {
    return std::nullopt;
  }
  return *count * 1e4 / *children;
}

std::optional<double> Share(const LaYear& row, absl::string_view percent) {
  const std::optional<double> p = row.Get(percent);
  if (!p.has_value()) return std::nullopt;
  return *p / 100.0;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

const std::vector<ForecastKpi>& ForecastKpis() {
  static const std::vector<ForecastKpi>* kpis = new std::vector<ForecastKpi>{
      {"referrals_per_10k",
       [](const v1::RunKpis& k) { return k.overall().referrals_per_10k(); },
       [](const LaYear& r) { return PerTenThousand(r, "referrals"); }},
      {"re_referral_share",
       [](const v1::RunKpis& k) { return k.overall().re_referral_share(); },
       [](const LaYear& r) { return Share(r, "rereferral_pct"); }, true},
      {"referral_nfa_share",
       [](const v1::RunKpis& k) { return k.overall().referral_nfa_share(); },
       [](const LaYear& r) { return Share(r, "nfa_pct"); }, true},
      {"assessed_not_in_need_share",
       [](const v1::RunKpis& k) {
         return k.overall().assessed_not_in_need_share();
       },
       [](const LaYear& r) { return Share(r, "not_in_need_pct"); }, true},
      {"cin_per_10k_at_end",
       [](const v1::RunKpis& k) { return k.overall().cin_per_10k_at_end(); },
       [](const LaYear& r) { return PerTenThousand(r, "cin_at_31mar"); }},
      {"cp_per_10k_at_end",
       [](const v1::RunKpis& k) { return k.overall().cp_per_10k_at_end(); },
       [](const LaYear& r) { return PerTenThousand(r, "cpp_at_31mar"); }},
      {"cla_per_10k_at_end",
       [](const v1::RunKpis& k) { return k.overall().cla_per_10k_at_end(); },
       [](const LaYear& r) { return PerTenThousand(r, "cla_at_31mar"); }},
  };
  return *kpis;
}

double YearOnYearSpread(const LaTable& table, const ForecastKpi& kpi,
                        const std::string& last_year) {
  double sum = 0, sum_sq = 0;
  int n = 0;
  for (const std::string& code : table.Authorities()) {
    for (std::string year = last_year;; year = *PreviousYear(year)) {
      const absl::StatusOr<std::string> before = PreviousYear(year);
      if (!before.ok()) break;
      const LaYear* now = table.Find(code, year);
      const LaYear* then = table.Find(code, *before);
      if (now == nullptr || then == nullptr) break;
      const std::optional<double> a = kpi.published(*then);
      const std::optional<double> b = kpi.published(*now);
      if (!a.has_value() || !b.has_value() || *a <= 0 || *b <= 0) continue;
      const double change = std::log(*b / *a);
      sum += change;
      sum_sq += change * change;
      ++n;
    }
  }
  if (n < 2) return 0;
  const double mean = sum / n;
  return std::sqrt(std::max(0.0, (sum_sq - n * mean * mean) / (n - 1)));
}

Prediction Predict(const std::vector<double>& replications, double yoy_spread,
                   bool share) {
  Prediction p;
  if (replications.empty()) return p;
  p.mean = Mean(replications);
  const int n = static_cast<int>(replications.size());
  // Replication noise of one more run, as a share of the mean, joined on
  // the log scale with the year-on-year spread.
  double noise = 0;
  if (n > 1 && p.mean > 0) {
    noise = std::sqrt(SampleVariance(replications) * (1 + 1.0 / n)) / p.mean;
  }
  const double sigma = std::sqrt(noise * noise + yoy_spread * yoy_spread);
  p.lo95 = p.mean * std::exp(-1.96 * sigma);
  p.hi95 = p.mean * std::exp(1.96 * sigma);
  if (share) p.hi95 = std::min(1.0, p.hi95);
  return p;
}

std::vector<KpiScore> Score(const std::vector<ScoredForecast>& forecasts) {
  std::vector<KpiScore> scores;
  for (const ForecastKpi& kpi : ForecastKpis()) {
    std::vector<double> model, persistence, national;
    int inside = 0, count = 0;
    for (const ScoredForecast& f : forecasts) {
      if (f.kpi != kpi.name) continue;
      ++count;
      if (f.published >= f.model.lo95 && f.published <= f.model.hi95) {
        ++inside;
      }
      if (f.published == 0) continue;
      const auto ape = [&](double predicted) {
        return 100 * std::abs(predicted - f.published) / f.published;
      };
      model.push_back(ape(f.model.mean));
      persistence.push_back(ape(f.persistence));
      national.push_back(ape(f.national));
    }
    if (count == 0) continue;
    KpiScore s;
    s.kpi = kpi.name;
    s.authorities = count;
    s.coverage = static_cast<double>(inside) / count;
    if (!model.empty()) {
      s.model_mape = Mean(model);
      s.model_median_ape = Median(model);
      s.persistence_mape = Mean(persistence);
      s.persistence_median_ape = Median(persistence);
      s.national_mape = Mean(national);
    }
    scores.push_back(s);
  }
  return scores;
}

std::string ScoresText(const std::vector<KpiScore>& scores) {
  std::string text =
      absl::StrFormat("%-28s %4s | %-25s %8s | %-17s | %s\n", "", "", "model",
                      "", "last year's figure", "England's");
  absl::StrAppendFormat(&text, "%-28s %4s | %7s %8s %8s | %7s %8s | %7s\n",
                        "kpi", "LAs", "MAPE %", "median %", "in 95%", "MAPE %",
                        "median %", "MAPE %");
  for (const KpiScore& s : scores) {
    absl::StrAppendFormat(
        &text, "%-28s %4d | %7.1f %8.1f %7.0f%% | %7.1f %8.1f | %7.1f\n", s.kpi,
        s.authorities, s.model_mape, s.model_median_ape, 100 * s.coverage,
        s.persistence_mape, s.persistence_median_ape, s.national_mape);
  }
  return text;
}

}  // namespace frontdoor::study
