// KPI output: terminal summaries, CSV and JSON files, replications and
// comparisons.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "boost/math/distributions/students_t.hpp"
#include "clients/lib/json_out.h"
#include "clients/lib/render.h"
#include "clients/lib/table_out.h"
#include "clients/simulate/kpi_catalogue.h"
#include "clients/simulate/kpis.h"
#include "google/protobuf/util/json_util.h"
#include "lib/domain/escape.h"
#include "lib/domain/text_files.h"

namespace frontdoor {
namespace {

// A value for a file: whole numbers as such, others to six significant
// digits, never with an exponent.
std::string Number(double v) { return cli::Number(v).text; }

// A KPI map's entries in key order, so files and summaries list them the
// same way every run (protobuf maps iterate in no fixed order).
template <typename Value>
std::map<std::string, Value> Sorted(
    const google::protobuf::Map<std::string, Value>& map) {
  return std::map<std::string, Value>(map.begin(), map.end());
}

// A code's words, from the run's own labels (the code itself for a run
// written before labels were).
std::string LabelOf(const v1::RunKpis& kpis, const std::string& code) {
  const auto it = kpis.labels().find(code);
  return it == kpis.labels().end() ? code : it->second;
}

}  // namespace

double StudentT95(double df) {
  if (!(df > 0)) return 0;
  // Two-sided 95%: the 97.5th percentile of Student's t.
  return boost::math::quantile(boost::math::students_t_distribution<double>(df),
                               0.975);
}

double Mean(const std::vector<double>& values) {
  double sum = 0;
  for (double x : values) sum += x;
  return values.empty() ? 0 : sum / values.size();
}

double SampleVariance(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  const double mean = Mean(values);
  double squares = 0;
  for (double x : values) squares += (x - mean) * (x - mean);
  return squares / (values.size() - 1);
}

namespace {

// The funnel from contacts to referrals, timeliness, steps and caseloads.
std::string FunnelLines(const v1::KpiSet& k) {
  std::string out;
  absl::StrAppendFormat(
      &out,
      "  contacts                       %8d\n"
      "  referrals                      %8d   (%.0f per 10,000 children; "
      "1 in %.1f contacts)\n"
      "  re-referrals in 12 months      %7.1f%%\n"
      "  referral NFA / not in need     %7.1f%% / %.1f%%\n"
      "  s47 enquiries                  %8d   (%.2f per referral)\n"
      "  decided within 1 working day   %7.1f%%   (median %.1f h, p90 %.1f "
      "h)\n"
      "  step-up requests               %8d   (%d accepted, %d refused, "
      "%.1f days wait)\n"
      "  step-ups by new contact        %8d\n"
      "  step-downs                     %8d\n"
      "  open at end: early help        %8d   (%d above its threshold)\n"
      "  open at end: social care       %8d\n",
      k.contacts(), k.referrals(), k.referrals_per_10k(),
      k.referrals() == 0 ? 0.0
                         : static_cast<double>(k.contacts()) / k.referrals(),
      100 * k.re_referral_share(), 100 * k.referral_nfa_share(),
      100 * k.assessed_not_in_need_share(), k.s47(), k.s47_per_referral(),
      100 * k.decided_within_one_working_day(), k.decision_hours_p50(),
      k.decision_hours_p90(), k.step_up_requests(), k.step_ups_accepted(),
      k.step_up_refusals(), k.step_up_delay_days(), k.step_ups_by_contact(),
      k.step_downs(), k.early_help_open(),
      k.held_in_early_help_above_threshold(), k.social_care_open());
  return out;
}

// Assessments, conferences, plans and the people who work them (runs
// with social workers only).
std::string PathwayLines(const v1::KpiSet& k) {
  std::string out;
  if (k.assessments() == 0) return out;
  absl::StrAppendFormat(
      &out,
      "  assessments                    %8d   (median %.0f working days "
      "from referral; %.1f%% within 45)\n"
      "  ICPCs                          %8d   (%.2f per s47; %.1f%% within "
      "15 working days)\n"
      "  CP plans started               %8d   (%.3f per referral)\n"
      "  per 10,000 at end              %8.0f   in need (%.0f on a plan, "
      "%.0f looked after)\n"
      "  started to be looked after     %8d\n"
      "  social workers: %.1f cases each (%.1f%% over 20, %.1f%% over 30); "
      "agency %.1f%%, vacancies %.1f%%\n"
      "    %d children waiting for a worker at end; %d changes of worker "
      "(%.2f per case-year)\n",
      k.assessments(), k.assessment_working_days_p50(),
      100 * k.assessments_within_45wd_share(), k.icpcs(), k.icpc_per_s47(),
      100 * k.icpc_within_15wd_share(), k.cp_plan_starts(),
      k.cp_plan_starts_per_referral(), k.cin_per_10k_at_end(),
      k.cp_per_10k_at_end(), k.cla_per_10k_at_end(), k.cla_starts(),
      k.caseload_per_worker(), 100 * k.workers_over_20_share(),
      100 * k.workers_over_30_share(), 100 * k.agency_share(),
      100 * k.vacancy_rate(), k.unallocated_children(), k.worker_changes(),
      k.worker_changes_per_case_year());
  absl::StrAppendFormat(
      &out,
      "  early help: %d waiting for a worker at end; %.1f days' wait on "
      "average%s\n",
      k.early_help_waiting_at_end(), k.early_help_wait_days(),
      k.early_help_caseload_per_worker() > 0
          ? absl::StrFormat("; %.1f children per worker",
                            k.early_help_caseload_per_worker())
          : std::string("; no limit on places"));
  absl::StrAppendFormat(
      &out,
      "    CP plans open at end, by time on the plan: under 3 months "
      "%.0f%%, 3-6 %.0f%%, 6-12 %.0f%%, 1-2 years %.0f%%, 2+ %.0f%%\n",
      100 * k.cp_plans_under_3m_share(), 100 * k.cp_plans_3_to_6m_share(),
      100 * k.cp_plans_6_to_12m_share(), 100 * k.cp_plans_1_to_2y_share(),
      100 * k.cp_plans_2y_or_more_share());
  return out;
}

// The MASH's decisions: by RAG, against the policy, outcomes and sources.
std::string DecisionLines(const v1::RunKpis& kpis, const v1::KpiSet& k) {
  std::string out;
  if (!k.decided_within_one_working_day_by_rag().empty()) {
    absl::StrAppend(&out, "    within 1 working day by RAG:");
    for (const auto& [rag, share] :
         Sorted(k.decided_within_one_working_day_by_rag())) {
      absl::StrAppendFormat(&out, "  %s %.1f%%", rag, 100 * share);
    }
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppendFormat(
      &out,
      "    screening kappa with the policy %.2f; %d signposted after a wait; "
      "%d sign-offs waiting at end\n",
      k.screening_kappa(), k.signposted_after_wait(),
      k.sign_offs_waiting_at_end());
  if (k.bypassed_mash() > 0) {
    absl::StrAppendFormat(&out, "  bypassed the MASH (EH door)    %8d\n",
                          k.bypassed_mash());
  }
  absl::StrAppend(&out, "\n  outcomes:");
  for (const auto& [code, n] : Sorted(k.outcomes())) {
    absl::StrAppendFormat(&out, "  %s %d", LabelOf(kpis, code), n);
  }
  absl::StrAppend(&out, "\n  referral sources:");
  for (const auto& [code, n] : Sorted(k.referral_sources())) {
    absl::StrAppendFormat(&out, "  %s %.1f%%", LabelOf(kpis, code),
                          100.0 * n / std::max<int64_t>(1, k.referrals()));
  }
  return out;
}

// A line a month.
std::string MonthLines(const v1::RunKpis& kpis) {
  std::string out;
  absl::StrAppend(
      &out, "\n\n  month     contacts referrals  <1WD  EH open  SC open\n");
  for (const v1::KpiSet& m : kpis.months()) {
    absl::StrAppendFormat(&out, "  %-8s %9d %9d %5.0f%% %8d %8d\n", m.period(),
                          m.contacts(), m.referrals(),
                          100 * m.decided_within_one_working_day(),
                          m.early_help_open(), m.social_care_open());
  }
  return out;
}

// The weeks outside their control limits.
std::string ControlLines(const v1::RunKpis& kpis) {
  std::string out;
  absl::StrAppend(&out,
                  "\n  weeks outside their control limits (XmR, whole weeks):");
  bool any = false;
  for (const v1::ControlChart& c : kpis.control_charts()) {
    for (const v1::FlaggedWeek& f : c.flagged()) {
      const KpiInfo info = KpiInfoOf(c.kpi());
      absl::StrAppendFormat(&out, "\n    %-10s %-32s %10s   (limits %s to %s)",
                            f.week(), info.label,
                            FormatKpi(info.unit, f.value()),
                            FormatKpi(info.unit, c.lower_limit()),
                            FormatKpi(info.unit, c.upper_limit()));
      any = true;
    }
  }
  absl::StrAppend(&out, any ? "\n" : " none\n");
  return out;
}

}  // namespace

std::string SummaryText(const v1::RunKpis& kpis) {
  const v1::KpiSet& k = kpis.overall();
  return absl::StrCat(
      absl::StrFormat(
          "run %s: %s, seed %d, policy %s\n%s to %s, %d children aged "
          "0-17\n\n",
          kpis.run_id(), kpis.scenario(), kpis.seed(), kpis.policy(),
          kpis.first_day(), kpis.last_day(), kpis.child_population()),
      FunnelLines(k), PathwayLines(k), DecisionLines(kpis, k), MonthLines(kpis),
      ControlLines(kpis));
}

absl::Status WriteKpiFiles(const v1::RunKpis& kpis, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("--out: cannot create ", dir, ": ", ec.message()));
  }
  std::ofstream(dir + "/kpis.json") << ToAnalystJson(kpis) << "\n";

