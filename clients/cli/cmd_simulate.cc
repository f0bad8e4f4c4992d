// `frontdoor simulate` and `frontdoor compare`: the main job, and its
// comparison of runs.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "clients/cli/commands.h"
#include "clients/cli/la_fit.h"
#include "clients/cli/scenario_args.h"
#include "clients/lib/json_out.h"
#include "clients/lib/local_cluster.h"
#include "clients/lib/service_session.h"
#include "clients/report/html_report.h"
#include "clients/simulate/compare.h"
#include "clients/simulate/kpi_catalogue.h"
#include "clients/simulate/kpis.h"
#include "clients/study/fit.h"
#include "clients/study/scenario_source.h"
#include "clients/study/study_runs.h"

namespace frontdoor::cli {
namespace {

// Writes a measured run's KPI tables and warns of refused contacts.
absl::StatusOr<v1::RunKpis> Written(absl::StatusOr<study::MeasuredRun> run,
                                    const std::string& out_dir) {
  if (!run.ok()) return run.status();
  const std::string& run_id = run->kpis.run_id();
  if (absl::Status s = WriteKpiFiles(run->kpis, out_dir + "/" + run_id);
      !s.ok()) {
    return s;
  }
  if (run->contacts_refused > 0) {
    std::fprintf(stderr, "%s: %lld generated contacts were refused\n",
                 run_id.c_str(), static_cast<long long>(run->contacts_refused));
  }
  return run->kpis;
}

// --days and --seed over the scenario's own.
absl::Status ApplyOverrides(const Args& args, v1::Scenario& scenario) {
  if (args.Given("days")) {
    int days = 0;
    if (!absl::SimpleAtoi(args.Get("days"), &days) || days < 1 || days > 3660) {
      return absl::InvalidArgumentError("--days: 1 to 3660");
    }
    scenario.set_days(days);
  }
  if (args.Given("seed")) {
    uint64_t seed = 0;
    if (!absl::SimpleAtoi(args.Get("seed"), &seed) || seed == 0) {
      return absl::InvalidArgumentError("--seed: a whole number above 0");
    }
    scenario.set_seed(seed);
  }
  return absl::OkStatus();
}

// One run's summary, and where its tables and report are.
absl::Status ShowRun(const std::vector<v1::RunKpis>& runs,
                     const std::string& out, const std::string& run_id) {
  std::printf("%s", SummaryText(runs[0]).c_str());
  const std::string page = absl::StrCat(out, "/", run_id, "/report.html");
  if (absl::Status s = report::WriteReport({{run_id, runs}}, page); !s.ok()) {
    return s;
  }
  std::printf("\nKPI tables (CSV and JSON) in %s/%s/\nreport: %s\n",
              out.c_str(), run_id.c_str(), page.c_str());
  return absl::OkStatus();
}

// The replications' means with their intervals, and where their tables,
// summary and report are.
absl::Status ShowReplications(const std::vector<v1::RunKpis>& runs,
                              const v1::Scenario& scenario,
                              const std::string& out,
                              const std::string& run_id) {
  const int replications = static_cast<int>(runs.size());
  const v1::ReplicationReport report = Replicate(runs);
  std::printf(
      "%s: %d replications (seeds %llu to %llu)\n\n", report.scenario().c_str(),
      replications, static_cast<unsigned long long>(scenario.seed()),
      static_cast<unsigned long long>(scenario.seed() + replications - 1));
  // The confidence interval says where the mean lies; the prediction
  // interval, what one more year (another seed) could look like.
  std::printf("%-44s %10s %24s %24s\n", "KPI", "mean", "95% CI of the mean",
              "95% PI of one run");
  for (const v1::ReplicatedKpi& k : report.kpis()) {
    const KpiInfo info = KpiInfoOf(k.name());
    const auto f = [&](double v) { return FormatKpi(info.unit, v); };
    std::printf("%-44s %10s %24s %24s\n", LabelWithUnit(info).c_str(),
                f(k.mean()).c_str(),
                absl::StrCat(f(k.ci_low()), " to ", f(k.ci_high())).c_str(),
                absl::StrCat(f(k.pi_low()), " to ", f(k.pi_high())).c_str());
  }
  const std::string path = absl::StrCat(out, "/", run_id, "-replications.json");
  std::ofstream(path) << ToAnalystJson(report) << "\n";
  const std::string page = absl::StrCat(out, "/", run_id, "-report.html");
  if (absl::Status s = report::WriteReport({{run_id, runs}}, page); !s.ok()) {
    return s;
  }
  std::printf(
      "\nper-run KPI tables in %s/%s-r*/, replication summary in %s\n"
      "report: %s\n",
      out.c_str(), run_id.c_str(), path.c_str(), page.c_str());
  return absl::OkStatus();
}

int RunSimulate(const Args& args) {
  absl::StatusOr<study::ScenarioSource> source =
      study::LoadScenarioSource(ScenarioRequestFrom(args));
  if (!source.ok()) return Fail("simulate", source.status());
  if (source->la.has_value()) {
    std::printf("%s\n", study::InputsText(*source->la).c_str());
    std::fflush(stdout);  // before the progress bar
  }
  v1::Scenario* scenario = &source->scenario;
  if (absl::Status s = ApplyOverrides(args, *scenario); !s.ok()) {
    return Fail("simulate", s);
  }
  absl::StatusOr<int> replications_given = args.Int("replications", 1, 100);
  if (!replications_given.ok()) {
    return Fail("simulate", replications_given.status());
  }
  const int replications = *replications_given;
  std::string run_id = args.Get("run");
  if (run_id.empty()) {
    run_id = source->la.has_value()
                 ? absl::StrCat(source->la->code, "-", source->la->year)
                 : absl::StrCat("sim-", scenario->seed());
  }
  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args);
  if (!session.ok()) return Fail("simulate", session.status());
  (*session)->client().set_retry(PatientRetry());

