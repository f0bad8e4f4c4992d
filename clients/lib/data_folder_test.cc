// The default data folder's order: the current folder, its frontdoor-data,
// then the user's folder.
#include "clients/lib/data_folder.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {
namespace {

TEST(DataFolderTest, AnEmptyFolderUsesTheUsersDataHome) {
  testing::TempDir cwd;
  EXPECT_EQ(ChooseDataDir(cwd.path(), "/x/data", "/home/a"),
            "/x/data/frontdoor");
  EXPECT_EQ(ChooseDataDir(cwd.path(), "", "/home/a"),
            "/home/a/.local/share/frontdoor");
}

TEST(DataFolderTest, ARelativeDataHomeIsIgnored) {
  testing::TempDir cwd;
  EXPECT_EQ(ChooseDataDir(cwd.path(), "data", "/home/a"),
            "/home/a/.local/share/frontdoor");
  EXPECT_EQ(ChooseDataDir(cwd.path(), "data", ""), cwd.Sub("frontdoor-data"));
}

TEST(DataFolderTest, AFrontdoorDataFolderHereComesBeforeTheUsers) {
  testing::TempDir cwd;
  std::filesystem::create_directory(cwd.Sub("frontdoor-data"));
  EXPECT_EQ(ChooseDataDir(cwd.path(), "/x/data", "/home/a"),
            cwd.Sub("frontdoor-data"));
}

TEST(DataFolderTest, ADataFolderIsUsedFromInsideIt) {
  testing::TempDir locked;
  std::ofstream(locked.Sub("stack.lock")) << "1 shared\n";
  EXPECT_EQ(ChooseDataDir(locked.path(), "/x/data", ""), locked.path());

  testing::TempDir stored;
  std::filesystem::create_directory(stored.Sub("intake"));
  EXPECT_EQ(ChooseDataDir(stored.path(), "/x/data", ""), "/x/data/frontdoor");
  std::ofstream(stored.Sub("intake/CURRENT")) << "MANIFEST-000001\n";
  EXPECT_EQ(ChooseDataDir(stored.path(), "/x/data", ""), stored.path());
}

}  // namespace
}  // namespace frontdoor
