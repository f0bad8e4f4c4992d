// Metrics through prometheus-cpp: a registry for the RPC and peer-call
// histograms, and a collectable that reads the service's own counters, and
// the process's, at scrape time.
#include "services/common/rpc/metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "CivetServer.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "civetweb.h"
#include "lib/domain/text_files.h"
#include "prometheus/collectable.h"
#include "prometheus/exposer.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"
#include "services/common/storage/store.h"

#ifndef FRONTDOOR_VERSION
#define FRONTDOOR_VERSION "unknown"
#endif

ABSL_FLAG(std::string, metrics_listen, "",
          "host:port to serve Prometheus metrics on, at /metrics (port 0 "
          "picks a free port); empty: no metrics");
ABSL_FLAG(std::string, metrics_port_file, "",
          "if set, write the metrics port here once serving");

namespace frontdoor {
namespace {

// Families read from callbacks at each scrape.
class ReadAtScrape : public prometheus::Collectable {
 public:
  explicit ReadAtScrape(std::string service) : service_(std::move(service)) {}

  void Add(const std::string& name, const std::string& help,
           prometheus::MetricType type,
           std::function<std::vector<MetricSample>()> read) {
    absl::MutexLock lock(&mu_);
    families_.push_back({name, help, type, std::move(read)});
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    absl::MutexLock lock(&mu_);
    std::vector<prometheus::MetricFamily> out;
    for (const Family& f : families_) {
      prometheus::MetricFamily family{f.name, f.help, f.type, {}};
      for (const MetricSample& sample : f.read()) {
        prometheus::ClientMetric metric;
        metric.label.push_back({"service", service_});
        for (const auto& [name, value] : sample.labels) {
          metric.label.push_back({name, value});
        }
        if (f.type == prometheus::MetricType::Counter) {
          metric.counter.value = sample.value;
        } else {
          metric.gauge.value = sample.value;
        }
        family.metric.push_back(std::move(metric));
      }
      out.push_back(std::move(family));
    }
    return out;
  }

 private:
  struct Family {
    std::string name;
    std::string help;
    prometheus::MetricType type;
    std::function<std::vector<MetricSample>()> read;
  };
  const std::string service_;
  mutable absl::Mutex mu_;
  std::vector<Family> families_ ABSL_GUARDED_BY(mu_);
};

// The process's CPU time, memory, open files and start, as Prometheus's
// own clients name them, from /proc.
std::vector<std::pair<std::string, double>> ProcessFigures() {
  std::vector<std::pair<std::string, double>> out;
  const absl::StatusOr<std::string> stat = ReadTextFile("/proc/self/stat");
  const absl::StatusOr<std::string> system = ReadTextFile("/proc/stat");
  if (stat.ok()) {
    // Fields after the command name, which may hold spaces: state is 3rd.
    const size_t close = stat->rfind(')');
    const std::vector<std::string> f =
        absl::StrSplit(stat->substr(close + 2), ' ');
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    if (f.size() > 21) {
      out.emplace_back("process_cpu_seconds_total",
                       (std::stod(f[11]) + std::stod(f[12])) / ticks);
      out.emplace_back("process_virtual_memory_bytes", std::stod(f[20]));
      out.emplace_back("process_resident_memory_bytes",
                       std::stod(f[21]) * page);
      double boot = 0;
      if (system.ok()) {
        for (absl::string_view line : absl::StrSplit(*system, '\n')) {
          if (absl::ConsumePrefix(&line, "btime ")) {
            boot = std::stod(std::string(line));
          }
        }
      }
      out.emplace_back("process_start_time_seconds",
                       boot + std::stod(f[19]) / ticks);
    }
  }
  std::error_code ec;
  double fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds;
  }
  out.emplace_back("process_open_fds", fds);
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out.emplace_back("process_max_fds", static_cast<double>(limit.rlim_cur));
  }
  return out;
}

