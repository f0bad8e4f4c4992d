// The tokens file: issuing with sources, reading it back, and a token file's
// trailing newline.
#include "services/common/security/tokens.h"

#include "gtest/gtest.h"
#include "lib/domain/text_files.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

TEST(TokenBookTest, AnAgencyTokenNamesTheSourcesItSubmitsAs) {
  TokenBook book;
  EXPECT_FALSE(book.Issue(Role::kAgency, "police", 0).ok());
  EXPECT_FALSE(book.Issue(Role::kAgency, "police", 0, {"99"}).ok());
  EXPECT_FALSE(book.Issue(Role::kAnalyst, "insight", 0, {"6"}).ok());
  EXPECT_FALSE(book.Issue(Role::kService, "intake", 0).ok());
  absl::StatusOr<std::string> token =
      book.Issue(Role::kAgency, "police", 0, {"6", "7"});
  ASSERT_TRUE(token.ok()) << token.status();

  testing::TempDir dir;
  const std::string path = TokensFileOf(dir.path());
  ASSERT_TRUE(book.Save(path).ok());
  absl::StatusOr<TokenBook> read = TokenBook::Load(path);
  ASSERT_TRUE(read.ok()) << read.status();
  const TokenEntry* entry = read->Find(*token);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->sources, (std::vector<std::string>{"6", "7"}));
  const Caller caller{.role = entry->role, .sources = entry->sources};
  EXPECT_TRUE(caller.MaySubmitAs("7"));
  EXPECT_FALSE(caller.MaySubmitAs("2A"));
}

TEST(TokenBookTest, ATokenFilesTrailingNewlineIsNotPartOfTheToken) {
  TokenBook book;
  absl::StatusOr<std::string> token = book.Issue(Role::kAnalyst, "insight", 0);
  ASSERT_TRUE(token.ok());
  EXPECT_NE(book.Find(*token + "\n"), nullptr);
  EXPECT_NE(book.Find(*token + "\r\n"), nullptr);
  testing::TempDir dir;
  TokenGate gate(TokensFileOf(dir.path()));
  ASSERT_TRUE(book.Save(TokensFileOf(dir.path())).ok());
  EXPECT_TRUE(gate.Check("Bearer " + *token + " ", Role::kAnalyst).ok());
}

TEST(TokenBookTest, FilesWrittenBeforeSourcesStillLoad) {
  testing::TempDir dir;
  const std::string path = TokensFileOf(dir.path());
  ASSERT_TRUE(
      WritePrivateFile(path, std::string(64, 'a') + " analyst insight 0 0\n")
          .ok());
  absl::StatusOr<TokenBook> book = TokenBook::Load(path);
  ASSERT_TRUE(book.ok()) << book.status();
  ASSERT_EQ(book->entries().size(), 1u);
  EXPECT_TRUE(book->entries()[0].sources.empty());
}

}  // namespace
}  // namespace frontdoor
