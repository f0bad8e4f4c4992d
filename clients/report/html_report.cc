// The run report, section by section.
#include "clients/report/html_report.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/lib/render.h"
#include "clients/replay/csv_reader.h"
#include "clients/report/report_figures.h"
#include "clients/report/svg_chart.h"
#include "lib/domain/text_files.h"

namespace frontdoor::report {
namespace {

constexpr char kStyle[] = R"(
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;
padding:0 16px 48px;color:#111}
h1{font-size:24px;margin:20px 0 4px}h3{font-size:15px;margin:12px 0 4px}h2{font-size:19px;margin:28px 0 6px;
border-bottom:1px solid #ccc}
.meta{color:#333;margin:0 0 8px}nav a{margin-right:12px}
section{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));
gap:0 24px}section>h2,section>p,figure.wide{grid-column:1/-1}
figure{margin:8px 0 18px;min-width:0}.charts{display:flex;flex-wrap:wrap;gap:12px}
svg.chart{max-width:100%;height:auto;background:#fff;border:1px solid #eee}
svg text{font:11px system-ui,sans-serif;fill:#222}
svg text.value{font-size:10px}svg text.legend{font-size:11px}
svg text.small{font-size:10px}svg text.panel{font-size:12px;font-weight:600}
svg text.axis-title{fill:#444}.headline ul{margin:4px 0 12px}
tr.changed th{font-weight:600}
figcaption{font-size:14px;color:#222;margin:4px 0}
details summary{cursor:pointer;color:#0050a0}.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #ccc;padding:2px 8px;text-align:right}
th[scope=row]{text-align:left;font-weight:normal}
)";

// Counts every chart's drawn marks (those with a size on the page) and
// the pairs of its words that print over each other, so a headless
// browser's DOM says what was really rendered and whether it reads.
constexpr char kScript[] = R"(
window.addEventListener('load', function () {
  var charts = document.querySelectorAll('svg.chart');
  charts.forEach(function (svg) {
    var drawn = 0;
    svg.querySelectorAll('.mark').forEach(function (m) {
      var b = m.getBBox();
      if (b.width > 0 && b.height > 0) drawn++;
    });
    svg.setAttribute('data-rendered-marks', drawn);
    var boxes = [];
    svg.querySelectorAll('text').forEach(function (t) {
      var r = t.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) boxes.push([r, t.textContent]);
    });
    var overlaps = 0;
    for (var i = 0; i < boxes.length; i++) {
      for (var j = i + 1; j < boxes.length; j++) {
        var a = boxes[i][0], b = boxes[j][0];
        var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 2) {
          if (overlaps++ === 0) {
            svg.setAttribute('data-first-overlap',
                             boxes[i][1] + ' / ' + boxes[j][1]);
          }
        }
      }
    }
    svg.setAttribute('data-overlapping-labels', overlaps);
  });
  document.body.setAttribute('data-charts-rendered', charts.length);
});
)";

}  // namespace

absl::StatusOr<OutcomeMatrix> ReadOutcomeMatrix(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) {
    return absl::NotFoundError(absl::StrCat("--matrix: cannot read ", path));
  }
  OutcomeMatrix m;
  for (v1::Outcome o : cli::DecidedOutcomes()) {
    m.codes.push_back(cli::Code(o));
    m.labels.push_back(cli::Label(o));
    m.short_labels.push_back(cli::ShortLabel(o));
  }
  m.counts.assign(m.codes.size(), std::vector<double>(m.codes.size(), 0));
  const auto index = [&m](const std::string& code) -> int {
    for (size_t i = 0; i < m.codes.size(); ++i) {
      if (m.codes[i] == code) return static_cast<int>(i);
    }
    return -1;
  };
  absl::StatusOr<std::vector<CsvRecord>> rows = ParseCsv(*text);
  if (!rows.ok()) return rows.status();
  // Columns by name, so a file with more (a run_id) reads the same.
  int from = -1, to = -1, contacts = -1, policy_a = -1, policy_b = -1;
  if (!rows->empty()) {
    const std::vector<std::string>& header = rows->front().fields;
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == "policy_a") policy_a = static_cast<int>(i);
      if (header[i] == "policy_b") policy_b = static_cast<int>(i);
      if (header[i] == "outcome_a") from = static_cast<int>(i);
      if (header[i] == "outcome_b") to = static_cast<int>(i);
      if (header[i] == "contacts") contacts = static_cast<int>(i);
    }
  }
  if (from < 0 || to < 0 || contacts < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": not an outcome matrix (want the columns outcome_a, outcome_b and "
        "contacts, as `policy diff --format=csv` and `replay` write them)"));
  }
  m.row_axis = "A";
  m.column_axis = "B";
  const size_t width = rows->front().fields.size();
  for (size_t i = 1; i < rows->size(); ++i) {
    const CsvRecord& row = (*rows)[i];
    if (row.fields.size() != width) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", row.line, ": want ", width, " columns"));
    }
    const int r = index(row.fields[from]), c = index(row.fields[to]);
    double n = 0;
    if (r < 0 || c < 0 || !absl::SimpleAtod(row.fields[contacts], &n) ||
        n < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", row.line, ": unknown outcome code or bad count"));
    }
    m.counts[r][c] += n;
    // What A and B are, when the file says (older files do not).
    if (policy_a >= 0 && policy_b >= 0) {
      m.row_axis = absl::StrCat("A: ", row.fields[policy_a]);
      m.column_axis = absl::StrCat("B: ", row.fields[policy_b]);
    }
  }
  return m;
}

