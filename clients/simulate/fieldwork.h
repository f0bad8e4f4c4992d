// The simulated world around the services: the social workers and the
// early-help workers, and what their work finds, day by day. They see what
// the front door cannot: each child's latent need.
#ifndef FRONTDOOR_CLIENTS_SIMULATE_FIELDWORK_H_
#define FRONTDOOR_CLIENTS_SIMULATE_FIELDWORK_H_

#include <functional>
#include <queue>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/lib/service_client.h"
#include "clients/simulate/early_help_team.h"
#include "clients/simulate/level_journal.h"
#include "clients/simulate/social_work_team.h"
#include "frontdoor/v1/intake.pb.h"
#include "frontdoor/v1/scenario.pb.h"
#include "frontdoor/v1/stepping.pb.h"

namespace frontdoor {

// Plays the social workers and the early-help workers for one run: takes
// the run's decided referrals and early-help decisions, and sends the
// findings their work reaches, in event-time order.
class Fieldwork {
 public:
  // `scenario` has its defaults filled; the teams' first day is `first`;
  // `client` answers which children are still open, through `levels`.
  Fieldwork(const v1::Scenario& scenario, const std::string& run_id,
            absl::CivilDay first, cli::ServiceClient& client,
            LevelJournal& levels)
      : scenario_(scenario),
        run_id_(run_id),
        team_(scenario, first),
        early_help_(scenario),
        client_(client),
        levels_(levels) {}

  // Starts `day`: the work that concludes gives findings; children whose
  // hold ran out are looked up to see whether their case is still open.
  absl::Status StartDay(absl::CivilDay day);

  // A contact decided to early help: the child waits for an early-help
  // worker, unless one already has it.
  void ReferToEarlyHelp(const v1::ContactRecord& record, int latent_need);

  // A referral, decided: the social workers take it on.
  void Refer(const v1::ContactRecord& record, int latent_need);

  // Sends the findings due by `until`, in event-time order, through `add`.
  template <typename Add>
  absl::Status SendDue(absl::Time until, const Add& add) {
    while (!findings_.empty() && findings_.top().at <= until) {
      v1::RunEvent event;
      *event.mutable_finding() = findings_.top().request;
      findings_.pop();
      if (absl::Status s = add(std::move(event)); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  // The teams day by day, for the KPIs.
  std::vector<WorkforceDay> TakeWorkforce() { return std::move(workforce_); }

 private:
  // A finding to send at `at`.
  struct PendingFinding {
    absl::Time at;
    v1::RecordAssessmentRequest request;
    bool operator>(const PendingFinding& other) const {
      return at > other.at ||
             (at == other.at &&
              request.contact_id() > other.request.contact_id());
    }
  };

  // What the simulated social workers will find when a referral's work
  // concludes, decided from the child's latent need at referral: they see
  // what the front door could not.
  struct Referred {
    v1::RecordAssessmentRequest request;  // finding unset for a conference
    absl::Time decided;
    // Significant harm: a section 47 enquiry, started at referral or when
    // the assessment ends.
    bool harm = false;
    // The enquiry finds continuing risk: an initial child-protection
    // conference follows.
    bool conference = false;
    bool s47_at_referral = false;
  };

  // The early-help workers' day: children who left early help free their
  // places, and the longest waiting take them, each assessed some working
  // days later (the finding carries the child's true need).
  absl::Status EarlyHelpDay(absl::CivilDay day);

  // Reads the children's levels in one call and visits each child with its
  // own, in order: levels do not change until the day's events go out.
  absl::Status VisitLevels(
      const std::vector<std::string>& children,
      absl::FunctionRef<void(const std::string&, const v1::GetChildResponse&)>
          visit);

  // Queues a finding to send at `at`.
  void Send(absl::Time at, v1::RecordAssessmentRequest request);

  // A referral's assessment ended on `day`: its finding, or the
  // conference it leads to.
  void Conclude(absl::CivilDay day, Referred r);

  const v1::Scenario& scenario_;
  std::string run_id_;
  SocialWorkTeam team_;
  EarlyHelpTeam early_help_;
  cli::ServiceClient& client_;
  LevelJournal& levels_;
  absl::flat_hash_map<std::string, Referred> referred_;
  std::priority_queue<PendingFinding, std::vector<PendingFinding>,
                      std::greater<PendingFinding>>
      findings_;
  std::vector<WorkforceDay> workforce_;
};

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_SIMULATE_FIELDWORK_H_
