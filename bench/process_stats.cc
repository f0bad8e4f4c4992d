// Process figures for the benchmarks, read from /proc, getrusage and the
// services' metrics pages.
#include "bench/process_stats.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace frontdoor::bench {
namespace {

constexpr ServiceName kServices[] = {
    ServiceName::kIntake, ServiceName::kThreshold, ServiceName::kStepping};

}  // namespace

// Resident memory high-water mark of a process, in MB (VmHWM).
double PeakRssMb(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      return std::stod(line.substr(6)) / 1024.0;
    }
  }
  return 0;
}

// CPU seconds (user + system) a process has used so far.
double CpuSeconds(pid_t pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(stat)),
                   std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);
  }
  return ticks / sysconf(_SC_CLK_TCK);
}

// CPU seconds this process (the client) has used so far.
double OwnCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return t.tv_sec + t.tv_usec / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The value of the first sample of metric `name` on the Prometheus page
// served at 127.0.0.1:`port`, or -1 when it cannot be read.
double ScrapeMetric(int port, const std::string& name) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string page;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request = "GET /metrics HTTP/1.0\r\n\r\n";
    if (send(fd, request.data(), request.size(), 0) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[65536];
      for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
        page.append(buffer, n);
      }
    }
  }
  close(fd);
  const size_t at = page.find("\n" + name);
  if (at == std::string::npos) return -1;
  const size_t end = page.find('\n', at + 1);
  const std::string line = page.substr(at + 1, end - at - 1);
  return std::stod(line.substr(line.rfind(' ') + 1));
}

Snapshot Snapshot::Take(LocalCluster& cluster) {
  Snapshot s;
  s.client_cpu = OwnCpuSeconds();
  for (int i = 0; i < 3; ++i) {
    s.cpu[i] = CpuSeconds(cluster.pid(kServices[i]));
    const int port = cluster.metrics_port(kServices[i]);
    s.keys[i] = ScrapeMetric(port, "frontdoor_rocksdb_keys_written_total");
    s.bytes[i] = ScrapeMetric(port, "frontdoor_rocksdb_write_bytes_total");
  }
  return s;
}

// Prints what each process spent per contact between two snapshots: CPU,
// and RocksDB keys and bytes written.
void PrintPerContact(const char* stage, const Snapshot& before,
                     const Snapshot& after, int64_t contacts) {
  const auto per = [&](double b, double a) { return (a - b) / contacts; };
  double all = 1e6 * per(before.client_cpu, after.client_cpu);
  std::printf("CPU per contact, %s: client %.1f us", stage, all);
  for (int i = 0; i < 3; ++i) {
    const double us = 1e6 * per(before.cpu[i], after.cpu[i]);
    std::printf(", %s %.1f", ServiceLabel(kServices[i]), us);
    all += us;
  }
  std::printf("; %.1f us in all\n", all);
  std::printf("written per contact, %s:", stage);
  for (int i = 0; i < 3; ++i) {
    std::printf("%s %s %.2f keys %.0f B", i == 0 ? "" : ",",
                ServiceLabel(kServices[i]), per(before.keys[i], after.keys[i]),
                per(before.bytes[i], after.bytes[i]));
  }
  std::printf("\n");
}

}  // namespace frontdoor::bench
