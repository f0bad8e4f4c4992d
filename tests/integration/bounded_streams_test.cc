// A caller that opens thousands of SubmitEvents streams and never sends on
// them: intake refuses those over its limits with RESOURCE_EXHAUSTED, and
// its threads and memory stay bounded (issue 35 measured 20,025 threads and
// 1.08 GB for 10,000 such streams). Connections that make no call are
// closed after the idle timeout, so they cannot pile up either.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "frontdoor/v1/intake.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/trust_fixture.h"

namespace frontdoor {
namespace {

// A number from /proc/PID/status ("Threads", "VmRSS" in kB).
int64_t ProcStatus(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) != 0) continue;
    std::vector<std::string> parts =
        absl::StrSplit(line.substr(field.size() + 1), absl::ByAnyChar(" \t"),
                       absl::SkipEmpty());
    int64_t value = 0;
    if (!parts.empty() && absl::SimpleAtoi(parts[0], &value)) return value;
  }
  return -1;
}

TEST_F(TrustTest, ThousandsOfIdleStreamsAreRefusedAndThreadsStayBounded) {
  constexpr int kConnections = 10;
  constexpr int kStreams = 2000;
  const pid_t pid = cluster_->pid(ServiceName::kIntake);
  const int64_t threads_before = ProcStatus(pid, "Threads");
  const int64_t rss_before_kb = ProcStatus(pid, "VmRSS");
  const std::string token = Issue(Role::kAnalyst, "load");

  struct Open {
    std::unique_ptr<grpc::ClientContext> context;
    std::unique_ptr<grpc::ClientReaderWriter<v1::SubmitEventsRequest,
                                             v1::SubmitEventsResponse>>
        stream;
  };
  std::vector<std::unique_ptr<v1::IntakeService::Stub>> stubs;
  for (int c = 0; c < kConnections; ++c) {
    // Each channel its own connection.
    grpc::ChannelArguments arguments;
    arguments.SetInt("frontdoor.test_connection", c);
    const TlsFiles files = FilesOf(TlsDirOf(dir_.path()), "admin");
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = *ReadTextFile(files.ca);
    options.pem_private_key = *ReadTextFile(files.key);
    options.pem_cert_chain = *ReadTextFile(files.cert);
    stubs.push_back(v1::IntakeService::NewStub(grpc::CreateCustomChannel(
        intake(),
        grpc::CompositeChannelCredentials(grpc::SslCredentials(options),
                                          grpc::AccessTokenCredentials(token)),
        arguments)));
  }
  // Streams the server keeps open end at this deadline; those it refused
  // have their RESOURCE_EXHAUSTED by then.
  const auto deadline =
      std::chrono::system_clock::now() + std::chrono::seconds(10);
  std::vector<Open> open;
  for (int i = 0; i < kStreams; ++i) {
    Open o;
    o.context = std::make_unique<grpc::ClientContext>();
    o.context->set_deadline(deadline);
    o.stream = stubs[i % kConnections]->SubmitEvents(o.context.get());
    open.push_back(std::move(o));
  }
  // Every stream is open or answered by now; give the server a moment to
  // have run each handler it will run.
  absl::SleepFor(absl::Seconds(2));
  const int64_t threads_during = ProcStatus(pid, "Threads");
  const int64_t rss_during_kb = ProcStatus(pid, "VmRSS");

  int exhausted = 0, served = 0;
  for (Open& o : open) {
    o.stream->WritesDone();
    const grpc::Status status = o.stream->Finish();
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ++exhausted;
    } else {
      ++served;
    }
  }
  std::printf(
      "intake threads %lld -> %lld, RSS %lld -> %lld MiB; %d streams "
      "refused, %d served until half-closed\n",
      static_cast<long long>(threads_before),
      static_cast<long long>(threads_during),
      static_cast<long long>(rss_before_kb / 1024),
      static_cast<long long>(rss_during_kb / 1024), exhausted, served);
  // A stream is served by at most two threads (its handler and its
  // writer): the limits, not the callers, decide how many.
  EXPECT_LT(threads_during, threads_before + 300);
  EXPECT_LT(rss_during_kb - rss_before_kb, 150 * 1024);
  EXPECT_GT(exhausted, kStreams / 2);
  // The service still answers.
  EXPECT_TRUE(
      Submit(Tls(intake(), "admin", Issue(Role::kAgency, "police")), "AFTER-1")
          .ok());
}

// Sockets (and other files) a process holds open.
int OpenFiles(pid_t pid) {
  std::error_code ignored;
  int n = 0;
  for (auto it = std::filesystem::directory_iterator(
           "/proc/" + std::to_string(pid) + "/fd", ignored);
       it != std::filesystem::directory_iterator(); it.increment(ignored)) {
    ++n;
  }
  return n;
}

class IdleConnectionsTest : public TrustTest {
 protected:
  void Configure(ClusterOptions& options) override {
    // Far longer than opening every connection takes, even on a loaded
    // machine, so that all are open at once before the first is closed.
    options.idle_connection_timeout_s = 10;
  }
};

TEST_F(IdleConnectionsTest, ConnectionsThatMakeNoCallAreClosed) {
  // Within a default open-file limit of 1,024 for this process too.
  constexpr int kConnections = 400;
  const pid_t pid = cluster_->pid(ServiceName::kIntake);
  const int files_before = OpenFiles(pid);
  const int64_t rss_before_kb = ProcStatus(pid, "VmRSS");
  const TlsFiles files = FilesOf(TlsDirOf(dir_.path()), "admin");
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = *ReadTextFile(files.ca);
  options.pem_private_key = *ReadTextFile(files.key);
  options.pem_cert_chain = *ReadTextFile(files.cert);
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  int connected = 0;
  int files_open = files_before;
  for (int c = 0; c < kConnections; ++c) {
    grpc::ChannelArguments arguments;
    // Each channel its own connection, and no reconnecting once closed.
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channels.push_back(grpc::CreateCustomChannel(
        intake(), grpc::SslCredentials(options), arguments));
    if (channels.back()->WaitForConnected(std::chrono::system_clock::now() +
                                          std::chrono::seconds(10))) {
      ++connected;
    }
    if (c % 50 == 49) files_open = std::max(files_open, OpenFiles(pid));
  }
  const int64_t rss_open_kb = ProcStatus(pid, "VmRSS");
  // Idle past the timeout, each is closed by the server.
  int files_after = OpenFiles(pid);
  for (int i = 0; i < 80 && files_after > files_before + 20; ++i) {
    absl::SleepFor(absl::Milliseconds(500));
    files_after = OpenFiles(pid);
  }
  std::printf(
      "intake open files %d -> %d with %d idle connections -> %d "
      "after the idle timeout; RSS %lld -> %lld MiB\n",
      files_before, files_open, connected, files_after,
      static_cast<long long>(rss_before_kb / 1024),
      static_cast<long long>(rss_open_kb / 1024));
  EXPECT_EQ(connected, kConnections);
  EXPECT_GE(files_open, files_before + kConnections * 9 / 10);
  EXPECT_LE(files_after, files_before + 20);
}

}  // namespace
}  // namespace frontdoor
