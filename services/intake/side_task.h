// One task at a time on a thread kept for it, beside its owner's own work:
// a delivery thread stores one batch's outcome on it while the next batch
// goes out. Starting a thread per batch instead cost intake a thread start
// and exit per batch (3,176 threads for 200,000 contacts in 8 runs), which
// on this kind of virtual machine is dear in kernel time.
#ifndef FRONTDOOR_SERVICES_INTAKE_SIDE_TASK_H_
#define FRONTDOOR_SERVICES_INTAKE_SIDE_TASK_H_

#include <functional>
#include <optional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace frontdoor::intake {

// A worker thread for one task at a time. Not for sharing: its owner
// starts a task and waits for it before starting the next.
class SideTask {
 public:
  SideTask();
  ~SideTask();

  SideTask(const SideTask&) = delete;
  SideTask& operator=(const SideTask&) = delete;

  // Runs `task` on the thread; the task started before must have been
  // waited for.
  void Start(std::function<absl::Status()> task);

  // Blocks until the task started last has finished; returns its status.
  absl::Status Wait();

 private:
  void Loop();

  absl::Mutex mu_;
  std::function<absl::Status()> task_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Status> result_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace frontdoor::intake

#endif  // FRONTDOOR_SERVICES_INTAKE_SIDE_TASK_H_
