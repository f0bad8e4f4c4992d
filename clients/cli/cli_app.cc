// The frontdoor command line on CLI11 (Debian's libcli11-dev): a maintained
// parser people already know the behaviour of, header-only so it adds no
// library, and with environment variables and subcommands built in.
#include "clients/cli/cli_app.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "CLI/CLI.hpp"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/lib/data_folder.h"
#include "clients/lib/local_cluster.h"
#include "clients/lib/progress_bar.h"

#ifndef FRONTDOOR_VERSION
#define FRONTDOOR_VERSION "unknown"
#endif

namespace frontdoor::cli {
namespace {

// Short names, the same letter for the same option in every command.
const std::map<std::string, std::string>& ShortNames() {
  static const auto* names = new std::map<std::string, std::string>{
      {"run", "r"},    {"out", "o"},     {"scenario", "s"},
      {"quiet", "q"},  {"policy", "p"},  {"data_dir", "d"},
      {"format", "f"}, {"verbose", "v"}, {"replications", "n"},
  };
  return *names;
}

// Options that can come from the environment.
const std::map<std::string, std::string>& EnvNames() {
  static const auto* names = new std::map<std::string, std::string>{
      {"intake", "FRONTDOOR_INTAKE"},
      {"threshold", "FRONTDOOR_THRESHOLD"},
      {"stepping", "FRONTDOOR_STEPPING"},
      {"data_dir", "FRONTDOOR_DATA_DIR"},
  };
  return *names;
}

bool IsFlag(const OptionSpec& option) {
  return option.default_value == "true" || option.default_value == "false";
}

// Where CLI11 puts one command's values until they become its Args.
struct Binding {
  const Command* command = nullptr;
  CLI::App* app = nullptr;
  std::deque<std::string> singles;
  std::deque<std::vector<std::string>> multiples;
  std::deque<bool> flags;
  // --quiet, declared for every command: silences progress.
  bool quiet = false;
  std::map<std::string, CLI::Option*> options;
  // The positional arguments, in order.
  std::vector<CLI::Option*> positionals;

