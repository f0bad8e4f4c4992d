// Metrics through prometheus-cpp: a registry for the RPC histogram, and a
// collectable that reads the service's own counters at scrape time.
#include "services/common/rpc/metrics.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "lib/domain/text_files.h"
#include "prometheus/collectable.h"
#include "prometheus/exposer.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "services/common/storage/store.h"

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

}  // namespace

struct Metrics::Impl {
  std::unique_ptr<prometheus::Exposer> exposer;
  std::shared_ptr<prometheus::Registry> registry;
  std::shared_ptr<ReadAtScrape> read;
  prometheus::Family<prometheus::Histogram>* rpc = nullptr;
};

absl::StatusOr<std::unique_ptr<Metrics>> Metrics::Serve(
    const std::string& service, const std::string& listen,
    const std::string& port_file) {
  auto impl = std::make_unique<Impl>();
  try {
    impl->exposer = std::make_unique<prometheus::Exposer>(listen);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat(
        "metrics_listen: cannot serve metrics on ", listen, ": ", e.what()));
  }
  impl->registry = std::make_shared<prometheus::Registry>();
  impl->read = std::make_shared<ReadAtScrape>(service);
  impl->rpc = &prometheus::BuildHistogram()
                   .Name("frontdoor_rpc_duration_seconds")
                   .Help("Time to serve an RPC, by method and status code")
                   .Labels({{"service", service}})
                   .Register(*impl->registry);
  impl->exposer->RegisterCollectable(impl->registry);
  impl->exposer->RegisterCollectable(impl->read);
  std::unique_ptr<Metrics> metrics(new Metrics(std::move(impl)));
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

Metrics::~Metrics() = default;

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
