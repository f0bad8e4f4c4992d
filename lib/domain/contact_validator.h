// Checks a contact before anything is stored: every error names the field.
#ifndef FRONTDOOR_LIB_DOMAIN_CONTACT_VALIDATOR_H_
#define FRONTDOOR_LIB_DOMAIN_CONTACT_VALIDATOR_H_

#include "absl/status/status.h"
#include "frontdoor/v1/types.pb.h"

namespace frontdoor {

// OK when the contact can be accepted; otherwise INVALID_ARGUMENT whose
// message starts with the field path ("contact.factors[1]: unknown ...").
absl::Status ValidateContact(const v1::Contact& contact);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_CONTACT_VALIDATOR_H_
