// Scenario checks: every field within a range that a front door can have,
// so that a mistyped figure is refused with its field's name instead of
// exhausting memory or simulating negative staff.
#include "lib/domain/scenario_checks.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "lib/domain/cin_codes.h"
#include "lib/domain/event_time.h"
#include "lib/domain/scenario_defaults.h"

namespace frontdoor {
namespace {

// A share-like field and its bounds.
struct Share {
  absl::string_view field;
  double value;
  double max;  // exclusive where a share of 1 would leave no one working
  bool max_included;
};

// Shares are shares (agency cover may pass 1).
absl::Status ValidateShares(const v1::Scenario& s) {
  const v1::SocialWork& w = s.social_work();
  const v1::ChildProtection& cp = s.child_protection();
  const Share shares[] = {
      {"social_work.vacancy_rate", w.vacancy_rate(), 1, false},
      // Agency workers may outnumber vacancies (DfE publishes authorities
      // with more agency FTE than vacant FTE).
      {"social_work.agency_cover", w.agency_cover(), 3, true},
      {"services.nfa_at_referral_share", s.services().nfa_at_referral_share(),
       1, true},
      {"social_work.absence_rate", w.absence_rate(), 1, false},
      {"social_work.deadline_push", w.deadline_push(), 1, true},
      {"child_protection.icpc_on_time", cp.icpc_on_time(), 1, true},
      {"child_protection.plan_given_icpc", cp.plan_given_icpc(), 1, true},
      {"child_protection.conference_given_harm", cp.conference_given_harm(), 1,
       true},
      {"mash.partner_check_share", s.mash().partner_check_share(), 1, true},
      {"mash.absence_rate", s.mash().absence_rate(), 0.9, true},
      {"mash.screener_disagreement", s.mash().screener_disagreement(), 1, true},
  };
  for (const Share& share : shares) {
    if (share.value < 0 || share.value > share.max ||
        (share.value == share.max && !share.max_included)) {
      return absl::InvalidArgumentError(
          absl::StrCat(share.field, ": must be in [0, ", share.max,
                       share.max_included ? "]" : ")", ", not ", share.value));
    }
  }
  const v1::Services& sv = s.services();
  const Share service_shares[] = {
      {"services.step_up_probability_high_need",
       sv.step_up_probability_high_need(), 1, true},
      {"services.step_up_acceptance_low_need", sv.step_up_acceptance_low_need(),
       1, true},
      {"services.looked_after_from_plan", sv.looked_after_from_plan(), 1, true},
      {"services.looked_after_from_child_in_need",
       sv.looked_after_from_child_in_need(), 1, true},
  };
  for (const Share& share : service_shares) {
    if (share.value < 0 || share.value > share.max) {
      return absl::InvalidArgumentError(
          absl::StrCat(share.field, ": must be in [0, 1], not ", share.value));
    }
  }
  // A child-in-need episode ends in care, by stepping down, or closed.
  if (sv.looked_after_from_child_in_need() + sv.step_down_probability() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("services.looked_after_from_child_in_need: with "
                     "services.step_down_probability (",
                     sv.step_down_probability(), ") must add to at most 1"));
  }
  return absl::OkStatus();
}

// The screeners' leaning and signposting, and the partners' presentation.
absl::Status ValidateMash(const v1::Scenario& s) {
  if (s.mash().screener_leaning() < -1 || s.mash().screener_leaning() > 1) {
    return absl::InvalidArgumentError(
        "mash.screener_leaning: must be in [-1, 1]");
  }
  if (s.mash().signpost_after_days() < 0) {
    return absl::InvalidArgumentError(
        "mash.signpost_after_days: must not be negative");
  }
  for (const v1::PartnerPresentation& p : s.demand().partners()) {
    bool known = false;
    for (const CinCode& code : ReferralSources()) {
      known = known || code.group == p.source_group();
    }
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("demand.partners.source_group: '", p.source_group(),
                       "' is not a referral-source group (\"Police\", "
                       "\"Schools\", \"Health services\", ...)"));
    }
    if (p.overstate() < 0 || p.understate() < 0 ||
        p.overstate() + p.understate() > 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "demand.partners (", p.source_group(),
          "): overstate and understate must be at least 0 and add to at "
          "most 1"));
    }
  }
  return absl::OkStatus();
}