// The process's families, from one read of /proc at each scrape.
class ProcessFamilies : public prometheus::Collectable {
 public:
  explicit ProcessFamilies(std::string service)
      : service_(std::move(service)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> out;
    for (const auto& [name, value] : ProcessFigures()) {
      const bool counter = name == "process_cpu_seconds_total";
      prometheus::MetricFamily family{
          name,
          absl::StrCat("The process's ", name,
                       " (from /proc, as Prometheus clients report it)"),
          counter ? prometheus::MetricType::Counter
                  : prometheus::MetricType::Gauge,
          {}};
      prometheus::ClientMetric metric;
      metric.label.push_back({"service", service_});
      if (counter) {
        metric.counter.value = value;
      } else {
        metric.gauge.value = value;
      }
      family.metric.push_back(std::move(metric));
      out.push_back(std::move(family));
    }
    return out;
  }

 private:
  const std::string service_;
};

}  // namespace

struct Metrics::Impl {
  // Outlives the exposer, whose server calls it.
  CivetCallbacks callbacks;
  std::unique_ptr<prometheus::Exposer> exposer;
  std::shared_ptr<prometheus::Registry> registry;
  std::shared_ptr<ReadAtScrape> read;
  std::shared_ptr<ProcessFamilies> process;
  prometheus::Family<prometheus::Histogram>* rpc = nullptr;
  prometheus::Family<prometheus::Histogram>* peer_calls = nullptr;
  absl::Mutex peers_mu;
  // Whether each peer's last call succeeded.
  std::map<std::string, bool> peer_up ABSL_GUARDED_BY(peers_mu);
};

namespace {

// The one Metrics a service process serves (set by Serve, read by the HTTP
// threads).
absl::Mutex served_mu(absl::kConstInit);
Metrics::Impl* served ABSL_GUARDED_BY(served_mu) = nullptr;

// Answers GET /metrics with the service's own families only: prometheus-cpp
// adds its exporter's (exposer_*), whose latency summary reads "Nan" until
// it has seen a scrape, to every page it serves itself.
int ServeMetricsPage(mg_connection* connection) {
  const mg_request_info* request = mg_get_request_info(connection);
  if (request == nullptr || request->local_uri == nullptr ||
      std::string_view(request->local_uri) != "/metrics") {
    return 0;
  }
  std::vector<prometheus::MetricFamily> families;
  {
    absl::MutexLock lock(&served_mu);
    if (served == nullptr) return 0;
    families = served->registry->Collect();
    for (const prometheus::Collectable* more :
         {static_cast<const prometheus::Collectable*>(served->read.get()),
          static_cast<const prometheus::Collectable*>(served->process.get())}) {
      for (prometheus::MetricFamily& f : more->Collect()) {
        families.push_back(std::move(f));
      }
    }
  }
  const std::string body = prometheus::TextSerializer().Serialize(families);
  mg_printf(connection,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; "
            "charset=utf-8\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
            body.size());
  mg_write(connection, body.data(), body.size());
  return 200;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Metrics>> Metrics::Serve(
    const std::string& service, const std::string& listen,
    const std::string& port_file) {
  auto impl = std::make_unique<Impl>();
  impl->callbacks.begin_request = ServeMetricsPage;
  try {
    impl->exposer =
        std::make_unique<prometheus::Exposer>(listen, 2, &impl->callbacks);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat(
        "metrics_listen: cannot serve metrics on ", listen, ": ", e.what()));
  }
  impl->registry = std::make_shared<prometheus::Registry>();
  impl->read = std::make_shared<ReadAtScrape>(service);
  impl->process = std::make_shared<ProcessFamilies>(service);
  impl->rpc = &prometheus::BuildHistogram()
                   .Name("frontdoor_rpc_duration_seconds")
                   .Help("Time to serve an RPC, by method and status code")
                   .Labels({{"service", service}})
                   .Register(*impl->registry);
  impl->peer_calls =
      &prometheus::BuildHistogram()
           .Name("frontdoor_peer_call_duration_seconds")
           .Help(
               "Time of a call to another frontdoor service, by peer, "
               "method and status code")
           .Labels({{"service", service}})
           .Register(*impl->registry);
  impl->exposer->RegisterCollectable(impl->registry);
  impl->exposer->RegisterCollectable(impl->read);
  {
    absl::MutexLock lock(&served_mu);
    served = impl.get();
  }
  std::unique_ptr<Metrics> metrics(new Metrics(std::move(impl)));
  metrics->AddBuildInfo();
  if (!port_file.empty()) {
    if (absl::Status s =
            WritePrivateFile(port_file, absl::StrCat(metrics->port(), "\n"));
        !s.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("metrics_port_file: ", s.message()));
    }
  }
  return metrics;
}

