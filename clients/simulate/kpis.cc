// KPI computation and output.
#include "clients/simulate/kpis.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/lib/render.h"
#include "clients/simulate/scenario_file.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/cin_codes.h"
#include "services/common/event_time.h"
#include "services/common/working_calendar.h"

namespace frontdoor {
namespace {

constexpr absl::Duration kYear = absl::Hours(24 * 365);
// A referral still open this long after its decision has been assessed as
// in need (assessments take at most 45 working days, about 65 days).
constexpr absl::Duration kAssessmentWindow = absl::Hours(24 * 65);

struct Period {
  std::string name;
  absl::Time from, to;
};

struct Index {
  absl::flat_hash_map<std::string, const v1::Episode*> episodes;
  // Episodes by the contact that opened them: a decision may take effect
  // after its record was stored, so the episode, not the record, says.
  absl::flat_hash_map<std::string, const v1::Episode*> opened_by;
  absl::flat_hash_map<std::string, std::vector<absl::Time>> referral_times;
  absl::flat_hash_map<std::string, const v1::ContactRecord*> contacts;
  const std::vector<v1::RecordAssessmentRequest>* findings = nullptr;
  const std::vector<WorkforceDay>* workforce = nullptr;
  absl::Time run_end;
};

bool In(absl::Time t, const Period& p) { return t >= p.from && t < p.to; }

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
void AddPathwayKpis(const Period& period, const Index& index, v1::KpiSet& k) {
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
void AddWorkforceKpis(const Period& period, const Index& index, v1::KpiSet& k) {
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

v1::KpiSet Compute(const Period& period, const v1::Scenario& scenario,
                   const std::vector<v1::ContactRecord>& contacts,
                   const std::vector<v1::ChildRecord>& children,
                   const Index& index) {
  v1::KpiSet k;
  k.set_period(period.name);
  const WorkingHours hours{scenario.mash().day_start_hour(),
                           scenario.mash().day_end_hour()};
  std::vector<double> decision_hours;
  // MASH contacts and those decided within one working day, by RAG label.
  std::map<std::string, std::pair<int64_t, int64_t>> by_rag;
  std::map<std::string, std::vector<double>> hours_by_rag;
  int64_t mash = 0, timely = 0, re_referrals = 0, concluded = 0, nfa = 0,
          not_in_need = 0;
  Agreement agreement;
  // Every outcome and RAG has its key, at zero when none was seen, so that
  // periods and runs have the same keys.
  for (v1::Outcome o : cli::DecidedOutcomes()) {
    (*k.mutable_outcomes())[cli::Code(o)] = 0;
  }
  for (v1::Rag r : cli::Rags()) (*k.mutable_rag())[cli::Code(r)] = 0;
  for (const v1::ContactRecord& r : contacts) {
    const absl::Time received = FromProto(r.contact().event_time());
    if (!In(received, period) || r.status() != v1::CONTACT_STATUS_DECIDED) {
      continue;
    }
    const v1::Decision& d = r.decision();
    k.set_contacts(k.contacts() + 1);
    ++(*k.mutable_outcomes())[cli::Code(d.outcome())];
    ++(*k.mutable_rag())[cli::Code(d.rag())];
    if (IsSection47(d)) k.set_s47(k.s47() + 1);
    if (d.door() == v1::DOOR_EARLY_HELP) {
      k.set_bypassed_mash(k.bypassed_mash() + 1);
    } else {
      const absl::Time decided = FromProto(d.decided_at());
      ++mash;
      decision_hours.push_back(absl::ToDoubleHours(decided - received));
      const bool in_time = decided <= OneWorkingDayAfter(received, hours);
      if (in_time) ++timely;
      auto& [rag_contacts, rag_timely] = by_rag[cli::Code(d.rag())];
      hours_by_rag[cli::Code(d.rag())].push_back(decision_hours.back());
      ++rag_contacts;
      if (in_time) ++rag_timely;
      if (d.signposted_after_wait()) {
        k.set_signposted_after_wait(k.signposted_after_wait() + 1);
      } else {
        agreement.Add(d.policy_outcome() == v1::OUTCOME_UNSPECIFIED
                          ? d.outcome()
                          : d.policy_outcome(),
                      d.outcome());
      }
    }
    if (!IsReferral(r)) continue;
    k.set_referrals(k.referrals() + 1);
    const auto source = FindReferralSource(r.contact().source());
    ++(*k.mutable_referral_sources())[cli::CodeOf(
        source ? source->group : absl::string_view("Unknown"))];
    for (absl::Time t : index.referral_times.at(r.contact().child_id())) {
      if (t < received && t >= received - kYear) {
        ++re_referrals;
        break;
      }
    }
    const auto episode = index.opened_by.find(r.contact_id());
    if (episode == index.episodes.end()) continue;
    const v1::Episode& e = *episode->second;
    const bool ended = e.has_end_time();
    if (!ended &&
        FromProto(d.decided_at()) + kAssessmentWindow > index.run_end) {
      continue;  // assessment not concluded by the end of the run
    }
    ++concluded;
    if (e.end_reason() == v1::EPISODE_END_REASON_REFERRAL_NFA) ++nfa;
    if (e.end_reason() == v1::EPISODE_END_REASON_NOT_IN_NEED) ++not_in_need;
  }

  // The screening queue at the period's end: MASH contacts received by
  // then (in this period or before) and decided after.
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

  int64_t delay_count = 0;
  double delay_days = 0;
  // Days each child-protection plan open at the end had run.
  std::vector<double> cp_open_days;
  for (const v1::ChildRecord& child : children) {
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
      delay_days += absl::ToDoubleHours(FromProto(s.decided_at()) -
                                        FromProto(s.requested_at())) /
                    24;
      ++delay_count;
    }
    for (const v1::Episode& e : child.episodes()) {
      const absl::Time start = FromProto(e.start_time());
      if (e.level() == v1::SERVICE_LEVEL_CHILD_PROTECTION &&
          In(start, period)) {
        k.set_cp_plan_starts(k.cp_plan_starts() + 1);
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
      }
    }
  }
  AddPathwayKpis(period, index, k);
  AddWorkforceKpis(period, index, k);

  const double days = absl::ToDoubleHours(period.to - period.from) / 24;
  k.set_referrals_per_10k(k.referrals() * 10000.0 /
                          scenario.child_population() * 365.0 / days);
  k.set_contact_to_referral(Share(k.referrals(), k.contacts()));
  k.set_decided_within_one_working_day(Share(timely, mash));
  for (const auto& [rag, counts] : by_rag) {
    (*k.mutable_decided_within_one_working_day_by_rag())[rag] =
        Share(counts.second, counts.first);
  }
  for (auto& [rag, hours] : hours_by_rag) {
    (*k.mutable_decision_hours_p50_by_rag())[rag] = Percentile(hours, 0.5);
    (*k.mutable_decision_hours_p90_by_rag())[rag] = Percentile(hours, 0.9);
  }
  k.set_decision_hours_p50(Percentile(decision_hours, 0.5));
  k.set_decision_hours_p90(Percentile(decision_hours, 0.9));
  k.set_decision_hours_p95(Percentile(decision_hours, 0.95));
  k.set_re_referral_share(Share(re_referrals, k.referrals()));
  k.set_referral_nfa_share(Share(nfa, concluded));
  k.set_assessed_not_in_need_share(Share(not_in_need, concluded));
  k.set_s47_per_referral(Share(k.s47(), k.referrals()));
  k.set_icpc_per_s47(Share(k.icpcs(), k.s47()));
  k.set_cp_plan_starts_per_referral(Share(k.cp_plan_starts(), k.referrals()));
  const double per_10k =
      10000.0 / std::max<int64_t>(1, scenario.child_population());
  k.set_cin_per_10k_at_end(k.social_care_open() * per_10k);
  k.set_cp_per_10k_at_end(static_cast<double>(cp_open_days.size()) * per_10k);
  SetPlanDurations(cp_open_days, k);
  k.set_screening_kappa(agreement.Kappa());
  k.set_step_up_delay_days(delay_count == 0 ? 0 : delay_days / delay_count);
  return k;
}

}  // namespace

bool IsSection47(const v1::Decision& d) {
  return d.outcome() == v1::OUTCOME_STRATEGY_DISCUSSION ||
         d.outcome() == v1::OUTCOME_IMMEDIATE_PROTECTION;
}

bool IsReferral(const v1::ContactRecord& record) {
  const v1::Outcome o = record.decision().outcome();
  const bool referral_outcome = o == v1::OUTCOME_SOCIAL_CARE_ASSESSMENT ||
                                o == v1::OUTCOME_STRATEGY_DISCUSSION ||
                                o == v1::OUTCOME_IMMEDIATE_PROTECTION;
  const v1::ServiceLevel before = record.level_before();
  return record.status() == v1::CONTACT_STATUS_DECIDED && referral_outcome &&
         (before == v1::SERVICE_LEVEL_NONE ||
          before == v1::SERVICE_LEVEL_EARLY_HELP);
}

v1::RunKpis ComputeKpis(
    const v1::Scenario& scenario, const std::string& run_id,
    const std::vector<v1::ContactRecord>& contacts,
    const std::vector<v1::ChildRecord>& children,
    const std::vector<v1::RecordAssessmentRequest>& findings,
    const std::vector<WorkforceDay>& workforce) {
  Index index;
  index.findings = &findings;
  if (!workforce.empty()) index.workforce = &workforce;
  for (const v1::ChildRecord& child : children) {
    for (const v1::Episode& e : child.episodes()) {
      index.episodes[e.episode_id()] = &e;
      index.opened_by.emplace(e.opened_by(), &e);
    }
  }
  for (const v1::ContactRecord& r : contacts) {
    index.contacts.emplace(r.contact_id(), &r);
    index.referral_times[r.contact().child_id()];
    if (IsReferral(r)) {
      index.referral_times[r.contact().child_id()].push_back(
          FromProto(r.contact().event_time()));
    }
  }
  const absl::CivilDay first = StartDay(scenario);
  const absl::CivilDay end = first + scenario.days();
  // Days and months as England counts them.
  const absl::TimeZone& england = EnglandTime();
  index.run_end = absl::FromCivil(end, england);

  v1::RunKpis kpis;
  kpis.set_run_id(run_id);
  kpis.set_scenario(scenario.name());
  kpis.set_seed(scenario.seed());
  kpis.set_child_population(scenario.child_population());
  kpis.set_first_day(absl::FormatCivilTime(first));
  kpis.set_last_day(absl::FormatCivilTime(end - 1));
  for (const v1::ContactRecord& r : contacts) {
    if (r.status() == v1::CONTACT_STATUS_DECIDED) {
      kpis.set_policy(absl::StrCat(r.decision().policy_id(), " v",
                                   r.decision().policy_version()));
      break;
    }
  }
  *kpis.mutable_overall() =
      Compute({"all", absl::FromCivil(first, england), index.run_end}, scenario,
              contacts, children, index);
  for (absl::CivilMonth month(first); absl::CivilDay(month) < end; ++month) {
    const absl::Time from = std::max(absl::FromCivil(month, england),
                                     absl::FromCivil(first, england));
    const absl::Time to =
        std::min(absl::FromCivil(month + 1, england), index.run_end);
    *kpis.add_months() = Compute({absl::FormatCivilTime(month), from, to},
                                 scenario, contacts, children, index);
  }
  // Weeks from Monday; one cut by the period is named with a trailing '*'.
  absl::CivilDay monday = first;
  while (absl::GetWeekday(monday) != absl::Weekday::monday) --monday;
  for (; monday < end; monday += 7) {
    const absl::CivilDay from = std::max(monday, first);
    const absl::CivilDay to = std::min(monday + 7, end);
    const bool whole = from == monday && to == monday + 7;
    *kpis.add_weeks() =
        Compute({absl::StrCat(absl::FormatCivilTime(monday), whole ? "" : "*"),
                 absl::FromCivil(from, england), absl::FromCivil(to, england)},
                scenario, contacts, children, index);
  }
  for (v1::ControlChart& chart : ControlCharts(kpis)) {
    *kpis.add_control_charts() = std::move(chart);
  }
  // Every code a table may show, in words, whether or not this run saw it.
  auto& labels = *kpis.mutable_labels();
  for (v1::Outcome o : cli::DecidedOutcomes()) {
    labels[cli::Code(o)] = cli::Label(o);
  }
  for (v1::Rag r : cli::Rags()) labels[cli::Code(r)] = cli::Label(r);
  for (const CinCode& source : ReferralSources()) {
    labels[cli::CodeOf(source.group)] = std::string(source.group);
  }
  labels["unknown"] = "Unknown";
  return kpis;
}

std::vector<v1::ControlChart> ControlCharts(const v1::RunKpis& kpis) {
  std::vector<v1::ControlChart> charts;
  for (const std::string kpi :
       {"contacts", "referrals", "decided_within_one_working_day",
        "mash_waiting_at_end"}) {
    // Whole weeks only: a partial first or last week is not comparable.
    std::vector<std::pair<std::string, double>> series;
    for (const v1::KpiSet& week : kpis.weeks()) {
      if (!week.period().empty() && week.period().back() == '*') continue;
      for (const auto& [name, value] : ScalarKpis(week)) {
        if (name == kpi) series.emplace_back(week.period(), value);
      }
    }
    if (series.size() < 3) continue;
    double sum = 0, ranges = 0;
    for (size_t i = 0; i < series.size(); ++i) {
      sum += series[i].second;
      if (i > 0) ranges += std::fabs(series[i].second - series[i - 1].second);
    }
    v1::ControlChart chart;
    chart.set_kpi(kpi);
    chart.set_centre(sum / series.size());
    const double spread = 2.66 * ranges / (series.size() - 1);
    chart.set_lower_limit(std::max(0.0, chart.centre() - spread));
    // A share cannot pass 1 any more than a count can fall below 0.
    const bool share = IsShareKpi(kpi);
    chart.set_upper_limit(share ? std::min(1.0, chart.centre() + spread)
                                : chart.centre() + spread);
    for (const auto& [week, value] : series) {
      if (value < chart.lower_limit() || value > chart.upper_limit()) {
        v1::FlaggedWeek* flagged = chart.add_flagged();
        flagged->set_week(week);
        flagged->set_value(value);
      }
    }
    charts.push_back(std::move(chart));
  }
  return charts;
}

bool IsShareKpi(absl::string_view name) {
  return absl::EndsWith(name, "_share") ||
         name == "decided_within_one_working_day" ||
         name == "contact_to_referral" || name == "screening_kappa";
}

std::vector<std::pair<std::string, double>> ScalarKpis(const v1::KpiSet& set) {
  std::vector<std::pair<std::string, double>> values;
  const google::protobuf::Descriptor* d = set.GetDescriptor();
  const google::protobuf::Reflection* r = set.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    if (f->is_repeated()) continue;
    if (f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT64) {
      values.emplace_back(f->name(), static_cast<double>(r->GetInt64(set, f)));
    } else if (f->cpp_type() ==
               google::protobuf::FieldDescriptor::CPPTYPE_DOUBLE) {
      values.emplace_back(f->name(), r->GetDouble(set, f));
    }
  }
  return values;
}

}  // namespace frontdoor