// The social workers and the early-help workers: a caseload needs room
// for a child.
absl::Status ValidatePeople(const v1::Scenario& s) {
  if (absl::Status v = ValidateShares(s); !v.ok()) return v;
  if (absl::Status v = ValidateMash(s); !v.ok()) return v;
  const v1::SocialWork& w = s.social_work();
  if (s.services().step_down_handover_days() < 0) {
    return absl::InvalidArgumentError(
        "services.step_down_handover_days: must not be negative");
  }
  const v1::EarlyHelp& eh = s.early_help();
  if (eh.workers_per_10k() < 0) {
    return absl::InvalidArgumentError(
        "early_help.workers_per_10k: must not be negative (0: no limit)");
  }
  if (eh.caseload() < 1) {
    return absl::InvalidArgumentError(
        "early_help.caseload: must be at least 1");
  }
  if (w.turnover() < 0 || w.turnover() > 5) {
    return absl::InvalidArgumentError(
        "social_work.turnover: must be 0 to 5 (leavers per post a year)");
  }
  if (w.posts_per_10k() <= 0) {
    return absl::InvalidArgumentError(
        "social_work.posts_per_10k: must be above 0");
  }
  if (w.team_size() < 1) {
    return absl::InvalidArgumentError(
        "social_work.team_size: must be at least 1");
  }
  if (w.caseload_cap() < 1 || w.manageable_caseload() < 1) {
    return absl::InvalidArgumentError(
        "social_work.caseload_cap and manageable_caseload: must be at least 1");
  }
  return absl::OkStatus();
}

// An upper bound on a count or a volume: beyond it a scenario is a typing
// mistake (England has about 12 million children and 3 million contacts a
// year), and a run would exhaust memory rather than answer.
struct Bound {
  absl::string_view field;
  double value;
  double max;
};

absl::Status ValidateBounds(const v1::Scenario& s) {
  const Bound bounds[] = {
      {"child_population", static_cast<double>(s.child_population()), 15e6},
      {"warmup_days", static_cast<double>(s.warmup_days()), 3660},
      {"demand.contacts_per_10k", s.demand().contacts_per_10k(), 20000},
      {"demand.volume_multiplier", s.demand().volume_multiplier(), 10},
      {"mash.screeners", static_cast<double>(s.mash().screeners()), 10000},
      {"mash.managers", static_cast<double>(s.mash().managers()), 10000},
      {"mash.agency_screeners",
       static_cast<double>(s.mash().agency_screeners()), 10000},
      {"social_work.posts_per_10k", s.social_work().posts_per_10k(), 500},
      {"early_help.workers_per_10k", s.early_help().workers_per_10k(), 500},
  };
  for (const Bound& b : bounds) {
    if (b.value > b.max) {
      return absl::InvalidArgumentError(absl::StrCat(
          b.field, ": must be at most ", b.max, ", not ", b.value));
    }
  }
  if (s.demand().contacts_per_10k() <= 0) {
    return absl::InvalidArgumentError(
        "demand.contacts_per_10k: must be above 0");
  }
  return absl::OkStatus();
}