std::string PageStart(const std::string& title) {
  return absl::StrCat(
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\"><title>",
      Escape(title), "</title><style>", kStyle, "</style></head><body>");
}

std::string PageEnd() {
  return absl::StrCat("<script>", kScript, "</script></body></html>\n");
}

namespace {

// The page's title, each side's scenario, period, policy and seeds, and
// the links to its sections.
std::string ReportHeader(const std::vector<ComparedSide>& sides,
                         bool with_matrix) {
  std::vector<std::string> names;
  for (const ComparedSide& s : sides) names.push_back(SideName(s));
  std::string html = absl::StrCat(
      PageStart(absl::StrCat("frontdoor report: ",
                             absl::StrJoin(names, " against "))),
      "<header><h1>The front door: ", Escape(absl::StrJoin(names, " against ")),
      "</h1>");
  for (const ComparedSide& s : sides) {
    const v1::RunKpis& r = s.runs[0];
    absl::StrAppendFormat(
        &html,
        "<p class=\"meta\"><strong>%s</strong>: %s; %s to %s; %s children "
        "aged 0-17; policy %s; %s.</p>",
        Escape(SideName(s)), Escape(r.scenario()), r.first_day(), r.last_day(),
        FormatValue(r.child_population(), false), Escape(r.policy()),
        Replicated(s) ? absl::StrFormat("seeds %d to %d, means with 95%% "
                                        "intervals",
                                        r.seed(), s.runs.back().seed())
                      : absl::StrCat("seed ", r.seed()));
  }
  absl::StrAppend(
      &html, "<nav aria-label=\"Sections\">",
      sides.size() > 1 ? "<a href=\"#headline\">What changes</a>" : "",
      "<a href=\"#funnel\">Funnel</a><a href=\"#sources\">Sources</a><a "
      "href=\"#timeliness\">Timeliness</a><a href=\"#queue\">Queue</a><a "
      "href=\"#weekly\">Weekly</a><a "
      "href=\"#caseloads\">Caseloads</a><a href=\"#workforce\">Social "
      "workers</a><a href=\"#assessments\">Assessments</a><a "
      "href=\"#early-help\">Early help</a><a "
      "href=\"#protection\">Child protection</a><a "
      "href=\"#stepping\">Step-ups</a>",
      with_matrix ? "<a href=\"#matrix\">Changed outcomes</a>" : "",
      sides.size() > 1 ? "<a href=\"#differences\">Differences</a>" : "",
      "</nav></header><main>");
  return html;
}

// From contacts to plans, and contacts by outcome.
std::string FunnelSection(const std::vector<ComparedSide>& sides) {
  std::string html;
  std::vector<Measure> outcomes;
  for (v1::Outcome o : cli::DecidedOutcomes()) {
    outcomes.push_back({cli::Label(o), "outcomes." + cli::Code(o)});
  }
  absl::StrAppend(
      &html,
      Section(
          "funnel", "The front door's funnel",
          "From contacts to child-protection plans, over the measured "
          "period.",
          absl::StrCat(OverallFigure("funnel-chart", "Contacts to plans", sides,
                                     {{"contacts", "contacts"},
                                      {"referrals", "referrals"},
                                      {"assessments", "assessments"},
                                      {"s47 enquiries", "s47"},
                                      {"initial CP conferences", "icpcs"},
                                      {"CP plans started", "cp_plan_starts"}}),
                       OverallFigure("outcomes-chart", "Contacts by outcome",
                                     sides, outcomes))));
  return html;
}

// Decisions within one working day by RAG, and how long they took.
std::string TimelinessSection(const std::vector<ComparedSide>& sides) {
  std::string html;
  absl::StrAppend(
      &html,
      Section(
          "timeliness", "Decisions within one working day",
          "The MASH's decisions by RAG rating, and how long decisions took.",
          absl::StrCat(
              OverallFigure(
                  "timeliness-chart", "Decided within one working day", sides,
                  {{"all MASH contacts", "decided_within_one_working_day",
                    true},
                   {"red", "decided_within_one_working_day_by_rag.red", true},
                   {"amber", "decided_within_one_working_day_by_rag.amber",
                    true},
                   {"green", "decided_within_one_working_day_by_rag.green",
                    true}}),
              OverallFigure(
                  "decision-hours-chart",
                  "Hours from contact to decision, by RAG", sides,
                  {{"all: median", "decision_hours_p50"},
                   {"all: 90th percentile", "decision_hours_p90"},
                   {"red: median", "decision_hours_p50_by_rag.red"},
                   {"red: 90th percentile", "decision_hours_p90_by_rag.red"},
                   {"amber: median", "decision_hours_p50_by_rag.amber"},
                   {"amber: 90th percentile",
                    "decision_hours_p90_by_rag.amber"},
                   {"green: median", "decision_hours_p50_by_rag.green"},
                   {"green: 90th percentile",
                    "decision_hours_p90_by_rag.green"}}),
              DecisionHistogramFigure(sides))));
  return html;
}

// The weekly control charts of the first side.
std::string WeeklySection(const std::vector<ComparedSide>& sides) {
  const v1::RunKpis& a = sides[0].runs[0];
  std::string html;
  std::string weekly;
  for (int c = 0; c < a.control_charts_size(); ++c) {
    absl::StrAppend(&weekly, ControlFigure(sides, c));
  }
  absl::StrAppend(
      &html,
      Section("weekly", "Week by week, with control limits",
              "XmR charts over whole weeks: a week outside the limits is a "
              "signal worth a question, not noise. A replicated run shows "
              "its first replication.",
              weekly));
  return html;
}

// Children open by month, social workers' caseloads and assessments
// in time.
std::string CaseloadSections(const std::vector<ComparedSide>& sides) {
  std::string html;
  absl::StrAppend(
      &html, Section("caseloads", "Caseloads over time",
                     "Children open to early help and to social care at each "
                     "month's end.",
                     MonthlyFigure("caseloads-chart",
                                   "Children open at month end", sides,
                                   {{"early help", "early_help_open"},
                                    {"social care", "social_care_open"}})));
  absl::StrAppend(
      &html,
      Section("workforce", "Social workers",
              "Cases per social worker, children waiting for one, and the "
              "share of agency workers and vacant posts, by month.",
              absl::StrCat(
                  MonthlyFigure("caseload-per-worker-chart",
                                "Cases per social worker", sides,
                                {{"cases per worker", "caseload_per_worker"}}),
                  MonthlyFigure("unallocated-chart",
                                "Children waiting for a social worker", sides,
                                {{"unallocated", "unallocated_children"}}),
                  WorkforceFigure(sides))));
  absl::StrAppend(
      &html,
      Section("assessments", "Assessments within 45 working days",
              "The share of assessments completed within 45 working days of "
              "the referral, by month of completion.",
              MonthlyFigure("assessments-chart",
                            "Assessments within 45 working days", sides,
                            {{"within 45 working days",
                              "assessments_within_45wd_share", true}})));
  return html;
}

// The child-protection pathway and the steps between early help and
// social care.
std::string PathwaySections(const std::vector<ComparedSide>& sides) {
  std::string html;
  absl::StrAppend(
      &html,
      Section(
          "protection", "The child-protection pathway",
          "Section 47 enquiries, conferences and plans; and the plans open "
          "at the end by time on the plan.",
          absl::StrCat(
              OverallFigure("protection-chart", "Child protection", sides,
                            {{"s47 enquiries", "s47"},
                             {"initial CP conferences", "icpcs"},
                             {"CP plans started", "cp_plan_starts"}}),
              OverallFigure(
                  "plan-length-chart", "CP plans open at the end, by length",
                  sides,
                  {{"under 3 months", "cp_plans_under_3m_share", true},
                   {"3 to 6 months", "cp_plans_3_to_6m_share", true},
                   {"6 to 12 months", "cp_plans_6_to_12m_share", true},
                   {"1 to 2 years", "cp_plans_1_to_2y_share", true},
                   {"2 years or more", "cp_plans_2y_or_more_share", true}}))));
  absl::StrAppend(
      &html,
      Section(
          "stepping", "Step-ups and step-downs",
          "Between early help and social care: requests to step up, "
          "how many were accepted or refused, step-ups by a new "
          "contact, and step-downs.",
          absl::StrCat(
              OverallFigure("stepping-chart", "Step-ups and step-downs", sides,
                            {{"step-up requests", "step_up_requests"},
                             {"accepted", "step_ups_accepted"},
                             {"refused", "step_up_refusals"},
                             {"by a new contact", "step_ups_by_contact"},
                             {"step-downs", "step_downs"}}),
              OverallFigure("step-up-delay-chart",
                            "Days from step-up request to decision", sides,
                            {{"average wait", "step_up_delay_days"}}))));
  return html;
}

}  // namespace

