// Level changes from episodes.
#include "clients/lib/level_changes.h"

#include <map>
#include <string>

#include "lib/domain/event_time.h"

namespace frontdoor::cli {
namespace {

// The level an episode list has a child at, at `at`: the episode open then
// (started by `at`, not yet ended), else none.
v1::ServiceLevel LevelAt(const v1::ChildRecord& child, absl::Time at) {
  v1::ServiceLevel level = v1::SERVICE_LEVEL_NONE;
  for (const v1::Episode& e : child.episodes()) {
    if (FromProto(e.start_time()) > at) break;
    if (!e.has_end_time() || FromProto(e.end_time()) > at) level = e.level();
  }
  return level;
}

}  // namespace

void FillLevelChanges(const std::vector<v1::ChildRecord>& children,
                      std::optional<absl::Time> clock,
                      std::vector<v1::ContactRecord>* records) {
  std::map<std::string, const v1::ChildRecord*> by_child;
  std::map<std::string, const v1::Episode*> opened, closed;
  for (const v1::ChildRecord& child : children) {
    by_child[child.child_id()] = &child;
    for (const v1::Episode& e : child.episodes()) {
      opened.emplace(e.opened_by(), &e);
      if (!e.closed_by().empty()) closed.emplace(e.closed_by(), &e);
    }
  }
  for (v1::ContactRecord& record : *records) {
    if (record.status() != v1::CONTACT_STATUS_DECIDED ||
        record.has_level_change()) {
      continue;
    }
    const absl::Time effect = FromProto(record.decision().decided_at());
    if (clock.has_value() && effect > *clock) continue;
    v1::LevelChange* change = record.mutable_level_change();
    if (const auto o = opened.find(record.contact_id()); o != opened.end()) {
      // A decision opens an episode from none, or steps up from the one it
      // closed; it never steps down or closes.
      const auto c = closed.find(record.contact_id());
      change->set_from_level(c == closed.end() ? v1::SERVICE_LEVEL_NONE
                                               : c->second->level());
      change->set_to_level(o->second->level());
      change->set_transition(c == closed.end() ? v1::TRANSITION_OPENED
                                               : v1::TRANSITION_STEPPED_UP);
      change->set_opened_episode_id(o->second->episode_id());
      continue;
    }
    const auto child = by_child.find(record.contact().child_id());
    const v1::ServiceLevel level = child == by_child.end()
                                       ? v1::SERVICE_LEVEL_NONE
                                       : LevelAt(*child->second, effect);
    change->set_from_level(level);
    change->set_to_level(level);
    change->set_transition(v1::TRANSITION_NO_CHANGE);
  }
}

}  // namespace frontdoor::cli
