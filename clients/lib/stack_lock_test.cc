// The data folder's lock as other commands read it.
#include "clients/lib/stack_lock.h"

#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

void WritePorts(const testing::TempDir& dir) {
  std::filesystem::create_directory(dir.Sub("logs"));
  std::ofstream(dir.Sub("logs/intake.port")) << "5001\n";
  std::ofstream(dir.Sub("logs/threshold.port")) << "5002\n";
  std::ofstream(dir.Sub("logs/stepping.port")) << "5003\n";
}

TEST(StackLockTest, NoLockIsNoStack) {
  testing::TempDir dir;
  EXPECT_EQ(RunningStackAddresses(dir.path(), absl::Seconds(1)).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(StackLockTest, UpsStackIsFoundAndAnotherCommandsIsRefused) {
  testing::TempDir dir;
  WritePorts(dir);
  absl::StatusOr<int> shared = LockDataDir(dir.path(), /*shared=*/true);
  ASSERT_TRUE(shared.ok()) << shared.status();
  absl::StatusOr<std::array<std::string, 3>> found =
      RunningStackAddresses(dir.path(), absl::Seconds(1));
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ((*found)[0], "127.0.0.1:5001");
  EXPECT_EQ((*found)[2], "127.0.0.1:5003");
  EXPECT_EQ(LockDataDir(dir.path(), true).status().code(),
            absl::StatusCode::kFailedPrecondition);
  close(*shared);

  absl::StatusOr<int> own = LockDataDir(dir.path(), /*shared=*/false);
  ASSERT_TRUE(own.ok()) << own.status();
  absl::Status refused =
      RunningStackAddresses(dir.path(), absl::Seconds(1)).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find(absl::StrCat("process ", getpid())),
            std::string::npos)
      << refused;
  close(*own);
  EXPECT_EQ(RunningStackAddresses(dir.path(), absl::Seconds(1)).status().code(),
            absl::StatusCode::kNotFound);
}

// The holder takes the lock, then writes its line: a reader in between
// waits for the line instead of taking the stack for another command's.
TEST(StackLockTest, AReaderWaitsForTheHoldersLine) {
  testing::TempDir dir;
  WritePorts(dir);
  const std::string path = dir.Sub("stack.lock");
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(flock(fd, LOCK_EX | LOCK_NB), 0);
  std::thread holder([&] {
    absl::SleepFor(absl::Milliseconds(200));
    const std::string line = "42 shared\n";
    ASSERT_EQ(write(fd, line.data(), line.size()),
              static_cast<ssize_t>(line.size()));
  });
  absl::StatusOr<std::array<std::string, 3>> found =
      RunningStackAddresses(dir.path(), absl::Seconds(5));
  holder.join();
  EXPECT_TRUE(found.ok()) << found.status();
  close(fd);
}

}  // namespace
}  // namespace frontdoor
