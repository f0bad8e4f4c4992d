// A sweep: scenario fields varied over values, every combination a point,
// each point replicated with the same seeds (common random numbers), so
// that what differs between points is the change's and not chance's.
#ifndef FRONTDOOR_CLIENTS_STUDY_SWEEP_H_
#define FRONTDOOR_CLIENTS_STUDY_SWEEP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontdoor/v1/reports.pb.h"

namespace frontdoor::study {

// At most this many points in one sweep: 400 points of 5 replications are
// hours on two cores.
inline constexpr size_t kMaxSweepPoints = 400;

// A KPI that staffing targets are usually set on, and its short heading
// for a printed table.
struct StaffingKpi {
  const char* name;
  const char* heading;
};

// The KPIs a sweep prints and a sensitivity study charts unless asked for
// others (every KPI is in their tables).
inline constexpr StaffingKpi kStaffingKpis[] = {
    {"decided_within_one_working_day", "decided in 1 working day"},
    {"caseload_per_worker", "cases per worker"},
    {"assessments_within_45wd_share", "assessed in 45 working days"},
    {"unallocated_children", "waiting for a worker"}};

// kStaffingKpis' names.
std::vector<std::string> StaffingKpiNames();

// The axis that varies the threshold policy: its values are policy files.
inline constexpr char kPolicyAxis[] = "policy";

// One varied field and its values, as --set takes them.
struct SweepAxis {
  std::string field;
  std::vector<std::string> values;
};

// Parses --vary "FIELD=SPEC": A..B (whole numbers, both ends included),
// FROM:TO:STEP (numbers from FROM while not past TO), or V1,V2,... ;
// "policy=FILE,FILE" takes a list of policy files.
// INVALID_ARGUMENT says what is wrong with the spec.
absl::StatusOr<SweepAxis> ParseVary(absl::string_view vary);

// Parses every --vary; INVALID_ARGUMENT for the first bad one, or for none
// at all (`none` says what to give).
absl::StatusOr<std::vector<SweepAxis>> ParseVaries(
    const std::vector<std::string>& varies, absl::string_view none);

// Every combination of the axes' values, the first axis slowest; each point
// as its "FIELD=VALUE" settings. INVALID_ARGUMENT past kMaxSweepPoints.
absl::StatusOr<std::vector<std::vector<std::string>>> SweepPoints(
    const std::vector<SweepAxis>& axes);

// A point's policy file ("policy=FILE"), or empty when it varies none.
std::string PolicyOf(const std::vector<std::string>& point);

// A point's settings other than its policy: what --set takes.
std::vector<std::string> FieldSettings(const std::vector<std::string>& point);

// The tidy table: point, each axis's value, kpi, mean, lo95, hi95 (the 95%
// confidence interval of the mean over the replications), one row per
// point and overall KPI.
std::string SweepCsv(const std::vector<SweepAxis>& axes,
                     const std::vector<std::vector<std::string>>& points,
                     const std::vector<v1::ReplicationReport>& reports);

}  // namespace frontdoor::study

#endif  // FRONTDOOR_CLIENTS_STUDY_SWEEP_H_
