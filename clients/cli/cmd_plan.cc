// `frontdoor plan`: the least-cost setting of the varied fields that meets
// every target in enough replications, found by running settings in order
// of cost until one does.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"
#include "clients/cli/la_fit.h"
#include "clients/cli/plan_request.h"
#include "clients/cli/scenario_args.h"
#include "clients/cli/study_output.h"
#include "clients/lib/json_out.h"
#include "clients/report/html_report.h"
#include "clients/report/plan_report.h"
#include "clients/study/plan_search.h"
#include "clients/study/scenario_source.h"
#include "clients/study/sensitivity.h"
#include "clients/study/study_runs.h"

namespace frontdoor::cli {
namespace {

// Runs the recommended setting (index `setting`) under each --stress
// what-if, with the same seeds, and adds what it meets to `report`.
absl::Status AddStressTests(ServiceClient& client, const PlanRequest& r,
                            size_t setting, const std::string& name,
                            const std::string& journal,
                            v1::PlanReport& report) {
  if (r.stresses.empty()) return absl::OkStatus();
  std::vector<v1::Scenario> scenarios;
  std::vector<std::string> names;
  for (size_t s = 0; s < r.stresses.size(); ++s) {
    v1::Scenario stressed = r.scenarios[setting];
    if (absl::Status e = study::ApplySets(r.stresses[s], stressed); !e.ok()) {
      return e;
    }
    scenarios.push_back(std::move(stressed));
    names.push_back(absl::StrCat(name, "-stress", s + 1));
  }
  absl::StatusOr<std::vector<std::vector<v1::KpiSet>>> kpis =
      study::RunReplicated(client, scenarios, names, r.replications,
                           "plan, stress tests", journal);
  if (!kpis.ok()) return kpis.status();
  for (size_t s = 0; s < r.stresses.size(); ++s) {
    *report.add_stressed() =
        study::MeasurePoint(r.settings[setting], r.costs[setting], r.targets,
                            (*kpis)[s], r.replications, r.required);
  }
  return absl::OkStatus();
}

// The plan's answer from the search: every setting tried up to the
// answer, the recommendation and the next cheaper setting; `recommended`
// is set to the answer's index in r.settings, `untried` to the settings
// not run to the end.
v1::PlanReport Answer(const PlanRequest& r, const std::vector<size_t>& order,
                      const study::PlanSearch& search,
                      std::optional<size_t>& recommended, size_t& untried) {
  v1::PlanReport report;
  for (const study::Target& t : r.targets) report.add_targets(t.text);
  report.set_required_probability(r.required);
  report.set_replications(r.replications);
  std::vector<std::vector<std::string>> tried;
  for (size_t k = 0; k < order.size(); ++k) {
    const std::vector<v1::KpiSet>& measured = search.Measured(k);
    // Past the answer, a setting begun but not finished says nothing.
    if (measured.empty() || (recommended.has_value() && !search.RuledOut(k))) {
      ++untried;
      continue;
    }
    const size_t i = order[k];
    v1::PlanPoint point =
        study::MeasurePoint(r.settings[i], r.costs[i], r.targets, measured,
                            r.replications, r.required);
    if (search.Cheapest() == k) {
      *report.mutable_recommendation() = point;
      recommended = i;
    }
    *report.add_frontier() = std::move(point);
    tried.push_back(r.settings[i]);
  }
  if (recommended.has_value()) {
    for (const v1::PlanPoint& p : report.frontier()) {
      if (p.cost() < report.recommendation().cost() && !p.meets()) {
        *report.mutable_next_cheaper() = p;  // the last, costliest such
      }
    }
  }
  for (std::string& note : study::MonotonicityNotes(
           tried, {report.frontier().begin(), report.frontier().end()},
           r.targets)) {
    report.add_notes(std::move(note));
  }
  return report;
}

// The targets' KPIs, each once: what the plan's tornadoes chart.
std::vector<std::string> TargetKpis(const std::vector<study::Target>& targets) {
  std::vector<std::string> kpis;
  for (const study::Target& t : targets) {
    if (std::find(kpis.begin(), kpis.end(), t.kpi) == kpis.end()) {
      kpis.push_back(t.kpi);
    }
  }
  return kpis;
}

int RunPlanCommand(const Args& args) {
  absl::StatusOr<std::string> format_name =
      FormatNameOf(args, {"text", "json"});
  if (!format_name.ok()) return Fail("plan", format_name.status());
  const std::string& format = *format_name;
  absl::StatusOr<PlanRequest> request = ReadPlanRequest(args);
  if (!request.ok()) return Fail("plan", request.status());
  absl::StatusOr<std::unique_ptr<ServiceSession>> session = OpenStudy(args);
  if (!session.ok()) return Fail("plan", session.status());
  ServiceClient& client = (*session)->client();
  absl::StatusOr<std::optional<v1::Scenario>> fitted =
      FittedStudyBase(client, args, "plan --la");
  if (!fitted.ok()) return Fail("plan", fitted.status());
  if (fitted->has_value()) request = ReadPlanRequest(args, *fitted);
  if (!request.ok()) return Fail("plan", request.status());
  const PlanRequest& r = *request;
  const std::string journal = absl::StrCat(args.Get("out"), "/.journal");

  // Cheapest first; the first that meets every target is the answer, as
  // every setting after it costs at least as much.
  std::vector<size_t> order(r.settings.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return r.costs[a] < r.costs[b]; });
  std::vector<v1::Scenario> scenarios;
  std::vector<std::string> names;
  for (size_t i : order) {
    scenarios.push_back(r.scenarios[i]);
    names.push_back(absl::StrCat(args.Get("name"), "-s", i + 1));
  }
  absl::StatusOr<study::PlanSearch> search =
      study::SearchCheapest(client, scenarios, names, r.targets, r.replications,
                            r.required, "plan", journal);
  if (!search.ok()) return Fail("plan", search.status());
  std::optional<size_t> recommended;
  size_t untried = 0;
  v1::PlanReport report = Answer(r, order, *search, recommended, untried);
  std::vector<study::Tornado> tornadoes;
  if (recommended.has_value()) {
    if (absl::Status s = AddStressTests(client, r, *recommended,
                                        args.Get("name"), journal, report);
        !s.ok()) {
      return Fail("plan", s);
    }
    if (!r.sensitivity.empty()) {
      absl::StatusOr<std::vector<v1::Scenario>> around =
          study::SensitivityScenarios(r.scenarios[*recommended], r.sensitivity);
      if (!around.ok()) return Fail("plan", around.status());
      absl::StatusOr<std::vector<study::Tornado>> measured =
          study::RunSensitivity(client, *around, r.sensitivity,
                                TargetKpis(r.targets), r.replications,
                                absl::StrCat(args.Get("name"), "-sensitivity"),
                                journal);
      if (!measured.ok()) return Fail("plan", measured.status());
      tornadoes = *std::move(measured);
    }
  }
  const std::string csv = StudyFile(args, "csv");
  const std::string page = StudyFile(args, "html");
  std::vector<std::string> fields, stresses;
  for (const study::SweepAxis& a : r.axes) fields.push_back(a.field);
  for (const std::vector<std::string>& s : r.stresses) stresses.push_back(s[0]);
  const std::string meta = absl::StrFormat(
      "%zu settings of %s, cheapest first; %d replications each with the "
      "same seeds; every target to be met in at least %.0f%% of them; costs "
      "a year from %s",
      r.settings.size(), absl::StrJoin(fields, ", "), r.replications,
      100 * r.required, r.rates.source());
  for (const absl::Status& s :
       {WriteStudyFile(csv, FrontierCsv(r, report)),
        report::WritePage(
            page,
            report::PlanPage(absl::StrCat("Plan: ", args.Get("name")), meta,
                             report, fields, stresses, tornadoes))}) {
    if (!s.ok()) return Fail("plan", s);
  }
  if (format == "json") {
    std::printf("%s\n", ToAnalystJson(report).c_str());
  } else {
    PrintPlan(r, report, untried, csv, page);
    if (!tornadoes.empty()) {
      std::printf("what moves the targets at the recommendation: %s\n",
                  page.c_str());
    }
  }
  return report.has_recommendation() ? 0 : 1;
}

}  // namespace

