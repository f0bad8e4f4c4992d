// `frontdoor forecast` and `frontdoor backtest`: every chosen authority's
// year simulated from the figures published before it, with 95% prediction
// intervals; the back-test scores them against what was then published,
// beside last year's figure and England's.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clients/cli/commands.h"
#include "clients/cli/scenario_args.h"
#include "clients/lib/local_cluster.h"
#include "clients/lib/service_session.h"
#include "clients/lib/table_out.h"
#include "clients/report/study_report.h"
#include "clients/simulate/scenario_file.h"
#include "clients/study/authorities.h"
#include "clients/study/fit.h"
#include "clients/study/forecast.h"
#include "clients/study/la_scenario.h"
#include "clients/study/study_runs.h"
#include "lib/domain/escape.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor::cli {
namespace {

using study::Authority;

// What forecast and backtest share: the table, the year, the authorities.
struct Study {
  study::LaTable table;
  std::string year;
  std::string from_year;
  std::vector<Authority> authorities;
  int replications = 1;
  int fit_steps = 0;
  std::string out;
};

absl::StatusOr<Study> PlanStudy(const Args& args, bool published_year) {
  absl::StatusOr<study::LaTable> table =
      study::LaTable::Load(ShippedFile("data/la_inputs.csv"));
  if (!table.ok()) return table.status();
  Study plan{*std::move(table), args.Get("year"), "", {}, 1, 0,
             args.Get("out")};
  absl::StatusOr<std::string> from = study::PreviousYear(plan.year);
  if (!from.ok()) return from.status();
  plan.from_year = *from;
  if (published_year &&
      plan.table.Find(study::kEnglandCode, plan.year) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--year ", plan.year,
                     ": a back-test needs a year whose outcomes are "
                     "in data/la_inputs.csv, which runs to ",
                     plan.table.LastYear()));
  }
  absl::StatusOr<int> replications = args.Int("replications", 1, 100);
  if (!replications.ok()) return replications.status();
  plan.replications = *replications;
  absl::StatusOr<int> fit_steps = args.Int("fit_steps", 0, 10);
  if (!fit_steps.ok()) return fit_steps.status();
  plan.fit_steps = *fit_steps;
  const bool all = args.Flag("all");
  if (all == !args.Get("la").empty()) {
    return absl::InvalidArgumentError("give --la=LIST or --all, not both");
  }
  absl::StatusOr<v1::Scenario> base =
      LoadScenarioFile(ScenarioRequestFrom(args).scenario_file);
  if (!base.ok()) return base.status();
  study::AuthorityRequest request{
      plan.year, {}, published_year, *base, args.All("set")};
  if (!all) request.las = absl::StrSplit(args.Get("la"), ',');
  absl::StatusOr<study::AuthoritySet> set =
      study::LoadAuthorities(plan.table, request);
  if (!set.ok()) return set.status();
  plan.authorities = std::move(set->authorities);
  const int skipped = set->skipped;
  if (skipped > 0) {
    std::fprintf(stderr,
                 "%d authorities left out: no %s referrals or population, "
                 "no %s figures, or under 1,000 children\n",
                 skipped, plan.from_year.c_str(), plan.year.c_str());
  }
  return plan;
}

// Writes `text` to `path`, saying so on stderr when `say`.
absl::Status WriteFile(const std::string& path, const std::string& text,
                       bool say = true) {
  std::ofstream file(path);
  file << text;
  file.close();
  if (!file) return absl::FailedPreconditionError("cannot write " + path);
  if (say) std::fprintf(stderr, "wrote %s\n", path.c_str());
  return absl::OkStatus();
}

// Each authority's prediction of each KPI, in the authorities' order.
using Predictions = std::vector<std::vector<study::Prediction>>;

