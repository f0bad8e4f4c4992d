// The frontdoor subcommands: each has a spec (options with help) and a body.
#ifndef FRONTDOOR_CLIENTS_CLI_COMMANDS_H_
#define FRONTDOOR_CLIENTS_CLI_COMMANDS_H_

#include <functional>
#include <vector>

#include "clients/lib/cli_args.h"

namespace frontdoor::cli {

// A subcommand: its options and what it does; returns the exit code.
struct Command {
  CommandSpec spec;
  std::function<int(const Args&)> run;
};

Command UpCommand();
Command ProbeCommand();
Command SubmitCommand();
Command ChildCommand();
Command CaseloadsCommand();
Command DemoCommand();
// `policy test`, `policy diff`, `policy load`, `policy list`.
std::vector<Command> PolicyCommands();
Command SimulateCommand();
Command CompareCommand();
Command ReportCommand();
Command ReplayCommand();
Command GenerateHistoryCommand();
Command ForecastCommand();
Command BacktestCommand();
Command SweepCommand();
Command PlanCommand();
Command SensitivityCommand();
// `national run`, `national merge`.
std::vector<Command> NationalCommands();
// `runs list`, `runs show`, `runs export`, `runs delete`.
std::vector<Command> RunsCommands();
// `token issue`, `token revoke`, `token list`.
std::vector<Command> TokenCommands();

// All subcommands, in the order `frontdoor help` lists them.
std::vector<Command> AllCommands();

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_CLI_COMMANDS_H_
