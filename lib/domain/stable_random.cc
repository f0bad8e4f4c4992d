// Stable randomness. The distributions are computed here from uniform draws
// rather than with <random>'s distributions, whose algorithms the standard
// leaves to each library.
#include "lib/domain/stable_random.h"

#include <cmath>

namespace frontdoor {
namespace {

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

uint64_t StableHash(uint64_t seed,
                    std::initializer_list<absl::string_view> parts) {
  uint64_t h = 0xCBF29CE484222325ull ^ SplitMix64(seed);
  for (absl::string_view part : parts) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 0x100000001B3ull;
    }
    h ^= 0xFF;  // separator, so ("ab","c") != ("a","bc")
    h *= 0x100000001B3ull;
  }
  return SplitMix64(h);
}

double StableRandom::Uniform() {
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double StableRandom::Exponential(double mean) {
  if (mean <= 0) return 0;
  return -mean * std::log1p(-Uniform());
}

double StableRandom::Gamma2(double mean) {
  if (mean <= 0) return 0;
  return Exponential(mean / 2) + Exponential(mean / 2);
}

int64_t StableRandom::Poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean > 50) {
    // Normal approximation, rounded; ample for daily contact volumes.
    const double u1 = 1.0 - Uniform(), u2 = Uniform();
    const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    return std::max<int64_t>(0, std::llround(mean + z * std::sqrt(mean)));
  }
  const double limit = std::exp(-mean);
  int64_t k = 0;
  double p = Uniform();
  while (p > limit) {
    ++k;
    p *= Uniform();
  }
  return k;
}

int StableRandom::Pick(const double* weights, int n) {
  double total = 0;
  for (int i = 0; i < n; ++i) total += weights[i];
  if (total <= 0) return 0;
  double u = Uniform() * total;
  for (int i = 0; i < n; ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  return n - 1;
}

}  // namespace frontdoor
