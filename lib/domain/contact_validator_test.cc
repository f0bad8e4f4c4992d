// Contact validation: every refusal names the field.
#include "lib/domain/contact_validator.h"

#include "gtest/gtest.h"
#include "lib/domain/event_time.h"

namespace frontdoor {
namespace {

v1::Contact GoodContact() {
  v1::Contact c;
  c.set_source("6");
  c.set_source_contact_id("P-1");
  c.set_local_authority("202");
  c.set_child_id("C1");
  c.mutable_date_of_birth()->set_year(2015);
  c.mutable_date_of_birth()->set_month(4);
  c.mutable_date_of_birth()->set_day(30);
  c.add_factors("3B");
  *c.mutable_event_time() = ToProto(*ParseEventTime("2024-09-03T10:00:00Z"));
  return c;
}

std::string ErrorOf(const v1::Contact& c) {
  return std::string(ValidateContact(c).message());
}

TEST(ContactValidatorTest, GoodContactPasses) {
  EXPECT_TRUE(ValidateContact(GoodContact()).ok());
}

TEST(ContactValidatorTest, UnknownSourceNamesTheField) {
  v1::Contact c = GoodContact();
  c.set_source("11");
  EXPECT_EQ(ErrorOf(c).rfind("contact.source: unknown ReferralSource code "
                             "\"11\"",
                             0),
            0u)
      << ErrorOf(c);
}

TEST(ContactValidatorTest, UnknownFactorNamesItsIndex) {
  v1::Contact c = GoodContact();
  c.add_factors("99Z");
  EXPECT_EQ(ErrorOf(c).rfind("contact.factors[1]: unknown", 0), 0u)
      << ErrorOf(c);
}

TEST(ContactValidatorTest, RepeatedFactorIsRefused) {
  v1::Contact c = GoodContact();
  c.add_factors("3B");
  EXPECT_EQ(ErrorOf(c), "contact.factors[1]: factor \"3B\" repeated");
}

TEST(ContactValidatorTest, MissingChildIdIsRefused) {
  v1::Contact c = GoodContact();
  c.clear_child_id();
  EXPECT_EQ(ErrorOf(c), "contact.child_id: is required");
}

TEST(ContactValidatorTest, ImpossibleDateOfBirthIsRefused) {
  v1::Contact c = GoodContact();
  c.mutable_date_of_birth()->set_month(2);
  c.mutable_date_of_birth()->set_day(30);
  EXPECT_EQ(ErrorOf(c),
            "contact.date_of_birth: 2015-2-30 is not a calendar date");
}

TEST(ContactValidatorTest, UnbornChildAllowedUpToFullTerm) {
  v1::Contact c = GoodContact();
  c.mutable_date_of_birth()->set_year(2025);
  c.mutable_date_of_birth()->set_month(3);
  c.mutable_date_of_birth()->set_day(1);
  EXPECT_TRUE(ValidateContact(c).ok()) << ErrorOf(c);
  c.mutable_date_of_birth()->set_month(9);
  EXPECT_EQ(ErrorOf(c),
            "contact.date_of_birth: more than 280 days after the contact's "
            "event_time");
}

TEST(ContactValidatorTest, AdultIsRefused) {
  v1::Contact c = GoodContact();
  c.mutable_date_of_birth()->set_year(2000);
  EXPECT_EQ(ErrorOf(c),
            "contact.date_of_birth: the child would be 18 or over at the "
            "contact");
  c.set_age_years(18);
  EXPECT_EQ(ErrorOf(c).rfind("contact.age_years:", 0), 0u);
}

TEST(ContactValidatorTest, MissingAgeAndEventTimeAreRefused) {
  v1::Contact c = GoodContact();
  c.clear_date_of_birth();
  EXPECT_EQ(ErrorOf(c),
            "contact.date_of_birth: a date of birth or age_years is required");
  c = GoodContact();
  c.clear_event_time();
  EXPECT_EQ(ErrorOf(c), "contact.event_time: is required");
}

TEST(ContactValidatorTest, BadRunIdIsRefused) {
  v1::Contact c = GoodContact();
  c.set_run_id("a run");
  EXPECT_EQ(ErrorOf(c).rfind("contact.run_id:", 0), 0u);
}

}  // namespace
}  // namespace frontdoor