  // Every row starts with the run, so that files of several runs stack.
  // Shares are fractions here; their label and unit come from the one
  // catalogue the summary, `compare` and the report read.
  const std::string run = CsvField(kpis.run_id()) + ",";
  std::ofstream summary(dir + "/kpis-summary.csv");
  summary << "run_id,kpi,label,unit,value\n";
  for (const auto& [name, value] : ScalarKpis(kpis.overall())) {
    const KpiInfo info = KpiInfoOf(name);
    summary << run << name << "," << CsvField(info.label) << ","
            << UnitCode(info.unit) << "," << Number(value) << "\n";
  }
  // Wide: one row per period, one column per scalar KPI (a spreadsheet's
  // view); long: one row per period and KPI (a data frame's).
  const auto write_series =
      [&](const std::string& name, const std::string& first_column,
          const google::protobuf::RepeatedPtrField<v1::KpiSet>& periods,
          bool weeks) {
        std::ofstream wide(absl::StrCat(dir, "/kpis-", name, ".csv"));
        std::ofstream tidy(absl::StrCat(dir, "/kpis-", name, "-long.csv"));
        wide << "run_id," << first_column << (weeks ? ",partial" : "");
        for (const auto& [kpi, value] : ScalarKpis(kpis.overall())) {
          wide << "," << kpi;
        }
        wide << "\n";
        tidy << "run_id,period,kpi,value\n";
        for (const v1::KpiSet& p : periods) {
          wide << run << p.period();
          if (weeks) wide << "," << (p.partial() ? "true" : "false");
          for (const auto& [kpi, value] : ScalarKpis(p)) {
            wide << "," << Number(value);
            tidy << run << p.period() << "," << kpi << "," << Number(value)
                 << "\n";
          }
          wide << "\n";
        }
        return static_cast<bool>(wide) && static_cast<bool>(tidy);
      };
  const bool monthly =
      write_series("monthly", "month", kpis.months(), /*weeks=*/false);
  const bool weekly =
      write_series("weekly", "week", kpis.weeks(), /*weeks=*/true);
  // The charts' limits, and apart from them the weeks outside them.
  std::ofstream charts(dir + "/control-charts.csv");
  charts << "run_id,kpi,centre,lower_limit,upper_limit,weeks_flagged\n";
  std::ofstream flags(dir + "/control-chart-weeks.csv");
  flags << "run_id,kpi,week,value\n";
  for (const v1::ControlChart& c : kpis.control_charts()) {
    charts << run << c.kpi() << "," << Number(c.centre()) << ","
           << Number(c.lower_limit()) << "," << Number(c.upper_limit()) << ","
           << c.flagged_size() << "\n";
    for (const v1::FlaggedWeek& f : c.flagged()) {
      flags << run << c.kpi() << "," << f.week() << "," << Number(f.value())
            << "\n";
    }
  }
  std::ofstream outcomes(dir + "/outcomes.csv");
  outcomes << "run_id,period,outcome,label,contacts\n";
  std::ofstream sources(dir + "/referral-sources.csv");
  sources << "run_id,period,source,label,referrals\n";
  std::ofstream by_rag(dir + "/timeliness-by-rag.csv");
  by_rag << "run_id,period,rag,decided_within_one_working_day\n";
  std::vector<const v1::KpiSet*> sets = {&kpis.overall()};
  for (const v1::KpiSet& m : kpis.months()) sets.push_back(&m);
  for (const v1::KpiSet* set : sets) {
    // Every outcome a row, the ones this period did not see at zero, so
    // that periods and runs line up.
    for (v1::Outcome o : cli::DecidedOutcomes()) {
      const std::string code = cli::Code(o);
      const auto n = set->outcomes().find(code);
      outcomes << run << set->period() << "," << code << ","
               << CsvField(LabelOf(kpis, code)) << ","
               << (n == set->outcomes().end() ? 0 : n->second) << "\n";
    }
    for (const auto& [code, n] : Sorted(set->referral_sources())) {
      sources << run << set->period() << "," << code << ","
              << CsvField(LabelOf(kpis, code)) << "," << n << "\n";
    }
    for (const auto& [rag, share] :
         Sorted(set->decided_within_one_working_day_by_rag())) {
      by_rag << run << set->period() << "," << CsvField(rag) << ","
             << Number(share) << "\n";
    }
  }
  if (!summary || !monthly || !weekly || !charts || !flags || !outcomes ||
      !sources || !by_rag) {
    return absl::FailedPreconditionError(absl::StrCat("cannot write to ", dir));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::RunKpis> ReadKpiFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) {
    return absl::NotFoundError(absl::StrCat(
        path, ": no KPIs (run `frontdoor simulate` first, or give --out)"));
  }
  v1::RunKpis kpis;
  const auto status = google::protobuf::util::JsonStringToMessage(*text, &kpis);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", std::string(status.message())));
  }
  return kpis;
}

