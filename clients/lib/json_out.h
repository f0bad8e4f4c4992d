// JSON for analysts: the protobuf JSON mapping, except that 64-bit integers
// are written as numbers, not strings, so that a spreadsheet, pandas or jq
// reads a count as a count.
#ifndef FRONTDOOR_CLIENTS_LIB_JSON_OUT_H_
#define FRONTDOOR_CLIENTS_LIB_JSON_OUT_H_

#include <string>

#include "google/protobuf/message.h"

namespace frontdoor {

// How to lay the JSON out.
struct JsonLayout {
  // Newlines and two-space indents; otherwise one line.
  bool pretty = true;
  // Fields at their default value written too, so every file of a kind has
  // the same keys.
  bool all_fields = true;
};

// `message` as JSON with field names as in the .proto, enums by name,
// well-known types (Timestamp, ...) as protobuf writes them, and integers
// of every width as JSON numbers. protobuf's JSON parser reads it back.
std::string ToAnalystJson(const google::protobuf::Message& message,
                          JsonLayout layout = {});

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_LIB_JSON_OUT_H_
