// `frontdoor runs list|show|export|delete`: the runs a deployment holds.
#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "clients/lib/json_out.h"
#include "clients/lib/level_changes.h"
#include "clients/lib/render.h"
#include "clients/lib/service_session.h"
#include "clients/lib/table_out.h"
#include "clients/replay/replay_file.h"
#include "clients/simulate/kpis.h"
#include "clients/simulate/scenario_file.h"
#include "clients/study/study_runs.h"
#include "lib/domain/event_time.h"

namespace frontdoor::cli {
namespace {

int Fail(absl::string_view command, const absl::Status& status) {
  return cli::Fail(absl::StrCat("runs ", command), status);
}

// A run's state: complete only when nothing is queued and, for a
// simulation, its clock has reached the end of its scenario (a simulation
// whose client stopped early has delivered all it sent, yet is not done).
std::string RunState(const v1::RunInfo& run) {
  if (run.queued_events() > 0) {
    return absl::StrCat("INCOMPLETE (", run.queued_events(), " queued",
                        run.stalled().empty() ? "" : ": stalled", ")");
  }
  const v1::Scenario& scenario = run.config().scenario();
  if (scenario.services().await_findings() && !scenario.start_date().empty()) {
    const absl::Time end =
        absl::FromCivil(StartDay(scenario) + scenario.days(), EnglandTime());
    if (!run.has_clock() || FromProto(run.clock()) < end) {
      return "INCOMPLETE (interrupted)";
    }
  }
  // Finished: its client completed it, and nothing may change it now.
  return run.finished() ? "complete, read-only" : "complete";
}

int RunList(const Args& args) {
  absl::StatusOr<OutputFormat> format = FormatOf(args, {"text", "json", "csv"});
  if (!format.ok()) return Fail("list", format.status());
  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args);
  if (!session.ok()) return Fail("list", session.status());
  absl::StatusOr<v1::ListRunsResponse> runs = (*session)->client().ListRuns();
  if (!runs.ok()) return Fail("list", runs.status());
  TableOut table(
      {"run_id", "contacts", "clock", "state", "scenario", "stalled"});
  for (const v1::RunInfo& run : runs->runs()) {
    table.AddRow(
        {Text(run.config().run_id()), Number(run.contacts()),
         Text(run.has_clock() ? FormatEventTime(FromProto(run.clock())) : ""),
         Text(RunState(run)), Text(run.config().scenario().name()),
         Text(run.stalled())});
  }
  std::printf("%s", table.Render(*format).c_str());
  return 0;
}

int RunDigest(const Args& args) {
  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args);
  if (!session.ok()) return Fail("digest", session.status());
  if (absl::Status s = (*session)->client().RequireRun(args.positional()[0]);
      !s.ok()) {
    return Fail("digest", s);
  }
  absl::StatusOr<v1::RunDigest> digest =
      (*session)->client().Digest(args.positional()[0]);
  if (!digest.ok()) return Fail("digest", digest.status());
  for (const v1::RunDigest& part : digest->parts()) {
    std::printf("%-10s %s  %lld records\n", part.service().c_str(),
                part.sha256().c_str(), static_cast<long long>(part.records()));
  }
  std::printf("%-10s %s\n", "run", digest->sha256().c_str());
  std::printf(
      "%-10s %s  (run id left out: equal for runs with equal records)\n",
      "content", digest->content_sha256().c_str());
  if (digest->queued_events() > 0) {
    std::printf(
        "INCOMPLETE: %lld events not yet delivered; the digest will "
        "change\n",
        static_cast<long long>(digest->queued_events()));
    return 1;
  }
  return 0;
}

int RunShow(const Args& args) {
  absl::StatusOr<OutputFormat> format = FormatOf(args, {"text", "json"});
  if (!format.ok()) return Fail("show", format.status());
  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args);
  if (!session.ok()) return Fail("show", session.status());
  ServiceClient& client = (*session)->client();
  absl::StatusOr<v1::RunInfo> run = client.FindRun(args.positional()[0]);
  if (!run.ok()) return Fail("show", run.status());
  absl::StatusOr<v1::RunKpis> kpis = study::MeasureStoredRun(client, *run);
  if (!kpis.ok()) return Fail("show", kpis.status());
  if (*format == OutputFormat::kJson) {
    std::printf("%s\n", ToAnalystJson(*kpis).c_str());
    return 0;
  }
  std::printf("%s", SummaryText(*kpis).c_str());
  std::printf(
      "\n(from the records the services hold; caseloads per worker, agency "
      "staff and vacancies are the simulation's own: see its kpis.json)\n");
  return 0;
}

