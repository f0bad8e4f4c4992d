// Shards of a national run, and England's KPIs from its authorities'.
#include "clients/study/national.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/simulate/kpis.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/message_differencer.h"
#include "lib/domain/escape.h"

namespace frontdoor::study {
namespace {

using google::protobuf::FieldDescriptor;

// What a rate or share is of: its weight in a run.
using Weight = std::function<double(const v1::NationalRun&)>;

Weight Count(const char* kpi) {
  const FieldDescriptor* f = v1::KpiSet::descriptor()->FindFieldByName(kpi);
  return [f](const v1::NationalRun& run) {
    return static_cast<double>(
        run.kpis().GetReflection()->GetInt64(run.kpis(), f));
  };
}

double Children(const v1::NationalRun& run) {
  return static_cast<double>(run.child_population());
}

// Children on a plan at the end: what the plans' length bands are shares
// of.
double OnPlan(const v1::NationalRun& run) {
  return run.kpis().cp_per_10k_at_end() * Children(run) / 10000;
}

// The weight of a rate or share KPI; contacts for any not named.
Weight WeightOf(const std::string& kpi) {
  if (absl::StrContains(kpi, "per_10k")) return Children;
  if (absl::StartsWith(kpi, "cp_plans_") && absl::EndsWith(kpi, "_share")) {
    return OnPlan;
  }
  static const auto* const kOf = new std::map<std::string, std::string>{
      {"re_referral_share", "referrals"},
      {"referral_nfa_share", "referrals"},
      {"s47_per_referral", "referrals"},
      {"cp_plan_starts_per_referral", "referrals"},
      {"assessed_not_in_need_share", "assessments"},
      {"assessments_within_45wd_share", "assessments"},
      {"assessment_working_days_p50", "assessments"},
      {"icpc_per_s47", "s47"},
      {"icpc_within_15wd_share", "icpcs"},
      {"step_up_delay_days", "step_ups_accepted"},
      {"caseload_per_worker", "social_care_open"},
      {"workers_over_20_share", "social_care_open"},
      {"workers_over_30_share", "social_care_open"},
      {"agency_share", "social_care_open"},
      {"vacancy_rate", "social_care_open"},
      {"worker_changes_per_case_year", "social_care_open"},
      {"early_help_wait_days", "early_help_open"},
      {"early_help_caseload_per_worker", "early_help_open"},
  };
  auto it = kOf->find(kpi);
  return Count(it == kOf->end() ? "contacts" : it->second.c_str());
}

// An authority's replication, once in a merge.
std::string Key(const v1::NationalRun& run) {
  return absl::StrCat(run.code(), "#", run.replication());
}

absl::Status Mismatch(const v1::NationalShard& a, const v1::NationalShard& b,
                      absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(
      "shards ", a.shard(), "/", a.shards(), " and ", b.shard(), "/",
      b.shards(), " are of different national runs: ", what, " differ"));
}

}  // namespace

double ExpectedContacts(const v1::Scenario& s) {
  return static_cast<double>(s.child_population()) / 10000 *
         s.demand().contacts_per_10k() * s.demand().volume_multiplier() *
         (s.days() + s.warmup_days()) / 365.0;
}

absl::StatusOr<std::pair<int, int>> ParseShard(absl::string_view text) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '/');
  int shard = 0, shards = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &shard) ||
      !absl::SimpleAtoi(parts[1], &shards) || shards < 1 || shards > 1000 ||
      shard < 1 || shard > shards) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--shard ", text, ": want I/N, shard I of N, such as 2/16"));
  }
  return std::make_pair(shard, shards);
}

std::vector<int> AssignShards(const std::vector<Authority>& authorities,
                              int shards) {
  std::vector<size_t> order(authorities.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const double ea = ExpectedContacts(authorities[a].scenario);
    const double eb = ExpectedContacts(authorities[b].scenario);
    return ea != eb ? ea > eb : authorities[a].code < authorities[b].code;
  });
  std::vector<double> load(shards, 0);
  std::vector<int> assigned(authorities.size(), 1);
  for (size_t i : order) {
    const int least = static_cast<int>(
        std::min_element(load.begin(), load.end()) - load.begin());
    assigned[i] = least + 1;
    load[least] += ExpectedContacts(authorities[i].scenario);
  }
  return assigned;
}

v1::KpiSet AddUp(const std::vector<const v1::NationalRun*>& runs) {
  v1::KpiSet total;
  const google::protobuf::Descriptor* d = v1::KpiSet::descriptor();
  const google::protobuf::Reflection* r = total.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_repeated()) continue;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
      int64_t sum = 0;
      for (const v1::NationalRun* run : runs) {
        sum += run->kpis().GetReflection()->GetInt64(run->kpis(), f);
      }
      r->SetInt64(&total, f, sum);
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
      double value = 0;
      if (f->name() == "oldest_waiting_hours_at_end") {
        for (const v1::NationalRun* run : runs) {
          value = std::max(value, run->kpis().oldest_waiting_hours_at_end());
        }
      } else {
        const Weight weight = WeightOf(f->name());
        double sum = 0, weights = 0;
        for (const v1::NationalRun* run : runs) {
          const double w = weight(*run);
          sum += w * run->kpis().GetReflection()->GetDouble(run->kpis(), f);
          weights += w;
        }
        value = weights > 0 ? sum / weights : 0;
      }
      r->SetDouble(&total, f, value);
    }
  }
  return total;
}

