// JSON for analysts, written field by field through protobuf reflection.
#include "clients/lib/json_out.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "lib/domain/escape.h"

namespace frontdoor {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// The shortest decimal that reads back as the same double; JSON has no
// NaN or infinity, so those are written as protobuf writes them.
std::string Double(double v) {
  if (std::isnan(v)) return "\"NaN\"";
  if (std::isinf(v)) return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  for (int digits = 15; digits <= 17; ++digits) {
    std::string s = absl::StrFormat("%.*g", digits, v);
    if (std::strtod(s.c_str(), nullptr) == v) return s;
  }
  return absl::StrFormat("%.17g", v);
}

class Writer {
 public:
  explicit Writer(JsonLayout layout) : layout_(layout) {}

  void WriteMessage(const Message& m, int depth) {
    const std::string& type = m.GetDescriptor()->full_name();
    if (type.rfind("google.protobuf.", 0) == 0) {
      // Timestamps, durations and wrappers have JSON forms of their own.
      std::string json;
      (void)google::protobuf::util::MessageToJsonString(m, &json);
      out_ += json;
      return;
    }
    const Reflection* r = m.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    if (layout_.all_fields) {
      for (int i = 0; i < m.GetDescriptor()->field_count(); ++i) {
        const FieldDescriptor* f = m.GetDescriptor()->field(i);
        // A unset message or oneof member has no value to show.
        if (!f->is_repeated() &&
            (f->containing_oneof() != nullptr ||
             f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) &&
            !r->HasField(m, f)) {
          continue;
        }
        fields.push_back(f);
      }
    } else {
      r->ListFields(m, &fields);
    }
    out_ += "{";
    bool first = true;
    for (const FieldDescriptor* f : fields) {
      if (!first) out_ += ",";
      first = false;
      NewLine(depth + 1);
      out_ += JsonQuoted(f->name());
      out_ += layout_.pretty ? ": " : ":";
      if (f->is_map()) {
        WriteMap(m, f, depth + 1);
      } else if (f->is_repeated()) {
        WriteList(m, f, depth + 1);
      } else {
        WriteValue(m, f, -1, depth + 1);
      }
    }
    if (!fields.empty()) NewLine(depth);
    out_ += "}";
  }

  std::string Take() { return std::move(out_); }

 private:
  void NewLine(int depth) {
    if (!layout_.pretty) return;
    out_ += "\n";
    out_.append(2 * depth, ' ');
  }

  // Entries in key order, so that files diff cleanly between runs.
  void WriteMap(const Message& m, const FieldDescriptor* f, int depth) {
    const Reflection* r = m.GetReflection();
    const FieldDescriptor* key = f->message_type()->map_key();
    const FieldDescriptor* value = f->message_type()->map_value();
    std::map<std::string, const Message*> entries;
    for (int i = 0; i < r->FieldSize(m, f); ++i) {
      const Message& entry = r->GetRepeatedMessage(m, f, i);
      Writer k(layout_);
      k.WriteValue(entry, key, -1, 0);
      std::string name = k.Take();
      if (name.front() != '"') name = JsonQuoted(name);
      entries[name] = &entry;
    }
    out_ += "{";
    bool first = true;
    for (const auto& [name, entry] : entries) {
      if (!first) out_ += ",";
      first = false;
      NewLine(depth + 1);
      out_ += name;
      out_ += layout_.pretty ? ": " : ":";
      WriteValue(*entry, value, -1, depth + 1);
    }
    if (!entries.empty()) NewLine(depth);
    out_ += "}";
  }

  void WriteList(const Message& m, const FieldDescriptor* f, int depth) {
    const int n = m.GetReflection()->FieldSize(m, f);
    out_ += "[";
    for (int i = 0; i < n; ++i) {
      if (i > 0) out_ += ",";
      NewLine(depth + 1);
      WriteValue(m, f, i, depth + 1);
    }
    if (n > 0) NewLine(depth);
    out_ += "]";
  }

  // One value of `f`: the singular one when `index` is -1.
  void WriteValue(const Message& m, const FieldDescriptor* f, int index,
                  int depth) {
    const Reflection* r = m.GetReflection();
    const bool one = index < 0;
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        absl::StrAppend(
            &out_, one ? r->GetInt32(m, f) : r->GetRepeatedInt32(m, f, index));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        absl::StrAppend(
            &out_, one ? r->GetInt64(m, f) : r->GetRepeatedInt64(m, f, index));
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        absl::StrAppend(&out_, one ? r->GetUInt32(m, f)
                                   : r->GetRepeatedUInt32(m, f, index));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        absl::StrAppend(&out_, one ? r->GetUInt64(m, f)
                                   : r->GetRepeatedUInt64(m, f, index));
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        out_ += Double(one ? r->GetDouble(m, f)
                           : r->GetRepeatedDouble(m, f, index));
        break;
      case FieldDescriptor::CPPTYPE_FLOAT:
        out_ +=
            Double(one ? r->GetFloat(m, f) : r->GetRepeatedFloat(m, f, index));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        out_ += (one ? r->GetBool(m, f) : r->GetRepeatedBool(m, f, index))
                    ? "true"
                    : "false";
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        out_ += JsonQuoted(
            (one ? r->GetEnum(m, f) : r->GetRepeatedEnum(m, f, index))->name());
        break;
      case FieldDescriptor::CPPTYPE_STRING: {
        const std::string s =
            one ? r->GetString(m, f) : r->GetRepeatedString(m, f, index);
        if (f->type() == FieldDescriptor::TYPE_BYTES) {
          // Base64, as protobuf's JSON mapping writes bytes.
          out_ += JsonQuoted(absl::Base64Escape(s));
        } else {
          out_ += JsonQuoted(s);
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        WriteMessage(
            one ? r->GetMessage(m, f) : r->GetRepeatedMessage(m, f, index),
            depth);
        break;
    }
  }

  JsonLayout layout_;
  std::string out_;
};

}  // namespace

std::string ToAnalystJson(const google::protobuf::Message& message,
                          JsonLayout layout) {
  Writer writer(layout);
  writer.WriteMessage(message, 0);
  return writer.Take();
}

}  // namespace frontdoor
