// Fitting an authority's scenario to its published year before a run or a
// study, shared by simulate, sweep, plan and sensitivity.
#ifndef FRONTDOOR_CLIENTS_CLI_LA_FIT_H_
#define FRONTDOOR_CLIENTS_CLI_LA_FIT_H_

#include <cstdio>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "clients/lib/cli_args.h"
#include "clients/lib/service_client.h"
#include "clients/study/scenario_source.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::cli {

// --fit_steps, with its help.
OptionSpec FitStepsOption();

// Fits an authority's scenario to its year before (--fit_steps), prints
// the steps to `text` and writes the scenario as
// OUT/RUN-scenario.textproto, its header naming `command`.
absl::Status FitAuthority(ServiceClient& client, const Args& args,
                          study::ScenarioSource& source, const std::string& out,
                          const std::string& run_id, const std::string& command,
                          std::FILE* text);

// A study's base scenario: with --la, the authority's scenario fitted
// (--set over it, written as OUT/NAME-scenario.textproto, the fit shown on
// stderr); without, none, and the study keeps the scenario it read.
absl::StatusOr<std::optional<v1::Scenario>> FittedStudyBase(
    ServiceClient& client, const Args& args, const std::string& command);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_CLI_LA_FIT_H_
