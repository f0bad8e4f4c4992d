// Comparisons of runs and replicated runs.
#include "clients/simulate/compare.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/lib/json_out.h"
#include "clients/lib/table_out.h"
#include "clients/simulate/kpi_catalogue.h"
#include "clients/simulate/kpis.h"
#include "google/protobuf/util/json_util.h"
#include "lib/domain/escape.h"
#include "lib/domain/text_files.h"

namespace frontdoor {
namespace {

// Each run's overall scalar KPIs, in field order.
std::vector<std::vector<std::pair<std::string, double>>> Scalars(
    const ComparedSide& side) {
  std::vector<std::vector<std::pair<std::string, double>>> scalars;
  for (const v1::RunKpis& run : side.runs) {
    scalars.push_back(ScalarKpis(run.overall()));
  }
  return scalars;
}

// KPI `i` of each run.
std::vector<double> Values(
    const std::vector<std::vector<std::pair<std::string, double>>>& scalars,
    size_t i) {
  std::vector<double> values;
  for (const auto& run : scalars) values.push_back(run[i].second);
  return values;
}

bool SameSeeds(const ComparedSide& a, const ComparedSide& b) {
  if (a.runs.size() != b.runs.size()) return false;
  for (size_t i = 0; i < a.runs.size(); ++i) {
    if (a.runs[i].seed() != b.runs[i].seed()) return false;
  }
  return true;
}

// Files: plain decimals to about six significant figures, no exponent.
std::string Num(double v) { return cli::Number(v).text; }

}  // namespace

absl::StatusOr<ComparedSide> LoadComparedSide(const std::string& out_dir,
                                              const std::string& run) {
  const std::string single = absl::StrCat(out_dir, "/", run, "/kpis.json");
  const std::string replicated =
      absl::StrCat(out_dir, "/", run, "-replications.json");
  ComparedSide side{run, {}};
  if (std::filesystem::exists(single)) {
    absl::StatusOr<v1::RunKpis> kpis = ReadKpiFile(single);
    if (!kpis.ok()) return kpis.status();
    side.runs.push_back(*std::move(kpis));
    return side;
  }
  absl::StatusOr<std::string> text = ReadTextFile(replicated);
  if (!text.ok()) {
    return absl::NotFoundError(absl::StrCat(
        run, ": neither ", single, " nor ", replicated,
        " (run `frontdoor simulate --run=", run,
        "` first, with --replications for intervals, or name the folder "
        "that holds it)"));
  }
  v1::ReplicationReport report;
  if (const auto s =
          google::protobuf::util::JsonStringToMessage(*text, &report);
      !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(replicated, ": ", std::string(s.message())));
  }
  for (const std::string& id : report.run_ids()) {
    absl::StatusOr<v1::RunKpis> kpis =
        ReadKpiFile(absl::StrCat(out_dir, "/", id, "/kpis.json"));
    if (!kpis.ok()) return kpis.status();
    side.runs.push_back(*std::move(kpis));
  }
  if (side.runs.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(replicated, ": lists no runs"));
  }
  return side;
}

v1::Comparison Compare(const ComparedSide& a, const ComparedSide& b) {
  v1::Comparison comparison;
  comparison.set_run_a(a.name);
  comparison.set_run_b(b.name);
  const int na = static_cast<int>(a.runs.size());
  const int nb = static_cast<int>(b.runs.size());
  comparison.set_replications_a(na);
  comparison.set_replications_b(nb);
  const bool paired = na > 1 && SameSeeds(a, b);
  comparison.set_interval_method(paired             ? "paired"
                                 : na > 1 && nb > 1 ? "welch"
                                                    : "none");
  if (na == 0 || nb == 0) return comparison;
  const auto scalars_a = Scalars(a), scalars_b = Scalars(b);
  for (size_t i = 0; i < scalars_a[0].size(); ++i) {
    const std::string& name = scalars_a[0][i].first;
    const KpiInfo info = KpiInfoOf(name);
    // Relative change means little for a share or an agreement.
    const bool share =
        info.unit == KpiUnit::kShare || info.unit == KpiUnit::kKappa;
    const std::vector<double> xa = Values(scalars_a, i);
    const std::vector<double> xb = Values(scalars_b, i);
    v1::ComparedKpi* kpi = comparison.add_kpis();
    kpi->set_name(name);
    kpi->set_label(std::string(info.label));
    kpi->set_unit(std::string(UnitCode(info.unit)));
    kpi->set_a(Mean(xa));
    kpi->set_b(Mean(xb));
    kpi->set_difference(kpi->b() - kpi->a());
    if (!share && kpi->a() != 0) {
      kpi->set_relative_change(kpi->difference() / std::fabs(kpi->a()));
    }
    double half = -1;
    if (paired) {
      std::vector<double> d;
      for (int r = 0; r < na; ++r) d.push_back(xb[r] - xa[r]);
      half = StudentT95(na - 1) * std::sqrt(SampleVariance(d) / na);
    } else if (na > 1 && nb > 1) {
      const double va = SampleVariance(xa) / na, vb = SampleVariance(xb) / nb;
      const double se2 = va + vb;
      // Welch-Satterthwaite degrees of freedom, fractional as Welch has them.
      const double df =
          se2 == 0 ? na + nb - 2
                   : se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1));
      half = StudentT95(df) * std::sqrt(se2);
    }
    if (half >= 0) {
      kpi->set_has_interval(true);
      kpi->set_difference_low(kpi->difference() - half);
      kpi->set_difference_high(kpi->difference() + half);
    }
  }
  return comparison;
}

