// Replay driver.
#include "clients/replay.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/event_time.h"

namespace frontdoor {

absl::Duration PacingDelay(absl::Duration event_gap, double speed) {
  if (speed <= 0 || event_gap <= absl::ZeroDuration()) {
    return absl::ZeroDuration();
  }
  return event_gap / speed;
}

absl::StatusOr<double> ParseSpeed(absl::string_view text) {
  const std::string t = absl::AsciiStrToLower(text);
  if (t == "max" || t.empty()) return 0.0;
  if (t == "realtime" || t == "wallclock") return 1.0;
  double speed = 0;
  absl::string_view number = t;
  if (absl::EndsWith(number, "x")) number.remove_suffix(1);
  if (!absl::SimpleAtod(number, &speed) || speed <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--speed: '", text, "' is not max, realtime or a factor like 3600x"));
  }
  return speed;
}

absl::StatusOr<ReplayResult> Replay(
    const std::vector<ReplayRow>& rows, const std::string& run_id,
    const std::string& description, const std::string& policy_id,
    int64_t policy_version, double speed, cli::ServiceClient& client,
    const std::function<void(absl::Duration)>& sleep,
    const std::function<void(int, int)>& progress) {
  v1::RunConfig config;
  config.set_run_id(run_id);
  config.set_description(description);
  v1::Scenario* scenario = config.mutable_scenario();
  scenario->set_name(description);
  scenario->set_policy_id(policy_id);
  scenario->set_policy_version(policy_version);
  scenario->set_seed(1);
  if (absl::StatusOr<v1::RunInfo> created = client.CreateRun(config);
      !created.ok()) {
    return created.status();
  }
  ReplayResult result;
  result.run_id = run_id;
  absl::Time previous = absl::InfinitePast();
  for (size_t i = 0; i < rows.size(); ++i) {
    v1::Contact contact = rows[i].contact;
    contact.set_run_id(run_id);
    const absl::Time at = FromProto(contact.event_time());
    if (previous != absl::InfinitePast()) {
      const absl::Duration wait = PacingDelay(at - previous, speed);
      if (wait > absl::ZeroDuration()) sleep(wait);
    }
    previous = at;
    absl::StatusOr<v1::SubmitContactResponse> response = client.Submit(contact);
    if (!response.ok()) {
      return absl::Status(response.status().code(),
                          absl::StrCat("row at line ", rows[i].line, ": ",
                                       response.status().message()));
    }
    result.contacts.push_back({&rows[i], response->record()});
    if (progress)
      progress(static_cast<int>(i + 1), static_cast<int>(rows.size()));
  }
  if (!rows.empty()) {
    if (absl::Status s = client.AdvanceTo(run_id, previous); !s.ok()) return s;
  }
  return result;
}

Agreement CompareWithRecorded(const ReplayResult& result) {
  Agreement agreement;
  for (const ReplayedContact& c : result.contacts) {
    const v1::Outcome recorded = c.row->recorded;
    if (recorded == v1::OUTCOME_UNSPECIFIED) continue;
    const v1::Outcome modelled = c.record.decision().outcome();
    ++agreement.counts[recorded][modelled];
    ++agreement.compared;
    if (recorded == modelled) {
      ++agreement.agreed;
    } else {
      agreement.differing.push_back(&c);
    }
  }
  return agreement;
}

}  // namespace frontdoor
