// The social workers' and early-help workers' work, and its findings.
#include "clients/simulate/fieldwork.h"

#include <algorithm>
#include <utility>

#include "clients/simulate/contact_generator.h"
#include "clients/simulate/kpis.h"
#include "lib/domain/event_time.h"
#include "lib/domain/stable_random.h"
#include "lib/domain/working_calendar.h"

namespace frontdoor {
namespace {

// How many waiting children's levels are read in one call: enough for a
// day's free places in most authorities, few enough not to read the whole
// list when places are full.
constexpr int kLevelsPerRead = 64;

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

// When to ask again about a child still open on `day`: the day after its
// episode is due to end; an episode already due (or with no end yet) is
// asked about the next day, until its timer has fired.
absl::CivilDay NextCheck(const v1::GetChildResponse& state,
                         absl::CivilDay day) {
  const v1::Episode& episode = *state.episodes().rbegin();
  absl::CivilDay again = day + 1;
  if (episode.has_due_end()) {
    again = std::max(again, DayOf(FromProto(episode.due_end())) + 1);
  }
  return again;
}

// The simulated world around the services: the social workers and the
// early-help workers, and what their work finds, day by day.

}  // namespace

absl::Status Fieldwork::StartDay(absl::CivilDay day) {
  for (const ConcludedWork& done : team_.StartDay(day)) {
    auto node = referred_.extract(done.contact_id);
    if (node.empty()) continue;
    Conclude(day, node.mapped());
  }
  absl::Status checked = VisitLevels(
      team_.DueChecks(),
      [&](const std::string& child, const v1::GetChildResponse& state) {
        // A child looked after keeps a social worker, as DfE's caseloads
        // count.
        const bool open = state.level() == v1::SERVICE_LEVEL_CHILD_IN_NEED ||
                          state.level() == v1::SERVICE_LEVEL_CHILD_PROTECTION ||
                          state.level() == v1::SERVICE_LEVEL_LOOKED_AFTER;
        if (open && !state.episodes().empty()) {
          team_.HoldUntil(child, NextCheck(state, day));
          return;
        }
        team_.Close(child);
        // Stepped down: early help has the child now.
        if (state.level() == v1::SERVICE_LEVEL_EARLY_HELP &&
            !early_help_.Holds(child)) {
          early_help_.TakeOn(child, day);
        }
      });
  if (!checked.ok()) return checked;
  if (absl::Status s = EarlyHelpDay(day); !s.ok()) return s;
  WorkforceDay today = team_.Today();
  early_help_.Record(today);
  workforce_.push_back(today);
  return absl::OkStatus();
}

void Fieldwork::ReferToEarlyHelp(const v1::ContactRecord& record,
                                 int latent_need) {
  if (early_help_.Holds(record.contact().child_id())) return;
  early_help_.Refer(
      {.contact_id = record.contact_id(),
       .child_id = record.contact().child_id(),
       .need = latent_need,
       .since = DayOf(FromProto(record.decision().decided_at()))});
}

void Fieldwork::Refer(const v1::ContactRecord& record, int latent_need) {
  const v1::Decision& d = record.decision();
  Referred r;
  r.decided = FromProto(d.decided_at());
  v1::RecordAssessmentRequest& q = r.request;
  q.set_run_id(run_id_);
  q.set_child_id(record.contact().child_id());
  q.set_contact_id(record.contact_id());
  StableRandom random(scenario_.seed(), {record.contact_id(), "assess"});
  // Need 2 is half early help, half not in need; drawn first, so that need 3
  // and 4 draw as they always have.
  const bool not_in_need = latent_need == 2 && random.Uniform() >= 0.5;
  if (latent_need <= 1 || not_in_need) {
    // No service follows: closed at referral, or assessed and closed, as
    // the authority records it.
    bool close_at_referral = latent_need <= 1;
    if (scenario_.services().has_nfa_at_referral_share()) {
      StableRandom convention(scenario_.seed(),
                              {record.contact_id(), "recording"});
      close_at_referral =
          convention.Uniform() < scenario_.services().nfa_at_referral_share();
    }
    if (close_at_referral) {
      // Checks at referral find nothing to assess; no worker is needed.
      q.set_finding(v1::ASSESSMENT_FINDING_REFERRAL_NFA);
      Send(OneWorkingDayAfter(r.decided, {scenario_.mash().day_start_hour(),
                                          scenario_.mash().day_end_hour()}),
           std::move(q));
      return;
    }
    q.set_finding(v1::ASSESSMENT_FINDING_NOT_IN_NEED);
  }
  switch (latent_need) {
    case 2:
      if (!not_in_need) q.set_finding(v1::ASSESSMENT_FINDING_EARLY_HELP);
      break;
    case 3:
      q.set_finding(v1::ASSESSMENT_FINDING_CHILD_IN_NEED);
      break;
    case kLatentNeedLookedAfter:
      q.set_finding(v1::ASSESSMENT_FINDING_LOOKED_AFTER);
      break;
    case 4:
      // Significant harm: an enquiry, at referral or when the assessment
      // finds it; for some it finds continuing risk, and a conference
      // follows.
      r.harm = true;
      r.conference = random.Uniform() <
                     scenario_.child_protection().conference_given_harm();
      if (!r.conference) q.set_finding(v1::ASSESSMENT_FINDING_CHILD_IN_NEED);
      break;
    default:
      break;  // need 1, assessed: not in need
  }
  r.s47_at_referral = IsSection47(d);
  const absl::CivilDay received =
      DayOf(FromProto(record.contact().event_time()));
  if (r.conference && r.s47_at_referral) {
    // The enquiry started at referral; its conference has a fixed date.
    team_.Refer(record.contact_id(), q.child_id(), received, 0,
                ConferenceDay(scenario_, q.contact_id(), DayOf(r.decided)));
  } else {
    team_.Refer(record.contact_id(), q.child_id(), received,
                random.Gamma2(scenario_.services().assessment_working_days()));
  }
  referred_.emplace(record.contact_id(), std::move(r));
}

absl::Status Fieldwork::EarlyHelpDay(absl::CivilDay day) {
  absl::Status checked = VisitLevels(
      early_help_.DueChecks(day),
      [&](const std::string& child, const v1::GetChildResponse& state) {
        if (state.level() != v1::SERVICE_LEVEL_EARLY_HELP ||
            state.episodes().empty()) {
          early_help_.Close(child);
          return;
        }
        early_help_.HoldUntil(child, NextCheck(state, day));
      });
  if (!checked.ok()) return checked;
  // The waiting children's levels, read a batch at a time as places free.
  absl::flat_hash_map<std::string, v1::ServiceLevel> waiting_levels;
  while (std::optional<EarlyHelpReferral> next = early_help_.NextWaiting(day)) {
    if (!waiting_levels.contains(next->child_id)) {
      std::vector<std::string> ids = early_help_.Ready(day, kLevelsPerRead);
      ids.insert(ids.begin(), next->child_id);
      absl::Status read = VisitLevels(
          ids,
          [&](const std::string& child, const v1::GetChildResponse& state) {
            waiting_levels[child] = state.level();
          });
      if (!read.ok()) return read;
    }
    // Referred to social care, or closed, while waiting: no place needed.
    if (waiting_levels[next->child_id] != v1::SERVICE_LEVEL_EARLY_HELP) {
      continue;
    }
    const absl::CivilDay assessed = early_help_.Allocate(*next, day);
    v1::RecordAssessmentRequest q;
    q.set_run_id(run_id_);
    q.set_child_id(next->child_id);
    q.set_contact_id(next->contact_id);
    q.set_finding(v1::ASSESSMENT_FINDING_EARLY_HELP_ASSESSED);
    q.set_need_level(next->need);
    Send(EndOfWork(assessed), std::move(q));
  }
  return absl::OkStatus();
}

absl::Status Fieldwork::VisitLevels(
    const std::vector<std::string>& children,
    absl::FunctionRef<void(const std::string&, const v1::GetChildResponse&)>
        visit) {
  absl::StatusOr<std::vector<v1::GetChildResponse>> states =
      levels_.Read(client_, children);
  if (!states.ok()) return states.status();
  for (size_t i = 0; i < children.size(); ++i) visit(children[i], (*states)[i]);
  return absl::OkStatus();
}

void Fieldwork::Send(absl::Time at, v1::RecordAssessmentRequest request) {
  *request.mutable_event_time() = ToProto(at);
  findings_.push({at, std::move(request)});
}

void Fieldwork::Conclude(absl::CivilDay day, Referred r) {
  v1::RecordAssessmentRequest& q = r.request;
  const std::string child = q.child_id();
  if (!r.conference) {
    const bool in_need = q.finding() == v1::ASSESSMENT_FINDING_CHILD_IN_NEED ||
                         q.finding() == v1::ASSESSMENT_FINDING_LOOKED_AFTER;
    if (r.harm) {
      // The enquiry found no continuing risk; the child stays in need.
      *q.mutable_s47_started_at() =
          r.s47_at_referral ? ToProto(r.decided) : ToProto(EndOfWork(day));
      if (!r.s47_at_referral) *q.mutable_assessed_at() = q.s47_started_at();
    }
    const bool early_help = q.finding() == v1::ASSESSMENT_FINDING_EARLY_HELP;
    Send(EndOfWork(day), std::move(q));
    if (in_need) {
      team_.HoldUntil(child, day + 1);
    } else {
      team_.Close(child);
      // Not in need, but referred to early help (RC9).
      if (early_help && !early_help_.Holds(child)) {
        early_help_.TakeOn(child, day);
      }
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

}  // namespace frontdoor
