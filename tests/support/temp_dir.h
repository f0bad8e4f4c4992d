// A temporary directory for a test, removed when the test ends.
#ifndef FRONTDOOR_TESTS_SUPPORT_TEMP_DIR_H_
#define FRONTDOOR_TESTS_SUPPORT_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace frontdoor::testing {

// Creates a fresh directory under $TMPDIR (or /tmp); removes it on
// destruction.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base != nullptr ? base : "/tmp") + "/frontdoor-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The directory.
  const std::string& path() const { return path_; }
  // A path inside it.
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace frontdoor::testing

#endif  // FRONTDOOR_TESTS_SUPPORT_TEMP_DIR_H_
