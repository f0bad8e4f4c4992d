// Policy files: protobuf text format, so the schema (policy.proto) checks
// field names and types for free and the parser reports lines and columns.
#include "lib/policy/policy_file.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/text_format.h"
#include "lib/domain/text_files.h"

namespace frontdoor {
namespace {

using google::protobuf::TextFormat;

// The field path of a validation error: "rules[2] (id \"x\").when.any_factor:
// unknown ..." becomes "rules[2].when.any_factor".
std::string FieldPath(absl::string_view message) {
  message = message.substr(0, message.find(": "));
  std::string path;
  int depth = 0;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] == ' ' && i + 1 < message.size() && message[i + 1] == '(') {
      continue;
    }
    if (message[i] == '(') ++depth;
    if (depth == 0) path.push_back(message[i]);
    if (message[i] == ')') --depth;
  }
  return path;
}

// Finds where the field named by a validation error was written, walking the
// parser's location tree; "" when it cannot tell.
std::string LocateField(const TextFormat::ParseInfoTree& root,
                        const google::protobuf::Descriptor* descriptor,
                        absl::string_view message) {
  const TextFormat::ParseInfoTree* tree = &root;
  TextFormat::ParseLocation location;
  for (absl::string_view segment : absl::StrSplit(FieldPath(message), '.')) {
    int index = -1;
    const size_t bracket = segment.find('[');
    if (bracket != absl::string_view::npos) {
      absl::string_view number = segment.substr(bracket + 1);
      number = number.substr(0, number.find(']'));
      if (!absl::SimpleAtoi(number, &index)) break;
      segment = segment.substr(0, bracket);
    }
    if (descriptor == nullptr || tree == nullptr) break;
    const google::protobuf::FieldDescriptor* field =
        descriptor->FindFieldByName(std::string(segment));
    if (field == nullptr) break;
    const int at = field->is_repeated() ? std::max(index, 0) : -1;
    const TextFormat::ParseLocation here = tree->GetLocation(field, at);
    if (here.line >= 0) location = here;
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      break;
    }
    tree = tree->GetTreeForNested(field, at);
    descriptor = field->message_type();
  }
  if (location.line < 0) return "";
  return absl::StrCat(location.line + 1, ":", location.column + 1, ": ");
}

}  // namespace

absl::StatusOr<Policy> ParsePolicy(absl::string_view text,
                                   absl::string_view file_name) {
  v1::ThresholdPolicy spec;
  TextFormat::ParseInfoTree tree;
  if (absl::Status s = ParseTextProto(text, file_name, &spec, &tree); !s.ok()) {
    return s;
  }
  absl::StatusOr<Policy> policy = Policy::Compile(spec);
  if (!policy.ok()) {
    const std::string where = LocateField(
        tree, v1::ThresholdPolicy::descriptor(), policy.status().message());
    return absl::InvalidArgumentError(absl::StrCat(file_name, ":",
                                                   where.empty() ? " " : where,
                                                   policy.status().message()));
  }
  return policy;
}

absl::StatusOr<Policy> LoadPolicyFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParsePolicy(*text, path);
}

}  // namespace frontdoor
