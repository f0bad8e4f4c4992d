// Reading a plan's options, and printing its answer.
#include "clients/cli/plan_request.h"

#include <cmath>
#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/cli/scenario_args.h"
#include "clients/lib/local_cluster.h"
#include "clients/report/svg_chart.h"
#include "clients/study/scenario_source.h"
#include "lib/domain/text_files.h"

namespace frontdoor::cli {
namespace {

std::string Settings(const v1::PlanPoint& p,
                     const std::vector<study::SweepAxis>& axes) {
  std::vector<std::string> parts;
  for (const study::SweepAxis& axis : axes) {
    auto it = p.fields().find(axis.field);
    if (it != p.fields().end()) parts.push_back(axis.field + "=" + it->second);
  }
  return absl::StrJoin(parts, " ");
}

// "£7,578,166", as the plan's page writes it.
std::string Pounds(double cost) {
  return absl::StrCat("\u00a3", report::FormatValue(std::round(cost), false));
}

std::string Probabilities(const v1::PlanPoint& p,
                          const std::vector<study::Target>& targets) {
  std::string text;
  for (const study::Target& t : targets) {
    absl::StrAppendFormat(
        &text, "    %-46s met in %3.0f%% of %d %s\n", t.text,
        100 * p.probability().at(t.text), p.replications(),
        p.replications() == 1 ? "replication" : "replications");
  }
  return text;
}

}  // namespace

absl::StatusOr<PlanRequest> ReadPlanRequest(
    const Args& args, const std::optional<v1::Scenario>& base) {
  PlanRequest r;
  absl::StatusOr<int> replications = args.Int("replications", 1, 100);
  if (!replications.ok()) return replications.status();
  r.replications = *replications;
  if (!absl::SimpleAtod(args.Get("probability"), &r.required) ||
      !(r.required > 0) || r.required > 1) {
    return absl::InvalidArgumentError("--probability: above 0, at most 1");
  }
  for (const std::string& text : args.All("target")) {
    absl::StatusOr<study::Target> t = study::ParseTarget(text);
    if (!t.ok()) return t.status();
    r.targets.push_back(*std::move(t));
  }
  if (r.targets.empty()) {
    return absl::InvalidArgumentError(
        "--target: at least one, such as "
        "--target 'decided_within_one_working_day>=0.8'");
  }
  absl::StatusOr<std::vector<study::SweepAxis>> axes = study::ParseVaries(
      args.All("vary"),
      "--vary: the fields the plan may change and their values, such as "
      "--vary mash.screeners=3..8");
  if (!axes.ok()) return axes.status();
  r.axes = *std::move(axes);
  absl::StatusOr<std::vector<std::vector<std::string>>> settings =
      study::SweepPoints(r.axes);
  if (!settings.ok()) return settings.status();
  r.settings = *std::move(settings);
  const std::string costs_file = args.Get("costs").empty()
                                     ? ShippedFile("costs/default.textproto")
                                     : args.Get("costs");
  absl::StatusOr<std::string> text = ReadTextFile(costs_file);
  if (!text.ok()) return text.status();
  if (absl::Status s = ParseTextProto(*text, costs_file, &r.rates); !s.ok()) {
    return s;
  }
  absl::StatusOr<study::ScenarioSource> source =
      base.has_value() ? study::ScenarioSource{*base, std::nullopt}
                       : study::LoadScenarioSource(ScenarioRequestFrom(args));
  if (!source.ok()) return source.status();
  for (size_t p = 0; p < r.settings.size(); ++p) {
    v1::Scenario scenario = source->scenario;
    if (absl::Status s = study::ApplySets(r.settings[p], scenario); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "setting ", absl::StrJoin(r.settings[p], " "), ": ", s.message()));
    }
    r.costs.push_back(study::AnnualCost(scenario, r.rates));
    r.scenarios.push_back(std::move(scenario));
  }
  for (const std::string& stress : args.All("stress")) {
    r.stresses.push_back({stress});
    v1::Scenario check = source->scenario;
    if (absl::Status s = study::ApplySets({stress}, check); !s.ok()) return s;
  }
  for (const std::string& vary : args.All("sensitivity")) {
    absl::StatusOr<study::SensitivityInput> input =
        study::ParseSensitivityInput(vary);
    if (!input.ok()) return input.status();
    r.sensitivity.push_back(*std::move(input));
  }
  if (absl::StatusOr<std::vector<v1::Scenario>> checked =
          study::SensitivityScenarios(source->scenario, r.sensitivity);
      !checked.ok()) {
    return checked.status();
  }
  return r;
}

