// An authority's scenario from its previous year's published figures. The
// model is calibrated to England (lib/domain/scenario_defaults.cc), so
// each input scales England's default by the authority's figure over
// England's of the same year; what the authority did not publish stays at
// England's.
#include "clients/study/la_scenario.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/simulate/kpi_catalogue.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor::study {
namespace {

// A figure per 10,000 children.
std::optional<double> Per10k(const LaYear& row, absl::string_view column) {
  const std::optional<double> count = row.Get(column);
  const std::optional<double> children = row.Get("population_0_17");
  if (!count.has_value() || !children.has_value() || *children <= 0) {
    return std::nullopt;
  }
  return *count * 10000.0 / *children;
}

// Collects the inputs as they are set.
class Inputs {
 public:
  explicit Inputs(std::vector<LaInput>& out) : out_(out) {}
  void Add(std::string field, double value, std::string source) {
    out_.push_back({std::move(field), value, std::move(source)});
  }

 private:
  std::vector<LaInput>& out_;
};

// The authority's share if published, else England's, with its source.
std::pair<double, std::string> PercentOrEngland(const LaYear& la,
                                                const LaYear& england,
                                                absl::string_view column,
                                                absl::string_view what) {
  if (std::optional<double> v = la.Get(column); v.has_value()) {
    return {*v / 100.0, absl::StrFormat("%s %s %.1f%%", what, la.year, *v)};
  }
  const double e = england.Get(column).value_or(0);
  return {e / 100.0, absl::StrFormat("%s not published; England's %s %.1f%%",
                                     what, england.year, e)};
}

void SetDemand(const LaYear& la, const LaYear& england, double la_rate,
               const v1::Scenario& d, v1::Scenario& s, Inputs& in) {
  const double england_rate = Per10k(england, "referrals").value_or(la_rate);
  const double contacts =
      d.demand().contacts_per_10k() * la_rate / england_rate;
  s.mutable_demand()->set_contacts_per_10k(contacts);
  in.Add("demand.contacts_per_10k", contacts,
         absl::StrFormat("referrals per 10k %s %.1f (DfE C1 %.0f / ONS %.0f) "
                         "over England's %.1f, times England's %.0f",
                         la.year, la_rate, *la.Get("referrals"),
                         *la.Get("population_0_17"), england_rate,
                         d.demand().contacts_per_10k()));

  // Re-referrals follow contacts about children seen in the last year.
  const std::optional<double> rereferral = la.Get("rereferral_pct");
  const double england_rereferral = england.Get("rereferral_pct").value_or(0);
  if (rereferral.has_value() && england_rereferral > 0) {
    const double repeat = std::clamp(
        d.demand().repeat_contact_share() * *rereferral / england_rereferral,
        0.05, 0.9);
    s.mutable_demand()->set_repeat_contact_share(repeat);
    in.Add("demand.repeat_contact_share", repeat,
           absl::StrFormat("re-referrals %s %.1f%% over England's %.1f%%, "
                           "times England's %.2f (within 0.05-0.9)",
                           la.year, *rereferral, england_rereferral,
                           d.demand().repeat_contact_share()));
  }

  // Recording convention: of the referrals that lead to no service, the
  // share closed at referral (NFA) rather than assessed and closed.
  std::optional<double> nfa = la.Get("nfa");
  std::optional<double> not_in_need = la.Get("not_in_need");
  std::string source;
  if (nfa.has_value() && not_in_need.has_value() && *nfa + *not_in_need > 0) {
    source = absl::StrFormat(
        "NFA at referral %s %.0f over NFA plus assessed "
        "not in need %.0f",
        la.year, *nfa, *nfa + *not_in_need);
  } else {
    nfa = england.Get("nfa");
    not_in_need = england.Get("not_in_need");
    source = absl::StrFormat("NFA not published; England's %s", england.year);
  }
  const double share = *nfa / std::max(1.0, *nfa + *not_in_need);
  s.mutable_services()->set_nfa_at_referral_share(share);
  in.Add("services.nfa_at_referral_share", share, source);
}

void SetWorkforce(const LaYear& la, const LaYear& england,
                  const v1::Scenario& d, v1::Scenario& s, Inputs& in) {
  v1::SocialWork* w = s.mutable_social_work();
  const std::optional<double> holders = Per10k(la, "sw_case_holders_fte");
  const std::optional<double> england_holders =
      Per10k(england, "sw_case_holders_fte");
  if (holders.has_value() && england_holders.has_value()) {
    const double posts =
        d.social_work().posts_per_10k() * *holders / *england_holders;
    w->set_posts_per_10k(posts);
    in.Add("social_work.posts_per_10k", posts,
           absl::StrFormat("case-holding FTE per 10k, census of 30 Sep in "
                           "%s, %.1f over England's %.1f, times England's %.1f",
                           la.year, *holders, *england_holders,
                           d.social_work().posts_per_10k()));
  }
  auto [vacancy, vacancy_source] =
      PercentOrEngland(la, england, "sw_vacancy_pct", "vacancy rate");
  w->set_vacancy_rate(std::min(vacancy, 0.9));
  in.Add("social_work.vacancy_rate", w->vacancy_rate(), vacancy_source);
  const std::optional<double> agency = la.Get("sw_agency_fte");
  const std::optional<double> vacant = la.Get("sw_vacancy_fte");
  if (agency.has_value() && vacant.has_value() && *vacant > 0) {
    // Agency workers may outnumber vacancies (cover for absence, projects).
    w->set_agency_cover(std::min(*agency / *vacant, 3.0));
    in.Add("social_work.agency_cover", w->agency_cover(),
           absl::StrFormat("agency FTE %.1f over vacant FTE %.1f, %s "
                           "(at most 3)",
                           *agency, *vacant, la.year));
  }
  auto [turnover, turnover_source] =
      PercentOrEngland(la, england, "sw_turnover_pct", "turnover");
  w->set_turnover(turnover);
  in.Add("social_work.turnover", turnover, turnover_source);
  auto [absence, absence_source] =
      PercentOrEngland(la, england, "sw_absence_pct", "absence rate");
  w->set_absence_rate(std::min(absence, 0.5));
  in.Add("social_work.absence_rate", w->absence_rate(), absence_source);
}

// The children open to social care at 31 March of the inputs' year (those
// looked after apart from the other children in need), seeded at the
// warm-up's start; England's rates where the authority published none.
void SetWarmStart(const LaYear& la, const LaYear& england, v1::Scenario& s,
                  Inputs& in) {
  const auto stock = [&](const LaYear& row) -> std::optional<double> {
    const std::optional<double> cin = Per10k(row, "cin_at_31mar");
    const std::optional<double> cla = Per10k(row, "cla_at_31mar");
    if (!cin.has_value() || !cla.has_value() || *cin <= *cla) {
      return std::nullopt;
    }
    return *cin - *cla;
  };
  std::optional<double> open = stock(la);
  std::optional<double> plans = Per10k(la, "cpp_at_31mar");
  std::optional<double> in_care = Per10k(la, "cla_at_31mar");
  const bool published =
      open.has_value() && plans.has_value() && in_care.has_value();
  if (!published) {
    open = stock(england);
    plans = Per10k(england, "cpp_at_31mar");
    in_care = Per10k(england, "cla_at_31mar");
  }
  if (!open.has_value() || !plans.has_value()) return;  // none: warm-up 730
  const std::string whose =
      published ? std::string(la.year)
                : absl::StrCat("not published; England's ", england.year);
  v1::WarmStart* warm = s.mutable_warm_start();
  warm->set_children_in_need_per_10k(*open);
  warm->set_on_plan_per_10k(std::min(*plans, *open));
  warm->set_looked_after_per_10k(in_care.value_or(0));
  s.set_warmup_days(365);
  in.Add("warm_start.children_in_need_per_10k", *open,
         absl::StrCat("children in need less looked after per 10k at 31 "
                      "March (DfE B1, CLA), ",
                      whose));
  in.Add("warm_start.on_plan_per_10k", warm->on_plan_per_10k(),
         absl::StrCat("on a child-protection plan per 10k at 31 March (DfE "
                      "D5), ",
                      whose));
  in.Add("warm_start.looked_after_per_10k", warm->looked_after_per_10k(),
         absl::StrCat("looked after per 10k at 31 March (DfE CLA), ", whose));
  in.Add("warmup_days", 365,
         "one year from the open cases above, instead of two from none");
}

}  // namespace

