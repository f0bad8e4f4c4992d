// Progress bar drawing.
#include "clients/lib/progress_bar.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "absl/time/clock.h"

namespace frontdoor::cli {
namespace {

std::atomic<bool> quiet{false};

}  // namespace

void ProgressBar::SetQuiet(bool value) { quiet = value; }

ProgressBar::ProgressBar(std::string label, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      tty_(isatty(STDERR_FILENO)) {}

void ProgressBar::Update(int done, int total) {
  if (quiet) return;
  if (tty_) {
    const absl::Time now = absl::Now();
    if (done < total && now - last_ < absl::Milliseconds(200)) return;
    last_ = now;
  } else {
    const int tenth = total == 0 ? 10 : 10 * done / total;
    if (tenth <= last_tenth_) return;
    last_tenth_ = tenth;
  }
  const int width = 30;
  const int filled = total == 0 ? width : width * done / total;
  std::fprintf(stderr, "%s%s [%s%s] %3d%% %s %d/%d%s", tty_ ? "\r" : "",
               label_.c_str(), std::string(filled, '#').c_str(),
               std::string(width - filled, '.').c_str(),
               total == 0 ? 100 : 100 * done / total, unit_.c_str(), done,
               total, tty_ && done < total ? "" : "\n");
  std::fflush(stderr);
}

}  // namespace frontdoor::cli
