// The options that choose a scenario (--scenario, --la, --year), shared by
// every command that runs one.
#ifndef FRONTDOOR_CLIENTS_CLI_SCENARIO_ARGS_H_
#define FRONTDOOR_CLIENTS_CLI_SCENARIO_ARGS_H_

#include <vector>

#include "clients/lib/cli_args.h"
#include "clients/study/scenario_source.h"

namespace frontdoor::cli {

// --scenario, --la, --year and --set, with their help.
std::vector<OptionSpec> ScenarioOptions();

// --set FIELD=VALUE, repeatable: for commands with scenario options of
// their own.
OptionSpec SetOption();

// What those options ask for, with the shipped files as defaults.
study::ScenarioRequest ScenarioRequestFrom(const Args& args);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_CLI_SCENARIO_ARGS_H_
