// Text made safe inside the formats frontdoor writes: JSON strings, XML and
// HTML, and CSV fields. One place, so the JSON of logs, reports and test
// reports quotes alike.
#ifndef FRONTDOOR_LIB_DOMAIN_ESCAPE_H_
#define FRONTDOOR_LIB_DOMAIN_ESCAPE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace frontdoor {

// `text` as a JSON string, quotes included: `"`, `\` and control
// characters escaped.
std::string JsonQuoted(absl::string_view text);

// `text` safe in XML or HTML text and attribute values (&, <, >, ", ').
std::string XmlEscaped(absl::string_view text);

// `text` as one CSV field (RFC 4180): quoted when it holds a comma, a quote
// or a line break, with quotes doubled.
std::string CsvField(absl::string_view text);

}  // namespace frontdoor

#endif  // FRONTDOOR_LIB_DOMAIN_ESCAPE_H_
