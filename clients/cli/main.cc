// frontdoor: the command-line tool that drives the frontdoor services.
#include <cstdio>
#include <string>
#include <vector>

#include "clients/cli/commands.h"

namespace frontdoor::cli {

std::vector<Command> AllCommands() {
  std::vector<Command> commands = {
      SimulateCommand(), CompareCommand(), UpCommand(),       DemoCommand(),
      SubmitCommand(),   ChildCommand(),   CaseloadsCommand()};
  commands.push_back(ReplayCommand());
  commands.push_back(GenerateHistoryCommand());
  for (Command& c : RunsCommands()) commands.push_back(std::move(c));
  for (Command& c : PolicyCommands()) commands.push_back(std::move(c));
  return commands;
}

namespace {

void PrintOverview() {
  std::printf(
      "frontdoor: model a children's-services front door (MASH) before you "
      "change it.\n\nUsage: frontdoor COMMAND [options]   "
      "(frontdoor COMMAND --help for its options)\n\nCommands:\n");
  for (const Command& command : AllCommands()) {
    std::printf("  %-12s %s\n", command.spec.name.c_str(),
                command.spec.summary.c_str());
  }
}

}  // namespace
}  // namespace frontdoor::cli

int main(int argc, char** argv) {
  using frontdoor::cli::AllCommands;
  if (argc < 2 || std::string(argv[1]) == "help" ||
      std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    frontdoor::cli::PrintOverview();
    return argc < 2 ? 2 : 0;
  }
  // Two-word commands ("policy test") take their second word from argv[2].
  std::string name = argv[1];
  int first_arg = 2;
  if (name == "runs" && (argc == 2 || argv[2][0] == '-')) name = "runs list";
  if ((name == "policy" || name == "runs") && argc > 2 && argv[2][0] != '-') {
    name = name + " " + argv[2];
    first_arg = 3;
  }
  for (const frontdoor::cli::Command& command : AllCommands()) {
    if (command.spec.name != name) continue;
    absl::StatusOr<frontdoor::cli::Args> args = frontdoor::cli::Args::Parse(
        command.spec, std::vector<std::string>(argv + first_arg, argv + argc));
    if (!args.ok()) {
      std::fprintf(stderr, "frontdoor %s: %s\n", name.c_str(),
                   std::string(args.status().message()).c_str());
      return 2;
    }
    if (args->help()) {
      std::printf("%s", frontdoor::cli::HelpText(command.spec).c_str());
      return 0;
    }
    return command.run(*args);
  }
  std::fprintf(stderr, "frontdoor: unknown command '%s'\n\n", name.c_str());
  frontdoor::cli::PrintOverview();
  return 2;
}
