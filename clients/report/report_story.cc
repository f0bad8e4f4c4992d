// The report's sections on where referrals come from, how long the MASH
// queue and early help keep children waiting, and how long decisions take.
#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/report/report_figures.h"
#include "clients/report/svg_chart.h"
#include "clients/simulate/kpis.h"

namespace frontdoor::report {

std::string SourcesSection(const std::vector<ComparedSide>& sides) {
  // Every source group any side saw, by code, in words.
  std::map<std::string, std::string> sources;
  for (const ComparedSide& side : sides) {
    for (const v1::RunKpis& run : side.runs) {
      for (const auto& [code, n] : run.overall().referral_sources()) {
        const auto label = run.labels().find(code);
        sources[code] = label == run.labels().end() ? code : label->second;
      }
    }
  }
  std::vector<Measure> measures;
  for (const auto& [code, label] : sources) {
    measures.push_back({label, "referral_sources." + code});
  }
  if (measures.empty()) return "";
  return Section(
      "sources", "Where referrals come from",
      "Referrals by the source group of the contact (DfE's CIN "
      "census groups).",
      OverallFigure("sources-chart", "Referrals by source", sides, measures));
}

std::string QueueSection(const std::vector<ComparedSide>& sides) {
  return Section(
      "queue", "The MASH queue",
      "MASH contacts received and not yet decided at each month's end, and "
      "how long the oldest of them had waited.",
      absl::StrCat(
          MonthlyFigure("queue-chart", "MASH contacts waiting at month end",
                        sides, {{"waiting", "mash_waiting_at_end"}}),
          MonthlyFigure("oldest-wait-chart", "Oldest MASH wait at month end",
                        sides,
                        {{"oldest wait", "oldest_waiting_hours_at_end"}})));
}

std::string EarlyHelpSection(const std::vector<ComparedSide>& sides) {
  return Section(
      "early-help", "Waiting for early help",
      "Children waiting for an early-help worker at each month's end, and "
      "the days those allocated in the month had waited.",
      absl::StrCat(
          MonthlyFigure("early-help-waiting-chart",
                        "Children waiting for an early-help worker", sides,
                        {{"waiting", "early_help_waiting_at_end"}}),
          MonthlyFigure("early-help-wait-chart", "Early-help wait", sides,
                        {{"mean wait", "early_help_wait_days"}})));
}

std::string WorkforceFigure(const std::vector<ComparedSide>& sides) {
  return MonthlyFigure("agency-vacancy-chart",
                       "Agency social workers and vacant posts", sides,
                       {{"agency workers", "agency_share", true},
                        {"vacant posts", "vacancy_rate", true}});
}

std::string DecisionHistogramFigure(const std::vector<ComparedSide>& sides) {
  std::vector<std::string> bins;
  for (int i = 0; i < kDecisionHoursBins; ++i) {
    bins.push_back(i + 1 == kDecisionHoursBins
                       ? absl::StrCat(i * kDecisionHoursBin, "- hours")
                       : absl::StrCat(i * kDecisionHoursBin, "-",
                                      (i + 1) * kDecisionHoursBin, " hours"));
  }
  // Each side's decisions per bin as a share of its decisions, pooled over
  // its runs, so that sides of any volume compare.
  std::vector<std::vector<double>> shares;
  double max = 0;
  for (const ComparedSide& side : sides) {
    std::vector<double> counts(kDecisionHoursBins, 0);
    double total = 0;
    for (const v1::RunKpis& run : side.runs) {
      const auto& histogram = run.overall().decision_hours_histogram();
      for (int i = 0; i < histogram.size() && i < kDecisionHoursBins; ++i) {
        counts[i] += histogram[i];
        total += histogram[i];
      }
    }
    for (double& c : counts) c = total > 0 ? c / total : 0;
    max = std::max(max, *std::max_element(counts.begin(), counts.end()));
    shares.push_back(std::move(counts));
  }
  std::vector<std::string> charts, words;
  std::string table =
      "<table><caption>MASH decisions by hours from contact to "
      "decision</caption><thead><tr><th scope=\"col\">Hours</th>";
  for (const ComparedSide& side : sides) {
    absl::StrAppend(&table, "<th scope=\"col\">", Escape(SideName(side)),
                    "</th>");
  }
  absl::StrAppend(&table, "</tr></thead><tbody>");
  for (int i = 0; i < kDecisionHoursBins; ++i) {
    absl::StrAppend(&table, "<tr><th scope=\"row\">", Escape(bins[i]), "</th>");
    for (const std::vector<double>& s : shares) {
      absl::StrAppend(&table, "<td>", FormatValue(s[i], true), "</td>");
    }
    absl::StrAppend(&table, "</tr>");
  }
  absl::StrAppend(&table, "</tbody></table>");
  for (size_t s = 0; s < sides.size(); ++s) {
    double within_day = 0;
    for (int i = 0; i < 24 / kDecisionHoursBin; ++i) within_day += shares[s][i];
    const std::string said = absl::StrFormat(
        "%s: %s of MASH decisions within 24 hours of the contact",
        SideName(sides[s]), FormatValue(within_day, true));
    words.push_back(said);
    ChartFrame frame{
        absl::StrCat("decision-histogram-", s),
        absl::StrCat("Hours from contact to decision, ", SideName(sides[s])),
        said, true, max};
    if (sides.size() > 1) frame.panel = SideName(sides[s]);
    frame.value_axis = "% of MASH decisions";
    frame.x_axis = "hours from contact to decision";
    charts.push_back(HistogramSvg(frame, bins, shares[s]));
  }
  return Figure("How long decisions take", charts,
                absl::StrCat("MASH decisions by hours from contact to "
                             "decision, in ",
                             kDecisionHoursBin, "-hour bins. ",
                             absl::StrJoin(words, ". "), "."),
                table);
}

}  // namespace frontdoor::report
