// The folder and services of a study.
#include "clients/cli/study_output.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace frontdoor::cli {

std::vector<OptionSpec> StudyOutputOptions(const std::string& default_name,
                                           const std::string& what) {
  return {{"name", default_name, what},
          {"out", "frontdoor-out", "folder for the tables and the page"}};
}

absl::StatusOr<std::unique_ptr<ServiceSession>> OpenStudy(const Args& args) {
  std::error_code made;
  std::filesystem::create_directories(args.Get("out"), made);
  if (made) {
    return absl::PermissionDeniedError(
        absl::StrCat("--out: cannot create ", args.Get("out")));
  }
  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args);
  if (session.ok()) (*session)->client().set_retry(PatientRetry());
  return session;
}

std::string StudyFile(const Args& args, const std::string& extension) {
  return absl::StrCat(args.Get("out"), "/", args.Get("name"), ".", extension);
}

absl::Status WriteStudyFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.close();
  if (!out)
    return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace frontdoor::cli
