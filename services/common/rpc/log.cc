// JSON log lines, written whole with one call so lines from threads never
// interleave.
#include "services/common/rpc/log.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "lib/domain/escape.h"

namespace frontdoor {
namespace {

absl::Mutex g_mu;
std::string* g_service ABSL_GUARDED_BY(g_mu) = new std::string("frontdoor");

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kWarning:
      return "WARNING";
    case LogLevel::kError:
      return "ERROR";
    default:
      return "INFO";
  }
}

}  // namespace

void SetLogService(absl::string_view service) {
  absl::MutexLock lock(&g_mu);
  *g_service = std::string(service);
}

std::string LogLine(absl::Time time, LogLevel level, absl::string_view service,
                    absl::string_view message, absl::string_view run_id,
                    const LogFields& fields) {
  std::string line = absl::StrCat(
      "{\"time\":\"",
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone()),
      "\",\"level\":\"", LevelName(level), "\",\"service\":");
  line += JsonQuoted(service);
  if (!run_id.empty()) {
    line += ",\"run_id\":";
    line += JsonQuoted(run_id);
  }
  line += ",\"message\":";
  line += JsonQuoted(message);
  for (const auto& [key, value] : fields) {
    line += ",";
    line += JsonQuoted(key);
    line += ":";
    line += JsonQuoted(value);
  }
  line += "}";
  return line;
}

void Log(LogLevel level, absl::string_view message, absl::string_view run_id,
         const LogFields& fields) {
  std::string service;
  {
    absl::MutexLock lock(&g_mu);
    service = *g_service;
  }
  const std::string line =
      LogLine(absl::Now(), level, service, message, run_id, fields) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace frontdoor
