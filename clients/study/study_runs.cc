// Running a study's plan through the services.
#include "clients/study/study_runs.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "clients/lib/concurrent_runs.h"
#include "clients/simulate/kpis.h"
#include "clients/simulate/scenario_file.h"
#include "lib/domain/event_time.h"

namespace frontdoor::study {

namespace {

// A run's records as the services hold them.
struct RunRecords {
  std::vector<v1::ContactRecord> contacts;
  std::vector<v1::ChildRecord> children;
  std::vector<v1::RecordAssessmentRequest> findings;
};

absl::StatusOr<RunRecords> ReadRunRecords(cli::ServiceClient& client,
                                          const std::string& run_id) {
  RunRecords records;
  absl::StatusOr<std::vector<v1::ContactRecord>> contacts =
      client.RunContacts(run_id);
  if (!contacts.ok()) return contacts.status();
  records.contacts = *std::move(contacts);
  absl::StatusOr<std::vector<v1::ChildRecord>> children =
      client.RunChildren(run_id);
  if (!children.ok()) return children.status();
  records.children = *std::move(children);
  absl::StatusOr<std::vector<v1::RecordAssessmentRequest>> findings =
      client.RunAssessments(run_id);
  if (!findings.ok()) return findings.status();
  records.findings = *std::move(findings);
  return records;
}

}  // namespace

absl::StatusOr<MeasuredRun> SimulateAndMeasure(cli::ServiceClient& client,
                                               const PlannedRun& run,
                                               const Progress& progress,
                                               const std::string& journal) {
  absl::StatusOr<SimulationResult> result = Simulate(
      run.scenario, run.run_id, run.scenario.name(), client, progress,
      [](const std::string& notice) {
        std::fprintf(stderr, "\n%s\n", notice.c_str());
      },
      journal);
  if (!result.ok()) return result.status();
  absl::StatusOr<RunRecords> records = ReadRunRecords(client, run.run_id);
  if (!records.ok()) return records.status();
  MeasuredRun measured;
  measured.kpis =
      ComputeKpis(run.scenario, run.run_id, records->contacts,
                  records->children, records->findings, result->workforce);
  measured.contacts_refused = result->contacts_refused;
  return measured;
}

absl::StatusOr<v1::RunKpis> MeasureStoredRun(cli::ServiceClient& client,
                                             const v1::RunInfo& run) {
  const std::string& run_id = run.config().run_id();
  absl::StatusOr<RunRecords> records = ReadRunRecords(client, run_id);
  if (!records.ok()) return records.status();
  v1::Scenario scenario = run.config().scenario();
  if (scenario.start_date().empty() || scenario.days() <= 0) {
    if (records->contacts.empty() || !run.has_clock()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "run ", run_id, " has no scenario and no contacts to measure"));
    }
    const absl::CivilDay first = absl::ToCivilDay(
        FromProto(records->contacts.front().contact().event_time()),
        EnglandTime());
    const absl::CivilDay last =
        absl::ToCivilDay(FromProto(run.clock()), EnglandTime());
    scenario.set_start_date(absl::FormatCivilTime(first));
    scenario.set_days(static_cast<int>(std::max<int64_t>(1, last - first + 1)));
    if (scenario.name().empty()) scenario.set_name(run_id);
  }
  return ComputeKpis(scenario, run_id, records->contacts, records->children,
                     records->findings, {});
}

std::vector<PlannedRun> Replications(const v1::Scenario& scenario,
                                     const std::string& run_id,
                                     int replications) {
  std::vector<PlannedRun> plan;
  for (int i = 0; i < replications; ++i) {
    PlannedRun run{
        replications == 1 ? run_id : absl::StrCat(run_id, "-r", i + 1),
        scenario};
    run.scenario.set_seed(scenario.seed() + i);
    plan.push_back(std::move(run));
  }
  return plan;
}

std::vector<absl::StatusOr<MeasuredRun>> RunPlan(
    cli::ServiceClient& client, const std::vector<PlannedRun>& plan,
    int parallel, const std::string& label, bool delete_after,
    const std::string& journal_dir, bool digest) {
  cli::SharedProgress progress(label, "day", static_cast<int>(plan.size()));
  return cli::RunConcurrently<MeasuredRun>(
      static_cast<int>(plan.size()), parallel,
      [&](int i) -> absl::StatusOr<MeasuredRun> {
        const std::string journal =
            journal_dir.empty()
                ? ""
                : absl::StrCat(journal_dir, "/", plan[i].run_id, ".levels");
        absl::StatusOr<MeasuredRun> measured =
            SimulateAndMeasure(client, plan[i], progress.ForRun(i), journal);
        if (measured.ok() && digest) {
          absl::StatusOr<v1::RunDigest> digested =
              client.Digest(plan[i].run_id);
          if (!digested.ok()) return digested.status();
          measured->content_sha256 = digested->content_sha256();
        }
        if (measured.ok() && delete_after) {
          if (absl::StatusOr<int64_t> deleted =
                  client.DeleteRun(plan[i].run_id);
              !deleted.ok()) {
            return deleted.status();
          }
          std::error_code ignored;
          if (!journal.empty()) std::filesystem::remove(journal, ignored);
        }
        return measured;
      });
}

absl::StatusOr<std::vector<std::vector<v1::KpiSet>>> RunReplicated(
    cli::ServiceClient& client, const std::vector<v1::Scenario>& scenarios,
    const std::vector<std::string>& names, int replications,
    const std::string& label, const std::string& journal_dir) {
  std::vector<PlannedRun> runs;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    for (PlannedRun& run : Replications(scenarios[i], names[i], replications)) {
      runs.push_back(std::move(run));
    }
  }
  const std::vector<absl::StatusOr<MeasuredRun>> measured =
      RunPlan(client, runs, 4, label, /*delete_after=*/true, journal_dir);
  std::vector<std::vector<v1::KpiSet>> kpis(scenarios.size());
  for (size_t i = 0; i < measured.size(); ++i) {
    if (!measured[i].ok()) return measured[i].status();
    kpis[i / static_cast<size_t>(replications)].push_back(
        measured[i]->kpis.overall());
  }
  return kpis;
}

std::vector<v1::ReplicationReport> ReplicatedReports(
    const std::vector<std::vector<v1::KpiSet>>& measured) {
  std::vector<v1::ReplicationReport> reports;
  for (const std::vector<v1::KpiSet>& point : measured) {
    std::vector<v1::RunKpis> runs;
    for (const v1::KpiSet& k : point) {
      *runs.emplace_back().mutable_overall() = k;
    }
    reports.push_back(Replicate(runs));
  }
  return reports;
}

}  // namespace frontdoor::study
