// The national page.
#include "clients/report/national_report.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/report/html_report.h"
#include "clients/report/svg_chart.h"
#include "clients/simulate/kpis.h"

namespace frontdoor::report {
namespace {

// A KPI beside its published form: the sum of one column over the sum of
// another (none: the sum alone), times a scale.
struct PublishedKpi {
  const char* kpi;
  const char* label;
  const char* numerator;
  const char* denominator;
  double scale;
  bool by_region;  // drawn region by region
};
constexpr PublishedKpi kPublished[] = {
    {"referrals", "referrals", "referrals", nullptr, 1, false},
    {"referrals_per_10k", "referrals per 10,000 children", "referrals",
     "population_0_17", 10000, true},
    {"re_referral_share", "re-referrals within 12 months", "rereferrals",
     "referrals", 1, true},
    {"cin_per_10k_at_end", "children in need per 10,000, 31 March",
     "cin_at_31mar", "population_0_17", 10000, true},
    {"cp_per_10k_at_end", "on a CP plan per 10,000, 31 March", "cpp_at_31mar",
     "population_0_17", 10000, true},
    {"cla_per_10k_at_end", "looked after per 10,000, 31 March", "cla_at_31mar",
     "population_0_17", 10000, false},
};

// Each authority's code, once, by region.
std::map<std::string, std::vector<std::string>> CodesByRegion(
    const study::NationalResult& result) {
  std::map<std::string, std::vector<std::string>> codes;
  for (size_t i = 0; i < result.runs.size();
       i += static_cast<size_t>(result.replications)) {
    codes[result.runs[i].region()].push_back(result.runs[i].code());
  }
  return codes;
}

const v1::ReplicatedKpi* Find(const v1::ReplicationReport& report,
                              const std::string& kpi) {
  for (const v1::ReplicatedKpi& k : report.kpis()) {
    if (k.name() == kpi) return &k;
  }
  return nullptr;
}

// A region's (or an authority's) published figure: the sums of the two
// columns over its authorities in the run's year; NaN when any is missing.
// A published figure summed over those of `codes` that published both its
// columns, and which they were.
struct PublishedSum {
  double value = NAN;
  std::vector<std::string> codes;
};

PublishedSum PublishedOf(const study::LaTable& table, const std::string& year,
                         const std::vector<std::string>& codes,
                         const PublishedKpi& kpi) {
  PublishedSum sum;
  double num = 0, den = 0;
  for (const std::string& code : codes) {
    const study::LaYear* row = table.Find(code, year);
    if (row == nullptr) continue;
    const std::optional<double> n = row->Get(kpi.numerator);
    const std::optional<double> d =
        kpi.denominator == nullptr ? 1.0 : row->Get(kpi.denominator);
    if (!n.has_value() || !d.has_value()) continue;
    num += *n;
    den += *d;
    sum.codes.push_back(code);
  }
  if (sum.codes.empty()) return sum;
  if (kpi.denominator == nullptr) {
    sum.value = kpi.scale * num;
  } else if (den > 0) {
    sum.value = kpi.scale * num / den;
  }
  return sum;
}

// The model's `kpi` over `codes` alone, with its interval over the
// replications: what a published figure over those authorities compares
// with.
v1::ReplicatedKpi ModelOver(const study::NationalResult& result,
                            const std::vector<std::string>& codes,
                            const std::string& kpi) {
  std::vector<v1::RunKpis> reps;
  for (int r = 1; r <= result.replications; ++r) {
    std::vector<const v1::NationalRun*> runs;
    for (const v1::NationalRun& run : result.runs) {
      if (run.replication() == r &&
          std::find(codes.begin(), codes.end(), run.code()) != codes.end()) {
        runs.push_back(&run);
      }
    }
    *reps.emplace_back().mutable_overall() = study::AddUp(runs);
  }
  const v1::ReplicationReport report = Replicate(reps);
  const v1::ReplicatedKpi* k = Find(report, kpi);
  return k == nullptr ? v1::ReplicatedKpi() : *k;
}

// The model's England figure of `kpi` (the mean over replications).
double FindModel(const study::NationalResult& result, const std::string& kpi) {
  const v1::ReplicatedKpi* k = Find(result.england_report, kpi);
  return k == nullptr ? NAN : k->mean();
}

std::string EnglandTable(const study::NationalResult& result,
                         const std::vector<PublishedFigure>& england) {
  std::string html =
      "<table><caption>The model beside the published figures of its "
      "authorities</caption><tr><th scope=\"col\">KPI</th><th "
      "scope=\"col\">model [95% CI of the mean]</th><th "
      "scope=\"col\">published</th><th scope=\"col\">difference</th><th "
      "scope=\"col\">authorities that published it</th><th "
      "scope=\"col\">England's own figure</th></tr>";
  for (const PublishedFigure& p : england) {
    const bool share = IsShareKpi(p.kpi);
    absl::StrAppend(
        &html, "<tr><th scope=\"row\">", Escape(p.label), "</th><td>",
        FormatValue(p.model.mean(), share), " [",
        FormatValue(p.model.ci_low(), share), ", ",
        FormatValue(p.model.ci_high(), share), "]</td><td>",
        FormatValue(p.value, share), "</td><td>",
        absl::StrFormat("%+.1f%%", 100 * (p.model.mean() / p.value - 1)),
        "</td><td>", p.authorities, " of ", p.of, "</td><td>",
        std::isnan(p.england)
            ? "-"
            : absl::StrCat(
                  FormatValue(p.england, share), " (",
                  absl::StrFormat(
                      "%+.1f%%",
                      100 * (FindModel(result, p.kpi) / p.england - 1)),
                  ")"),
        "</td></tr>");
  }
  if (england.empty()) {
    absl::StrAppend(&html, "<tr><td colspan=\"6\">", Escape(result.year),
                    " is not published in data/la_inputs.csv</td></tr>");
  }
  return html + "</table>";
}

std::string Funnel(const study::NationalResult& result) {
  static constexpr const char* kSteps[] = {
      "contacts", "referrals", "assessments", "s47", "icpcs", "cp_plan_starts"};
  std::vector<std::string> steps;
  Series model{"model", {}, {}, {}};
  for (const char* step : kSteps) {
    const v1::ReplicatedKpi* k = Find(result.england_report, step);
    steps.push_back(step);
    model.values.push_back(k == nullptr ? NAN : k->mean());
  }
  ChartFrame frame{"funnel", "England's funnel, contact to plan",
                   absl::StrCat("England's contacts, referrals, assessments, "
                                "section 47 enquiries, initial conferences "
                                "and plans started in ",
                                result.year, " (the mean over replications).")};
  return absl::StrCat("<figure><figcaption>", Escape(frame.description),
                      "</figcaption>", BarChartSvg(frame, steps, {model}),
                      "</figure>");
}

std::string Regions(const study::NationalResult& result,
                    const study::LaTable& table) {
  std::map<std::string, std::vector<std::string>> codes = CodesByRegion(result);
  std::vector<std::string> regions;
  for (const auto& [region, report] : result.regions) regions.push_back(region);
  std::string html;
  int index = 0;
  for (const PublishedKpi& kpi : kPublished) {
    if (!kpi.by_region) continue;
    Series model{"model", {}, {}, {}}, published{"published", {}, {}, {}};
    for (const std::string& region : regions) {
      const PublishedSum sum =
          PublishedOf(table, result.year, codes[region], kpi);
      // The model over the same authorities as the published figure.
      const v1::ReplicatedKpi k = ModelOver(
          result, sum.codes.empty() ? codes[region] : sum.codes, kpi.kpi);
      model.values.push_back(k.mean());
      model.low.push_back(k.ci_low());
      model.high.push_back(k.ci_high());
      published.values.push_back(sum.value);
    }
    ChartFrame frame{
        absl::StrCat("region-", index++), absl::StrCat(kpi.label, " by region"),
        absl::StrCat("Each region's ", kpi.label, " in ", result.year,
                     ": the model (with the 95% interval of its "
                     "mean) beside the published figure, summed "
                     "over the region's authorities in the run."),
        IsShareKpi(kpi.kpi)};
    // Both series on one scale, so the bars compare at a glance.
    frame.value_max = NiceTop(MaxOf({model, published}));
    absl::StrAppend(&html, "<figure><figcaption>", Escape(frame.description),
                    "</figcaption>",
                    BarChartSvg(frame, regions, {model, published}),
                    "</figure>");
  }
  return html;
}

// The authorities whose referrals per 10,000 are furthest, in proportion,
// from their own published figure.
std::string Furthest(const study::NationalResult& result,
                     const study::LaTable& table) {
  struct Gap {
    std::string name;
    double model, published;
  };
  std::vector<Gap> gaps;
  for (size_t i = 0; i < result.runs.size();
       i += static_cast<size_t>(result.replications)) {
    double sum = 0;
    for (int r = 0; r < result.replications; ++r) {
      sum += result.runs[i + r].kpis().referrals_per_10k();
    }
    const double published =
        PublishedOf(table, result.year, {result.runs[i].code()}, kPublished[1])
            .value;
    if (std::isnan(published) || published <= 0) continue;
    gaps.push_back(
        {result.runs[i].name(), sum / result.replications, published});
  }
  if (gaps.empty()) return "";
  std::stable_sort(gaps.begin(), gaps.end(), [](const Gap& a, const Gap& b) {
    return std::abs(a.model / a.published - 1) >
           std::abs(b.model / b.published - 1);
  });
  std::string html =
      "<table><caption>The authorities furthest from their published "
      "referrals per 10,000</caption><tr><th scope=\"col\">authority</th>"
      "<th scope=\"col\">model</th><th scope=\"col\">published</th><th "
      "scope=\"col\">difference</th></tr>";
  for (size_t i = 0; i < gaps.size() && i < 10; ++i) {
    absl::StrAppend(
        &html, "<tr><th scope=\"row\">", Escape(gaps[i].name), "</th><td>",
        FormatValue(gaps[i].model, false), "</td><td>",
        FormatValue(gaps[i].published, false), "</td><td>",
        absl::StrFormat("%+.1f%%",
                        100 * (gaps[i].model / gaps[i].published - 1)),
        "</td></tr>");
  }
  return html + "</table>";
}

}  // namespace

std::vector<PublishedFigure> PublishedFigures(
    const study::NationalResult& result, const study::LaTable& table) {
  std::vector<std::string> codes;
  for (const auto& [region, members] : CodesByRegion(result)) {
    codes.insert(codes.end(), members.begin(), members.end());
  }
  std::vector<PublishedFigure> figures;
  for (const PublishedKpi& kpi : kPublished) {
    const PublishedSum sum = PublishedOf(table, result.year, codes, kpi);
    if (std::isnan(sum.value)) continue;
    figures.push_back(
        {kpi.kpi, kpi.label, sum.value, ModelOver(result, sum.codes, kpi.kpi),
         static_cast<int>(sum.codes.size()), static_cast<int>(codes.size()),
         result.every_authority
             ? PublishedOf(table, result.year,
                           {std::string(study::kEnglandCode)}, kpi)
                   .value
             : NAN});
  }
  return figures;
}

std::string NationalPage(const study::NationalResult& result,
                         const study::LaTable& table) {
  const std::vector<PublishedFigure> england = PublishedFigures(result, table);
  const std::string title = absl::StrCat("England, ", result.year);
  const std::string meta = absl::StrFormat(
      "%zu authorities, each its own run built from its %s figures; %d "
      "replications each; %d shards merged; England and its regions add "
      "counts up and weight rates by what they are rates of",
      result.runs.size() / static_cast<size_t>(result.replications),
      "previous year's", result.replications, result.shards);
  return absl::StrCat(PageStart(title), "<header><h1>", Escape(title),
                      "</h1><p class=\"meta\">", Escape(meta),
                      "</p></header><main><h2>England</h2><section>",
                      EnglandTable(result, england), Funnel(result),
                      "</section><h2>The regions side by side</h2><section>",
                      Regions(result, table),
                      "</section><h2>Authorities</h2><section>",
                      Furthest(result, table), "</section></main>", PageEnd());
}

}  // namespace frontdoor::report
