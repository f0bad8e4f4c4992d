// Targets, costs and the measure of one setting.
#include "clients/study/plan.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"

namespace frontdoor::study {
namespace {

using google::protobuf::FieldDescriptor;

// The KpiSet's scalar numeric fields, the ones a target can name.
bool IsScalarKpi(const FieldDescriptor* f) {
  return f != nullptr && !f->is_repeated() &&
         (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE ||
          f->cpp_type() == FieldDescriptor::CPPTYPE_INT64);
}

std::string ScalarKpiNames() {
  std::vector<std::string> names;
  const google::protobuf::Descriptor* d = v1::KpiSet::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    if (IsScalarKpi(d->field(i))) names.push_back(d->field(i)->name());
  }
  return absl::StrJoin(names, ", ");
}

// The value after the "=" of a setting.
std::string ValueOf(const std::string& setting) {
  return setting.substr(setting.find('=') + 1);
}

}  // namespace

absl::Status CheckScalarKpi(absl::string_view kpi) {
  if (IsScalarKpi(
          v1::KpiSet::descriptor()->FindFieldByName(std::string(kpi)))) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat(kpi, " is not a KPI; the KPIs are ", ScalarKpiNames()));
}

bool Target::MetBy(double value) const {
  if (at_least) return strict ? value > bound : value >= bound;
  return strict ? value < bound : value <= bound;
}

absl::StatusOr<Target> ParseTarget(absl::string_view text) {
  Target t;
  t.text = std::string(absl::StripAsciiWhitespace(text));
  size_t at = t.text.find_first_of("<>");
  if (at == std::string::npos || at == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--target ", t.text,
                     ": want KPI>=VALUE or KPI<=VALUE, such as "
                     "'decided_within_one_working_day>=0.8'"));
  }
  t.kpi = std::string(absl::StripAsciiWhitespace(t.text.substr(0, at)));
  t.at_least = t.text[at] == '>';
  size_t value_at = at + 1;
  if (value_at < t.text.size() && t.text[value_at] == '=') {
    ++value_at;
  } else {
    t.strict = true;
  }
  if (!absl::SimpleAtod(absl::StripAsciiWhitespace(t.text.substr(value_at)),
                        &t.bound) ||
      !std::isfinite(t.bound)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--target ", t.text, ": the bound is not a number"));
  }
  if (!IsScalarKpi(v1::KpiSet::descriptor()->FindFieldByName(t.kpi))) {
    return absl::InvalidArgumentError(
        absl::StrCat("--target ", t.text, ": ", t.kpi,
                     " is not a KPI; the KPIs are ", ScalarKpiNames()));
  }
  return t;
}

double KpiValue(const v1::KpiSet& k, const std::string& kpi) {
  const FieldDescriptor* f = v1::KpiSet::descriptor()->FindFieldByName(kpi);
  if (!IsScalarKpi(f)) return 0;
  return f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE
             ? k.GetReflection()->GetDouble(k, f)
             : static_cast<double>(k.GetReflection()->GetInt64(k, f));
}

double AnnualCost(const v1::Scenario& s, const v1::Costs& c) {
  const double per_10k = s.child_population() / 10000.0;
  const v1::SocialWork& w = s.social_work();
  const double posts = w.posts_per_10k() * per_10k;
  const double vacant = posts * w.vacancy_rate();
  // To the pound: a cost is compared and printed, never summed further.
  return std::round(s.mash().screeners() * c.screener_fte() +
                    (posts - vacant) * c.social_worker_fte() +
                    vacant * w.agency_cover() * c.agency_social_worker_fte() +
                    s.early_help().workers_per_10k() * per_10k *
                        c.early_help_worker_fte());
}

int AllowedMisses(int replications, double required) {
  // The fewest replications that make the share: a little below the
  // product so that 0.9 of 10 needs 9 and not 10.
  const int needed =
      static_cast<int>(std::ceil(required * replications - 1e-9));
  return std::max(0, replications - needed);
}

v1::PlanPoint MeasurePoint(const std::vector<std::string>& settings,
                           double cost, const std::vector<Target>& targets,
                           const std::vector<v1::KpiSet>& measured,
                           int replications, double required) {
  v1::PlanPoint point;
  for (const std::string& s : settings) {
    (*point.mutable_fields())[s.substr(0, s.find('='))] = ValueOf(s);
  }
  point.set_cost(cost);
  point.set_replications(static_cast<int>(measured.size()));
  const int allowed = AllowedMisses(replications, required);
  for (const Target& t : targets) {
    int met = 0;
    for (const v1::KpiSet& k : measured) met += t.MetBy(KpiValue(k, t.kpi));
    const int runs = static_cast<int>(measured.size());
    (*point.mutable_probability())[t.text] =
        runs == 0 ? 0 : static_cast<double>(met) / runs;
    if (runs - met > allowed) point.add_failing(t.text);
  }
  point.set_meets(point.failing().empty() &&
                  static_cast<int>(measured.size()) == replications);
  return point;
}

std::vector<std::string> MonotonicityNotes(
    const std::vector<std::vector<std::string>>& settings,
    const std::vector<v1::PlanPoint>& points,
    const std::vector<Target>& targets) {
  std::vector<std::string> notes;
  for (size_t a = 0; a < settings.size(); ++a) {
    for (size_t b = 0; b < settings.size(); ++b) {
      // b differs from a in one field, and holds more of it.
      if (settings[a].size() != settings[b].size()) continue;
      int differ = -1, count = 0;
      for (size_t f = 0; f < settings[a].size(); ++f) {
        if (settings[a][f] != settings[b][f]) {
          differ = static_cast<int>(f);
          ++count;
        }
      }
      if (count != 1) continue;
      if (points[b].cost() <= points[a].cost()) continue;
      // Only runs with the same seeds compare.
      if (points[a].replications() != points[b].replications()) continue;
      for (const Target& t : targets) {
        const double pa = points[a].probability().at(t.text);
        const double pb = points[b].probability().at(t.text);
        if (pa - pb > 0.2) {
          notes.push_back(absl::StrCat(
              t.text, " is met less often at a costlier ",
              settings[a][differ].substr(0, settings[a][differ].find('=')),
              " (", ValueOf(settings[a][differ]), ": ", pa, ", ",
              ValueOf(settings[b][differ]), ": ", pb,
              "): the search's assumption that more staff is never worse "
              "does not hold there"));
        }
      }
    }
  }
  return notes;
}

}  // namespace frontdoor::study