  const std::string out = args.Get("out");
  if (source->la.has_value()) {
    if (absl::Status s = FitAuthority((*session)->client(), args, *source, out,
                                      run_id, "simulate --la", stdout);
        !s.ok()) {
      return Fail("simulate", s);
    }
  }
  // Replications run side by side (up to four), so intake delivers them in
  // parallel.
  // Each run keeps the levels it reads beside its tables, so the same
  // command after an interruption continues it.
  const std::vector<absl::StatusOr<study::MeasuredRun>> measured =
      study::RunPlan(
          (*session)->client(),
          study::Replications(*scenario, run_id, replications), 4,
          replications == 1 ? run_id : absl::StrCat(run_id, " x", replications),
          /*delete_after=*/false, absl::StrCat(out, "/.journal"));
  std::vector<absl::StatusOr<v1::RunKpis>> results;
  for (const absl::StatusOr<study::MeasuredRun>& m : measured) {
    results.push_back(Written(m, out));
  }
  std::vector<v1::RunKpis> runs;
  for (const absl::StatusOr<v1::RunKpis>& kpis : results) {
    if (!kpis.ok()) return Fail("simulate", kpis.status());
    runs.push_back(*kpis);
  }
  const absl::Status shown =
      replications == 1 ? ShowRun(runs, out, run_id)
                        : ShowReplications(runs, *scenario, out, run_id);
  if (!shown.ok()) return Fail("simulate", shown);
  return 0;
}

int RunCompare(const Args& args) {
  absl::StatusOr<std::string> format_name =
      FormatNameOf(args, {"text", "csv", "json"});
  if (!format_name.ok()) return Fail("compare", format_name.status());
  const std::string& format = *format_name;
  const std::string out = args.Get("out");
  absl::StatusOr<ComparedSide> a = LoadComparedSide(out, args.positional()[0]);
  if (!a.ok()) return Fail("compare", a.status());
  absl::StatusOr<ComparedSide> b = LoadComparedSide(out, args.positional()[1]);
  if (!b.ok()) return Fail("compare", b.status());
  const v1::Comparison comparison = Compare(*a, *b);
  const std::string text = format == "csv"    ? ComparisonCsv(comparison)
                           : format == "json" ? ComparisonJson(comparison)
                                              : ComparisonText(comparison);
  const std::string file = args.Get("file");
  if (file.empty()) {
    std::printf("%s", text.c_str());
    return 0;
  }
  std::ofstream written(file);
  written << text;
  written.close();
  if (!written) {
    return Fail("compare",
                absl::FailedPreconditionError("--file: cannot write " + file));
  }
  std::fprintf(stderr, "wrote %s\n", file.c_str());
  return 0;
}

}  // namespace

Command SimulateCommand() {
  std::vector<OptionSpec> options = ScenarioOptions();
  std::vector<OptionSpec> more = {
      {"days", "", "override the days simulated"},
      FitStepsOption(),
      {"run", "", "run id (default: sim-SEED)"},
      {"seed", "", "override the scenario's seed"},
      {"replications", "1",
       "run N seeds (seed, seed+1, ...) and report "
       "each KPI's mean, 95% confidence interval of the mean and 95% "
       "prediction interval of one run"},
      {"out", "frontdoor-out", "folder for KPI tables: OUT/RUN/"},
  };
  for (OptionSpec& o : more) options.push_back(std::move(o));
  for (OptionSpec& o : SessionOptions()) options.push_back(std::move(o));
  return {{"simulate",
           "simulate a scenario through the three services and report its "
           "KPIs",
           "frontdoor simulate [--scenario=FILE] [--la=CODE|NAME "
           "[--year=YYYY-YY]] [--run=ID] [--seed=N] [--replications=N]",
           options},
          RunSimulate};
}

Command CompareCommand() {
  return {
      {"compare",
       "two simulated runs' KPIs side by side, or two replicated runs' "
       "with 95% intervals of each difference (shares in percentage "
       "points)",
       "frontdoor compare RUN_A RUN_B [--format=text|csv|json] "
       "[--file=FILE] [--out=DIR]",
       WithFormat({{"out", "frontdoor-out",
                    "folder holding RUN/kpis.json, or "
                    "RUN-replications.json for a run simulated with "
                    "--replications"},
                   {"file", "", "write there instead of to standard output"}},
                  "text (a table), csv or json"),
       {"RUN_A", "RUN_B"}},
      RunCompare};
}

}  // namespace frontdoor::cli
