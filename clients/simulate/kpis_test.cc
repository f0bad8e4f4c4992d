// KPI arithmetic that needs no services: XmR control charts over weeks,
// replications' confidence and prediction intervals.
#include "clients/simulate/kpis.h"

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "lib/domain/event_time.h"

namespace frontdoor {
namespace {

v1::RunKpis Weeks(const std::vector<std::pair<std::string, int64_t>>& weeks) {
  v1::RunKpis kpis;
  for (const auto& [name, contacts] : weeks) {
    v1::KpiSet* week = kpis.add_weeks();
    // A partial week, cut by the run's start, is named with a '*' here.
    week->set_partial(absl::EndsWith(name, "*"));
    week->set_period(std::string(absl::StripSuffix(name, "*")));
    week->set_contacts(contacts);
    week->set_decided_within_one_working_day(1);
  }
  return kpis;
}

const v1::ControlChart* Chart(const std::vector<v1::ControlChart>& charts,
                              const std::string& kpi) {
  for (const v1::ControlChart& c : charts) {
    if (c.kpi() == kpi) return &c;
  }
  return nullptr;
}

TEST(ControlChartTest, AWeekOutsideTheLimitsIsFlagged) {
  // Eleven steady weeks around 100, one at 200; a partial week at 5 is left
  // out of the chart.
  std::vector<std::pair<std::string, int64_t>> weeks = {{"2024-01-01*", 5}};
  const int64_t steady[] = {100, 104, 98, 101, 97, 103, 99, 102, 100, 96, 101};
  for (int i = 0; i < 11; ++i) {
    weeks.emplace_back(absl::StrCat("w", i), steady[i]);
  }
  weeks.emplace_back("spike", 200);
  const std::vector<v1::ControlChart> charts = ControlCharts(Weeks(weeks));
  const v1::ControlChart* contacts = Chart(charts, "contacts");
  ASSERT_NE(contacts, nullptr);
  // Mean of the whole weeks, 2.66 mean moving ranges either side.
  double sum = 200, ranges = 200 - steady[10];
  for (int i = 0; i < 11; ++i) sum += steady[i];
  for (int i = 1; i < 11; ++i) ranges += std::abs(steady[i] - steady[i - 1]);
  EXPECT_DOUBLE_EQ(contacts->centre(), sum / 12);
  EXPECT_DOUBLE_EQ(contacts->upper_limit(), sum / 12 + 2.66 * ranges / 11);
  ASSERT_EQ(contacts->flagged_size(), 1);
  EXPECT_EQ(contacts->flagged(0).week(), "spike");
  EXPECT_EQ(contacts->flagged(0).value(), 200);
  // A share stays within [0, 1]: a steady 100% has limits 1 and 1, and
  // nothing flagged.
  const v1::ControlChart* timely =
      Chart(charts, "decided_within_one_working_day");
  ASSERT_NE(timely, nullptr);
  EXPECT_EQ(timely->upper_limit(), 1);
  EXPECT_EQ(timely->flagged_size(), 0);
}

TEST(ControlChartTest, TooFewWeeksMakeNoChart) {
  EXPECT_TRUE(ControlCharts(Weeks({{"a", 1}, {"b", 2}})).empty());
}

TEST(ReplicateTest, PredictionIntervalIsWiderThanTheConfidenceInterval) {
  std::vector<v1::RunKpis> runs(3);
  for (int i = 0; i < 3; ++i) {
    runs[i].set_run_id(absl::StrCat("r", i));
    runs[i].mutable_overall()->set_referrals(100 + 10 * i);  // 100, 110, 120
  }
  const v1::ReplicationReport report = Replicate(runs);
  const v1::ReplicatedKpi* referrals = nullptr;
  for (const v1::ReplicatedKpi& k : report.kpis()) {
    if (k.name() == "referrals") referrals = &k;
  }
  ASSERT_NE(referrals, nullptr);
  // Mean 110, s = 10, t(2) = 4.303: the mean within 4.303 * 10 / sqrt(3),
  // one more run within 4.303 * 10 * sqrt(1 + 1/3).
  EXPECT_DOUBLE_EQ(referrals->mean(), 110);
  EXPECT_NEAR(referrals->ci_high() - 110, 24.84, 0.01);
  EXPECT_NEAR(110 - referrals->ci_low(), 24.84, 0.01);
  EXPECT_NEAR(referrals->pi_high() - 110, 49.69, 0.01);
  EXPECT_NEAR(110 - referrals->pi_low(), 49.69, 0.01);
}

TEST(ReplicateTest, IntervalsStayWhereTheKpiCanBe) {
  // Counts of 0, 0 and 9 and shares of 0.9, 1 and 1: the t interval runs
  // past zero and past one.
  std::vector<v1::RunKpis> runs(3);
  const int64_t counts[] = {0, 0, 9};
  const double shares[] = {0.9, 1, 1};
  for (int i = 0; i < 3; ++i) {
    runs[i].mutable_overall()->set_step_up_refusals(counts[i]);
    runs[i].mutable_overall()->set_assessments_within_45wd_share(shares[i]);
  }
  const v1::ReplicationReport report = Replicate(runs);
  for (const v1::ReplicatedKpi& k : report.kpis()) {
    if (k.name() == "step_up_refusals") {
      EXPECT_EQ(k.ci_low(), 0);
      EXPECT_EQ(k.pi_low(), 0);
      EXPECT_GT(k.ci_high(), 3);
    }
    if (k.name() == "assessments_within_45wd_share") {
      EXPECT_EQ(k.ci_high(), 1);
      EXPECT_EQ(k.pi_high(), 1);
      EXPECT_LT(k.ci_low(), 0.95);
    }
  }
}

TEST(WriteKpiFilesTest, EveryCsvRowCarriesItsRun) {
  v1::RunKpis kpis;
  kpis.set_run_id("what-if-1");
  kpis.mutable_overall()->set_period("all");
  (*kpis.mutable_overall()->mutable_outcomes())["early_help"] = 3;
  (*kpis.mutable_labels())["early_help"] = "early help";
  kpis.add_months()->set_period("2024-04");
  v1::KpiSet* week = kpis.add_weeks();
  week->set_period("2024-04-01");
  week->set_partial(true);
  week->set_agency_share(0.25);
  v1::ControlChart* chart = kpis.add_control_charts();
  chart->set_kpi("contacts");
  chart->add_flagged()->set_week("2024-04-01");
  const std::string dir = ::testing::TempDir() + "/kpi-files";
  ASSERT_TRUE(WriteKpiFiles(kpis, dir).ok());
  for (const char* file :
       {"kpis-summary.csv", "kpis-monthly.csv", "kpis-weekly.csv",
        "kpis-monthly-long.csv", "kpis-weekly-long.csv", "control-charts.csv",
        "control-chart-weeks.csv", "outcomes.csv", "referral-sources.csv",
        "timeliness-by-rag.csv"}) {
    std::ifstream in(dir + "/" + file);
    std::string line;
    ASSERT_TRUE(std::getline(in, line)) << file;
    EXPECT_TRUE(absl::StartsWith(line, "run_id,")) << file << ": " << line;
    while (std::getline(in, line)) {
      EXPECT_TRUE(absl::StartsWith(line, "what-if-1,")) << file << ": " << line;
    }
  }
  const auto whole = [&dir](const std::string& file) {
    std::ifstream in(dir + "/" + file);
    return std::string((std::istreambuf_iterator<char>(in)),
                       std::istreambuf_iterator<char>());
  };
  // Tidy: a row per period and KPI, shares as fractions; a partial week
  // says so in its own column, never in its date.
  EXPECT_TRUE(absl::StartsWith(whole("kpis-weekly-long.csv"),
                               "run_id,period,kpi,value\n"));
  EXPECT_TRUE(absl::StrContains(whole("kpis-weekly-long.csv"),
                                "what-if-1,2024-04-01,agency_share,0.25\n"));
  EXPECT_TRUE(absl::StartsWith(whole("kpis-weekly.csv"),
                               "run_id,week,partial,contacts,"));
  EXPECT_TRUE(absl::StrContains(whole("kpis-weekly.csv"),
                                "what-if-1,2024-04-01,true,"));
  EXPECT_FALSE(absl::StrContains(whole("kpis-weekly.csv"), "*"));
  // The summary says each KPI in words with its unit.
  EXPECT_TRUE(absl::StrContains(
      whole("kpis-summary.csv"),
      "what-if-1,vacancy_rate,Social-worker posts vacant,share,0\n"));
  // Limits and flagged weeks each in a file of their own kind of row.
  EXPECT_TRUE(absl::StrContains(whole("control-charts.csv"),
                                "what-if-1,contacts,0,0,0,1\n"));
  EXPECT_TRUE(absl::StrContains(whole("control-chart-weeks.csv"),
                                "what-if-1,contacts,2024-04-01,0\n"));
  // Every outcome has its row, by code with its label beside.
  std::ifstream outcomes(dir + "/outcomes.csv");
  std::string all((std::istreambuf_iterator<char>(outcomes)),
                  std::istreambuf_iterator<char>());
  EXPECT_TRUE(absl::StrContains(all, "what-if-1,all,early_help,early help,3\n"))
      << all;
  EXPECT_TRUE(absl::StrContains(all, "what-if-1,all,immediate_protection,"))
      << all;
  EXPECT_TRUE(
      absl::StrContains(all, "what-if-1,2024-04,early_help,early help,0\n"))
      << all;
}

TEST(WriteKpiFilesTest, JsonHasCountsAsNumbersAndReadsBack) {
  v1::RunKpis kpis;
  kpis.set_run_id("r");
  kpis.set_seed(7);
  kpis.mutable_overall()->set_contacts(15232);
  kpis.mutable_overall()->set_decided_within_one_working_day(0.8123);
  (*kpis.mutable_overall()->mutable_outcomes())["early_help"] = 3;
  const std::string dir = ::testing::TempDir() + "/kpi-json";
  ASSERT_TRUE(WriteKpiFiles(kpis, dir).ok());
  std::ifstream in(dir + "/kpis.json");
  const std::string json((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
  EXPECT_TRUE(absl::StrContains(json, "\"contacts\": 15232,")) << json;
  EXPECT_TRUE(absl::StrContains(json, "\"seed\": 7,")) << json;
  EXPECT_TRUE(absl::StrContains(json, "\"early_help\": 3")) << json;
  EXPECT_TRUE(absl::StrContains(json, "0.8123")) << json;
  absl::StatusOr<v1::RunKpis> back = ReadKpiFile(dir + "/kpis.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->overall().contacts(), 15232);
  EXPECT_EQ(back->overall().decided_within_one_working_day(), 0.8123);
}

// A decided MASH contact received at `at` with the screener's `outcome`
// and, where the screener differed, the policy's.
v1::ContactRecord Decided(
    int i, absl::Time at, v1::Outcome outcome,
    v1::Outcome policy_outcome = v1::OUTCOME_UNSPECIFIED) {
  v1::ContactRecord r;
  r.set_contact_id(absl::StrCat("8:c", i));
  r.set_status(v1::CONTACT_STATUS_DECIDED);
  r.mutable_contact()->set_child_id(absl::StrCat("C", i));
  r.mutable_contact()->set_source("8");
  *r.mutable_contact()->mutable_event_time() = ToProto(at);
  v1::Decision& d = *r.mutable_decision();
  d.set_outcome(outcome);
  d.set_policy_outcome(policy_outcome);
  d.set_rag(v1::RAG_GREEN);
  d.set_door(v1::DOOR_MASH);
  *d.mutable_screened_at() = ToProto(at + absl::Hours(1));
  *d.mutable_decided_at() = ToProto(at + absl::Hours(1));
  return r;
}

TEST(ComputeKpisTest, ScreeningAgreementSignOffsAndPlanDurations) {
  v1::Scenario scenario;
  scenario.set_start_date("2024-04-01");
  scenario.set_days(365);
  scenario.set_child_population(10000);
  scenario.mutable_mash()->set_day_start_hour(9);
  scenario.mutable_mash()->set_day_end_hour(17);
  const absl::Time start =
      absl::FromCivil(absl::CivilDay(2024, 4, 1), EnglandTime());
  const absl::Time end =
      absl::FromCivil(absl::CivilDay(2025, 4, 1), EnglandTime());
  std::vector<v1::ContactRecord> contacts;
  const absl::Time at = start + absl::Hours(24 * 30 + 10);
  // The policy says early help 60 times and advice 40; screeners agree
  // but for 10 of the early-help ones, which they send for assessment.
  for (int i = 0; i < 50; ++i) {
    contacts.push_back(Decided(i, at, v1::OUTCOME_EARLY_HELP));
  }
  for (int i = 50; i < 90; ++i) {
    contacts.push_back(Decided(i, at, v1::OUTCOME_INFORMATION_AND_ADVICE));
  }
  for (int i = 90; i < 100; ++i) {
    contacts.push_back(Decided(i, at, v1::OUTCOME_SOCIAL_CARE_ASSESSMENT,
                               v1::OUTCOME_EARLY_HELP));
  }
  // Signposted without screening: counted, and not in the agreement.
  v1::ContactRecord signposted =
      Decided(100, at, v1::OUTCOME_INFORMATION_AND_ADVICE);
  signposted.mutable_decision()->set_signposted_after_wait(true);
  contacts.push_back(signposted);
  // Screened before the year's end and signed off after it.
  v1::ContactRecord waiting =
      Decided(101, end - absl::Hours(30), v1::OUTCOME_EARLY_HELP);
  waiting.mutable_decision()->set_needs_sign_off(true);
  *waiting.mutable_decision()->mutable_decided_at() =
      ToProto(end + absl::Hours(2));
  contacts.push_back(waiting);
  // Five children on a plan at the end, one in each of DfE's bands.
  std::vector<v1::ChildRecord> children(5);
  const int days_on_plan[] = {10, 100, 200, 400, 800};
  for (int i = 0; i < 5; ++i) {
    v1::Episode& e = *children[i].add_episodes();
    e.set_level(v1::SERVICE_LEVEL_CHILD_PROTECTION);
    *e.mutable_start_time() = ToProto(end - absl::Hours(24 * days_on_plan[i]));
  }

  const v1::KpiSet k =
      ComputeKpis(scenario, "r", contacts, children, {}, {}).overall();
  // With the contact awaiting sign-off (early help, agreed): observed
  // agreement 91 in 101; by chance (61 x 51 + 40 x 40) / 101^2.
  const double chance = (61.0 * 51 + 40 * 40) / (101.0 * 101);
  EXPECT_NEAR(k.screening_kappa(), (91.0 / 101 - chance) / (1 - chance), 1e-9);
  EXPECT_EQ(k.signposted_after_wait(), 1);
  EXPECT_EQ(k.sign_offs_waiting_at_end(), 1);
  EXPECT_EQ(k.mash_waiting_at_end(), 1);
  for (double share : {k.cp_plans_under_3m_share(), k.cp_plans_3_to_6m_share(),
                       k.cp_plans_6_to_12m_share(), k.cp_plans_1_to_2y_share(),
                       k.cp_plans_2y_or_more_share()}) {
    EXPECT_DOUBLE_EQ(share, 0.2);
  }
  EXPECT_DOUBLE_EQ(k.cp_per_10k_at_end(), 5);
  // Screeners who agree with the policy throughout: kappa 1.
  contacts.resize(90);
  EXPECT_DOUBLE_EQ(ComputeKpis(scenario, "r", contacts, {}, {}, {})
                       .overall()
                       .screening_kappa(),
                   1);
}

}  // namespace
}  // namespace frontdoor