Metrics::Metrics(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Metrics::~Metrics() {
  absl::MutexLock lock(&served_mu);
  if (served == impl_.get()) served = nullptr;
}

void Metrics::AddBuildInfo() {
  AddGauge(
      "frontdoor_build_info",
      "Always 1: the frontdoor version this service was built from", [] {
        return std::vector<MetricSample>{{{{"version", FRONTDOOR_VERSION}}, 1}};
      });
}

int Metrics::port() const {
  const std::vector<int> ports = impl_->exposer->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

void Metrics::AddCounter(const std::string& name, const std::string& help,
                         std::function<std::vector<MetricSample>()> read) {
  impl_->read->Add(name, help, prometheus::MetricType::Counter,
                   std::move(read));
}

void Metrics::AddGauge(const std::string& name, const std::string& help,
                       std::function<std::vector<MetricSample>()> read) {
  impl_->read->Add(name, help, prometheus::MetricType::Gauge, std::move(read));
}

void Metrics::AddStoreSizes(const Store* store) {
  const auto sizes = [store](bool on_disk) {
    std::vector<MetricSample> samples;
    for (const Store::FamilySize& size : store->Sizes()) {
      samples.push_back({{{"column_family", size.family}},
                         static_cast<double>(on_disk ? size.sst_bytes
                                                     : size.memtable_bytes)});
    }
    return samples;
  };
  AddGauge("frontdoor_rocksdb_sst_bytes",
           "Bytes of RocksDB SST files, by column family",
           [sizes] { return sizes(true); });
  AddGauge("frontdoor_rocksdb_memtable_bytes",
           "Bytes of RocksDB memtables, by column family",
           [sizes] { return sizes(false); });
  AddCounter("frontdoor_rocksdb_keys_written_total",
             "Keys put or deleted in RocksDB write batches applied", [store] {
               return std::vector<MetricSample>{
                   {{}, static_cast<double>(store->WrittenSoFar().keys)}};
             });
  AddCounter("frontdoor_rocksdb_write_bytes_total",
             "Bytes of RocksDB write batches applied (what the write-ahead "
             "log receives)",
             [store] {
               return std::vector<MetricSample>{
                   {{}, static_cast<double>(store->WrittenSoFar().bytes)}};
             });
}

void Metrics::ObserveRpc(const std::string& method, const std::string& code,
                         double seconds) {
  // From 100 microseconds to 10 seconds: a batch of decisions takes
  // milliseconds, a scan of a year's run seconds.
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
  impl_->rpc->Add({{"method", method}, {"code", code}}, kBuckets)
      .Observe(seconds);
}

void Metrics::ObservePeerCall(const std::string& peer,
                              const std::string& method,
                              const std::string& code, double seconds) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  impl_->peer_calls
      ->Add({{"peer", peer}, {"method", method}, {"code", code}}, kBuckets)
      .Observe(seconds);
  bool first_peer = false;
  {
    absl::MutexLock lock(&impl_->peers_mu);
    first_peer = impl_->peer_up.empty();
    impl_->peer_up[peer] = code == "OK";
  }
  if (!first_peer) return;
  // The gauge's family, once a peer is known; added without peers_mu held,
  // since a scrape takes the families' lock before the gauge takes it.
  Impl* impl = impl_.get();
  AddGauge("frontdoor_peer_up",
           "1 when the last call to the peer succeeded, 0 when it failed",
           [impl] {
             absl::MutexLock lock(&impl->peers_mu);
             std::vector<MetricSample> samples;
             for (const auto& [name, up] : impl->peer_up) {
               samples.push_back({{{"peer", name}}, up ? 1.0 : 0.0});
             }
             return samples;
           });
}

std::function<void(const std::string&, const std::string&, double)>
Metrics::RpcObserver() {
  return [this](const std::string& method, const std::string& code,
                double seconds) { ObserveRpc(method, code, seconds); };
}

absl::StatusOr<std::unique_ptr<Metrics>> MetricsFromFlags(
    const std::string& service) {
  const std::string listen = absl::GetFlag(FLAGS_metrics_listen);
  if (listen.empty()) return std::unique_ptr<Metrics>();
  return Metrics::Serve(service, listen,
                        absl::GetFlag(FLAGS_metrics_port_file));
}

}  // namespace frontdoor
