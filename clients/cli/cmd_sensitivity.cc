// `frontdoor sensitivity`: which inputs move a KPI most, each varied alone
// over its range with the same seeds as the base, drawn as tornadoes.
#include <cstdio>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"
#include "clients/cli/la_fit.h"
#include "clients/cli/scenario_args.h"
#include "clients/cli/study_output.h"
#include "clients/report/html_report.h"
#include "clients/report/plan_report.h"
#include "clients/report/svg_chart.h"
#include "clients/simulate/kpis.h"
#include "clients/study/plan.h"
#include "clients/study/scenario_source.h"
#include "clients/study/sensitivity.h"
#include "clients/study/sweep.h"

namespace frontdoor::cli {
namespace {

// What the study runs, read and checked before any run.
struct SensitivityRequest {
  std::vector<study::SensitivityInput> inputs;
  std::vector<v1::Scenario> scenarios;
  std::vector<std::string> kpis;
  int replications = 3;
};

// With a `base`, the inputs vary about it rather than about the scenario
// the options name.
absl::StatusOr<SensitivityRequest> ReadRequest(
    const Args& args, const std::optional<v1::Scenario>& base = std::nullopt) {
  SensitivityRequest r;
  absl::StatusOr<int> replications = args.Int("replications", 1, 100);
  if (!replications.ok()) return replications.status();
  r.replications = *replications;
  double range = 0;
  if (!absl::SimpleAtod(args.Get("range"), &range) || !(range > 0) ||
      range >= 1) {
    return absl::InvalidArgumentError("--range: above 0 and below 1");
  }
  r.kpis = args.All("kpi");
  if (r.kpis.empty()) r.kpis = study::StaffingKpiNames();
  for (const std::string& kpi : r.kpis) {
    if (absl::Status s = study::CheckScalarKpi(kpi); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--kpi ", s.message()));
    }
  }
  absl::StatusOr<study::ScenarioSource> source =
      base.has_value() ? study::ScenarioSource{*base, std::nullopt}
                       : study::LoadScenarioSource(ScenarioRequestFrom(args));
  if (!source.ok()) return source.status();
  for (const std::string& vary : args.All("vary")) {
    absl::StatusOr<study::SensitivityInput> input =
        study::ParseSensitivityInput(vary);
    if (!input.ok()) return input.status();
    r.inputs.push_back(*std::move(input));
  }
  if (r.inputs.empty()) {
    r.inputs = study::DefaultSensitivityInputs(source->scenario, range);
  }
  absl::StatusOr<std::vector<v1::Scenario>> scenarios =
      study::SensitivityScenarios(source->scenario, r.inputs);
  if (!scenarios.ok()) return scenarios.status();
  r.scenarios = *std::move(scenarios);
  return r;
}

void PrintTornado(const study::Tornado& t) {
  const bool share = IsShareKpi(t.kpi) && t.kpi != "screening_kappa";
  std::printf("\n%s (base %s), widest swing first:\n", t.kpi.c_str(),
              report::FormatValue(t.base, share).c_str());
  for (const study::TornadoBar& bar : t.bars) {
    std::printf("  %-44s  %9s  %9s\n",
                absl::StrCat(bar.input.field, " ", bar.input.low, " -> ",
                             bar.input.high)
                    .c_str(),
                report::FormatValue(bar.at_low, share).c_str(),
                report::FormatValue(bar.at_high, share).c_str());
  }
}

int RunSensitivityCommand(const Args& args) {
  absl::StatusOr<SensitivityRequest> request = ReadRequest(args);
  if (!request.ok()) return Fail("sensitivity", request.status());
  absl::StatusOr<std::unique_ptr<ServiceSession>> session = OpenStudy(args);
  if (!session.ok()) return Fail("sensitivity", session.status());
  absl::StatusOr<std::optional<v1::Scenario>> fitted =
      FittedStudyBase((*session)->client(), args, "sensitivity --la");
  if (!fitted.ok()) return Fail("sensitivity", fitted.status());
  if (fitted->has_value()) request = ReadRequest(args, *fitted);
  if (!request.ok()) return Fail("sensitivity", request.status());
  const SensitivityRequest& r = *request;
  std::fprintf(stderr,
               "sensitivity: %zu inputs at two ends and the base x %d "
               "replications = %zu runs\n",
               r.inputs.size(), r.replications,
               r.scenarios.size() * static_cast<size_t>(r.replications));
  absl::StatusOr<std::vector<study::Tornado>> tornadoes = study::RunSensitivity(
      (*session)->client(), r.scenarios, r.inputs, r.kpis, r.replications,
      args.Get("name"), absl::StrCat(args.Get("out"), "/.journal"));
  if (!tornadoes.ok()) return Fail("sensitivity", tornadoes.status());
  const std::string csv = StudyFile(args, "csv");
  const std::string page = StudyFile(args, "html");
  const std::string meta = absl::StrFormat(
      "%zu inputs, each at the low and the high end of its range with every "
      "other at the base; %d replications of each with seeds %llu to %llu "
      "(common random numbers); the means over the replications",
      r.inputs.size(), r.replications,
      static_cast<unsigned long long>(r.scenarios[0].seed()),
      static_cast<unsigned long long>(r.scenarios[0].seed() + r.replications -
                                      1));
  for (const absl::Status& s :
       {WriteStudyFile(csv, study::SensitivityCsv(*tornadoes)),
        report::WritePage(
            page, report::SensitivityPage(
                      absl::StrCat("Sensitivity: ", args.Get("name")), meta,
                      *tornadoes))}) {
    if (!s.ok()) return Fail("sensitivity", s);
  }
  std::printf("KPI with each input at its low and its high end:\n");
  for (const study::Tornado& t : *tornadoes) PrintTornado(t);
  std::printf("\nevery input and KPI: %s\nreport: %s\n", csv.c_str(),
              page.c_str());
  return 0;
}

}  // namespace

Command SensitivityCommand() {
  std::vector<OptionSpec> options = ScenarioOptions();
  std::vector<OptionSpec> more = {
      {"vary", "",
       "FIELD=LOW,HIGH, repeatable: an input and its range (any --vary "
       "spec: its first and last values); none: demand, screeners, partner "
       "checks, posts, vacancies, turnover, child-in-need length and "
       "early-help workers, each --range either side of the scenario's value",
       /*repeatable=*/true},
      {"range", "0.2", "the default inputs' range either side, as a share"},
      {"kpi", "",
       "an overall KPI to chart, repeatable (default: the staffing KPIs a "
       "sweep prints)",
       /*repeatable=*/true},
      {"replications", "3",
       "runs of the base and each end, with the same seeds throughout"},
  };
  for (OptionSpec& o : more) options.push_back(std::move(o));
  options.push_back(FitStepsOption());
  for (OptionSpec& o : StudyOutputOptions("sensitivity",
                                          "run ids NAME-iI-rR, OUT/NAME.csv "
                                          "and the tornadoes OUT/NAME.html")) {
    options.push_back(std::move(o));
  }
  for (OptionSpec& o : SessionOptions()) options.push_back(std::move(o));
  return {{"sensitivity",
           "which inputs move each KPI most: each input alone at the low and "
           "the high end of its range, every other at the base, replicated "
           "with the same seeds as the base; prints each KPI's inputs, "
           "widest swing first, writes OUT/NAME.csv (kpi, field, low, high, "
           "base, at_low, at_high, swing) and draws a tornado per KPI on "
           "OUT/NAME.html",
           "frontdoor sensitivity [--vary=FIELD=LOW,HIGH ...] [--kpi=KPI ...] "
           "[--scenario=FILE | --la=CODE --year=YYYY-YY] [--set=FIELD=VALUE] "
           "[--replications=N] [--out=DIR]",
           options},
          RunSensitivityCommand};
}

}  // namespace frontdoor::cli
