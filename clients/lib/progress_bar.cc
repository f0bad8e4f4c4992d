// Progress bar drawing.
#include "clients/lib/progress_bar.h"

#include <unistd.h>

#include <cstdio>

#include "absl/time/clock.h"

namespace frontdoor::cli {

ProgressBar::ProgressBar(std::string label, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      tty_(isatty(STDERR_FILENO)) {}

void ProgressBar::Update(int done, int total) {
  const absl::Time now = absl::Now();
  if (done < total && now - last_ < absl::Milliseconds(200)) return;
  last_ = now;
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
