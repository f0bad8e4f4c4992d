// The simulation driver.
#include "clients/simulate/simulator.h"

#include <algorithm>
#include <queue>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "clients/lib/event_stream.h"
#include "clients/simulate/contact_generator.h"
#include "clients/simulate/kpis.h"
#include "clients/simulate/scenario_file.h"
#include "clients/simulate/social_work_team.h"
#include "services/common/event_time.h"
#include "services/common/stable_random.h"
#include "services/common/working_calendar.h"

namespace frontdoor {
namespace {

// A finding to send at `at`.
struct PendingFinding {
  absl::Time at;
  v1::RecordAssessmentRequest request;
  bool operator>(const PendingFinding& other) const {
    return at > other.at || (at == other.at &&
                             request.contact_id() > other.request.contact_id());
  }
};

// What the simulated social workers will find when a referral's work
// concludes, decided from the child's latent need at referral: they see
// what the front door could not.
struct Referred {
  v1::RecordAssessmentRequest request;  // finding unset for a conference
  absl::Time decided;
  // Significant harm: a section 47 enquiry, started at referral or when
  // the assessment ends.
  bool harm = false;
  // The enquiry finds continuing risk: an initial child-protection
  // conference follows.
  bool conference = false;
  bool s47_at_referral = false;
};

// The day of the conference after an enquiry that started on `s47`: within
// 15 working days for most (DfE 2024: 9% in 10 or fewer, 70% in 11 to 15),
// 16 to 30 for the rest.
absl::CivilDay ConferenceDay(const v1::Scenario& scenario,
                             const std::string& contact_id,
                             absl::CivilDay s47) {
  StableRandom random(scenario.seed(), {contact_id, "conference"});
  const double u = random.Uniform();
  const double v = random.Uniform();
  int days;
  if (u >= scenario.child_protection().icpc_on_time()) {
    days = 16 + static_cast<int>(v * 15);
  } else if (v < 0.12) {
    days = 5 + static_cast<int>(random.Uniform() * 6);
  } else {
    days = 11 + static_cast<int>(random.Uniform() * 5);
  }
  return AddWorkingDays(s47, days);
}

// 4pm on `day` in England: when the day's work is written up.
absl::Time EndOfWork(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilHour(day) + 16, EnglandTime());
}

// The conference's finding: a plan, or none and the child stays in need.
v1::AssessmentFinding ConferenceFinding(const v1::Scenario& scenario,
                                        const std::string& contact_id) {
  StableRandom random(scenario.seed(), {contact_id, "plan"});
  return random.Uniform() < scenario.child_protection().plan_given_icpc()
             ? v1::ASSESSMENT_FINDING_CHILD_PROTECTION
             : v1::ASSESSMENT_FINDING_CONFERENCE_NO_PLAN;
}

// The simulated world around the services: the social workers and what
// their work finds, day by day.
class Fieldwork {
 public:
  Fieldwork(const v1::Scenario& scenario, const std::string& run_id,
            absl::CivilDay first, cli::ServiceClient& client)
      : scenario_(scenario),
        run_id_(run_id),
        team_(scenario, first),
        client_(client) {}

  // Starts `day`: the work that concludes gives findings; children whose
  // hold ran out are looked up to see whether their case is still open.
  absl::Status StartDay(absl::CivilDay day) {
    for (const ConcludedWork& done : team_.StartDay(day)) {
      auto node = referred_.extract(done.contact_id);
      if (node.empty()) continue;
      Conclude(day, node.mapped());
    }
    for (const std::string& child : team_.DueChecks()) {
      absl::StatusOr<v1::GetChildResponse> state =
          client_.ChildLevel(run_id_, child);
      if (!state.ok()) return state.status();
      const bool open = state->level() == v1::SERVICE_LEVEL_CHILD_IN_NEED ||
                        state->level() == v1::SERVICE_LEVEL_CHILD_PROTECTION;
      if (!open || state->episodes().empty()) {
        team_.Close(child);
        continue;
      }
      // Asked again the day after the episode is due to end; an episode
      // already due stays held until its timer has fired.
      const v1::Episode& episode = *state->episodes().rbegin();
      absl::CivilDay again = day + 1;
      if (episode.has_due_end()) {
        again = std::max(again, DayOf(FromProto(episode.due_end())) + 1);
      }
      team_.HoldUntil(child, again);
    }
    workforce_.push_back(team_.Today());
    return absl::OkStatus();
  }

