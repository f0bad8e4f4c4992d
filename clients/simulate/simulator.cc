// The simulation driver.
#include "clients/simulate/simulator.h"

#include <queue>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/lib/event_stream.h"
#include "clients/simulate/contact_generator.h"
#include "clients/simulate/kpis.h"
#include "clients/simulate/scenario_file.h"
#include "services/common/event_time.h"
#include "services/common/stable_random.h"
#include "services/common/working_calendar.h"

namespace frontdoor {
namespace {

// An assessment that concludes at `at` with `finding`.
struct PendingFinding {
  absl::Time at;
  v1::RecordAssessmentRequest request;
  bool operator>(const PendingFinding& other) const {
    return at > other.at || (at == other.at &&
                             request.contact_id() > other.request.contact_id());
  }
};

// What the assessment of a referral finds, from the child's latent need:
// the simulated social worker sees what the front door could not.
PendingFinding Assess(const v1::Scenario& scenario, const std::string& run_id,
                      const v1::ContactRecord& record, int latent_need) {
  const v1::Decision& d = record.decision();
  const absl::Time decided = FromProto(d.decided_at());
  StableRandom random(scenario.seed(), {record.contact_id(), "assess"});
  PendingFinding f;
  v1::RecordAssessmentRequest& r = f.request;
  r.set_run_id(run_id);
  r.set_child_id(record.contact().child_id());
  r.set_contact_id(record.contact_id());
  const WorkingHours hours{scenario.mash().day_start_hour(),
                           scenario.mash().day_end_hour()};
  if (latent_need <= 1) {
    // Checks at referral find nothing to assess.
    r.set_finding(v1::ASSESSMENT_FINDING_REFERRAL_NFA);
    f.at = OneWorkingDayAfter(decided, hours);
  } else {
    const int working_days = static_cast<int>(std::lround(
        random.Gamma2(scenario.services().assessment_working_days())));
    const absl::CivilDay day =
        AddWorkingDays(DayOf(decided), std::max(1, working_days));
    f.at = absl::FromCivil(absl::CivilHour(day) + 16, EnglandTime());
    switch (latent_need) {
      case 2:
        r.set_finding(random.Uniform() < 0.5
                          ? v1::ASSESSMENT_FINDING_EARLY_HELP
                          : v1::ASSESSMENT_FINDING_NOT_IN_NEED);
        break;
      case 3:
        r.set_finding(v1::ASSESSMENT_FINDING_CHILD_IN_NEED);
        break;
      default:
        r.set_finding(v1::ASSESSMENT_FINDING_CHILD_PROTECTION);
        break;
    }
  }
  *r.mutable_event_time() = ToProto(f.at);
  return f;
}

}  // namespace

absl::StatusOr<SimulationResult> Simulate(const v1::Scenario& scenario,
                                          const std::string& run_id,
                                          const std::string& description,
                                          cli::ServiceClient& client,
                                          const Progress& progress,
                                          const Notice& notice) {
  v1::RunConfig config;
  config.set_run_id(run_id);
  *config.mutable_scenario() = scenario;
  config.set_description(description);
  if (absl::StatusOr<v1::RunInfo> created = client.CreateRun(config);
      !created.ok()) {
    return created.status();
  }

  SimulationResult result;
  result.run_id = run_id;
  ContactGenerator generator(scenario, run_id);
  std::priority_queue<PendingFinding, std::vector<PendingFinding>,
                      std::greater<PendingFinding>>
      findings;
  cli::EventStream stream(client.intake_address(), run_id, {.notice = notice});
  // Findings due by `until` go first, in event-time order.
  const auto add_findings = [&](absl::Time until) -> absl::Status {
    while (!findings.empty() && findings.top().at <= until) {
      v1::RunEvent event;
      *event.mutable_finding() = findings.top().request;
      findings.pop();
      if (absl::Status s = stream.Add(std::move(event)); !s.ok()) return s;
      ++result.assessments_recorded;
    }
    return absl::OkStatus();
  };

  const absl::CivilDay first = StartDay(scenario) - scenario.warmup_days();
  const int total = scenario.warmup_days() + scenario.days();
  for (int i = 0; i < total; ++i) {
    // A day at a time: an assessment concludes at least a working day after
    // its decision, so a day's findings are known before the next day.
    std::vector<int> latent_needs;  // per event; -1 for findings
    for (const GeneratedContact& g : generator.Day(first + i)) {
      const size_t before = findings.size();
      if (absl::Status s = add_findings(FromProto(g.contact.event_time()));
          !s.ok()) {
        return s;
      }
      latent_needs.insert(latent_needs.end(), before - findings.size(), -1);
      v1::RunEvent event;
      *event.mutable_contact() = g.contact;
      if (absl::Status s = stream.Add(std::move(event)); !s.ok()) return s;
      latent_needs.push_back(g.latent_need);
      ++result.contacts_sent;
    }
    absl::StatusOr<std::vector<v1::EventResult>> results = stream.Flush();
    if (!results.ok()) return results.status();
    for (size_t e = 0; e < results->size(); ++e) {
      const v1::EventResult& r = (*results)[e];
      if (r.has_error()) {
        if (r.error().code() !=
                static_cast<int>(absl::StatusCode::kInvalidArgument) ||
            latent_needs[e] < 0) {
          return absl::Status(static_cast<absl::StatusCode>(r.error().code()),
                              r.error().message());
        }
        ++result.contacts_refused;
        continue;
      }
      if (latent_needs[e] < 0) continue;
      const v1::ContactRecord& record = r.contact().record();
      if (record.status() != v1::CONTACT_STATUS_DECIDED) {
        return absl::InternalError(absl::StrCat("contact ", record.contact_id(),
                                                " came back undecided"));
      }
      if (IsReferral(record)) {
        findings.push(Assess(scenario, run_id, record, latent_needs[e]));
      }
    }
    if (progress) progress(i + 1, total);
  }
  const absl::Time end = absl::FromCivil(first + total, EnglandTime());
  if (absl::Status s = add_findings(end); !s.ok()) return s;
  v1::RunEvent advance;
  *advance.mutable_advance_to() = ToProto(end);
  if (absl::Status s = stream.Add(std::move(advance)); !s.ok()) return s;
  absl::StatusOr<std::vector<v1::EventResult>> last = stream.Flush();
  if (!last.ok()) return last.status();
  for (const v1::EventResult& r : *last) {
    if (r.has_error()) {
      return absl::Status(static_cast<absl::StatusCode>(r.error().code()),
                          r.error().message());
    }
  }
  return result;
}

}  // namespace frontdoor
