// Fitting an authority's scenario before it runs.
#include "clients/cli/la_fit.h"

#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/scenario_args.h"
#include "clients/study/fit.h"
#include "clients/study/la_table.h"

namespace frontdoor::cli {

OptionSpec FitStepsOption() {
  return {"fit_steps", "3",
          "with --la: simulated years of the fit to the year before (0: no "
          "fit)"};
}

absl::Status FitAuthority(ServiceClient& client, const Args& args,
                          study::ScenarioSource& source, const std::string& out,
                          const std::string& run_id, const std::string& command,
                          std::FILE* text) {
  absl::StatusOr<int> fit_steps = args.Int("fit_steps", 0, 10);
  if (!fit_steps.ok()) return fit_steps.status();
  const int steps = *fit_steps;
  const study::LaScenario& la = *source.la;
  absl::StatusOr<study::LaTable> table =
      study::LaTable::Load(ScenarioRequestFrom(args).table_file);
  if (!table.ok()) return table.status();
  std::vector<std::pair<std::string, v1::Scenario>> las = {
      {la.code, source.scenario}};
  absl::StatusOr<study::FitOutcome> fit = study::FitAuthorities(
      client, *table, la.from_year, steps, las, absl::StrCat(out, "/.journal"));
  if (!fit.ok()) return fit.status();
  source.scenario = las[0].second;
  if (fit->fitted > 0) std::fprintf(text, "%s\n", fit->text.c_str());
  std::filesystem::create_directories(out);
  const std::string path =
      absl::StrCat(out, "/", run_id, "-scenario.textproto");
  std::ofstream file(path);
  file << study::ScenarioText(
      source.scenario,
      study::ScenarioHeader(la.name, la.code, la.year, la.from_year, command,
                            fit->fitted > 0 ? steps : 0));
  file.close();
  if (!file) return absl::FailedPreconditionError("cannot write " + path);
  std::fprintf(text, "scenario: %s (edit it and run it with --scenario)\n\n",
               path.c_str());
  std::fflush(text);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::Scenario>> FittedStudyBase(
    ServiceClient& client, const Args& args, const std::string& command) {
  if (args.Get("la").empty()) return std::nullopt;
  absl::StatusOr<study::ScenarioSource> source =
      study::LoadScenarioSource(ScenarioRequestFrom(args));
  if (!source.ok()) return source.status();
  if (absl::Status s = FitAuthority(client, args, *source, args.Get("out"),
                                    args.Get("name"), command, stderr);
      !s.ok()) {
    return s;
  }
  // The settings asked for stand over the fit's.
  if (absl::Status s = study::ApplySets(args.All("set"), source->scenario);
      !s.ok()) {
    return s;
  }
  return source->scenario;
}

}  // namespace frontdoor::cli
