// `frontdoor plan`: the least-cost setting of the varied fields that meets
// every target in enough replications, found by running settings in order
// of cost until one does.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"
#include "clients/cli/scenario_args.h"
#include "clients/lib/json_out.h"
#include "clients/lib/local_cluster.h"
#include "clients/lib/service_session.h"
#include "clients/study/plan.h"
#include "clients/study/plan_search.h"
#include "clients/study/scenario_source.h"
#include "clients/study/study_runs.h"
#include "clients/study/sweep.h"
#include "lib/domain/text_files.h"

namespace frontdoor::cli {
namespace {

// What the plan was asked.
struct PlanRequest {
  std::vector<study::Target> targets;
  std::vector<study::SweepAxis> axes;
  std::vector<std::vector<std::string>> settings;
  std::vector<v1::Scenario> scenarios;
  std::vector<double> costs;
  std::vector<std::vector<std::string>> stresses;
  int replications = 5;
  double required = 0.9;
  v1::Costs rates;
};

absl::StatusOr<PlanRequest> ReadRequest(const Args& args) {
  PlanRequest r;
  if (!absl::SimpleAtoi(args.Get("replications"), &r.replications) ||
      r.replications < 1 || r.replications > 100) {
    return absl::InvalidArgumentError("--replications: 1 to 100");
  }
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
      study::LoadScenarioSource(ScenarioRequestFrom(args));
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
  return r;
}

std::string Settings(const v1::PlanPoint& p,
                     const std::vector<study::SweepAxis>& axes) {
  std::vector<std::string> parts;
  for (const study::SweepAxis& axis : axes) {
    auto it = p.fields().find(axis.field);
    if (it != p.fields().end()) parts.push_back(axis.field + "=" + it->second);
  }
  return absl::StrJoin(parts, " ");
}

std::string Pounds(double cost) {
  const std::string digits = absl::StrFormat("%.0f", cost);
  std::string text = "£";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') {
      text.push_back(',');
    }
    text.push_back(digits[i]);
  }
  return text;
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

std::string FrontierCsv(const PlanRequest& r, const v1::PlanReport& report) {
  std::string csv = "cost";
  for (const study::SweepAxis& a : r.axes) absl::StrAppend(&csv, ",", a.field);
  for (const study::Target& t : r.targets) {
    absl::StrAppend(&csv, ",\"P(", t.text, ")\"");
  }
  absl::StrAppend(&csv, ",meets\n");
  for (const v1::PlanPoint& p : report.frontier()) {
    absl::StrAppendFormat(&csv, "%.0f", p.cost());
    for (const study::SweepAxis& a : r.axes) {
      absl::StrAppend(&csv, ",", p.fields().at(a.field));
    }
    for (const study::Target& t : r.targets) {
      absl::StrAppend(&csv, ",", p.probability().at(t.text));
    }
    absl::StrAppend(&csv, ",", p.meets() ? "yes" : "no", "\n");
  }
  return csv;
}

void PrintReport(const PlanRequest& r, const v1::PlanReport& report,
                 size_t untried, const std::string& csv_path) {
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
  std::printf("\nevery setting tried: %s\n", csv_path.c_str());
}

// Runs the recommended setting (index `setting`) under each --stress
// what-if, with the same seeds, and adds what it meets to `report`.
absl::Status AddStressTests(ServiceClient& client, const PlanRequest& r,
                            size_t setting, const std::string& name,
                            const std::string& out, v1::PlanReport& report) {
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
                           "plan, stress tests",
                           absl::StrCat(out, "/.journal"));
  if (!kpis.ok()) return kpis.status();
  for (size_t s = 0; s < r.stresses.size(); ++s) {
    *report.add_stressed() =
        study::MeasurePoint(r.settings[setting], r.costs[setting], r.targets,
                            (*kpis)[s], r.replications, r.required);
  }
  return absl::OkStatus();
}