// Fits each authority to its year before (--fit_steps), writes each fitted
// scenario to OUT/LABEL-scenarios/CODE.textproto and the fit's steps to
// OUT/LABEL-fit.txt.
absl::Status Fit(ServiceClient& client, Study& plan, const std::string& label) {
  const int steps = plan.fit_steps;
  const std::string dir = absl::StrCat(plan.out, "/", label, "-scenarios");
  std::filesystem::create_directories(dir);
  std::vector<std::pair<std::string, v1::Scenario>> las;
  for (const Authority& a : plan.authorities) {
    las.emplace_back(a.code, a.scenario);
  }
  absl::StatusOr<study::FitOutcome> fit =
      study::FitAuthorities(client, plan.table, plan.from_year, steps, las,
                            absl::StrCat(plan.out, "/.journal"));
  if (!fit.ok()) return fit.status();
  for (size_t i = 0; i < las.size(); ++i) {
    Authority& a = plan.authorities[i];
    a.scenario = las[i].second;
    const std::string header =
        study::ScenarioHeader(a.name, a.code, plan.year, plan.from_year,
                              label.substr(0, label.find('-')), steps);
    if (absl::Status s =
            WriteFile(absl::StrCat(dir, "/", a.code, ".textproto"),
                      study::ScenarioText(a.scenario, header), /*say=*/false);
        !s.ok()) {
      return s;
    }
  }
  std::fprintf(stderr,
               "each authority's scenario, to read, edit and run: "
               "%s/CODE.textproto\n",
               dir.c_str());
  if (steps == 0) return absl::OkStatus();
  std::fprintf(stderr,
               "fit to %s: %d of %d authorities within tolerance, %zu "
               "left unfitted (figures not published); steps in %s\n",
               plan.from_year.c_str(), fit->within_tolerance, fit->fitted,
               plan.authorities.size() - fit->fitted,
               absl::StrCat(plan.out, "/", label, "-fit.txt").c_str());
  return WriteFile(absl::StrCat(plan.out, "/", label, "-fit.txt"), fit->text);
}

absl::StatusOr<Predictions> RunStudy(const Args& args, Study& plan,
                                     const std::string& label) {
  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args);
  if (!session.ok()) return session.status();
  (*session)->client().set_retry(PatientRetry());
  if (absl::Status s = Fit((*session)->client(), plan, label); !s.ok()) {
    return s;
  }
  std::vector<study::PlannedRun> runs;
  for (const Authority& a : plan.authorities) {
    for (study::PlannedRun& r : study::Replications(
             a.scenario, absl::StrCat(label, "-", a.code), plan.replications)) {
      runs.push_back(std::move(r));
    }
  }
  std::fprintf(stderr, "%s: %zu authorities x %d replications = %zu runs\n",
               label.c_str(), plan.authorities.size(), plan.replications,
               runs.size());
  const std::vector<absl::StatusOr<study::MeasuredRun>> measured =
      study::RunPlan((*session)->client(), runs, 4, label,
                     /*delete_after=*/true,
                     absl::StrCat(plan.out, "/.journal"));
  std::vector<double> spread;
  for (const study::ForecastKpi& kpi : study::ForecastKpis()) {
    spread.push_back(study::YearOnYearSpread(plan.table, kpi, plan.from_year));
  }
  Predictions predictions;
  for (size_t a = 0; a < plan.authorities.size(); ++a) {
    std::vector<study::Prediction>& row = predictions.emplace_back();
    for (size_t k = 0; k < study::ForecastKpis().size(); ++k) {
      std::vector<double> values;
      for (int r = 0; r < plan.replications; ++r) {
        const absl::StatusOr<study::MeasuredRun>& m =
            measured[a * plan.replications + r];
        if (!m.ok()) return m.status();
        values.push_back(study::ForecastKpis()[k].model(m->kpis));
      }
      row.push_back(
          study::Predict(values, spread[k], study::ForecastKpis()[k].share));
    }
  }
  return predictions;
}

// What the page says was run.
std::string Meta(const Study& plan) {
  return absl::StrFormat(
      "%d authorities, %d replications each, built from their %s figures "
      "(data/la_inputs.csv: DfE and ONS, Open Government Licence v3.0); 95%% "
      "prediction intervals join replication noise and the year-on-year "
      "change of the authorities' published figures up to %s.",
      plan.authorities.size(), plan.replications, plan.from_year,
      plan.from_year);
}

