// Scenario defaults in one place: what an unset (zero or empty) field of a
// scenario, its MASH or its services means. The clients complete scenario
// files with them; threshold and stepping complete the settings they are
// configured with, so a run sent with fields unset behaves the same.
#ifndef FRONTDOOR_LIB_DOMAIN_SCENARIO_DEFAULTS_H_
#define FRONTDOOR_LIB_DOMAIN_SCENARIO_DEFAULTS_H_

#include "frontdoor/v1/scenario.pb.h"

namespace frontdoor {

// The scenario with every unset field (its MASH and services included)
// filled with its default.
v1::Scenario WithDefaults(v1::Scenario scenario);

// The MASH settings with defaults filled in for unset fields.
v1::Mash WithDefaults(v1::Mash mash);

// The services settings with defaults filled in for unset fields.
v1::Services WithDefaults(v1::Services services);

// The social workers with defaults filled in for unset fields.
v1::SocialWork WithDefaults(v1::SocialWork social_work);

// The child-protection pathway with defaults filled in for unset fields.
v1::ChildProtection WithDefaults(v1::ChildProtection child_protection);

// The early-help workers with defaults filled in for unset fields.
v1::EarlyHelp WithDefaults(v1::EarlyHelp early_help);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_SCENARIO_DEFAULTS_H_
