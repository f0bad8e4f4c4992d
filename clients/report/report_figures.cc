// The report's figures: charts with their text alternatives and the tables
// behind them, built from one or more runs' KPIs.
#include "clients/report/report_figures.h"

#include <cmath>
#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/report/svg_chart.h"
#include "clients/simulate/kpi_catalogue.h"
#include "clients/simulate/kpis.h"

namespace frontdoor::report {
namespace {
using Period = std::function<const v1::KpiSet*(const v1::RunKpis&)>;
}  // namespace

double ValueOf(const v1::KpiSet& k, const std::string& path) {
  const size_t dot = path.find('.');
  if (dot != std::string::npos) {
    const std::string map = path.substr(0, dot), key = path.substr(dot + 1);
    if (map == "outcomes") {
      const auto it = k.outcomes().find(key);
      return it == k.outcomes().end() ? 0 : it->second;
    }
    if (map == "referral_sources") {
      const auto it = k.referral_sources().find(key);
      return it == k.referral_sources().end() ? 0 : it->second;
    }
    // Shares and hours by RAG: no entry, no value (a rating never seen).
    const google::protobuf::Map<std::string, double>* by_rag =
        map == "decided_within_one_working_day_by_rag"
            ? &k.decided_within_one_working_day_by_rag()
        : map == "decision_hours_p50_by_rag" ? &k.decision_hours_p50_by_rag()
        : map == "decision_hours_p90_by_rag" ? &k.decision_hours_p90_by_rag()
                                             : nullptr;
    if (by_rag != nullptr) {
      const auto it = by_rag->find(key);
      return it == by_rag->end() ? NAN : it->second;
    }
    return NAN;
  }
  for (const auto& [name, value] : ScalarKpis(k)) {
    if (name == path) return value;
  }
  return NAN;
}

namespace {

// A KPI over a side's runs: the mean and, with replications, the 95%
// confidence interval of the mean.
struct Estimate {
  double mean = NAN;
  double low = NAN;
  double high = NAN;
};

Estimate Estimated(const ComparedSide& side, const Period& period,
                   const std::string& path) {
  std::vector<double> v;
  for (const v1::RunKpis& run : side.runs) {
    const v1::KpiSet* k = period(run);
    const double value = k == nullptr ? NAN : ValueOf(*k, path);
    if (!std::isnan(value)) v.push_back(value);
  }
  Estimate e;
  if (v.empty()) return e;
  e.mean = Mean(v);
  if (v.size() < 2) return e;
  const double half = StudentT95(static_cast<int>(v.size()) - 1) *
                      std::sqrt(SampleVariance(v) / v.size());
  e.low = std::max(0.0, e.mean - half);
  e.high = e.mean + half;
  return e;
}

const v1::KpiSet* Overall(const v1::RunKpis& run) { return &run.overall(); }

}  // namespace

std::string AxisTitle(const std::vector<Measure>& measures) {
  const std::string& path = measures[0].path;
  if (measures[0].percent) return "% (share)";
  if (absl::StartsWith(path, "outcomes.")) return "contacts";
  if (absl::StartsWith(path, "referral_sources.")) return "referrals";
  if (absl::StrContains(path, "hours")) return "hours";
  const KpiInfo info = KpiInfoOf(path);
  const absl::string_view unit = UnitText(info.unit);
  return unit.empty() ? "number" : std::string(unit);
}

namespace {

Period Month(int i) {
  return [i](const v1::RunKpis& run) -> const v1::KpiSet* {
    return i < run.months_size() ? &run.months(i) : nullptr;
  };
}
}  // namespace

bool Replicated(const ComparedSide& side) { return side.runs.size() > 1; }

std::string SideName(const ComparedSide& side) {
  return Replicated(side)
             ? absl::StrCat(side.name, " (mean of ", side.runs.size(), ")")
             : side.name;
}

std::string Figure(const std::string& title,
                   const std::vector<std::string>& charts,
                   const std::string& alternative, const std::string& table) {
  return absl::StrCat(
      charts.size() > 1 ? "<figure class=\"wide\"><h3>" : "<figure><h3>",
      Escape(title), "</h3><div class=\"charts\">", absl::StrJoin(charts, ""),
      "</div><figcaption>", Escape(alternative),
      "</figcaption><details><summary>The numbers</summary>", table,
      "</details></figure>");
}

namespace {

// A series per side of `measure` over `categories` (overall measures), for
// a bar chart.
std::vector<Series> BarsBySide(const std::vector<ComparedSide>& sides,
                               const std::vector<Measure>& measures) {
  std::vector<Series> out;
  for (const ComparedSide& side : sides) {
    Series s{SideName(side), {}, {}, {}};
    for (const Measure& m : measures) {
      const Estimate e = Estimated(side, Overall, m.path);
      s.values.push_back(e.mean);
      s.low.push_back(e.low);
      s.high.push_back(e.high);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::string Cell(double value, bool percent, const std::string& path,
                 const std::string& run) {
  return path.empty()
             ? absl::StrCat("<td>", FormatValue(value, percent), "</td>")
             : absl::StrCat("<td data-run=\"", Escape(run), "\" data-path=\"",
                            Escape(path), "\">", FormatValue(value, percent),
                            "</td>");
}

namespace {

std::string Difference(double a, double b, bool percent) {
  if (std::isnan(a) || std::isnan(b)) return "<td>-</td>";
  if (percent) {
    return absl::StrFormat("<td>%+.1f pp</td>", 100 * (b - a));
  }
  return absl::StrCat("<td>", b - a > 0 ? "+" : "", FormatValue(b - a, false),
                      "</td>");
}

// The table behind an overall chart: a row per measure, a column per side
// (with its interval when replicated) and B - A for each side after the
// first. A single run's cells name their place in kpis.json.
std::string OverallTable(const std::string& caption,
                         const std::vector<ComparedSide>& sides,
                         const std::vector<Measure>& measures) {
  std::string out = absl::StrCat("<table><caption>", Escape(caption),
                                 "</caption><thead><tr><th scope=\"col\">"
                                 "Measure</th>");
  for (const ComparedSide& side : sides) {
    absl::StrAppend(&out, "<th scope=\"col\">", Escape(SideName(side)),
                    "</th>");
    if (Replicated(side)) {
      absl::StrAppend(&out, "<th scope=\"col\">95% interval</th>");
    }
  }
  for (size_t i = 1; i < sides.size(); ++i) {
    absl::StrAppend(&out, "<th scope=\"col\">", Escape(sides[i].name),
                    " \u2212 ", Escape(sides[0].name), "</th>");
  }
  absl::StrAppend(&out, "</tr></thead><tbody>");
  for (const Measure& m : measures) {
    absl::StrAppend(&out, "<tr><th scope=\"row\">", Escape(m.label), "</th>");
    std::vector<double> means;
    for (const ComparedSide& side : sides) {
      const Estimate e = Estimated(side, Overall, m.path);
      means.push_back(e.mean);
      absl::StrAppend(&out, Cell(e.mean, m.percent,
                                 Replicated(side) ? "" : "overall." + m.path,
                                 side.runs[0].run_id()));
      if (Replicated(side)) {
        absl::StrAppend(&out, "<td>", FormatValue(e.low, m.percent), " to ",
                        FormatValue(e.high, m.percent), "</td>");
      }
    }
    for (size_t i = 1; i < sides.size(); ++i) {
      absl::StrAppend(&out, Difference(means[0], means[i], m.percent));
    }
    absl::StrAppend(&out, "</tr>");
  }
  return out + "</tbody></table>";
}

// The table behind a monthly chart: a row per month, a column per side and
// measure.
std::string MonthlyTable(const std::string& caption,
                         const std::vector<ComparedSide>& sides,
                         const std::vector<Measure>& measures) {
  std::string out = absl::StrCat("<table><caption>", Escape(caption),
                                 "</caption><thead><tr><th scope=\"col\">"
                                 "Month</th>");
  for (const ComparedSide& side : sides) {
    for (const Measure& m : measures) {
      absl::StrAppend(
          &out, "<th scope=\"col\">",
          Escape(sides.size() > 1 ? absl::StrCat(m.label, ", ", SideName(side))
                                  : m.label),
          "</th>");
    }
  }
  absl::StrAppend(&out, "</tr></thead><tbody>");
  const v1::RunKpis& first = sides[0].runs[0];
  for (int i = 0; i < first.months_size(); ++i) {
    absl::StrAppend(&out, "<tr><th scope=\"row\">",
                    Escape(first.months(i).period()), "</th>");
    for (const ComparedSide& side : sides) {
      for (const Measure& m : measures) {
        const Estimate e = Estimated(side, Month(i), m.path);
        absl::StrAppend(&out, Cell(e.mean, m.percent,
                                   Replicated(side) ? ""
                                                    : absl::StrCat("months.", i,
                                                                   ".", m.path),
                                   side.runs[0].run_id()));
      }
    }
    absl::StrAppend(&out, "</tr>");
  }
  return out + "</tbody></table>";
}

std::string Words(const std::vector<Series>& series,
                  const std::vector<Measure>& measures) {
  std::vector<std::string> parts;
  for (const Series& s : series) {
    std::vector<std::string> values;
    for (size_t i = 0; i < measures.size() && i < s.values.size(); ++i) {
      values.push_back(
          absl::StrCat(measures[i].label, " ",
                       FormatValue(s.values[i], measures[i].percent)));
    }
    parts.push_back(absl::StrCat(s.name.empty() ? "" : s.name + ": ",
                                 absl::StrJoin(values, ", ")));
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace
// Bars of overall measures, every side in one chart.
std::string OverallFigure(const std::string& id, const std::string& title,
                          const std::vector<ComparedSide>& sides,
                          const std::vector<Measure>& measures) {
  const bool percent = measures[0].percent;
  std::vector<std::string> categories;
  for (const Measure& m : measures) categories.push_back(m.label);
  const std::vector<Series> series = BarsBySide(sides, measures);
  const std::string words =
      absl::StrCat(title, ". ", Words(series, measures), ".");
  ChartFrame frame{id, title, words, percent};
  frame.value_axis = AxisTitle(measures);
  return Figure(title, {BarChartSvg(frame, categories, series)}, words,
                OverallTable(title, sides, measures));
}

// Monthly lines: one chart per side (same scale), a line per measure, each
// with its band when the side is replicated.
std::string MonthlyFigure(const std::string& id, const std::string& title,
                          const std::vector<ComparedSide>& sides,
                          const std::vector<Measure>& measures) {
  const bool percent = measures[0].percent;
  std::vector<std::string> months;
  for (const v1::KpiSet& m : sides[0].runs[0].months()) {
    months.push_back(m.period());
  }
  std::vector<std::vector<Series>> per_side;
  double top = 0;
  for (const ComparedSide& side : sides) {
    std::vector<Series> lines;
    for (const Measure& m : measures) {
      Series s{m.label, {}, {}, {}};
      for (size_t i = 0; i < months.size(); ++i) {
        const Estimate e = Estimated(side, Month(static_cast<int>(i)), m.path);
        s.values.push_back(e.mean);
        if (Replicated(side)) {
          s.low.push_back(std::isnan(e.low) ? e.mean : e.low);
          s.high.push_back(std::isnan(e.high) ? e.mean : e.high);
        }
      }
      lines.push_back(std::move(s));
    }
    top = std::max(top, MaxOf(lines));
    per_side.push_back(std::move(lines));
  }
  std::vector<std::string> charts;
  std::vector<std::string> words;
  for (size_t i = 0; i < sides.size(); ++i) {
    std::vector<std::string> ends;
    for (const Series& s : per_side[i]) {
      ends.push_back(absl::StrCat(
          s.name, " from ", FormatValue(s.values.front(), percent), " in ",
          months.front(), " to ", FormatValue(s.values.back(), percent), " in ",
          months.back()));
    }
    const std::string said =
        absl::StrCat(SideName(sides[i]), ": ", absl::StrJoin(ends, "; "));
    words.push_back(said);
    // One scale for every side: the largest value any of them holds.
    ChartFrame frame{absl::StrCat(id, "-", i),
                     absl::StrCat(title, ", ", SideName(sides[i])), said,
                     percent, top};
    if (sides.size() > 1) frame.panel = SideName(sides[i]);
    frame.value_axis = AxisTitle(measures);
    frame.x_axis = "month";
    charts.push_back(LineChartSvg(frame, months, per_side[i]));
  }
  const std::string alternative =
      absl::StrCat(title, " by month. ", absl::StrJoin(words, ". "),
                   Replicated(sides[0]) ? ". Bands: 95% intervals." : ".");
  return Figure(title, charts, alternative,
                MonthlyTable(title, sides, measures));
}

}  // namespace frontdoor::report
