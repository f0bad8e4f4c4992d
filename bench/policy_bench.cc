// Policy evaluation speed on the shipped default policy with a realistic
// mix of contacts: the compiled hot path alone, with explanations, and from
// a raw contact (codes to facts) as the threshold service does it.
//   build/bin/policy_bench --benchmark_min_time=1
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "lib/domain/cin_codes.h"
#include "lib/domain/event_time.h"
#include "lib/policy/policy_decision.h"
#include "lib/policy/policy_file.h"

namespace frontdoor {
namespace {

// Factor codes weighted roughly by the 2024 national counts (domain.md
// §2.4), so that the policy's indicators and rules see a realistic mix.
const std::vector<std::pair<const char*, int>>& WeightedFactors() {
  static const auto* const kFactors =
      new std::vector<std::pair<const char*, int>>{
          {"4B", 165}, {"3B", 160}, {"17A", 98}, {"20", 94},  {"4A", 86},
          {"16A", 83}, {"1B", 72},  {"2B", 71},  {"5A", 60},  {"18C", 58},
          {"3A", 55},  {"14A", 39}, {"15A", 26}, {"6B", 26},  {"2A", 25},
          {"3C", 25},  {"6A", 23},  {"4C", 22},  {"7A", 18},  {"10A", 18},
          {"19C", 18}, {"2C", 16},  {"24A", 16}, {"18B", 15}, {"11A", 14},
          {"19B", 12}, {"13A", 10}, {"9A", 7},   {"12A", 3},  {"22A", 1}};
  return *kFactors;
}

std::vector<v1::DecideRequest> MakeRequests(int n) {
  std::mt19937 rng(42);
  const auto& factors = WeightedFactors();
  std::vector<int> weights;
  for (const auto& f : factors) weights.push_back(f.second);
  std::discrete_distribution<int> pick_factor(weights.begin(), weights.end());
  std::discrete_distribution<int> how_many({15, 45, 25, 10, 5});
  const std::vector<const char*> sources = {"6",  "2A", "3A", "3E", "5A",
                                            "1A", "8",  "9",  "5D", "7"};
  std::discrete_distribution<int> pick_source(
      {29, 18, 8, 7, 14, 8, 5, 2, 5, 4});
  std::uniform_int_distribution<int> age(0, 17), prior(0, 6), level(1, 4);
  std::vector<v1::DecideRequest> requests;
  for (int i = 0; i < n; ++i) {
    v1::DecideRequest r;
    r.set_contact_id("6:" + std::to_string(i));
    v1::Contact* c = r.mutable_contact();
    c->set_source(sources[pick_source(rng)]);
    c->set_age_years(age(rng));
    const int k = how_many(rng);
    for (int j = 0; j < k; ++j) {
      const char* code = factors[pick_factor(rng)].first;
      if (std::find(c->factors().begin(), c->factors().end(), code) ==
          c->factors().end()) {
        c->add_factors(code);
      }
    }
    *c->mutable_event_time() = ToProto(absl::FromUnixSeconds(1700000000 + i));
    r.set_prior_contacts_12m(prior(rng));
    r.set_current_level(static_cast<v1::ServiceLevel>(level(rng)));
    requests.push_back(std::move(r));
  }
  return requests;
}

const Policy& DefaultPolicy() {
  static const Policy* const kPolicy = new Policy(*LoadPolicyFile(
      std::string(FRONTDOOR_SOURCE_DIR) + "/policies/default.textproto"));
  return *kPolicy;
}

std::vector<ContactFacts> MakeFacts(const std::vector<v1::DecideRequest>& in) {
  std::vector<ContactFacts> facts;
  for (const v1::DecideRequest& r : in) facts.push_back(*FactsOf(r));
  return facts;
}

void BM_Evaluate(benchmark::State& state) {
  const Policy& policy = DefaultPolicy();
  const std::vector<ContactFacts> facts = MakeFacts(MakeRequests(4096));
  size_t i = 0;
  for (auto _ : state) {
    Evaluation e = policy.Evaluate(facts[i++ & 4095]);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Evaluate);

void BM_EvaluateAndExplain(benchmark::State& state) {
  const Policy& policy = DefaultPolicy();
  const std::vector<ContactFacts> facts = MakeFacts(MakeRequests(4096));
  size_t i = 0;
  for (auto _ : state) {
    const ContactFacts& f = facts[i++ & 4095];
    std::vector<v1::FiredRule> fired = policy.Explain(policy.Evaluate(f), f);
    benchmark::DoNotOptimize(fired);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateAndExplain);

void BM_DecisionFromContact(benchmark::State& state) {
  const Policy& policy = DefaultPolicy();
  const std::vector<v1::DecideRequest> requests = MakeRequests(4096);
  size_t i = 0;
  for (auto _ : state) {
    const v1::DecideRequest& r = requests[i++ & 4095];
    v1::Decision d = MakeDecision(policy, *FactsOf(r), r.contact_id(),
                                  r.contact().event_time());
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecisionFromContact);

}  // namespace
}  // namespace frontdoor

BENCHMARK_MAIN();
