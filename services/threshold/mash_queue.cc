// MASH queue implementation.
#include "services/threshold/mash_queue.h"

#include <algorithm>
#include <cmath>

#include "services/common/scenario_defaults.h"

namespace frontdoor {

MashQueue::MashQueue(const v1::Mash& mash, const internal::MashQueue& state) {
  const v1::Mash m = WithDefaults(mash);
  hours_ = {m.day_start_hour(), m.day_end_hour()};
  red_ = absl::Seconds(m.red_minutes() * 60);
  amber_ = absl::Seconds(m.amber_minutes() * 60);
  green_ = absl::Seconds(m.green_minutes() * 60);
  const int screeners =
      std::max(1, static_cast<int>(std::lround(m.screeners())));
  free_at_.assign(screeners, absl::InfinitePast());
  for (int i = 0; i < state.free_at_micros_size() && i < screeners; ++i) {
    free_at_[i] = absl::FromUnixMicros(state.free_at_micros(i));
  }
}

absl::Time MashQueue::Schedule(absl::Time arrival, v1::Rag rag) {
  if (rag == v1::RAG_RED) return arrival + red_;
  const auto screener = std::min_element(free_at_.begin(), free_at_.end());
  const absl::Time start =
      NextWorkingMoment(std::max(arrival, *screener), hours_);
  const absl::Time done =
      AddWorkingTime(start, rag == v1::RAG_AMBER ? amber_ : green_, hours_);
  *screener = done;
  return done;
}

internal::MashQueue MashQueue::State() const {
  internal::MashQueue state;
  for (absl::Time t : free_at_) {
    state.add_free_at_micros(t == absl::InfinitePast() ? INT64_MIN
                                                       : absl::ToUnixMicros(t));
  }
  return state;
}

}  // namespace frontdoor
