// Fitting an authority's free parameters to its previous year.
#include "clients/study/fit.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clients/study/study_runs.h"
#include "google/protobuf/text_format.h"

namespace frontdoor::study {
namespace {

// No single step moves a parameter by more than this factor either way, so
// one noisy small-authority year cannot throw the fit off.
constexpr double kMaxStep = 2.0;

double Ratio(double target, double simulated) {
  if (simulated <= 0) return kMaxStep;
  return std::clamp(target / simulated, 1 / kMaxStep, kMaxStep);
}

}  // namespace

absl::StatusOr<FitTargets> TargetsFrom(const LaYear& row,
                                       const LaYear& england) {
  const std::optional<double> referrals = row.Get("referrals");
  const std::optional<double> children = row.Get("population_0_17");
  const std::optional<double> rereferral = row.Get("rereferral_pct");
  const std::optional<double> not_in_need = row.Get("not_in_need_pct");
  if (!referrals || !children || !rereferral || !not_in_need ||
      *children <= 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(row.name,
                     " published no referrals, re-referrals or "
                     "not-in-need share for ",
                     row.year, ": nothing to fit to"));
  }
  FitTargets t;
  t.referrals_per_10k = *referrals * 1e4 / *children;
  t.re_referral_share = *rereferral / 100;
  t.not_in_need_share = *not_in_need / 100;
  std::optional<double> nfa = row.Get("nfa_pct");
  if (!nfa.has_value()) {
    // Suppressed: England's split of no-service referrals.
    const double e_nfa = england.Get("nfa_pct").value_or(0);
    const double e_nin = england.Get("not_in_need_pct").value_or(1);
    nfa = *not_in_need * e_nfa / std::max(1e-9, e_nin);
  }
  t.nfa_share = *nfa / 100;
  const std::optional<double> cin = row.Get("cin_at_31mar");
  const std::optional<double> cp = row.Get("cpp_at_31mar");
  const std::optional<double> cla = row.Get("cla_at_31mar");
  if (cin && cp && cla && *cin - *cla > *cp && *cp > 0) {
    t.cin_per_10k = (*cin - *cla) * 1e4 / *children;
    t.cp_per_10k = *cp * 1e4 / *children;
  }
  const std::optional<double> cla_started = row.Get("cla_started");
  if (cla && cla_started && *cla > 0 && *cla_started > 0) {
    t.cla_per_10k = *cla * 1e4 / *children;
    t.cla_starts_per_10k = *cla_started * 1e4 / *children;
  }
  return t;
}

FitGap GapOf(const FitTargets& targets, const v1::KpiSet& simulated) {
  FitGap gap;
  gap.referrals_per_10k = simulated.referrals_per_10k() /
                              std::max(1e-9, targets.referrals_per_10k) -
                          1;
  gap.re_referral_share =
      simulated.re_referral_share() - targets.re_referral_share;
  gap.nfa_share = simulated.referral_nfa_share() - targets.nfa_share;
  gap.not_in_need_share =
      simulated.assessed_not_in_need_share() - targets.not_in_need_share;
  if (targets.cin_per_10k > 0) {
    gap.cin_per_10k =
        (simulated.cin_per_10k_at_end() - simulated.cla_per_10k_at_end()) /
            targets.cin_per_10k -
        1;
    gap.cp_per_10k = simulated.cp_per_10k_at_end() / targets.cp_per_10k - 1;
  }
  if (targets.cla_per_10k > 0) {
    gap.cla_per_10k = simulated.cla_per_10k_at_end() / targets.cla_per_10k - 1;
  }
  gap.within_tolerance = std::abs(gap.referrals_per_10k) <= 0.03 &&
                         std::abs(gap.re_referral_share) <= 0.015 &&
                         std::abs(gap.nfa_share) <= 0.015 &&
                         std::abs(gap.not_in_need_share) <= 0.015 &&
                         std::abs(gap.cin_per_10k) <= 0.1 &&
                         std::abs(gap.cp_per_10k) <= 0.1 &&
                         std::abs(gap.cla_per_10k) <= 0.1;
  return gap;
}

// The share of a new child's contacts that present at level 3 or 4 (and so
// are referred under the default policy), over the need mix.
double ReferredShare(const v1::Demand& demand) {
  double referred = 0, total = 0;
  for (int level = 0; level < 4 && level < demand.need_mix_size(); ++level) {
    const double w = demand.need_mix(level);
    referred += w * (demand.presentation(4 * level + 2) +
                     demand.presentation(4 * level + 3));
    total += w;
  }
  return total > 0 ? referred / total : 0;
}

