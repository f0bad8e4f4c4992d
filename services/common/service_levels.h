// Names of the levels of service, shared by the policy engine's
// explanations and the stepping service's messages.
#ifndef FRONTDOOR_SERVICES_COMMON_SERVICE_LEVELS_H_
#define FRONTDOOR_SERVICES_COMMON_SERVICE_LEVELS_H_

#include "absl/strings/string_view.h"
#include "frontdoor/v1/types.pb.h"

namespace frontdoor {

// A short human name of a level ("early help"; "none" when unspecified).
absl::string_view LevelLabel(v1::ServiceLevel level);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_SERVICE_LEVELS_H_
