// Synthetic contacts: partners who over- or under-state need change the
// contacts of their own group and no other.
#include "clients/simulate/contact_generator.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "gtest/gtest.h"
#include "lib/domain/cin_codes.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor {
namespace {

v1::Scenario Small() {
  v1::Scenario scenario;
  scenario.set_start_date("2024-04-01");
  scenario.set_days(30);
  scenario.set_child_population(200000);
  return WithDefaults(scenario);
}

// A month of contacts from `scenario`.
std::vector<GeneratedContact> Month(const v1::Scenario& scenario) {
  ContactGenerator generator(scenario, "r");
  std::vector<GeneratedContact> all;
  for (absl::CivilDay day(2024, 4, 1); day < absl::CivilDay(2024, 5, 1);
       ++day) {
    for (GeneratedContact& g : generator.Day(day)) all.push_back(std::move(g));
  }
  return all;
}

bool FromPolice(const GeneratedContact& g) {
  return FindReferralSource(g.contact.source())->group == "Police";
}

TEST(ContactGeneratorTest, PartnersStateNeedAsTheScenarioSays) {
  const std::vector<GeneratedContact> plain = Month(Small());
  v1::Scenario overstating = Small();
  v1::PartnerPresentation* police =
      overstating.mutable_demand()->add_partners();
  police->set_source_group("Police");
  police->set_overstate(0.5);
  const std::vector<GeneratedContact> stated = Month(overstating);
  ASSERT_EQ(plain.size(), stated.size());
  ASSERT_GT(plain.size(), 1000u);
  int police_contacts = 0, raised = 0;
  for (size_t i = 0; i < plain.size(); ++i) {
    const GeneratedContact& a = plain[i];
    const GeneratedContact& b = stated[i];
    // The same children and referrers, with the same true need.
    EXPECT_EQ(a.contact.child_id(), b.contact.child_id());
    EXPECT_EQ(a.contact.source(), b.contact.source());
    EXPECT_EQ(a.latent_need, b.latent_need);
    if (!FromPolice(a)) {
      EXPECT_EQ(a.contact.factors_size(), b.contact.factors_size());
      EXPECT_EQ(a.presented_level, b.presented_level);
      continue;
    }
    ++police_contacts;
    EXPECT_GE(b.presented_level, a.presented_level);
    EXPECT_LE(b.presented_level, a.presented_level + 1);
    if (b.presented_level > a.presented_level) ++raised;
  }
  // Half of the police contacts below level 4 are stated a level higher.
  ASSERT_GT(police_contacts, 200);
  EXPECT_GT(raised, police_contacts * 0.4);
  EXPECT_LT(raised, police_contacts * 0.55);
}

TEST(ContactGeneratorTest, SiblingGroupsShareTheirContact) {
  const std::vector<GeneratedContact> alone = Month(Small());
  v1::Scenario families = Small();
  families.mutable_demand()->set_sibling_group_share(0.3);
  families.mutable_demand()->set_sibling_group_size(3);
  const std::vector<GeneratedContact> grouped = Month(families);
  // Each day has as many contacts of children's own as before (later ones
  // differ, as siblings come back too); each sibling group adds one or
  // more.
  ASSERT_GT(grouped.size(), alone.size() * 1.1);
  std::map<std::string, const GeneratedContact*> by_id;
  for (const GeneratedContact& g : grouped) {
    by_id[g.contact.source_contact_id()] = &g;
  }
  int siblings = 0;
  for (const GeneratedContact& g : grouped) {
    const std::string& id = g.contact.source_contact_id();
    // "YYYY-MM-DD-N" for a child's own contact, "...-N-K" for a sibling's.
    if (std::count(id.begin(), id.end(), '-') < 4) continue;
    ++siblings;
    const GeneratedContact& first = *by_id.at(id.substr(0, id.rfind('-')));
    EXPECT_NE(g.contact.child_id(), first.contact.child_id());
    EXPECT_EQ(g.contact.event_time().seconds(),
              first.contact.event_time().seconds());
    EXPECT_EQ(g.contact.source(), first.contact.source());
    EXPECT_EQ(g.contact.factors_size(), first.contact.factors_size());
    EXPECT_EQ(g.latent_need, first.latent_need);
  }
  EXPECT_EQ(siblings, static_cast<int>(grouped.size() - alone.size()));
}

TEST(ContactGeneratorTest, WarmStartReferralsArriveOverTheFirstDays) {
  v1::Scenario warm = Small();
  warm.set_warmup_days(0);
  warm.mutable_warm_start()->set_children_in_need_per_10k(263);
  warm.mutable_warm_start()->set_on_plan_per_10k(42);
  warm = WithDefaults(warm);
  ASSERT_EQ(warm.warmup_days(), 365);
  ASSERT_EQ(warm.warm_start().arrival_days(), 30);
  // The same demand from empty, two years ahead.
  v1::Scenario cold = warm;
  cold.clear_warm_start();
  cold.set_warmup_days(730);
  ContactGenerator warm_generator(warm, "r");
  ContactGenerator cold_generator(cold, "r");
  const absl::CivilDay first = absl::CivilDay(2024, 4, 1) - 365;
  for (absl::CivilDay day = first - 365; day < first; ++day) {
    cold_generator.Day(day);
  }
  int open = 0, harmed = 0;
  for (absl::CivilDay day = first; day < first + 40; ++day) {
    std::vector<GeneratedContact> from_cold = cold_generator.Day(day);
    size_t c = 0;
    for (const GeneratedContact& g : warm_generator.Day(day)) {
      if (g.contact.source_contact_id().find("-open-") != std::string::npos) {
        EXPECT_LT(day, first + 30);
        EXPECT_GE(g.latent_need, 3);
        EXPECT_EQ(g.presented_level, g.latent_need);
        ++open;
        if (g.latent_need == 4) ++harmed;
        continue;
      }
      // Every other contact is the one the long warm-up has that day.
      ASSERT_LT(c, from_cold.size());
      EXPECT_EQ(g.contact.source_contact_id(),
                from_cold[c].contact.source_contact_id());
      EXPECT_EQ(g.latent_need, from_cold[c].latent_need);
      ++c;
    }
    EXPECT_EQ(c, from_cold.size());
  }
  // 45% of the stock for 200,000 children; enough at need 4 for the plans
  // after conferences (67% of them) and plans (86% of those).
  EXPECT_EQ(open, std::llround(0.45 * 263 * 20));
  EXPECT_EQ(harmed, std::llround(0.45 * 42 * 20 / (0.67 * 0.86)));
}

}  // namespace
}  // namespace frontdoor
