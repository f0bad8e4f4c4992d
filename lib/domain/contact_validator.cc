// Contact validation against the CIN census code lists and the calendar.
#include "lib/domain/contact_validator.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "lib/domain/cin_codes.h"
#include "lib/domain/event_time.h"
#include "lib/domain/ids.h"
#include "lib/domain/request_checks.h"

namespace frontdoor {
namespace {

// An unborn child can be the subject of a contact (pre-birth concerns), up to
// a full term before birth.
constexpr int kMaxDaysBeforeBirth = 280;
constexpr int kMaxAgeYears = 17;

absl::Status ValidateAge(const v1::Contact& contact, absl::Time event_time) {
  switch (contact.child_age_case()) {
    case v1::Contact::kAgeYears:
      if (contact.age_years() < 0 || contact.age_years() > kMaxAgeYears) {
        return FieldError("contact.age_years",
                          absl::StrCat(contact.age_years(),
                                       " is outside 0 to 17 (children only)"));
      }
      return absl::OkStatus();
    case v1::Contact::kDateOfBirth: {
      absl::StatusOr<absl::CivilDay> birth =
          ToCivilDay(contact.date_of_birth(), "contact.date_of_birth");
      if (!birth.ok()) return birth.status();
      const absl::CivilDay on = DayOf(event_time);
      if (*birth - on > kMaxDaysBeforeBirth) {
        return FieldError("contact.date_of_birth",
                          "more than 280 days after the contact's event_time");
      }
      if (AgeInYears(*birth, on) > kMaxAgeYears) {
        return FieldError("contact.date_of_birth",
                          "the child would be 18 or over at the contact");
      }
      return absl::OkStatus();
    }
    default:
      return FieldError("contact.date_of_birth",
                        "a date of birth or age_years is required");
  }
}

}  // namespace

absl::Status ValidateContact(const v1::Contact& contact) {
  if (absl::Status s = ValidateRunId("contact.run_id", contact.run_id());
      !s.ok()) {
    return s;
  }
  if (contact.source().empty())
    return FieldError("contact.source", "is required");
  if (!FindReferralSource(contact.source())) {
    return FieldError(
        "contact.source",
        absl::StrCat("unknown ReferralSource code ", Quoted(contact.source()),
                     " (1A-1D, 2A, 2B, 3A-3F, 4, 5A-5D, 6, 7, 8, 9, 10)"));
  }
  if (absl::Status s = ValidateId("contact.source_contact_id",
                                  contact.source_contact_id(), 128);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          ValidateId("contact.local_authority", contact.local_authority(), 16);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateId("contact.child_id", contact.child_id(), 128);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckEventTime(
          "contact.event_time", contact.event_time(), contact.has_event_time());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckEnum("contact.door", contact.door(),
                                 v1::Door_IsValid, Presence::kOptional);
      !s.ok()) {
    return s;
  }
  const absl::Time event_time = FromProto(contact.event_time());
  if (absl::Status s = ValidateAge(contact, event_time); !s.ok()) return s;

  absl::flat_hash_set<absl::string_view> seen;
  for (int i = 0; i < contact.factors_size(); ++i) {
    const std::string field = absl::StrCat("contact.factors[", i, "]");
    const std::string& code = contact.factors(i);
    if (!FindAssessmentFactor(code)) {
      return FieldError(
          field, absl::StrCat("unknown assessment-factor code ", Quoted(code),
                              " (e.g. 3B, 16A, 24A)"));
    }
    if (!seen.insert(code).second) {
      return FieldError(field,
                        absl::StrCat("factor ", Quoted(code), " repeated"));
    }
  }
  return absl::OkStatus();
}

}  // namespace frontdoor
