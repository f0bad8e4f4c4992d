// Parsed subcommand options and the exit codes of failures.
#include "clients/lib/cli_args.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace frontdoor::cli {

Args::Args(const CommandSpec& spec,
           std::map<std::string, std::vector<std::string>> given,
           std::vector<std::string> positional)
    : positional_(std::move(positional)), given_(std::move(given)) {
  for (const OptionSpec& option : spec.options) {
    auto it = given_.find(option.name);
    values_[option.name] = it == given_.end() || it->second.empty()
                               ? option.default_value
                               : it->second.back();
  }
}

const std::string& Args::Get(const std::string& name) const {
  return values_.at(name);
}

std::vector<std::string> Args::All(const std::string& name) const {
  const auto it = given_.find(name);
  return it == given_.end() ? std::vector<std::string>() : it->second;
}

bool Args::Given(const std::string& name) const {
  const auto it = given_.find(name);
  return it != given_.end() && !it->second.empty();
}

bool Args::Flag(const std::string& name) const {
  bool value = false;
  return ParseStrictBool(Get(name), &value) && value;
}

absl::StatusOr<int> Args::Int(const std::string& name, int lo, int hi) const {
  int value = 0;
  if (!absl::SimpleAtoi(Get(name), &value) || value < lo || value > hi) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, ": ", lo, " to ", hi));
  }
  return value;
}

bool ParseStrictBool(absl::string_view text, bool* value) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") {
    *value = true;
    return true;
  }
  if (lower == "false" || lower == "0" || lower == "no" || lower == "off") {
    *value = false;
    return true;
  }
  return false;
}

std::vector<OptionSpec> WithFormat(std::vector<OptionSpec> options,
                                   const std::string& formats,
                                   const std::string& default_format) {
  options.push_back({"format", default_format, formats});
  options.push_back({"json", "false", "the same as --format=json"});
  return options;
}

absl::StatusOr<std::string> FormatNameOf(
    const Args& args, const std::vector<std::string>& allowed) {
  const std::string format =
      args.Declared("json") && args.Flag("json") ? "json" : args.Get("format");
  if (std::find(allowed.begin(), allowed.end(), format) == allowed.end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--format: ", absl::StrJoin(allowed, ", "), "; not '", format, "'"));
  }
  return format;
}

absl::StatusOr<OutputFormat> FormatOf(const Args& args,
                                      const std::vector<std::string>& allowed) {
  absl::StatusOr<std::string> format = FormatNameOf(args, allowed);
  if (!format.ok()) return format.status();
  if (*format == "json") return OutputFormat::kJson;
  if (*format == "csv") return OutputFormat::kCsv;
  return OutputFormat::kText;
}

int ExitCodeOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return kExitDone;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnreachable;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return kExitUsage;
    default:
      return kExitFailed;
  }
}

int Fail(absl::string_view command, const absl::Status& status) {
  std::fprintf(stderr, "frontdoor %s: %s\n", std::string(command).c_str(),
               std::string(status.message()).c_str());
  const int code = ExitCodeOf(status);
  if (code == kExitUnreachable) {
    std::fprintf(stderr,
                 "hint: start the services with `frontdoor up`, or point "
                 "--intake (FRONTDOOR_INTAKE) at running ones\n");
  }
  return code;
}

}  // namespace frontdoor::cli
