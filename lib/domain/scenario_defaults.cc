// Scenario defaults, all in one place. They are the calibration: see README
// "Calibration" for the published figures they reproduce.
#include "lib/domain/scenario_defaults.h"

namespace frontdoor {
namespace {

// Latent need of newly contacted children, levels 1-4.
constexpr double kNeedMix[] = {0.54, 0.27, 0.14, 0.05};
// How latent need presents in a contact: row = latent level, columns =
// presented level 1-4. Tuned (with kNeedMix and a repeat-contact share of
// 0.48) so that a year of the default scenario under the default policy
// reproduces the England 2023-24 funnel; see README "Calibration".
constexpr double kPresentation[] = {
    0.939, 0.045, 0.016, 0.00,  //
    0.16,  0.68,  0.14,  0.02,  //
    0.02,  0.10,  0.74,  0.14,  //
    0.00,  0.04,  0.48,  0.48,  //
};

}  // namespace

v1::Scenario WithDefaults(v1::Scenario s) {
  if (s.name().empty()) s.set_name("unnamed scenario");
  if (s.local_authority().empty()) s.set_local_authority("000");
  if (s.child_population() == 0) s.set_child_population(60000);
  if (s.start_date().empty()) s.set_start_date("2023-04-01");
  if (s.days() == 0) s.set_days(365);
  if (s.warmup_days() == 0) s.set_warmup_days(s.has_warm_start() ? 365 : 730);
  if (s.has_warm_start() && s.warm_start().arrival_days() <= 0) {
    s.mutable_warm_start()->set_arrival_days(30);
  }
  if (s.seed() == 0) s.set_seed(1);
  v1::Demand* d = s.mutable_demand();
  if (d->contacts_per_10k() == 0) d->set_contacts_per_10k(2500);
  if (d->volume_multiplier() == 0) d->set_volume_multiplier(1);
  if (d->repeat_contact_share() == 0) d->set_repeat_contact_share(0.48);
  if (d->need_mix_size() == 0) {
    for (double w : kNeedMix) d->add_need_mix(w);
  }
  if (d->presentation_size() == 0) {
    for (double w : kPresentation) d->add_presentation(w);
  }
  if (d->school_holiday_factor() == 0) d->set_school_holiday_factor(0.8);
  if (d->weekend_factor() == 0) d->set_weekend_factor(0.35);
  if (d->bank_holiday_factor() == 0) d->set_bank_holiday_factor(0.35);
  if (d->sibling_group_size() == 0) d->set_sibling_group_size(2.5);
  *s.mutable_mash() = WithDefaults(s.mash());
  *s.mutable_services() = WithDefaults(s.services());
  *s.mutable_social_work() = WithDefaults(s.social_work());
  *s.mutable_child_protection() = WithDefaults(s.child_protection());
  *s.mutable_early_help() = WithDefaults(s.early_help());
  v1::FrontDoor* door = s.mutable_front_door();
  if (door->early_help_door_share() == 0) door->set_early_help_door_share(0.6);
  return s;
}

v1::Mash WithDefaults(v1::Mash mash) {
  if (mash.screeners() <= 0) mash.set_screeners(5);
  if (mash.day_start_hour() == 0 && mash.day_end_hour() == 0) {
    mash.set_day_start_hour(9);
    mash.set_day_end_hour(17);
  }
  if (mash.red_minutes() <= 0) mash.set_red_minutes(30);
  if (mash.amber_minutes() <= 0) mash.set_amber_minutes(45);
  if (mash.green_minutes() <= 0) mash.set_green_minutes(30);
  if (!mash.has_overtime_hours()) mash.set_overtime_hours(1);
  if (mash.overtime_after_hours() <= 0) mash.set_overtime_after_hours(8);
  if (!mash.has_agency_screeners()) mash.set_agency_screeners(2);
  if (mash.agency_after_days() <= 0) mash.set_agency_after_days(5);
  if (mash.agency_lead_days() <= 0) mash.set_agency_lead_days(10);
  if (!mash.has_partner_check_share()) mash.set_partner_check_share(0.35);
  if (mash.partner_check_hours() <= 0) mash.set_partner_check_hours(8);
  if (mash.managers() <= 0) mash.set_managers(1);
  if (mash.sign_off_minutes() <= 0) mash.set_sign_off_minutes(15);
  if (!mash.has_absence_rate()) mash.set_absence_rate(0.034);
  return mash;
}

v1::Services WithDefaults(v1::Services s) {
  if (s.early_help_days() <= 0) s.set_early_help_days(120);
  if (s.child_in_need_days() <= 0) s.set_child_in_need_days(140);
  if (s.child_protection_days() <= 0) s.set_child_protection_days(290);
  if (s.step_up_probability() <= 0) s.set_step_up_probability(0.10);
  if (s.step_up_acceptance() <= 0) s.set_step_up_acceptance(0.85);
  if (s.step_up_delay_days() <= 0) s.set_step_up_delay_days(5);
  if (s.step_down_probability() <= 0) s.set_step_down_probability(0.30);
  if (s.assessment_working_days() <= 0) s.set_assessment_working_days(38);
  if (s.step_up_probability_high_need() <= 0) {
    s.set_step_up_probability_high_need(0.5);
  }
  if (!s.has_step_up_acceptance_low_need()) {
    s.set_step_up_acceptance_low_need(0.4);
  }
  if (!s.has_step_down_handover_days()) s.set_step_down_handover_days(7);
  if (s.looked_after_days() <= 0) s.set_looked_after_days(900);
  if (!s.has_looked_after_from_plan()) s.set_looked_after_from_plan(0.12);
  if (!s.has_looked_after_from_child_in_need()) {
    s.set_looked_after_from_child_in_need(0.06);
  }
  return s;
}

v1::EarlyHelp WithDefaults(v1::EarlyHelp e) {
  if (e.caseload() <= 0) e.set_caseload(12);
  if (e.assessment_working_days() <= 0) e.set_assessment_working_days(10);
  return e;
}

v1::SocialWork WithDefaults(v1::SocialWork w) {
  // DfE 2024 (shared/domain.md 5.9); posts are calibrated to its caseload
  // (scenario.proto says why). A rate of 0 is a choice, so only an unset
  // rate takes the default.
  if (w.posts_per_10k() <= 0) w.set_posts_per_10k(19.7);
  if (!w.has_vacancy_rate()) w.set_vacancy_rate(0.173);
  if (!w.has_agency_cover()) w.set_agency_cover(0.92);
  if (!w.has_turnover()) w.set_turnover(0.139);
  if (w.replacement_working_days() <= 0) w.set_replacement_working_days(40);
  if (!w.has_absence_rate()) w.set_absence_rate(0.034);
  if (w.caseload_cap() <= 0) w.set_caseload_cap(25);
  if (w.manageable_caseload() <= 0) w.set_manageable_caseload(15);
  if (!w.has_handover_working_days()) w.set_handover_working_days(5);
  if (!w.has_deadline_push()) w.set_deadline_push(0.55);
  if (w.team_size() <= 0) w.set_team_size(6);
  return w;
}

v1::ChildProtection WithDefaults(v1::ChildProtection cp) {
  if (!cp.has_icpc_on_time()) cp.set_icpc_on_time(0.8);
  if (cp.plan_given_icpc() <= 0) cp.set_plan_given_icpc(0.86);
  if (!cp.has_conference_given_harm()) cp.set_conference_given_harm(0.67);
  return cp;
}

}  // namespace frontdoor
