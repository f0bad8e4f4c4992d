// `frontdoor sweep`: scenario fields over values, each point replicated with
// the same seeds, run together on the study library and tabled.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"
#include "clients/cli/la_fit.h"
#include "clients/cli/scenario_args.h"
#include "clients/cli/study_output.h"
#include "clients/lib/service_session.h"
#include "clients/report/sweep_report.h"
#include "clients/simulate/kpi_catalogue.h"
#include "clients/study/scenario_source.h"
#include "clients/study/study_runs.h"
#include "clients/study/sweep.h"
#include "lib/policy/policy_cases.h"
#include "lib/policy/policy_file.h"

namespace frontdoor::cli {
namespace {

// What the sweep runs: its axes, and each point's settings, scenario and
// run-id prefix.
struct SweepPlan {
  std::vector<study::SweepAxis> axes;
  std::vector<std::vector<std::string>> points;
  std::vector<v1::Scenario> scenarios;
  std::vector<std::string> names;
  // Each point's policy file (empty: the scenario's), and each file's
  // policy, checked against its own cases.
  std::vector<std::string> policy_files;
  std::map<std::string, Policy> policies;
  int replications = 3;
  uint64_t seed = 1;  // the first replication's, at every point
};

// Reads the options and builds every point's scenario before any run, so
// that a bad field or value is refused with nothing simulated.
// With a `base`, its points are built on it rather than on the scenario
// the options name.
absl::StatusOr<SweepPlan> PlanSweep(
    const Args& args, const std::optional<v1::Scenario>& base = std::nullopt) {
  SweepPlan plan;
  absl::StatusOr<int> replications = args.Int("replications", 1, 100);
  if (!replications.ok()) return replications.status();
  plan.replications = *replications;
  absl::StatusOr<std::vector<study::SweepAxis>> axes = study::ParseVaries(
      args.All("vary"),
      "--vary FIELD=SPEC: at least one, such as --vary mash.screeners=3..6");
  if (!axes.ok()) return axes.status();
  plan.axes = *std::move(axes);
  absl::StatusOr<std::vector<std::vector<std::string>>> points =
      study::SweepPoints(plan.axes);
  if (!points.ok()) return points.status();
  plan.points = *std::move(points);
  absl::StatusOr<study::ScenarioSource> source =
      base.has_value() ? study::ScenarioSource{*base, std::nullopt}
                       : study::LoadScenarioSource(ScenarioRequestFrom(args));
  if (!source.ok()) return source.status();
  const std::string name = args.Get("name");
  plan.seed = source->scenario.seed();
  for (size_t p = 0; p < plan.points.size(); ++p) {
    v1::Scenario scenario = source->scenario;
    const std::string policy_file = study::PolicyOf(plan.points[p]);
    if (!policy_file.empty() && !plan.policies.contains(policy_file)) {
      absl::StatusOr<Policy> policy = LoadPolicyFile(policy_file);
      if (!policy.ok()) return policy.status();
      if (absl::Status s = CheckPolicyCases(*policy, policy_file); !s.ok()) {
        return s;
      }
      plan.policies.emplace(policy_file, *std::move(policy));
    }
    plan.policy_files.push_back(policy_file);
    if (absl::Status s =
            study::ApplySets(study::FieldSettings(plan.points[p]), scenario);
        !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("point ", p + 1, " (",
                       absl::StrJoin(plan.points[p], " "), "): ", s.message()));
    }
    // The same seeds at every point: common random numbers.
    plan.scenarios.push_back(std::move(scenario));
    plan.names.push_back(absl::StrCat(name, "-p", p + 1));
  }
  return plan;
}

// Loads the plan's policies into threshold and points each point's
// scenario at its own.
absl::Status LoadPolicies(ServiceClient& client, SweepPlan& plan) {
  for (const auto& [file, policy] : plan.policies) {
    v1::LoadPolicyRequest load;
    *load.mutable_policy() = policy.spec();
    load.set_source_name(file);
    if (absl::StatusOr<v1::LoadPolicyResponse> loaded = client.LoadPolicy(load);
        !loaded.ok()) {
      return loaded.status();
    }
  }
  for (size_t p = 0; p < plan.points.size(); ++p) {
    if (plan.policy_files[p].empty()) continue;
    const Policy& policy = plan.policies.at(plan.policy_files[p]);
    plan.scenarios[p].set_policy_id(policy.id());
    plan.scenarios[p].set_policy_version(policy.version());
  }
  return absl::OkStatus();
}

// One point's row of the printed table: its settings and shown KPIs.
std::string TableRow(size_t point, const std::vector<std::string>& settings,
                     int width, const v1::ReplicationReport& report) {
  std::string row = absl::StrFormat("%5zu  %-*s", point + 1, width,
                                    absl::StrJoin(settings, " "));
  for (const study::StaffingKpi& shown : study::kStaffingKpis) {
    for (const v1::ReplicatedKpi& k : report.kpis()) {
      if (k.name() != shown.name) continue;
      const KpiUnit unit = KpiInfoOf(k.name()).unit;
      absl::StrAppendFormat(&row, "  %-27s",
                            absl::StrCat(FormatKpi(unit, k.mean()), " [",
                                         FormatKpi(unit, k.ci_low()), ", ",
                                         FormatKpi(unit, k.ci_high()), "]"));
    }
  }
  return row;
}

int RunSweep(const Args& args) {
  absl::StatusOr<SweepPlan> plan = PlanSweep(args);
  if (!plan.ok()) return Fail("sweep", plan.status());
  absl::StatusOr<std::unique_ptr<ServiceSession>> session = OpenStudy(args);
  if (!session.ok()) return Fail("sweep", session.status());
  absl::StatusOr<std::optional<v1::Scenario>> fitted =
      FittedStudyBase((*session)->client(), args, "sweep --la");
  if (!fitted.ok()) return Fail("sweep", fitted.status());
  if (fitted->has_value()) plan = PlanSweep(args, *fitted);
  if (!plan.ok()) return Fail("sweep", plan.status());
  if (absl::Status s = LoadPolicies((*session)->client(), *plan); !s.ok()) {
    return Fail("sweep", s);
  }
  std::fprintf(stderr, "sweep: %zu points x %d replications = %zu runs\n",
               plan->points.size(), plan->replications,
               plan->points.size() * static_cast<size_t>(plan->replications));
  absl::StatusOr<std::vector<std::vector<v1::KpiSet>>> measured =
      study::RunReplicated((*session)->client(), plan->scenarios, plan->names,
                           plan->replications, "sweep",
                           absl::StrCat(args.Get("out"), "/.journal"));
  if (!measured.ok()) return Fail("sweep", measured.status());
  const std::vector<v1::ReplicationReport> reports =
      study::ReplicatedReports(*measured);
  const std::string csv_path = StudyFile(args, "csv");
  if (absl::Status s = WriteStudyFile(
          csv_path, study::SweepCsv(plan->axes, plan->points, reports));
      !s.ok()) {
    return Fail("sweep", s);
  }
  const std::string page = StudyFile(args, "html");
  const std::string meta = absl::StrFormat(
      "%zu points (%s), %d replications each with seeds %llu to %llu at "
      "every point (common random numbers); intervals are 95%% confidence "
      "intervals of the mean",
      plan->points.size(),
      absl::StrJoin(plan->axes, " x ",
                    [](std::string* text, const study::SweepAxis& axis) {
                      absl::StrAppend(text, axis.field);
                    }),
      plan->replications, static_cast<unsigned long long>(plan->seed),
      static_cast<unsigned long long>(plan->seed + plan->replications - 1));
  if (absl::Status s = report::WriteSweepReport(
          page, absl::StrCat("Sweep: ", args.Get("name")), meta,
          {plan->axes, plan->points, reports}, study::StaffingKpiNames());
      !s.ok()) {
    return Fail("sweep", s);
  }
  int width = 8;
  for (const std::vector<std::string>& point : plan->points) {
    width = std::max(width, static_cast<int>(absl::StrJoin(point, " ").size()));
  }
  std::printf("%5s  %-*s", "point", width, "settings");
  for (const study::StaffingKpi& shown : study::kStaffingKpis)
    std::printf("  %-27s", shown.heading);
  std::printf("\n%5s  %-*s", "", width, "");
  for (size_t i = 0; i < std::size(study::kStaffingKpis); ++i) {
    std::printf("  %-27s", "mean [95% CI of the mean]");
  }
  std::printf("\n");
  for (size_t p = 0; p < plan->points.size(); ++p) {
    std::printf("%s\n",
                TableRow(p, plan->points[p], width, reports[p]).c_str());
  }
  std::printf("\nevery KPI of every point: %s\nreport: %s\n", csv_path.c_str(),
              page.c_str());
  return 0;
}

}  // namespace