bool IntervalLeavesOutZero(const v1::ComparedKpi& k) {
  return k.has_interval() &&
         (k.difference_low() > 0 || k.difference_high() < 0);
}

std::vector<std::string> Headline(const v1::Comparison& c, int most) {
  std::vector<const v1::ComparedKpi*> changed;
  for (const v1::ComparedKpi& k : c.kpis()) {
    if (IntervalLeavesOutZero(k)) changed.push_back(&k);
  }
  // Largest first: relative change for a number, points for a share (a
  // change of 5 points read as 5%).
  const auto size = [](const v1::ComparedKpi* k) {
    return k->relative_change() != 0 ? std::fabs(k->relative_change())
                                     : std::fabs(k->difference());
  };
  std::stable_sort(
      changed.begin(), changed.end(),
      [&](const auto* x, const auto* y) { return size(x) > size(y); });
  std::vector<std::string> lines;
  for (const v1::ComparedKpi* k : changed) {
    if (static_cast<int>(lines.size()) == most) break;
    const KpiUnit unit = KpiInfoOf(k->name()).unit;
    const absl::string_view words = UnitText(unit);
    lines.push_back(absl::StrCat(
        k->label().empty() ? k->name() : k->label(), " ",
        k->difference() > 0 ? "rises" : "falls", " from ",
        FormatKpi(unit, k->a()), " to ", FormatKpi(unit, k->b()),
        unit == KpiUnit::kShare || words.empty() || words == "kappa"
            ? ""
            : absl::StrCat(" ", words),
        " (", FormatKpiDifference(unit, k->difference()), "; 95% interval ",
        FormatKpiDifference(unit, k->difference_low()), " to ",
        FormatKpiDifference(unit, k->difference_high()), ")"));
  }
  return lines;
}

std::string ComparisonText(const v1::Comparison& c) {
  std::string out = absl::StrFormat(
      "A: %s (%d run%s)\nB: %s (%d run%s)\n", c.run_a(), c.replications_a(),
      c.replications_a() == 1 ? "" : "s", c.run_b(), c.replications_b(),
      c.replications_b() == 1 ? "" : "s");
  if (c.interval_method() == "none") {
    absl::StrAppend(&out,
                    "no intervals: each side needs replications "
                    "(`frontdoor simulate --replications=N`)\n");
  } else {
    absl::StrAppendFormat(
        &out,
        "95%% intervals of B - A, %s; * where the interval leaves out 0\n",
        c.interval_method() == "paired" ? "paired by seed"
                                        : "Welch's (different seeds)");
    const std::vector<std::string> headline = Headline(c, 5);
    absl::StrAppend(&out, "\nWhat B changes",
                    headline.empty() ? ": nothing beyond its interval\n"
                                     : ", largest first:\n");
    for (const std::string& line : headline) {
      absl::StrAppend(&out, "  ", line, "\n");
    }
  }
  absl::StrAppendFormat(&out, "\n%-44s %10s %10s %10s %22s %8s\n", "KPI", "A",
                        "B", "B - A", "95% interval", "change");
  for (const v1::ComparedKpi& k : c.kpis()) {
    const KpiInfo info = KpiInfoOf(k.name());
    const std::string label = LabelWithUnit(info);
    const std::string interval =
        k.has_interval()
            ? absl::StrCat(FormatKpiDifference(info.unit, k.difference_low()),
                           " to ",
                           FormatKpiDifference(info.unit, k.difference_high()),
                           IntervalLeavesOutZero(k) ? "*" : " ")
            : "";
    absl::StrAppendFormat(
        &out, "%-44s %10s %10s %10s %22s %8s\n", label,
        FormatKpi(info.unit, k.a()), FormatKpi(info.unit, k.b()),
        FormatKpiDifference(info.unit, k.difference()), interval,
        k.relative_change() == 0
            ? std::string("")
            : absl::StrFormat("%+.1f%%", 100 * k.relative_change()));
  }
  return out;
}

std::string ComparisonCsv(const v1::Comparison& c) {
  std::string out =
      "run_a,run_b,replications_a,replications_b,kpi,label,unit,a,b,"
      "difference,difference_low,difference_high,interval_method,"
      "relative_change\n";
  for (const v1::ComparedKpi& k : c.kpis()) {
    absl::StrAppend(&out, CsvField(c.run_a()), ",", CsvField(c.run_b()), ",",
                    c.replications_a(), ",", c.replications_b(), ",", k.name(),
                    ",", CsvField(k.label()), ",", k.unit(), ",", Num(k.a()),
                    ",", Num(k.b()), ",", Num(k.difference()), ",",
                    k.has_interval() ? Num(k.difference_low()) : "", ",",
                    k.has_interval() ? Num(k.difference_high()) : "", ",",
                    c.interval_method(), ",",
                    k.relative_change() == 0 ? "" : Num(k.relative_change()),
                    "\n");
  }
  return out;
}

std::string ComparisonJson(const v1::Comparison& comparison) {
  return ToAnalystJson(comparison) + "\n";
}

}  // namespace frontdoor
