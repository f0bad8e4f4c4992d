// Level-of-service rules.
#include "lib/domain/level_of_service.h"

namespace frontdoor {

absl::string_view LevelLabel(v1::ServiceLevel level) {
  switch (level) {
    case v1::SERVICE_LEVEL_EARLY_HELP:
      return "early help";
    case v1::SERVICE_LEVEL_CHILD_IN_NEED:
      return "child in need";
    case v1::SERVICE_LEVEL_CHILD_PROTECTION:
      return "child protection";
    case v1::SERVICE_LEVEL_LOOKED_AFTER:
      return "looked after";
    default:
      return "none";
  }
}

v1::ServiceLevel LevelFor(v1::Outcome outcome) {
  switch (outcome) {
    case v1::OUTCOME_EARLY_HELP:
      return v1::SERVICE_LEVEL_EARLY_HELP;
    case v1::OUTCOME_SOCIAL_CARE_ASSESSMENT:
    // A section 47 enquiry runs while the child is open as a child in need;
    // a protection plan starts only if a conference decides one.
    case v1::OUTCOME_STRATEGY_DISCUSSION:
      return v1::SERVICE_LEVEL_CHILD_IN_NEED;
    case v1::OUTCOME_IMMEDIATE_PROTECTION:
      return v1::SERVICE_LEVEL_CHILD_PROTECTION;
    default:
      return v1::SERVICE_LEVEL_NONE;
  }
}

int Rank(v1::ServiceLevel level) {
  switch (level) {
    case v1::SERVICE_LEVEL_EARLY_HELP:
      return 1;
    case v1::SERVICE_LEVEL_CHILD_IN_NEED:
      return 2;
    case v1::SERVICE_LEVEL_CHILD_PROTECTION:
      return 3;
    case v1::SERVICE_LEVEL_LOOKED_AFTER:
      return 4;
    default:
      return 0;
  }
}

v1::Transition TransitionFor(v1::ServiceLevel current,
                             v1::ServiceLevel wanted) {
  if (Rank(wanted) <= Rank(current)) return v1::TRANSITION_NO_CHANGE;
  if (Rank(current) == 0) return v1::TRANSITION_OPENED;
  return v1::TRANSITION_STEPPED_UP;
}

}  // namespace frontdoor
