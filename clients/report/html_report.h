// The run report: one self-contained HTML page (inline SVG charts, inline
// styles, no network) of one run, or of several side by side, each chart
// with a text alternative and a table behind it.
#ifndef FRONTDOOR_CLIENTS_REPORT_HTML_REPORT_H_
#define FRONTDOOR_CLIENTS_REPORT_HTML_REPORT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/simulate/compare.h"

namespace frontdoor::report {

// A changed-outcome matrix (a policy diff's or a replay's): counts[row][col]
// by outcome, rows one policy or the record, columns the other.
struct OutcomeMatrix {
  // What the rows and the columns are ("policy A", "recorded", ...).
  std::string row_axis;
  std::string column_axis;
  // Outcome codes in Outcome order (no_further_action ... immediate_protection)
  // and their labels.
  std::vector<std::string> codes;
  std::vector<std::string> labels;
  // The labels short enough to head a column ("s47 strategy").
  std::vector<std::string> short_labels;
  std::vector<std::vector<double>> counts;
};

// Reads a matrix CSV as `policy diff --format=csv` and `replay` write it
// (policy_a,policy_b,outcome_a,outcome_a_label,outcome_b,outcome_b_label,
// contacts; the policy columns optional).
absl::StatusOr<OutcomeMatrix> ReadOutcomeMatrix(const std::string& path);

// The report of `runs` (the first is A, the others are compared with it):
// the funnel, timeliness by RAG, weekly control charts, caseloads, social
// workers, assessments, the child-protection pathway and step-ups; a
// replicated run's means with 95% intervals as whiskers and bands; the
// matrix as a heat map when there is one.
std::string HtmlReport(const std::vector<ComparedSide>& runs,
                       const std::optional<OutcomeMatrix>& matrix);

// Writes HtmlReport(runs, matrix) to `file`, making its folder if need be.
absl::Status WriteReport(const std::vector<ComparedSide>& runs,
                         const std::string& file,
                         const std::optional<OutcomeMatrix>& matrix = {});

// The opening of a report page titled `title`: doctype, styles, body.
std::string PageStart(const std::string& title);

// The close of a report page, with the script that counts each chart's
// drawn marks for a headless browser.
std::string PageEnd();

// Writes a whole page to `file`; FAILED_PRECONDITION when it cannot.
absl::Status WritePage(const std::string& file, const std::string& html);

}  // namespace frontdoor::report

#endif  // FRONTDOOR_CLIENTS_REPORT_HTML_REPORT_H_
