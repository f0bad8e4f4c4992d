// CIN census code tables, transcribed from the 2024 CIN XML schema.
#include "lib/domain/cin_codes.h"

namespace frontdoor {
namespace {

std::optional<CinCode> Find(const std::vector<CinCode>& codes,
                            absl::string_view code) {
  for (const CinCode& c : codes) {
    if (c.code == code) return c;
  }
  return std::nullopt;
}

}  // namespace

const std::vector<CinCode>& ReferralSources() {
  static const auto* const kCodes = new std::vector<CinCode>{
      {"1A", "Individual: family member, relative or carer", "Individual"},
      {"1B", "Individual: acquaintance", "Individual"},
      {"1C", "Individual: self", "Individual"},
      {"1D", "Individual: other", "Individual"},
      {"2A", "Schools", "Schools"},
      {"2B", "Education services", "Education services"},
      {"3A", "Health: GP", "Health services"},
      {"3B", "Health: health visitor", "Health services"},
      {"3C", "Health: school nurse", "Health services"},
      {"3D", "Health: other primary health services", "Health services"},
      {"3E", "Health: A&E", "Health services"},
      {"3F", "Health: other", "Health services"},
      {"4", "Housing", "Housing"},
      {"5A", "LA services: social care", "LA services"},
      {"5B", "LA services: other internal", "LA services"},
      {"5C", "LA services: external", "LA services"},
      {"5D", "LA services: early help", "LA services"},
      {"6", "Police", "Police"},
      {"7", "Other legal agency", "Other legal agency"},
      {"8", "Other", "Other"},
      {"9", "Anonymous", "Anonymous"},
      {"10", "Unknown", "Unknown"},
  };
  return *kCodes;
}

const std::vector<CinCode>& AssessmentFactors() {
  static const auto* const kCodes = new std::vector<CinCode>{
      {"1A", "Alcohol misuse: child", "Alcohol misuse"},
      {"1B", "Alcohol misuse: parent/carer", "Alcohol misuse"},
      {"1C", "Alcohol misuse: another person", "Alcohol misuse"},
      {"2A", "Drug misuse: child", "Drug misuse"},
      {"2B", "Drug misuse: parent/carer", "Drug misuse"},
      {"2C", "Drug misuse: another person", "Drug misuse"},
      {"3A", "Domestic abuse: child the subject", "Domestic abuse"},
      {"3B", "Domestic abuse: parent/carer the subject", "Domestic abuse"},
      {"3C", "Domestic abuse: another person the subject", "Domestic abuse"},
      {"4A", "Mental health: child", "Mental health"},
      {"4B", "Mental health: parent/carer", "Mental health"},
      {"4C", "Mental health: another person", "Mental health"},
      {"5A", "Learning disability: child", "Learning disability"},
      {"5B", "Learning disability: parent/carer", "Learning disability"},
      {"5C", "Learning disability: another person", "Learning disability"},
      {"6A", "Physical disability or illness: child", "Physical disability"},
      {"6B", "Physical disability or illness: parent/carer",
       "Physical disability"},
      {"6C", "Physical disability or illness: another person",
       "Physical disability"},
      {"7A", "Young carer", "Young carer"},
      {"8B", "Privately fostered: overseas, intend to return",
       "Privately fostered"},
      {"8C", "Privately fostered: overseas, intend to stay",
       "Privately fostered"},
      {"8D", "Privately fostered: UK educational placement",
       "Privately fostered"},
      {"8E", "Privately fostered: UK alternative family arrangement",
       "Privately fostered"},
      {"8F", "Privately fostered: other", "Privately fostered"},
      {"9A", "Unaccompanied asylum-seeking child", "UASC"},
      {"10A", "Going or being missing", "Missing"},
      {"11A", "Child sexual exploitation", "CSE"},
      {"12A", "Trafficking", "Trafficking"},
      {"13A", "Gangs", "Gangs"},
      {"14A", "Socially unacceptable behaviour", "Behaviour"},
      {"15A", "Self-harm", "Self-harm"},
      {"16A", "Neglect", "Abuse or neglect"},
      {"17A", "Emotional abuse", "Abuse or neglect"},
      {"18A", "Physical abuse (legacy, unspecified)", "Abuse or neglect"},
      {"18B", "Physical abuse: child on child", "Abuse or neglect"},
      {"18C", "Physical abuse: adult on child", "Abuse or neglect"},
      {"19A", "Sexual abuse (legacy, unspecified)", "Abuse or neglect"},
      {"19B", "Sexual abuse: child on child", "Abuse or neglect"},
      {"19C", "Sexual abuse: adult on child", "Abuse or neglect"},
      {"20", "Other", "Other"},
      {"21", "No factors identified", "None"},
      {"22A", "Female genital mutilation", "FGM"},
      {"23A", "Abuse linked to faith or belief", "Faith-linked abuse"},
      {"24A", "Child criminal exploitation", "CCE"},
  };
  return *kCodes;
}

std::optional<CinCode> FindReferralSource(absl::string_view code) {
  return Find(ReferralSources(), code);
}

std::optional<CinCode> FindAssessmentFactor(absl::string_view code) {
  return Find(AssessmentFactors(), code);
}

}  // namespace frontdoor
