// One input at a time, and its tornado.
#include "clients/study/sensitivity.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/study/scenario_source.h"
#include "clients/study/study_runs.h"
#include "clients/study/sweep.h"
#include "lib/domain/scenario_set.h"

namespace frontdoor::study {
namespace {

// The inputs a service manager can change or must live with, with whether
// each is a share (kept within 0 and 1).
struct DefaultInput {
  const char* field;
  bool share;
};
constexpr DefaultInput kDefaultInputs[] = {
    {"demand.volume_multiplier", false},
    {"mash.screeners", false},
    {"mash.partner_check_share", true},
    {"social_work.posts_per_10k", false},
    {"social_work.vacancy_rate", true},
    {"social_work.turnover", true},
    {"services.child_in_need_days", false},
    {"early_help.workers_per_10k", false},
};

double MeanOf(const v1::ReplicationReport& report, const std::string& kpi) {
  for (const v1::ReplicatedKpi& k : report.kpis()) {
    if (k.name() == kpi) return k.mean();
  }
  return std::nan("");
}

}  // namespace

absl::StatusOr<SensitivityInput> ParseSensitivityInput(absl::string_view vary) {
  absl::StatusOr<SweepAxis> axis = ParseVary(vary);
  if (!axis.ok()) return axis.status();
  if (axis->values.size() < 2 || axis->values.front() == axis->values.back()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--vary ", vary, ": want a low and a high value, such as ",
                     axis->field, "=LOW,HIGH"));
  }
  return SensitivityInput{axis->field, axis->values.front(),
                          axis->values.back()};
}

std::vector<SensitivityInput> DefaultSensitivityInputs(const v1::Scenario& base,
                                                       double share) {
  std::vector<SensitivityInput> inputs;
  for (const DefaultInput& d : kDefaultInputs) {
    absl::StatusOr<double> value = ScenarioNumber(base, d.field);
    if (!value.ok() || *value == 0) continue;
    double low = *value * (1 - share), high = *value * (1 + share);
    if (d.share) high = std::min(high, 1.0);
    inputs.push_back(
        {d.field, absl::StrFormat("%.3g", low), absl::StrFormat("%.3g", high)});
  }
  return inputs;
}

std::vector<std::vector<std::string>> SensitivitySettings(
    const std::vector<SensitivityInput>& inputs) {
  std::vector<std::vector<std::string>> settings = {{}};
  for (const SensitivityInput& input : inputs) {
    settings.push_back({absl::StrCat(input.field, "=", input.low)});
    settings.push_back({absl::StrCat(input.field, "=", input.high)});
  }
  return settings;
}

absl::StatusOr<std::vector<v1::Scenario>> SensitivityScenarios(
    const v1::Scenario& base, const std::vector<SensitivityInput>& inputs) {
  std::vector<v1::Scenario> scenarios;
  for (const std::vector<std::string>& settings : SensitivitySettings(inputs)) {
    v1::Scenario scenario = base;
    if (absl::Status s = ApplySets(settings, scenario); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(absl::StrJoin(settings, " "), ": ", s.message()));
    }
    scenarios.push_back(std::move(scenario));
  }
  return scenarios;
}

Tornado MakeTornado(const std::vector<SensitivityInput>& inputs,
                    const std::vector<v1::ReplicationReport>& reports,
                    const std::string& kpi) {
  Tornado tornado{kpi, reports.empty() ? 0 : MeanOf(reports[0], kpi), {}};
  for (size_t i = 0; i < inputs.size() && 2 * i + 2 < reports.size(); ++i) {
    tornado.bars.push_back({inputs[i], MeanOf(reports[2 * i + 1], kpi),
                            MeanOf(reports[2 * i + 2], kpi)});
  }
  std::stable_sort(tornado.bars.begin(), tornado.bars.end(),
                   [](const TornadoBar& a, const TornadoBar& b) {
                     return std::abs(a.at_high - a.at_low) >
                            std::abs(b.at_high - b.at_low);
                   });
  return tornado;
}

absl::StatusOr<std::vector<Tornado>> RunSensitivity(
    cli::ServiceClient& client, const std::vector<v1::Scenario>& scenarios,
    const std::vector<SensitivityInput>& inputs,
    const std::vector<std::string>& kpis, int replications,
    const std::string& name, const std::string& journal_dir) {
  std::vector<std::string> names;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    names.push_back(absl::StrCat(name, "-i", i));
  }
  absl::StatusOr<std::vector<std::vector<v1::KpiSet>>> measured =
      RunReplicated(client, scenarios, names, replications,
                    absl::StrCat(name, ", one input at a time"), journal_dir);
  if (!measured.ok()) return measured.status();
  const std::vector<v1::ReplicationReport> reports =
      ReplicatedReports(*measured);
  std::vector<Tornado> tornadoes;
  for (const std::string& kpi : kpis) {
    tornadoes.push_back(MakeTornado(inputs, reports, kpi));
  }
  return tornadoes;
}

std::string SensitivityCsv(const std::vector<Tornado>& tornadoes) {
  std::string csv = "kpi,field,low,high,base,at_low,at_high,swing\n";
  for (const Tornado& t : tornadoes) {
    for (const TornadoBar& bar : t.bars) {
      absl::StrAppend(&csv, t.kpi, ",", bar.input.field, ",", bar.input.low,
                      ",", bar.input.high, ",", t.base, ",", bar.at_low, ",",
                      bar.at_high, ",", bar.at_high - bar.at_low, "\n");
    }
  }
  return csv;
}

}  // namespace frontdoor::study