Command SweepCommand() {
  std::vector<OptionSpec> options = ScenarioOptions();
  std::vector<OptionSpec> more = {
      {"vary", "",
       "FIELD=SPEC, repeatable: a scenario field (as --set names it) over "
       "A..B (whole numbers), FROM:TO:STEP or V1,V2,..., or policy=FILE,FILE "
       "(threshold policies, each checked against its own cases and "
       "loaded); every combination of the fields is a point",
       /*repeatable=*/true},
      {"replications", "3",
       "runs per point, with seeds seed, seed+1, ... at every point (common "
       "random numbers: points differ by their settings, not by chance)"},
  };
  for (OptionSpec& o : more) options.push_back(std::move(o));
  options.push_back(FitStepsOption());
  for (OptionSpec& o : StudyOutputOptions(
           "sweep", "run ids NAME-pP-rR, OUT/NAME.csv and OUT/NAME.html")) {
    options.push_back(std::move(o));
  }
  for (OptionSpec& o : SessionOptions()) options.push_back(std::move(o));
  return {{"sweep",
           "scenario fields over ranges of values, each point replicated "
           "with common random numbers and run concurrently; prints the "
           "staffing KPIs per point and writes every KPI to OUT/NAME.csv "
           "(point, fields, kpi, mean, lo95, hi95) and draws them on "
           "OUT/NAME.html. With --la the authority's scenario is fitted to "
           "its year before first (--fit_steps) and written as "
           "OUT/NAME-scenario.textproto",
           "frontdoor sweep --vary=FIELD=SPEC [--vary=...] [--scenario=FILE "
           "| --la=CODE --year=YYYY-YY] [--set=FIELD=VALUE] "
           "[--replications=N] [--out=DIR]",
           options},
          RunSweep};
}

}  // namespace frontdoor::cli
