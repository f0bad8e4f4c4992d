// Levels of service: their names, which level an outcome calls for, and
// whether reaching it is an opening, a step up or nothing. Shared by the
// policy engine, stepping and the clients.
#ifndef FRONTDOOR_LIB_DOMAIN_LEVEL_OF_SERVICE_H_
#define FRONTDOOR_LIB_DOMAIN_LEVEL_OF_SERVICE_H_

#include "absl/strings/string_view.h"
#include "frontdoor/v1/types.pb.h"

namespace frontdoor {

// A short human name of a level ("early help"; "none" when unspecified).
absl::string_view LevelLabel(v1::ServiceLevel level);

// The level of service an outcome calls for: none for no further action and
// advice, early help, child in need for an s17 assessment or a strategy
// discussion (the s47 enquiry; a plan starts at a conference), child
// protection for immediate protection.
v1::ServiceLevel LevelFor(v1::Outcome outcome);

// Rank of a level on the continuum (none 0 ... child protection 3).
int Rank(v1::ServiceLevel level);

// The transition from `current` when a decision calls for `wanted`: a child
// is only ever stepped up by a decision (a lower call leaves the child where
// it is; stepping down is a separate, deliberate request).
v1::Transition TransitionFor(v1::ServiceLevel current, v1::ServiceLevel wanted);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_LEVEL_OF_SERVICE_H_
