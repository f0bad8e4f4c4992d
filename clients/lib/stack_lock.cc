// The data folder's lock: a file lock (flock) that the process running a
// stack holds for its life, so it goes with the process however that ends.
#include "clients/lib/stack_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace frontdoor {

namespace {

// What a lock file says of its stack: "PID shared" for `frontdoor up`,
// "PID own" for a command's own.
constexpr char kShared[] = "shared";

// The lock file's "PID KIND" line. The holder writes it just after taking
// the lock, so a reader that finds the lock held waits until `give_up` for
// the whole line rather than take an empty file for another command's.
std::pair<std::string, std::string> ReadHolder(const std::string& path,
                                               absl::Time give_up) {
  while (true) {
    std::string line;
    std::ifstream file(path);
    if (std::getline(file, line) && !file.eof()) {
      std::string pid, kind;
      std::istringstream(line) >> pid >> kind;
      return {pid, kind};
    }
    if (absl::Now() > give_up) return {"", ""};
    absl::SleepFor(absl::Milliseconds(10));
  }
}

}  // namespace

absl::StatusOr<int> LockDataDir(const std::string& data_dir, bool shared) {
  const std::string path = absl::StrCat(data_dir, "/stack.lock");
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::PermissionDeniedError(absl::StrCat("cannot open ", path));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    std::string holder;
    std::ifstream(path) >> holder;
    close(fd);
    return absl::FailedPreconditionError(absl::StrCat(
        "the services of ", data_dir, " are already running (process ",
        holder.empty() ? "unknown" : holder, " holds ", path,
        "); use them, or stop them first"));
  }
  const std::string pid =
      absl::StrCat(getpid(), " ", shared ? kShared : "own", "\n");
  if (ftruncate(fd, 0) != 0 ||
      write(fd, pid.data(), pid.size()) != static_cast<ssize_t>(pid.size())) {
    close(fd);
    return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
  }
  return fd;
}

absl::StatusOr<std::array<std::string, 3>> RunningStackAddresses(
    const std::string& data_dir, absl::Duration wait) {
  const std::string lock_path = absl::StrCat(data_dir, "/stack.lock");
  const int fd = open(lock_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return absl::NotFoundError(absl::StrCat("no stack in ", data_dir));
  const bool held = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close(fd);
  if (!held) return absl::NotFoundError(absl::StrCat("no stack in ", data_dir));
  const absl::Time give_up = absl::Now() + wait;
  const auto [pid, kind] = ReadHolder(lock_path, give_up);
  if (kind != kShared) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the services of ", data_dir, " were started by another command ",
        "(process ", pid.empty() ? "unknown" : pid, ") for itself, and stop ",
        "when it ends; wait for it, or run `frontdoor up --data_dir=", data_dir,
        "` to keep services there for any number of commands"));
  }
  // Held: a stack runs there, maybe still starting its services.
  while (true) {
    std::array<std::string, 3> addresses;
    bool all = true;
    for (int i = 0; i < 3; ++i) {
      int port = 0;
      std::ifstream(absl::StrCat(data_dir, "/logs/",
                                 ServiceLabel(static_cast<ServiceName>(i)),
                                 ".port")) >>
          port;
      if (port <= 0) all = false;
      addresses[i] = absl::StrCat("127.0.0.1:", port);
    }
    if (all) return addresses;
    if (absl::Now() > give_up) {
      return absl::UnavailableError(absl::StrCat(
          "the services of ", data_dir, " are starting (", lock_path,
          " is held) but have not written their ports in ",
          absl::FormatDuration(wait)));
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
}

}  // namespace frontdoor
