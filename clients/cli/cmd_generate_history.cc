// `frontdoor generate-history`: a synthetic historic contacts file in the
// replay CSV format, from a scenario's demand and a policy's decisions (as
// the outcomes "recorded at the time", with some practice drift). No real
// person's data: children, names and notes are made up.
#include <cstdio>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"
#include "clients/cli/scenario_args.h"
#include "clients/lib/local_cluster.h"
#include "clients/lib/render.h"
#include "clients/simulate/contact_generator.h"
#include "clients/simulate/scenario_file.h"
#include "clients/study/scenario_source.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "lib/domain/stable_random.h"
#include "lib/policy/policy_diff.h"
#include "lib/policy/policy_file.h"

namespace frontdoor::cli {
namespace {

constexpr const char* kFirstNames[] = {"Alex",  "Sam",    "Jordan", "Riley",
                                       "Casey", "Morgan", "Jamie",  "Taylor"};
constexpr const char* kLastNames[] = {"Ashdown", "Brookfield", "Carraway",
                                      "Dunmore", "Everleigh",  "Fairholm"};

int Fail(const absl::Status& status) {
  return cli::Fail("generate-history", status);
}

int RunGenerate(const Args& args) {
  absl::StatusOr<study::ScenarioSource> source =
      study::LoadScenarioSource(ScenarioRequestFrom(args));
  if (!source.ok()) return Fail(source.status());
  if (source->la.has_value()) {
    std::fprintf(stderr, "%s\n", study::InputsText(*source->la).c_str());
  }
  const v1::Scenario* scenario = &source->scenario;
  int days = 0;
  if (!absl::SimpleAtoi(args.Get("days"), &days) || days < 1) {
    return Fail(absl::InvalidArgumentError("--days: a whole number above 0"));
  }
  absl::StatusOr<Policy> policy = LoadPolicyFile(
      args.Get("policy").empty() ? ShippedFile("policies/default.textproto")
                                 : args.Get("policy"));
  if (!policy.ok()) return Fail(policy.status());

  ContactGenerator generator(*scenario, "history");
  std::vector<v1::Contact> contacts;
  const absl::CivilDay first = StartDay(*scenario);
  for (int i = 0; i < days; ++i) {
    for (GeneratedContact& g : generator.Day(first + i)) {
      contacts.push_back(std::move(g.contact));
    }
  }
  absl::StatusOr<std::vector<v1::Decision>> outcomes =
      DecideAll(*policy, contacts);
  if (!outcomes.ok()) return Fail(outcomes.status());

  std::ofstream out(args.Get("file"));
  out << "Child Unique ID,Child Name,Date of Birth,Date of Contact,"
         "Time of Contact,Contact Source,Assessment Factors,Local Authority,"
         "Contact ID,Recorded Outcome,Notes\n";
  for (size_t i = 0; i < contacts.size(); ++i) {
    const v1::Contact& c = contacts[i];
    StableRandom random(scenario->seed(), {c.source_contact_id(), "history"});
    v1::Outcome recorded = (*outcomes)[i].outcome();
    // Practice drift: one contact in twelve was recorded one step lower.
    if (random.Uniform() < 1.0 / 12 &&
        recorded > v1::OUTCOME_NO_FURTHER_ACTION) {
      recorded = static_cast<v1::Outcome>(recorded - 1);
    }
    const int number = std::stoi(c.child_id().substr(1));
    const absl::CivilSecond at =
        absl::ToCivilSecond(FromProto(c.event_time()), EnglandTime());
    out << absl::StrFormat("LA%s-%06d", c.local_authority(), number) << ","
        << kFirstNames[number % 8] << " " << kLastNames[number % 6] << ","
        << absl::StrFormat("%02d/%02d/%04d", c.date_of_birth().day(),
                           c.date_of_birth().month(), c.date_of_birth().year())
        << ","
        << absl::StrFormat("%04d-%02d-%02d", at.year(), at.month(), at.day())
        << "," << absl::StrFormat("%02d:%02d", at.hour(), at.minute()) << ","
        << c.source() << "," << absl::StrJoin(c.factors(), ";") << ","
        << c.local_authority() << "," << c.source_contact_id() << ","
        << Label(recorded) << ","
        << "\"Synthetic note about " << kFirstNames[number % 8]
        << ", not a real person\"\n";
  }
  if (!out) return Fail(absl::FailedPreconditionError("cannot write file"));
  std::printf("wrote %zu synthetic contacts to %s\n", contacts.size(),
              args.Get("file").c_str());
  return 0;
}

}  // namespace

Command GenerateHistoryCommand() {
  std::vector<OptionSpec> options = {
      {"file", "history.csv", "output CSV"},
      {"days", "30", "days of contacts from the scenario's start"},
      {"policy", "",
       "policy whose decisions are the recorded "
       "outcomes (default: the shipped default)"}};
  for (OptionSpec& o : ScenarioOptions()) options.push_back(std::move(o));
  return {{"generate-history",
           "write a synthetic historic contacts CSV (no real person's data) "
           "for replay and load tests",
           "frontdoor generate-history --file=FILE [--days=N] "
           "[--scenario=FILE] [--la=CODE|NAME [--year=YYYY-YY]]",
           options,
           {}},
          RunGenerate};
}

}  // namespace frontdoor::cli
