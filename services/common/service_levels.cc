// Level-of-service names.
#include "services/common/service_levels.h"

namespace frontdoor {

absl::string_view LevelLabel(v1::ServiceLevel level) {
  switch (level) {
    case v1::SERVICE_LEVEL_EARLY_HELP:
      return "early help";
    case v1::SERVICE_LEVEL_CHILD_IN_NEED:
      return "child in need";
    case v1::SERVICE_LEVEL_CHILD_PROTECTION:
      return "child protection";
    default:
      return "none";
  }
}

}  // namespace frontdoor
