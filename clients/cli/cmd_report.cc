// `frontdoor report`: a run's KPIs (or several runs' side by side) as one
// self-contained HTML page.
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "clients/report/html_report.h"
#include "clients/simulate/compare.h"

namespace frontdoor::cli {
namespace {

int RunReport(const Args& args) {
  const std::string from = args.Get("from");
  std::vector<ComparedSide> sides;
  for (const std::string& run : args.positional()) {
    absl::StatusOr<ComparedSide> side = LoadComparedSide(from, run);
    if (!side.ok()) return Fail("report", side.status());
    sides.push_back(*std::move(side));
  }
  std::optional<report::OutcomeMatrix> matrix;
  if (args.Given("matrix")) {
    absl::StatusOr<report::OutcomeMatrix> read =
        report::ReadOutcomeMatrix(args.Get("matrix"));
    if (!read.ok()) return Fail("report", read.status());
    matrix = *std::move(read);
  }
  std::string file = args.Get("out");
  if (file.empty()) {
    // A single run's report sits with its tables; a replicated run's, beside
    // its replications file; a comparison's, named by its runs.
    const std::string& first = args.positional()[0];
    file = args.positional().size() > 1
               ? absl::StrCat(from, "/report-", first, "-vs-",
                              args.positional()[1], ".html")
           : sides[0].runs.size() > 1
               ? absl::StrCat(from, "/", first, "-report.html")
               : absl::StrCat(from, "/", first, "/report.html");
  }
  if (absl::Status s = report::WriteReport(sides, file, matrix); !s.ok()) {
    return Fail("report", s);
  }
  std::printf("report: %s\n", file.c_str());
  return 0;
}

}  // namespace

Command ReportCommand() {
  return {{"report",
           "one run's KPIs as an HTML page of charts with their tables, or "
           "several runs side by side with their differences; opens with no "
           "network",
           "frontdoor report RUN [RUN_B ...] [--out=FILE] [--from=DIR] "
           "[--matrix=FILE]",
           {{"from", "frontdoor-out",
             "folder holding RUN/kpis.json, or RUN-replications.json for a "
             "run simulated with --replications (means with 95% intervals)"},
            {"out", "",
             "the HTML file (default FROM/RUN/report.html; "
             "FROM/RUN-report.html for a replicated run; "
             "FROM/report-A-vs-B.html for several)"},
            {"matrix", "",
             "a changed-outcome matrix to draw as a heat map "
             "(policy-diff-matrix.csv from `policy diff --format=csv`, or "
             "replay-matrix.csv from `replay`)"}},
           {"RUN..."}},
          RunReport};
}

}  // namespace frontdoor::cli
