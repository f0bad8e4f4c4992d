// The files beside an export (`frontdoor runs export RUN --file=F.jsonl`):
// the run's config and its assessment findings, so that the export replays
// as the run was.
#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/replay/replay_file.h"
#include "google/protobuf/util/json_util.h"
#include "lib/domain/text_files.h"

namespace frontdoor {

std::string ExportRunPath(const std::string& contacts_path) {
  std::string base = contacts_path;
  if (absl::EndsWith(base, ".jsonl")) base.resize(base.size() - 6);
  return base + ".run.json";
}

std::string ExportAssessmentsPath(const std::string& contacts_path) {
  std::string base = contacts_path;
  if (absl::EndsWith(base, ".jsonl")) base.resize(base.size() - 6);
  return base + ".assessments.jsonl";
}

absl::StatusOr<std::optional<ExportedRun>> ReadExportSiblings(
    const std::string& contacts_path) {
  if (!absl::EndsWith(contacts_path, ".jsonl")) return std::nullopt;
  absl::StatusOr<std::string> config_text =
      ReadTextFile(ExportRunPath(contacts_path));
  if (!config_text.ok()) return std::nullopt;  // an export without a config
  ExportedRun run;
  if (!google::protobuf::util::JsonStringToMessage(*config_text, &run.config)
           .ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(ExportRunPath(contacts_path), ": not a run config"));
  }
  std::ifstream findings_in(ExportAssessmentsPath(contacts_path));
  std::string line;
  int number = 0;
  while (std::getline(findings_in, line)) {
    ++number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    v1::RecordAssessmentRequest finding;
    if (!google::protobuf::util::JsonStringToMessage(line, &finding).ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(ExportAssessmentsPath(contacts_path), ":", number,
                       ": not an assessment finding"));
    }
    run.findings.push_back(std::move(finding));
  }
  return run;
}

}  // namespace frontdoor
