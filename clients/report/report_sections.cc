// The report's sections: a heading and a sentence over figures, the
// changed-outcome matrix and every KPI compared.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/report/report_figures.h"
#include "clients/report/svg_chart.h"
#include "clients/simulate/compare.h"
#include "clients/simulate/kpi_catalogue.h"

namespace frontdoor::report {

std::string Section(const std::string& id, const std::string& heading,
                    const std::string& intro, const std::string& body) {
  return absl::StrCat("<section id=\"", id, "\"><h2>", Escape(heading),
                      "</h2><p>", Escape(intro), "</p>", body, "</section>");
}

std::string MatrixSection(const OutcomeMatrix& m) {
  double total = 0, changed = 0;
  for (size_t r = 0; r < m.counts.size(); ++r) {
    for (size_t c = 0; c < m.counts[r].size(); ++c) {
      total += m.counts[r][c];
      if (r != c) changed += m.counts[r][c];
    }
  }
  const std::string words = absl::StrFormat(
      "%s of %s contacts changed outcome (%s); the diagonal, outlined, holds "
      "those that did not.",
      FormatValue(changed, false), FormatValue(total, false),
      FormatValue(total > 0 ? changed / total : 0, true));
  std::string table = absl::StrCat(
      "<table><caption>Contacts by outcome, ", Escape(m.row_axis), " by ",
      Escape(m.column_axis), "</caption><thead><tr><th scope=\"col\">",
      Escape(m.row_axis), " \\ ", Escape(m.column_axis), "</th>");
  for (const std::string& l : m.labels) {
    absl::StrAppend(&table, "<th scope=\"col\">", Escape(l), "</th>");
  }
  absl::StrAppend(&table, "</tr></thead><tbody>");
  for (size_t r = 0; r < m.labels.size(); ++r) {
    absl::StrAppend(&table, "<tr><th scope=\"row\">", Escape(m.labels[r]),
                    "</th>");
    for (size_t c = 0; c < m.labels.size(); ++c) {
      absl::StrAppend(&table, "<td>", FormatValue(m.counts[r][c], false),
                      "</td>");
    }
    absl::StrAppend(&table, "</tr>");
  }
  absl::StrAppend(&table, "</tbody></table>");
  return Section(
      "matrix", "Changed outcomes",
      absl::StrCat("Each contact's outcome under ", m.row_axis,
                   " (rows) against ", m.column_axis,
                   " (columns): off the diagonal, the contacts the change "
                   "moves."),
      Figure("Changed-outcome matrix",
             {HeatMapSvg({"matrix-heat", "Changed-outcome matrix", words},
                         m.labels, m.short_labels, m.counts, m.row_axis,
                         m.column_axis)},
             words, table));
}

// What each side changes against the first: its headline in words, from
// the KPIs whose interval leaves out 0.
std::string HeadlineSection(const std::vector<ComparedSide>& sides) {
  std::string body;
  for (size_t i = 1; i < sides.size(); ++i) {
    const v1::Comparison c = Compare(sides[0], sides[i]);
    absl::StrAppend(&body, "<div class=\"headline\"><h3>",
                    Escape(sides[i].name), " against ", Escape(sides[0].name),
                    "</h3>");
    if (c.interval_method() == "none") {
      absl::StrAppend(&body,
                      "<p>No intervals: each side needs replications "
                      "(<code>--replications=N</code>) to say what changed "
                      "beyond chance.</p></div>");
      continue;
    }
    const std::vector<std::string> lines = Headline(c, 5);
    if (lines.empty()) {
      absl::StrAppend(&body,
                      "<p>No KPI changed beyond its 95% interval.</p></div>");
      continue;
    }
    absl::StrAppend(&body, "<ul>");
    for (const std::string& line : lines) {
      absl::StrAppend(&body, "<li>", Escape(line), "</li>");
    }
    absl::StrAppend(&body, "</ul></div>");
  }
  return Section("headline", "What the change does",
                 "The KPIs that moved beyond their 95% interval, largest "
                 "change first.",
                 body);
}

// The whole comparison, with intervals, when there are two sides or more.
std::string ComparisonSection(const std::vector<ComparedSide>& sides) {
  std::string body;
  for (size_t i = 1; i < sides.size(); ++i) {
    const v1::Comparison c = Compare(sides[0], sides[i]);
    absl::StrAppend(
        &body, "<table><caption>", Escape(sides[i].name), " against ",
        Escape(sides[0].name), " (intervals: ",
        c.interval_method() == "none" ? "need replications on both sides"
                                      : c.interval_method(),
        ")</caption><thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">",
        Escape(sides[0].name), "</th><th scope=\"col\">", Escape(sides[i].name),
        "</th><th scope=\"col\">Difference</th><th scope=\"col\">95% "
        "interval</th></tr></thead><tbody>");
    for (const v1::ComparedKpi& k : c.kpis()) {
      const KpiInfo info = KpiInfoOf(k.name());
      const bool changed = IntervalLeavesOutZero(k);
      absl::StrAppend(
          &body, "<tr", changed ? " class=\"changed\"" : "",
          "><th scope=\"row\">", Escape(LabelWithUnit(info)), "</th><td>",
          FormatKpi(info.unit, k.a()), "</td><td>", FormatKpi(info.unit, k.b()),
          "</td><td>", FormatKpiDifference(info.unit, k.difference()),
          "</td><td>",
          k.has_interval()
              ? absl::StrCat(
                    FormatKpiDifference(info.unit, k.difference_low()), " to ",
                    FormatKpiDifference(info.unit, k.difference_high()),
                    changed ? " (leaves out 0)" : "")
              : "",
          "</td></tr>");
    }
    absl::StrAppend(&body, "</tbody></table>");
  }
  return Section("differences", "Every KPI, compared",
                 "B minus A for each KPI, in its own unit; shares in "
                 "percentage points (pp).",
                 body);
}

}  // namespace frontdoor::report
