// A run's KPIs over its periods, its control charts and its scalar KPIs.
#include "clients/simulate/kpis.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/lib/render.h"
#include "clients/simulate/kpi_catalogue.h"
#include "clients/simulate/period_kpis.h"
#include "clients/simulate/scenario_file.h"
#include "lib/domain/cin_codes.h"
#include "lib/domain/event_time.h"
#include "lib/domain/working_calendar.h"

namespace frontdoor {

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
  KpiIndex index;
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
      PeriodKpis({"all", absl::FromCivil(first, england), index.run_end},
                 scenario, contacts, children, index);
  for (absl::CivilMonth month(first); absl::CivilDay(month) < end; ++month) {
    const absl::Time from = std::max(absl::FromCivil(month, england),
                                     absl::FromCivil(first, england));
    const absl::Time to =
        std::min(absl::FromCivil(month + 1, england), index.run_end);
    *kpis.add_months() = PeriodKpis({absl::FormatCivilTime(month), from, to},
                                    scenario, contacts, children, index);
  }
  // Weeks from Monday, named by it; one cut by the period is partial.
  absl::CivilDay monday = first;
  while (absl::GetWeekday(monday) != absl::Weekday::monday) --monday;
  for (; monday < end; monday += 7) {
    const absl::CivilDay from = std::max(monday, first);
    const absl::CivilDay to = std::min(monday + 7, end);
    const bool whole = from == monday && to == monday + 7;
    v1::KpiSet* week = kpis.add_weeks();
    *week = PeriodKpis(
        {absl::FormatCivilTime(monday), absl::FromCivil(from, england),
         absl::FromCivil(to, england)},
        scenario, contacts, children, index);
    week->set_partial(!whole);
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
      if (week.partial()) continue;
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
  const KpiUnit unit = KpiInfoOf(name).unit;
  return unit == KpiUnit::kShare || unit == KpiUnit::kKappa;
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
