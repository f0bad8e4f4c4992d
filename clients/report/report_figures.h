// The report's figures: each a chart (or several side by side) with a text
// alternative and the table behind it, and the sections that hold them.
// A side with replications shows means with 95% intervals.
#ifndef FRONTDOOR_CLIENTS_REPORT_REPORT_FIGURES_H_
#define FRONTDOOR_CLIENTS_REPORT_REPORT_FIGURES_H_

#include <string>
#include <vector>

#include "clients/report/html_report.h"
#include "clients/simulate/compare.h"

namespace frontdoor::report {

// One KPI a chart or table shows: its words, where it sits in a KpiSet of
// kpis.json ("contacts", "outcomes.early_help") and whether it is a share.
struct Measure {
  std::string label;
  std::string path;
  bool percent = false;
};

// A KPI's value in a period: a scalar field by name, or a map entry
// ("outcomes.early_help", "referral_sources.police"): a count missing from
// its map is 0, a share or time by RAG missing from its map has no value
// (NaN).
double ValueOf(const v1::KpiSet& k, const std::string& path);

// The value axis's title for `measures`: what they count, or their unit.
std::string AxisTitle(const std::vector<Measure>& measures);

// A table cell of `value`; with a `path`, it names the run and its place
// in kpis.json (for a reader's script, or a test, to check).
std::string Cell(double value, bool percent, const std::string& path,
                 const std::string& run);

// True for a side with more than one run.
bool Replicated(const ComparedSide& side);

// A side's name as the report shows it ("base (mean of 5)").
std::string SideName(const ComparedSide& side);

// Bars of overall measures, every side in one chart, intervals as whiskers.
std::string OverallFigure(const std::string& id, const std::string& title,
                          const std::vector<ComparedSide>& sides,
                          const std::vector<Measure>& measures);

// Monthly lines: a chart per side on one scale, a line per measure, bands
// for a replicated side.
std::string MonthlyFigure(const std::string& id, const std::string& title,
                          const std::vector<ComparedSide>& sides,
                          const std::vector<Measure>& measures);

// One figure: its charts side by side, the text alternative, and the table
// behind them.
std::string Figure(const std::string& title,
                   const std::vector<std::string>& charts,
                   const std::string& alternative, const std::string& table);

// The XmR chart of the first side's control chart number `chart_index`,
// a chart per side (each side's first run).
std::string ControlFigure(const std::vector<ComparedSide>& sides,
                          size_t chart_index);

// A section of the page: a heading, a sentence and its figures.
std::string Section(const std::string& id, const std::string& heading,
                    const std::string& intro, const std::string& body);

// The changed-outcome matrix as a heat map with its table.
std::string MatrixSection(const OutcomeMatrix& matrix);

// Every KPI of each later side against the first, with intervals.
std::string ComparisonSection(const std::vector<ComparedSide>& sides);

// What each later side changes against the first, in words: the KPIs that
// moved beyond their interval.
std::string HeadlineSection(const std::vector<ComparedSide>& sides);

// Referrals by source group ("" when no side has any).
std::string SourcesSection(const std::vector<ComparedSide>& sides);

// The MASH queue at month ends and its oldest wait.
std::string QueueSection(const std::vector<ComparedSide>& sides);

// Children waiting for early help, and how long.
std::string EarlyHelpSection(const std::vector<ComparedSide>& sides);

// Agency social workers and vacant posts by month.
std::string WorkforceFigure(const std::vector<ComparedSide>& sides);

// Decision times as a histogram per side, on one scale.
std::string DecisionHistogramFigure(const std::vector<ComparedSide>& sides);

}  // namespace frontdoor::report

#endif  // FRONTDOOR_CLIENTS_REPORT_REPORT_FIGURES_H_
