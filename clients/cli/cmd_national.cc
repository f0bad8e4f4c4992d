// `frontdoor national`: every authority of England as its own run, in one
// process or as shards, and `frontdoor national merge` of the shards into
// England's and each region's KPIs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clients/cli/commands.h"
#include "clients/cli/scenario_args.h"
#include "clients/cli/study_output.h"
#include "clients/lib/json_out.h"
#include "clients/lib/local_cluster.h"
#include "clients/report/html_report.h"
#include "clients/report/national_report.h"
#include "clients/report/svg_chart.h"
#include "clients/simulate/kpis.h"
#include "clients/simulate/scenario_file.h"
#include "clients/study/authorities.h"
#include "clients/study/fit.h"
#include "clients/study/national.h"
#include "clients/study/study_runs.h"
#include "google/protobuf/util/json_util.h"
#include "lib/domain/text_files.h"

namespace frontdoor::cli {
namespace {

// What this process runs of the national run.
struct NationalPlan {
  study::LaTable table;
  std::string year, from_year;
  int replications = 1;
  int fit_steps = 0;
  int shard = 1, shards = 1;
  std::vector<std::string> settings;
  bool every_authority = true;                // no --la
  std::vector<std::string> all_codes;         // every authority of the run
  std::vector<study::Authority> authorities;  // this shard's
};

absl::StatusOr<NationalPlan> PlanNational(const Args& args) {
  absl::StatusOr<study::LaTable> table =
      study::LaTable::Load(ShippedFile("data/la_inputs.csv"));
  if (!table.ok()) return table.status();
  NationalPlan plan{*std::move(table)};
  plan.year = args.Get("year");
  absl::StatusOr<std::string> from = study::PreviousYear(plan.year);
  if (!from.ok()) return from.status();
  plan.from_year = *from;
  absl::StatusOr<int> replications = args.Int("replications", 1, 100);
  if (!replications.ok()) return replications.status();
  plan.replications = *replications;
  absl::StatusOr<int> fit_steps = args.Int("fit_steps", 0, 10);
  if (!fit_steps.ok()) return fit_steps.status();
  plan.fit_steps = *fit_steps;
  if (!args.Get("shard").empty()) {
    absl::StatusOr<std::pair<int, int>> shard =
        study::ParseShard(args.Get("shard"));
    if (!shard.ok()) return shard.status();
    std::tie(plan.shard, plan.shards) = *shard;
  }
  absl::StatusOr<v1::Scenario> base =
      LoadScenarioFile(ScenarioRequestFrom(args).scenario_file);
  if (!base.ok()) return base.status();
  plan.settings = args.All("set");
  study::AuthorityRequest request{plan.year, {}, false, *base, plan.settings};
  if (!args.Get("la").empty()) {
    request.las = absl::StrSplit(args.Get("la"), ',');
    plan.every_authority = false;
  }
  absl::StatusOr<study::AuthoritySet> set =
      study::LoadAuthorities(plan.table, request);
  if (!set.ok()) return set.status();
  if (set->skipped > 0) {
    std::fprintf(stderr,
                 "%d authorities left out: no %s referrals or population, or "
                 "under 1,000 children\n",
                 set->skipped, plan.from_year.c_str());
  }
  const std::vector<int> assigned =
      study::AssignShards(set->authorities, plan.shards);
  for (size_t i = 0; i < set->authorities.size(); ++i) {
    plan.all_codes.push_back(set->authorities[i].code);
    if (assigned[i] == plan.shard) {
      plan.authorities.push_back(std::move(set->authorities[i]));
    }
  }
  return plan;
}

// Fits this shard's authorities to their year before, when asked.
absl::Status Fit(ServiceClient& client, NationalPlan& plan,
                 const std::string& journal) {
  if (plan.fit_steps == 0) return absl::OkStatus();
  std::vector<std::pair<std::string, v1::Scenario>> las;
  for (const study::Authority& a : plan.authorities) {
    las.emplace_back(a.code, a.scenario);
  }
  absl::StatusOr<study::FitOutcome> fit = study::FitAuthorities(
      client, plan.table, plan.from_year, plan.fit_steps, las, journal);
  if (!fit.ok()) return fit.status();
  for (size_t i = 0; i < las.size(); ++i) {
    plan.authorities[i].scenario = las[i].second;
  }
  std::fprintf(stderr, "fit to %s: %d of %d authorities within tolerance\n",
               plan.from_year.c_str(), fit->within_tolerance, fit->fitted);
  return absl::OkStatus();
}

// Runs this shard's authorities and returns what it measured.
absl::StatusOr<v1::NationalShard> RunShard(ServiceClient& client,
                                           NationalPlan& plan,
                                           const std::string& out) {
  const std::string journal = absl::StrCat(out, "/.journal");
  if (absl::Status s = Fit(client, plan, journal); !s.ok()) return s;
  std::vector<study::PlannedRun> runs;
  for (const study::Authority& a : plan.authorities) {
    for (study::PlannedRun& r : study::Replications(
             a.scenario, absl::StrCat("national-", plan.year, "-", a.code),
             plan.replications)) {
      runs.push_back(std::move(r));
    }
  }
  std::fprintf(stderr,
               "national %s, shard %d of %d: %zu authorities x %d "
               "replications = %zu runs\n",
               plan.year.c_str(), plan.shard, plan.shards,
               plan.authorities.size(), plan.replications, runs.size());
  const std::vector<absl::StatusOr<study::MeasuredRun>> measured =
      study::RunPlan(client, runs, 4, absl::StrCat("national ", plan.year),
                     /*delete_after=*/true, journal, /*digest=*/true);
  v1::NationalShard shard;
  shard.set_year(plan.year);
  shard.set_replications(plan.replications);
  shard.set_shard(plan.shard);
  shard.set_shards(plan.shards);
  for (const std::string& code : plan.all_codes) shard.add_authorities(code);
  for (const std::string& s : plan.settings) shard.add_settings(s);
  shard.set_every_authority(plan.every_authority);
  for (size_t i = 0; i < measured.size(); ++i) {
    if (!measured[i].ok()) return measured[i].status();
    const study::Authority& a =
        plan.authorities[i / static_cast<size_t>(plan.replications)];
    v1::NationalRun* run = shard.add_runs();
    run->set_code(a.code);
    run->set_name(a.name);
    run->set_region(a.region);
    run->set_replication(static_cast<int>(i % plan.replications) + 1);
    run->set_seed(runs[i].scenario.seed());
    run->set_child_population(a.scenario.child_population());
    *run->mutable_kpis() = measured[i]->kpis.overall();
    run->set_content_sha256(measured[i]->content_sha256);
  }
  return shard;
}

std::string ShardFile(const std::string& out, int shard, int shards) {
  return absl::StrCat(out, "/shards/shard-", shard, "-of-", shards, ".json");
}

// Reads every shard file in the folders (or the files) given.
absl::StatusOr<std::vector<v1::NationalShard>> ReadShards(
    const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
      files.push_back(path);
      continue;
    }
    const std::string dir =
        std::filesystem::exists(path + "/shards") ? path + "/shards" : path;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".json") {
        files.push_back(entry.path().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    return absl::NotFoundError("no shard files (OUT/shards/shard-I-of-N.json)");
  }
  std::vector<v1::NationalShard> shards;
  for (const std::string& file : files) {
    absl::StatusOr<std::string> text = ReadTextFile(file);
    if (!text.ok()) return text.status();
    if (!google::protobuf::util::JsonStringToMessage(*text,
                                                     &shards.emplace_back())
             .ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(file, ": not a national run's shard"));
    }
  }
  return shards;
}

