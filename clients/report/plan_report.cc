// The plan and sensitivity pages.
#include "clients/report/plan_report.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/report/html_report.h"
#include "clients/report/svg_chart.h"
#include "clients/report/tornado_chart.h"

namespace frontdoor::report {
namespace {

// "£7,578,166".
std::string Pounds(double pounds) {
  return absl::StrCat("\u00a3", FormatValue(std::round(pounds), false));
}

// "£7.58m": short enough to label a point on the cost axis.
std::string Millions(double pounds) {
  return absl::StrFormat("\u00a3%.2fm", pounds / 1e6);
}

std::string Settings(const v1::PlanPoint& p,
                     const std::vector<std::string>& fields) {
  std::vector<std::string> parts;
  for (const std::string& f : fields) {
    auto it = p.fields().find(f);
    if (it != p.fields().end())
      parts.push_back(absl::StrCat(f, "=", it->second));
  }
  return absl::StrJoin(parts, " ");
}

std::string Verdict(const v1::PlanPoint& p, int replications) {
  std::string verdict =
      p.meets() ? "meets every target"
                : absl::StrCat("fails ", absl::StrJoin(p.failing(), ", "));
  if (p.replications() < replications) {
    absl::StrAppend(&verdict, " (ruled out after ", p.replications(), " of ",
                    replications, ")");
  }
  return verdict;
}

// Each target's probability at every setting tried, cheapest first, with
// the share required as a line: one chart per target, then the table.
std::string Frontier(const v1::PlanReport& report,
                     const std::vector<std::string>& fields) {
  std::vector<std::string> costs;
  for (const v1::PlanPoint& p : report.frontier()) {
    costs.push_back(Millions(p.cost()));
  }
  std::string html = absl::StrFormat(
      "<p>For each setting tried, cheapest first along the bottom (its staff "
      "cost a year), the share of its replications in which a target was "
      "met; the dashed line is the share required (%s). The recommendation "
      "is the first setting on or above it in every chart.</p>",
      FormatValue(report.required_probability(), true));
  for (int t = 0; t < report.targets_size(); ++t) {
    const std::string& target = report.targets(t);
    Series series{target, {}, {}, {}};
    for (const v1::PlanPoint& p : report.frontier()) {
      series.values.push_back(p.probability().at(target));
    }
    ChartFrame frame;
    frame.id = absl::StrCat("frontier-", t);
    frame.percent = true;
    frame.value_max = 1;
    frame.title = absl::StrCat(target, ": its probability by cost");
    frame.description =
        absl::StrCat("The share of replications meeting ", target,
                     " at each setting tried, by its cost a year.");
    absl::StrAppend(&html, "<figure><figcaption>", Escape(frame.title),
                    "</figcaption>",
                    LineChartSvg(frame, costs, {series},
                                 {{"required", report.required_probability()}}),
                    "</figure>");
  }
  absl::StrAppend(&html,
                  "<figure class=\"wide\"><div class=\"scroll\"><table>"
                  "<caption>Every setting tried, cheapest first</caption><tr>"
                  "<th scope=\"col\">cost a year</th><th scope=\"col\">"
                  "setting</th>");
  for (const std::string& t : report.targets()) {
    absl::StrAppend(&html, "<th scope=\"col\">", Escape(t), "</th>");
  }
  absl::StrAppend(&html, "<th scope=\"col\">verdict</th></tr>");
  for (const v1::PlanPoint& p : report.frontier()) {
    absl::StrAppend(&html, "<tr><td>", Pounds(p.cost()),
                    "</td><th scope=\"row\">", Escape(Settings(p, fields)),
                    "</th>");
    for (const std::string& t : report.targets()) {
      absl::StrAppend(&html, "<td>", FormatValue(p.probability().at(t), true),
                      "</td>");
    }
    absl::StrAppend(&html, "<td>", Escape(Verdict(p, report.replications())),
                    "</td></tr>");
  }
  return html + "</table></div></figure>";
}

std::string Headline(const v1::PlanReport& report,
                     const std::vector<std::string>& fields) {
  if (!report.has_recommendation()) {
    return "<p>No setting tried meets every target: widen the ranges the "
           "plan may vary.</p>";
  }
  const v1::PlanPoint& rec = report.recommendation();
  std::string html =
      absl::StrCat("<p><strong>Recommendation: ", Escape(Settings(rec, fields)),
                   ", ", Pounds(rec.cost()),
                   " a year</strong>, every target "
                   "met in at least ",
                   FormatValue(report.required_probability(), true), " of ",
                   report.replications(), " replications.");
  if (report.has_next_cheaper()) {
    const v1::PlanPoint& next = report.next_cheaper();
    absl::StrAppend(&html, " The next cheaper setting, ",
                    Escape(Settings(next, fields)), " (",
                    Pounds(rec.cost() - next.cost()), " less), ",
                    Escape(Verdict(next, report.replications())), ".");
  }
  return html + "</p>";
}

std::string Stresses(const v1::PlanReport& report,
                     const std::vector<std::string>& stresses) {
  if (report.stressed().empty()) return "";
  std::string html =
      "<h2>The recommendation under what-ifs</h2><section><table><tr>"
      "<th scope=\"col\">what-if</th>";
  for (const std::string& t : report.targets()) {
    absl::StrAppend(&html, "<th scope=\"col\">", Escape(t), "</th>");
  }
  absl::StrAppend(&html, "<th scope=\"col\">verdict</th></tr>");
  for (int i = 0;
       i < report.stressed_size() && i < static_cast<int>(stresses.size());
       ++i) {
    const v1::PlanPoint& s = report.stressed(i);
    absl::StrAppend(&html, "<tr><th scope=\"row\">", Escape(stresses[i]),
                    "</th>");
    for (const std::string& t : report.targets()) {
      absl::StrAppend(&html, "<td>", FormatValue(s.probability().at(t), true),
                      "</td>");
    }
    absl::StrAppend(&html, "<td>", Escape(Verdict(s, report.replications())),
                    "</td></tr>");
  }
  return html + "</table></section>";
}

std::string Tornadoes(const std::vector<study::Tornado>& tornadoes) {
  std::string html;
  for (size_t i = 0; i < tornadoes.size(); ++i) {
    absl::StrAppend(&html, TornadoFigure(absl::StrCat("tornado-", i),
                                         tornadoes[i], tornadoes[i].kpi));
  }
  return html;
}

std::string Top(const std::string& title, const std::string& meta) {
  return absl::StrCat(PageStart(title), "<header><h1>", Escape(title),
                      "</h1><p class=\"meta\">", Escape(meta),
                      "</p></header><main>");
}

}  // namespace

std::string PlanPage(const std::string& title, const std::string& meta,
                     const v1::PlanReport& report,
                     const std::vector<std::string>& fields,
                     const std::vector<std::string>& stresses,
                     const std::vector<study::Tornado>& tornadoes) {
  std::string html =
      absl::StrCat(Top(title, meta), Headline(report, fields),
                   "<h2>Settings tried</h2><section>", Frontier(report, fields),
                   "</section>", Stresses(report, stresses));
  if (!report.notes().empty()) {
    absl::StrAppend(&html, "<h2>Notes</h2><ul>");
    for (const std::string& note : report.notes()) {
      absl::StrAppend(&html, "<li>", Escape(note), "</li>");
    }
    absl::StrAppend(&html, "</ul>");
  }
  absl::StrAppend(&html,
                  "<h2>What moves the targets at the recommendation</h2>"
                  "<section>");
  if (tornadoes.empty()) {
    absl::StrAppend(&html,
                    "<p>Not run: give <code>--sensitivity FIELD=LOW,HIGH"
                    "</code> for each input to vary about the "
                    "recommendation.</p>");
  }
  return absl::StrCat(html, Tornadoes(tornadoes), "</section></main>",
                      PageEnd());
}

std::string SensitivityPage(const std::string& title, const std::string& meta,
                            const std::vector<study::Tornado>& tornadoes) {
  return absl::StrCat(Top(title, meta), "<section>", Tornadoes(tornadoes),
                      "</section></main>", PageEnd());
}

}  // namespace frontdoor::report
