// What each decision did to its child's level of service, read back from
// the child's episodes.
#ifndef FRONTDOOR_CLIENTS_LIB_LEVEL_CHANGES_H_
#define FRONTDOOR_CLIENTS_LIB_LEVEL_CHANGES_H_

#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "frontdoor/v1/intake.pb.h"
#include "frontdoor/v1/stepping.pb.h"

namespace frontdoor::cli {

// Sets `level_change` on each decided record that has none. Stepping applies
// a decision at its decision time, after intake stored the record, so the
// record keeps only the level before; the episodes say the rest: one opened
// by the contact (and one it closed, for a step-up), or the level the child
// was at when the decision took effect. A decision taking effect after
// `clock` (the run's clock; none: every decision has) is left unset.
void FillLevelChanges(const std::vector<v1::ChildRecord>& children,
                      std::optional<absl::Time> clock,
                      std::vector<v1::ContactRecord>* records);

}  // namespace frontdoor::cli

#endif  // FRONTDOOR_CLIENTS_LIB_LEVEL_CHANGES_H_