// Writes the merged run's tables and page to `out` and prints England's
// KPIs beside the published figures.
absl::Status WriteNational(const study::NationalResult& result,
                           const std::string& out) {
  if (absl::Status s =
          WriteKpiFiles(study::EnglandKpis(result), out + "/england");
      !s.ok()) {
    return s;
  }
  std::string runs = "code,replication,seed,content_sha256\n";
  for (const v1::NationalRun& run : result.runs) {
    absl::StrAppend(&runs, run.code(), ",", run.replication(), ",", run.seed(),
                    ",", run.content_sha256(), "\n");
  }
  absl::StatusOr<study::LaTable> table =
      study::LaTable::Load(ShippedFile("data/la_inputs.csv"));
  if (!table.ok()) return table.status();
  const std::vector<report::PublishedFigure> published =
      report::PublishedFigures(result, *table);
  for (const auto& [file, text] :
       std::vector<std::pair<std::string, std::string>>{
           {"/england/replications.json", ToAnalystJson(result.england_report)},
           {"/authorities.csv", study::AuthoritiesCsv(result)},
           {"/regions.csv", study::RegionsCsv(result)},
           {"/runs.csv", runs},
           {"/national.html", report::NationalPage(result, *table)}}) {
    if (absl::Status s = WriteStudyFile(out + file, text); !s.ok()) return s;
  }
  std::printf(
      "England %s: %zu authorities, %d replications; beside the published "
      "figures of those that published each (and the model over the "
      "same)\n",
      result.year.c_str(),
      result.runs.size() / static_cast<size_t>(result.replications),
      result.replications);
  for (const report::PublishedFigure& p : published) {
    const bool share = IsShareKpi(p.kpi);
    std::printf("  %-40s %9s [%s, %s]  published %s (%+.1f%%; %d of %d)\n",
                p.label.c_str(),
                report::FormatValue(p.model.mean(), share).c_str(),
                report::FormatValue(p.model.ci_low(), share).c_str(),
                report::FormatValue(p.model.ci_high(), share).c_str(),
                report::FormatValue(p.value, share).c_str(),
                100 * (p.model.mean() / p.value - 1), p.authorities, p.of);
  }
  for (const report::PublishedFigure& p : published) {
    if (std::isnan(p.england)) continue;
    const bool share = IsShareKpi(p.kpi);
    for (const v1::ReplicatedKpi& k : result.england_report.kpis()) {
      if (k.name() != p.kpi) continue;
      std::printf("  England's own %-27s %9s, published %s (%+.1f%%)\n",
                  p.label.c_str(), report::FormatValue(k.mean(), share).c_str(),
                  report::FormatValue(p.england, share).c_str(),
                  100 * (k.mean() / p.england - 1));
    }
  }
  std::printf(
      "England's KPIs: %s/england/kpis.json; authorities: %s/authorities.csv; "
      "regions: %s/regions.csv\nreport: %s/national.html\n",
      out.c_str(), out.c_str(), out.c_str(), out.c_str());
  return absl::OkStatus();
}