absl::StatusOr<LaScenario> BuildLaScenario(const LaTable& table,
                                           const std::string& code,
                                           const std::string& year,
                                           v1::Scenario base) {
  absl::StatusOr<std::string> from = PreviousYear(year);
  if (!from.ok()) return from.status();
  const LaYear* la = table.Find(code, *from);
  const LaYear* england = table.Find(kEnglandCode, *from);
  if (la == nullptr || england == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--year ", year, ": data/la_inputs.csv has no ", *from, " row for ",
        code, "; a forecast uses the year before, and the table runs to ",
        table.LastYear()));
  }
  const std::optional<double> rate = Per10k(*la, "referrals");
  if (!rate.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat(la->name, " (", code, ") published no referrals or no ",
                     "population for ", *from, "; it cannot be simulated"));
  }
  LaScenario out{code, la->name, year, *from, std::move(base), {}};
  v1::Scenario& s = out.scenario;
  const v1::Scenario d = WithDefaults(v1::Scenario());
  Inputs in(out.inputs);

  s.set_name(absl::StrCat(la->name, " (", code, "), ", year, " from ", *from,
                          " figures"));
  s.set_local_authority(la->old_code.empty() ? code : la->old_code);
  const int first = std::stoi(year.substr(0, 4));
  s.set_start_date(absl::StrFormat("%d-04-01", first));
  s.set_days((first + 1) % 4 == 0 ? 366 : 365);
  const int64_t children = std::llround(*la->Get("population_0_17"));
  s.set_child_population(children);
  in.Add("child_population", static_cast<double>(children),
         absl::StrFormat("ONS mid-year estimate of children aged 0-17 used "
                         "for %s",
                         *from));
  SetDemand(*la, *england, *rate, d, s, in);
  SetWorkforce(*la, *england, d, s, in);
  SetWarmStart(*la, *england, s, in);

  // Screeners in proportion to the contacts they screen, as England's
  // default team of 5 screens a mid-sized authority's.
  const double contacts = s.demand().contacts_per_10k() * children / 1e4;
  const double default_contacts =
      d.demand().contacts_per_10k() * d.child_population() / 1e4;
  const double screeners = std::max(
      1.0, std::round(d.mash().screeners() * contacts / default_contacts));
  s.mutable_mash()->set_screeners(screeners);
  in.Add("mash.screeners", screeners,
         absl::StrFormat("%.0f contacts a year at the rate above; England's "
                         "default %.0f screeners for %.0f",
                         contacts, d.mash().screeners(), default_contacts));
  return out;
}

std::string InputsText(const LaScenario& la) {
  std::string text = absl::StrFormat(
      "%s (%s), %s: inputs from the %s figures "
      "(data/la_inputs.csv; DfE and ONS, OGL v3.0)\n",
      la.name, la.code, la.year, la.from_year);
  for (const LaInput& input : la.inputs) {
    absl::StrAppendFormat(&text, "  %-34s %10s  %s\n", input.field,
                          FormatNumber(input.value), input.source);
  }
  return text;
}

}  // namespace frontdoor::study
