// What `frontdoor plan` was asked, read from its options and checked
// before any run, and how it prints its answer.
#ifndef FRONTDOOR_CLIENTS_CLI_PLAN_REQUEST_H_
#define FRONTDOOR_CLIENTS_CLI_PLAN_REQUEST_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/cli_args.h"
#include "clients/study/plan.h"
#include "clients/study/sensitivity.h"
#include "clients/study/sweep.h"
#include "frontdoor/v1/plan.pb.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::cli {

// What the plan was asked: its targets, the settings it may choose among
// (each with its scenario and cost), the what-ifs to stress the answer
// with and the inputs to vary about it.
struct PlanRequest {
  std::vector<study::Target> targets;
  std::vector<study::SweepAxis> axes;
  std::vector<std::vector<std::string>> settings;
  std::vector<v1::Scenario> scenarios;
  std::vector<double> costs;
  std::vector<std::vector<std::string>> stresses;
  std::vector<study::SensitivityInput> sensitivity;
  int replications = 5;
  double required = 0.9;
  v1::Costs rates;
};

// Reads and checks the options: every setting's scenario is built and
// costed, and every what-if and input tried on the base scenario, so that a
// mistake is refused with nothing run. With a `base`, the settings are
// built on it rather than on the scenario the options name.
absl::StatusOr<PlanRequest> ReadPlanRequest(
    const Args& args, const std::optional<v1::Scenario>& base = std::nullopt);

// The settings tried, cheapest first: cost, each field, each target's
// probability, replications run and whether it meets every target.
std::string FrontierCsv(const PlanRequest& r, const v1::PlanReport& report);

// Prints the plan as text: the settings tried, the recommendation with
// each target's probability, the next cheaper setting, the stress tests,
// the notes, and where the table and page are; `untried` settings were not
// run to the end.
void PrintPlan(const PlanRequest& r, const v1::PlanReport& report,
               size_t untried, const std::string& csv_path,
               const std::string& page_path);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_CLI_PLAN_REQUEST_H_
