// The bare stack, as a reference for bulk_bench: one gRPC hop on loopback,
// a bidi stream, and one RocksDB WriteBatch per message, with none of
// frontdoor's logic. Prints records/s for batches of 1 and 1,000 events.
// The client keeps four messages in flight, as clients/event_stream.cc does.
#include <cstdio>
#include <deque>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "frontdoor/v1/intake.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

ABSL_FLAG(int64_t, records, 1000000, "records per batch size measured");
ABSL_FLAG(std::string, data_dir, "", "RocksDB folder (default: in /tmp)");

namespace frontdoor {
namespace {

// Stores each message's events in one WriteBatch and answers it.
class BareService final : public v1::IntakeService::Service {
 public:
  explicit BareService(rocksdb::DB* db) : db_(db) {}

  grpc::Status SubmitEvents(
      grpc::ServerContext*,
      grpc::ServerReaderWriter<v1::SubmitEventsResponse,
                               v1::SubmitEventsRequest>* stream) override {
    v1::SubmitEventsRequest request;
    std::string value;
    while (stream->Read(&request)) {
      rocksdb::WriteBatch batch;
      for (int i = 0; i < request.events_size(); ++i) {
        request.events(i).SerializeToString(&value);
        batch.Put(absl::StrCat(request.run_id(), "|", request.batch(), "|", i),
                  value);
      }
      const rocksdb::Status s = db_->Write(rocksdb::WriteOptions(), &batch);
      if (!s.ok())
        return grpc::Status(grpc::StatusCode::INTERNAL, s.ToString());
      v1::SubmitEventsResponse response;
      response.set_batch(request.batch());
      response.mutable_results()->Reserve(request.events_size());
      for (int i = 0; i < request.events_size(); ++i) {
        response.add_results()->mutable_contact()->set_duplicate(false);
      }
      if (!stream->Write(response)) break;
    }
    return grpc::Status::OK;
  }

 private:
  rocksdb::DB* db_;
};

// A contact of a realistic size.
v1::RunEvent Sample(int64_t i) {
  v1::RunEvent event;
  v1::Contact* c = event.mutable_contact();
  c->set_source("6");
  c->set_source_contact_id(absl::StrCat("C-", i));
  c->set_local_authority("202");
  c->set_child_id(absl::StrCat("child-", i % 250000));
  c->mutable_date_of_birth()->set_year(2015);
  c->mutable_date_of_birth()->set_month(4);
  c->mutable_date_of_birth()->set_day(2);
  c->add_factors("4B");
  c->add_factors("21");
  c->mutable_event_time()->set_seconds(1725000000 + i);
  return event;
}

// Records/s through the stream with `batch` events per message.
double Measure(v1::IntakeService::Stub& stub, int batch, int64_t records,
               const std::string& run) {
  grpc::ClientContext context;
  auto stream = stub.SubmitEvents(&context);
  const absl::Time start = absl::Now();
  int64_t sent = 0, answered = 0, next = 0;
  std::deque<int64_t> in_flight;
  v1::SubmitEventsResponse response;
  while (answered < records) {
    if (sent < records && in_flight.size() < 4) {
      v1::SubmitEventsRequest request;
      request.set_run_id(run);
      request.set_batch(next++);
      for (int i = 0; i < batch && sent < records; ++i) {
        *request.add_events() = Sample(sent++);
      }
      in_flight.push_back(request.events_size());
      if (!stream->Write(request)) break;
      continue;
    }
    if (!stream->Read(&response)) break;
    answered += in_flight.front();
    in_flight.pop_front();
  }
  stream->WritesDone();
  const grpc::Status status = stream->Finish();
  if (!status.ok() || answered < records) {
    std::fprintf(stderr, "bare_bench: stream ended early: %s\n",
                 status.error_message().c_str());
    return 0;
  }
  return records / absl::ToDoubleSeconds(absl::Now() - start);
}

int Main() {
  std::string dir = absl::GetFlag(FLAGS_data_dir);
  if (dir.empty()) {
    char pattern[] = "/tmp/frontdoor-bare-XXXXXX";
    if (mkdtemp(pattern) == nullptr) return 1;
    dir = pattern;
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status opened = rocksdb::DB::Open(options, dir, &raw);
  if (!opened.ok()) {
    std::fprintf(stderr, "bare_bench: %s\n", opened.ToString().c_str());
    return 1;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  BareService service(db.get());
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) return 1;
  auto stub = v1::IntakeService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));

  const int64_t records = absl::GetFlag(FLAGS_records);
  for (int batch : {1, 1000}) {
    // Batches of one are slow: a tenth of the records gives a stable rate.
    const int64_t n = batch == 1 ? records / 10 : records;
    const double rate = Measure(*stub, batch, n, absl::StrCat("bare-", batch));
    std::printf(
        "bare stack, batches of %d: %.0f records/s (%lld records, "
        "one gRPC hop, bidi stream, a RocksDB WriteBatch per "
        "message)\n",
        batch, rate, static_cast<long long>(n));
    std::fflush(stdout);
  }
  server->Shutdown();
  return 0;
}

}  // namespace
}  // namespace frontdoor

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "the bare stack frontdoor is measured against: one gRPC hop, a bidi "
      "stream, a RocksDB WriteBatch per message");
  absl::ParseCommandLine(argc, argv);
  return frontdoor::Main();
}
