// The gRPC edge of the stepping service.
#ifndef FRONTDOOR_SERVICES_STEPPING_STEPPING_SERVICE_H_
#define FRONTDOOR_SERVICES_STEPPING_STEPPING_SERVICE_H_

#include "frontdoor/v1/stepping.grpc.pb.h"
#include "services/common/rpc/call_auth.h"
#include "services/stepping/stepping.h"

namespace frontdoor {

// frontdoor.v1.SteppingService over a Stepping.
class SteppingService final : public v1::SteppingService::Service {
 public:
  // Both must outlive the service. With a gate, every call needs intake's
  // certificate or a token whose role allows it; without one (plaintext on
  // loopback), none is asked for.
  explicit SteppingService(Stepping* stepping, TokenGate* gate = nullptr,
                           RevocationGate* revoked = nullptr)
      : stepping_(stepping), auth_(gate, revoked) {}

  grpc::Status Observe(grpc::ServerContext* context,
                       const v1::ObserveRequest* request,
                       v1::ObserveResponse* response) override;
  grpc::Status ApplyBatch(grpc::ServerContext* context,
                          const v1::ApplyBatchRequest* request,
                          v1::ApplyBatchResponse* response) override;
  grpc::Status StepDown(grpc::ServerContext* context,
                        const v1::StepDownRequest* request,
                        v1::StepDownResponse* response) override;
  grpc::Status GetChild(grpc::ServerContext* context,
                        const v1::GetChildRequest* request,
                        v1::GetChildResponse* response) override;
  grpc::Status GetChildren(grpc::ServerContext* context,
                           const v1::GetChildrenRequest* request,
                           v1::GetChildrenResponse* response) override;
  grpc::Status GetCaseloads(grpc::ServerContext* context,
                            const v1::GetCaseloadsRequest* request,
                            v1::GetCaseloadsResponse* response) override;
  grpc::Status ConfigureRun(grpc::ServerContext* context,
                            const v1::RunConfig* request,
                            v1::ConfigureRunResponse* response) override;
  grpc::Status ListRunAssessments(
      grpc::ServerContext* context, const v1::ListRunChildrenRequest* request,
      grpc::ServerWriter<v1::RecordAssessmentRequest>* writer) override;
  grpc::Status ListRunChildren(
      grpc::ServerContext* context, const v1::ListRunChildrenRequest* request,
      grpc::ServerWriter<v1::ChildRecord>* writer) override;
  grpc::Status DeleteRun(grpc::ServerContext* context,
                         const v1::DeleteRunRequest* request,
                         v1::DeleteRunResponse* response) override;
  grpc::Status GetRunDigest(grpc::ServerContext* context,
                            const v1::GetRunDigestRequest* request,
                            v1::RunDigest* response) override;

 private:
  Stepping* const stepping_;
  const CallAuthority auth_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_STEPPING_STEPPING_SERVICE_H_
