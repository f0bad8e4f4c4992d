// The children's levels a simulation reads from stepping, kept on disk as
// it reads them. A simulation whose client is killed can then be started
// again with the same command: it sends its events again from the start
// (intake answers those it already holds) and reads the same answers from
// the journal up to where it stopped. Fresh reads would not do: the
// services already hold the later state, and the simulated workers would
// decide differently.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_LEVEL_JOURNAL_H_
#define FRONTDOOR_CLIENTS_SIMULATE_LEVEL_JOURNAL_H_

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/lib/service_client.h"
#include "frontdoor/v1/scenario.pb.h"
#include "frontdoor/v1/stepping.pb.h"

namespace frontdoor {

// Reads children's levels for one run, through a journal file or none.
class LevelJournal {
 public:
  // Journals to `path`, made if missing ("" keeps no journal). A journal
  // left by an earlier start of the same run (same run id and scenario) is
  // replayed first; one of another run or scenario is refused, naming the
  // file. A record cut short by a kill is dropped.
  static absl::StatusOr<std::unique_ptr<LevelJournal>> Open(
      const std::string& path, const std::string& run_id,
      const v1::Scenario& scenario);
  ~LevelJournal();

  LevelJournal(const LevelJournal&) = delete;
  LevelJournal& operator=(const LevelJournal&) = delete;

  // The levels of `children` in the run, each trimmed to what the
  // simulated workers read (the level, and the last episode's due end), in
  // the order asked: from the journal while it lasts, then from the
  // services, each answer written before it is used.
  absl::StatusOr<std::vector<v1::GetChildResponse>> Read(
      cli::ServiceClient& client, const std::vector<std::string>& children);

  // Answers replayed from the journal so far, and there were to replay.
  int64_t replayed() const { return replayed_; }
  int64_t journaled() const { return journaled_; }

 private:
  LevelJournal(std::string path, std::string run_id)
      : path_(std::move(path)), run_id_(std::move(run_id)) {}
  absl::Status Append(const v1::GetChildrenRequest& request,
                      const v1::GetChildrenResponse& response);

  std::string path_;
  std::string run_id_;
  std::FILE* file_ = nullptr;  // null with no journal
  // Recorded (request, answer) pairs not yet replayed.
  std::deque<std::pair<v1::GetChildrenRequest, v1::GetChildrenResponse>>
      pending_;
  int64_t replayed_ = 0;
  int64_t journaled_ = 0;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_LEVEL_JOURNAL_H_