  Args ToArgs() {
    std::map<std::string, std::vector<std::string>> given;
    for (const OptionSpec& spec : command->spec.options) {
      CLI::Option* option = options.at(spec.name);
      if (option->count() == 0) continue;
      if (IsFlag(spec)) {
        given[spec.name] = {option->as<bool>() ? "true" : "false"};
      } else {
        given[spec.name] = option->as<std::vector<std::string>>();
      }
    }
    std::vector<std::string> positional;
    for (CLI::Option* option : positionals) {
      if (option->count() == 0) continue;
      for (std::string& v : option->as<std::vector<std::string>>()) {
        positional.push_back(std::move(v));
      }
    }
    return Args(command->spec, std::move(given), std::move(positional));
  }
};

void Declare(Binding& b) {
  const CommandSpec& spec = b.command->spec;
  std::vector<std::string> taken_short;
  for (const OptionSpec& o : spec.options) {
    std::string names = absl::StrCat("--", o.name);
    if (auto it = ShortNames().find(o.name);
        it != ShortNames().end() &&
        std::find(taken_short.begin(), taken_short.end(), it->second) ==
            taken_short.end()) {
      names = absl::StrCat("-", it->second, ",", names);
      taken_short.push_back(it->second);
    }
    CLI::Option* option = nullptr;
    if (IsFlag(o)) {
      b.flags.push_back(o.default_value == "true");
      option = b.app->add_flag(names, b.flags.back(), o.help);
    } else if (o.repeatable) {
      b.multiples.emplace_back();
      option = b.app->add_option(names, b.multiples.back(), o.help);
    } else {
      b.singles.push_back(o.default_value);
      option = b.app->add_option(names, b.singles.back(), o.help);
    }
    if (!o.default_value.empty()) option->default_str(o.default_value);
    if (auto it = EnvNames().find(o.name); it != EnvNames().end()) {
      option->envname(it->second);
    }
    b.options[o.name] = option;
  }
  bool declares_quiet = false;
  for (const OptionSpec& o : spec.options) declares_quiet |= o.name == "quiet";
  if (!declares_quiet) {
    b.app->add_flag("-q,--quiet", b.quiet, "show no progress");
  }
  for (const std::string& name : spec.positional) {
    CLI::Option* option = nullptr;
    if (absl::EndsWith(name, "...")) {
      b.multiples.emplace_back();
      option = b.app->add_option(name, b.multiples.back(), "");
    } else {
      b.singles.emplace_back();
      option = b.app->add_option(name, b.singles.back(), "");
    }
    b.positionals.push_back(option->required());
  }
}

// Names each word CLI11 did not expect, with a suggestion for a mistyped
// option.
void ReportExtras(const std::vector<std::string>& extras, const Binding* b) {
  const std::string command =
      b == nullptr ? "frontdoor"
                   : absl::StrCat("frontdoor ", b->command->spec.name);
  for (const std::string& extra : extras) {
    if (!absl::StartsWith(extra, "-")) {
      std::fprintf(stderr, "%s: unexpected argument '%s'\n", command.c_str(),
                   extra.c_str());
      continue;
    }
    std::string name = extra.substr(extra.find_first_not_of('-'));
    name = name.substr(0, name.find('='));
    std::fprintf(stderr, "%s: unknown option --%s", command.c_str(),
                 name.c_str());
    std::vector<std::string> names;
    if (b != nullptr) {
      for (const OptionSpec& o : b->command->spec.options) {
        names.push_back(o.name);
      }
    }
    if (std::string close = Closest(name, names); !close.empty()) {
      std::fprintf(stderr, "; did you mean --%s?", close.c_str());
    }
    std::fprintf(stderr, "\n");
  }
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// What a command group (the first word of two-word commands) is for.
std::string GroupSummary(absl::string_view group) {
  if (group == "runs") {
    return "list, show, export, digest or delete the runs the services hold";
  }
  if (group == "policy") return "test, diff, load or list threshold policies";
  if (group == "national") {
    return "every authority of England as its own run (`national run`, the "
           "default), in shards to merge (`national merge`)";
  }
  if (group == "token") return "issue, revoke or list clients' tokens";
  if (group == "secrets") {
    return "make what a deployment needs (a CA, certificates and keys), and "
           "onboard or revoke partner agencies";
  }
  return "";
}

}  // namespace

std::string Closest(const std::string& word,
                    const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    const size_t d = EditDistance(word, candidate);
    if (d < best_distance ||
        (absl::StartsWith(candidate, word) && !word.empty() && best.empty())) {
      best = candidate;
      best_distance = std::min(d, best_distance);
    }
  }
  return best;
}

namespace {

// The commands as CLI11 subcommands, two-word commands under their group.
struct CommandTree {
  std::deque<Binding> bindings;
  std::map<std::string, CLI::App*> groups;
  std::vector<std::string> top_names;
};

void AddCommands(const std::vector<Command>& commands, CLI::App& app,
                 CommandTree& tree) {
  for (const Command& command : commands) {
    const std::vector<std::string> words =
        absl::StrSplit(command.spec.name, ' ');
    CLI::App* parent = &app;
    if (words.size() == 2) {
      CLI::App*& group = tree.groups[words[0]];
      if (group == nullptr) {
        group = app.add_subcommand(words[0], GroupSummary(words[0]));
        group->require_subcommand(1);
        tree.top_names.push_back(words[0]);
      }
      parent = group;
    } else {
      tree.top_names.push_back(words[0]);
    }
    Binding& b = tree.bindings.emplace_back();
    b.command = &command;
    b.app = parent->add_subcommand(words.back(), command.spec.summary);
    b.app->footer(absl::StrCat("Usage: ", command.spec.usage, "\n"));
    Declare(b);
  }
}

// The words after `frontdoor`, with `runs [options]` read as `runs list`
// and `help` as `--help`; a usage error's exit code, with a suggestion for
// a mistyped command, when they name no command.
std::optional<int> CommandWords(int argc, char** argv, const CLI::App& app,
                                const CommandTree& tree,
                                std::vector<std::string>& words) {
  words.assign(argv + 1, argv + argc);
  // A group given options alone runs its usual command.
  static const auto* const kDefaults = new std::map<std::string, std::string>{
      {"runs", "list"}, {"national", "run"}};
  if (!words.empty() && kDefaults->contains(words[0]) &&
      (words.size() == 1 || (absl::StartsWith(words[1], "-") &&
                             words[1] != "-h" && words[1] != "--help"))) {
    words.insert(words.begin() + 1, kDefaults->at(words[0]));
  }
  if (words.empty()) {
    std::fprintf(stderr, "%s", app.help().c_str());
    return kExitUsage;
  }
  if (words[0] == "help") words[0] = "--help";
  if (!words.empty() && !absl::StartsWith(words[0], "-") &&
      std::find(tree.top_names.begin(), tree.top_names.end(), words[0]) ==
          tree.top_names.end()) {
    std::fprintf(stderr, "frontdoor: unknown command '%s'", words[0].c_str());
    if (std::string close = Closest(words[0], tree.top_names); !close.empty()) {
      std::fprintf(stderr, "; did you mean '%s'?", close.c_str());
    }
    std::fprintf(stderr, "\nRun 'frontdoor --help' for the commands.\n");
    return kExitUsage;
  }
  if (words.size() >= 2 && tree.groups.contains(words[0]) &&
      !absl::StartsWith(words[1], "-")) {
    std::vector<std::string> subs;
    for (const CLI::App* sub : tree.groups.at(words[0])->get_subcommands({})) {
      subs.push_back(sub->get_name());
    }
    if (std::find(subs.begin(), subs.end(), words[1]) == subs.end()) {
      std::fprintf(stderr, "frontdoor %s: unknown command '%s'",
                   words[0].c_str(), words[1].c_str());
      if (std::string close = Closest(words[1], subs); !close.empty()) {
        std::fprintf(stderr, "; did you mean '%s %s'?", words[0].c_str(),
                     close.c_str());
      }
      std::fprintf(stderr, "\n");
      return kExitUsage;
    }
  }

  return std::nullopt;
}

// What CLI11 refused, said for the command it was parsing.
int ReportParseError(CLI::App& app, const CLI::ParseError& error,
                     const CommandTree& tree) {
  if (error.get_exit_code() == 0) return app.exit(error);  // help, version
  const Binding* chosen = nullptr;
  for (const Binding& b : tree.bindings) {
    if (b.app->parsed()) chosen = &b;
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    ReportExtras(chosen != nullptr ? chosen->app->remaining() : app.remaining(),
                 chosen);
  } else {
    std::fprintf(stderr, "frontdoor: %s\n", error.what());
  }
  std::fprintf(stderr, "Run 'frontdoor %s--help' for its options.\n",
               chosen != nullptr
                   ? absl::StrCat(chosen->command->spec.name, " ").c_str()
                   : "");
  return kExitUsage;
}

}  // namespace

int RunCommandLine(const std::vector<Command>& commands, int argc,
                   char** argv) {
  CLI::App app(
      "frontdoor: model a children's-services front door (MASH) before you "
      "change it.\nExit codes: 0 done, 1 the job failed, 2 usage, 3 services "
      "unreachable.",
      "frontdoor");
  app.set_version_flag("-V,--version",
                       absl::StrCat("frontdoor ", FRONTDOOR_VERSION));
  app.require_subcommand(1);
  CommandTree tree;
  AddCommands(commands, app, tree);
  std::vector<std::string> words;
  if (std::optional<int> exit = CommandWords(argc, argv, app, tree, words)) {
    return *exit;
  }
  std::reverse(words.begin(), words.end());  // CLI11 takes them reversed
  try {
    app.parse(words);
  } catch (const CLI::ParseError& error) {
    return ReportParseError(app, error, tree);
  }
  for (Binding& b : tree.bindings) {
    if (!b.app->parsed()) continue;
    Args args = b.ToArgs();
    ProgressBar::SetQuiet(b.quiet ||
                          (args.Declared("quiet") && args.Flag("quiet")));
    // Every command calls services as the local admin of its data folder.
    const char* env_data_dir = std::getenv(EnvNames().at("data_dir").c_str());
    const std::string data_dir = args.Declared("data_dir")
                                     ? args.Get("data_dir")
                                 : env_data_dir != nullptr ? env_data_dir
                                                           : DefaultDataDir();
    if (absl::Status s = UseLocalAdminTransport(data_dir); !s.ok()) {
      return Fail(b.command->spec.name, s);
    }
    return b.command->run(args);
  }
  return kExitUsage;
}

}  // namespace frontdoor::cli
