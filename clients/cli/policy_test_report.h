// Reports of `frontdoor policy test` over one or more policy files, as text
// for a terminal, JSON for scripts, or JUnit XML for CI dashboards.
#ifndef FRONTDOOR_CLIENTS_CLI_POLICY_TEST_REPORT_H_
#define FRONTDOOR_CLIENTS_CLI_POLICY_TEST_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lib/policy/policy_cases.h"

namespace frontdoor::cli {

// One policy file's cases, or why it could not be loaded.
struct PolicyFileReport {
  std::string file;
  // "id vN" once loaded.
  std::string policy;
  absl::Status load;
  std::vector<PolicyTestResult> results;
  // The policy's steps (PolicySteps), and those no case fired
  // (UncoveredRules): its rule coverage.
  int steps = 0;
  std::vector<std::string> uncovered;

  int failed() const;
};

// The policy files under `paths`: files as given, folders searched for
// *.textproto (recursively, in name order). NOT_FOUND for a path that does
// not exist; INVALID_ARGUMENT when nothing is found.
absl::StatusOr<std::vector<std::string>> PolicyFiles(
    const std::vector<std::string>& paths);

// Loads each file and runs its cases.
std::vector<PolicyFileReport> TestPolicyFiles(
    const std::vector<std::string>& files);

// The reports as text; `verbose` lists passing cases too.
std::string TextReport(const std::vector<PolicyFileReport>& reports,
                       bool verbose);
// The reports as one JSON document.
std::string JsonReport(const std::vector<PolicyFileReport>& reports);
// The reports as JUnit XML: a testsuite per file, a testcase per case (a
// file that does not load is one errored testcase).
std::string JUnitReport(const std::vector<PolicyFileReport>& reports);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_CLI_POLICY_TEST_REPORT_H_
