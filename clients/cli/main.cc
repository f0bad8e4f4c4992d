// frontdoor: the command-line tool that drives the frontdoor services.
#include <vector>

#include "clients/cli/cli_app.h"
#include "clients/cli/commands.h"

namespace frontdoor::cli {

std::vector<Command> AllCommands() {
  std::vector<Command> commands = {
      SimulateCommand(), CompareCommand(), ReportCommand(), UpCommand(),
      DemoCommand(),     SubmitCommand(),  ChildCommand(),  CaseloadsCommand()};
  commands.push_back(ReplayCommand());
  commands.push_back(ForecastCommand());
  commands.push_back(BacktestCommand());
  commands.push_back(SweepCommand());
  commands.push_back(PlanCommand());
  commands.push_back(SensitivityCommand());
  for (Command& c : NationalCommands()) commands.push_back(std::move(c));
  commands.push_back(GenerateHistoryCommand());
  commands.push_back(ProbeCommand());
  for (Command& c : RunsCommands()) commands.push_back(std::move(c));
  for (Command& c : PolicyCommands()) commands.push_back(std::move(c));
  for (Command& c : TokenCommands()) commands.push_back(std::move(c));
  return commands;
}

}  // namespace frontdoor::cli

int main(int argc, char** argv) {
  const std::vector<frontdoor::cli::Command> commands =
      frontdoor::cli::AllCommands();
  return frontdoor::cli::RunCommandLine(commands, argc, argv);
}
