// Randomness that depends only on the run's seed and an entity's identity,
// never on arrival order or on the process: a stable hash of the pieces
// seeds a generator for that one draw.
#ifndef FRONTDOOR_LIB_DOMAIN_STABLE_RANDOM_H_
#define FRONTDOOR_LIB_DOMAIN_STABLE_RANDOM_H_

#include <cstdint>
#include <initializer_list>
#include <random>

#include "absl/strings/string_view.h"

namespace frontdoor {

// FNV-1a over the pieces (with separators), finished by SplitMix64. Stable
// across processes and builds, unlike absl::Hash.
uint64_t StableHash(uint64_t seed,
                    std::initializer_list<absl::string_view> parts);

// A generator for the draws of one entity and purpose.
class StableRandom {
 public:
  StableRandom(uint64_t seed, std::initializer_list<absl::string_view> parts)
      : engine_(StableHash(seed, parts)) {}

  // Uniform in [0, 1).
  double Uniform();
  // Exponential with the given mean (0 when mean <= 0).
  double Exponential(double mean);
  // Gamma with shape 2 and the given mean: fewer very short spells than an
  // exponential, as for episode lengths.
  double Gamma2(double mean);
  // Poisson with the given mean.
  int64_t Poisson(double mean);
  // An index drawn with the given weights (all zero: 0).
  int Pick(const double* weights, int n);

  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_STABLE_RANDOM_H_
