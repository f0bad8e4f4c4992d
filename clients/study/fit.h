// The fit to last year: an authority's free parameters (contact rate, need
// mix, repeat contacts, recording convention) adjusted until its simulated
// previous year reproduces what it published for that year.
#ifndef FRONTDOOR_CLIENTS_STUDY_FIT_H_
#define FRONTDOOR_CLIENTS_STUDY_FIT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/service_client.h"
#include "clients/study/la_table.h"
#include "frontdoor/v1/reports.pb.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::study {

// What the fit reproduces: an authority's published figures for one year.
struct FitTargets {
  double referrals_per_10k = 0;
  double re_referral_share = 0;
  double nfa_share = 0;          // of referrals
  double not_in_need_share = 0;  // of referrals
  // Children in need at 31 March per 10,000, without the looked-after
  // children (fitted on their own; 0: not fitted).
  double cin_per_10k = 0;
  // Children on a plan at 31 March per 10,000 (0: not fitted).
  double cp_per_10k = 0;
  // Children looked after at 31 March, and starting to be looked after in
  // the year, per 10,000 (0: not fitted).
  double cla_per_10k = 0;
  double cla_starts_per_10k = 0;
};

// The targets in `row`; FAILED_PRECONDITION names a figure not published
// (NFA alone may be missing: it then takes England's split).
absl::StatusOr<FitTargets> TargetsFrom(const LaYear& row,
                                       const LaYear& england);

// How far one simulated year is from the targets: the referral rate within
// 3%, each share within 1.5 percentage points and the children in need, on
// plans and looked after at 31 March within 10% is a fit.
struct FitGap {
  double referrals_per_10k = 0;  // simulated over target, minus 1
  double re_referral_share = 0;  // simulated minus target
  double nfa_share = 0;
  double not_in_need_share = 0;
  double cin_per_10k = 0;  // simulated over target, minus 1
  double cp_per_10k = 0;
  double cla_per_10k = 0;
  bool within_tolerance = false;
};
FitGap GapOf(const FitTargets& targets, const v1::KpiSet& simulated);

// Moves the free parameters of `scenario` (defaults filled) toward the
// targets, each by the ratio of target to simulated value of the figure it
// drives most: contacts for the referral rate, repeat contacts for
// re-referrals, the weight of low need for the share that leads to no
// service, the recording convention for NFA against not in need, the
// lengths of child-in-need and child-protection episodes for the children
// open at 31 March, the chances of entering care for those starting care,
// and the length of care for those in care at 31 March.
void FitStep(const FitTargets& targets, const v1::KpiSet& simulated,
             v1::Scenario& scenario);

// The same scenario one reporting year earlier: where the fit runs.
v1::Scenario YearBefore(const v1::Scenario& scenario);

// One authority to fit.
struct FitJob {
  std::string code;
  std::string year;  // the year fitted to, "2022-23"
  FitTargets targets;
  v1::Scenario scenario;      // fitted in place: the best step's parameters
  std::vector<FitGap> steps;  // the gap at each simulated year
};

// The fit jobs for authorities' scenarios of the year after `from_year`,
// with targets from the table; an authority whose targets are not
// published is left out of the fit (and its scenario as built).
std::vector<FitJob> FitJobs(
    const LaTable& table, const std::string& from_year,
    const std::vector<std::pair<std::string, v1::Scenario>>& las);

// Fits every job, at most `iterations` simulated years each, all
// authorities' years of one iteration run side by side (their records
// deleted once measured); a job stops once within tolerance. Every
// iteration uses the scenario's own seed (common random numbers), so a
// change between iterations is the parameters', not chance's.
// With a `journal_dir`, an interrupted fit started again continues its
// runs (RunPlan).
absl::Status FitToLastYear(cli::ServiceClient& client,
                           std::vector<FitJob>& jobs, int iterations,
                           const std::string& journal_dir = "");

// The fit's iterations as lines for the terminal.
std::string FitText(const FitJob& job);

// What FitAuthorities did, for the terminal and the OUT/LABEL-fit.txt file.
struct FitOutcome {
  std::string text;          // every fitted authority's FitText
  int fitted = 0;            // authorities with published figures to fit
  int within_tolerance = 0;  // of those, the ones that reached tolerance
};

// Fits authorities' scenarios (code, scenario; the year after `from_year`)
// to `from_year` in up to `steps` simulated years (0: none), replacing each
// by its fitted scenario: what `simulate --la`, `forecast` and `backtest`
// do before they run.
absl::StatusOr<FitOutcome> FitAuthorities(
    cli::ServiceClient& client, const LaTable& table,
    const std::string& from_year, int steps,
    std::vector<std::pair<std::string, v1::Scenario>>& las,
    const std::string& journal_dir = "");

// The comment over an authority's scenario file: what built it, from which
// year's figures, and whether it was fitted.
std::string ScenarioHeader(const std::string& name, const std::string& code,
                           const std::string& year,
                           const std::string& from_year,
                           const std::string& command, int steps);

// A scenario as a text-format file a user can read, edit and run with
// `frontdoor simulate --scenario=FILE`, under a comment of `header` lines.
std::string ScenarioText(const v1::Scenario& scenario,
                         const std::string& header);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_FIT_H_