// The predictions per KPI for the page, with the published values of
// `published_year` where there is one.
std::vector<report::StudyKpi> StudyKpis(
    const Study& plan, const Predictions& predictions,
    const std::optional<std::string>& published_year) {
  std::vector<report::StudyKpi> kpis;
  for (size_t k = 0; k < study::ForecastKpis().size(); ++k) {
    const study::ForecastKpi& kpi = study::ForecastKpis()[k];
    report::StudyKpi& view = kpis.emplace_back();
    view.kpi = kpi.name;
    view.share = kpi.share;
    for (size_t a = 0; a < plan.authorities.size(); ++a) {
      const Authority& la = plan.authorities[a];
      report::StudyPoint point{la.code, la.name, predictions[a][k], {}};
      if (published_year.has_value()) {
        if (const study::LaYear* row =
                plan.table.Find(la.code, *published_year);
            row != nullptr) {
          point.published = kpi.published(*row);
        }
      }
      view.points.push_back(std::move(point));
    }
  }
  return kpis;
}

int RunForecast(const Args& args) {
  absl::StatusOr<Study> plan = PlanStudy(args, /*published_year=*/false);
  if (!plan.ok()) return Fail("forecast", plan.status());
  const std::string label = absl::StrCat("forecast-", plan->year);
  absl::StatusOr<Predictions> predictions = RunStudy(args, *plan, label);
  if (!predictions.ok()) return Fail("forecast", predictions.status());
  std::string csv = "la_code,la_name,kpi,mean,lo95,hi95\n";
  for (size_t a = 0; a < plan->authorities.size(); ++a) {
    const Authority& la = plan->authorities[a];
    for (size_t k = 0; k < study::ForecastKpis().size(); ++k) {
      const study::Prediction& p = (*predictions)[a][k];
      absl::StrAppend(&csv, la.code, ",", CsvField(la.name), ",",
                      study::ForecastKpis()[k].name, ",", Number(p.mean).text,
                      ",", Number(p.lo95).text, ",", Number(p.hi95).text, "\n");
    }
  }
  std::filesystem::create_directories(plan->out);
  const std::string path = absl::StrCat(plan->out, "/", label, ".csv");
  if (absl::Status s = WriteFile(path, csv); !s.ok()) {
    return Fail("forecast", s);
  }
  const std::string page = absl::StrCat(plan->out, "/", label, ".html");
  if (absl::Status s = report::WriteStudyReport(
          page, absl::StrCat("Forecast of ", plan->year), Meta(*plan), {},
          StudyKpis(*plan, *predictions, std::nullopt));
      !s.ok()) {
    return Fail("forecast", s);
  }
  std::printf(
      "%s: %zu authorities, %d replications each; 95%% prediction "
      "intervals in %s\nreport: %s\n",
      plan->year.c_str(), plan->authorities.size(), plan->replications,
      path.c_str(), page.c_str());
  return 0;
}

