// Service sessions.
#include "clients/lib/service_session.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "services/common/rpc/health.h"

namespace frontdoor::cli {

std::vector<OptionSpec> SessionOptions(bool with_policy) {
  std::vector<OptionSpec> options = AddressOptions();
  options.push_back({"data_dir", "./frontdoor-data",
                     "when no services answer at --intake: start them for "
                     "this command with their data here"});
  if (with_policy) {
    options.push_back({"policy", "",
                       "when starting services for this command: the "
                       "threshold policy file (default: shipped)"});
  }
  return options;
}

absl::StatusOr<std::unique_ptr<ServiceSession>> ServiceSession::Open(
    const Args& args, bool starts_with_policy) {
  auto session = std::make_unique<ServiceSession>();
  const std::string intake = args.Get("intake");
  // Running services are used when they answer; an address given on the
  // command line or in the environment must answer (and may be starting).
  // The default address is asked once: a refused connection answers at
  // once, and polling it would delay every command that starts its own.
  const absl::Status running = WaitUntilServing(
      intake, args.Given("intake") ? absl::Seconds(10) : absl::ZeroDuration());
  if (running.ok()) {
    std::fprintf(stderr, "using the services running at %s\n", intake.c_str());
    if (starts_with_policy && args.Declared("policy") && args.Given("policy")) {
      std::fprintf(stderr,
                   "note: --policy applies only to services started for the "
                   "command; load it with `frontdoor policy load`\n");
    }
    session->client_ = std::make_unique<ServiceClient>(args);
    return session;
  }
  if (args.Given("intake")) {
    return absl::UnavailableError(absl::StrCat(
        "no frontdoor-intake answers at ", intake, ": ", running.message()));
  }
  ClusterOptions options;
  options.data_dir = args.Get("data_dir");
  if (args.Declared("policy") && args.All("policy").size() == 1) {
    options.policy_file = args.Get("policy");
  }
  options.intake_port = options.threshold_port = options.stepping_port = 0;
  std::fprintf(stderr,
               "no services answer at %s: starting them for this command "
               "(data in %s)\n",
               intake.c_str(), options.data_dir.c_str());
  absl::StatusOr<std::unique_ptr<LocalCluster>> cluster =
      LocalCluster::Start(options);
  if (!cluster.ok()) return cluster.status();
  session->cluster_ = *std::move(cluster);
  session->client_ = std::make_unique<ServiceClient>(
      session->cluster_->address(ServiceName::kIntake),
      session->cluster_->address(ServiceName::kStepping),
      session->cluster_->address(ServiceName::kThreshold));
  return session;
}

}  // namespace frontdoor::cli
