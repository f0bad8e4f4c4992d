// Human-readable text for the CLI: labels of codes, and decisions, contact
// records and children printed for a terminal.
#ifndef FRONTDOOR_CLIENTS_LIB_RENDER_H_
#define FRONTDOOR_CLIENTS_LIB_RENDER_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "frontdoor/v1/intake.pb.h"
#include "frontdoor/v1/stepping.pb.h"

namespace frontdoor::cli {

// Every outcome a contact can be decided to, in Outcome order (no further
// action ... immediate protection), and every RAG rating (green, amber,
// red): the rows and keys every table has, seen or not.
const std::vector<v1::Outcome>& DecidedOutcomes();
const std::vector<v1::Rag>& Rags();

// "social care assessment" for OUTCOME_SOCIAL_CARE_ASSESSMENT, and so on.
std::string Label(v1::Outcome outcome);
std::string Label(v1::Rag rag);
std::string Label(v1::ServiceLevel level);
std::string Label(v1::Transition transition);
// A stable code for files and keys: "social_care_assessment" for
// OUTCOME_SOCIAL_CARE_ASSESSMENT, "red" for RAG_RED.
std::string Code(v1::Outcome outcome);
std::string Code(v1::Rag rag);
// A stable code made from a label: lower case, anything but letters and
// digits as one "_" ("Health services" -> "health_services").
std::string CodeOf(absl::string_view label);

// A label of at most 12 characters, for table columns ("s17 assess").
std::string ShortLabel(v1::Outcome outcome);

// An outcome matrix: counts[row][column] by Outcome number, every outcome
// a row and a column (empty ones too, so matrices line up), with `corner`
// naming the axes ("A \\ B").
std::string RenderOutcomeMatrix(
    const std::array<std::array<int64_t, 7>, 7>& counts,
    const std::string& corner);

// The header and a row of an outcome-matrix CSV, by code with labels
// beside, as `policy diff`, `replay` and `report --matrix` share it: each
// row names what A and B are ("england-continuum v1", "recorded").
inline constexpr char kOutcomeMatrixHeader[] =
    "policy_a,policy_b,outcome_a,outcome_a_label,outcome_b,outcome_b_label,"
    "contacts\n";
std::string OutcomeMatrixRow(const std::string& policy_a,
                             const std::string& policy_b, v1::Outcome a,
                             v1::Outcome b, int64_t contacts);

// The header and a row of a contacts CSV (`runs export --format=csv`): one
// row per contact, outcomes by code with labels beside, times in RFC 3339;
// the level after and the transition empty until the decision is in
// effect (FillLevelChanges).
inline constexpr char kContactCsvHeader[] =
    "run_id,contact_id,child_id,event_time,source,factors,status,outcome,"
    "outcome_label,rag,need_level,door,decided_at,policy,rules,level_before,"
    "level_after,transition,prior_contacts_12m\n";
std::string ContactCsvRow(const std::string& run_id,
                          const v1::ContactRecord& record);

// One contact record: the decision, the level change and the rules that
// fired, indented under a heading line.
std::string RenderRecord(const v1::ContactRecord& record, bool duplicate);

// A child's level of service and episodes.
std::string RenderChildLevel(const v1::GetChildResponse& child);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_LIB_RENDER_H_
