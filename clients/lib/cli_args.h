// A small command-line parser for the frontdoor subcommands: each command
// declares its options with help text, so every command answers --help.
#ifndef FRONTDOOR_CLIENTS_LIB_CLI_ARGS_H_
#define FRONTDOOR_CLIENTS_LIB_CLI_ARGS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace frontdoor::cli {

// One --name=value option of a command.
struct OptionSpec {
  std::string name;
  std::string default_value;
  std::string help;
};

// What a command accepts.
struct CommandSpec {
  std::string name;
  std::string summary;
  std::string usage;
  std::vector<OptionSpec> options;
  // Names of required positional arguments, in order (e.g. {"FILE"}).
  std::vector<std::string> positional;
};

// Parsed options: every declared option has a value (its default if absent).
class Args {
 public:
  // Parses "--name=value", "--name value" and bare "--flag" (value "true").
  // Unknown options and stray words are errors naming them.
  static absl::StatusOr<Args> Parse(const CommandSpec& spec,
                                    const std::vector<std::string>& argv);

  // The value of an option declared in the spec.
  const std::string& Get(const std::string& name) const;
  // True when the option was given on the command line.
  bool Given(const std::string& name) const;
  // The option as a boolean ("true", "1", "yes").
  bool Flag(const std::string& name) const;
  // Every value given for a repeatable option, in order.
  std::vector<std::string> All(const std::string& name) const;
  // True when the spec declares the option.
  bool Declared(const std::string& name) const {
    return values_.contains(name);
  }
  // True when --help was given.
  bool help() const { return help_; }
  // The positional arguments, as many as the spec names.
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
  std::map<std::string, bool> given_;
  std::map<std::string, std::vector<std::string>> all_;
  bool help_ = false;
};

// The help text of a command.
std::string HelpText(const CommandSpec& spec);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_LIB_CLI_ARGS_H_