void FitStep(const FitTargets& targets, const v1::KpiSet& simulated,
             v1::Scenario& scenario) {
  v1::Demand* demand = scenario.mutable_demand();
  const double referred_before = ReferredShare(*demand);
  demand->set_repeat_contact_share(std::clamp(
      demand->repeat_contact_share() *
          Ratio(targets.re_referral_share, simulated.re_referral_share()),
      0.02, 0.9));
  // Referrals that lead to no service come from low need: weigh levels 1
  // and 2 by how far that share is off. Undamped: at the square root of
  // the ratio, the not-in-need share closed a third of its gap a step.
  const double no_service_target =
      targets.nfa_share + targets.not_in_need_share;
  const double no_service =
      simulated.referral_nfa_share() + simulated.assessed_not_in_need_share();
  const double low = Ratio(no_service_target, no_service);
  for (int level = 0; level < 2 && level < demand->need_mix_size(); ++level) {
    demand->set_need_mix(level, demand->need_mix(level) * low);
  }
  // Contacts for the referral rate, less what the new mix alone will do to
  // it, so that the two steps do not add up to an overshoot.
  const double mix_effect =
      ReferredShare(*demand) / std::max(1e-9, referred_before);
  demand->set_contacts_per_10k(
      demand->contacts_per_10k() *
      std::clamp(targets.referrals_per_10k /
                     std::max(1e-9, simulated.referrals_per_10k()) / mix_effect,
                 1 / kMaxStep, kMaxStep));
  // The recording convention splits them: NFA at referral or not in need.
  v1::Services* services = scenario.mutable_services();
  const double target_split =
      targets.nfa_share / std::max(1e-9, no_service_target);
  const double split =
      simulated.referral_nfa_share() / std::max(1e-9, no_service);
  const double share = services->has_nfa_at_referral_share()
                           ? services->nfa_at_referral_share()
                           : target_split;
  services->set_nfa_at_referral_share(
      split <= 0 ? target_split
                 : std::clamp(share * target_split / split, 0.0, 1.0));
  // The stock open at 31 March is inflow times length: plans by the length
  // of a plan, the other children in need by the length of their episode.
  if (targets.cp_per_10k > 0) {
    services->set_child_protection_days(
        services->child_protection_days() *
        Ratio(targets.cp_per_10k, simulated.cp_per_10k_at_end()));
    services->set_child_in_need_days(
        services->child_in_need_days() *
        Ratio(targets.cin_per_10k - targets.cp_per_10k,
              simulated.cin_per_10k_at_end() - simulated.cla_per_10k_at_end() -
                  simulated.cp_per_10k_at_end()));
  }
  // Care: its starts by the chances of entering it; what its stock misses
  // beyond them, by the length of a stay.
  if (targets.cla_per_10k > 0) {
    const double starts =
        Ratio(targets.cla_starts_per_10k, simulated.cla_starts_per_10k());
    services->set_looked_after_from_plan(
        std::min(1.0, services->looked_after_from_plan() * starts));
    services->set_looked_after_from_child_in_need(
        std::min(1 - services->step_down_probability(),
                 services->looked_after_from_child_in_need() * starts));
    services->set_looked_after_days(
        services->looked_after_days() *
        std::clamp(
            Ratio(targets.cla_per_10k, simulated.cla_per_10k_at_end()) / starts,
            1 / kMaxStep, kMaxStep));
  }
}

v1::Scenario YearBefore(const v1::Scenario& scenario) {
  v1::Scenario before = scenario;
  const int first = std::stoi(scenario.start_date().substr(0, 4)) - 1;
  before.set_start_date(absl::StrFormat("%d-04-01", first));
  before.set_days((first + 1) % 4 == 0 ? 366 : 365);
  return before;
}

namespace {

// Each gap over its tolerance, so that no one figure dominates.
double Distance(const FitGap& g) {
  return std::hypot(
      std::hypot(g.referrals_per_10k / 0.03, g.re_referral_share / 0.015,
                 g.nfa_share / 0.015),
      std::hypot(g.not_in_need_share / 0.015, g.cin_per_10k / 0.1,
                 std::hypot(g.cp_per_10k / 0.1, g.cla_per_10k / 0.1)));
}

}  // namespace

