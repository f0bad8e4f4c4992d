// SideTask implementation.
#include "services/intake/side_task.h"

#include <utility>

namespace frontdoor::intake {

SideTask::SideTask() : thread_([this] { Loop(); }) {}

SideTask::~SideTask() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void SideTask::Start(std::function<absl::Status()> task) {
  absl::MutexLock lock(&mu_);
  task_ = std::move(task);
  result_.reset();
}

absl::Status SideTask::Wait() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](SideTask* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
        return self->result_.has_value();
      },
      this));
  return *std::exchange(result_, std::nullopt);
}

void SideTask::Loop() {
  while (true) {
    std::function<absl::Status()> task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](SideTask* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
            return self->stopping_ || self->task_ != nullptr;
          },
          this));
      if (task_ == nullptr) return;  // stopping, with nothing left to run
      task = std::exchange(task_, nullptr);
    }
    absl::Status status = task();
    absl::MutexLock lock(&mu_);
    result_ = std::move(status);
  }
}

}  // namespace frontdoor::intake
