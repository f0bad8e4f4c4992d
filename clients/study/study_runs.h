// A study's runs: each one simulated through the services, read back and
// measured, many at once so that intake delivers them on both cores.
#ifndef FRONTDOOR_CLIENTS_STUDY_STUDY_RUNS_H_
#define FRONTDOOR_CLIENTS_STUDY_STUDY_RUNS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/service_client.h"
#include "clients/simulate/simulator.h"
#include "frontdoor/v1/reports.pb.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::study {

// One run of a study's plan.
struct PlannedRun {
  std::string run_id;
  v1::Scenario scenario;  // defaults filled; its seed is the replication's
};

// What one run measured.
struct MeasuredRun {
  v1::RunKpis kpis;
  int64_t contacts_refused = 0;
  // With RunPlan's `digest`: the run's content digest in the three
  // services, taken before the run is deleted (RunDigest's content_sha256).
  std::string content_sha256;
};

// Simulates one run, reads its records back and computes its KPIs.
// With a `journal` path, the run keeps the levels it reads there.
absl::StatusOr<MeasuredRun> SimulateAndMeasure(cli::ServiceClient& client,
                                               const PlannedRun& run,
                                               const Progress& progress,
                                               const std::string& journal = "");

// The KPIs of a run the services hold (`runs show`), from its records
// alone: the simulator's workforce is not among them, so caseloads per
// worker, agency staff and vacancies are left out. A run with no scenario
// (a live or replayed one) is measured from its first contact's day to its
// clock.
absl::StatusOr<v1::RunKpis> MeasureStoredRun(cli::ServiceClient& client,
                                             const v1::RunInfo& run);

// `replications` runs of `scenario` with seeds seed, seed+1, ..., as
// RUN-r1, RUN-r2, ... (or RUN alone for one): common random numbers, so two
// scenarios planned with one seed differ by their change, not by chance.
std::vector<PlannedRun> Replications(const v1::Scenario& scenario,
                                     const std::string& run_id,
                                     int replications);

// Runs the plan, at most `parallel` runs at once, with one progress bar
// labelled `label`; the results in the plan's order. With
// `delete_after`, each run's records are deleted from the services once
// measured, so a study of hundreds of runs leaves no data behind; with
// `digest`, each run's content digest is taken first (a scan of every
// record, so only a study that compares runs asks for it). With a
// `journal_dir`, each run keeps the levels it reads in
// JOURNAL_DIR/RUN.levels (level_journal.h), so the same plan started again
// after an interruption continues its runs; a deleted run's journal goes
// with it.
std::vector<absl::StatusOr<MeasuredRun>> RunPlan(
    cli::ServiceClient& client, const std::vector<PlannedRun>& plan,
    int parallel, const std::string& label, bool delete_after,
    const std::string& journal_dir = "", bool digest = false);

// Runs each of `scenarios` `replications` times (Replications, as
// NAMES[i]-rR), four runs at a time, each deleted once measured, their
// levels journalled in `journal_dir`; each scenario's overall KPIs, one per
// replication. The first run that fails fails the whole.
absl::StatusOr<std::vector<std::vector<v1::KpiSet>>> RunReplicated(
    cli::ServiceClient& client, const std::vector<v1::Scenario>& scenarios,
    const std::vector<std::string>& names, int replications,
    const std::string& label, const std::string& journal_dir);

// Each scenario's replications (as RunReplicated returns them) summed up:
// each overall KPI's mean and 95% confidence interval of the mean.
std::vector<v1::ReplicationReport> ReplicatedReports(
    const std::vector<std::vector<v1::KpiSet>>& measured);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_STUDY_RUNS_H_
