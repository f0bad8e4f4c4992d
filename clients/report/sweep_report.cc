// The sweep page.
#include "clients/report/sweep_report.h"

#include <cmath>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/report/html_report.h"
#include "clients/report/svg_chart.h"
#include "clients/simulate/kpis.h"

namespace frontdoor::report {
namespace {

// A share is drawn and written as a percentage, as `compare` writes it.
bool IsShare(const std::string& kpi) {
  return IsShareKpi(kpi) && kpi != "screening_kappa";
}

const v1::ReplicatedKpi* Find(const v1::ReplicationReport& report,
                              const std::string& kpi) {
  for (const v1::ReplicatedKpi& k : report.kpis()) {
    if (k.name() == kpi) return &k;
  }
  return nullptr;
}

// The value part of a "FIELD=VALUE" setting.
std::string ValueOf(const std::string& setting) {
  return setting.substr(setting.find('=') + 1);
}

// One chart: `kpi` against axis `a`, a line per setting of the others.
std::string Figure(const SweepResult& sweep, const std::string& kpi, size_t a,
                   int index) {
  const study::SweepAxis& axis = sweep.axes[a];
  const bool share = IsShare(kpi);
  // Lines by the other axes' settings, in the order the points come.
  std::vector<std::string> line_names;
  std::map<std::string, Series> lines;
  const double none = std::numeric_limits<double>::quiet_NaN();
  for (size_t p = 0; p < sweep.points.size() && p < sweep.reports.size(); ++p) {
    std::vector<std::string> others;
    for (size_t o = 0; o < sweep.points[p].size(); ++o) {
      if (o != a) others.push_back(sweep.points[p][o]);
    }
    const std::string name =
        others.empty() ? "mean" : absl::StrJoin(others, ", ");
    auto [it, added] = lines.try_emplace(name);
    if (added) {
      line_names.push_back(name);
      const size_t n = axis.values.size();
      it->second = {name, std::vector<double>(n, none),
                    std::vector<double>(n, none), std::vector<double>(n, none)};
    }
    const v1::ReplicatedKpi* k = Find(sweep.reports[p], kpi);
    if (k == nullptr) continue;
    const std::string value = ValueOf(sweep.points[p][a]);
    for (size_t i = 0; i < axis.values.size(); ++i) {
      if (axis.values[i] != value) continue;
      it->second.values[i] = k->mean();
      it->second.low[i] = k->ci_low();
      it->second.high[i] = k->ci_high();
    }
  }
  std::vector<Series> series;
  for (const std::string& name : line_names) series.push_back(lines[name]);
  ChartFrame frame;
  frame.id = absl::StrCat("sweep-", index);
  frame.percent = share;
  frame.title = absl::StrCat(kpi, " against ", axis.field);
  frame.description = absl::StrFormat(
      "%s at each value of %s (%s), %s; the band around a line is the 95%% "
      "confidence interval of its mean over the replications.",
      kpi, axis.field, absl::StrJoin(axis.values, ", "),
      series.size() == 1
          ? "one line"
          : absl::StrCat("one line for each setting of the other fields (",
                         series.size(), ")"));
  std::string table = absl::StrCat(
      "<details><summary>The numbers</summary><table><caption>",
      Escape(frame.title), "</caption><tr><th scope=\"col\">line</th>");
  for (const std::string& v : axis.values) {
    absl::StrAppend(&table, "<th scope=\"col\">", Escape(axis.field), "=",
                    Escape(v), "</th>");
  }
  absl::StrAppend(&table, "</tr>");
  for (const Series& s : series) {
    absl::StrAppend(&table, "<tr><th scope=\"row\">", Escape(s.name), "</th>");
    for (size_t i = 0; i < s.values.size(); ++i) {
      absl::StrAppend(&table, "<td>",
                      std::isnan(s.values[i])
                          ? ""
                          : absl::StrCat(FormatValue(s.values[i], share), " [",
                                         FormatValue(s.low[i], share), ", ",
                                         FormatValue(s.high[i], share), "]"),
                      "</td>");
    }
    absl::StrAppend(&table, "</tr>");
  }
  absl::StrAppend(&table, "</table></details>");
  return absl::StrCat("<figure><figcaption>", Escape(frame.description),
                      "</figcaption>", LineChartSvg(frame, axis.values, series),
                      table, "</figure>");
}

}  // namespace

std::string SweepReport(const std::string& title, const std::string& meta,
                        const SweepResult& sweep,
                        const std::vector<std::string>& kpis) {
  std::string html = absl::StrCat(PageStart(title), "<header><h1>",
                                  Escape(title), "</h1><p class=\"meta\">",
                                  Escape(meta), "</p></header><main>");
  int index = 0;
  for (const std::string& kpi : kpis) {
    absl::StrAppend(&html, "<h2>", Escape(kpi), "</h2><section>");
    for (size_t a = 0; a < sweep.axes.size(); ++a) {
      absl::StrAppend(&html, Figure(sweep, kpi, a, index++));
    }
    absl::StrAppend(&html, "</section>");
  }
  return absl::StrCat(html, "</main>", PageEnd());
}

absl::Status WriteSweepReport(const std::string& file, const std::string& title,
                              const std::string& meta, const SweepResult& sweep,
                              const std::vector<std::string>& kpis) {
  return WritePage(file, SweepReport(title, meta, sweep, kpis));
}

}  // namespace frontdoor::report
