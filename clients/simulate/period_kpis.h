// One period's KPIs (the run, a month or a week) from a run's records,
// looked up through an index built once for all the run's periods.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_PERIOD_KPIS_H_
#define FRONTDOOR_CLIENTS_SIMULATE_PERIOD_KPIS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "clients/simulate/kpis.h"
#include "frontdoor/v1/intake.pb.h"
#include "frontdoor/v1/reports.pb.h"
#include "frontdoor/v1/scenario.pb.h"
#include "frontdoor/v1/stepping.pb.h"

namespace frontdoor {

// A span of a run whose KPIs are reported: from `from`, up to `to`.
struct KpiPeriod {
  std::string name;
  absl::Time from, to;
};

// A run's records by what the KPIs of every period ask of them.
struct KpiIndex {
  absl::flat_hash_map<std::string, const v1::Episode*> episodes;
  // Episodes by the contact that opened them: a decision may take effect
  // after its record was stored, so the episode, not the record, says.
  absl::flat_hash_map<std::string, const v1::Episode*> opened_by;
  absl::flat_hash_map<std::string, std::vector<absl::Time>> referral_times;
  absl::flat_hash_map<std::string, const v1::ContactRecord*> contacts;
  const std::vector<v1::RecordAssessmentRequest>* findings = nullptr;
  const std::vector<WorkforceDay>* workforce = nullptr;
  absl::Time run_end;
};

// The KPIs of `period`, in DfE's definitions where DfE has one.
v1::KpiSet PeriodKpis(const KpiPeriod& period, const v1::Scenario& scenario,
                      const std::vector<v1::ContactRecord>& contacts,
                      const std::vector<v1::ChildRecord>& children,
                      const KpiIndex& index);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_PERIOD_KPIS_H_
