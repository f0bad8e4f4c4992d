// Setting a scenario field by its path, through protobuf reflection: every
// field the proto has is settable, with nothing to keep in step by hand.
#include "lib/domain/scenario_set.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"

namespace frontdoor {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// The fields of `type`, for an error that says what exists.
std::string FieldNames(const Descriptor* type) {
  std::vector<std::string> names;
  for (int i = 0; i < type->field_count(); ++i) {
    names.push_back(type->field(i)->name());
  }
  return absl::StrJoin(names, ", ");
}

// One value into `field` of `message` (appended when repeated); false when
// the text is not a value of the field's type.
bool ParseInto(const std::string& text, const FieldDescriptor* field,
               Message* message) {
  const google::protobuf::Reflection* r = message->GetReflection();
  const bool add = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v;
      if (!absl::SimpleAtoi(text, &v)) return false;
      add ? r->AddInt32(message, field, v) : r->SetInt32(message, field, v);
      return true;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v;
      if (!absl::SimpleAtoi(text, &v)) return false;
      add ? r->AddInt64(message, field, v) : r->SetInt64(message, field, v);
      return true;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v;
      if (!absl::SimpleAtoi(text, &v)) return false;
      add ? r->AddUInt32(message, field, v) : r->SetUInt32(message, field, v);
      return true;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v;
      if (!absl::SimpleAtoi(text, &v)) return false;
      add ? r->AddUInt64(message, field, v) : r->SetUInt64(message, field, v);
      return true;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double v;
      if (!absl::SimpleAtod(text, &v) || !std::isfinite(v)) return false;
      add ? r->AddDouble(message, field, v) : r->SetDouble(message, field, v);
      return true;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      float v;
      if (!absl::SimpleAtof(text, &v) || !std::isfinite(v)) return false;
      add ? r->AddFloat(message, field, v) : r->SetFloat(message, field, v);
      return true;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool v;
      if (!absl::SimpleAtob(text, &v)) return false;
      add ? r->AddBool(message, field, v) : r->SetBool(message, field, v);
      return true;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumValueDescriptor* v =
          field->enum_type()->FindValueByName(text);
      if (v == nullptr) return false;
      add ? r->AddEnum(message, field, v) : r->SetEnum(message, field, v);
      return true;
    }
    case FieldDescriptor::CPPTYPE_STRING:
      add ? r->AddString(message, field, text)
          : r->SetString(message, field, text);
      return true;
    default:
      return false;
  }
}

}  // namespace

absl::Status SetScenarioField(v1::Scenario& scenario,
                              absl::string_view assignment) {
  const size_t equals = assignment.find('=');
  if (equals == absl::string_view::npos || equals == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--set ", assignment, ": want FIELD=VALUE, such as mash.screeners=6"));
  }
  const std::string path(
      absl::StripAsciiWhitespace(assignment.substr(0, equals)));
  const std::string value(
      absl::StripAsciiWhitespace(assignment.substr(equals + 1)));
  v1::Scenario edited = scenario;
  Message* message = &edited;
  const std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const Descriptor* type = message->GetDescriptor();
    const FieldDescriptor* field = type->FindFieldByName(parts[i]);
    const std::string so_far =
        absl::StrJoin(parts.begin(), parts.begin() + i + 1, ".");
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--set ", path, ": ", so_far, " is not a scenario field; ",
          i == 0 ? "the scenario" : absl::StrCat(type->name()), " has ",
          FieldNames(type)));
    }
    const bool last = i + 1 == parts.size();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (last || field->is_repeated()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--set ", path, ": ", so_far,
            field->is_repeated()
                ? " is a list of messages; set it in a scenario file"
                : absl::StrCat(" is a group of fields; set one of them: ",
                               FieldNames(field->message_type()))));
      }
      message = message->GetReflection()->MutableMessage(message, field);
      continue;
    }
    if (!last) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--set ", path, ": ", so_far, " has no fields of its own"));
    }
    if (field->is_repeated()) {
      message->GetReflection()->ClearField(message, field);
      for (absl::string_view one : absl::StrSplit(value, ',')) {
        if (!ParseInto(std::string(absl::StripAsciiWhitespace(one)), field,
                       message)) {
          return absl::InvalidArgumentError(
              absl::StrCat("--set ", path, ": '", one, "' is not a ",
                           field->cpp_type_name(), " value"));
        }
      }
    } else if (!ParseInto(value, field, message)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--set ", path, ": '", value, "' is not a ",
          field->type() == FieldDescriptor::TYPE_ENUM
              ? absl::StrCat("name of ", field->enum_type()->name())
              : std::string(field->cpp_type_name()),
          " value"));
    }
  }
  scenario = std::move(edited);
  return absl::OkStatus();
}

absl::StatusOr<double> ScenarioNumber(const v1::Scenario& scenario,
                                      absl::string_view path) {
  const Message* message = &scenario;
  const std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* field =
        message->GetDescriptor()->FindFieldByName(parts[i]);
    const bool last = i + 1 == parts.size();
    if (field == nullptr || field->is_repeated() ||
        last != (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE)) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, " is not a scenario field holding one number"));
    }
    const google::protobuf::Reflection* r = message->GetReflection();
    if (!last) {
      message = &r->GetMessage(*message, field);
      continue;
    }
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return r->GetDouble(*message, field);
      case FieldDescriptor::CPPTYPE_FLOAT:
        return r->GetFloat(*message, field);
      case FieldDescriptor::CPPTYPE_INT32:
        return r->GetInt32(*message, field);
      case FieldDescriptor::CPPTYPE_INT64:
        return static_cast<double>(r->GetInt64(*message, field));
      case FieldDescriptor::CPPTYPE_UINT32:
        return r->GetUInt32(*message, field);
      case FieldDescriptor::CPPTYPE_UINT64:
        return static_cast<double>(r->GetUInt64(*message, field));
      default:
        break;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, " is not a scenario field holding one number"));
}

}  // namespace frontdoor
