// Key encoding keeps tuple order and round-trips.
#include "services/common/storage/key_codec.h"

#include <string>

#include "gtest/gtest.h"

namespace frontdoor {
namespace {

TEST(KeyCodecTest, ByteOrderFollowsTupleOrder) {
  const std::string a2 = KeyBuilder("run").Str("a").U64(2).key();
  const std::string a10 = KeyBuilder("run").Str("a").U64(10).key();
  const std::string ab0 = KeyBuilder("run").Str("ab").U64(0).key();
  EXPECT_LT(a2, a10);
  EXPECT_LT(a10, ab0);
}

TEST(KeyCodecTest, TimesSortChronologicallyIncludingBeforeEpoch) {
  const absl::Time before = absl::FromUnixSeconds(-100);
  const absl::Time after = absl::FromUnixSeconds(100);
  EXPECT_LT(KeyBuilder("r").Time(before).key(),
            KeyBuilder("r").Time(absl::UnixEpoch()).key());
  EXPECT_LT(KeyBuilder("r").Time(absl::UnixEpoch()).key(),
            KeyBuilder("r").Time(after).key());
}

TEST(KeyCodecTest, RunPrefixSeparatesRunsThatArePrefixesOfEachOther) {
  const std::string run_a = KeyBuilder("a").Str("x").key();
  const std::string prefix_ab = KeyBuilder("ab").key();
  EXPECT_NE(run_a.rfind(prefix_ab, 0), 0u);
}

TEST(KeyCodecTest, RoundTripsStringsWithZeroBytesNumbersAndTimes) {
  const std::string tricky("a\0b", 3);
  const absl::Time t = absl::FromUnixMicros(1700000000123456);
  const std::string key = KeyBuilder("run").Str(tricky).U64(42).Time(t).key();

  KeyReader reader(key);
  std::string run, s;
  uint64_t n = 0;
  absl::Time read_time;
  ASSERT_TRUE(reader.Str(&run));
  ASSERT_TRUE(reader.Str(&s));
  ASSERT_TRUE(reader.U64(&n));
  ASSERT_TRUE(reader.Time(&read_time));
  EXPECT_EQ(run, "run");
  EXPECT_EQ(s, tricky);
  EXPECT_EQ(n, 42u);
  EXPECT_EQ(read_time, t);
}

TEST(KeyCodecTest, ReaderRejectsTruncatedKeys) {
  const std::string key = KeyBuilder("run").Str("child").key();
  KeyReader reader(absl::string_view(key).substr(0, key.size() - 1));
  std::string run, child;
  ASSERT_TRUE(reader.Str(&run));
  EXPECT_FALSE(reader.Str(&child));
}

}  // namespace
}  // namespace frontdoor