absl::StatusOr<NationalResult> MergeShards(
    const std::vector<v1::NationalShard>& shards) {
  if (shards.empty()) {
    return absl::InvalidArgumentError("no shards to merge");
  }
  const v1::NationalShard& first = shards[0];
  std::map<int, const v1::NationalShard*> by_index;
  for (const v1::NationalShard& s : shards) {
    if (s.year() != first.year()) return Mismatch(first, s, "years");
    if (s.replications() != first.replications()) {
      return Mismatch(first, s, "replications");
    }
    if (s.shards() != first.shards()) return Mismatch(first, s, "shard counts");
    if (s.every_authority() != first.every_authority()) {
      return Mismatch(first, s, "--la lists");
    }
    if (!std::equal(s.authorities().begin(), s.authorities().end(),
                    first.authorities().begin(), first.authorities().end())) {
      return Mismatch(first, s, "authorities");
    }
    if (!std::equal(s.settings().begin(), s.settings().end(),
                    first.settings().begin(), first.settings().end())) {
      return Mismatch(first, s, "--set settings");
    }
    auto [it, added] = by_index.emplace(s.shard(), &s);
    if (!added &&
        !google::protobuf::util::MessageDifferencer::Equals(*it->second, s)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "shard ", s.shard(), "/", s.shards(),
          " is given twice with different results; keep the one to use"));
    }
  }
  std::vector<int> missing;
  for (int i = 1; i <= first.shards(); ++i) {
    if (!by_index.contains(i)) missing.push_back(i);
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("shards ", absl::StrJoin(missing, ", "), " of ",
                     first.shards(), " are missing"));
  }
  std::map<std::string, const v1::NationalRun*> runs;
  for (const auto& [index, shard] : by_index) {
    for (const v1::NationalRun& run : shard->runs()) {
      if (!runs.emplace(Key(run), &run).second) {
        return absl::InvalidArgumentError(
            absl::StrCat(run.code(), " replication ", run.replication(),
                         " is in two shards"));
      }
    }
  }
  NationalResult result;
  result.year = first.year();
  result.replications = first.replications();
  result.shards = first.shards();
  result.settings = {first.settings().begin(), first.settings().end()};
  result.every_authority = first.every_authority();
  for (const std::string& code : first.authorities()) {
    for (int r = 1; r <= first.replications(); ++r) {
      auto it = runs.find(absl::StrCat(code, "#", r));
      if (it == runs.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            code, " replication ", r, " is in no shard: run its shard again"));
      }
      result.runs.push_back(*it->second);
    }
  }
  std::map<std::string, std::vector<v1::RunKpis>> by_region;
  std::vector<v1::RunKpis> england;
  for (int r = 1; r <= result.replications; ++r) {
    std::vector<const v1::NationalRun*> all;
    std::map<std::string, std::vector<const v1::NationalRun*>> regions;
    for (const v1::NationalRun& run : result.runs) {
      if (run.replication() != r) continue;
      all.push_back(&run);
      regions[run.region()].push_back(&run);
    }
    result.england.push_back(AddUp(all));
    *england.emplace_back().mutable_overall() = result.england.back();
    for (const auto& [region, members] : regions) {
      *by_region[region].emplace_back().mutable_overall() = AddUp(members);
    }
  }
  result.england_report = Replicate(england);
  for (const auto& [region, reps] : by_region) {
    result.regions[region] = Replicate(reps);
  }
  return result;
}

v1::RunKpis EnglandKpis(const NationalResult& result) {
  v1::RunKpis kpis;
  kpis.set_run_id(absl::StrCat("england-", result.year));
  kpis.set_scenario(absl::StrCat(
      "England ", result.year, ", ",
      result.runs.size() / std::max(1, result.replications), " authorities"));
  v1::KpiSet* mean = kpis.mutable_overall();
  const google::protobuf::Reflection* r = mean->GetReflection();
  const double n = static_cast<double>(result.england.size());
  for (const v1::ReplicatedKpi& k : result.england_report.kpis()) {
    const FieldDescriptor* f =
        v1::KpiSet::descriptor()->FindFieldByName(k.name());
    if (f == nullptr || n == 0) continue;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
      r->SetInt64(mean, f, static_cast<int64_t>(std::llround(k.mean())));
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
      r->SetDouble(mean, f, k.mean());
    }
  }
  return kpis;
}

std::string AuthoritiesCsv(const NationalResult& result) {
  std::string csv = "code,name,region,kpi,mean,lo95,hi95\n";
  for (size_t i = 0; i < result.runs.size();
       i += static_cast<size_t>(result.replications)) {
    std::vector<v1::RunKpis> reps;
    for (int r = 0; r < result.replications; ++r) {
      *reps.emplace_back().mutable_overall() = result.runs[i + r].kpis();
    }
    const v1::NationalRun& la = result.runs[i];
    const v1::ReplicationReport report = Replicate(reps);
    for (const v1::ReplicatedKpi& k : report.kpis()) {
      absl::StrAppend(&csv, la.code(), ",", CsvField(la.name()), ",",
                      CsvField(la.region()), ",", k.name(), ",", k.mean(), ",",
                      k.ci_low(), ",", k.ci_high(), "\n");
    }
  }
  return csv;
}

std::string RegionsCsv(const NationalResult& result) {
  std::string csv = "region,kpi,mean,lo95,hi95\n";
  for (const auto& [region, report] : result.regions) {
    for (const v1::ReplicatedKpi& k : report.kpis()) {
      absl::StrAppend(&csv, CsvField(region), ",", k.name(), ",", k.mean(), ",",
                      k.ci_low(), ",", k.ci_high(), "\n");
    }
  }
  return csv;
}

}  // namespace frontdoor::study
