// The gRPC edge of the intake service.
#ifndef FRONTDOOR_SERVICES_INTAKE_INTAKE_SERVICE_H_
#define FRONTDOOR_SERVICES_INTAKE_INTAKE_SERVICE_H_

#include "frontdoor/v1/intake.grpc.pb.h"
#include "services/common/rpc/call_auth.h"
#include "services/common/rpc/call_slots.h"
#include "services/intake/intake.h"

namespace frontdoor {

// frontdoor.v1.IntakeService over an Intake.
class IntakeService final : public v1::IntakeService::Service {
 public:
  // `intake` and `gate` must outlive the service. With a gate, every call
  // needs a token whose role allows it; without one (plaintext on
  // loopback), none is asked for.
  explicit IntakeService(Intake* intake, TokenGate* gate = nullptr,
                         RevocationGate* revoked = nullptr)
      : intake_(intake), auth_(gate, revoked) {}

  grpc::Status SubmitContact(grpc::ServerContext* context,
                             const v1::SubmitContactRequest* request,
                             v1::SubmitContactResponse* response) override;
  grpc::Status SubmitEvents(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::SubmitEventsResponse,
                               v1::SubmitEventsRequest>* stream) override;
  grpc::Status RecordAssessment(grpc::ServerContext* context,
                                const v1::RecordAssessmentRequest* request,
                                v1::EventResult* response) override;
  grpc::Status AdvanceTo(grpc::ServerContext* context,
                         const v1::AdvanceToRequest* request,
                         v1::EventResult* response) override;
  grpc::Status GetCaseloads(grpc::ServerContext* context,
                            const v1::GetCaseloadsRequest* request,
                            v1::GetCaseloadsResponse* response) override;
  grpc::Status GetRunDigest(grpc::ServerContext* context,
                            const v1::GetRunDigestRequest* request,
                            v1::RunDigest* response) override;
  grpc::Status ListChildContacts(
      grpc::ServerContext* context, const v1::ListChildContactsRequest* request,
      v1::ListChildContactsResponse* response) override;
  grpc::Status CreateRun(grpc::ServerContext* context,
                         const v1::CreateRunRequest* request,
                         v1::RunInfo* response) override;
  grpc::Status ListRuns(grpc::ServerContext* context,
                        const v1::ListRunsRequest* request,
                        v1::ListRunsResponse* response) override;
  grpc::Status DeleteRun(grpc::ServerContext* context,
                         const v1::DeleteRunRequest* request,
                         v1::DeleteRunResponse* response) override;
  grpc::Status FinishRun(grpc::ServerContext* context,
                         const v1::FinishRunRequest* request,
                         v1::RunInfo* response) override;
  grpc::Status ListRunContacts(
      grpc::ServerContext* context, const v1::ListRunContactsRequest* request,
      grpc::ServerWriter<v1::ContactRecord>* writer) override;

 private:
  Intake* const intake_;
  const CallAuthority auth_;
  // Open SubmitEvents streams: each holds a handler thread and a writer
  // thread, so a caller cannot open them without bound. A study runs four
  // runs at once, one stream each.
  CallSlots streams_{/*total=*/64, /*per_caller=*/16};
};

}  // namespace frontdoor

#endif  // FRONTDOOR_SERVICES_INTAKE_INTAKE_SERVICE_H_
