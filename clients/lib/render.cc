// Terminal rendering.
#include "clients/lib/render.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "lib/domain/escape.h"
#include "lib/domain/event_time.h"

namespace frontdoor::cli {
namespace {

// Turns "OUTCOME_EARLY_HELP" into "early help" given the prefix "OUTCOME_".
std::string EnumLabel(const std::string& name, absl::string_view prefix) {
  std::string label =
      absl::StartsWith(name, prefix) ? name.substr(prefix.size()) : name;
  absl::AsciiStrToLower(&label);
  return absl::StrReplaceAll(label, {{"_", " "}});
}

}  // namespace

const std::vector<v1::Outcome>& DecidedOutcomes() {
  static const auto* const outcomes = new std::vector<v1::Outcome>{
      v1::OUTCOME_NO_FURTHER_ACTION,   v1::OUTCOME_INFORMATION_AND_ADVICE,
      v1::OUTCOME_EARLY_HELP,          v1::OUTCOME_SOCIAL_CARE_ASSESSMENT,
      v1::OUTCOME_STRATEGY_DISCUSSION, v1::OUTCOME_IMMEDIATE_PROTECTION};
  return *outcomes;
}

const std::vector<v1::Rag>& Rags() {
  static const auto* const rags =
      new std::vector<v1::Rag>{v1::RAG_GREEN, v1::RAG_AMBER, v1::RAG_RED};
  return *rags;
}

std::string Label(v1::Outcome outcome) {
  return EnumLabel(v1::Outcome_Name(outcome), "OUTCOME_");
}
std::string Label(v1::Rag rag) { return EnumLabel(v1::Rag_Name(rag), "RAG_"); }
std::string Label(v1::ServiceLevel level) {
  return EnumLabel(v1::ServiceLevel_Name(level), "SERVICE_LEVEL_");
}
std::string Label(v1::Transition transition) {
  return EnumLabel(v1::Transition_Name(transition), "TRANSITION_");
}

std::string Code(v1::Outcome outcome) { return CodeOf(Label(outcome)); }
std::string Code(v1::Rag rag) { return CodeOf(Label(rag)); }

std::string CodeOf(absl::string_view label) {
  std::string code;
  for (const char c : label) {
    if (absl::ascii_isalnum(c)) {
      code += absl::ascii_tolower(c);
    } else if (!code.empty() && code.back() != '_') {
      code += '_';
    }
  }
  while (!code.empty() && code.back() == '_') code.pop_back();
  return code;
}

std::string ShortLabel(v1::Outcome outcome) {
  switch (outcome) {
    case v1::OUTCOME_NO_FURTHER_ACTION:
      return "NFA";
    case v1::OUTCOME_INFORMATION_AND_ADVICE:
      return "advice";
    case v1::OUTCOME_EARLY_HELP:
      return "early help";
    case v1::OUTCOME_SOCIAL_CARE_ASSESSMENT:
      return "s17 assess";
    case v1::OUTCOME_STRATEGY_DISCUSSION:
      return "s47 strategy";
    case v1::OUTCOME_IMMEDIATE_PROTECTION:
      return "protection";
    default:
      return "unspecified";
  }
}

std::string RenderOutcomeMatrix(
    const std::array<std::array<int64_t, 7>, 7>& counts,
    const std::string& corner) {
  std::string out = absl::StrFormat("%-24s", corner);
  for (v1::Outcome y : DecidedOutcomes()) {
    absl::StrAppendFormat(&out, " %12s", ShortLabel(y));
  }
  absl::StrAppend(&out, "\n");
  for (v1::Outcome x : DecidedOutcomes()) {
    absl::StrAppendFormat(&out, "%-24s", Label(x));
    for (v1::Outcome y : DecidedOutcomes()) {
      absl::StrAppendFormat(&out, " %12d", counts[x][y]);
    }
    absl::StrAppend(&out, "\n");
  }
  return out;
}

std::string OutcomeMatrixRow(const std::string& policy_a,
                             const std::string& policy_b, v1::Outcome a,
                             v1::Outcome b, int64_t contacts) {
  return absl::StrCat(CsvField(policy_a), ",", CsvField(policy_b), ",", Code(a),
                      ",", Label(a), ",", Code(b), ",", Label(b), ",", contacts,
                      "\n");
}

std::string ContactCsvRow(const std::string& run_id,
                          const v1::ContactRecord& record) {
  const v1::Contact& c = record.contact();
  const v1::Decision& d = record.decision();
  const bool decided = record.status() == v1::CONTACT_STATUS_DECIDED;
  std::vector<std::string> rules;
  for (const v1::FiredRule& f : d.fired_rules()) rules.push_back(f.rule_id());
  // A decision not yet in effect (its time after the run's clock) has no
  // level after it yet: those cells are empty, as a pending contact's are.
  const bool changed = record.has_level_change();
  // Ids, sources and factor codes hold no commas; rules are joined by " > ".
  return absl::StrCat(
      run_id, ",", record.contact_id(), ",", c.child_id(), ",",
      FormatEventTime(FromProto(c.event_time())), ",", c.source(), ",",
      absl::StrJoin(c.factors(), " "), ",", decided ? "decided" : "pending",
      ",", decided ? Code(d.outcome()) : "", ",",
      decided ? Label(d.outcome()) : "", ",", decided ? Code(d.rag()) : "", ",",
      decided ? absl::StrCat(d.need_level()) : "", ",",
      decided ? CodeOf(EnumLabel(v1::Door_Name(d.door()), "DOOR_")) : "", ",",
      decided && d.has_decided_at() ? FormatEventTime(FromProto(d.decided_at()))
                                    : "",
      ",", decided ? absl::StrCat(d.policy_id(), " v", d.policy_version()) : "",
      ",", absl::StrJoin(rules, " > "), ",",
      record.level_before() == v1::SERVICE_LEVEL_UNSPECIFIED
          ? ""
          : CodeOf(Label(record.level_before())),
      ",", changed ? CodeOf(Label(record.level_change().to_level())) : "", ",",
      changed ? CodeOf(Label(record.level_change().transition())) : "", ",",
      record.prior_contacts_12m(), "\n");
}

std::string RenderRecord(const v1::ContactRecord& record, bool duplicate) {
  const v1::Contact& c = record.contact();
  std::string out = absl::StrCat(
      "contact ", record.contact_id(), "  child ", c.child_id(), "  at ",
      FormatEventTime(FromProto(c.event_time())), "  factors [",
      absl::StrJoin(c.factors(), ","), "]",
      duplicate ? "  (already received: first result, nothing changed)" : "",
      "\n");
  if (record.status() != v1::CONTACT_STATUS_DECIDED) {
    absl::StrAppend(&out,
                    "  pending: accepted, waiting for the threshold and "
                    "stepping services\n");
    return out;
  }
  const v1::Decision& d = record.decision();
  const v1::LevelChange& change = record.level_change();
  absl::StrAppend(&out, "  decision: ", Label(d.outcome()), " (",
                  Label(d.rag()), ", need level ", d.need_level(), ")  policy ",
                  d.policy_id(), " v", d.policy_version(), "\n");
  absl::StrAppend(
      &out, "  service:  ", Label(change.from_level()), " -> ",
      Label(change.to_level()), " (", Label(change.transition()),
      ")  earlier contacts in 12 months: ", record.prior_contacts_12m(), "\n");
  absl::StrAppend(&out, "  why:\n");
  for (const v1::FiredRule& rule : d.fired_rules()) {
    absl::StrAppend(&out, "    - ", rule.rule_id(), ": ", rule.explanation(),
                    "\n");
  }
  return out;
}

std::string RenderChildLevel(const v1::GetChildResponse& child) {
  std::string out =
      absl::StrCat("level of service: ", Label(child.level()), "\n");
  for (const v1::Episode& e : child.episodes()) {
    absl::StrAppend(
        &out, "  episode ", e.episode_id(), ": ", Label(e.level()), " from ",
        FormatEventTime(FromProto(e.start_time())),
        e.has_end_time()
            ? absl::StrCat(" to ", FormatEventTime(FromProto(e.end_time())),
                           " (",
                           EnumLabel(v1::EpisodeEndReason_Name(e.end_reason()),
                                     "EPISODE_END_REASON_"),
                           ")")
            : " (open)",
        "  opened by ", e.opened_by(), "\n");
  }
  return out;
}

}  // namespace frontdoor::cli
