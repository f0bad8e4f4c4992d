// A request gRPC cannot parse (a proto3 string holding invalid UTF-8, or
// malformed bytes) never reaches a handler: gRPC answers INTERNAL with an
// empty message, which blames the server. For unary and server-streaming
// calls the guard sees the missing message and says what it was instead.
// (On a bidirectional stream such a message ends the reads as a half-close
// would; gRPC gives a server no way to tell the two apart.)
#include "services/common/rpc/call_guard.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/support/status.h"

namespace frontdoor {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallGuard : public grpc::experimental::Interceptor {
 public:
  CallGuard(grpc::experimental::ServerRpcInfo* info,
            std::atomic<int>* in_flight, const RpcObserver* observe)
      : info_(info),
        in_flight_(in_flight),
        observe_(observe),
        start_(absl::Now()) {
    in_flight_->fetch_add(1);
  }
  ~CallGuard() override {
    if (*observe_) {
      (*observe_)(
          info_->method(),
          absl::StatusCodeToString(static_cast<absl::StatusCode>(code_)),
          absl::ToDoubleSeconds(absl::Now() - start_));
    }
    in_flight_->fetch_sub(1);
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      unparsed_ = true;
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      code_ = methods->GetSendStatus().error_code();
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS) &&
        unparsed_ && SingleRequest()) {
      const grpc::Status sent = methods->GetSendStatus();
      // gRPC's own parse failure: INTERNAL and nothing said.
      if (sent.error_code() == grpc::StatusCode::INTERNAL &&
          sent.error_message().empty()) {
        code_ = grpc::StatusCode::INVALID_ARGUMENT;
        methods->ModifySendStatus(grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT,
            absl::StrCat("request: is not a valid ", info_->method(),
                         " message (a string field holds invalid UTF-8, or "
                         "the bytes are malformed); nothing was stored")));
      }
    }
    methods->Proceed();
  }

 private:
  // Calls whose one request is parsed before the handler runs.
  bool SingleRequest() const {
    using Type = grpc::experimental::ServerRpcInfo::Type;
    return info_->type() == Type::UNARY ||
           info_->type() == Type::SERVER_STREAMING;
  }

  grpc::experimental::ServerRpcInfo* const info_;
  std::atomic<int>* const in_flight_;
  const RpcObserver* const observe_;
  const absl::Time start_;
  // The status sent; a call cancelled before it has none, and counts as
  // CANCELLED.
  int code_ = grpc::StatusCode::CANCELLED;
  bool unparsed_ = false;
};

}  // namespace

grpc::experimental::Interceptor* CallGuardFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallGuard(info, &in_flight_, &observe_);
}

}  // namespace frontdoor
