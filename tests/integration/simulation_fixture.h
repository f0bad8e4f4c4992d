// The services started once for a suite of simulations, each test with
// runs of its own, and the scenarios those tests start from.
#ifndef FRONTDOOR_TESTS_INTEGRATION_SIMULATION_FIXTURE_H_
#define FRONTDOOR_TESTS_INTEGRATION_SIMULATION_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "clients/lib/service_client.h"
#include "clients/simulate/kpis.h"
#include "clients/simulate/scenario_file.h"
#include "clients/simulate/simulator.h"
#include "tests/integration/spine_fixture.h"

namespace frontdoor {

// The shipped default scenario, defaults filled.
inline v1::Scenario DefaultScenario() {
  absl::StatusOr<v1::Scenario> scenario = LoadScenarioFile(
      std::string(FRONTDOOR_SOURCE_DIR) + "/scenarios/default.textproto");
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  return *scenario;
}

// A short scenario: 20,000 children for 60 days after a 30-day warm-up
// from no open cases.
inline v1::Scenario ShortScenario(uint64_t seed) {
  v1::Scenario scenario = DefaultScenario();
  scenario.set_child_population(20000);
  scenario.set_days(60);
  scenario.set_warmup_days(30);
  scenario.clear_warm_start();
  scenario.set_seed(seed);
  return scenario;
}

// Starts the services once for the whole suite; each test uses its own runs.
class SimulationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    ClusterOptions options;
    options.data_dir = dir_->path();
    options.intake_port = options.threshold_port = options.stepping_port = 0;
    absl::StatusOr<std::unique_ptr<LocalCluster>> cluster =
        LocalCluster::Start(options);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = cluster->release();
    client_ =
        new cli::ServiceClient(cluster_->address(ServiceName::kIntake),
                               cluster_->address(ServiceName::kStepping),
                               cluster_->address(ServiceName::kThreshold));
  }
  static void TearDownTestSuite() {
    delete client_;
    delete cluster_;
    delete dir_;
  }

  // Simulates and computes the run's KPIs; `workforce`, if given, receives
  // the simulated social workers day by day.
  static v1::RunKpis Run(const v1::Scenario& scenario,
                         const std::string& run_id,
                         std::vector<WorkforceDay>* workforce = nullptr) {
    absl::StatusOr<SimulationResult> result =
        Simulate(scenario, run_id, "test", *client_, nullptr);
    EXPECT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->contacts_refused, 0);
    absl::StatusOr<std::vector<v1::ContactRecord>> contacts =
        client_->RunContacts(run_id);
    absl::StatusOr<std::vector<v1::ChildRecord>> children =
        client_->RunChildren(run_id);
    absl::StatusOr<std::vector<v1::RecordAssessmentRequest>> findings =
        client_->RunAssessments(run_id);
    EXPECT_TRUE(contacts.ok() && children.ok() && findings.ok());
    if (workforce != nullptr) *workforce = result->workforce;
    return ComputeKpis(scenario, run_id, *contacts, *children, *findings,
                       result->workforce);
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline LocalCluster* cluster_ = nullptr;
  static inline cli::ServiceClient* client_ = nullptr;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_TESTS_INTEGRATION_SIMULATION_FIXTURE_H_
