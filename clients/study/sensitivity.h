// Sensitivity, one input at a time: each input set to its low and then its
// high value with every other input at the base, replicated with the same
// seeds as the base, so that the swing in a KPI between the two ends is
// the input's and not chance's. Drawn as a tornado, widest swing on top.
#ifndef FRONTDOOR_CLIENTS_STUDY_SENSITIVITY_H_
#define FRONTDOOR_CLIENTS_STUDY_SENSITIVITY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/lib/service_client.h"
#include "frontdoor/v1/reports.pb.h"
#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor::study {

// One input and the two ends of its range, as --set takes them.
struct SensitivityInput {
  std::string field;
  std::string low;
  std::string high;
};

// Parses "FIELD=LOW,HIGH" (any --vary spec: its first and last values);
// INVALID_ARGUMENT when the ends are the same.
absl::StatusOr<SensitivityInput> ParseSensitivityInput(absl::string_view vary);

// The inputs varied when none are named: demand, the front door's staff
// and partners, the social workers' establishment, vacancies and
// turnover, the length of child-in-need work and early help, each `share`
// (0.2: 20%) either side of its value in `base` (a share kept within 0 and
// 1); inputs at zero in `base` are left out.
std::vector<SensitivityInput> DefaultSensitivityInputs(const v1::Scenario& base,
                                                       double share);

// The settings of every run, the base (none) first, then each input's low
// and high end.
std::vector<std::vector<std::string>> SensitivitySettings(
    const std::vector<SensitivityInput>& inputs);

// The base scenario and each input's low and high end over it, in
// SensitivitySettings' order; INVALID_ARGUMENT names a setting the
// scenario cannot take, before anything runs.
absl::StatusOr<std::vector<v1::Scenario>> SensitivityScenarios(
    const v1::Scenario& base, const std::vector<SensitivityInput>& inputs);

// One bar of a tornado: a KPI's mean with the input at each end.
struct TornadoBar {
  SensitivityInput input;
  double at_low = 0;
  double at_high = 0;
};

// A KPI's tornado: its mean at the base, and a bar per input, widest
// swing first.
struct Tornado {
  std::string kpi;
  double base = 0;
  std::vector<TornadoBar> bars;
};

// The tornado of `kpi` (a KpiSet name) from the runs' replicated KPIs, in
// SensitivitySettings' order.
Tornado MakeTornado(const std::vector<SensitivityInput>& inputs,
                    const std::vector<v1::ReplicationReport>& reports,
                    const std::string& kpi);

// Runs `scenarios` (SensitivityScenarios) `replications` times each with
// the same seeds, as NAME-iI-rR, four at a time, and returns the tornado
// of each of `kpis`.
absl::StatusOr<std::vector<Tornado>> RunSensitivity(
    cli::ServiceClient& client, const std::vector<v1::Scenario>& scenarios,
    const std::vector<SensitivityInput>& inputs,
    const std::vector<std::string>& kpis, int replications,
    const std::string& name, const std::string& journal_dir);

// The tidy table: kpi, field, low, high, base, at_low, at_high, swing (the
// means over the replications), one row per KPI and input.
std::string SensitivityCsv(const std::vector<Tornado>& tornadoes);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_SENSITIVITY_H_
