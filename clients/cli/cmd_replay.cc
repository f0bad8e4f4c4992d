// `frontdoor replay FILE`: historic contacts through today's (or
// tomorrow's) policy, pseudonymised on ingest.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/cli/commands.h"
#include "clients/lib/concurrent_runs.h"
#include "clients/lib/render.h"
#include "clients/lib/service_session.h"
#include "clients/replay/replay.h"
#include "lib/domain/escape.h"
#include "lib/domain/event_time.h"
#include "lib/policy/policy_file.h"

namespace frontdoor::cli {
namespace {

int Fail(const absl::Status& status) { return cli::Fail("replay", status); }

absl::StatusOr<ReplayFilter> FilterOf(const Args& args) {
  ReplayFilter filter;
  for (const auto& [name, day] :
       {std::pair{"from", &filter.from}, std::pair{"to", &filter.to}}) {
    if (args.Get(name).empty()) continue;
    absl::StatusOr<v1::CalendarDate> date = ParseCalendarDate(args.Get(name));
    if (!date.ok() || !ToCivilDay(*date, name).ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, ": not a date YYYY-MM-DD"));
    }
    *day = absl::CivilDay(date->year(), date->month(), date->day());
  }
  filter.local_authority = args.Get("la");
  for (absl::string_view s :
       absl::StrSplit(args.Get("sources"), ',', absl::SkipWhitespace())) {
    filter.sources.insert(std::string(s));
  }
  return filter;
}

std::string Why(const v1::Decision& d) {
  std::vector<std::string> ids;
  for (const v1::FiredRule& f : d.fired_rules()) ids.push_back(f.rule_id());
  return absl::StrJoin(ids, " > ");
}

void PrintAgreement(const ReplayResult& result, int limit) {
  const Agreement agreement = CompareWithRecorded(result);
  if (agreement.compared == 0) {
    std::printf("(the file records no outcomes to compare with)\n");
    return;
  }
  std::printf(
      "\nrecorded against modelled outcomes, run %s:\n%s",
      result.run_id.c_str(),
      RenderOutcomeMatrix(agreement.counts, "recorded \\ modelled").c_str());
  std::printf("agreement: %lld of %lld (%.1f%%)\n",
              static_cast<long long>(agreement.agreed),
              static_cast<long long>(agreement.compared),
              100.0 * agreement.agreed / agreement.compared);
  int shown = 0;
  for (const ReplayedContact* c : agreement.differing) {
    if (shown++ == limit) {
      std::printf("... and %zu more (all in replay-decisions.csv)\n",
                  agreement.differing.size() - limit);
      break;
    }
    std::printf("  line %d  child %s  recorded %s, modelled %s: %s\n",
                c->row->line, c->record.contact().child_id().c_str(),
                Label(c->row->recorded).c_str(),
                Label(c->record.decision().outcome()).c_str(),
                Why(c->record.decision()).c_str());
  }
}

void PrintPolicyComparison(const ReplayResult& a, const ReplayResult& b,
                           int limit) {
  std::array<std::array<int64_t, 7>, 7> counts{};
  std::vector<size_t> changed;
  for (size_t i = 0; i < a.contacts.size() && i < b.contacts.size(); ++i) {
    const v1::Outcome x = a.contacts[i].record.decision().outcome();
    const v1::Outcome y = b.contacts[i].record.decision().outcome();
    ++counts[x][y];
    if (x != y) changed.push_back(i);
  }
  std::printf("\nrun %s (A) against run %s (B):\n%s", a.run_id.c_str(),
              b.run_id.c_str(), RenderOutcomeMatrix(counts, "A \\ B").c_str());
  std::printf(
      "%zu of %zu contacts changed outcome (%.1f%%)\n", changed.size(),
      a.contacts.size(),
      a.contacts.empty() ? 0.0 : 100.0 * changed.size() / a.contacts.size());
  int shown = 0;
  for (size_t i : changed) {
    if (shown++ == limit) {
      std::printf("... and %zu more (all in replay-decisions.csv)\n",
                  changed.size() - limit);
      break;
    }
    const v1::Decision& x = a.contacts[i].record.decision();
    const v1::Decision& y = b.contacts[i].record.decision();
    std::printf("  line %d  child %s\n    A: %-24s %s\n    B: %-24s %s\n",
                a.contacts[i].row->line,
                a.contacts[i].record.contact().child_id().c_str(),
                Label(x.outcome()).c_str(), Why(x).c_str(),
                Label(y.outcome()).c_str(), Why(y).c_str());
  }
}

