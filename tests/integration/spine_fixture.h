// A test fixture that starts the three real server binaries on free
// loopback ports with a temporary data directory, with stubs to each.
#ifndef FRONTDOOR_TESTS_INTEGRATION_SPINE_FIXTURE_H_
#define FRONTDOOR_TESTS_INTEGRATION_SPINE_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "clients/lib/local_cluster.h"
#include "frontdoor/v1/intake.grpc.pb.h"
#include "frontdoor/v1/stepping.grpc.pb.h"
#include "frontdoor/v1/threshold.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "lib/domain/event_time.h"
#include "services/common/security/credentials.h"
#include "tests/support/temp_dir.h"

namespace frontdoor {

// The three services, started fresh for each test, on run "it".
class SpineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClusterOptions options;
    options.data_dir = dir_.path();
    options.intake_port = options.threshold_port = options.stepping_port = 0;
    Configure(options);
    absl::StatusOr<std::unique_ptr<LocalCluster>> cluster =
        LocalCluster::Start(options);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    Connect();
  }

  // What a test changes of how its cluster starts, before it does.
  virtual void Configure(ClusterOptions&) {}

  // Stubs are remade after a restart because ports are reused but a fresh
  // channel avoids waiting out reconnect backoff.
  void Connect() {
    intake_ = v1::IntakeService::NewStub(
        MakeChannel(cluster_->address(ServiceName::kIntake)));
    threshold_ = v1::ThresholdService::NewStub(
        MakeChannel(cluster_->address(ServiceName::kThreshold)));
    stepping_ = v1::SteppingService::NewStub(
        MakeChannel(cluster_->address(ServiceName::kStepping)));
  }

  static v1::Contact MakeContact(const std::string& id,
                                 const std::string& child,
                                 const std::string& time,
                                 std::vector<std::string> factors) {
    v1::Contact c;
    c.set_run_id("it");
    c.set_source("6");
    c.set_source_contact_id(id);
    c.set_local_authority("202");
    c.set_child_id(child);
    c.mutable_date_of_birth()->set_year(2016);
    c.mutable_date_of_birth()->set_month(5);
    c.mutable_date_of_birth()->set_day(14);
    for (std::string& f : factors) c.add_factors(std::move(f));
    *c.mutable_event_time() = ToProto(*ParseEventTime(time));
    return c;
  }

  grpc::Status Submit(const v1::Contact& contact,
                      v1::SubmitContactResponse* response) {
    grpc::ClientContext context;
    v1::SubmitContactRequest request;
    *request.mutable_contact() = contact;
    return intake_->SubmitContact(&context, request, response);
  }

  v1::ListChildContactsResponse Contacts(const std::string& child) {
    grpc::ClientContext context;
    v1::ListChildContactsRequest request;
    request.set_run_id("it");
    request.set_child_id(child);
    v1::ListChildContactsResponse response;
    EXPECT_TRUE(intake_->ListChildContacts(&context, request, &response).ok());
    return response;
  }

  // Stepping knows a child by the pseudonym intake stored, which intake's
  // answer to a child query gives.
  v1::GetChildResponse Level(const std::string& child) {
    const v1::ListChildContactsResponse contacts = Contacts(child);
    grpc::ClientContext context;
    v1::GetChildRequest request;
    request.set_run_id("it");
    request.set_child_id(contacts.child_id());
    v1::GetChildResponse response;
    EXPECT_TRUE(stepping_->GetChild(&context, request, &response).ok());
    return response;
  }

  grpc::Status Decision(const std::string& contact_id,
                        v1::DecideResponse* response) {
    grpc::ClientContext context;
    v1::GetDecisionRequest request;
    request.set_run_id("it");
    request.set_contact_id(contact_id);
    return threshold_->GetDecision(&context, request, response);
  }

  testing::TempDir dir_;
  std::unique_ptr<LocalCluster> cluster_;
  std::unique_ptr<v1::IntakeService::Stub> intake_;
  std::unique_ptr<v1::ThresholdService::Stub> threshold_;
  std::unique_ptr<v1::SteppingService::Stub> stepping_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_TESTS_INTEGRATION_SPINE_FIXTURE_H_
