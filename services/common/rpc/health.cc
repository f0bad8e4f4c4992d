// Health-check client. Waiting uses the wall clock: it is start-up plumbing,
// never a decision.
#include "services/common/rpc/health.h"

#include <chrono>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/common/rpc/renewable_stub.h"
#include "services/common/security/credentials.h"

namespace frontdoor {

absl::Status WaitUntilServing(const std::string& address,
                              absl::Duration timeout) {
  auto stub = grpc::health::v1::Health::NewStub(MakeChannel(address));
  const absl::Time give_up = absl::Now() + timeout;
  std::string last = "no answer";
  // At least one check, whatever the timeout: a zero timeout asks once.
  do {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(500));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = stub->Check(&context, request, &response);
    if (status.ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    last = status.ok() ? "not serving" : status.error_message();
    if (absl::Now() >= give_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (absl::Now() < give_up);
  return absl::UnavailableError(
      absl::StrCat(address, " is not serving: ", last));
}

absl::StatusOr<bool> IsServing(const std::string& address,
                               const std::string& service_name) {
  auto stub = grpc::health::v1::Health::NewStub(MakeChannel(address));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service_name);
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat(address, ": ", status.error_message()));
  }
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

struct HealthProbe::Channel {
  explicit Channel(std::string address) : stub(std::move(address)) {}
  RenewableStub<grpc::health::v1::Health> stub;
};

HealthProbe::HealthProbe(std::string address)
    : address_(address), channel_(std::make_unique<Channel>(address)) {}

HealthProbe::~HealthProbe() = default;

absl::Status HealthProbe::Check(absl::Duration deadline) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status =
      channel_->stub->Check(&context, request, &response);
  channel_->stub.Note(status);
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat(address_, " is not serving: ", status.error_message()));
  }
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    return absl::UnavailableError(
        absl::StrCat(address_, " is not serving: not serving"));
  }
  return absl::OkStatus();
}

}  // namespace frontdoor