absl::Status WriteOutputs(const std::string& dir, const std::string& run,
                          const ReplayInput& input,
                          const std::vector<ReplayResult>& results) {
  std::filesystem::create_directories(dir);
  std::ofstream errors(dir + "/replay-errors.csv");
  errors << "line,column,why\n";
  for (const RowError& e : input.errors) {
    errors << e.line << "," << CsvField(e.column) << "," << CsvField(e.why)
           << "\n";
  }
  // Long form: a row per replayed row and run, so that the column names
  // stay the same whatever the runs are called.
  std::ofstream decisions(dir + "/replay-decisions.csv");
  decisions << "run_id,line,contact_id,child_id,event_time,source,factors,"
               "recorded,recorded_label,outcome,outcome_label,rag,rules\n";
  for (const ReplayResult& r : results) {
    for (size_t i = 0; i < input.rows.size(); ++i) {
      const ReplayRow& row = input.rows[i];
      const v1::Decision& d = r.contacts[i].record.decision();
      const bool recorded = row.recorded != v1::OUTCOME_UNSPECIFIED;
      decisions << r.run_id << "," << row.line << ","
                << row.contact.source_contact_id() << ","
                << row.contact.child_id() << ","
                << FormatEventTime(FromProto(row.contact.event_time())) << ","
                << row.contact.source() << ","
                << absl::StrJoin(row.contact.factors(), " ") << ","
                << (recorded ? Code(row.recorded) : "") << ","
                << (recorded ? Label(row.recorded) : "") << ","
                << Code(d.outcome()) << "," << Label(d.outcome()) << ","
                << Code(d.rag()) << "," << Why(d) << "\n";
    }
  }
  // The matrix `report --matrix` draws: policy A by policy B with two
  // policies, the record by the model otherwise (when the file records
  // outcomes).
  std::array<std::array<int64_t, 7>, 7> counts{};
  bool any = false;
  // A replay's policy, by its first decision.
  const auto policy_of = [](const ReplayResult& r) -> std::string {
    for (const ReplayedContact& c : r.contacts) {
      const v1::Decision& d = c.record.decision();
      if (!d.policy_id().empty()) {
        return absl::StrCat(d.policy_id(), " v", d.policy_version());
      }
    }
    return r.run_id;
  };
  std::string policy_a = "recorded", policy_b;
  if (results.size() == 2) {
    for (size_t i = 0; i < input.rows.size(); ++i) {
      ++counts[results[0].contacts[i].record.decision().outcome()]
              [results[1].contacts[i].record.decision().outcome()];
    }
    any = !input.rows.empty();
    policy_a = policy_of(results[0]);
    policy_b = policy_of(results[1]);
  } else if (results.size() == 1) {
    policy_b = policy_of(results[0]);
    const Agreement agreement = CompareWithRecorded(results[0]);
    counts = agreement.counts;
    any = agreement.compared > 0;
  }
  if (any) {
    std::ofstream matrix(dir + "/replay-matrix.csv");
    matrix << "run_id," << kOutcomeMatrixHeader;
    for (v1::Outcome x : DecidedOutcomes()) {
      for (v1::Outcome y : DecidedOutcomes()) {
        matrix << CsvField(run) << ","
               << OutcomeMatrixRow(policy_a, policy_b, x, y, counts[x][y]);
      }
    }
  }
  if (!errors || !decisions) {
    return absl::FailedPreconditionError(absl::StrCat("cannot write to ", dir));
  }
  return absl::OkStatus();
}

// What `replay` was asked, checked before anything is read or sent.
struct ReplayOptions {
  double speed = 0;
  ReplayFilter filter;
  bool stop_on_error = true;
  int limit = 20;
  std::vector<std::string> policy_files;
  std::vector<Policy> policies;
};

