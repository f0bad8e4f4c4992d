// The frontdoor command line, on CLI11: every command's declared options
// become a parser with -h/--help, --version, short flags, `--`, environment
// variables for the service addresses, strict booleans and "did you mean"
// suggestions for mistyped commands and options.
#ifndef FRONTDOOR_CLIENTS_CLI_CLI_APP_H_
#define FRONTDOOR_CLIENTS_CLI_CLI_APP_H_

#include <string>
#include <vector>

#include "clients/cli/commands.h"

namespace frontdoor::cli {

// Parses argv against `commands` and runs the chosen one; returns the exit
// code (see ExitCode).
int RunCommandLine(const std::vector<Command>& commands, int argc, char** argv);

// The closest of `candidates` to `word` by edit distance, or "" when none is
// close enough to be what was meant.
std::string Closest(const std::string& word,
                    const std::vector<std::string>& candidates);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_CLI_CLI_APP_H_