std::string FrontierCsv(const PlanRequest& r, const v1::PlanReport& report) {
  std::string csv = "cost";
  for (const study::SweepAxis& a : r.axes) absl::StrAppend(&csv, ",", a.field);
  for (const study::Target& t : r.targets) {
    absl::StrAppend(&csv, ",\"P(", t.text, ")\"");
  }
  absl::StrAppend(&csv, ",replications,meets\n");
  for (const v1::PlanPoint& p : report.frontier()) {
    absl::StrAppendFormat(&csv, "%.0f", p.cost());
    for (const study::SweepAxis& a : r.axes) {
      absl::StrAppend(&csv, ",", p.fields().at(a.field));
    }
    for (const study::Target& t : r.targets) {
      absl::StrAppend(&csv, ",", p.probability().at(t.text));
    }
    absl::StrAppend(&csv, ",", p.replications(), ",", p.meets() ? "yes" : "no",
                    "\n");
  }
  return csv;
}

void PrintPlan(const PlanRequest& r, const v1::PlanReport& report,
               size_t untried, const std::string& csv_path,
               const std::string& page_path) {
  std::printf(
      "plan: %zu settings of %s; %d replications each (the same seeds at "
      "every setting); every target met in at least %.0f%% of them; costs "
      "a year from %s\n\ntried, cheapest first:\n",
      r.settings.size(),
      absl::StrJoin(r.axes, ", ",
                    [](std::string* out, const study::SweepAxis& a) {
                      out->append(a.field);
                    })
          .c_str(),
      r.replications, 100 * r.required, r.rates.source().c_str());
  for (const v1::PlanPoint& p : report.frontier()) {
    std::string verdict =
        p.meets() ? "meets every target"
                  : absl::StrCat("fails ", absl::StrJoin(p.failing(), ", "));
    if (p.replications() < r.replications) {
      absl::StrAppend(&verdict, " (ruled out after ", p.replications(), " of ",
                      r.replications, " replications)");
    }
    std::printf("  %12s  %-44s  %s\n", Pounds(p.cost()).c_str(),
                Settings(p, r.axes).c_str(), verdict.c_str());
  }
  if (untried > 0) {
    std::printf("  (%zu costlier settings not run, or not to the end)\n",
                untried);
  }
  if (!report.has_recommendation()) {
    std::printf(
        "\nno setting tried meets every target; widen the --vary ranges\n");
  } else {
    const v1::PlanPoint& rec = report.recommendation();
    std::printf("\nrecommendation: %s, %s a year\n%s",
                Settings(rec, r.axes).c_str(), Pounds(rec.cost()).c_str(),
                Probabilities(rec, r.targets).c_str());
    if (report.has_next_cheaper()) {
      const v1::PlanPoint& next = report.next_cheaper();
      std::printf("next cheaper: %s, %s a year, fails %s\n%s",
                  Settings(next, r.axes).c_str(), Pounds(next.cost()).c_str(),
                  absl::StrJoin(next.failing(), ", ").c_str(),
                  Probabilities(next, r.targets).c_str());
    } else {
      std::printf("it is the cheapest setting tried\n");
    }
    for (int i = 0; i < report.stressed_size(); ++i) {
      const v1::PlanPoint& s = report.stressed(i);
      std::printf("under %s: %s\n%s", r.stresses[i][0].c_str(),
                  s.meets()
                      ? "still meets every target"
                      : absl::StrCat("fails ", absl::StrJoin(s.failing(), ", "))
                            .c_str(),
                  Probabilities(s, r.targets).c_str());
    }
  }
  for (const std::string& note : report.notes()) {
    std::printf("note: %s\n", note.c_str());
  }
  std::printf("\nevery setting tried: %s\nreport: %s\n", csv_path.c_str(),
              page_path.c_str());
}

}  // namespace frontdoor::cli