absl::StatusOr<ReplayOptions> ParseReplayOptions(const Args& args) {
  ReplayOptions o;
  absl::StatusOr<double> speed = ParseSpeed(args.Get("speed"));
  if (!speed.ok()) return speed.status();
  o.speed = *speed;
  absl::StatusOr<ReplayFilter> filter = FilterOf(args);
  if (!filter.ok()) return filter.status();
  o.filter = *std::move(filter);
  const std::string on_error = args.Get("on_error");
  if (on_error != "stop" && on_error != "skip") {
    return absl::InvalidArgumentError("--on_error: stop or skip");
  }
  o.stop_on_error = on_error == "stop";
  if (!absl::SimpleAtoi(args.Get("limit"), &o.limit) || o.limit < 0) {
    return absl::InvalidArgumentError("--limit: not a count");
  }
  o.policy_files = args.All("policy");
  if (o.policy_files.size() > 2) {
    return absl::InvalidArgumentError("--policy: at most two");
  }
  for (const std::string& path : o.policy_files) {
    absl::StatusOr<Policy> policy = LoadPolicyFile(path);
    if (!policy.ok()) return policy.status();
    o.policies.push_back(*std::move(policy));
  }
  return o;
}

// Reads the file, pseudonymised with the key in `key_file` (made on first
// use), and prints what was accepted and the first refusals.
absl::StatusOr<ReplayInput> ReadAndShow(const std::string& file,
                                        const std::string& key_file,
                                        const std::string& default_la,
                                        const ReplayFilter& filter) {
  if (absl::Status s = EnsureKeyFile(key_file); !s.ok()) return s;
  absl::StatusOr<Pseudonymiser> pseudonyms =
      Pseudonymiser::FromKeyFile(key_file);
  if (!pseudonyms.ok()) return pseudonyms.status();
  absl::StatusOr<ReplayInput> input =
      ReadReplayFile(file, *pseudonyms, default_la, filter);
  if (!input.ok()) return input.status();
  std::printf(
      "%s: %lld rows read, %zu accepted, %zu refused, %lld filtered "
      "out\n",
      file.c_str(), static_cast<long long>(input->rows_read),
      input->rows.size(), input->errors.size(),
      static_cast<long long>(input->filtered_out));
  for (size_t i = 0; i < input->errors.size() && i < 20; ++i) {
    const RowError& e = input->errors[i];
    std::printf("  %s:%d: %s: %s\n", file.c_str(), e.line, e.column.c_str(),
                e.why.c_str());
  }
  return input;
}

// A run to replay into, under the policy it names (none: the default).
struct ReplayTarget {
  std::string run_id, policy_id;
  int64_t version = 0;
};

// The runs to replay into: `run` alone, or with two policies `run`-a and
// `run`-b, each policy loaded into threshold first.
absl::StatusOr<std::vector<ReplayTarget>> LoadTargets(ServiceClient& client,
                                                      const std::string& run,
                                                      const ReplayOptions& o) {
  std::vector<ReplayTarget> targets;
  if (o.policies.empty()) targets.push_back({run, "", 0});
  for (size_t i = 0; i < o.policies.size(); ++i) {
    v1::LoadPolicyRequest load;
    *load.mutable_policy() = o.policies[i].spec();
    load.set_source_name(o.policy_files[i]);
    absl::StatusOr<v1::LoadPolicyResponse> loaded = client.LoadPolicy(load);
    if (!loaded.ok()) return loaded.status();
    targets.push_back(
        {o.policies.size() == 1 ? run : absl::StrCat(run, i == 0 ? "-a" : "-b"),
         o.policies[i].id(), o.policies[i].version()});
  }
  return targets;
}

// Replays the rows into every target side by side, with the exported
// run's scenario and findings when the file came with them.
absl::StatusOr<std::vector<ReplayResult>> ReplayTargets(
    ServiceClient& client, const std::string& file, const std::string& run,
    const std::vector<ReplayTarget>& targets, const ReplayInput& input,
    const std::optional<ExportedRun>& exported, double speed) {
  SharedProgress progress(
      targets.size() == 1 ? targets[0].run_id : absl::StrCat(run, "-a/-b"),
      "contact", targets.size());
  std::vector<absl::StatusOr<ReplayResult>> replayed =
      RunConcurrently<ReplayResult>(targets.size(), 2, [&](int i) {
        const ReplayTarget& t = targets[i];
        ReplaySettings settings;
        settings.run_id = t.run_id;
        settings.speed = speed;
        settings.progress = progress.ForRun(i);
        settings.scenario.set_name(absl::StrCat("replay of ", file));
        settings.scenario.set_seed(1);
        if (exported.has_value()) {
          settings.scenario = exported->config.scenario();
          settings.findings = exported->findings;
        }
        if (!t.policy_id.empty()) {
          settings.scenario.set_policy_id(t.policy_id);
          settings.scenario.set_policy_version(t.version);
        }
        return Replay(input.rows, settings, client, [](absl::Duration d) {
          std::this_thread::sleep_for(absl::ToChronoNanoseconds(d));
        });
      });
  std::vector<ReplayResult> results;
  for (absl::StatusOr<ReplayResult>& result : replayed) {
    if (!result.ok()) return result.status();
    results.push_back(*std::move(result));
  }
  return results;
}

