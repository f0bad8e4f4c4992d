// The command line: suggestions, strict booleans, exit codes, and the policy
// test reports' shapes.
#include "clients/cli/cli_app.h"

#include "absl/status/status.h"
#include "clients/cli/policy_test_report.h"
#include "clients/lib/cli_args.h"
#include "gtest/gtest.h"

namespace frontdoor::cli {
namespace {

TEST(ClosestTest, SuggestsNearNamesOnly) {
  const std::vector<std::string> commands = {"simulate", "compare", "replay",
                                             "runs", "policy"};
  EXPECT_EQ(Closest("simulat", commands), "simulate");
  EXPECT_EQ(Closest("replya", commands), "replay");
  EXPECT_EQ(Closest("run", commands), "runs");
  EXPECT_EQ(Closest("xyzzy", commands), "");
  EXPECT_EQ(Closest("seeed", {"seed", "scenario", "run"}), "seed");
}

TEST(StrictBoolTest, KnownSpellingsOnly) {
  bool value = false;
  EXPECT_TRUE(ParseStrictBool("yes", &value));
  EXPECT_TRUE(value);
  EXPECT_TRUE(ParseStrictBool("OFF", &value));
  EXPECT_FALSE(value);
  EXPECT_FALSE(ParseStrictBool("maybe", &value));
  EXPECT_FALSE(ParseStrictBool("", &value));
}

TEST(ExitCodeTest, DocumentedCodes) {
  EXPECT_EQ(ExitCodeOf(absl::OkStatus()), kExitDone);
  EXPECT_EQ(ExitCodeOf(absl::NotFoundError("no run")), kExitFailed);
  EXPECT_EQ(ExitCodeOf(absl::InvalidArgumentError("--seed")), kExitUsage);
  EXPECT_EQ(ExitCodeOf(absl::UnavailableError("down")), kExitUnreachable);
  EXPECT_EQ(ExitCodeOf(absl::DeadlineExceededError("slow")), kExitUnreachable);
}

TEST(ArgsTest, DefaultsGivenValuesAndRepeats) {
  CommandSpec spec{
      .name = "x",
      .options = {
          {"run", "r1", ""}, {"policy", "", "", true}, {"quiet", "false", ""}}};
  Args args(spec, {{"policy", {"a", "b"}}, {"quiet", {"true"}}}, {"FILE"});
  EXPECT_EQ(args.Get("run"), "r1");
  EXPECT_FALSE(args.Given("run"));
  EXPECT_EQ(args.All("policy"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(args.Get("policy"), "b");
  EXPECT_TRUE(args.Flag("quiet"));
  EXPECT_EQ(args.positional(), (std::vector<std::string>{"FILE"}));
}

TEST(PolicyTestReportTest, JUnitHasEveryCaseAndEscapes) {
  PolicyFileReport report;
  report.file = "a&b.textproto";
  report.policy = "p v1";
  PolicyTestResult pass;
  pass.name = "passes <cleanly>";
  PolicyTestResult fail;
  fail.name = "fails";
  fail.mismatches = {"outcome: want A, got \"B\""};
  report.results = {pass, fail};
  report.steps = 4;
  report.uncovered = {"rule:unused"};
  EXPECT_NE(TextReport({report}, false)
                .find("rule coverage: 3 of 4 steps reached by a case (75%); "
                      "not reached: rule:unused"),
            std::string::npos)
      << TextReport({report}, false);
  report.uncovered.clear();
  EXPECT_NE(TextReport({report}, false)
                .find("rule coverage: 4 of 4 steps reached by a case (100%)\n"),
            std::string::npos);
  report.uncovered = {"rule:unused"};
  const std::string xml = JUnitReport({report});
  EXPECT_NE(xml.find("tests=\"2\" failures=\"1\" errors=\"0\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"passes &lt;cleanly&gt;\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"outcome: want A, got &quot;B&quot;\""),
            std::string::npos);
  EXPECT_NE(xml.find("name=\"a&amp;b.textproto\""), std::string::npos);
  EXPECT_NE(xml.find("value=\"rule:unused\""), std::string::npos);

  PolicyFileReport broken;
  broken.file = "broken.textproto";
  broken.load = absl::InvalidArgumentError("line 3: unknown factor");
  const std::string both = JUnitReport({report, broken});
  EXPECT_NE(both.find("tests=\"3\" failures=\"1\" errors=\"1\""),
            std::string::npos)
      << both;
  EXPECT_NE(both.find("<error message=\"line 3: unknown factor\"/>"),
            std::string::npos);
  const std::string json = JsonReport({report, broken});
  EXPECT_NE(json.find("\"passed\":1,\"failed\":1,\"errors\":1"),
            std::string::npos)
      << json;
}

}  // namespace
}  // namespace frontdoor::cli
