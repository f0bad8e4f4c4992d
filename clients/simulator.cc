// The simulation driver.
#include "clients/simulator.h"

#include <queue>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/contact_generator.h"
#include "clients/kpis.h"
#include "clients/scenario_file.h"
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
        AddWorkingDays(absl::ToCivilDay(decided, absl::UTCTimeZone()),
                       std::max(1, working_days));
    f.at = absl::FromCivil(day, absl::UTCTimeZone()) + absl::Hours(16);
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
                                          const Progress& progress) {
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
  const auto flush = [&](absl::Time until) -> absl::Status {
    while (!findings.empty() && findings.top().at <= until) {
      absl::StatusOr<v1::LevelChange> change =
          client.RecordAssessment(findings.top().request);
      if (!change.ok()) return change.status();
      ++result.assessments_recorded;
      findings.pop();
    }
    return absl::OkStatus();
  };

  const absl::CivilDay first = StartDay(scenario) - scenario.warmup_days();
  const int total = scenario.warmup_days() + scenario.days();
  for (int i = 0; i < total; ++i) {
    for (const GeneratedContact& g : generator.Day(first + i)) {
      if (absl::Status s = flush(FromProto(g.contact.event_time())); !s.ok()) {
        return s;
      }
      absl::StatusOr<v1::SubmitContactResponse> response =
          client.Submit(g.contact);
      ++result.contacts_sent;
      if (!response.ok()) {
        if (!absl::IsInvalidArgument(response.status())) {
          return response.status();
        }
        ++result.contacts_refused;
        continue;
      }
      const v1::ContactRecord& record = response->record();
      if (record.status() != v1::CONTACT_STATUS_DECIDED) {
        return absl::UnavailableError(
            absl::StrCat("contact ", record.contact_id(),
                         " is pending: a service is down; the run stopped"));
      }
      if (IsReferral(record)) {
        findings.push(Assess(scenario, run_id, record, g.latent_need));
      }
    }
    if (progress) progress(i + 1, total);
  }
  const absl::Time end = absl::FromCivil(first + total, absl::UTCTimeZone());
  if (absl::Status s = flush(end); !s.ok()) return s;
  if (absl::Status s = client.AdvanceTo(run_id, end); !s.ok()) return s;
  return result;
}

}  // namespace frontdoor
