// Service sessions.
#include "clients/lib/service_session.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "clients/lib/data_folder.h"
#include "clients/lib/stack_lock.h"
#include "services/common/rpc/health.h"
#include "services/common/security/local_ca.h"

namespace frontdoor::cli {

std::vector<OptionSpec> SessionOptions(bool with_policy) {
  std::vector<OptionSpec> options = AddressOptions();
  options.push_back({"data_dir", DefaultDataDir(),
                     "the data folder: the stack running on it is used, or "
                     "one is started on it for this command (default: this "
                     "folder if it is one, else ./frontdoor-data if it "
                     "exists, else the user's folder)"});
  if (with_policy) {
    options.push_back({"policy", "",
                       "when starting services for this command: the "
                       "threshold policy file (default: shipped)"});
  }
  return options;
}

namespace {

// Whether something accepts a TCP connection at "host:port".
bool AcceptsTcp(const std::string& address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) return false;
  addrinfo hints = {};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(address.substr(0, colon).c_str(),
                  address.substr(colon + 1).c_str(), &hints, &found) != 0) {
    return false;
  }
  bool accepted = false;
  for (addrinfo* a = found; a != nullptr && !accepted; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    accepted = connect(fd, a->ai_addr, a->ai_addrlen) == 0;
    close(fd);
  }
  freeaddrinfo(found);
  return accepted;
}

// Why the intake at `address` did not answer, in the user's terms: nothing
// listens there, or something does and the call failed, most often a TLS
// handshake with the certificates of another data folder.
std::string WhyNoAnswer(const std::string& address, const std::string& data_dir,
                        const absl::Status& status) {
  const std::string base = absl::StrCat("no frontdoor-intake answers at ",
                                        address, ": ", status.message());
  if (!AcceptsTcp(address)) return absl::StrCat(base, " (nothing listens)");
  std::error_code ignored;
  const std::string tls =
      TlsDirOf(std::filesystem::absolute(data_dir, ignored).string());
  if (std::filesystem::exists(absl::StrCat(tls, "/ca.pem"), ignored)) {
    return absl::StrCat(
        base, ". Something listens there, so the TLS handshake is the likely ",
        "cause: it used ", tls, "/ca.pem and ", tls, "/admin.pem; if those ",
        "services keep their data in another folder, set FRONTDOOR_DATA_DIR ",
        "(or --data_dir) to it");
  }
  return absl::StrCat(
      base, ". Something listens there, and this command called in plaintext ",
      "because ", data_dir, " holds no tls/ca.pem; if those services serve ",
      "TLS, set FRONTDOOR_DATA_DIR (or --data_dir) to their data folder");
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServiceSession>> ServiceSession::Open(
    const Args& args, bool starts_with_policy) {
  auto session = std::make_unique<ServiceSession>();
  const auto note_policy = [&] {
    if (starts_with_policy && args.Declared("policy") && args.Given("policy")) {
      std::fprintf(stderr,
                   "note: --policy applies only to services started for the "
                   "command; load it with `frontdoor policy load`\n");
    }
  };
  // An address given on the command line or in the environment must answer
  // (it may be starting).
  if (args.Given("intake")) {
    const std::string intake = args.Get("intake");
    if (absl::Status s = WaitUntilServing(intake, absl::Seconds(10)); !s.ok()) {
      return absl::UnavailableError(
          WhyNoAnswer(intake, args.Get("data_dir"), s));
    }
    std::fprintf(stderr, "using the services running at %s\n", intake.c_str());
    note_policy();
    session->client_ = std::make_unique<ServiceClient>(args);
    return session;
  }
  // Otherwise the data folder says what runs: the stack of `frontdoor up`
  // that holds its lock, however busy, or another command's own (refused:
  // it stops when that command ends), or none, and then one is started for
  // this command. Never a second one on the same stores.
  const std::string data_dir = args.Get("data_dir");
  const auto use_running = [&](const std::array<std::string, 3>& addresses)
      -> absl::StatusOr<std::unique_ptr<ServiceSession>> {
    const std::string& intake =
        addresses[static_cast<int>(ServiceName::kIntake)];
    // A busy stack answers slowly; it is there, so it is waited for.
    if (absl::Status s = WaitUntilServing(intake, absl::Seconds(60)); !s.ok()) {
      return absl::UnavailableError(absl::StrCat(
          "the services of ", data_dir, " hold its lock but intake at ", intake,
          " does not answer: ", s.message()));
    }
    std::fprintf(stderr, "using the services of %s (intake at %s)\n",
                 data_dir.c_str(), intake.c_str());
    note_policy();
    session->client_ = std::make_unique<ServiceClient>(
        intake, addresses[static_cast<int>(ServiceName::kStepping)],
        addresses[static_cast<int>(ServiceName::kThreshold)]);
    return std::move(session);
  };
  absl::StatusOr<std::array<std::string, 3>> running =
      RunningStackAddresses(data_dir, absl::Seconds(60));
  if (running.ok()) return use_running(*running);
  if (!absl::IsNotFound(running.status())) return running.status();

  ClusterOptions options;
  options.data_dir = data_dir;
  if (args.Declared("policy") && args.All("policy").size() == 1) {
    options.policy_file = args.Get("policy");
  }
  options.intake_port = options.threshold_port = options.stepping_port = 0;
  std::fprintf(stderr,
               "no services run on %s: starting them for this command\n",
               data_dir.c_str());
  absl::StatusOr<std::unique_ptr<LocalCluster>> cluster =
      LocalCluster::Start(options);
  if (absl::IsFailedPrecondition(cluster.status())) {
    // The folder was taken meanwhile: by `up`, whose stack is this one's,
    // or by another command, which is said.
    running = RunningStackAddresses(data_dir, absl::Seconds(60));
    if (running.ok()) return use_running(*running);
    if (!absl::IsNotFound(running.status())) return running.status();
  }
  if (!cluster.ok()) return cluster.status();
  session->cluster_ = *std::move(cluster);
  session->client_ = std::make_unique<ServiceClient>(
      session->cluster_->address(ServiceName::kIntake),
      session->cluster_->address(ServiceName::kStepping),
      session->cluster_->address(ServiceName::kThreshold));
  return session;
}

}  // namespace frontdoor::cli
