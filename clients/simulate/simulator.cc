// The simulation driver.
#include "clients/simulate/simulator.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/lib/event_stream.h"
#include "clients/simulate/contact_generator.h"
#include "clients/simulate/fieldwork.h"
#include "clients/simulate/kpis.h"
#include "clients/simulate/scenario_file.h"
#include "lib/domain/event_time.h"

namespace frontdoor {

namespace {

// Creates the run; every referral's work ends in a finding (fieldwork.h).
absl::Status CreateSimulationRun(const v1::Scenario& scenario,
                                 const std::string& run_id,
                                 const std::string& description,
                                 cli::ServiceClient& client) {
  v1::RunConfig config;
  config.set_run_id(run_id);
  *config.mutable_scenario() = scenario;
  config.mutable_scenario()->mutable_services()->set_await_findings(true);
  config.set_description(description);
  config.set_kind(v1::RUN_KIND_SIMULATION);
  return client.CreateRun(config).status();
}

// The refusal an event's result carries.
absl::Status ErrorOf(const v1::EventResult& r) {
  return absl::Status(static_cast<absl::StatusCode>(r.error().code()),
                      r.error().message());
}

// Passes a day's decided contacts to the workers who take them: referrals
// to social work, early help to its team (`latent_needs`: each event's
// need, -1 for findings). A contact the services found invalid is counted
// in `refused`; any other refusal fails the run.
absl::Status PassOn(const std::vector<v1::EventResult>& results,
                    const std::vector<int>& latent_needs, Fieldwork& fieldwork,
                    int64_t& refused) {
  for (size_t e = 0; e < results.size(); ++e) {
    const v1::EventResult& r = results[e];
    if (r.has_error()) {
      if (r.error().code() !=
              static_cast<int>(absl::StatusCode::kInvalidArgument) ||
          latent_needs[e] < 0) {
        return ErrorOf(r);
      }
      ++refused;
      continue;
    }
    if (latent_needs[e] < 0) continue;
    const v1::ContactRecord& record = r.contact().record();
    if (record.status() != v1::CONTACT_STATUS_DECIDED) {
      return absl::InternalError(absl::StrCat("contact ", record.contact_id(),
                                              " came back undecided"));
    }
    if (IsReferral(record)) {
      fieldwork.Refer(record, latent_needs[e]);
    } else if (record.decision().outcome() == v1::OUTCOME_EARLY_HELP) {
      fieldwork.ReferToEarlyHelp(record, latent_needs[e]);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SimulationResult> Simulate(const v1::Scenario& scenario,
                                          const std::string& run_id,
                                          const std::string& description,
                                          cli::ServiceClient& client,
                                          const Progress& progress,
                                          const Notice& notice,
                                          const std::string& journal) {
  absl::StatusOr<std::unique_ptr<LevelJournal>> levels =
      LevelJournal::Open(journal, run_id, scenario);
  if (!levels.ok()) return levels.status();
  if ((*levels)->journaled() > 0 && notice) {
    notice(absl::StrCat("resuming run ", run_id, ": ", (*levels)->journaled(),
                        " reads in ", journal, " are replayed"));
  }
  if (absl::Status s =
          CreateSimulationRun(scenario, run_id, description, client);
      !s.ok()) {
    return s;
  }

  SimulationResult result;
  result.run_id = run_id;
  ContactGenerator generator(scenario, run_id);
  const absl::CivilDay first = StartDay(scenario) - scenario.warmup_days();
  Fieldwork fieldwork(scenario, run_id, first, client, **levels);
  cli::EventStream stream(client.intake_address(), run_id, {.notice = notice});
  const auto add = [&](v1::RunEvent event) {
    ++result.assessments_recorded;
    return stream.Add(std::move(event));
  };

  // Waits for the services to take what was sent; any refusal fails the run.
  const auto flush = [&]() -> absl::Status {
    absl::StatusOr<std::vector<v1::EventResult>> results = stream.Flush();
    if (!results.ok()) return results.status();
    for (const v1::EventResult& r : *results) {
      if (r.has_error()) return ErrorOf(r);
    }
    return absl::OkStatus();
  };
  // Sends what is due by `until` and waits for the services to take it.
  const auto catch_up = [&](absl::Time until) -> absl::Status {
    if (absl::Status s = fieldwork.SendDue(until, add); !s.ok()) return s;
    return flush();
  };

  const int total = scenario.warmup_days() + scenario.days();
  for (int i = 0; i < total; ++i) {
    // A day at a time: work concludes at least a working day after its
    // referral, so a day's findings are known before the day starts. The
    // services have yesterday's findings before the team asks them which
    // children are still open.
    if (absl::Status s = catch_up(absl::FromCivil(first + i, EnglandTime()));
        !s.ok()) {
      return s;
    }
    if (absl::Status s = fieldwork.StartDay(first + i); !s.ok()) return s;
    std::vector<int> latent_needs;  // per event; -1 for findings
    for (const GeneratedContact& g : generator.Day(first + i)) {
      const int64_t before = result.assessments_recorded;
      if (absl::Status s =
              fieldwork.SendDue(FromProto(g.contact.event_time()), add);
          !s.ok()) {
        return s;
      }
      latent_needs.insert(latent_needs.end(),
                          result.assessments_recorded - before, -1);
      v1::RunEvent event;
      *event.mutable_contact() = g.contact;
      if (absl::Status s = stream.Add(std::move(event)); !s.ok()) return s;
      latent_needs.push_back(g.latent_need);
      ++result.contacts_sent;
    }
    absl::StatusOr<std::vector<v1::EventResult>> results = stream.Flush();
    if (!results.ok()) return results.status();
    if (absl::Status s =
            PassOn(*results, latent_needs, fieldwork, result.contacts_refused);
        !s.ok()) {
      return s;
    }
    if (progress) progress(i + 1, total);
  }
  const absl::Time end = absl::FromCivil(first + total, EnglandTime());
  if (absl::Status s = fieldwork.SendDue(end, add); !s.ok()) return s;
  v1::RunEvent advance;
  *advance.mutable_advance_to() = ToProto(end);
  if (absl::Status s = stream.Add(std::move(advance)); !s.ok()) return s;
  if (absl::Status s = flush(); !s.ok()) return s;
  // Complete: nothing new may enter it now (the same command run again
  // still ends as it did: what the run holds is answered again).
  if (absl::Status s = client.FinishRun(run_id).status(); !s.ok()) return s;
  result.workforce = fieldwork.TakeWorkforce();
  return result;
}

}  // namespace frontdoor