// The numbers of `message` (and of the messages in it) that are negative,
// named by their path from the scenario: counts, days, rates and shares
// never are, and the defaults would silently replace some of them.
absl::Status NoNegatives(const google::protobuf::Message& message,
                         const std::string& path) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string name = absl::StrCat(path, field->name());
    // The screeners' leaning runs from -1 (down) to 1 (up).
    if (name == "mash.screener_leaning") continue;
    const int n =
        field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < n; ++i) {
      const bool repeated = field->is_repeated();
      double value = 0;
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_MESSAGE: {
          const google::protobuf::Message& inner =
              repeated ? reflection->GetRepeatedMessage(message, field, i)
                       : reflection->GetMessage(message, field);
          if (absl::Status s = NoNegatives(inner, absl::StrCat(name, "."));
              !s.ok()) {
            return s;
          }
          continue;
        }
        case FieldDescriptor::CPPTYPE_INT32:
          value = repeated ? reflection->GetRepeatedInt32(message, field, i)
                           : reflection->GetInt32(message, field);
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          value = static_cast<double>(
              repeated ? reflection->GetRepeatedInt64(message, field, i)
                       : reflection->GetInt64(message, field));
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE:
          value = repeated ? reflection->GetRepeatedDouble(message, field, i)
                           : reflection->GetDouble(message, field);
          break;
        case FieldDescriptor::CPPTYPE_FLOAT:
          value = repeated ? reflection->GetRepeatedFloat(message, field, i)
                           : reflection->GetFloat(message, field);
          break;
        default:
          continue;
      }
      if (!(value >= 0)) {  // NaN too
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": must not be negative, not ", value));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateScenario(const v1::Scenario& s) {
  const auto bad = [](absl::string_view field, absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
  };
  if (s.child_population() < 1000) {
    return bad("child_population", "must be at least 1000");
  }
  // A local authority is a code (DfE's three digits, or a name of letters
  // and digits): it names files and labels, so nothing else gets in.
  if (s.local_authority().size() > 16 ||
      !std::all_of(s.local_authority().begin(), s.local_authority().end(),
                   [](char c) { return absl::ascii_isalnum(c); })) {
    return bad("local_authority",
               "must be a code of at most 16 letters and digits (e.g. 202)");
  }
  absl::StatusOr<v1::CalendarDate> start = ParseCalendarDate(s.start_date());
  if (!start.ok()) return bad("start_date", start.status().message());
  if (!ToCivilDay(*start, "start_date").ok()) {
    return bad("start_date", "is not a calendar date");
  }
  if (s.days() < 1 || s.days() > 3660) return bad("days", "must be 1 to 3660");
  if (s.warmup_days() < 0) return bad("warmup_days", "must not be negative");
  if (s.has_warm_start()) {
    const v1::WarmStart& w = s.warm_start();
    if (w.children_in_need_per_10k() < 0 ||
        w.children_in_need_per_10k() > 2000) {
      return bad("warm_start.children_in_need_per_10k", "must be 0 to 2000");
    }
    if (w.on_plan_per_10k() < 0 ||
        w.on_plan_per_10k() > w.children_in_need_per_10k()) {
      return bad("warm_start.on_plan_per_10k",
                 "must be 0 to children_in_need_per_10k");
    }
    if (w.looked_after_per_10k() < 0 || w.looked_after_per_10k() > 2000) {
      return bad("warm_start.looked_after_per_10k", "must be 0 to 2000");
    }
    if (w.arrival_days() < 1 || w.arrival_days() > s.warmup_days()) {
      return bad("warm_start.arrival_days", "must be 1 to warmup_days");
    }
  }
  if (s.demand().need_mix_size() != 4) {
    return bad("demand.need_mix", "needs 4 weights (levels 1-4)");
  }
  if (s.demand().presentation_size() != 16) {
    return bad("demand.presentation", "needs 16 weights (4 rows of 4)");
  }
  if (s.demand().sibling_group_share() < 0 ||
      s.demand().sibling_group_share() > 1) {
    return bad("demand.sibling_group_share", "must be in [0, 1]");
  }
  if (s.demand().sibling_group_size() < 2 ||
      s.demand().sibling_group_size() > 12) {
    return bad("demand.sibling_group_size", "must be 2 to 12 children");
  }
  const double share = s.demand().repeat_contact_share();
  if (share < 0 || share >= 1) {
    return bad("demand.repeat_contact_share", "must be in [0, 1)");
  }
  for (const v1::VolumeChange& change : s.volume_changes()) {
    absl::StatusOr<v1::CalendarDate> from =
        ParseCalendarDate(change.from_date());
    if (!from.ok() || !ToCivilDay(*from, "from_date").ok()) {
      return bad("volume_changes.from_date",
                 absl::StrCat("'", change.from_date(), "' is not a date"));
    }
    if (change.multiplier() <= 0 || change.multiplier() > 10) {
      return bad("volume_changes.multiplier",
                 absl::StrCat("must be above 0 and at most 10, not ",
                              change.multiplier()));
    }
  }
  if (s.mash().day_end_hour() <= s.mash().day_start_hour()) {
    return bad("mash.day_end_hour", "must be after day_start_hour");
  }
  if (absl::Status b = ValidateBounds(s); !b.ok()) return b;
  return ValidatePeople(s);
}

absl::Status CheckScenario(const v1::Scenario& scenario) {
  if (absl::Status s = NoNegatives(scenario, ""); !s.ok()) return s;
  return ValidateScenario(WithDefaults(scenario));
}

}  // namespace frontdoor
