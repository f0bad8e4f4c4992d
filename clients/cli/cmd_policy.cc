// `frontdoor policy test|diff|load|list`: policies as testable artefacts.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"
#include "clients/cli/contacts_io.h"
#include "clients/cli/policy_test_report.h"
#include "clients/lib/json_out.h"
#include "clients/lib/render.h"
#include "clients/lib/service_client.h"
#include "clients/lib/table_out.h"
#include "frontdoor/v1/reports.pb.h"
#include "lib/policy/policy_cases.h"
#include "lib/policy/policy_diff.h"
#include "lib/policy/policy_file.h"

namespace frontdoor::cli {
namespace {

int Fail(absl::string_view command, const absl::Status& status) {
  return cli::Fail(absl::StrCat("policy ", command), status);
}

std::string Name(const Policy& p) {
  return absl::StrCat(p.id(), " v", p.version());
}

int RunTest(const Args& args) {
  absl::StatusOr<std::string> format_name =
      FormatNameOf(args, {"text", "json", "junit"});
  if (!format_name.ok()) return Fail("test", format_name.status());
  const std::string& format = *format_name;
  absl::StatusOr<std::vector<std::string>> files =
      PolicyFiles(args.positional());
  if (!files.ok()) return Fail("test", files.status());
  const std::vector<PolicyFileReport> reports = TestPolicyFiles(*files);
  const std::string report = format == "json" ? JsonReport(reports)
                             : format == "junit"
                                 ? JUnitReport(reports)
                                 : TextReport(reports, args.Flag("verbose"));
  if (args.Get("out").empty()) {
    std::printf("%s", report.c_str());
  } else {
    std::ofstream out(args.Get("out"));
    out << report;
    if (!out.good()) {
      return Fail("test", absl::PermissionDeniedError(
                              absl::StrCat("cannot write ", args.Get("out"))));
    }
    std::fprintf(stderr, "report written to %s\n", args.Get("out").c_str());
  }
  // A file that does not load is a wrong input (2); a failing case, a
  // failed job (1).
  int code = kExitDone;
  for (const PolicyFileReport& r : reports) {
    if (!r.load.ok() && r.results.empty()) return kExitUsage;
    if (!r.load.ok() || r.failed() > 0) code = kExitFailed;
  }
  return code;
}

v1::PolicyDiffReport ToReport(const Policy& a, const Policy& b,
                              const PolicyDiff& diff) {
  v1::PolicyDiffReport report;
  report.set_policy_a(Name(a));
  report.set_policy_b(Name(b));
  report.set_contacts(diff.contacts);
  report.set_changed(diff.changed);
  report.set_changed_share(diff.changed_share());
  // Every cell, empty ones too.
  for (v1::Outcome x : DecidedOutcomes()) {
    for (v1::Outcome y : DecidedOutcomes()) {
      v1::OutcomeTransition* cell = report.add_matrix();
      cell->set_from_outcome(x);
      cell->set_to_outcome(y);
      cell->set_contacts(diff.counts[x][y]);
    }
  }
  for (const ChangedContact& c : diff.changes) {
    v1::ChangedDecision* change = report.add_changes();
    change->set_contact_id(c.contact_id);
    change->set_child_id(c.child_id);
    change->set_event_time(c.event_time);
    *change->mutable_a() = c.a;
    *change->mutable_b() = c.b;
  }
  return report;
}

std::string Why(const v1::Decision& d) {
  std::vector<std::string> ids;
  for (const v1::FiredRule& f : d.fired_rules()) ids.push_back(f.rule_id());
  return absl::StrJoin(ids, " > ");
}

void PrintText(const v1::PolicyDiffReport& report, const PolicyDiff& diff,
               int limit) {
  std::printf("policy A: %s\npolicy B: %s\n\n", report.policy_a().c_str(),
              report.policy_b().c_str());
  std::printf("%s", RenderOutcomeMatrix(diff.counts, "A \\ B").c_str());
  std::printf("\n%lld of %lld contacts changed outcome (%.1f%%)\n",
              static_cast<long long>(report.changed()),
              static_cast<long long>(report.contacts()),
              100.0 * report.changed_share());
  int shown = 0;
  for (const v1::ChangedDecision& c : report.changes()) {
    if (shown++ == limit) {
      std::printf("... and %d more (use --limit or --format=csv)\n",
                  report.changes_size() - limit);
      break;
    }
    std::printf("\n%s  child %s  %s\n", c.contact_id().c_str(),
                c.child_id().c_str(), c.event_time().c_str());
    for (const auto& [side, d] : {std::pair{"A", &c.a()}, {"B", &c.b()}}) {
      std::printf("  %s: %-24s %s\n", side, Label(d->outcome()).c_str(),
                  Why(*d).c_str());
      for (const v1::FiredRule& f : d->fired_rules()) {
        std::printf("       %s\n", f.explanation().c_str());
      }
    }
  }
}

absl::Status WriteCsv(const v1::PolicyDiffReport& report,
                      const std::string& dir) {
  std::filesystem::create_directories(dir);
  std::ofstream matrix(dir + "/policy-diff-matrix.csv");
  matrix << kOutcomeMatrixHeader;
  for (const v1::OutcomeTransition& cell : report.matrix()) {
    matrix << OutcomeMatrixRow(report.policy_a(), report.policy_b(),
                               cell.from_outcome(), cell.to_outcome(),
                               cell.contacts());
  }
  std::ofstream changes(dir + "/policy-diff-changes.csv");
  changes << "contact_id,child_id,event_time,outcome_a,outcome_a_label,rag_a,"
             "rules_a,outcome_b,outcome_b_label,rag_b,rules_b\n";
  for (const v1::ChangedDecision& c : report.changes()) {
    changes << c.contact_id() << "," << c.child_id() << "," << c.event_time()
            << "," << Code(c.a().outcome()) << "," << Label(c.a().outcome())
            << "," << Code(c.a().rag()) << "," << Why(c.a()) << ","
            << Code(c.b().outcome()) << "," << Label(c.b().outcome()) << ","
            << Code(c.b().rag()) << "," << Why(c.b()) << "\n";
  }
  if (!matrix || !changes) {
    return absl::FailedPreconditionError(absl::StrCat("cannot write to ", dir));
  }
  return absl::OkStatus();
}

int RunDiff(const Args& args) {
  absl::StatusOr<Policy> a = LoadPolicyFile(args.positional()[0]);
  if (!a.ok()) return Fail("diff", a.status());
  absl::StatusOr<Policy> b = LoadPolicyFile(args.positional()[1]);
  if (!b.ok()) return Fail("diff", b.status());

  std::vector<v1::Contact> contacts;
  if (args.Given("contacts") == args.Given("run")) {
    return Fail("diff",
                absl::InvalidArgumentError(
                    "give exactly one of --contacts=FILE or --run=RUN"));
  }
  if (args.Given("contacts")) {
    absl::StatusOr<std::vector<v1::Contact>> read =
        ReadContactsFile(args.Get("contacts"));
    if (!read.ok()) return Fail("diff", read.status());
    contacts = *std::move(read);
  } else {
    ServiceClient client(args);
    absl::StatusOr<std::vector<v1::ContactRecord>> records =
        client.RunContacts(args.Get("run"));
    if (!records.ok()) return Fail("diff", records.status());
    for (const v1::ContactRecord& r : *records) contacts.push_back(r.contact());
  }
  absl::StatusOr<PolicyDiff> diff = DiffPolicies(*a, *b, std::move(contacts));
  if (!diff.ok()) return Fail("diff", diff.status());
  const v1::PolicyDiffReport report = ToReport(*a, *b, *diff);

  absl::StatusOr<std::string> format_name =
      FormatNameOf(args, {"text", "csv", "json"});
  if (!format_name.ok()) return Fail("diff", format_name.status());
  const std::string& format = *format_name;
  if (format == "json") {
    std::printf("%s\n", ToAnalystJson(report, {.pretty = false}).c_str());
  } else if (format == "csv") {
    if (absl::Status s = WriteCsv(report, args.Get("out")); !s.ok()) {
      return Fail("diff", s);
    }
    std::printf(
        "wrote %s/policy-diff-matrix.csv and "
        "%s/policy-diff-changes.csv (%lld of %lld changed)\n",
        args.Get("out").c_str(), args.Get("out").c_str(),
        static_cast<long long>(report.changed()),
        static_cast<long long>(report.contacts()));
  } else if (format == "text") {
    int limit = 20;
    if (!absl::SimpleAtoi(args.Get("limit"), &limit) || limit < 0) {
      return Fail("diff", absl::InvalidArgumentError("--limit: not a count"));
    }
    PrintText(report, *diff, limit);
  } else {
    return Fail("diff",
                absl::InvalidArgumentError("--format: one of text, csv, json"));
  }
  return 0;
}

int RunLoad(const Args& args) {
  const std::string& file = args.positional()[0];
  absl::StatusOr<Policy> policy = LoadPolicyFile(file);
  if (!policy.ok()) return Fail("load", policy.status());
  if (absl::Status s = CheckPolicyCases(*policy, file); !s.ok()) {
    return Fail("load", s);
  }
  v1::LoadPolicyRequest request;
  *request.mutable_policy() = policy->spec();
  request.set_activate(args.Flag("activate"));
  request.set_source_name(file);
  ServiceClient client(args);
  absl::StatusOr<v1::LoadPolicyResponse> loaded = client.LoadPolicy(request);
  if (!loaded.ok()) return Fail("load", loaded.status());
  std::printf(
      "%s %s v%lld%s\n", loaded->newly_loaded() ? "loaded" : "already held",
      loaded->policy().policy_id().c_str(),
      static_cast<long long>(loaded->policy().policy_version()),
      loaded->policy().active() ? " (active: decides new contacts)" : "");
  return 0;
}

int RunList(const Args& args) {
  absl::StatusOr<OutputFormat> format = FormatOf(args, {"text", "json", "csv"});
  if (!format.ok()) return Fail("list", format.status());
  ServiceClient client(args);
  absl::StatusOr<v1::ListPoliciesResponse> list = client.ListPolicies();
  if (!list.ok()) return Fail("list", list.status());
  TableOut table({"active", "policy_id", "version", "description", "source"});
  for (const v1::PolicySummary& p : list->policies()) {
    const bool text = *format == OutputFormat::kText;
    table.AddRow({text ? Text(p.active() ? "*" : "")
                       : Cell{p.active() ? "true" : "false", true},
                  Text(p.policy_id()), Number(p.policy_version()),
                  Text(p.description()), Text(p.source_name())});
  }
  std::printf("%s", table.Render(*format).c_str());
  return 0;
}

std::vector<OptionSpec> WithAddresses(std::vector<OptionSpec> options) {
  for (OptionSpec& o : AddressOptions()) options.push_back(std::move(o));
  return options;
}

}  // namespace

std::vector<Command> PolicyCommands() {
  return {
      {{"policy test",
        "run the test cases written in policy files (files or folders), with "
        "rule coverage; exit 1 on any failure",
        "frontdoor policy test PATH... [--format=text|json|junit] "
        "[--out=FILE] [--verbose]",
        WithFormat({{"verbose", "false", "list passing cases too (text)"},
                    {"out", "",
                     "write the report to this file instead of "
                     "stdout"}},
                   "text, json or junit (JUnit XML)"),
        {"PATH..."}},
       RunTest},
      {{"policy diff",
        "compare two policies on the same contacts, child by child, without "
        "changing any state",
        "frontdoor policy diff A B --contacts=FILE | --run=RUN "
        "[--format=text|csv|json]",
        WithAddresses(WithFormat(
            {
                {"contacts", "", "JSON-lines contacts to evaluate"},
                {"run", "", "evaluate a run's recorded contacts (from intake)"},
                {"out", "frontdoor-out", "folder for --format=csv"},
                {"limit", "20", "changed contacts listed in text output"},
            },
            "text (terminal), csv (files in --out), json")),
        {"A", "B"}},
       RunDiff},
      {{"policy load",
        "load a policy version into the running threshold service, "
        "atomically, without restart",
        "frontdoor policy load FILE [--activate=false] [--threshold=ADDR]",
        WithAddresses({{"activate", "true",
                        "make it the policy that decides new contacts"}}),
        {"FILE"}},
       RunLoad},
      {{"policy list",
        "the policy versions the threshold service holds",
        "frontdoor policy list [--format=text|json|csv] [--threshold=ADDR]",
        WithAddresses(WithFormat({}, "text, json or csv")),
        {}},
       RunList},
  };
}

}  // namespace frontdoor::cli
