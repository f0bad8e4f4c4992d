// One period's KPIs (the run, a month or a week) from the run's records.
#include "clients/simulate/period_kpis.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "clients/lib/render.h"
#include "clients/simulate/kpis.h"
#include "lib/domain/cin_codes.h"
#include "lib/domain/event_time.h"
#include "lib/domain/working_calendar.h"

namespace frontdoor {
namespace {

constexpr absl::Duration kYear = absl::Hours(24 * 365);
// A referral still open this long after its decision has been assessed as
// in need (assessments take at most 45 working days, about 65 days).
constexpr absl::Duration kAssessmentWindow = absl::Hours(24 * 65);

bool In(absl::Time t, const KpiPeriod& p) { return t >= p.from && t < p.to; }

double Percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double pos = q * (values.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(values.size() - 1, lo + 1);
  return values[lo] + (values[hi] - values[lo]) * (pos - lo);
}

double Share(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / whole;
}

// Cohen's kappa between the policy's outcomes and the screeners' over a
// period's screened contacts, from counts by (policy's, screener's).
class Agreement {
 public:
  void Add(v1::Outcome policy, v1::Outcome screener) {
    ++total_;
    ++policy_[policy];
    ++screener_[screener];
    if (policy == screener) ++same_;
  }
  // 1 with no contacts or when every outcome agrees by construction.
  double Kappa() const {
    if (total_ == 0) return 1;
    double chance = 0;
    for (const auto& [outcome, n] : policy_) {
      const auto it = screener_.find(outcome);
      if (it != screener_.end()) {
        chance += Share(n, total_) * Share(it->second, total_);
      }
    }
    if (chance >= 1) return 1;
    return (Share(same_, total_) - chance) / (1 - chance);
  }

