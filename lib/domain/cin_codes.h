// The DfE children-in-need (CIN) census code lists the front door speaks:
// referral sources and assessment factors (see shared/domain.md §2).
#ifndef FRONTDOOR_LIB_DOMAIN_CIN_CODES_H_
#define FRONTDOOR_LIB_DOMAIN_CIN_CODES_H_

#include <optional>
#include <vector>

#include "absl/strings/string_view.h"

namespace frontdoor {

// One code of a CIN census code list.
struct CinCode {
  absl::string_view code;
  absl::string_view label;
  // The group DfE tables report by (e.g. "Police", "Health services").
  absl::string_view group;
};

// The 22 ReferralSource codes (1A ... 10), in census order.
const std::vector<CinCode>& ReferralSources();
// The assessment-factor codes of the 2024 schema (plus legacy 18A/19A).
const std::vector<CinCode>& AssessmentFactors();

// The referral source with this code, if any.
std::optional<CinCode> FindReferralSource(absl::string_view code);
// The assessment factor with this code, if any.
std::optional<CinCode> FindAssessmentFactor(absl::string_view code);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_CIN_CODES_H_
