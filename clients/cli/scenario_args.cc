// The scenario options and their defaults.
#include "clients/cli/scenario_args.h"

#include "clients/lib/local_cluster.h"

namespace frontdoor::cli {

std::vector<OptionSpec> ScenarioOptions() {
  return {
      {"scenario", "",
       "scenario file (default: the shipped scenarios/default.textproto)"},
      {"la", "",
       "a local authority (ONS code such as E08000028, or name): its "
       "scenario is built from its previous year's published figures "
       "(data/la_inputs.csv) on top of --scenario, and every input is "
       "printed with its source"},
      {"year", "",
       "with --la: the reporting year simulated, such as 2023-24 (default: "
       "the year after the table's last)"},
      SetOption(),
  };
}

study::ScenarioRequest ScenarioRequestFrom(const Args& args) {
  return {.scenario_file = args.Get("scenario").empty()
                               ? ShippedFile("scenarios/default.textproto")
                               : args.Get("scenario"),
          .la = args.Get("la"),
          .year = args.Get("year"),
          .table_file = ShippedFile("data/la_inputs.csv"),
          .sets = args.All("set")};
}

OptionSpec SetOption() {
  return {"set", "",
          "FIELD=VALUE: sets a scenario field by its path in the scenario "
          "proto, over the file and the authority's inputs (repeatable: "
          "--set mash.screeners=6 --set demand.volume_multiplier=1.1; a list "
          "as 0.5,0.3,0.15,0.05)",
          /*repeatable=*/true};
}

}  // namespace frontdoor::cli
