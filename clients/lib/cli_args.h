// What a frontdoor subcommand accepts and what it was given. Commands declare
// their options here; clients/cli/cli_app.cc turns the declarations into a
// CLI11 parser (help, short flags, environment variables, strict booleans,
// suggestions) and hands each command its Args.
#ifndef FRONTDOOR_CLIENTS_LIB_CLI_ARGS_H_
#define FRONTDOOR_CLIENTS_LIB_CLI_ARGS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace frontdoor::cli {

// The exit codes of every frontdoor command.
enum ExitCode {
  kExitDone = 0,         // the job was done
  kExitFailed = 1,       // the job failed (a missing run, a refused input)
  kExitUsage = 2,        // the command line or an input file is wrong
  kExitUnreachable = 3,  // the services did not answer
};

// One --name=value option of a command. An option whose default is "true"
// or "false" is a flag: bare, or with a strict boolean value.
struct OptionSpec {
  std::string name;
  std::string default_value;
  std::string help;
  // May be given more than once (Args::All returns every value).
  bool repeatable = false;
};

// What a command accepts.
struct CommandSpec {
  std::string name;
  std::string summary;
  std::string usage;
  std::vector<OptionSpec> options;
  // Names of required positional arguments, in order (e.g. {"FILE"}); a
  // last name ending in "..." takes one or more.
  std::vector<std::string> positional;
};

// Parsed options: every declared option has a value (its default if absent).
class Args {
 public:
  // `given` holds the values of the options given (or set from the
  // environment), in order; the others take their defaults from `spec`.
  Args(const CommandSpec& spec,
       std::map<std::string, std::vector<std::string>> given,
       std::vector<std::string> positional);
  Args() = default;

  // The value of an option declared in the spec (the last, if repeated).
  const std::string& Get(const std::string& name) const;
  // True when the option was given on the command line or the environment.
  bool Given(const std::string& name) const;
  // A flag's value (flags are parsed strictly, so this is exact).
  bool Flag(const std::string& name) const;
  // The whole number given for `name`, from `lo` to `hi`; INVALID_ARGUMENT
  // "--NAME: LO to HI" otherwise.
  absl::StatusOr<int> Int(const std::string& name, int lo, int hi) const;
  // Every value given for a repeatable option, in order.
  std::vector<std::string> All(const std::string& name) const;
  // True when the spec declares the option.
  bool Declared(const std::string& name) const {
    return values_.contains(name);
  }
  // The positional arguments given.
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> given_;
};

// How a command that prints data prints it: every such command takes
// --format=text|json|csv (those it can write), and --json as an alias of
// --format=json. Text is for people (shares as percentages); json and csv
// are for programs (shares as fractions).
enum class OutputFormat { kText, kJson, kCsv };

// `options` with --format (its help: `formats`, such as "text, json or
// csv") and its alias --json added.
std::vector<OptionSpec> WithFormat(std::vector<OptionSpec> options,
                                   const std::string& formats,
                                   const std::string& default_format = "text");

// The format asked for by name (--json: "json"); INVALID_ARGUMENT naming
// the `allowed` ones otherwise. For commands with a format of their own
// (policy test's junit).
absl::StatusOr<std::string> FormatNameOf(
    const Args& args, const std::vector<std::string>& allowed);

// The format asked for, as FormatNameOf checks it.
absl::StatusOr<OutputFormat> FormatOf(const Args& args,
                                      const std::vector<std::string>& allowed);

// The exit code for a failure: kExitUnreachable for services that did not
// answer, kExitUsage for invalid input, kExitFailed otherwise.
int ExitCodeOf(const absl::Status& status);

// Prints "frontdoor COMMAND: message" (with a hint to start the services
// when they did not answer) and returns ExitCodeOf(status).
int Fail(absl::string_view command, const absl::Status& status);

// True when the value is one a flag takes from the environment or after
// `=`: true/false, 1/0, yes/no, on/off.
bool ParseStrictBool(absl::string_view text, bool* value);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_LIB_CLI_ARGS_H_
