// Log lines: one JSON object each, with its fields escaped.
#include "services/common/rpc/log.h"

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace frontdoor {
namespace {

TEST(LogLineTest, IsOneJsonObjectWithTimeLevelServiceAndRun) {
  const absl::Time at = absl::FromCivil(
      absl::CivilSecond(2026, 12, 3, 13, 45, 7), absl::UTCTimeZone());
  EXPECT_EQ(LogLine(at + absl::Milliseconds(250), LogLevel::kWarning, "intake",
                    "delivery stalled", "sim-1",
                    {{"peer", "threshold"}, {"code", "UNAVAILABLE"}}),
            "{\"time\":\"2026-12-03T13:45:07.250Z\",\"level\":\"WARNING\","
            "\"service\":\"intake\",\"run_id\":\"sim-1\",\"message\":"
            "\"delivery stalled\",\"peer\":\"threshold\",\"code\":"
            "\"UNAVAILABLE\"}");
}

TEST(LogLineTest, QuotesNewlinesAndControlCharactersAndLeavesOutAnEmptyRun) {
  const std::string line =
      LogLine(absl::UnixEpoch(), LogLevel::kError, "threshold",
              "a \"quoted\"\nline\x01", "", {});
  EXPECT_EQ(line,
            "{\"time\":\"1970-01-01T00:00:00.000Z\",\"level\":\"ERROR\","
            "\"service\":\"threshold\",\"message\":\"a \\\"quoted\\\"\\n"
            "line\\u0001\"}");
}

}  // namespace
}  // namespace frontdoor
