// EventStream implementation.
#include "clients/lib/event_stream.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "services/common/rpc/grpc_status.h"
#include "services/common/rpc/renewable_stub.h"
#include "services/common/security/credentials.h"

namespace frontdoor::cli {

EventStream::EventStream(const std::string& intake_address, std::string run_id,
                         EventStreamOptions options)
    : intake_address_(intake_address),
      stub_(v1::IntakeService::NewStub(MakeChannel(intake_address))),
      run_id_(std::move(run_id)),
      options_(std::move(options)),
      last_progress_(absl::Now()) {}

EventStream::~EventStream() { Close(); }

void EventStream::Close() {
  if (stream_ != nullptr) {
    context_->TryCancel();
    stream_->Finish().IgnoreError();
  }
  stream_.reset();
  context_.reset();
}

absl::Status EventStream::Add(v1::RunEvent event) {
  current_bytes_ +=
      event.ByteSizeLong() + 4;  // with the field's tag and length
  *current_.add_events() = std::move(event);
  if (current_.events_size() < options_.batch_size &&
      current_bytes_ < kMaxBatchBytes) {
    return absl::OkStatus();
  }
  return SendCurrent();
}

absl::Status EventStream::SendCurrent() {
  if (current_.events_size() == 0) return absl::OkStatus();
  while (static_cast<int>(unanswered_.size()) >= options_.window) {
    if (absl::Status s = ReadOne(); !s.ok()) return s;
  }
  current_.set_run_id(run_id_);
  current_.set_batch(next_batch_++);
  unanswered_.push_back(std::move(current_));
  current_ = v1::SubmitEventsRequest();
  current_bytes_ = 0;
  // A failed write is not an error here: the answer loop notices the broken
  // stream, reconnects and resends.
  if (stream_ != nullptr) stream_->Write(unanswered_.back());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::EventResult>> EventStream::Flush() {
  if (absl::Status s = SendCurrent(); !s.ok()) return s;
  while (!unanswered_.empty()) {
    if (absl::Status s = ReadOne(); !s.ok()) return s;
  }
  return std::exchange(results_, {});
}

void EventStream::Reconnect() {
  Close();
  context_ = std::make_unique<grpc::ClientContext>();
  stream_ = stub_->SubmitEvents(context_.get());
  for (const v1::SubmitEventsRequest& batch : unanswered_) {
    if (!stream_->Write(batch)) break;
  }
}

absl::Status EventStream::ReadOne() {
  absl::Duration backoff = absl::Milliseconds(100);
  bool waiting = false;
  absl::Time renewed = absl::Now();
  while (true) {
    if (stream_ == nullptr) Reconnect();
    v1::SubmitEventsResponse response;
    if (stream_->Read(&response)) {
      if (unanswered_.empty() ||
          response.batch() != unanswered_.front().batch()) {
        return absl::InternalError("intake answered a batch out of order");
      }
      for (v1::EventResult& result : *response.mutable_results()) {
        results_.push_back(std::move(result));
      }
      unanswered_.pop_front();
      last_progress_ = absl::Now();
      if (waiting && options_.notice) options_.notice("intake answers again");
      return absl::OkStatus();
    }
    const grpc::Status status = stream_->Finish();
    stream_.reset();
    context_.reset();
    const absl::Status failure = FromGrpc(status);
    const bool retryable =
        absl::IsUnavailable(failure) || absl::IsResourceExhausted(failure) ||
        absl::IsDeadlineExceeded(failure) || absl::IsCancelled(failure) ||
        absl::IsAborted(failure) || failure.ok();
    if (!retryable) return failure;
    if (absl::Now() - last_progress_ > options_.patience) {
      return absl::UnavailableError(absl::StrCat(
          "intake: no answer for ", absl::FormatDuration(options_.patience),
          " (", failure.message(), "); ", unanswered_.size(),
          " batches unanswered; what was answered is kept, run again to "
          "resume"));
    }
    if (!waiting && options_.notice) {
      options_.notice(absl::StrCat(
          absl::IsResourceExhausted(failure) ? "intake cannot take events now ("
                                             : "intake unreachable (",
          failure.message(), "); waiting and retrying"));
    }
    waiting = true;
    std::this_thread::sleep_for(absl::ToChronoNanoseconds(backoff));
    backoff = std::min(backoff * 2, absl::Seconds(2));
    // Unreachable for long: the next stream goes on a fresh channel (see
    // RenewableStub). A full disk answers, so its channel is kept.
    if ((absl::IsUnavailable(failure) || absl::IsDeadlineExceeded(failure)) &&
        absl::Now() - renewed > kRenewChannelAfter) {
      stub_ = v1::IntakeService::NewStub(MakeChannel(intake_address_));
      renewed = absl::Now();
    }
  }
}

}  // namespace frontdoor::cli