int RunNational(const Args& args) {
  absl::StatusOr<NationalPlan> plan = PlanNational(args);
  if (!plan.ok()) return Fail("national", plan.status());
  absl::StatusOr<std::unique_ptr<ServiceSession>> session = OpenStudy(args);
  if (!session.ok()) return Fail("national", session.status());
  const std::string out = args.Get("out");
  absl::StatusOr<v1::NationalShard> shard =
      RunShard((*session)->client(), *plan, out);
  if (!shard.ok()) return Fail("national", shard.status());
  std::filesystem::create_directories(out + "/shards");
  const std::string file = ShardFile(out, plan->shard, plan->shards);
  if (absl::Status s = WriteStudyFile(file, ToAnalystJson(*shard)); !s.ok()) {
    return Fail("national", s);
  }
  if (plan->shards > 1) {
    std::printf(
        "shard %d of %d: %s\nmerge the shards with `frontdoor national merge "
        "DIR...`\n",
        plan->shard, plan->shards, file.c_str());
    return 0;
  }
  absl::StatusOr<study::NationalResult> result = study::MergeShards({*shard});
  if (!result.ok()) return Fail("national", result.status());
  if (absl::Status s = WriteNational(*result, out); !s.ok()) {
    return Fail("national", s);
  }
  return 0;
}

int RunMerge(const Args& args) {
  absl::StatusOr<std::vector<v1::NationalShard>> shards =
      ReadShards(args.positional());
  if (!shards.ok()) return Fail("national merge", shards.status());
  absl::StatusOr<study::NationalResult> result = study::MergeShards(*shards);
  if (!result.ok()) return Fail("national merge", result.status());
  if (absl::Status s = WriteNational(*result, args.Get("out")); !s.ok()) {
    return Fail("national merge", s);
  }
  return 0;
}

}  // namespace

std::vector<Command> NationalCommands() {
  std::vector<OptionSpec> options = {
      {"year", "2023-24",
       "the reporting year simulated, each authority from the figures of "
       "the year before"},
      {"la", "",
       "only these authorities, comma-separated ONS codes or names "
       "(default: every authority that published the figures needed)"},
      {"replications", "1", "replications per authority (seeds 1, 2, ...)"},
      {"fit_steps", "0",
       "simulated years of each authority's fit to the year before (0: no "
       "fit)"},
      {"shard", "",
       "I/N: run only shard I of N (authorities split by expected contacts) "
       "and write OUT/shards/shard-I-of-N.json to merge"},
      {"scenario", "",
       "base scenario each authority's is built on (default: the shipped "
       "scenarios/default.textproto)"},
      SetOption(),
      {"out", "frontdoor-out",
       "folder for England's KPIs (OUT/england/), the tables and the page"},
  };
  for (OptionSpec& o : SessionOptions()) options.push_back(std::move(o));
  return {
      {{"national run",
        "every authority as its own run (concurrent on the machine's cores, "
        "each deleted once measured), added up into England's KPIs "
        "(OUT/england/kpis.json, with 95% intervals over the replications "
        "in replications.json), per authority and per region "
        "(authorities.csv, regions.csv), each run's digest (runs.csv) and a "
        "page (national.html); with --shard I/N, one shard's runs to merge. "
        "`frontdoor national` alone is `national run`",
        "frontdoor national [--year=YYYY-YY] [-n N] [--la=LIST] "
        "[--shard=I/N] [--set=FIELD=VALUE] [--out=DIR]",
        options},
       RunNational},
      {{"national merge",
        "merges the shards of a national run (each DIR an --out of `national "
        "--shard`, or shard files) into what one process would have written: "
        "every shard once, every authority's every replication once",
        "frontdoor national merge DIR... [--out=DIR]",
        {{"out", "frontdoor-out", "folder for the merged run"}},
        {"DIR..."}},
       RunMerge},
  };
}

}  // namespace frontdoor::cli
