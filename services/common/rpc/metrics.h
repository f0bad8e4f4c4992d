// Prometheus metrics over HTTP, for operators: each service serves
// /metrics on its own port. Values are read from the service's plain
// classes when Prometheus scrapes, so the domain code keeps counting in
// atomics and never sees the Prometheus library; RPC latencies come from
// the server's call interceptor.
#ifndef FRONTDOOR_SERVICES_COMMON_RPC_METRICS_H_
#define FRONTDOOR_SERVICES_COMMON_RPC_METRICS_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace frontdoor {

class Store;

// One value of a metric, with its labels.
struct MetricSample {
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

// A service's metrics endpoint and what it reports: its own metrics, the
// process's (process_cpu_seconds_total, process_resident_memory_bytes,
// process_open_fds, ...) and frontdoor_build_info{version}. Thread-safe.
class Metrics {
 public:
  struct Impl;

  // Serves http://`listen`/metrics ("127.0.0.1:9151"; port 0 picks a free
  // one), writing the bound port to `port_file` when it is set. Every
  // metric carries the label service=`service`.
  static absl::StatusOr<std::unique_ptr<Metrics>> Serve(
      const std::string& service, const std::string& listen,
      const std::string& port_file);
  ~Metrics();

  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The port it serves on.
  int port() const;

  // A counter (only ever rising; Prometheus names end in _total) or a
  // gauge whose samples `read` returns at each scrape.
  void AddCounter(const std::string& name, const std::string& help,
                  std::function<std::vector<MetricSample>()> read);
  void AddGauge(const std::string& name, const std::string& help,
                std::function<std::vector<MetricSample>()> read);

  // The bytes each of `store`'s column families holds on disk and in
  // memory (frontdoor_rocksdb_sst_bytes, frontdoor_rocksdb_memtable_bytes),
  // and the keys and bytes written to it (frontdoor_rocksdb_keys_written_total,
  // frontdoor_rocksdb_write_bytes_total). `store` must outlive this object.
  void AddStoreSizes(const Store* store);

  // One RPC served: its full method name, status code name and duration,
  // into the histogram frontdoor_rpc_duration_seconds.
  void ObserveRpc(const std::string& method, const std::string& code,
                  double seconds);
  // One call to another frontdoor service (`peer`: "threshold",
  // "stepping"), into frontdoor_peer_call_duration_seconds; the gauge
  // frontdoor_peer_up says whether each peer's last call succeeded.
  void ObservePeerCall(const std::string& peer, const std::string& method,
                       const std::string& code, double seconds);

  // ObserveRpc as a function, for ServerOptions.observe_rpc.
  std::function<void(const std::string&, const std::string&, double)>
  RpcObserver();

 private:
  explicit Metrics(std::unique_ptr<Impl> impl);
  // frontdoor_build_info{version}.
  void AddBuildInfo();
  std::unique_ptr<Impl> impl_;
};

// The endpoint --metrics_listen asks for (with --metrics_port_file), or
// nullptr when the flag is empty.
absl::StatusOr<std::unique_ptr<Metrics>> MetricsFromFlags(
    const std::string& service);

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_COMMON_RPC_METRICS_H_
