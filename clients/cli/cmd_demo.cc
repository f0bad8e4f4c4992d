// `frontdoor demo`: the main job until simulation lands. Starts the three
// services (or uses running ones), submits the example contacts, prints
// each decision, the caseloads and one child's story, and writes a CSV.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"
#include "clients/cli/contacts_io.h"
#include "clients/lib/data_folder.h"
#include "clients/lib/local_cluster.h"
#include "clients/lib/render.h"
#include "clients/lib/service_client.h"
#include "clients/lib/service_session.h"
#include "clients/lib/table_out.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"

namespace frontdoor::cli {
namespace {

struct Tally {
  std::map<std::string, int> outcomes;
  std::map<std::string, int> contacts_per_child;
  int refused = 0;
  int duplicates = 0;
};

// The outcomes, refusals and the caseloads the contacts left open.
void ShowTotals(ServiceClient& client, const std::string& run,
                const Tally& tally) {
  std::printf("\noutcomes:\n");
  for (const auto& [outcome, count] : tally.outcomes) {
    std::printf("  %-28s %d\n", outcome.c_str(), count);
  }
  std::printf("  refused: %d, already received: %d\n", tally.refused,
              tally.duplicates);
  absl::StatusOr<v1::GetCaseloadsResponse> caseloads = client.Caseloads(run);
  if (caseloads.ok()) {
    std::printf("\ncaseloads now open:\n");
    for (const v1::Caseload& c : caseloads->caseloads()) {
      std::printf("  %-28s %lld\n", Label(c.level()).c_str(),
                  static_cast<long long>(c.children()));
    }
  }
}

// Why: the history and level of the child with most contacts, which tells
// the step-up story best.
void ShowBusiestChild(ServiceClient& client, const std::string& run,
                      const Tally& tally) {
  std::string busiest;
  int most = 0;
  for (const auto& [child, count] : tally.contacts_per_child) {
    if (count > most) busiest = child, most = count;
  }
  if (!busiest.empty()) {
    absl::StatusOr<v1::ListChildContactsResponse> history =
        client.ChildContacts(run, busiest);
    absl::StatusOr<v1::GetChildResponse> level =
        client.ChildLevel(run, busiest);
    if (history.ok() && level.ok()) {
      std::printf("\nwhy: child %s (frontdoor child --child=%s%s)\n",
                  busiest.c_str(), busiest.c_str(),
                  run.empty() ? "" : (" --run=" + run).c_str());
      for (const v1::ContactRecord& r : history->contacts()) {
        std::printf("%s", RenderRecord(r, false).c_str());
      }
      std::printf("%s", RenderChildLevel(*level).c_str());
    }
  }
}

int RunDemo(const Args& args) {
  absl::StatusOr<std::vector<v1::Contact>> contacts = ReadContactsFile(
      args.Get("contacts").empty() ? ShippedFile("examples/contacts.jsonl")
                                   : args.Get("contacts"));
  if (!contacts.ok()) return Fail("demo", contacts.status());

  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args);
  if (!session.ok()) return Fail("demo", session.status());
  ServiceClient& client = (*session)->client();
  const std::string run = args.Get("run");

  std::filesystem::create_directories(args.Get("out"));
  const std::string csv_path = args.Get("out") + "/demo-decisions.csv";
  std::ofstream csv(csv_path, std::ios::trunc);
  // The same columns as `runs export --format=csv`.
  csv << kContactCsvHeader;

  Tally tally;
  // Columns as wide as what they hold: a child's stored id is a 27-letter
  // pseudonym, so the table shows the id as submitted.
  TableOut table({"contact", "child", "event time", "factors", "prior",
                  "decision", "rag", "level of service"});
  std::vector<std::string> refusals;
  for (v1::Contact& contact : *contacts) {
    contact.set_run_id(run);
    absl::StatusOr<v1::SubmitContactResponse> response = client.Submit(contact);
    if (!response.ok()) {
      ++tally.refused;
      refusals.push_back(
          absl::StrCat(ContactId(contact.source(), contact.source_contact_id()),
                       " refused: ", response.status().message()));
      continue;
    }
    const v1::ContactRecord& r = response->record();
    if (response->duplicate()) ++tally.duplicates;
    ++tally.outcomes[Label(r.decision().outcome())];
    ++tally.contacts_per_child[r.contact().child_id()];
    csv << ContactCsvRow(run, r);
    table.AddRow({Text(r.contact_id()), Text(contact.child_id()),
                  Text(FormatEventTime(FromProto(r.contact().event_time()))
                           .substr(0, 16)),
                  Text(absl::StrJoin(r.contact().factors(), ",")),
                  Number(r.prior_contacts_12m()),
                  Text(Label(r.decision().outcome())),
                  Text(Label(r.decision().rag())),
                  Text(absl::StrCat(
                      Label(r.level_before()), " -> ",
                      r.has_level_change() ? Label(r.level_change().to_level())
                                           : "(at its decision time)",
                      response->duplicate() ? "  (already received)" : ""))});
  }
  csv.close();
  std::printf("\n%s", table.Render(OutputFormat::kText).c_str());
  for (const std::string& refusal : refusals) {
    std::printf("%s\n", refusal.c_str());
  }

  ShowTotals(client, run, tally);
  ShowBusiestChild(client, run, tally);
  std::printf("\ndecisions written to %s\n", csv_path.c_str());
  return tally.refused == 0 || args.Flag("allow_refused") ? 0 : 1;
}

}  // namespace

Command DemoCommand() {
  std::vector<OptionSpec> options = {
      {"contacts", "",
       "JSON-lines contacts (default: the shipped examples/contacts.jsonl)"},
      {"run", "demo", "run id the contacts go to"},
      {"out", "frontdoor-out", "folder for demo-decisions.csv"},
      {"allow_refused", "false", "exit 0 even when a contact was refused"},
  };
  for (OptionSpec& o : SessionOptions()) {
    if (o.name == "data_dir") o.default_value = DefaultDataDir() + "/demo";
    options.push_back(std::move(o));
  }
  return {{"demo",
           "start the services, submit the example contacts, print their "
           "decisions, caseloads and one child's story",
           "frontdoor demo [--contacts=FILE] [--data_dir=DIR]", options},
          RunDemo};
}

}  // namespace frontdoor::cli