  // A referral, decided: the social workers take it on.
  void Refer(const v1::ContactRecord& record, int latent_need) {
    const v1::Decision& d = record.decision();
    Referred r;
    r.decided = FromProto(d.decided_at());
    v1::RecordAssessmentRequest& q = r.request;
    q.set_run_id(run_id_);
    q.set_child_id(record.contact().child_id());
    q.set_contact_id(record.contact_id());
    if (latent_need <= 1) {
      // Checks at referral find nothing to assess; no worker is needed.
      q.set_finding(v1::ASSESSMENT_FINDING_REFERRAL_NFA);
      Send(OneWorkingDayAfter(r.decided, {scenario_.mash().day_start_hour(),
                                          scenario_.mash().day_end_hour()}),
           std::move(q));
      return;
    }
    StableRandom random(scenario_.seed(), {record.contact_id(), "assess"});
    switch (latent_need) {
      case 2:
        q.set_finding(random.Uniform() < 0.5
                          ? v1::ASSESSMENT_FINDING_EARLY_HELP
                          : v1::ASSESSMENT_FINDING_NOT_IN_NEED);
        break;
      case 3:
        q.set_finding(v1::ASSESSMENT_FINDING_CHILD_IN_NEED);
        break;
      default:
        // Significant harm: an enquiry, at referral or when the assessment
        // finds it; for some it finds continuing risk, and a conference
        // follows.
        r.harm = true;
        r.conference = random.Uniform() <
                       scenario_.child_protection().conference_given_harm();
        if (!r.conference) q.set_finding(v1::ASSESSMENT_FINDING_CHILD_IN_NEED);
        break;
    }
    r.s47_at_referral = IsSection47(d);
    const absl::CivilDay received =
        DayOf(FromProto(record.contact().event_time()));
    if (r.conference && r.s47_at_referral) {
      // The enquiry started at referral; its conference has a fixed date.
      team_.Refer(record.contact_id(), q.child_id(), received, 0,
                  ConferenceDay(scenario_, q.contact_id(), DayOf(r.decided)));
    } else {
      team_.Refer(
          record.contact_id(), q.child_id(), received,
          random.Gamma2(scenario_.services().assessment_working_days()));
    }
    referred_.emplace(record.contact_id(), std::move(r));
  }

  // Sends the findings due by `until`, in event-time order, through `add`.
  template <typename Add>
  absl::Status SendDue(absl::Time until, const Add& add) {
    while (!findings_.empty() && findings_.top().at <= until) {
      v1::RunEvent event;
      *event.mutable_finding() = findings_.top().request;
      findings_.pop();
      if (absl::Status s = add(std::move(event)); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  std::vector<WorkforceDay> TakeWorkforce() { return std::move(workforce_); }

 private:
  void Send(absl::Time at, v1::RecordAssessmentRequest request) {
    *request.mutable_event_time() = ToProto(at);
    findings_.push({at, std::move(request)});
  }

  void Conclude(absl::CivilDay day, Referred r) {
    v1::RecordAssessmentRequest& q = r.request;
    const std::string child = q.child_id();
    if (!r.conference) {
      const bool in_need = q.finding() == v1::ASSESSMENT_FINDING_CHILD_IN_NEED;
      if (r.harm) {
        // The enquiry found no continuing risk; the child stays in need.
        *q.mutable_s47_started_at() =
            r.s47_at_referral ? ToProto(r.decided) : ToProto(EndOfWork(day));
        if (!r.s47_at_referral) *q.mutable_assessed_at() = q.s47_started_at();
      }
      Send(EndOfWork(day), std::move(q));
      if (in_need) {
        team_.HoldUntil(child, day + 1);
      } else {
        team_.Close(child);
      }
      return;
    }
    q.set_finding(ConferenceFinding(scenario_, q.contact_id()));
    absl::CivilDay conference = day;
    if (r.s47_at_referral) {
      *q.mutable_s47_started_at() = ToProto(r.decided);
    } else {
      // The assessment found significant harm: a strategy discussion now,
      // and a conference within about 15 working days.
      *q.mutable_assessed_at() = ToProto(EndOfWork(day));
      *q.mutable_s47_started_at() = ToProto(EndOfWork(day));
      conference = ConferenceDay(scenario_, q.contact_id(), day);
    }
    Send(EndOfWork(conference), std::move(q));
    team_.HoldUntil(child, conference + 1);
  }

  const v1::Scenario& scenario_;
  std::string run_id_;
  SocialWorkTeam team_;
  cli::ServiceClient& client_;
  absl::flat_hash_map<std::string, Referred> referred_;
  std::priority_queue<PendingFinding, std::vector<PendingFinding>,
                      std::greater<PendingFinding>>
      findings_;
  std::vector<WorkforceDay> workforce_;
};

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
  // Every referral's work ends in a finding (Fieldwork below).
  config.mutable_scenario()->mutable_services()->set_await_findings(true);
  config.set_description(description);
  if (absl::StatusOr<v1::RunInfo> created = client.CreateRun(config);
      !created.ok()) {
    return created.status();
  }

  SimulationResult result;
  result.run_id = run_id;
  ContactGenerator generator(scenario, run_id);
  const absl::CivilDay first = StartDay(scenario) - scenario.warmup_days();
  Fieldwork fieldwork(scenario, run_id, first, client);
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
      if (r.has_error()) {
        return absl::Status(static_cast<absl::StatusCode>(r.error().code()),
                            r.error().message());
      }
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
      if (IsReferral(record)) fieldwork.Refer(record, latent_needs[e]);
    }
    if (progress) progress(i + 1, total);
  }
  const absl::Time end = absl::FromCivil(first + total, EnglandTime());
  if (absl::Status s = fieldwork.SendDue(end, add); !s.ok()) return s;
  v1::RunEvent advance;
  *advance.mutable_advance_to() = ToProto(end);
  if (absl::Status s = stream.Add(std::move(advance)); !s.ok()) return s;
  if (absl::Status s = flush(); !s.ok()) return s;
  result.workforce = fieldwork.TakeWorkforce();
  return result;
}

}  // namespace frontdoor
