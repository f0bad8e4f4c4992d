// Local cluster: posix_spawn with stdout/stderr to a log file per service,
// ports handed back through port files.
#include "clients/lib/local_cluster.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/lib/stack_lock.h"
#include "lib/domain/text_files.h"
#include "services/common/rpc/health.h"
#include "services/common/security/client_certs.h"
#include "services/common/security/local_ca.h"
#include "services/common/security/pseudonymiser.h"
#include "services/common/security/tokens.h"

extern char** environ;

namespace frontdoor {
namespace {

namespace fs = std::filesystem;

constexpr absl::Duration kStartTimeout = absl::Seconds(30);

std::string ProgramDir() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "." : self.parent_path().string();
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  const size_t from = lines.size() > 5 ? lines.size() - 5 : 0;
  for (size_t i = from; i < lines.size(); ++i) {
    absl::StrAppend(&last, "\n    ", lines[i]);
  }
  return last;
}

std::string Describe(int wait_status) {
  if (WIFEXITED(wait_status)) {
    return absl::StrCat("exited with status ", WEXITSTATUS(wait_status));
  }
  if (WIFSIGNALED(wait_status)) {
    return absl::StrCat("killed by signal ", WTERMSIG(wait_status));
  }
  return "stopped";
}

}  // namespace

const char* ServiceLabel(ServiceName service) {
  switch (service) {
    case ServiceName::kIntake:
      return "intake";
    case ServiceName::kThreshold:
      return "threshold";
    case ServiceName::kStepping:
      return "stepping";
  }
  return "unknown";
}

std::string ShippedFile(const std::string& relative_path) {
  if (fs::exists(relative_path)) return fs::absolute(relative_path).string();
  return absl::StrCat(FRONTDOOR_SOURCE_DIR, "/", relative_path);
}

namespace {

std::string InsecureMarker(const std::string& data_dir) {
  return absl::StrCat(data_dir, "/insecure");
}

std::string AdminTokenPath(const std::string& data_dir) {
  return absl::StrCat(TlsDirOf(data_dir), "/admin.token");
}

// The admin token kept for local tools, issued (and added to the tokens
// file) when there is none or it was revoked.
absl::StatusOr<std::string> EnsureAdminToken(const std::string& data_dir) {
  const std::string tokens = TokensFileOf(data_dir);
  absl::StatusOr<TokenBook> book = TokenBook::Load(tokens);
  if (!book.ok()) return book.status();
  if (absl::StatusOr<std::string> kept = ReadTextFile(AdminTokenPath(data_dir));
      kept.ok() && book->Find(*kept) != nullptr) {
    return *kept;
  }
  absl::StatusOr<std::string> token = book->Issue(
      Role::kAdmin, "local-admin", absl::ToUnixSeconds(absl::Now()));
  if (!token.ok()) return token.status();
  if (absl::Status s = book->Save(tokens); !s.ok()) return s;
  if (absl::Status s = WritePrivateFile(AdminTokenPath(data_dir), *token);
      !s.ok()) {
    return s;
  }
  return token;
}

// Makes what a cluster needs to start secure (or marks it insecure), and
// says how this process calls it.
absl::StatusOr<Transport> PrepareTransport(const ClusterOptions& options) {
  std::error_code ignored;
  if (options.insecure) {
    if (absl::Status s = WritePrivateFile(InsecureMarker(options.data_dir), "");
        !s.ok()) {
      return s;
    }
    return Transport{.insecure = true};
  }
  fs::remove(InsecureMarker(options.data_dir), ignored);
  const std::string tls = TlsDirOf(options.data_dir);
  if (absl::Status s = EnsureLocalCa(tls); !s.ok()) return s;
  absl::StatusOr<std::string> token = EnsureAdminToken(options.data_dir);
  if (!token.ok()) return token.status();
  return Transport{.files = FilesOf(tls, "admin"), .token = *std::move(token)};
}

}  // namespace

absl::Status UseLocalAdminTransport(const std::string& data_dir) {
  const std::string root = fs::absolute(data_dir).string();
  std::error_code ignored;
  const std::string tls = TlsDirOf(root);
  if (fs::exists(InsecureMarker(root), ignored) ||
      !fs::exists(absl::StrCat(tls, "/ca.pem"), ignored)) {
    return UseTransport({.insecure = true});
  }
  Transport transport{.files = FilesOf(tls, "admin")};
  if (const char* token = std::getenv("FRONTDOOR_TOKEN");
      token != nullptr && *token != '\0') {
    transport.token = token;
  } else if (absl::StatusOr<std::string> kept =
                 ReadTextFile(AdminTokenPath(root));
             kept.ok()) {
    transport.token = *std::move(kept);
  }
  return UseTransport(transport);
}

