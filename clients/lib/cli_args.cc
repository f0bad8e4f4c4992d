// Subcommand option parsing.
#include "clients/lib/cli_args.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace frontdoor::cli {
namespace {

const OptionSpec* FindOption(const CommandSpec& spec, const std::string& name) {
  for (const OptionSpec& option : spec.options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<Args> Args::Parse(const CommandSpec& spec,
                                 const std::vector<std::string>& argv) {
  Args args;
  for (const OptionSpec& option : spec.options) {
    args.values_[option.name] = option.default_value;
  }
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (word == "--help" || word == "-h") {
      args.help_ = true;
      continue;
    }
    if (word.rfind("--", 0) != 0) {
      if (args.positional_.size() < spec.positional.size()) {
        args.positional_.push_back(word);
        continue;
      }
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument '",
                                                     word, "' (see frontdoor ",
                                                     spec.name, " --help)"));
    }
    std::string name = word.substr(2);
    std::string value;
    bool has_value = false;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const OptionSpec* option = FindOption(spec, name);
    if (option == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown option --", name, " for '", spec.name,
                       "' (see frontdoor ", spec.name, " --help)"));
    }
    if (!has_value) {
      const bool is_flag =
          option->default_value == "false" || option->default_value == "true";
      if (is_flag) {
        value = "true";
      } else if (i + 1 < argv.size()) {
        value = argv[++i];
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("option --", name, " needs a value"));
      }
    }
    args.values_[name] = value;
    args.given_[name] = true;
    args.all_[name].push_back(value);
  }
  if (!args.help_ && args.positional_.size() < spec.positional.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing ", spec.positional[args.positional_.size()],
                     " (see frontdoor ", spec.name, " --help)"));
  }
  return args;
}

const std::string& Args::Get(const std::string& name) const {
  return values_.at(name);
}

std::vector<std::string> Args::All(const std::string& name) const {
  const auto it = all_.find(name);
  return it == all_.end() ? std::vector<std::string>() : it->second;
}

bool Args::Given(const std::string& name) const {
  return given_.contains(name);
}

bool Args::Flag(const std::string& name) const {
  const std::string& v = Get(name);
  return v == "true" || v == "1" || v == "yes";
}

std::string HelpText(const CommandSpec& spec) {
  std::string text = absl::StrCat("frontdoor ", spec.name, ": ", spec.summary,
                                  "\n\nUsage: ", spec.usage, "\n");
  if (!spec.options.empty()) absl::StrAppend(&text, "\nOptions:\n");
  for (const OptionSpec& option : spec.options) {
    absl::StrAppendFormat(&text, "  --%-20s %s", option.name, option.help);
    if (!option.default_value.empty()) {
      absl::StrAppend(&text, " (default: ", option.default_value, ")");
    }
    absl::StrAppend(&text, "\n");
  }
  return text;
}

}  // namespace frontdoor::cli
