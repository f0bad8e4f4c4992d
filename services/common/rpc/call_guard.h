// What every frontdoor server does around each call, whatever the service:
// counts the calls in flight (so shutdown waits for those, not for idle
// connections), times each call for the metrics, and turns gRPC's bare INTERNAL
// for a request that does not parse into INVALID_ARGUMENT saying why.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_CALL_GUARD_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_CALL_GUARD_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "grpcpp/support/server_interceptor.h"

namespace frontdoor {

// Told of each finished call: its full method name, its status code's name
// ("OK", "NOT_FOUND", ...) and how long it took in seconds.
using RpcObserver = std::function<void(
    const std::string& method, const std::string& code, double seconds)>;

// Makes one CallGuard per call. Thread-safe.
class CallGuardFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `observe` (may be empty) hears of every call as it finishes.
  explicit CallGuardFactory(RpcObserver observe = {})
      : observe_(std::move(observe)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

  // Calls started and not yet finished.
  int in_flight() const { return in_flight_.load(); }

 private:
  const RpcObserver observe_;
  std::atomic<int> in_flight_{0};
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_CALL_GUARD_H_
