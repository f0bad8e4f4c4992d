// The level journal's file: a header record (the run id and its scenario),
// then one record per read, each a request and its answer. A record is a
// 4-byte little-endian length and that many bytes of a serialized message.
#include "clients/simulate/level_journal.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace frontdoor {
namespace {

// What the simulated workers read of a child (fieldwork.cc): its level,
// whether it has episodes, and the last one's due end. Trimmed alike on
// both paths, so a replayed answer is the answer a fresh one was.
v1::GetChildResponse Trimmed(const v1::GetChildResponse& full) {
  v1::GetChildResponse out;
  out.set_level(full.level());
  if (!full.episodes().empty()) {
    const v1::Episode& last = *full.episodes().rbegin();
    v1::Episode* kept = out.add_episodes();
    if (last.has_due_end()) *kept->mutable_due_end() = last.due_end();
  }
  return out;
}

void PutRecord(const std::string& bytes, std::string& out) {
  const uint32_t size = static_cast<uint32_t>(bytes.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(size >> (8 * i)));
  out += bytes;
}

// The next record of `data` from `*at`, or false when none is whole.
bool NextRecord(const std::string& data, size_t* at, std::string* record) {
  if (data.size() - *at < 4) return false;
  uint32_t size = 0;
  for (int i = 0; i < 4; ++i) {
    size |= static_cast<uint32_t>(static_cast<unsigned char>(data[*at + i]))
            << (8 * i);
  }
  if (data.size() - *at - 4 < size) return false;
  *record = data.substr(*at + 4, size);
  *at += 4 + size;
  return true;
}

// The header: the format, the run id and its scenario, deterministically
// serialized.
std::string Header(const std::string& run_id, const v1::Scenario& scenario) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    scenario.SerializeToCodedStream(&coded);
  }
  return absl::StrCat("frontdoor level journal 1\n", run_id, "\n", bytes);
}

}  // namespace

absl::StatusOr<std::unique_ptr<LevelJournal>> LevelJournal::Open(
    const std::string& path, const std::string& run_id,
    const v1::Scenario& scenario) {
  std::unique_ptr<LevelJournal> journal(new LevelJournal(path, run_id));
  if (path.empty()) return journal;
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(),
                                      error);
  std::string data;
  if (std::ifstream in(path, std::ios::binary); in) {
    std::ostringstream read;
    read << in.rdbuf();
    data = read.str();
  }
  const std::string header = Header(run_id, scenario);
  size_t whole = 0;
  std::string record;
  // A header a kill cut short is a journal with nothing in it yet.
  if (!NextRecord(data, &whole, &record)) data.clear();
  if (!data.empty()) {
    if (record != header) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the level journal ", path, " belongs to another run or scenario ",
          "than run ", run_id, "; delete the run (frontdoor runs delete ",
          run_id, ") and the journal, or choose another --run"));
    }
    while (true) {
      std::string request, response;
      size_t at = whole;
      if (!NextRecord(data, &at, &request) ||
          !NextRecord(data, &at, &response)) {
        break;
      }
      std::pair<v1::GetChildrenRequest, v1::GetChildrenResponse> read;
      if (!read.first.ParseFromString(request) ||
          !read.second.ParseFromString(response)) {
        break;
      }
      journal->pending_.push_back(std::move(read));
      whole = at;
    }
  }
  journal->journaled_ = static_cast<int64_t>(journal->pending_.size());
  // Whatever a kill cut short goes; new reads follow the last whole one.
  std::filesystem::resize_file(path, whole, error);
  journal->file_ = std::fopen(path.c_str(), data.empty() ? "wb" : "ab");
  if (journal->file_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot write the level journal ", path));
  }
  if (data.empty()) {
    std::string bytes;
    PutRecord(header, bytes);
    if (std::fwrite(bytes.data(), 1, bytes.size(), journal->file_) !=
            bytes.size() ||
        std::fflush(journal->file_) != 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot write the level journal ", path));
    }
  }
  return journal;
}

LevelJournal::~LevelJournal() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status LevelJournal::Append(const v1::GetChildrenRequest& request,
                                  const v1::GetChildrenResponse& response) {
  if (file_ == nullptr) return absl::OkStatus();
  std::string bytes;
  PutRecord(request.SerializeAsString(), bytes);
  PutRecord(response.SerializeAsString(), bytes);
  // Written through to the kernel before the answer is used: a killed
  // process loses nothing the services were told.
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size() ||
      std::fflush(file_) != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot write the level journal ", path_));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::GetChildResponse>> LevelJournal::Read(
    cli::ServiceClient& client, const std::vector<std::string>& children) {
  v1::GetChildrenRequest request;
  request.set_run_id(run_id_);
  request.mutable_child_ids()->Add(children.begin(), children.end());
  v1::GetChildrenResponse answer;
  if (!pending_.empty()) {
    auto& [asked, answered] = pending_.front();
    if (asked.SerializeAsString() != request.SerializeAsString()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the level journal ", path_, " does not match this simulation at ",
          "read ", replayed_ + 1,
          " (another data folder, or another build of frontdoor?); delete ",
          "the run (frontdoor runs delete ", run_id_,
          ") and the journal to start over"));
    }
    answer = std::move(answered);
    pending_.pop_front();
    ++replayed_;
  } else {
    absl::StatusOr<std::vector<v1::GetChildResponse>> levels =
        client.ChildLevels(run_id_, children);
    if (!levels.ok()) return levels.status();
    for (const v1::GetChildResponse& level : *levels) {
      *answer.add_children() = Trimmed(level);
    }
    if (absl::Status s = Append(request, answer); !s.ok()) return s;
  }
  return std::vector<v1::GetChildResponse>(answer.children().begin(),
                                           answer.children().end());
}

}  // namespace frontdoor
