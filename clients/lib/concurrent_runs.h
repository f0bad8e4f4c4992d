// Several runs at once: `--replications` and two-policy replays send their
// runs side by side, so intake delivers them on its threads in parallel and
// both cores work, with one progress bar for all of them.
#ifndef FRONTDOOR_CLIENTS_LIB_CONCURRENT_RUNS_H_
#define FRONTDOOR_CLIENTS_LIB_CONCURRENT_RUNS_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "clients/lib/progress_bar.h"

namespace frontdoor::cli {

// One progress bar fed by several runs, each reporting its own done/total.
class SharedProgress {
 public:
  SharedProgress(std::string label, std::string unit, int runs)
      : bar_(std::move(label), std::move(unit)), done_(runs), total_(runs) {}

  // The progress callback of run `index`.
  std::function<void(int, int)> ForRun(int index) {
    return [this, index](int done, int total) {
      absl::MutexLock lock(&mu_);
      done_[index] = done;
      total_[index] = total;
      int64_t all_done = 0, all_total = 0, started = 0;
      for (size_t i = 0; i < done_.size(); ++i) {
        all_done += done_[i];
        all_total += total_[i];
        started += total_[i] > 0;
      }
      // A run not yet started counts as long as those started, so that the
      // bar of a study of many runs moves with the whole and not with the
      // runs under way.
      const int64_t waiting = static_cast<int64_t>(total_.size()) - started;
      if (started > 0) all_total += waiting * all_total / started;
      bar_.Update(static_cast<int>(all_done), static_cast<int>(all_total));
    };
  }

 private:
  absl::Mutex mu_;
  ProgressBar bar_ ABSL_GUARDED_BY(mu_);
  std::vector<int> done_ ABSL_GUARDED_BY(mu_);
  std::vector<int> total_ ABSL_GUARDED_BY(mu_);
};

// Runs job(0) .. job(count - 1), at most `parallel` at a time, and returns
// their results in order.
template <typename T>
std::vector<absl::StatusOr<T>> RunConcurrently(
    int count, int parallel, const std::function<absl::StatusOr<T>(int)>& job) {
  std::vector<absl::StatusOr<T>> results(count, absl::UnknownError("not run"));
  std::atomic<int> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < std::max(1, std::min(parallel, count)); ++w) {
    workers.emplace_back([&] {
      for (int i = next++; i < count; i = next++) results[i] = job(i);
    });
  }
  for (std::thread& worker : workers) worker.join();
  return results;
}

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_LIB_CONCURRENT_RUNS_H_
