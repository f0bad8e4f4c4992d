// Server bootstrap implementation. Signals are blocked in every thread and
// taken by sigwait in one, so no handler runs inside gRPC's threads.
#include "services/common/rpc/server.h"

#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpc/support/log.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "lib/domain/text_files.h"
#include "services/common/rpc/call_guard.h"
#include "services/common/rpc/log.h"
#include "services/common/security/credentials.h"

namespace frontdoor {
namespace {

// Threads a server keeps waiting for calls: one per run delivered at once
// and a few for reads, on any machine's core count.
constexpr int kMaxIdleThreads = 16;
// Threads a server runs handlers on at most: past it, a new call is refused
// with RESOURCE_EXHAUSTED instead of a thread being made for it, however
// many callers hold calls open. Room for every stream intake allows (each
// also has a writer thread of its own) and the unary calls beside them.
constexpr int kMaxThreads = 256;
// Streams one connection may have open at once (HTTP/2's
// SETTINGS_MAX_CONCURRENT_STREAMS): a client past it waits for one to end.
constexpr int kMaxStreamsPerConnection = 100;
// Memory gRPC may give connections' buffers, in all: under pressure it
// shrinks them rather than grow with the number of idle connections.
constexpr size_t kMaxTransportBytes = size_t{128} << 20;

void GrpcLogLine(gpr_log_func_args* args) {
  Log(args->severity == GPR_LOG_SEVERITY_ERROR ? LogLevel::kError
                                               : LogLevel::kInfo,
      args->message, {}, {{"source", "grpc"}});
}

absl::Status WritePortFile(const std::string& path, int port) {
  if (absl::Status s = WritePrivateFile(path, absl::StrCat(port, "\n"));
      !s.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("port_file: ", s.message()));
  }
  return absl::OkStatus();
}

}  // namespace

namespace {

// Stop signals wait for sigwait (blocked before gRPC starts its threads,
// which inherit the mask); a launcher's death stops the service too.
absl::Status TakeStopSignals(const ServerOptions& options,
                             sigset_t& stop_signals) {
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  if (options.parent_pid != 0) {
    // The kernel sends SIGTERM when the launcher dies; checking the parent
    // afterwards covers a launcher that died before the call.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != options.parent_pid) {
      return absl::FailedPreconditionError(absl::StrCat(
          "parent_pid: launcher ", options.parent_pid, " has exited"));
    }
  }
  return absl::OkStatus();
}

// The server as every frontdoor service runs it: its port (written to
// `selected_port` once bound), credentials, message limit, idle threads and
// the call guard (`calls`, owned by the server).
std::unique_ptr<grpc::Server> BuildServer(
    const ServerOptions& options, const std::vector<grpc::Service*>& services,
    int& selected_port, const CallGuardFactory*& calls) {
  grpc::ServerBuilder builder;
  // One process per port: with SO_REUSEPORT (gRPC's default on Linux) a
  // second instance would bind the same port and split the traffic.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options.listen_address,
                           ServerCredentials(options.allowed_peers),
                           &selected_port);
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  grpc::ResourceQuota quota(options.name);
  quota.SetMaxThreads(kMaxThreads);
  quota.Resize(kMaxTransportBytes);
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             kMaxStreamsPerConnection);
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_IDLE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(IdleConnectionTimeout())));
  // A connection that has not finished its TLS handshake by then is
  // dropped (gRPC's default is two minutes).
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, 10000);
  // Idle threads wait for the next call rather than exit: with the default
  // of at most two, calls from several runs at once made the server start
  // and end a thread for nearly every call.
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, kMaxIdleThreads);
  // The server owns the factory and outlives every use of `calls`.
  auto guard = std::make_unique<CallGuardFactory>(options.observe_rpc);
  calls = guard.get();
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      creators;
  creators.push_back(std::move(guard));
  builder.experimental().SetInterceptorCreators(std::move(creators));
  for (grpc::Service* service : services) builder.RegisterService(service);
  return builder.BuildAndStart();
}

// Checks in a row a peer must fail before the service says NOT_SERVING:
// one slow answer while both cores are busy is load, not a fault (intake's
// health flapped six times in an hour of heavy use on one failed check).
constexpr int kFailedChecksBeforeNotServing = 3;

// Follows whether the service's peers answer, once a second until
// `stopping`, in the health status of the service's own name.
void WatchReadiness(const ServerOptions& options,
                    grpc::HealthCheckServiceInterface* health,
                    const absl::Notification& stopping) {
  std::string was;  // the code last logged; empty while ready
  int failed = 0;   // checks failed in a row
  do {
    const absl::Status ready = options.readiness();
    failed = ready.ok() ? 0 : failed + 1;
    // Serving again at once; not serving only once the failures last.
    std::string now = was;
    if (ready.ok()) {
      now.clear();
    } else if (failed >= kFailedChecksBeforeNotServing) {
      now = absl::StatusCodeToString(ready.code());
    }
    if (now != was) {
      health->SetServingStatus(options.health_name, ready.ok());
      if (ready.ok()) {
        Log(LogLevel::kInfo, "serving again: the peers answer");
      } else {
        Log(LogLevel::kWarning, "not serving: a peer does not answer", {},
            {{"health_name", options.health_name},
             {"reason", std::string(ready.message())}});
      }
      was = now;
    }
  } while (!stopping.WaitForNotificationWithTimeout(absl::Seconds(1)));
}

}  // namespace

absl::Status ServeUntilSignalled(const ServerOptions& options,
                                 const std::vector<grpc::Service*>& services,
                                 const std::function<void()>& on_stopping) {
  sigset_t stop_signals;
  if (absl::Status s = TakeStopSignals(options, stop_signals); !s.ok()) {
    return s;
  }
  // gRPC's own lines go into the service's log as JSON lines too.
  gpr_set_log_function(GrpcLogLine);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  int selected_port = 0;
  const CallGuardFactory* calls = nullptr;
  std::unique_ptr<grpc::Server> server =
      BuildServer(options, services, selected_port, calls);
  if (server == nullptr || selected_port == 0) {
    return absl::UnavailableError(
        absl::StrCat("listen: cannot listen on ", options.listen_address,
                     " (is another instance already serving it?)"));
  }
  if (!options.port_file.empty()) {
    if (absl::Status s = WritePortFile(options.port_file, selected_port);
        !s.ok()) {
      server->Shutdown();
      return s;
    }
  }
  Log(LogLevel::kInfo, "serving", {}, {{"port", absl::StrCat(selected_port)}});

  // Readiness: the service's own name follows whether its peers answer.
  absl::Notification stopping;
  std::thread watch;
  if (options.readiness && !options.health_name.empty()) {
    grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
    health->SetServingStatus(options.health_name, true);
    watch = std::thread([&options, &stopping, health] {
      WatchReadiness(options, health, stopping);
    });
  }

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  stopping.Notify();
  if (watch.joinable()) watch.join();
  Log(LogLevel::kInfo, "shutting down", {},
      {{"signal", absl::StrCat(signal_number)}});
  if (on_stopping) on_stopping();
  // Calls in flight get up to 5 s to finish; then whatever is left (idle
  // connections included, which a client may only notice seconds later) is
  // cancelled at once.
  const absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (calls->in_flight() > 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  server->Shutdown(std::chrono::system_clock::now());
  server->Wait();
  Log(LogLevel::kInfo, "stopped");
  return absl::OkStatus();
}

}  // namespace frontdoor
