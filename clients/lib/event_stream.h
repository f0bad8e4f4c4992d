// The bulk path to intake: one run's events (contacts, findings, clock
// moves) in order, in batches, a few batches in flight on one stream. It
// waits out a restart of any service: on a broken stream it reconnects with
// backoff and resends every batch not yet answered (intake treats the
// repeats as duplicates), giving up only after `patience` without progress.
#ifndef FRONTDOOR_CLIENTS_LIB_EVENT_STREAM_H_
#define FRONTDOOR_CLIENTS_LIB_EVENT_STREAM_H_

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "frontdoor/v1/intake.grpc.pb.h"

namespace frontdoor::cli {

// A batch's encoded size at most: a quarter of what a server reads
// (kMaxRequestBytes), so that no batch of valid events is refused for size.
inline constexpr size_t kMaxBatchBytes = 2 << 20;

// How an EventStream sends.
struct EventStreamOptions {
  // Events per batch, at most; a batch is also cut at kMaxBatchBytes.
  int batch_size = 1000;
  // Batches sent and not yet answered, at most.
  int window = 4;
  // How long to keep retrying without any batch answered.
  absl::Duration patience = absl::Minutes(3);
  // Told of waits and reconnections, once per change; may be empty.
  std::function<void(const std::string&)> notice;
};

// Sends one run's events in order and collects their results.
class EventStream {
 public:
  EventStream(const std::string& intake_address, std::string run_id,
              EventStreamOptions options = {});
  ~EventStream();

  // Queues an event; a full batch is sent (waiting for room in the window).
  absl::Status Add(v1::RunEvent event);
  // Sends what is queued, waits for every answer, and returns the results
  // of the events added since the last Flush, in order.
  absl::StatusOr<std::vector<v1::EventResult>> Flush();

 private:
  // Sends the batch being built, if any.
  absl::Status SendCurrent();
  // Reads one answer, reconnecting and resending as needed.
  absl::Status ReadOne();
  // Opens a stream and sends every unanswered batch on it.
  void Reconnect();
  // Ends the stream in use, if any.
  void Close();

  const std::string intake_address_;
  std::unique_ptr<v1::IntakeService::Stub> stub_;
  const std::string run_id_;
  const EventStreamOptions options_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::SubmitEventsRequest,
                                           v1::SubmitEventsResponse>>
      stream_;
  v1::SubmitEventsRequest current_;
  // The encoded size of current_'s events, near enough.
  size_t current_bytes_ = 0;
  // Sent, not yet answered, in order.
  std::deque<v1::SubmitEventsRequest> unanswered_;
  int64_t next_batch_ = 0;
  std::vector<v1::EventResult> results_;
  absl::Time last_progress_;
};

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_LIB_EVENT_STREAM_H_
