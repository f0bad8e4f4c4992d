// The KPI catalogue.
#include "clients/simulate/kpi_catalogue.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace frontdoor {
namespace {

using U = KpiUnit;

}  // namespace

const std::vector<KpiInfo>& KpiCatalogue() {
  static const auto* const kCatalogue = new std::vector<KpiInfo>{
      {"contacts", "Contacts", U::kCount},
      {"referrals", "Referrals", U::kCount},
      {"referrals_per_10k", "Referrals per 10k children", U::kPer10k},
      {"contact_to_referral", "Contacts becoming referrals", U::kShare},
      {"decided_within_one_working_day", "Decided within 1 working day",
       U::kShare},
      {"decision_hours_p50", "Median decision time", U::kHours},
      {"decision_hours_p90", "Decision time, 90th percentile", U::kHours},
      {"decision_hours_p95", "Decision time, 95th percentile", U::kHours},
      {"re_referral_share", "Re-referrals within 12 months", U::kShare},
      {"referral_nfa_share", "Referrals closed with no further action",
       U::kShare},
      {"assessed_not_in_need_share", "Assessed as not in need", U::kShare},
      {"s47", "Section 47 enquiries", U::kCount},
      {"s47_per_referral", "Section 47 enquiries per referral", U::kRate},
      {"step_up_requests", "Step-up requests", U::kCount},
      {"step_ups_accepted", "Step-ups accepted", U::kCount},
      {"step_up_refusals", "Step-ups refused", U::kCount},
      {"step_up_delay_days", "Step-up wait", U::kDays},
      {"step_ups_by_contact", "Step-ups by a new contact", U::kCount},
      {"step_downs", "Step-downs", U::kCount},
      {"early_help_open", "Open to early help at end", U::kCount},
      {"social_care_open", "Open to social care at end", U::kCount},
      {"held_in_early_help_above_threshold",
       "Held in early help above its threshold", U::kCount},
      {"bypassed_mash", "Sent to early help without the MASH", U::kCount},
      {"mash_waiting_at_end", "MASH contacts waiting at end", U::kCount},
      {"oldest_waiting_hours_at_end", "Oldest MASH wait at end", U::kHours},
      {"assessments", "Assessments concluded", U::kCount},
      {"assessment_working_days_p50", "Median assessment length",
       U::kWorkingDays},
      {"assessments_within_45wd_share", "Assessments within 45 working days",
       U::kShare},
      {"icpcs", "Initial child-protection conferences", U::kCount},
      {"icpc_per_s47", "Conferences per section 47 enquiry", U::kRate},
      {"icpc_within_15wd_share", "Conferences within 15 working days",
       U::kShare},
      {"cp_plan_starts", "Child-protection plans started", U::kCount},
      {"cp_plan_starts_per_referral", "Child-protection plans per referral",
       U::kRate},
      {"cin_per_10k_at_end", "Children in need per 10k at end", U::kPer10k},
      {"cp_per_10k_at_end", "Child-protection plans per 10k at end",
       U::kPer10k},
      {"caseload_per_worker", "Cases per social worker", U::kCasesPerWorker},
      {"workers_over_20_share", "Social workers over 20 cases", U::kShare},
      {"workers_over_30_share", "Social workers over 30 cases", U::kShare},
      {"unallocated_children", "Children waiting for a social worker at end",
       U::kCount},
      {"agency_share", "Agency social workers", U::kShare},
      {"vacancy_rate", "Social-worker posts vacant", U::kShare},
      {"worker_changes", "Changes of social worker", U::kCount},
      {"worker_changes_per_case_year", "Changes of social worker per case-year",
       U::kRate},
      {"screening_kappa", "Screening agreement with the policy", U::kKappa},
      {"sign_offs_waiting_at_end", "Sign-offs waiting at end", U::kCount},
      {"signposted_after_wait", "Signposted after a wait", U::kCount},
      {"cp_plans_under_3m_share", "CP plans open under 3 months", U::kShare},
      {"cp_plans_3_to_6m_share", "CP plans open 3 to 6 months", U::kShare},
      {"cp_plans_6_to_12m_share", "CP plans open 6 to 12 months", U::kShare},
      {"cp_plans_1_to_2y_share", "CP plans open 1 to 2 years", U::kShare},
      {"cp_plans_2y_or_more_share", "CP plans open 2 years or more", U::kShare},
      {"early_help_waiting_at_end", "Waiting for an early-help worker at end",
       U::kCount},
      {"early_help_wait_days", "Early-help wait", U::kDays},
      {"early_help_caseload_per_worker", "Children per early-help worker",
       U::kCasesPerWorker},
      {"cla_starts", "Started to be looked after", U::kCount},
      {"cla_per_10k_at_end", "Looked after per 10k at end", U::kPer10k},
      {"cla_starts_per_10k", "Started to be looked after per 10k", U::kPer10k},
  };
  return *kCatalogue;
}

KpiInfo KpiInfoOf(absl::string_view name) {
  for (const KpiInfo& info : KpiCatalogue()) {
    if (info.name == name) return info;
  }
  return {name, name, U::kCount};
}

namespace {

// Each unit's words for people and its code for files, in KpiUnit's order.
struct UnitNames {
  absl::string_view text;
  absl::string_view code;
};
constexpr UnitNames kUnitNames[] = {
    {"", "count"},
    {"%", "share"},
    {"ratio", "rate"},
    {"per 10k children", "per_10k"},
    {"hours", "hours"},
    {"days", "days"},
    {"working days", "working_days"},
    {"cases per worker", "cases_per_worker"},
    {"kappa", "kappa"},
};

}  // namespace

absl::string_view UnitText(KpiUnit unit) {
  return kUnitNames[static_cast<int>(unit)].text;
}

absl::string_view UnitCode(KpiUnit unit) {
  return kUnitNames[static_cast<int>(unit)].code;
}

std::string LabelWithUnit(const KpiInfo& info) {
  // Times need their unit; counts, shares and ratios say theirs already
  // ("per 10k children", "per referral").
  if (info.unit == U::kHours || info.unit == U::kDays ||
      info.unit == U::kWorkingDays) {
    return absl::StrCat(info.label, " (", UnitText(info.unit), ")");
  }
  return std::string(info.label);
}

std::string FormatNumber(double value) {
  if (!std::isfinite(value)) return "-";
  const double magnitude = std::fabs(value);
  if (magnitude >= 100 || value == std::round(value)) {
    // Whole, with thousands separated: 15,070.
    std::string digits = absl::StrFormat("%.0f", std::fabs(std::round(value)));
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
      digits.insert(i, ",");
    }
    return absl::StrCat(value < 0 && digits != "0" ? "-" : "", digits);
  }
  // Three significant digits, at most four decimals: 0.000123 is 0.0001.
  const int decimals =
      std::clamp(2 - static_cast<int>(std::floor(std::log10(magnitude))), 0, 4);
  return absl::StrFormat("%.*f", decimals, value);
}

std::string FormatKpi(KpiUnit unit, double value) {
  if (std::isnan(value)) return "-";
  if (unit == U::kShare) return absl::StrFormat("%.1f%%", 100 * value);
  if (unit == U::kKappa) return absl::StrFormat("%.2f", value);
  return FormatNumber(value);
}

std::string FormatKpiDifference(KpiUnit unit, double difference) {
  const std::string sign = difference > 0 ? "+" : "";
  if (unit == U::kShare) {
    return absl::StrFormat("%s%.1f pp", sign, 100 * difference);
  }
  if (unit == U::kKappa) return absl::StrFormat("%s%.2f", sign, difference);
  return sign + FormatNumber(difference);
}

}  // namespace frontdoor
