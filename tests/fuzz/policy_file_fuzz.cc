// Fuzzes the policy loader: any text must parse, compile and run its own
// cases, or be refused with an error; never crash, hang or read out of
// bounds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "lib/policy/policy_cases.h"
#include "lib/policy/policy_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<frontdoor::Policy> policy =
      frontdoor::ParsePolicy(text, "fuzz.textproto");
  if (policy.ok()) {
    const std::vector<frontdoor::PolicyTestResult> results =
        frontdoor::RunPolicyTests(*policy);
    frontdoor::UncoveredRules(*policy, results);
  }
  return 0;
}
