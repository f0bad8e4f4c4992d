// A stub whose channel is replaced when it keeps failing. Under mutual TLS
// a channel to a service killed and restarted many times could stay
// failing ("Socket closed") for minutes while a new channel to the same
// address connected at once (the crash test under TLS, 2026-12-05; as in
// grpc/grpc#33593). Header-only: it is a template over the service.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_RENEWABLE_STUB_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_RENEWABLE_STUB_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "services/common/security/credentials.h"

namespace frontdoor {

// How long calls may fail UNAVAILABLE before a new channel is made.
inline constexpr absl::Duration kRenewChannelAfter = absl::Seconds(5);

// A stub of `Service` at one address, renewed on a new channel (its own
// connection) after kRenewChannelAfter of nothing but UNAVAILABLE.
// Thread-safe. A call on another thread may still be using a replaced
// stub, so the last kKeptStubs are kept: renewals are at least
// kRenewChannelAfter apart, so the oldest dropped is minutes old, longer
// than any call that failed its way through them.
template <typename Service>
class RenewableStub {
 public:
  explicit RenewableStub(std::string address) : address_(std::move(address)) {
    RenewLocked(absl::Now());
  }

  typename Service::Stub* operator->() const { return current_.load(); }

  // Counts a call's outcome: UNAVAILABLE since kRenewChannelAfter ago, and
  // not renewed since, makes later calls go on a new channel.
  void Note(const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mu_);
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE) {
      failing_since_ = absl::InfiniteFuture();
      return;
    }
    const absl::Time now = absl::Now();
    if (failing_since_ == absl::InfiniteFuture()) failing_since_ = now;
    if (now - failing_since_ >= kRenewChannelAfter) RenewLocked(now);
  }

  // Points later calls at a stub on a new channel, unless the stub was
  // renewed less than kRenewChannelAfter ago (by any thread).
  void Renew() {
    std::lock_guard<std::mutex> lock(mu_);
    RenewLocked(absl::Now());
  }

 private:
  static constexpr size_t kKeptStubs = 64;

  void RenewLocked(absl::Time now) {
    if (now - renewed_ < kRenewChannelAfter) return;
    all_.push_back(Service::NewStub(MakeChannel(address_)));
    current_.store(all_.back().get());
    if (all_.size() > kKeptStubs) all_.erase(all_.begin());
    renewed_ = now;
  }

  const std::string address_;
  std::mutex mu_;
  std::vector<std::unique_ptr<typename Service::Stub>> all_;
  std::atomic<typename Service::Stub*> current_{nullptr};
  absl::Time failing_since_ = absl::InfiniteFuture();
  absl::Time renewed_ = absl::InfinitePast();
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_RENEWABLE_STUB_H_