int RunReplay(const Args& args) {
  const std::string& file = args.positional()[0];
  const std::string run = args.Get("run");
  const std::string out_dir = absl::StrCat(args.Get("out"), "/", run);
  absl::StatusOr<ReplayOptions> options = ParseReplayOptions(args);
  if (!options.ok()) return Fail(options.status());
  const std::string key_file = args.Get("key_file").empty()
                                   ? out_dir + "/replay.key"
                                   : args.Get("key_file");
  absl::StatusOr<ReplayInput> input =
      ReadAndShow(file, key_file, args.Get("default_la"), options->filter);
  if (!input.ok()) return Fail(input.status());
  if (!input->errors.empty() && options->stop_on_error) {
    std::printf(
        "nothing was sent (--on_error=stop): fix the rows, or skip "
        "them with --on_error=skip\n");
    (void)WriteOutputs(out_dir, run, *input, {});
    return 1;
  }
  absl::StatusOr<std::optional<ExportedRun>> exported =
      ReadExportSiblings(file);
  if (!exported.ok()) return Fail(exported.status());
  if (exported->has_value()) {
    std::printf(
        "with the exported run's scenario (seed %llu) and its %zu "
        "assessment findings\n",
        static_cast<unsigned long long>((*exported)->config.scenario().seed()),
        (*exported)->findings.size());
  }
  absl::StatusOr<std::unique_ptr<ServiceSession>> session =
      ServiceSession::Open(args, /*starts_with_policy=*/false);
  if (!session.ok()) return Fail(session.status());
  ServiceClient& client = (*session)->client();
  client.set_retry(PatientRetry());
  absl::StatusOr<std::vector<ReplayTarget>> targets =
      LoadTargets(client, run, *options);
  if (!targets.ok()) return Fail(targets.status());
  absl::StatusOr<std::vector<ReplayResult>> results = ReplayTargets(
      client, file, run, *targets, *input, *exported, options->speed);
  if (!results.ok()) return Fail(results.status());
  for (const ReplayResult& r : *results) PrintAgreement(r, options->limit);
  if (results->size() == 2) {
    PrintPolicyComparison((*results)[0], (*results)[1], options->limit);
  }
  if (absl::Status s = WriteOutputs(out_dir, run, *input, *results); !s.ok()) {
    return Fail(s);
  }
  std::printf(
      "\ndecisions and refused rows in %s/ (pseudonymised; key in "
      "%s)\n",
      out_dir.c_str(), key_file.c_str());
  return 0;
}

}  // namespace

Command ReplayCommand() {
  std::vector<OptionSpec> options = {
      {"run", "replay", "run id (with two policies: RUN-a and RUN-b)"},
      {"policy", "",
       "policy file to replay under; give twice to compare "
       "two (default: the active policy)",
       /*repeatable=*/true},
      {"key_file", "",
       "pseudonymisation key (hex); created if missing "
       "(default OUT/RUN/replay.key)"},
      {"on_error", "stop",
       "stop: send nothing if any row is bad; skip: "
       "report bad rows and replay the rest"},
      {"speed", "max",
       "max (as fast as possible), realtime, or a factor "
       "such as 3600x"},
      {"from", "", "first contact date kept, YYYY-MM-DD"},
      {"to", "", "last contact date kept, YYYY-MM-DD"},
      {"la", "", "keep only this local authority"},
      {"sources", "", "keep only these ReferralSource codes (comma list)"},
      {"default_la", "000", "local authority for rows without one"},
      {"out", "frontdoor-out", "folder for OUT/RUN/replay-*.csv"},
      {"limit", "20", "differing contacts listed"},
  };
  for (OptionSpec& o : SessionOptions(false)) options.push_back(std::move(o));
  return {{"replay",
           "replay historic contacts (CSV, or a run's JSON-lines export) "
           "through a policy, pseudonymised, and compare outcomes",
           "frontdoor replay FILE [--policy=A [--policy=B]] "
           "[--on_error=skip] [--speed=3600x]",
           options,
           {"FILE"}},
          RunReplay};
}

}  // namespace frontdoor::cli
