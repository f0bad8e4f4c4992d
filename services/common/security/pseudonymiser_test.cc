#include "services/common/security/pseudonymiser.h"

#include <sys/stat.h>

#include "gtest/gtest.h"
#include "lib/domain/text_files.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

Pseudonymiser Key(const std::string& key) {
  return *Pseudonymiser::FromKey(key);
}

TEST(PseudonymiserTest, StableAndKeyed) {
  const Pseudonymiser a = Key("first-key-0123456789");
  const Pseudonymiser b = Key("other-key-0123456789");
  EXPECT_EQ(a.Pseudonym("P", "child-1"), a.Pseudonym("P", "child-1"));
  EXPECT_NE(a.Pseudonym("P", "child-1"), a.Pseudonym("P", "child-2"));
  EXPECT_NE(a.Pseudonym("P", "child-1"), b.Pseudonym("P", "child-1"));
  EXPECT_FALSE(Pseudonymiser::FromKey("short").ok());
}

TEST(PseudonymiserTest, HmacMatchesRfc4231) {
  // Test case 2 (a short key) and 6 (a key longer than a block).
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key "
                          "First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  const Pseudonymiser jefe = Key("Jefe-but-sixteen-bytes");
  EXPECT_EQ(jefe.Pseudonym("", "x", 64),
            HmacSha256Hex("Jefe-but-sixteen-bytes", "x"));
}

TEST(PseudonymiserTest, ChildIdsHaveOneFormAndAreNotHashedTwice) {
  const Pseudonymiser key = Key("first-key-0123456789");
  const std::string once = key.ChildId("C123");
  EXPECT_TRUE(Pseudonymiser::IsChildPseudonym(once)) << once;
  EXPECT_EQ(once.size(), 3u + 24u);
  EXPECT_EQ(key.ChildId(once), once);
  EXPECT_FALSE(Pseudonymiser::IsChildPseudonym("C123"));
  EXPECT_FALSE(Pseudonymiser::IsChildPseudonym("ps-123"));
  EXPECT_FALSE(Pseudonymiser::IsChildPseudonym("ps-ABCDEF0123456789ABCDEF01"));
}

TEST(PseudonymiserTest, KeyFileIsMadeOnceOwnerOnlyAndNeverGuessed) {
  testing::TempDir dir;
  const std::string path = dir.Sub("k/replay.key");
  EXPECT_EQ(Pseudonymiser::FromKeyFile(path).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(EnsureKeyFile(path).ok());
  const std::string written = *ReadTextFile(path);
  ASSERT_TRUE(EnsureKeyFile(path).ok());
  EXPECT_EQ(*ReadTextFile(path), written);
  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  absl::StatusOr<Pseudonymiser> first = Pseudonymiser::FromKeyFile(path);
  absl::StatusOr<Pseudonymiser> again = Pseudonymiser::FromKeyFile(path);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->Pseudonym("P", "x"), again->Pseudonym("P", "x"));
  ASSERT_TRUE(WritePrivateFile(dir.Sub("bad.key"), "not hex").ok());
  EXPECT_EQ(Pseudonymiser::FromKeyFile(dir.Sub("bad.key")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace frontdoor