 private:
  int64_t total_ = 0, same_ = 0;
  std::map<v1::Outcome, int64_t> policy_, screener_;
};

// Shares of the child-protection plans open at a period's end by how long
// they had run, in DfE's bands (3, 6, 12 and 24 months).
void SetPlanDurations(const std::vector<double>& open_days, v1::KpiSet& k) {
  constexpr double kMonth = 365.25 / 12;
  int64_t bands[5] = {};
  for (double days : open_days) {
    const int band = days < 3 * kMonth    ? 0
                     : days < 6 * kMonth  ? 1
                     : days < 12 * kMonth ? 2
                     : days < 24 * kMonth ? 3
                                          : 4;
    ++bands[band];
  }
  const int64_t n = static_cast<int64_t>(open_days.size());
  k.set_cp_plans_under_3m_share(Share(bands[0], n));
  k.set_cp_plans_3_to_6m_share(Share(bands[1], n));
  k.set_cp_plans_6_to_12m_share(Share(bands[2], n));
  k.set_cp_plans_1_to_2y_share(Share(bands[3], n));
  k.set_cp_plans_2y_or_more_share(Share(bands[4], n));
}

// What the social workers' findings add: assessments and their timeliness
// from referral, enquiries that began at an assessment's end, conferences
// and their timeliness from the strategy discussion.
void AddPathwayKpis(const KpiPeriod& period, const KpiIndex& index,
                    v1::KpiSet& k) {
  if (index.findings == nullptr) return;
  std::vector<double> assessment_days;
  int64_t within_45 = 0, icpc_on_time = 0;
  for (const v1::RecordAssessmentRequest& f : *index.findings) {
    // Early help's assessments are not social care's.
    if (f.finding() == v1::ASSESSMENT_FINDING_EARLY_HELP_ASSESSED) continue;
    const auto contact = index.contacts.find(f.contact_id());
    if (contact == index.contacts.end()) continue;
    const v1::ContactRecord& referral = *contact->second;
    const absl::Time at = FromProto(f.event_time());
    const absl::Time assessed =
        f.has_assessed_at() ? FromProto(f.assessed_at()) : at;
    if (f.finding() != v1::ASSESSMENT_FINDING_REFERRAL_NFA &&
        In(assessed, period)) {
      const int days = WorkingDaysBetween(
          DayOf(FromProto(referral.contact().event_time())), DayOf(assessed));
      assessment_days.push_back(days);
      if (days <= 45) ++within_45;
    }
    const bool conference =
        f.finding() == v1::ASSESSMENT_FINDING_CHILD_PROTECTION ||
        f.finding() == v1::ASSESSMENT_FINDING_CONFERENCE_NO_PLAN;
    if (!conference && !f.has_s47_started_at()) continue;
    const bool s47_at_referral = IsSection47(referral.decision());
    const absl::Time s47 =
        f.has_s47_started_at() ? FromProto(f.s47_started_at())
        : s47_at_referral      ? FromProto(referral.decision().decided_at())
                               : assessed;
    // An enquiry the assessment started counts where it started.
    if (!s47_at_referral && In(s47, period)) k.set_s47(k.s47() + 1);
    if (!conference || !In(at, period)) continue;
    k.set_icpcs(k.icpcs() + 1);
    if (WorkingDaysBetween(DayOf(s47), DayOf(at)) <= 15) ++icpc_on_time;
  }
  k.set_assessments(static_cast<int64_t>(assessment_days.size()));
  k.set_assessment_working_days_p50(Percentile(assessment_days, 0.5));
  k.set_assessments_within_45wd_share(Share(within_45, k.assessments()));
  k.set_icpc_within_15wd_share(Share(icpc_on_time, k.icpcs()));
}

// The social workers over the period's days: caseloads, vacancies, agency
// staff, the queue for allocation at the end and cases handed on.
void AddWorkforceKpis(const KpiPeriod& period, const KpiIndex& index,
                      v1::KpiSet& k) {
  if (index.workforce == nullptr) return;
  const absl::CivilDay from = DayOf(period.from), to = DayOf(period.to);
  int days = 0, early_help_days = 0;
  int64_t early_help_allocated = 0;
  double caseload = 0, over_20 = 0, over_30 = 0, agency = 0, vacancy = 0,
         case_days = 0, early_help_caseload = 0, early_help_waited = 0;
  for (const WorkforceDay& d : *index.workforce) {
    if (d.day < from || d.day >= to) continue;
    const int in_post = d.permanent + d.agency;
    ++days;
    if (in_post > 0) {
      caseload += static_cast<double>(d.cases) / in_post;
      over_20 += static_cast<double>(d.over_20) / in_post;
      over_30 += static_cast<double>(d.over_30) / in_post;
      agency += static_cast<double>(d.agency) / in_post;
    }
    vacancy +=
        d.posts == 0 ? 0 : 1.0 - static_cast<double>(d.permanent) / d.posts;
    case_days += d.cases;
    k.set_worker_changes(k.worker_changes() + d.worker_changes);
    k.set_unallocated_children(d.unallocated);
    k.set_early_help_waiting_at_end(d.early_help_waiting);
    early_help_allocated += d.early_help_allocated;
    early_help_waited += d.early_help_wait_days;
    if (d.early_help_workers > 0) {
      ++early_help_days;
      early_help_caseload +=
          static_cast<double>(d.early_help_held) / d.early_help_workers;
    }
  }
  k.set_early_help_wait_days(
      early_help_allocated == 0 ? 0 : early_help_waited / early_help_allocated);
  if (early_help_days > 0) {
    k.set_early_help_caseload_per_worker(early_help_caseload / early_help_days);
  }
  if (days == 0) return;
  k.set_caseload_per_worker(caseload / days);
  k.set_workers_over_20_share(over_20 / days);
  k.set_workers_over_30_share(over_30 / days);
  k.set_agency_share(agency / days);
  k.set_vacancy_rate(vacancy / days);
  k.set_worker_changes_per_case_year(
      case_days == 0 ? 0 : k.worker_changes() / (case_days / 365.0));
}

// What the period's decided contacts add up to before they become shares.
struct DecisionCounts {
  std::vector<double> decision_hours;
  // MASH contacts and those decided within one working day, by RAG label.
  std::map<std::string, std::pair<int64_t, int64_t>> by_rag;
  std::map<std::string, std::vector<double>> hours_by_rag;
  int64_t mash = 0, timely = 0, re_referrals = 0, concluded = 0, nfa = 0,
          not_in_need = 0;
  Agreement agreement;
};

// A contact decided in the period: its outcome, RAG, door, and for MASH
// contacts how long the decision took and whether the screener agreed
// with the policy.
void CountDecision(const v1::ContactRecord& r, absl::Time received,
                   const WorkingHours& hours, v1::KpiSet& k,
                   DecisionCounts& c) {
  const v1::Decision& d = r.decision();
  k.set_contacts(k.contacts() + 1);
  ++(*k.mutable_outcomes())[cli::Code(d.outcome())];
  ++(*k.mutable_rag())[cli::Code(d.rag())];
  if (IsSection47(d)) k.set_s47(k.s47() + 1);
  if (d.door() == v1::DOOR_EARLY_HELP) {
    k.set_bypassed_mash(k.bypassed_mash() + 1);
    return;
  }
  const absl::Time decided = FromProto(d.decided_at());
  ++c.mash;
  c.decision_hours.push_back(absl::ToDoubleHours(decided - received));
  const bool in_time = decided <= OneWorkingDayAfter(received, hours);
  if (in_time) ++c.timely;
  auto& [rag_contacts, rag_timely] = c.by_rag[cli::Code(d.rag())];
  c.hours_by_rag[cli::Code(d.rag())].push_back(c.decision_hours.back());
  ++rag_contacts;
  if (in_time) ++rag_timely;
  if (d.signposted_after_wait()) {
    k.set_signposted_after_wait(k.signposted_after_wait() + 1);
    return;
  }
  c.agreement.Add(d.policy_outcome() == v1::OUTCOME_UNSPECIFIED
                      ? d.outcome()
                      : d.policy_outcome(),
                  d.outcome());
}

// A referral decided in the period: its source, whether the child was
// referred in the year before, and how its assessment ended.
void CountReferral(const v1::ContactRecord& r, absl::Time received,
                   const KpiIndex& index, v1::KpiSet& k, DecisionCounts& c) {
  k.set_referrals(k.referrals() + 1);
  const auto source = FindReferralSource(r.contact().source());
  ++(*k.mutable_referral_sources())[cli::CodeOf(
      source ? source->group : absl::string_view("Unknown"))];
  for (absl::Time t : index.referral_times.at(r.contact().child_id())) {
    if (t < received && t >= received - kYear) {
      ++c.re_referrals;
      break;
    }
  }
  const auto episode = index.opened_by.find(r.contact_id());
  if (episode == index.opened_by.end()) return;
  const v1::Episode& e = *episode->second;
  if (!e.has_end_time() &&
      FromProto(r.decision().decided_at()) + kAssessmentWindow >
          index.run_end) {
    return;  // assessment not concluded by the end of the run
  }
  ++c.concluded;
  if (e.end_reason() == v1::EPISODE_END_REASON_REFERRAL_NFA) ++c.nfa;
  if (e.end_reason() == v1::EPISODE_END_REASON_NOT_IN_NEED) ++c.not_in_need;
}

// The screening queue at the period's end: MASH contacts received by then
// (in this period or before) and decided after.
void AddQueueAtEnd(const KpiPeriod& period,
                   const std::vector<v1::ContactRecord>& contacts,
                   v1::KpiSet& k) {
  for (const v1::ContactRecord& r : contacts) {
    if (r.status() != v1::CONTACT_STATUS_DECIDED ||
        r.decision().door() == v1::DOOR_EARLY_HELP) {
      continue;
    }
    const absl::Time received = FromProto(r.contact().event_time());
    if (received >= period.to ||
        FromProto(r.decision().decided_at()) < period.to) {
      continue;
    }
    k.set_mash_waiting_at_end(k.mash_waiting_at_end() + 1);
    if (r.decision().needs_sign_off() && r.decision().has_screened_at() &&
        FromProto(r.decision().screened_at()) < period.to) {
      k.set_sign_offs_waiting_at_end(k.sign_offs_waiting_at_end() + 1);
    }
    k.set_oldest_waiting_hours_at_end(
        std::max(k.oldest_waiting_hours_at_end(),
                 absl::ToDoubleHours(period.to - received)));
  }
}

// A child's step-up requests made and decided in the period; the seconds
// each decided one waited are added to `delay_seconds`, a whole number, so
// that the sum does not depend on the order of the children (their ids are
// pseudonyms, which differ from one data folder to the next).
void CountStepUps(const v1::ChildRecord& child, const KpiPeriod& period,
                  v1::KpiSet& k, int64_t& delay_count, int64_t& delay_seconds) {
  for (const v1::StepUpRequest& s : child.step_up_requests()) {
    if (In(FromProto(s.requested_at()), period)) {
      k.set_step_up_requests(k.step_up_requests() + 1);
    }
    if (!s.has_decided_at() || !In(FromProto(s.decided_at()), period)) {
      continue;
    }
    if (s.accepted()) {
      k.set_step_ups_accepted(k.step_ups_accepted() + 1);
    } else {
      k.set_step_up_refusals(k.step_up_refusals() + 1);
    }
    delay_seconds += absl::ToInt64Seconds(FromProto(s.decided_at()) -
                                          FromProto(s.requested_at()));
    ++delay_count;
  }
}

// A child's episodes: plans and care started, steps down and up in the
// period, and what is open at its end (with the days each open plan had
// run, and the children looked after).
void CountEpisodes(const v1::ChildRecord& child, const KpiPeriod& period,
                   v1::KpiSet& k, std::vector<double>& cp_open_days,
                   int64_t& looked_after) {
  for (const v1::Episode& e : child.episodes()) {
    const absl::Time start = FromProto(e.start_time());
    if (e.level() == v1::SERVICE_LEVEL_CHILD_PROTECTION && In(start, period)) {
      k.set_cp_plan_starts(k.cp_plan_starts() + 1);
    }
    // A warm start's children already in care did not start then.
    if (e.level() == v1::SERVICE_LEVEL_LOOKED_AFTER && In(start, period) &&
        e.opened_by() == "care") {
      k.set_cla_starts(k.cla_starts() + 1);
    }
    if (e.has_end_time() && In(FromProto(e.end_time()), period)) {
      if (e.end_reason() == v1::EPISODE_END_REASON_STEP_DOWN) {
        k.set_step_downs(k.step_downs() + 1);
      }
      if (e.end_reason() == v1::EPISODE_END_REASON_STEP_UP &&
          e.level() == v1::SERVICE_LEVEL_EARLY_HELP &&
          e.closed_by() != "step-up") {
        k.set_step_ups_by_contact(k.step_ups_by_contact() + 1);
      }
    }
    const bool open_at_end =
        start < period.to &&
        (!e.has_end_time() || FromProto(e.end_time()) >= period.to);
    if (!open_at_end) continue;
    if (e.level() == v1::SERVICE_LEVEL_EARLY_HELP) {
      k.set_early_help_open(k.early_help_open() + 1);
      if (e.need_level() >= 3) {
        k.set_held_in_early_help_above_threshold(
            k.held_in_early_help_above_threshold() + 1);
      }
    } else {
      k.set_social_care_open(k.social_care_open() + 1);
      if (e.level() == v1::SERVICE_LEVEL_CHILD_PROTECTION) {
        cp_open_days.push_back(absl::ToDoubleHours(period.to - start) / 24);
      }
      if (e.level() == v1::SERVICE_LEVEL_LOOKED_AFTER) ++looked_after;
    }
  }
}

// The decisions' timeliness and shares, from their counts.
void SetDecisionShares(DecisionCounts& c, v1::KpiSet& k) {
  k.set_contact_to_referral(Share(k.referrals(), k.contacts()));
  k.set_decided_within_one_working_day(Share(c.timely, c.mash));
  for (const auto& [rag, counts] : c.by_rag) {
    (*k.mutable_decided_within_one_working_day_by_rag())[rag] =
        Share(counts.second, counts.first);
  }
  for (auto& [rag, hours] : c.hours_by_rag) {
    (*k.mutable_decision_hours_p50_by_rag())[rag] = Percentile(hours, 0.5);
    (*k.mutable_decision_hours_p90_by_rag())[rag] = Percentile(hours, 0.9);
  }
  // The whole distribution, for the report's histogram.
  if (!c.decision_hours.empty()) {
    k.mutable_decision_hours_histogram()->Resize(kDecisionHoursBins, 0);
  }
  for (double hours : c.decision_hours) {
    const int bin = std::clamp(static_cast<int>(hours / kDecisionHoursBin), 0,
                               kDecisionHoursBins - 1);
    k.set_decision_hours_histogram(bin, k.decision_hours_histogram(bin) + 1);
  }
  k.set_decision_hours_p50(Percentile(c.decision_hours, 0.5));
  k.set_decision_hours_p90(Percentile(c.decision_hours, 0.9));
  k.set_decision_hours_p95(Percentile(c.decision_hours, 0.95));
  k.set_re_referral_share(Share(c.re_referrals, k.referrals()));
  k.set_referral_nfa_share(Share(c.nfa, c.concluded));
  k.set_assessed_not_in_need_share(Share(c.not_in_need, c.concluded));
  k.set_screening_kappa(c.agreement.Kappa());
}

}  // namespace

v1::KpiSet PeriodKpis(const KpiPeriod& period, const v1::Scenario& scenario,
                      const std::vector<v1::ContactRecord>& contacts,
                      const std::vector<v1::ChildRecord>& children,
                      const KpiIndex& index) {
  v1::KpiSet k;
  k.set_period(period.name);
  const WorkingHours hours{scenario.mash().day_start_hour(),
                           scenario.mash().day_end_hour()};
  // Every outcome and RAG has its key, at zero when none was seen, so that
  // periods and runs have the same keys.
  for (v1::Outcome o : cli::DecidedOutcomes()) {
    (*k.mutable_outcomes())[cli::Code(o)] = 0;
  }
  for (v1::Rag r : cli::Rags()) (*k.mutable_rag())[cli::Code(r)] = 0;
  DecisionCounts counts;
  for (const v1::ContactRecord& r : contacts) {
    const absl::Time received = FromProto(r.contact().event_time());
    if (!In(received, period) || r.status() != v1::CONTACT_STATUS_DECIDED) {
      continue;
    }
    CountDecision(r, received, hours, k, counts);
    if (IsReferral(r)) CountReferral(r, received, index, k, counts);
  }
  AddQueueAtEnd(period, contacts, k);
  int64_t delay_count = 0;
  int64_t delay_seconds = 0;
  std::vector<double> cp_open_days;
  int64_t looked_after = 0;
  for (const v1::ChildRecord& child : children) {
    CountStepUps(child, period, k, delay_count, delay_seconds);
    CountEpisodes(child, period, k, cp_open_days, looked_after);
  }
  AddPathwayKpis(period, index, k);
  AddWorkforceKpis(period, index, k);

  const double days = absl::ToDoubleHours(period.to - period.from) / 24;
  k.set_referrals_per_10k(k.referrals() * 10000.0 /
                          scenario.child_population() * 365.0 / days);
  SetDecisionShares(counts, k);
  k.set_s47_per_referral(Share(k.s47(), k.referrals()));
  k.set_icpc_per_s47(Share(k.icpcs(), k.s47()));
  k.set_cp_plan_starts_per_referral(Share(k.cp_plan_starts(), k.referrals()));
  const double per_10k =
      10000.0 / std::max<int64_t>(1, scenario.child_population());
  k.set_cin_per_10k_at_end(k.social_care_open() * per_10k);
  k.set_cp_per_10k_at_end(static_cast<double>(cp_open_days.size()) * per_10k);
  k.set_cla_per_10k_at_end(static_cast<double>(looked_after) * per_10k);
  k.set_cla_starts_per_10k(static_cast<double>(k.cla_starts()) * per_10k *
                           365.0 / days);
  SetPlanDurations(cp_open_days, k);
  k.set_step_up_delay_days(delay_count == 0
                               ? 0
                               : static_cast<double>(delay_seconds) / 86400.0 /
                                     delay_count);
  return k;
}

}  // namespace frontdoor