absl::StatusOr<std::unique_ptr<LocalCluster>> LocalCluster::Start(
    ClusterOptions options) {
  if (options.bin_dir.empty()) options.bin_dir = ProgramDir();
  if (options.policy_file.empty())
    options.policy_file = ShippedFile("policies/default.textproto");
  options.data_dir = fs::absolute(options.data_dir).string();
  options.policy_file = fs::absolute(options.policy_file).string();
  // The data folder holds children's records: its user's alone.
  for (const std::string& dir :
       {options.data_dir, absl::StrCat(options.data_dir, "/logs")}) {
    if (absl::Status s = MakePrivateDir(dir); !s.ok()) return s;
  }
  absl::StatusOr<int> lock = LockDataDir(options.data_dir, options.shared);
  if (!lock.ok()) return lock.status();
  // Closed on every return below but the last, which hands it over.
  struct LockGuard {
    int fd;
    ~LockGuard() {
      if (fd >= 0) close(fd);
    }
  } guard{*lock};
  absl::StatusOr<Transport> client = PrepareTransport(options);
  if (!client.ok()) return client.status();
  if (absl::Status s = EnsureKeyFile(PseudonymKeyFileOf(options.data_dir));
      !s.ok()) {
    return s;
  }
  std::unique_ptr<LocalCluster> cluster(new LocalCluster(std::move(options)));
  cluster->lock_fd_ = std::exchange(guard.fd, -1);
  cluster->client_ = *std::move(client);
  cluster->ports_ = {cluster->options_.intake_port,
                     cluster->options_.threshold_port,
                     cluster->options_.stepping_port};
  for (ServiceName service : {ServiceName::kStepping, ServiceName::kThreshold,
                              ServiceName::kIntake}) {
    if (absl::Status s = cluster->Launch(service); !s.ok()) return s;
  }
  return cluster;
}

LocalCluster::~LocalCluster() {
  (void)Stop();
  if (lock_fd_ >= 0) close(lock_fd_);
}

std::string LocalCluster::address(ServiceName service) const {
  return absl::StrCat("127.0.0.1:", ports_[static_cast<int>(service)]);
}

std::string LocalCluster::metrics_url(ServiceName service) const {
  const int port = metrics_ports_[static_cast<int>(service)];
  return port < 0 ? "" : absl::StrCat("http://127.0.0.1:", port, "/metrics");
}

std::string LocalCluster::log_path(ServiceName service) const {
  return absl::StrCat(options_.data_dir, "/logs/", ServiceLabel(service),
                      ".log");
}

namespace {

// Starts `binary` with `args` (its own name first), its output appended to
// `log`.
absl::StatusOr<pid_t> Spawn(const std::string& binary,
                            std::vector<std::string> args,
                            const std::string& log) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, binary.c_str(), &actions, nullptr,
                                  argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot start ", binary, ": ", strerror(spawned)));
  }
  return pid;
}

}  // namespace

std::vector<std::string> LocalCluster::LaunchArgs(
    ServiceName service, const std::string& port_file,
    const std::string& metrics_port_file) const {
  const int index = static_cast<int>(service);
  const std::string label = ServiceLabel(service);
  std::vector<std::string> args = {
      absl::StrCat(options_.bin_dir, "/frontdoor-", label),
      absl::StrCat("--listen=127.0.0.1:", ports_[index]),
      absl::StrCat("--data_dir=", options_.data_dir, "/", label),
      absl::StrCat("--port_file=", port_file),
  };
  if (options_.exit_with_launcher) {
    args.push_back(absl::StrCat("--parent_pid=", getpid()));
  }
  // A restart keeps the metrics port it was given first.
  if (options_.metrics_ports[index] >= 0) {
    const int port = metrics_ports_[index] >= 0 ? metrics_ports_[index]
                                                : options_.metrics_ports[index];
    args.push_back(absl::StrCat("--metrics_listen=127.0.0.1:", port));
    args.push_back(absl::StrCat("--metrics_port_file=", metrics_port_file));
  }
  if (service == ServiceName::kThreshold) {
    args.push_back(absl::StrCat("--policy=", options_.policy_file));
  }
  if (options_.idle_connection_timeout_s > 0) {
    args.push_back(absl::StrCat("--idle_connection_timeout_s=",
                                options_.idle_connection_timeout_s));
  }
  if (options_.insecure) {
    args.push_back("--insecure");
  } else {
    const TlsFiles own = FilesOf(TlsDirOf(options_.data_dir), label);
    args.push_back(absl::StrCat("--tls_ca=", own.ca));
    args.push_back(absl::StrCat("--tls_cert=", own.cert));
    args.push_back(absl::StrCat("--tls_key=", own.key));
    args.push_back(absl::StrCat("--tokens=", TokensFileOf(options_.data_dir)));
    args.push_back(absl::StrCat(
        "--certificates=", CertificatesFileOf(TlsDirOf(options_.data_dir))));
  }
  if (service == ServiceName::kIntake) {
    args.push_back(absl::StrCat("--pseudonym_key=",
                                PseudonymKeyFileOf(options_.data_dir)));
    args.push_back(
        absl::StrCat("--threshold_address=", address(ServiceName::kThreshold)));
    args.push_back(
        absl::StrCat("--stepping_address=", address(ServiceName::kStepping)));
  }
  return args;
}