std::string HtmlReport(const std::vector<ComparedSide>& sides,
                       const std::optional<OutcomeMatrix>& matrix) {
  std::string html = ReportHeader(sides, matrix.has_value());
  // A comparison opens with what the change does.
  if (sides.size() > 1) absl::StrAppend(&html, HeadlineSection(sides));
  absl::StrAppend(&html, FunnelSection(sides), SourcesSection(sides),
                  TimelinessSection(sides), QueueSection(sides),
                  WeeklySection(sides), CaseloadSections(sides),
                  EarlyHelpSection(sides), PathwaySections(sides));
  if (matrix) absl::StrAppend(&html, MatrixSection(*matrix));
  if (sides.size() > 1) absl::StrAppend(&html, ComparisonSection(sides));
  absl::StrAppend(&html, "</main>", PageEnd());
  return html;
}

absl::Status WriteReport(const std::vector<ComparedSide>& runs,
                         const std::string& file,
                         const std::optional<OutcomeMatrix>& matrix) {
  const std::filesystem::path parent =
      std::filesystem::path(file).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  return WritePage(file, HtmlReport(runs, matrix));
}

absl::Status WritePage(const std::string& file, const std::string& html) {
  std::ofstream out(file);
  out << html;
  out.close();
  if (!out) {
    return absl::FailedPreconditionError(absl::StrCat("cannot write ", file));
  }
  return absl::OkStatus();
}

}  // namespace frontdoor::report
