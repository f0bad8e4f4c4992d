// `frontdoor submit`, `frontdoor child` and `frontdoor caseloads`: talking to
// running services about contacts and children.
#include <cstdio>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/cli/commands.h"
#include "clients/cli/contacts_io.h"
#include "clients/lib/json_out.h"
#include "clients/lib/render.h"
#include "clients/lib/service_client.h"
#include "clients/lib/table_out.h"

namespace frontdoor::cli {
namespace {

std::vector<OptionSpec> Join(std::vector<OptionSpec> a,
                             const std::vector<OptionSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// One line of JSON, counts as numbers.
std::string ToJson(const google::protobuf::Message& message) {
  return ToAnalystJson(message, {.pretty = false, .all_fields = false});
}

int RunSubmit(const Args& args) {
  absl::StatusOr<OutputFormat> format = FormatOf(args, {"text", "json"});
  if (!format.ok()) return Fail("submit", format.status());
  std::vector<v1::Contact> contacts;
  if (args.Given("file")) {
    absl::StatusOr<std::vector<v1::Contact>> read =
        ReadContactsFile(args.Get("file"));
    if (!read.ok()) return Fail("submit", read.status());
    contacts = *std::move(read);
    if (args.Given("run")) {
      for (v1::Contact& c : contacts) c.set_run_id(args.Get("run"));
    }
  } else {
    absl::StatusOr<v1::Contact> contact = ContactFromArgs(args);
    if (!contact.ok()) return Fail("submit", contact.status());
    contacts.push_back(*std::move(contact));
  }
  ServiceClient client(args);
  client.set_retry(PatientRetry());
  int refused = 0;
  for (const v1::Contact& contact : contacts) {
    absl::StatusOr<v1::SubmitContactResponse> response = client.Submit(contact);
    // Accepted but not yet decided (a peer restarting): ask again, which
    // intake answers as a duplicate once decided, for up to three minutes.
    const absl::Time give_up = absl::Now() + absl::Minutes(3);
    const bool duplicate = response.ok() && response->duplicate();
    bool told = false;
    while (response.ok() &&
           response->record().status() == v1::CONTACT_STATUS_PENDING &&
           absl::Now() < give_up) {
      if (!told) {
        std::fprintf(stderr,
                     "frontdoor submit: %s accepted, waiting for its "
                     "decision (a service is not answering)\n",
                     response->record().contact_id().c_str());
        told = true;
      }
      absl::SleepFor(absl::Seconds(1));
      response = client.Submit(contact);
    }
    if (response.ok()) response->set_duplicate(duplicate);
    if (response.ok() &&
        response->record().status() == v1::CONTACT_STATUS_PENDING) {
      response = absl::UnavailableError(absl::StrCat(
          response->record().contact_id(),
          " was accepted and will be decided when the services answer; not "
          "decided after 3 minutes"));
    }
    if (!response.ok()) {
      ++refused;
      Fail("submit", response.status());
      continue;
    }
    if (*format == OutputFormat::kJson) {
      std::printf("%s\n", ToJson(*response).c_str());
    } else {
      std::printf(
          "%s",
          RenderRecord(response->record(), response->duplicate()).c_str());
    }
  }
  return refused == 0 ? 0 : 1;
}

int RunChild(const Args& args) {
  absl::StatusOr<OutputFormat> format = FormatOf(args, {"text", "json"});
  if (!format.ok()) return Fail("child", format.status());
  if (args.Get("child").empty()) {
    return Fail("child", absl::InvalidArgumentError("--child: is required"));
  }
  ServiceClient client(args);
  if (absl::Status s = client.RequireRun(args.Get("run")); !s.ok()) {
    return Fail("child", s);
  }
  absl::StatusOr<v1::ListChildContactsResponse> contacts =
      client.ChildContacts(args.Get("run"), args.Get("child"));
  if (!contacts.ok()) return Fail("child", contacts.status());
  if (contacts->contacts_size() == 0) {
    return Fail("child", absl::NotFoundError(absl::StrCat(
                             "no contacts about child '", args.Get("child"),
                             "' in run '", args.Get("run"), "'")));
  }
  // Stepping knows the child by the id intake stored (its pseudonym).
  const std::string stored =
      contacts->child_id().empty() ? args.Get("child") : contacts->child_id();
  absl::StatusOr<v1::GetChildResponse> level =
      client.ChildLevel(args.Get("run"), stored);
  if (!level.ok()) return Fail("child", level.status());
  if (*format == OutputFormat::kJson) {
    std::printf("{\"contacts\":%s,\"level\":%s}\n", ToJson(*contacts).c_str(),
                ToJson(*level).c_str());
    return 0;
  }
  std::printf("child %s%s: %d contact(s)\n", args.Get("child").c_str(),
              stored == args.Get("child")
                  ? ""
                  : absl::StrCat(" (stored as ", stored, ")").c_str(),
              contacts->contacts_size());
  for (const v1::ContactRecord& record : contacts->contacts()) {
    std::printf("%s", RenderRecord(record, false).c_str());
  }
  std::printf("%s", RenderChildLevel(*level).c_str());
  return 0;
}

int RunCaseloads(const Args& args) {
  absl::StatusOr<OutputFormat> format = FormatOf(args, {"text", "json", "csv"});
  if (!format.ok()) return Fail("caseloads", format.status());
  ServiceClient client(args);
  if (absl::Status s = client.RequireRun(args.Get("run")); !s.ok()) {
    return Fail("caseloads", s);
  }
  absl::StatusOr<v1::GetCaseloadsResponse> caseloads =
      client.Caseloads(args.Get("run"));
  if (!caseloads.ok()) return Fail("caseloads", caseloads.status());
  // Every level, those no child is open at too.
  std::map<v1::ServiceLevel, int64_t> counts;
  for (const v1::Caseload& c : caseloads->caseloads()) {
    counts[c.level()] = c.children();
  }
  TableOut table({"level", "label", "children"});
  for (const v1::ServiceLevel level :
       {v1::SERVICE_LEVEL_EARLY_HELP, v1::SERVICE_LEVEL_CHILD_IN_NEED,
        v1::SERVICE_LEVEL_CHILD_PROTECTION, v1::SERVICE_LEVEL_LOOKED_AFTER}) {
    table.AddRow({Text(CodeOf(Label(level))), Text(Label(level)),
                  Number(static_cast<double>(counts[level]))});
  }
  std::printf("%s", table.Render(*format).c_str());
  return 0;
}

}  // namespace

Command SubmitCommand() {
  return {{"submit", "submit a contact and print the decision and rationale",
           "frontdoor submit --source=6 --id=P-1 --child=C1 --dob=2019-04-02 "
           "--factors=3B --time=2024-09-03T10:15:00Z\n"
           "       frontdoor submit --file=contacts.jsonl",
           WithFormat(Join(ContactOptions(), AddressOptions()),
                      "text, or json: the response")},
          RunSubmit};
}

Command ChildCommand() {
  return {
      {"child", "a child's contacts, decisions (with why) and level of service",
       "frontdoor child --child=C1 [--run=RUN]",
       WithFormat(Join({{"child", "", "pseudonymous child id"},
                        {"run", "", "run id (empty: the default run)"}},
                       AddressOptions()),
                  "text, or json: the contacts and the level")},
      RunChild};
}

Command CaseloadsCommand() {
  return {{"caseloads", "how many children are open at each level of service",
           "frontdoor caseloads [--run=RUN] [--format=text|json|csv]",
           WithFormat(Join({{"run", "", "run id (empty: the default run)"}},
                           AddressOptions()),
                      "text, json or csv")},
          RunCaseloads};
}

}  // namespace frontdoor::cli
