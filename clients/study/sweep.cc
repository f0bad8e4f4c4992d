// Sweep points and their table.
#include "clients/study/sweep.h"

#include <cmath>
#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "lib/domain/escape.h"

namespace frontdoor::study {
namespace {

// At most this many values on one axis.
constexpr int64_t kMaxValues = 100;

absl::Status Bad(absl::string_view vary, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("--vary ", vary, ": ", why));
}

// A number as --set takes it, without float noise ("14.5", not
// "14.500000000000002").
std::string NumberText(double v) {
  std::string text = absl::StrFormat("%.10g", v);
  return text == "-0" ? "0" : text;
}

}  // namespace

absl::StatusOr<SweepAxis> ParseVary(absl::string_view vary) {
  const size_t equals = vary.find('=');
  if (equals == absl::string_view::npos || equals == 0 ||
      equals + 1 == vary.size()) {
    return Bad(vary, "want FIELD=A..B, FIELD=FROM:TO:STEP or FIELD=V1,V2");
  }
  SweepAxis axis;
  axis.field = std::string(absl::StripAsciiWhitespace(vary.substr(0, equals)));
  const absl::string_view spec =
      absl::StripAsciiWhitespace(vary.substr(equals + 1));
  // A file's path may hold ".." or ":", so policies are a list alone.
  const bool policies = axis.field == kPolicyAxis;
  if (const size_t dots = spec.find("..");
      !policies && dots != absl::string_view::npos) {
    int64_t from = 0, to = 0;
    if (!absl::SimpleAtoi(spec.substr(0, dots), &from) ||
        !absl::SimpleAtoi(spec.substr(dots + 2), &to) || to < from) {
      return Bad(vary, "A..B takes whole numbers with A <= B");
    }
    if (to - from + 1 > kMaxValues) {
      return Bad(vary, absl::StrCat("at most ", kMaxValues, " values"));
    }
    for (int64_t v = from; v <= to; ++v) axis.values.push_back(absl::StrCat(v));
    return axis;
  }
  const std::vector<absl::string_view> colon = absl::StrSplit(spec, ':');
  if (!policies && colon.size() == 3) {
    double from = 0, to = 0, step = 0;
    if (!absl::SimpleAtod(colon[0], &from) ||
        !absl::SimpleAtod(colon[1], &to) ||
        !absl::SimpleAtod(colon[2], &step) || !std::isfinite(from) ||
        !std::isfinite(to) || !(step > 0) || to < from) {
      return Bad(vary, "FROM:TO:STEP takes numbers with FROM <= TO, STEP > 0");
    }
    const double count = std::floor((to - from) / step + 1e-9) + 1;
    if (count > kMaxValues) {
      return Bad(vary, absl::StrCat("at most ", kMaxValues, " values"));
    }
    for (int64_t i = 0; i < static_cast<int64_t>(count); ++i) {
      axis.values.push_back(NumberText(from + static_cast<double>(i) * step));
    }
    return axis;
  }
  if (!policies && colon.size() != 1) {
    return Bad(vary, "FROM:TO:STEP has three parts");
  }
  for (absl::string_view v : absl::StrSplit(spec, ',')) {
    v = absl::StripAsciiWhitespace(v);
    if (v.empty()) return Bad(vary, "an empty value in the list");
    axis.values.push_back(std::string(v));
  }
  if (static_cast<int64_t>(axis.values.size()) > kMaxValues) {
    return Bad(vary, absl::StrCat("at most ", kMaxValues, " values"));
  }
  return axis;
}

absl::StatusOr<std::vector<SweepAxis>> ParseVaries(
    const std::vector<std::string>& varies, absl::string_view none) {
  if (varies.empty()) return absl::InvalidArgumentError(none);
  std::vector<SweepAxis> axes;
  for (const std::string& vary : varies) {
    absl::StatusOr<SweepAxis> axis = ParseVary(vary);
    if (!axis.ok()) return axis.status();
    axes.push_back(*std::move(axis));
  }
  return axes;
}

absl::StatusOr<std::vector<std::vector<std::string>>> SweepPoints(
    const std::vector<SweepAxis>& axes) {
  std::vector<std::vector<std::string>> points = {{}};
  for (const SweepAxis& axis : axes) {
    if (points.size() * axis.values.size() > kMaxSweepPoints) {
      return absl::InvalidArgumentError(
          absl::StrCat("--vary: more than ", kMaxSweepPoints,
                       " points; sweep fewer values or fields at a time"));
    }
    std::vector<std::vector<std::string>> next;
    for (const std::vector<std::string>& point : points) {
      for (const std::string& value : axis.values) {
        std::vector<std::string> p = point;
        p.push_back(absl::StrCat(axis.field, "=", value));
        next.push_back(std::move(p));
      }
    }
    points = std::move(next);
  }
  return points;
}

std::string SweepCsv(const std::vector<SweepAxis>& axes,
                     const std::vector<std::vector<std::string>>& points,
                     const std::vector<v1::ReplicationReport>& reports) {
  std::string csv = "point";
  for (const SweepAxis& axis : axes) absl::StrAppend(&csv, ",", axis.field);
  absl::StrAppend(&csv, ",kpi,mean,lo95,hi95\n");
  for (size_t p = 0; p < points.size() && p < reports.size(); ++p) {
    std::string prefix = absl::StrCat(p + 1);
    for (const std::string& setting : points[p]) {
      absl::StrAppend(&prefix, ",",
                      CsvField(setting.substr(setting.find('=') + 1)));
    }
    for (const v1::ReplicatedKpi& k : reports[p].kpis()) {
      absl::StrAppend(&csv, prefix, ",", k.name(), ",", NumberText(k.mean()),
                      ",", NumberText(k.ci_low()), ",", NumberText(k.ci_high()),
                      "\n");
    }
  }
  return csv;
}

std::vector<std::string> StaffingKpiNames() {
  std::vector<std::string> names;
  for (const StaffingKpi& kpi : kStaffingKpis) names.push_back(kpi.name);
  return names;
}

std::string PolicyOf(const std::vector<std::string>& point) {
  const std::string prefix = absl::StrCat(kPolicyAxis, "=");
  for (const std::string& setting : point) {
    if (absl::StartsWith(setting, prefix)) return setting.substr(prefix.size());
  }
  return "";
}

std::vector<std::string> FieldSettings(const std::vector<std::string>& point) {
  const std::string prefix = absl::StrCat(kPolicyAxis, "=");
  std::vector<std::string> fields;
  for (const std::string& setting : point) {
    if (!absl::StartsWith(setting, prefix)) fields.push_back(setting);
  }
  return fields;
}

}  // namespace frontdoor::study