Command PlanCommand() {
  std::vector<OptionSpec> options = ScenarioOptions();
  std::vector<OptionSpec> more = {
      {"target", "",
       "KPI>=VALUE or KPI<=VALUE on an overall KPI, repeatable, such as "
       "'decided_within_one_working_day>=0.8' 'caseload_per_worker<=18'",
       /*repeatable=*/true},
      {"vary", "",
       "FIELD=SPEC, repeatable: a field the plan may change and its values "
       "(A..B, FROM:TO:STEP or V1,V2,...), as sweep takes them",
       /*repeatable=*/true},
      {"probability", "0.9",
       "the share of replications in which every target must be met"},
      {"replications", "5",
       "runs per setting, with the same seeds at every setting"},
      {"costs", "",
       "what staff cost a year, a frontdoor.v1.Costs textproto (default: "
       "the shipped costs/default.textproto, sourced in the file)"},
      {"stress", "",
       "FIELD=VALUE, repeatable: re-checks the recommendation under each "
       "what-if, such as demand.volume_multiplier=1.1",
       /*repeatable=*/true},
      {"sensitivity", "",
       "FIELD=LOW,HIGH, repeatable: an input to vary alone about the "
       "recommendation, each target's KPI drawn as a tornado on the page",
       /*repeatable=*/true},
  };
  options = WithFormat(std::move(options),
                       "text, or json: one frontdoor.v1.PlanReport");
  for (OptionSpec& o : more) options.push_back(std::move(o));
  options.push_back(FitStepsOption());
  for (OptionSpec& o : StudyOutputOptions(
           "plan",
           "run ids NAME-sS-rR, OUT/NAME.csv and the page OUT/NAME.html")) {
    options.push_back(std::move(o));
  }
  for (OptionSpec& o : SessionOptions()) options.push_back(std::move(o));
  return {{"plan",
           "the least-cost setting of the --vary fields that meets every "
           "--target in at least --probability of the replications: settings "
           "run cheapest first, each ruled out once a target has missed too "
           "often, until one meets them; prints it with each target's "
           "probability, the next cheaper setting and why it fails, writes "
           "every setting tried to OUT/NAME.csv and the cost frontier (with "
           "--sensitivity, tornadoes) to OUT/NAME.html; exit 1 when none "
           "meets the targets",
           "frontdoor plan --target='KPI>=X' [--target=...] "
           "--vary=FIELD=SPEC [--vary=...] [--scenario=FILE | --la=CODE "
           "--year=YYYY-YY] [--probability=0.9] [--stress=FIELD=VALUE] "
           "[--sensitivity=FIELD=LOW,HIGH] [--format=json]",
           options},
          RunPlanCommand};
}

}  // namespace frontdoor::cli