int RunExport(const Args& args) {
  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args);
  if (!session.ok()) return Fail("export", session.status());
  const std::string& run_id = args.positional()[0];
  absl::StatusOr<v1::RunInfo> info = (*session)->client().FindRun(run_id);
  if (!info.ok()) return Fail("export", info.status());
  const std::string format = args.Get("format");
  if (format != "jsonl" && format != "csv") {
    return Fail("export", absl::InvalidArgumentError("--format: jsonl or csv"));
  }
  absl::StatusOr<std::vector<v1::ContactRecord>> records =
      (*session)->client().RunContacts(run_id);
  if (!records.ok()) return Fail("export", records.status());
  // Each decision's effect on its child's level, from stepping's episodes.
  absl::StatusOr<std::vector<v1::ChildRecord>> children =
      (*session)->client().RunChildren(run_id);
  if (!children.ok()) return Fail("export", children.status());
  FillLevelChanges(*children,
                   info->has_clock()
                       ? std::optional<absl::Time>(FromProto(info->clock()))
                       : std::nullopt,
                   &*records);
  const std::string path = args.Get("file").empty()
                               ? absl::StrCat(run_id, ".", format)
                               : args.Get("file");
  std::ofstream out(path);
  if (format == "csv") {
    out << kContactCsvHeader;
    for (const v1::ContactRecord& r : *records) {
      out << ContactCsvRow(run_id, r);
    }
    out.close();
    if (!out) {
      return Fail("export", absl::InternalError("cannot write " + path));
    }
    std::printf("wrote %zu contact records of run %s to %s\n", records->size(),
                run_id.c_str(), path.c_str());
    return 0;
  }
  for (const v1::ContactRecord& r : *records) {
    out << ToAnalystJson(r, {.pretty = false, .all_fields = false}) << "\n";
  }
  if (!out) return Fail("export", absl::InternalError("cannot write " + path));
  // Beside the contacts: the run's config and the assessment findings it
  // received, so that `frontdoor replay` reproduces the run exactly.
  std::ofstream(ExportRunPath(path))
      << ToAnalystJson(info->config(), {.pretty = false, .all_fields = false})
      << "\n";
  absl::StatusOr<std::vector<v1::RecordAssessmentRequest>> findings =
      (*session)->client().RunAssessments(run_id);
  if (!findings.ok()) return Fail("export", findings.status());
  std::ofstream findings_out(ExportAssessmentsPath(path));
  for (const v1::RecordAssessmentRequest& f : *findings) {
    findings_out << ToAnalystJson(f, {.pretty = false, .all_fields = false})
                 << "\n";
  }
  std::printf(
      "wrote %zu contact records of run %s to %s (with %s and %zu "
      "assessment findings)\n",
      records->size(), run_id.c_str(), path.c_str(),
      ExportRunPath(path).c_str(), findings->size());
  return 0;
}

int RunDelete(const Args& args) {
  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args);
  if (!session.ok()) return Fail("delete", session.status());
  if (absl::Status s = (*session)->client().RequireRun(args.positional()[0]);
      !s.ok()) {
    return Fail("delete", s);
  }
  absl::StatusOr<int64_t> deleted =
      (*session)->client().DeleteRun(args.positional()[0]);
  if (!deleted.ok()) return Fail("delete", deleted.status());
  std::printf("deleted run %s (%lld records)\n", args.positional()[0].c_str(),
              static_cast<long long>(*deleted));
  return 0;
}

}  // namespace

std::vector<Command> RunsCommands() {
  std::vector<OptionSpec> export_options = {
      {"file", "", "output file (default RUN.jsonl or RUN.csv)"},
      {"format", "jsonl",
       "jsonl: every record in full, with the run's config and findings "
       "beside it, which `frontdoor replay` reads back; csv: one row per "
       "contact, for a spreadsheet"}};
  for (OptionSpec& o : SessionOptions()) export_options.push_back(o);
  return {
      {{"runs list",
        "the runs the services hold, with contacts and clocks",
        "frontdoor runs list [--format=text|json|csv]",
        WithFormat(SessionOptions(), "text, json or csv"),
        {}},
       RunList},
      {{"runs show",
        "a run's KPI summary, measured from the records the services hold",
        "frontdoor runs show RUN [--format=text|json]",
        WithFormat(SessionOptions(), "text, or json: the run's KPIs"),
        {"RUN"}},
       RunShow},
      {{"runs export",
        "a run's contacts with their decisions, as JSON lines or CSV",
        "frontdoor runs export RUN [--format=jsonl|csv] [--file=FILE]",
        export_options,
        {"RUN"}},
       RunExport},
      {{"runs digest",
        "a stable hash of a run's records in every service, and of their "
        "content without the run id: equal digests, equal runs",
        "frontdoor runs digest RUN",
        SessionOptions(),
        {"RUN"}},
       RunDigest},
      {{"runs delete",
        "delete a run from all three services",
        "frontdoor runs delete RUN",
        SessionOptions(),
        {"RUN"}},
       RunDelete},
  };
}

}  // namespace frontdoor::cli