v1::ReplicationReport Replicate(const std::vector<v1::RunKpis>& runs) {
  v1::ReplicationReport report;
  if (runs.empty()) return report;
  report.set_scenario(runs[0].scenario());
  std::vector<std::vector<std::pair<std::string, double>>> values;
  for (const v1::RunKpis& run : runs) {
    report.add_run_ids(run.run_id());
    values.push_back(ScalarKpis(run.overall()));
  }
  const int n = static_cast<int>(runs.size());
  for (size_t i = 0; i < values[0].size(); ++i) {
    std::vector<double> kpi_values;
    for (const auto& v : values) kpi_values.push_back(v[i].second);
    const double mean = Mean(kpi_values);
    const double spread =
        StudentT95(n - 1) * std::sqrt(SampleVariance(kpi_values));
    const double half = spread / std::sqrt(n);
    const double one_more = spread * std::sqrt(1 + 1.0 / n);
    v1::ReplicatedKpi* kpi = report.add_kpis();
    kpi->set_name(values[0][i].first);
    kpi->set_mean(mean);
    // An interval stays where the KPI can be: no count below zero, no
    // share above one (kappa alone can be negative).
    const std::string& name = values[0][i].first;
    const double floor = name == "screening_kappa" ? -1 : 0;
    const double ceiling =
        IsShareKpi(name) ? 1 : std::numeric_limits<double>::infinity();
    const auto bounded = [&](double v) {
      return std::clamp(v, floor, ceiling);
    };
    kpi->set_ci_low(bounded(mean - half));
    kpi->set_ci_high(bounded(mean + half));
    kpi->set_pi_low(bounded(mean - one_more));
    kpi->set_pi_high(bounded(mean + one_more));
  }
  return report;
}

}  // namespace frontdoor