int RunBacktest(const Args& args) {
  absl::StatusOr<Study> plan = PlanStudy(args, /*published_year=*/true);
  if (!plan.ok()) return Fail("backtest", plan.status());
  const std::string label = absl::StrCat("backtest-", plan->year);
  absl::StatusOr<Predictions> predictions = RunStudy(args, *plan, label);
  if (!predictions.ok()) return Fail("backtest", predictions.status());
  const study::LaYear* england =
      plan->table.Find(study::kEnglandCode, plan->from_year);
  std::vector<study::ScoredForecast> scored;
  std::string csv =
      "la_code,la_name,kpi,mean,lo95,hi95,published,persistence,national\n";
  for (size_t a = 0; a < plan->authorities.size(); ++a) {
    const Authority& la = plan->authorities[a];
    const study::LaYear* now = plan->table.Find(la.code, plan->year);
    const study::LaYear* before = plan->table.Find(la.code, plan->from_year);
    for (size_t k = 0; k < study::ForecastKpis().size(); ++k) {
      const study::ForecastKpi& kpi = study::ForecastKpis()[k];
      const std::optional<double> published = kpi.published(*now);
      const std::optional<double> persistence = kpi.published(*before);
      const std::optional<double> national = kpi.published(*england);
      if (!published || !persistence || !national) continue;
      const study::Prediction& p = (*predictions)[a][k];
      scored.push_back(
          {la.code, kpi.name, p, *published, *persistence, *national});
      absl::StrAppend(&csv, la.code, ",", CsvField(la.name), ",", kpi.name);
      for (const double v :
           {p.mean, p.lo95, p.hi95, *published, *persistence, *national}) {
        absl::StrAppend(&csv, ",", Number(v).text);
      }
      absl::StrAppend(&csv, "\n");
    }
  }
  const std::vector<study::KpiScore> scores = study::Score(scored);
  std::printf(
      "back-test of %s: %zu authorities, %d replications each, "
      "inputs from %s; errors against DfE's published %s\n\n%s",
      plan->year.c_str(), plan->authorities.size(), plan->replications,
      plan->from_year.c_str(), plan->year.c_str(),
      study::ScoresText(scores).c_str());
  std::string scores_csv =
      "kpi,authorities,model_mape,model_median_ape,coverage95,"
      "persistence_mape,persistence_median_ape,national_mape\n";
  for (const study::KpiScore& s : scores) {
    absl::StrAppendFormat(&scores_csv, "%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\n",
                          s.kpi, s.authorities, s.model_mape,
                          s.model_median_ape, s.coverage, s.persistence_mape,
                          s.persistence_median_ape, s.national_mape);
  }
  std::filesystem::create_directories(plan->out);
  const std::string page = absl::StrCat(plan->out, "/", label, ".html");
  if (absl::Status s = report::WriteStudyReport(
          page, absl::StrCat("Back-test of ", plan->year), Meta(*plan), scores,
          StudyKpis(*plan, *predictions, plan->year));
      !s.ok()) {
    return Fail("backtest", s);
  }
  std::printf("\nreport: %s\n", page.c_str());
  for (const auto& [name, text] :
       {std::pair{absl::StrCat(label, ".csv"), csv},
        std::pair{absl::StrCat(label, "-scores.csv"), scores_csv}}) {
    if (absl::Status s = WriteFile(absl::StrCat(plan->out, "/", name), text);
        !s.ok()) {
      return Fail("backtest", s);
    }
  }
  return 0;
}

std::vector<OptionSpec> StudyOptions(const std::string& year_help) {
  std::vector<OptionSpec> options = {
      {"year", "", year_help},
      {"la", "",
       "authorities, comma-separated ONS codes or names (E08000028,Rutland)"},
      {"all", "false", "every authority that published the figures needed"},
      {"replications", "5", "replications per authority (seeds 1, 2, ...)"},
      {"fit_steps", "3",
       "simulated years of the fit to the year before (0: no fit)"},
      {"scenario", "",
       "base scenario each authority's is built on (default: the shipped "
       "scenarios/default.textproto)"},
      {"out", "frontdoor-out", "folder for the CSV files"},
      SetOption(),
  };
  for (OptionSpec& o : SessionOptions()) options.push_back(std::move(o));
  return options;
}

}  // namespace

Command ForecastCommand() {
  return {{"forecast",
           "each authority's KPIs for a reporting year, simulated from the "
           "figures published for the year before, with 95% prediction "
           "intervals (replication noise and year-on-year change), as "
           "OUT/forecast-YEAR.csv (la_code, la_name, kpi, mean, lo95, hi95) "
           "and a report page, OUT/forecast-YEAR.html",
           "frontdoor forecast --year=YYYY-YY (--la=LIST | --all) "
           "[--replications=N] [--out=DIR]",
           StudyOptions("the reporting year forecast, such as 2024-25")},
          RunForecast};
}

Command BacktestCommand() {
  return {{"backtest",
           "forecast a year whose outcomes are published, from the figures "
           "before it, and score the forecast per KPI (mean and median "
           "absolute percentage error, share inside the 95% interval) beside "
           "last year's figure and England's; per-authority rows in "
           "OUT/backtest-YEAR.csv, scores in OUT/backtest-YEAR-scores.csv, "
           "forecast against published on OUT/backtest-YEAR.html",
           "frontdoor backtest --year=YYYY-YY (--la=LIST | --all) "
           "[--replications=N] [--out=DIR]",
           StudyOptions("the reporting year scored, such as 2023-24")},
          RunBacktest};
}

}  // namespace frontdoor::cli
