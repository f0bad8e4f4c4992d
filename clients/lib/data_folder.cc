// The default data folder, chosen the way XDG-aware tools choose theirs.
#include "clients/lib/data_folder.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace frontdoor {

namespace {

// What the folder name under the user's data home and under a working
// folder is.
constexpr char kUserFolder[] = "frontdoor";
constexpr char kLocalFolder[] = "frontdoor-data";

bool Exists(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::exists(path, ignored);
}

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

std::string ChooseDataDir(const std::string& cwd,
                          const std::string& xdg_data_home,
                          const std::string& home) {
  // A stack's lock or intake's RocksDB marks a data folder; a folder that
  // merely holds files of the user's is not taken for one.
  if (Exists(absl::StrCat(cwd, "/stack.lock")) ||
      Exists(absl::StrCat(cwd, "/intake/CURRENT"))) {
    return cwd;
  }
  const std::string local = absl::StrCat(cwd, "/", kLocalFolder);
  if (Exists(local)) return local;
  // The XDG base directory rules ignore a relative XDG_DATA_HOME.
  if (!xdg_data_home.empty() && xdg_data_home.front() == '/') {
    return absl::StrCat(xdg_data_home, "/", kUserFolder);
  }
  if (!home.empty()) return absl::StrCat(home, "/.local/share/", kUserFolder);
  return local;
}

std::string DefaultDataDir() {
  // Absolute, so that messages and the lock name one folder wherever the
  // command was started.
  std::error_code error;
  const std::filesystem::path cwd = std::filesystem::current_path(error);
  return ChooseDataDir(error ? "." : cwd.string(), Env("XDG_DATA_HOME"),
                       Env("HOME"));
}

}  // namespace frontdoor
