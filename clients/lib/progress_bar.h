// A progress bar for long work, drawn on stderr: redrawn in place on a
// terminal (at most five times a second); off a terminal a line per tenth
// of the work, so a redirected log stays short; nothing when quiet.
#ifndef FRONTDOOR_CLIENTS_LIB_PROGRESS_BAR_H_
#define FRONTDOOR_CLIENTS_LIB_PROGRESS_BAR_H_

#include <string>

#include "absl/time/time.h"

namespace frontdoor::cli {

// Shows `label [#####.....] 50% unit 5/10`.
class ProgressBar {
 public:
  ProgressBar(std::string label, std::string unit);
  // Reports `done` of `total`; the last call (done == total) always draws.
  void Update(int done, int total);

  // Silences every progress bar of the process (`--quiet`).
  static void SetQuiet(bool quiet);

 private:
  std::string label_;
  std::string unit_;
  bool tty_;
  absl::Time last_ = absl::InfinitePast();
  // Off a terminal: the tenth of the work last drawn.
  int last_tenth_ = -1;
};

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_LIB_PROGRESS_BAR_H_
