// MASH queue implementation.
#include "services/threshold/mash_queue.h"

#include <algorithm>
#include <cmath>

#include "lib/domain/event_time.h"
#include "lib/domain/scenario_defaults.h"
#include "lib/domain/stable_random.h"

namespace frontdoor {
namespace {

absl::Time FromStored(int64_t micros) {
  return micros == INT64_MIN ? absl::InfinitePast()
                             : absl::FromUnixMicros(micros);
}

int64_t ToStored(absl::Time t) {
  return t == absl::InfinitePast() ? INT64_MIN : absl::ToUnixMicros(t);
}

}  // namespace

MashQueue::MashQueue(const v1::Mash& mash, const internal::MashQueue& state) {
  const v1::Mash m = WithDefaults(mash);
  hours_ = {m.day_start_hour(), m.day_end_hour()};
  overtime_hours_ = {m.day_start_hour(),
                     std::min(24.0, m.day_end_hour() + m.overtime_hours())};
  // Whole microseconds throughout, as the state is stored: a queue
  // restored after a restart must schedule exactly as one kept in memory.
  const auto micros = [](absl::Duration d) {
    return absl::Trunc(d, absl::Microseconds(1));
  };
  red_ = micros(absl::Seconds(m.red_minutes() * 60));
  // Absence thins the team on duty: amber and green take that much longer
  // (the duty team for red contacts is always staffed).
  const double present = 1 - std::clamp(m.absence_rate(), 0.0, 0.9);
  amber_ = micros(absl::Seconds(m.amber_minutes() * 60 / present));
  green_ = micros(absl::Seconds(m.green_minutes() * 60 / present));
  const absl::Duration day =
      absl::Seconds((m.day_end_hour() - m.day_start_hour()) * 3600);
  sign_off_ = micros(absl::Seconds(m.sign_off_minutes() * 60));
  overtime_after_ = absl::Seconds(m.overtime_after_hours() * 3600);
  agency_after_ = day * m.agency_after_days();
  signpost_after_ = micros(day * m.signpost_after_days());
  agency_screeners_ = static_cast<int>(std::lround(m.agency_screeners()));
  agency_lead_days_ = static_cast<int>(std::lround(m.agency_lead_days()));
  const int screeners =
      std::max(1, static_cast<int>(std::lround(m.screeners())));
  free_at_.assign(screeners, absl::InfinitePast());
  for (int i = 0; i < state.free_at_micros_size() && i < screeners; ++i) {
    free_at_[i] = FromStored(state.free_at_micros(i));
  }
  for (int64_t micros : state.agency_free_at_micros()) {
    agency_free_at_.push_back(FromStored(micros));
  }
  const int managers = std::max(1, static_cast<int>(std::lround(m.managers())));
  manager_free_at_.assign(managers, absl::InfinitePast());
  for (int i = 0; i < state.manager_free_at_micros_size() && i < managers;
       ++i) {
    manager_free_at_[i] = FromStored(state.manager_free_at_micros(i));
  }
}

absl::Time* MashQueue::FirstFree() {
  absl::Time* first = &*std::min_element(free_at_.begin(), free_at_.end());
  for (absl::Time& t : agency_free_at_) {
    if (t < *first) first = &t;
  }
  return first;
}

void MashQueue::BookAgency(absl::Time arrival) {
  if (agency_screeners_ <= 0 || !agency_free_at_.empty()) return;
  const absl::CivilDay first_day =
      AddWorkingDays(DayOf(arrival) + 1, std::max(0, agency_lead_days_ - 1));
  const absl::Time start =
      NextWorkingMoment(absl::FromCivil(first_day, EnglandTime()), hours_);
  agency_free_at_.assign(agency_screeners_, start);
}

MashTimes MashQueue::Schedule(const MashWork& work) {
  MashTimes times;
  if (work.rag == v1::RAG_RED) {
    // The duty team screens at once, and the duty manager signs off then.
    times.screened = work.arrival + red_;
    times.decided = times.screened +
                    (work.needs_sign_off ? sign_off_ : absl::ZeroDuration());
    return times;
  }
  times = Screen(work);
  times.decided = times.screened;
  if (!times.signposted && work.needs_sign_off) {
    times.decided = SignOff(times.screened);
  }
  return times;
}

MashTimes MashQueue::Screen(const MashWork& work) {
  const absl::Time arrival = work.arrival;
  // A permanent screener free when this contact arrives: the queue is
  // clear, and agency cover, if any, is let go.
  const absl::Time permanent =
      *std::min_element(free_at_.begin(), free_at_.end());
  if (!agency_free_at_.empty() &&
      NextWorkingMoment(std::max(arrival, permanent), hours_) ==
          NextWorkingMoment(arrival, hours_)) {
    agency_free_at_.clear();
  }
  absl::Time* screener = FirstFree();
  // How far behind the team is, counted no further than the furthest
  // trigger needs.
  const absl::Duration cap =
      std::max({overtime_after_, agency_after_, signpost_after_});
  const absl::Duration behind = WorkingTimeBetween(
      arrival, NextWorkingMoment(std::max(arrival, *screener), hours_), hours_,
      cap);
  MashTimes times;
  if (work.signpostable && signpost_after_ > absl::ZeroDuration() &&
      behind > signpost_after_) {
    // Signposted at the limit, with no screener's time spent on it.
    times.screened = TruncateToMicros(AddWorkingTime(
        NextWorkingMoment(arrival, hours_), signpost_after_, hours_));
    times.signposted = true;
    return times;
  }
  // Booking only when none is booked, so `screener` (then a permanent
  // one) stays valid.
  if (behind >= agency_after_) BookAgency(arrival);
  const WorkingHours& today =
      behind >= overtime_after_ ? overtime_hours_ : hours_;
  const absl::Time done =
      AddWorkingTime(NextWorkingMoment(std::max(arrival, *screener), today),
                     work.rag == v1::RAG_AMBER ? amber_ : green_, today);
  *screener = TruncateToMicros(done);
  // Partners answer in their own working hours; the screener's time is
  // already spent, so the wait holds up this decision and no other.
  times.screened = TruncateToMicros(
      work.partner_wait_hours > 0
          ? AddWorkingTime(*screener,
                           absl::Seconds(work.partner_wait_hours * 3600),
                           hours_)
          : *screener);
  return times;
}

absl::Time MashQueue::SignOff(absl::Time screened) {
  absl::Time& manager =
      *std::min_element(manager_free_at_.begin(), manager_free_at_.end());
  manager = TruncateToMicros(
      AddWorkingTime(NextWorkingMoment(std::max(screened, manager), hours_),
                     sign_off_, hours_));
  return manager;
}

internal::MashQueue MashQueue::State() const {
  internal::MashQueue state;
  for (absl::Time t : free_at_) state.add_free_at_micros(ToStored(t));
  for (absl::Time t : agency_free_at_) {
    state.add_agency_free_at_micros(ToStored(t));
  }
  for (absl::Time t : manager_free_at_) {
    state.add_manager_free_at_micros(ToStored(t));
  }
  return state;
}

int ScreenerJudgement(const v1::Mash& mash, uint64_t seed,
                      absl::string_view contact_id) {
  if (mash.screener_disagreement() <= 0) return 0;
  StableRandom random(seed, {"screener", contact_id});
  if (random.Uniform() >= mash.screener_disagreement()) return 0;
  // Leaning 1 always up, -1 always down, 0 either way equally.
  return random.Uniform() < (1 + mash.screener_leaning()) / 2 ? 1 : -1;
}

double PartnerWaitHours(const v1::Mash& mash, uint64_t seed,
                        absl::string_view contact_id, v1::Rag rag) {
  if (rag == v1::RAG_RED || mash.partner_check_share() <= 0) return 0;
  StableRandom random(seed, {"partner", contact_id});
  if (random.Uniform() >= mash.partner_check_share()) return 0;
  return random.Exponential(mash.partner_check_hours());
}

}  // namespace frontdoor