absl::Status LocalCluster::Launch(ServiceName service) {
  const int index = static_cast<int>(service);
  const std::string label = ServiceLabel(service);
  const std::string binary =
      absl::StrCat(options_.bin_dir, "/frontdoor-", label);
  const std::string port_file =
      absl::StrCat(options_.data_dir, "/logs/", label, ".port");
  const std::string metrics_port_file =
      absl::StrCat(options_.data_dir, "/logs/", label, ".metrics-port");
  std::error_code ignored;
  fs::remove(port_file, ignored);
  fs::remove(metrics_port_file, ignored);
  const std::string log = log_path(service);
  absl::StatusOr<pid_t> spawned =
      Spawn(binary, LaunchArgs(service, port_file, metrics_port_file), log);
  if (!spawned.ok()) return spawned.status();
  const pid_t pid = *spawned;
  pids_[index] = pid;

  // Wait for the port file, noticing an early exit (bad flag, port in use).
  const absl::Time give_up = absl::Now() + kStartTimeout;
  while (!fs::exists(port_file)) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      pids_[index] = 0;
      return absl::FailedPreconditionError(
          absl::StrCat("frontdoor-", label, " ", Describe(status),
                       " while starting; last lines of ", log, ":", Tail(log)));
    }
    if (absl::Now() > give_up) {
      return absl::DeadlineExceededError(
          absl::StrCat("frontdoor-", label, " did not start within 30 s"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::ifstream(port_file) >> ports_[index];
  // The service writes its metrics port before it serves calls.
  if (options_.metrics_ports[index] >= 0) {
    std::ifstream(metrics_port_file) >> metrics_ports_[index];
  }
  if (absl::Status s = UseTransportFor(address(service), client_); !s.ok()) {
    return s;
  }
  return WaitUntilServing(address(service), kStartTimeout);
}

absl::Status LocalCluster::StopOne(ServiceName service, int signal_number) {
  const int index = static_cast<int>(service);
  const pid_t pid = pids_[index];
  if (pid == 0) return absl::OkStatus();
  kill(pid, signal_number);
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (absl::Now() > give_up) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pids_[index] = 0;
  return absl::OkStatus();
}

absl::Status LocalCluster::Stop() {
  // Intake first, so nothing is in flight towards the others.
  for (ServiceName service : {ServiceName::kIntake, ServiceName::kThreshold,
                              ServiceName::kStepping}) {
    if (absl::Status s = StopOne(service, SIGTERM); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status LocalCluster::Kill(ServiceName service) {
  return StopOne(service, SIGKILL);
}

absl::Status LocalCluster::Terminate(ServiceName service) {
  return StopOne(service, SIGTERM);
}

absl::Status LocalCluster::Restart(ServiceName service) {
  if (pids_[static_cast<int>(service)] != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(ServiceLabel(service), " is still running"));
  }
  return Launch(service);
}

std::optional<LocalCluster::Exit> LocalCluster::WaitForAnyExit() {
  int status = 0;
  const pid_t pid = wait(&status);
  for (int i = 0; i < 3; ++i) {
    if (pids_[i] == pid && pid > 0) {
      pids_[i] = 0;
      return Exit{static_cast<ServiceName>(i), Describe(status)};
    }
  }
  return std::nullopt;
}

}  // namespace frontdoor