int RunPlanCommand(const Args& args) {
  const std::string format = args.Get("format");
  if (format != "text" && format != "json") {
    return Fail("plan", absl::InvalidArgumentError("--format: text or json"));
  }
  absl::StatusOr<PlanRequest> request = ReadRequest(args);
  if (!request.ok()) return Fail("plan", request.status());
  PlanRequest& r = *request;
  const std::string out = args.Get("out");
  std::error_code made;
  std::filesystem::create_directories(out, made);
  if (made) {
    return Fail("plan", absl::PermissionDeniedError(
                            absl::StrCat("--out: cannot create ", out)));
  }
  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args);
  if (!session.ok()) return Fail("plan", session.status());
  (*session)->client().set_retry(PatientRetry());

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
  absl::StatusOr<study::PlanSearch> search = study::SearchCheapest(
      (*session)->client(), scenarios, names, r.targets, r.replications,
      r.required, "plan", absl::StrCat(out, "/.journal"));
  if (!search.ok()) return Fail("plan", search.status());
  v1::PlanReport report;
  for (const study::Target& t : r.targets) report.add_targets(t.text);
  report.set_required_probability(r.required);
  report.set_replications(r.replications);
  std::vector<std::vector<std::string>> tried_settings;
  std::optional<size_t> recommended;  // its index in r.settings
  size_t untried = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    const std::vector<v1::KpiSet>& measured = search->Measured(k);
    // Past the answer, a setting begun but not finished says nothing.
    if (measured.empty() || (recommended.has_value() && !search->RuledOut(k))) {
      ++untried;
      continue;
    }
    const size_t i = order[k];
    v1::PlanPoint point =
        study::MeasurePoint(r.settings[i], r.costs[i], r.targets, measured,
                            r.replications, r.required);
    if (search->Cheapest() == k) {
      *report.mutable_recommendation() = point;
      recommended = i;
    }
    *report.add_frontier() = std::move(point);
    tried_settings.push_back(r.settings[i]);
  }
  if (recommended.has_value()) {
    for (const v1::PlanPoint& p : report.frontier()) {
      if (p.cost() < report.recommendation().cost() && !p.meets()) {
        *report.mutable_next_cheaper() = p;  // the last, costliest such
      }
    }
    if (absl::Status s = AddStressTests((*session)->client(), r, *recommended,
                                        args.Get("name"), out, report);
        !s.ok()) {
      return Fail("plan", s);
    }
  }
  for (std::string& note : study::MonotonicityNotes(
           tried_settings, {report.frontier().begin(), report.frontier().end()},
           r.targets)) {
    report.add_notes(std::move(note));
  }
  const std::string csv_path = absl::StrCat(out, "/", args.Get("name"), ".csv");
  std::ofstream csv(csv_path);
  csv << FrontierCsv(r, report);
  csv.close();
  if (!csv) {
    return Fail("plan", absl::PermissionDeniedError(
                            absl::StrCat("cannot write ", csv_path)));
  }
  if (format == "json") {
    std::printf("%s\n", ToAnalystJson(report).c_str());
  } else {
    PrintReport(r, report, untried, csv_path);
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
      {"format", "text", "text, or json: one frontdoor.v1.PlanReport"},
      {"name", "plan", "run ids NAME-sS-rR and the table OUT/NAME.csv"},
      {"out", "frontdoor-out", "folder for the table"},
  };
  for (OptionSpec& o : more) options.push_back(std::move(o));
  for (OptionSpec& o : SessionOptions()) options.push_back(std::move(o));
  return {{"plan",
           "the least-cost setting of the --vary fields that meets every "
           "--target in at least --probability of the replications: settings "
           "run cheapest first until one does; prints it with each target's "
           "probability, the next cheaper setting and why it fails, and "
           "writes every setting tried to OUT/NAME.csv; exit 1 when none "
           "meets the targets",
           "frontdoor plan --target='KPI>=X' [--target=...] "
           "--vary=FIELD=SPEC [--vary=...] [--scenario=FILE] "
           "[--probability=0.9] [--stress=FIELD=VALUE] [--format=json]",
           options},
          RunPlanCommand};
}

}  // namespace frontdoor::cli
