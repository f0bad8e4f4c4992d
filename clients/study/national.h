// A national run: every authority as its own run, split into shards that
// are balanced by expected contacts, and added up into England's and each
// region's KPIs: counts summed, rates weighted by what they are rates of.
#ifndef FRONTDOOR_CLIENTS_STUDY_NATIONAL_H_
#define FRONTDOOR_CLIENTS_STUDY_NATIONAL_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/study/authorities.h"
#include "frontdoor/v1/national.pb.h"
#include "frontdoor/v1/reports.pb.h"

namespace frontdoor::study {

// Contacts a scenario is expected to bring over its days (warm-up
// included): what a shard's work is balanced by.
double ExpectedContacts(const v1::Scenario& scenario);

// "I/N": shard I (1 to N) of N; INVALID_ARGUMENT otherwise.
absl::StatusOr<std::pair<int, int>> ParseShard(absl::string_view text);

// Each authority's shard (1 to `shards`): the largest expected first, each
// to the shard with the least so far (the lower on a tie), so that the
// split depends on the authorities alone and the shards finish together.
std::vector<int> AssignShards(const std::vector<Authority>& authorities,
                              int shards);

// England's (or a region's) KPIs for one replication from its authorities'
// runs of it: counts summed, rates per 10,000 weighted by children, shares
// by what they are shares of (referrals, contacts, assessments, ...), the
// oldest wait the oldest.
v1::KpiSet AddUp(const std::vector<const v1::NationalRun*>& runs);

// A merged national run.
struct NationalResult {
  std::string year;
  int replications = 0;
  int shards = 0;
  std::vector<std::string> settings;
  bool every_authority = false;
  // Every run, by authority (code order) then replication.
  std::vector<v1::NationalRun> runs;
  // England's KPIs, one per replication, and with their intervals.
  std::vector<v1::KpiSet> england;
  v1::ReplicationReport england_report;
  // Each region's, with their intervals.
  std::map<std::string, v1::ReplicationReport> regions;
};

// Merges shards: every shard 1 to N once (a shard given twice must be the
// same), of one year, replication count, set of authorities and settings,
// and every authority's every replication present once. INVALID_ARGUMENT
// names what is missing or does not match.
absl::StatusOr<NationalResult> MergeShards(
    const std::vector<v1::NationalShard>& shards);

// England's KPIs as a run's kpis.json holds them: each KPI's mean over the
// replications (counts rounded), run id "england-YEAR".
v1::RunKpis EnglandKpis(const NationalResult& result);

// The tidy tables: per authority (code, name, region, kpi, mean, lo95,
// hi95) and per region (region, kpi, mean, lo95, hi95), every overall KPI.
std::string AuthoritiesCsv(const NationalResult& result);
std::string RegionsCsv(const NationalResult& result);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_NATIONAL_H_
