// The report's weekly control charts: each side's whole weeks of one KPI
// on one scale, with the XmR centre line, limits and flagged weeks.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/report/report_figures.h"
#include "clients/report/svg_chart.h"
#include "clients/simulate/kpi_catalogue.h"
#include "clients/simulate/kpis.h"

namespace frontdoor::report {

namespace {

// A run's whole weeks of one KPI, and which of them its chart flagged.
struct WholeWeeks {
  std::vector<std::string> weeks;
  std::vector<int> week_index;  // in RunKpis.weeks
  Series line{"", {}, {}, {}};
  std::vector<bool> flagged;
  int flags = 0;
};

WholeWeeks WholeWeeksOf(const v1::RunKpis& run, const v1::ControlChart& chart,
                        const std::string& kpi) {
  WholeWeeks w;
  for (int i = 0; i < run.weeks_size(); ++i) {
    const v1::KpiSet& week = run.weeks(i);
    if (week.partial()) continue;
    w.weeks.push_back(week.period());
    w.week_index.push_back(i);
    w.line.values.push_back(ValueOf(week, kpi));
    bool out = false;
    for (const v1::FlaggedWeek& f : chart.flagged()) {
      out = out || f.week() == week.period();
    }
    w.flagged.push_back(out);
    w.flags += out;
  }
  return w;
}

// The table behind a control chart: the limits, then each week with its
// flag, each cell naming its place in kpis.json.
std::string ControlTable(const v1::RunKpis& run, const v1::ControlChart& chart,
                         int chart_at, const std::string& name,
                         const WholeWeeks& w, bool percent) {
  const std::string base = absl::StrCat("control_charts.", chart_at, ".");
  const std::string& id = run.run_id();
  std::string table = absl::StrCat(
      "<table><caption>",
      Escape(absl::StrCat(KpiInfoOf(chart.kpi()).label, " by week, ", name)),
      "</caption><thead><tr><th scope=\"col\">Week (Monday)</th>"
      "<th scope=\"col\">Value</th><th scope=\"col\">Outside the limits"
      "</th></tr></thead><tbody><tr><th scope=\"row\">centre</th>",
      Cell(chart.centre(), percent, base + "centre", id),
      "<td></td></tr><tr><th scope=\"row\">lower limit</th>",
      Cell(chart.lower_limit(), percent, base + "lower_limit", id),
      "<td></td></tr><tr><th scope=\"row\">upper limit</th>",
      Cell(chart.upper_limit(), percent, base + "upper_limit", id),
      "<td></td></tr>");
  for (size_t i = 0; i < w.weeks.size(); ++i) {
    absl::StrAppend(
        &table, "<tr><th scope=\"row\">", w.weeks[i], "</th>",
        Cell(w.line.values[i], percent,
             absl::StrCat("weeks.", w.week_index[i], ".", chart.kpi()), id),
        "<td>", w.flagged[i] ? "yes" : "", "</td></tr>");
  }
  return table + "</tbody></table>";
}

}  // namespace

// The XmR chart of one weekly KPI of a side's first run: the whole weeks,
// the centre line and limits, and the weeks outside them.
std::string ControlFigure(const std::vector<ComparedSide>& sides,
                          size_t chart_index) {
  std::vector<std::string> charts, words;
  std::string table;
  const v1::ControlChart& first_chart =
      sides[0].runs[0].control_charts(static_cast<int>(chart_index));
  const std::string kpi = first_chart.kpi();
  const bool percent = IsShareKpi(kpi);
  const std::string label(KpiInfoOf(kpi).label);
  // One scale for every side: the largest week or limit of any of them.
  double max = 0;
  for (const ComparedSide& side : sides) {
    const v1::RunKpis& run = side.runs[0];
    for (const v1::ControlChart& c : run.control_charts()) {
      if (c.kpi() != kpi) continue;
      max = std::max({max, c.upper_limit(), c.centre(),
                      MaxOf({WholeWeeksOf(run, c, kpi).line})});
    }
  }
  for (size_t s = 0; s < sides.size(); ++s) {
    const v1::RunKpis& run = sides[s].runs[0];
    const v1::ControlChart* chart = nullptr;
    int chart_at = 0;
    for (int c = 0; c < run.control_charts_size(); ++c) {
      if (run.control_charts(c).kpi() == kpi) {
        chart = &run.control_charts(c);
        chart_at = c;
      }
    }
    if (chart == nullptr) continue;
    const WholeWeeks w = WholeWeeksOf(run, *chart, kpi);
    const std::string name =
        Replicated(sides[s]) ? run.run_id() : sides[s].name;
    const std::string said = absl::StrFormat(
        "%s: %d whole weeks, centre %s, limits %s to %s; %d week%s outside "
        "them",
        name, w.weeks.size(), FormatValue(chart->centre(), percent),
        FormatValue(chart->lower_limit(), percent),
        FormatValue(chart->upper_limit(), percent), w.flags,
        w.flags == 1 ? "" : "s");
    words.push_back(said);
    ChartFrame frame{absl::StrCat("weekly-", kpi, "-", s),
                     absl::StrCat(label, " by week, ", name), said, percent,
                     max};
    if (sides.size() > 1) frame.panel = name;
    frame.value_axis = AxisTitle({{label, kpi, percent}});
    frame.x_axis = "week starting (Monday)";
    charts.push_back(LineChartSvg(frame, w.weeks, {w.line},
                                  {{"upper", chart->upper_limit()},
                                   {"centre", chart->centre()},
                                   {"lower", chart->lower_limit()}},
                                  w.flagged));
    absl::StrAppend(&table,
                    ControlTable(run, *chart, chart_at, name, w, percent));
  }
  return Figure(absl::StrCat(label, " by week"), charts,
                absl::StrCat(label,
                             " by week with XmR control limits (triangles: "
                             "weeks outside them). ",
                             absl::StrJoin(words, ". "), "."),
                table);
}

}  // namespace frontdoor::report
