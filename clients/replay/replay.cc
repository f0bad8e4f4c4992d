// Replay driver.
#include "clients/replay/replay.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/lib/event_stream.h"
#include "lib/domain/event_time.h"

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
    const std::vector<ReplayRow>& rows, const ReplaySettings& settings,
    cli::ServiceClient& client,
    const std::function<void(absl::Duration)>& sleep) {
  v1::RunConfig config;
  config.set_run_id(settings.run_id);
  config.set_description(settings.scenario.name());
  *config.mutable_scenario() = settings.scenario;
  config.set_kind(v1::RUN_KIND_REPLAY);
  if (absl::StatusOr<v1::RunInfo> created = client.CreateRun(config);
      !created.ok()) {
    return created.status();
  }
  ReplayResult result;
  result.run_id = settings.run_id;
  // Paced replays send each event as it falls due; at full speed the bulk
  // path carries batches.
  cli::EventStream stream(
      client.intake_address(), settings.run_id,
      {.batch_size = settings.speed > 0 ? 1 : 1000, .notice = settings.notice});
  std::vector<const ReplayRow*> sent;  // per event; null for findings
  size_t next_finding = 0;
  absl::Time clock = absl::InfinitePast();
  // Findings due by `until` go first, as they did in the original run.
  const auto add_findings = [&](absl::Time until) -> absl::Status {
    for (; next_finding < settings.findings.size(); ++next_finding) {
      v1::RecordAssessmentRequest finding = settings.findings[next_finding];
      if (FromProto(finding.event_time()) > until) break;
      finding.set_run_id(settings.run_id);
      clock = std::max(clock, FromProto(finding.event_time()));
      v1::RunEvent event;
      *event.mutable_finding() = std::move(finding);
      if (absl::Status s = stream.Add(std::move(event)); !s.ok()) return s;
      sent.push_back(nullptr);
    }
    return absl::OkStatus();
  };
  absl::Time previous = absl::InfinitePast();
  for (const ReplayRow& row : rows) {
    v1::Contact contact = row.contact;
    contact.set_run_id(settings.run_id);
    const absl::Time at = FromProto(contact.event_time());
    if (previous != absl::InfinitePast()) {
      const absl::Duration wait = PacingDelay(at - previous, settings.speed);
      if (wait > absl::ZeroDuration()) sleep(wait);
    }
    previous = at;
    clock = std::max(clock, at);
    if (absl::Status s = add_findings(at); !s.ok()) return s;
    v1::RunEvent event;
    *event.mutable_contact() = std::move(contact);
    if (absl::Status s = stream.Add(std::move(event)); !s.ok()) return s;
    sent.push_back(&row);
    if (settings.progress) {
      settings.progress(static_cast<int>(sent.size() - next_finding),
                        static_cast<int>(rows.size()));
    }
  }
  if (absl::Status s = add_findings(absl::InfiniteFuture()); !s.ok()) return s;
  if (clock != absl::InfinitePast()) {
    v1::RunEvent advance;
    *advance.mutable_advance_to() = ToProto(clock);
    if (absl::Status s = stream.Add(std::move(advance)); !s.ok()) return s;
    sent.push_back(nullptr);
  }
  absl::StatusOr<std::vector<v1::EventResult>> results = stream.Flush();
  if (!results.ok()) return results.status();
  for (size_t i = 0; i < results->size(); ++i) {
    const v1::EventResult& r = (*results)[i];
    if (r.has_error()) {
      return absl::Status(static_cast<absl::StatusCode>(r.error().code()),
                          sent[i] == nullptr
                              ? r.error().message()
                              : absl::StrCat("row at line ", sent[i]->line,
                                             ": ", r.error().message()));
    }
    if (sent[i] != nullptr) {
      result.contacts.push_back({sent[i], r.contact().record()});
    }
  }
  // Complete: nothing new may enter it now.
  if (absl::Status s = client.FinishRun(settings.run_id).status(); !s.ok()) {
    return s;
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
