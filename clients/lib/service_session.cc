// Service sessions.
#include "clients/lib/service_session.h"

#include <cstdio>

#include "absl/strings/str_cat.h"

namespace frontdoor::cli {

std::vector<OptionSpec> SessionOptions(bool with_policy) {
  std::vector<OptionSpec> options = AddressOptions();
  for (OptionSpec& o : options) {
    o.help += " (with --intake: use running services)";
  }
  options.push_back({"data_dir", "./frontdoor-data",
                     "without --intake: start the services for this command "
                     "with their data here"});
  if (with_policy) {
    options.push_back({"policy", "",
                       "without --intake: the threshold policy file to start "
                       "with (default: shipped)"});
  }
  return options;
}

absl::StatusOr<std::unique_ptr<ServiceSession>> ServiceSession::Open(
    const Args& args) {
  auto session = std::make_unique<ServiceSession>();
  if (args.Given("intake")) {
    session->client_ = std::make_unique<ServiceClient>(args);
    return session;
  }
  ClusterOptions options;
  options.data_dir = args.Get("data_dir");
  if (args.Declared("policy") && args.All("policy").size() == 1) {
    options.policy_file = args.Get("policy");
  }
  options.intake_port = options.threshold_port = options.stepping_port = 0;
  std::fprintf(stderr, "starting the services (data in %s)...\n",
               options.data_dir.c_str());
  absl::StatusOr<std::unique_ptr<LocalCluster>> cluster =
      LocalCluster::Start(options);
  if (!cluster.ok()) {
    return absl::Status(
        cluster.status().code(),
        absl::StrCat(cluster.status().message(),
                     "\n(if `frontdoor up` is using that folder, pass "
                     "--intake=127.0.0.1:50051 to use it)"));
  }
  session->cluster_ = *std::move(cluster);
  session->client_ = std::make_unique<ServiceClient>(
      session->cluster_->address(ServiceName::kIntake),
      session->cluster_->address(ServiceName::kStepping),
      session->cluster_->address(ServiceName::kThreshold));
  return session;
}

}  // namespace frontdoor::cli
