// What the benchmarks read of the processes they measure: CPU used,
// resident memory, and the RocksDB writes each service counts on its
// metrics page. Linux only (/proc).
#ifndef FRONTDOOR_BENCH_PROCESS_STATS_H_
#define FRONTDOOR_BENCH_PROCESS_STATS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "clients/lib/local_cluster.h"

namespace frontdoor::bench {

// Resident memory high-water mark of a process, in MB (VmHWM).
double PeakRssMb(pid_t pid);

// CPU seconds (user + system) a process has used so far.
double CpuSeconds(pid_t pid);

// CPU seconds this process (the client) has used so far.
double OwnCpuSeconds();

// The value of the first sample of metric `name` on the Prometheus page
// served at 127.0.0.1:`port`, or -1 when it cannot be read.
double ScrapeMetric(int port, const std::string& name);

// CPU seconds used so far by the client and each service (intake,
// threshold, stepping), and the keys and bytes each service has written to
// RocksDB.
struct Snapshot {
  double client_cpu = 0;
  double cpu[3] = {}, keys[3] = {}, bytes[3] = {};

  // Now, for `cluster` (started with metrics ports) and this process.
  static Snapshot Take(LocalCluster& cluster);
};

// Prints what each process spent per contact between two snapshots: CPU,
// and RocksDB keys and bytes written.
void PrintPerContact(const char* stage, const Snapshot& before,
                     const Snapshot& after, int64_t contacts);

}  // namespace frontdoor::bench

#endif  // FRONTDOOR_BENCH_PROCESS_STATS_H_
