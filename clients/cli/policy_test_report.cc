// Policy test reports.
#include "clients/cli/policy_test_report.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lib/domain/escape.h"
#include "lib/policy/policy_file.h"

namespace frontdoor::cli {
namespace {

std::string Xml(absl::string_view text) { return XmlEscaped(text); }

std::string Json(absl::string_view text) { return JsonQuoted(text); }

std::string JsonList(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const std::string& item : items) quoted.push_back(Json(item));
  return absl::StrCat("[", absl::StrJoin(quoted, ","), "]");
}

}  // namespace

int PolicyFileReport::failed() const {
  return static_cast<int>(
      std::count_if(results.begin(), results.end(),
                    [](const PolicyTestResult& r) { return !r.passed(); }));
}

absl::StatusOr<std::vector<std::string>> PolicyFiles(
    const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<std::string> found;
      for (const fs::directory_entry& entry :
           fs::recursive_directory_iterator(path, error)) {
        if (entry.is_regular_file() &&
            absl::EndsWith(entry.path().string(), ".textproto")) {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, error)) {
      files.push_back(path);
    } else {
      return absl::NotFoundError(
          absl::StrCat(path, ": no such file or folder"));
    }
  }
  if (files.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no policy files (*.textproto) in ", absl::StrJoin(paths, ", ")));
  }
  return files;
}

std::vector<PolicyFileReport> TestPolicyFiles(
    const std::vector<std::string>& files) {
  std::vector<PolicyFileReport> reports;
  for (const std::string& file : files) {
    PolicyFileReport report;
    report.file = file;
    absl::StatusOr<Policy> policy = LoadPolicyFile(file);
    if (!policy.ok()) {
      report.load = policy.status();
    } else {
      report.policy = absl::StrCat(policy->id(), " v", policy->version());
      report.results = RunPolicyTests(*policy);
      report.steps = static_cast<int>(PolicySteps(*policy).size());
      report.uncovered = UncoveredRules(*policy, report.results);
      if (report.results.empty()) {
        report.load = absl::FailedPreconditionError("has no test cases");
      }
    }
    reports.push_back(std::move(report));
  }
  return reports;
}

std::string TextReport(const std::vector<PolicyFileReport>& reports,
                       bool verbose) {
  std::string out;
  int cases = 0, failed = 0, errors = 0;
  for (const PolicyFileReport& r : reports) {
    if (!r.load.ok() && r.results.empty()) {
      ++errors;
      absl::StrAppend(&out, "ERROR ", r.file, ": ", r.load.message(), "\n");
      continue;
    }
    for (const PolicyTestResult& t : r.results) {
      if (t.passed()) {
        if (verbose)
          absl::StrAppend(&out, "PASS  ", r.file, ": ", t.name, "\n");
        continue;
      }
      absl::StrAppend(&out, "FAIL  ", r.file, ": ", t.name, "\n");
      for (const std::string& m : t.mismatches) {
        absl::StrAppend(&out, "        ", m, "\n");
      }
      for (const v1::FiredRule& f : t.fired) {
        absl::StrAppend(&out, "        fired ", f.rule_id(), ": ",
                        f.explanation(), "\n");
      }
    }
    cases += static_cast<int>(r.results.size());
    failed += r.failed();
    absl::StrAppend(&out, r.file, " (", r.policy, "): ", r.results.size(),
                    " test cases, ", r.results.size() - r.failed(), " passed, ",
                    r.failed(), " failed\n");
    const int reached = r.steps - static_cast<int>(r.uncovered.size());
    absl::StrAppendFormat(
        &out, "  rule coverage: %d of %d steps reached by a case (%.0f%%)%s\n",
        reached, r.steps, r.steps == 0 ? 100.0 : 100.0 * reached / r.steps,
        r.uncovered.empty()
            ? ""
            : absl::StrCat("; not reached: ", absl::StrJoin(r.uncovered, ", "))
                  .c_str());
  }
  absl::StrAppend(
      &out, cases - failed, " passed, ", failed, " failed",
      errors > 0 ? absl::StrCat(", ", errors, " files in error") : "", "\n");
  return out;
}

