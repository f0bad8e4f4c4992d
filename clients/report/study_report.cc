// The forecast and back-test page.
#include "clients/report/study_report.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/report/html_report.h"
#include "clients/report/svg_chart.h"

namespace frontdoor::report {
namespace {

std::string ScoresTable(const std::vector<study::KpiScore>& scores) {
  std::string html =
      "<table><caption>Absolute percentage errors against the published "
      "figures, and the share of authorities inside their 95% interval"
      "</caption><tr><th scope=\"col\">KPI</th><th scope=\"col\">"
      "authorities</th><th scope=\"col\">model MAPE</th><th scope=\"col\">"
      "model median APE</th><th scope=\"col\">inside 95%</th>"
      "<th scope=\"col\">last year's figure, MAPE</th><th scope=\"col\">"
      "last year's figure, median APE</th><th scope=\"col\">England's "
      "figure, MAPE</th></tr>";
  for (const study::KpiScore& s : scores) {
    absl::StrAppendFormat(
        &html,
        "<tr><th scope=\"row\">%s</th><td>%d</td><td>%.1f%%</td>"
        "<td>%.1f%%</td><td>%.0f%%</td><td>%.1f%%</td><td>%.1f%%</td>"
        "<td>%.1f%%</td></tr>",
        Escape(s.kpi), s.authorities, s.model_mape, s.model_median_ape,
        100 * s.coverage, s.persistence_mape, s.persistence_median_ape,
        s.national_mape);
  }
  return html + "</table>";
}

std::string KpiTable(const StudyKpi& kpi, bool published) {
  std::string html = absl::StrCat(
      "<details><summary>The numbers</summary><table><caption>",
      Escape(kpi.kpi),
      "</caption><tr><th scope=\"col\">authority</th><th scope=\"col\">"
      "forecast</th><th scope=\"col\">95% low</th><th scope=\"col\">95% "
      "high</th>",
      published ? "<th scope=\"col\">published</th>" : "", "</tr>");
  for (const StudyPoint& p : kpi.points) {
    absl::StrAppend(&html, "<tr><th scope=\"row\">", Escape(p.la_name), " (",
                    Escape(p.la_code), ")</th><td>",
                    FormatValue(p.model.mean, kpi.share), "</td><td>",
                    FormatValue(p.model.lo95, kpi.share), "</td><td>",
                    FormatValue(p.model.hi95, kpi.share), "</td>");
    if (published) {
      absl::StrAppend(&html, "<td>",
                      p.published ? FormatValue(*p.published, kpi.share) : "",
                      "</td>");
    }
    absl::StrAppend(&html, "</tr>");
  }
  return html + "</table></details>";
}

std::string KpiFigure(const StudyKpi& kpi, int index) {
  bool published = false;
  for (const StudyPoint& p : kpi.points) published |= p.published.has_value();
  ChartFrame frame;
  frame.id = absl::StrCat("kpi-", index);
  frame.percent = kpi.share;
  std::string svg;
  if (published) {
    std::vector<ScatterPoint> points;
    for (const StudyPoint& p : kpi.points) {
      if (!p.published) continue;
      points.push_back(
          {p.la_name, *p.published, p.model.mean, p.model.lo95, p.model.hi95});
    }
    frame.title = absl::StrCat(kpi.kpi, ": forecast against published");
    frame.description = absl::StrFormat(
        "%d authorities, each a point at its published value across and its "
        "forecast up, with its 95%% interval as a vertical line; points on "
        "the dashed diagonal were forecast exactly.",
        points.size());
    svg = ScatterSvg(frame, "published", "forecast", points);
  } else {
    std::vector<std::string> names;
    Series series{"forecast", {}, {}, {}};
    for (const StudyPoint& p : kpi.points) {
      names.push_back(p.la_name);
      series.values.push_back(p.model.mean);
      series.low.push_back(p.model.lo95);
      series.high.push_back(p.model.hi95);
    }
    frame.title = absl::StrCat(kpi.kpi, ": forecast by authority");
    frame.description = absl::StrFormat(
        "%d authorities, each a bar at its forecast with its 95%% "
        "prediction interval as a whisker.",
        names.size());
    svg = BarChartSvg(frame, names, {series});
  }
  return absl::StrCat("<figure><figcaption>", Escape(frame.description),
                      "</figcaption>", svg, KpiTable(kpi, published),
                      "</figure>");
}

}  // namespace

std::string StudyReport(const std::string& title, const std::string& meta,
                        const std::vector<study::KpiScore>& scores,
                        const std::vector<StudyKpi>& kpis) {
  std::string html = absl::StrCat(PageStart(title), "<header><h1>",
                                  Escape(title), "</h1><p class=\"meta\">",
                                  Escape(meta), "</p></header><main>");
  if (!scores.empty()) {
    absl::StrAppend(&html, "<h2>Scores</h2>", ScoresTable(scores));
  }
  absl::StrAppend(&html, "<h2>By KPI</h2><section>");
  for (size_t i = 0; i < kpis.size(); ++i) {
    absl::StrAppend(&html, KpiFigure(kpis[i], static_cast<int>(i)));
  }
  return absl::StrCat(html, "</section></main>", PageEnd());
}

absl::Status WriteStudyReport(const std::string& file, const std::string& title,
                              const std::string& meta,
                              const std::vector<study::KpiScore>& scores,
                              const std::vector<StudyKpi>& kpis) {
  return WritePage(file, StudyReport(title, meta, scores, kpis));
}

}  // namespace frontdoor::report