absl::Status FitToLastYear(cli::ServiceClient& client,
                           std::vector<FitJob>& jobs, int iterations,
                           const std::string& journal_dir) {
  std::vector<v1::Scenario> best(jobs.size());
  std::vector<double> best_distance(jobs.size(), 1e300);
  for (int i = 0; i < iterations; ++i) {
    std::vector<PlannedRun> plan;
    std::vector<size_t> fitting;
    for (size_t j = 0; j < jobs.size(); ++j) {
      const FitJob& job = jobs[j];
      if (!job.steps.empty() && job.steps.back().within_tolerance) continue;
      plan.push_back({absl::StrCat("fit", i + 1, "-", job.code),
                      YearBefore(job.scenario)});
      fitting.push_back(j);
    }
    if (plan.empty()) break;
    const std::vector<absl::StatusOr<MeasuredRun>> measured = RunPlan(
        client, plan, 4,
        absl::StrFormat("fit to last year, step %d of %d", i + 1, iterations),
        /*delete_after=*/true, journal_dir);
    for (size_t k = 0; k < fitting.size(); ++k) {
      if (!measured[k].ok()) return measured[k].status();
      const v1::KpiSet& simulated = measured[k]->kpis.overall();
      const size_t j = fitting[k];
      FitJob& job = jobs[j];
      job.steps.push_back(GapOf(job.targets, simulated));
      if (const double d = Distance(job.steps.back()); d < best_distance[j]) {
        best_distance[j] = d;
        best[j] = job.scenario;
      }
      if (!job.steps.back().within_tolerance) {
        FitStep(job.targets, simulated, job.scenario);
      }
    }
  }
  // Only parameters a run has checked are kept: the best step's.
  for (size_t j = 0; j < jobs.size(); ++j) {
    if (!jobs[j].steps.empty()) jobs[j].scenario = best[j];
  }
  return absl::OkStatus();
}

std::vector<FitJob> FitJobs(
    const LaTable& table, const std::string& from_year,
    const std::vector<std::pair<std::string, v1::Scenario>>& las) {
  std::vector<FitJob> jobs;
  const LaYear* england = table.Find(kEnglandCode, from_year);
  for (const auto& [code, scenario] : las) {
    const LaYear* row = table.Find(code, from_year);
    if (row == nullptr || england == nullptr) continue;
    absl::StatusOr<FitTargets> targets = TargetsFrom(*row, *england);
    if (!targets.ok()) continue;
    jobs.push_back({code, from_year, *targets, scenario, {}});
  }
  return jobs;
}

std::string ScenarioText(const v1::Scenario& scenario,
                         const std::string& header) {
  std::string text =
      "# proto-file: protos/frontdoor/v1/scenario.proto\n"
      "# proto-message: frontdoor.v1.Scenario\n#\n";
  for (absl::string_view line : absl::StrSplit(header, '\n')) {
    absl::StrAppend(&text, "# ", line, "\n");
  }
  std::string body;
  google::protobuf::TextFormat::PrintToString(scenario, &body);
  return absl::StrCat(text, body);
}

std::string FitText(const FitJob& job) {
  std::string text = absl::StrFormat(
      "fit of %s to its %s figures (referrals per 10k %.1f, re-referrals "
      "%.1f%%, NFA %.1f%%, not in need %.1f%%, in need at 31 March but "
      "not looked after %.1f per 10k, on a plan %.1f, looked after %.1f; "
      "tolerance 3%%, 1.5 points and 10%%):\n",
      job.code, job.year, job.targets.referrals_per_10k,
      100 * job.targets.re_referral_share, 100 * job.targets.nfa_share,
      100 * job.targets.not_in_need_share, job.targets.cin_per_10k,
      job.targets.cp_per_10k, job.targets.cla_per_10k);
  for (size_t i = 0; i < job.steps.size(); ++i) {
    const FitGap& g = job.steps[i];
    absl::StrAppendFormat(
        &text,
        "  step %zu: referrals %+.1f%%, re-referrals %+.1f, NFA %+.1f, not "
        "in need %+.1f points, in need %+.1f%%, on a plan %+.1f%%, looked "
        "after %+.1f%%%s\n",
        i + 1, 100 * g.referrals_per_10k, 100 * g.re_referral_share,
        100 * g.nfa_share, 100 * g.not_in_need_share, 100 * g.cin_per_10k,
        100 * g.cp_per_10k, 100 * g.cla_per_10k,
        g.within_tolerance ? "  (within tolerance)" : "");
  }
  return text;
}

absl::StatusOr<FitOutcome> FitAuthorities(
    cli::ServiceClient& client, const LaTable& table,
    const std::string& from_year, int steps,
    std::vector<std::pair<std::string, v1::Scenario>>& las,
    const std::string& journal_dir) {
  FitOutcome outcome;
  if (steps == 0) return outcome;
  std::vector<FitJob> jobs = FitJobs(table, from_year, las);
  if (absl::Status s = FitToLastYear(client, jobs, steps, journal_dir);
      !s.ok()) {
    return s;
  }
  for (const FitJob& job : jobs) {
    outcome.text += FitText(job);
    ++outcome.fitted;
    outcome.within_tolerance += job.steps.back().within_tolerance;
    for (auto& [code, scenario] : las) {
      if (code == job.code) scenario = job.scenario;
    }
  }
  return outcome;
}

std::string ScenarioHeader(const std::string& name, const std::string& code,
                           const std::string& year,
                           const std::string& from_year,
                           const std::string& command, int steps) {
  return absl::StrCat(
      name, " (", code, "), ", year, ": built from its ", from_year,
      " figures by `frontdoor ", command, "`",
      steps > 0 ? absl::StrCat(", fitted to them in up to ", steps, " steps")
                : "");
}

}  // namespace frontdoor::study