std::string JsonReport(const std::vector<PolicyFileReport>& reports) {
  std::vector<std::string> files;
  int passed = 0, failed = 0, errors = 0;
  for (const PolicyFileReport& r : reports) {
    std::vector<std::string> cases;
    for (const PolicyTestResult& t : r.results) {
      std::vector<std::string> fired;
      for (const v1::FiredRule& f : t.fired) fired.push_back(f.rule_id());
      cases.push_back(absl::StrCat("{\"name\":", Json(t.name), ",\"passed\":",
                                   t.passed() ? "true" : "false",
                                   ",\"mismatches\":", JsonList(t.mismatches),
                                   ",\"fired_rules\":", JsonList(fired), "}"));
    }
    passed += static_cast<int>(r.results.size()) - r.failed();
    failed += r.failed();
    errors += r.load.ok() ? 0 : 1;
    files.push_back(absl::StrCat(
        "{\"file\":", Json(r.file), ",\"policy\":", Json(r.policy),
        ",\"error\":", r.load.ok() ? "null" : Json(r.load.message()),
        ",\"cases\":[", absl::StrJoin(cases, ","), "],\"rule_steps\":", r.steps,
        ",\"uncovered_rules\":", JsonList(r.uncovered), "}"));
  }
  return absl::StrCat("{\"passed\":", passed, ",\"failed\":", failed,
                      ",\"errors\":", errors, ",\"files\":[",
                      absl::StrJoin(files, ","), "]}\n");
}

std::string JUnitReport(const std::vector<PolicyFileReport>& reports) {
  std::string suites;
  int tests = 0, failures = 0, errors = 0;
  for (const PolicyFileReport& r : reports) {
    std::string cases;
    const std::string classname = Xml(r.policy.empty() ? r.file : r.policy);
    int suite_errors = 0;
    if (!r.load.ok() && r.results.empty()) {
      suite_errors = 1;
      absl::StrAppend(&cases, "    <testcase classname=\"", classname,
                      "\" name=\"load\">\n      <error message=\"",
                      Xml(r.load.message()), "\"/>\n    </testcase>\n");
    }
    for (const PolicyTestResult& t : r.results) {
      absl::StrAppend(&cases, "    <testcase classname=\"", classname,
                      "\" name=\"", Xml(t.name), "\"");
      if (t.passed()) {
        absl::StrAppend(&cases, "/>\n");
        continue;
      }
      std::vector<std::string> fired;
      for (const v1::FiredRule& f : t.fired) {
        fired.push_back(
            absl::StrCat("fired ", f.rule_id(), ": ", f.explanation()));
      }
      absl::StrAppend(&cases, ">\n      <failure message=\"",
                      Xml(absl::StrJoin(t.mismatches, "; ")), "\">",
                      Xml(absl::StrJoin(fired, "\n")),
                      "</failure>\n    </testcase>\n");
    }
    const int suite_tests = static_cast<int>(r.results.size()) + suite_errors;
    tests += suite_tests;
    failures += r.failed();
    errors += suite_errors;
    absl::StrAppend(&suites, "  <testsuite name=\"", Xml(r.file), "\" tests=\"",
                    suite_tests, "\" failures=\"", r.failed(), "\" errors=\"",
                    suite_errors, "\">\n");
    if (!r.uncovered.empty()) {
      absl::StrAppend(&suites,
                      "    <properties>\n      <property "
                      "name=\"uncovered_rules\" value=\"",
                      Xml(absl::StrJoin(r.uncovered, " ")),
                      "\"/>\n    </properties>\n");
    }
    absl::StrAppend(&suites, cases, "  </testsuite>\n");
  }
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"frontdoor policy test\" tests=\"",
      tests, "\" failures=\"", failures, "\" errors=\"", errors, "\">\n",
      suites, "</testsuites>\n");
}

}  // namespace frontdoor::cli
