// The gRPC edge of the threshold service: unpacks requests, calls Threshold
// and the policy registry, maps statuses.
#ifndef FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_SERVICE_H_
#define FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_SERVICE_H_

#include "frontdoor/v1/threshold.grpc.pb.h"
#include "services/common/rpc/call_auth.h"
#include "services/threshold/policy_registry.h"
#include "services/threshold/threshold.h"

namespace frontdoor {

// frontdoor.v1.ThresholdService over a Threshold and its PolicyRegistry.
class ThresholdService final : public v1::ThresholdService::Service {
 public:
  // All three must outlive the service. With a gate, every call needs
  // intake's certificate or a token whose role allows it; without one
  // (plaintext on loopback), none is asked for.
  ThresholdService(Threshold* threshold, PolicyRegistry* policies,
                   TokenGate* gate = nullptr, RevocationGate* revoked = nullptr)
      : threshold_(threshold), policies_(policies), auth_(gate, revoked) {}

  grpc::Status DecideBatch(grpc::ServerContext* context,
                           const v1::DecideBatchRequest* request,
                           v1::DecideBatchResponse* response) override;
  grpc::Status GetRunDigest(grpc::ServerContext* context,
                            const v1::GetRunDigestRequest* request,
                            v1::RunDigest* response) override;
  grpc::Status GetDecision(grpc::ServerContext* context,
                           const v1::GetDecisionRequest* request,
                           v1::DecideResponse* response) override;
  grpc::Status GetPolicy(grpc::ServerContext* context,
                         const v1::GetPolicyRequest* request,
                         v1::GetPolicyResponse* response) override;
  grpc::Status Evaluate(grpc::ServerContext* context,
                        const v1::EvaluateRequest* request,
                        v1::DecideResponse* response) override;
  grpc::Status LoadPolicy(grpc::ServerContext* context,
                          const v1::LoadPolicyRequest* request,
                          v1::LoadPolicyResponse* response) override;
  grpc::Status ListPolicies(grpc::ServerContext* context,
                            const v1::ListPoliciesRequest* request,
                            v1::ListPoliciesResponse* response) override;
  grpc::Status ConfigureRun(grpc::ServerContext* context,
                            const v1::RunConfig* request,
                            v1::ConfigureRunResponse* response) override;
  grpc::Status DeleteRun(grpc::ServerContext* context,
                         const v1::DeleteRunRequest* request,
                         v1::DeleteRunResponse* response) override;

 private:
  Threshold* const threshold_;
  PolicyRegistry* const policies_;
  const CallAuthority auth_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_THRESHOLD_THRESHOLD_SERVICE_H_
